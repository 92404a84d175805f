//! Rules the World keeps because the real tools do, each test citing the documentation it
//! follows: the monitor's training reference, the gate's shared evaluation data, a bake and
//! rollback for every strategy that has one, and rollbacks that walk back the alias history.

use super::World;
use super::event::Event;
use super::gates::GateResult;
use super::monitoring::AlertKind;
use super::test_kit::{check, ok, serving_world};

fn rolled_back(events: &[Event]) -> Vec<(String, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::RolledBack {
                to_deployment,
                reason,
                ..
            } => Some((to_deployment.clone(), reason.clone())),
            _ => None,
        })
        .collect()
}

/// Version 1 serving `ep` for a day with a daily monitor against the training reference.
fn monitored() -> World {
    let mut w = serving_world(31, 1, 1);
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 1 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "configure_monitor", endpoint = "ep", window_days = 1, reference = "training" }"#,
    );
    w
}

/// `SageMaker` Model Monitor baselines on the dataset the model was trained with
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-create-baseline.html>), and
/// Evidently compares with the reference it is given: changing the working table after the
/// deployment changes nothing in production monitoring.
#[test]
fn the_training_reference_is_the_deployed_versions_training_set() {
    let mut w = monitored();
    ok(
        &mut w,
        r#"{ do = "corrupt_data", issue = { kind = "unit_change", column = "income", factor = 1000 } }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    let income: Vec<_> = e
        .iter()
        .filter_map(|e| match e {
            Event::AlertRaised { alert }
                if alert.kind == AlertKind::FeatureDrift
                    && alert.feature.as_deref() == Some("income") =>
            {
                Some(alert.explanation.clone())
            }
            _ => None,
        })
        .collect();
    assert!(income.is_empty(), "production is unchanged: {income:?}");
    assert!(check(
        &w,
        r#"{ kind = "no_drift_alert", feature = "income" }"#
    ));
}

/// `mlflow.evaluate` with a `baseline_model` evaluates the candidate and the baseline on the
/// same data before `MetricThreshold` compares them
/// (<https://mlflow.org/docs/latest/ml/evaluation/model-eval/#model-validation>): the champion's
/// metric logged on its own, older test set is never what the challenger is compared with.
#[test]
fn the_gate_scores_the_champion_on_the_challengers_test_set() {
    let mut w = serving_world(32, 1, 1);
    ok(
        &mut w,
        r#"{ do = "evaluate_gate", model = "scorer", run_id = "run-001", thresholds = { test_auc = { threshold = 0.5, greater_is_better = true } } }"#,
    );
    ok(
        &mut w,
        r#"{ do = "set_alias", name = "scorer", alias = "champion", version = 1 }"#,
    );
    // A new split makes a new test set; the same model trained again is the challenger.
    ok(
        &mut w,
        r#"{ do = "split", train = 0.5, validation = 0.2, test = 0.3 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "train", model = "logistic", params = { alpha = 0.01, max_iterations = 100 } }"#,
    );
    let e = ok(
        &mut w,
        r#"{ do = "evaluate_gate", model = "scorer", run_id = "run-002", thresholds = { test_auc = { threshold = 0.5, min_absolute_change = 0.2, greater_is_better = true } } }"#,
    );
    let result: &GateResult = e
        .iter()
        .find_map(|e| match e {
            Event::GateEvaluated { result } => Some(result),
            _ => None,
        })
        .unwrap();
    let change = result
        .checks
        .iter()
        .find(|c| c.name == "test_auc min_absolute_change")
        .unwrap();
    let logged = w.tracking().get("run-001").unwrap().metrics["test_auc"];
    let (candidate, baseline) = (change.candidate.unwrap(), change.baseline.unwrap());
    assert!(
        (baseline - logged).abs() > 1e-9,
        "the champion was re-evaluated, not read from its log ({logged})"
    );
    // Both predicted the same rows; nearly the same model gives nearly the same AUC.
    assert!(
        (candidate - baseline).abs() < 0.03,
        "{candidate} vs {baseline}"
    );
    assert!(!change.passed, "no model beats itself by 0.2");
    assert!(
        change.detail.contains("scored on this run's"),
        "{}",
        change.detail
    );
}

/// `NannyML`'s CBPE calibrates the model's scores on a reference period the model was not fitted
/// on (<https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html>):
/// a deep tree's scores on its own training rows are near-certain, so calibrating on them would
/// make CBPE promise far more accuracy than production delivers.
#[test]
fn cbpe_is_calibrated_on_held_out_rows() {
    let mut w = serving_world(35, 1, 1);
    ok(
        &mut w,
        r#"{ do = "train", model = "tree", params = { max_depth = 12 } }"#,
    );
    ok(
        &mut w,
        r#"{ do = "register_model", name = "scorer", run_id = "run-002" }"#,
    );
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 2 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(&mut w, r#"{ do = "configure_monitor", endpoint = "ep" }"#);
    let e = ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    let last = e
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::MonitorRan { report } => report.realised,
            _ => None,
        })
        .unwrap();
    let est = last.estimated.unwrap().accuracy;
    assert!(
        (est - last.accuracy).abs() < 0.04,
        "CBPE {est} vs realised {}",
        last.accuracy
    );
}

/// An endpoint serving v1 with an error-rate alarm, a faulty v2 deployed with `strategy`.
fn faulty_rollout(strategy: &str) -> (World, Vec<Event>) {
    let mut w = serving_world(33, 2, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "blue", replicas = 4 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "set_alarm", endpoint = "ep", name = "errors", metric = "error_rate", comparison = ">", threshold = 0.05 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "faulty_build", endpoint = "ep", version = 2, error_rate = 0.3 }"#,
    );
    ok(
        &mut w,
        &format!(
            r#"{{ do = "deploy", endpoint = "ep", version = 2, deployment = "green", strategy = {strategy} }}"#
        ),
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    (w, e)
}

/// `SageMaker`'s deployment guardrails bake all-at-once traffic shifting and roll back when a
/// `CloudWatch` alarm fires during the bake
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green-all-at-once.html>).
#[test]
fn all_at_once_with_a_bake_rolls_back_on_an_alarm() {
    let (w, e) = faulty_rollout(r#"{ kind = "all_at_once", bake_hours = 4 }"#);
    let back = rolled_back(&e);
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!(back[0].0, "blue");
    assert!(back[0].1.contains("during the bake"), "{}", back[0].1);
    assert!(check(&w, r#"{ kind = "rolled_back", endpoint = "ep" }"#));
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 1, percent = 100 }"#
    ));
    // Without a bake, nothing watches: the old fleet is gone at once.
    let (w, e) = faulty_rollout(r#"{ kind = "all_at_once" }"#);
    assert!(rolled_back(&e).is_empty());
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 100 }"#
    ));
}

/// `SageMaker`'s rolling deployment bakes each batch and rolls back on an alarm
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-rolling.html>); on
/// Kubernetes the release controller runs `kubectl rollout undo`
/// (<https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment>).
#[test]
fn rolling_with_a_bake_is_undone_on_an_alarm() {
    let (w, e) = faulty_rollout(r#"{ kind = "rolling", bake_hours = 4 }"#);
    let back = rolled_back(&e);
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!(back[0].0, "blue", "the same deployment, its image undone");
    assert!(back[0].1.contains("kubectl rollout undo"), "{}", back[0].1);
    assert!(
        back[0].1.contains("fired while the update rolled out"),
        "{}",
        back[0].1
    );
    let kube = &w.serving().endpoints["ep"].deployments["blue"].kube;
    assert_eq!(kube.version, 1);
    assert!(check(&w, r#"{ kind = "rolled_back", endpoint = "ep" }"#));
    let day = w.production()["ep"].last().unwrap();
    let late = &day.version[day.version.len() * 3 / 4..];
    assert!(late.iter().all(|v| *v == 1), "v1 serves again by evening");
}

/// A rollback returns to the version that served before the current one; a further rollback
/// walks one more step back, as a deployment pipeline's release history does (Argo Rollouts'
/// `undo` to an earlier revision, `kubectl rollout undo --to-revision`,
/// <https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_undo/>),
/// never toggling between the last two.
#[test]
fn two_rollbacks_walk_back_two_steps() {
    let mut w = serving_world(34, 3, 1);
    for v in 1..=3 {
        ok(
            &mut w,
            &format!(
                r#"{{ do = "evaluate_gate", model = "scorer", run_id = "run-{v:03}", thresholds = {{ test_auc = {{ threshold = 0.5, greater_is_better = true }} }} }}"#
            ),
        );
        ok(
            &mut w,
            &format!(
                r#"{{ do = "set_alias", name = "scorer", alias = "champion", version = {v} }}"#
            ),
        );
    }
    ok(
        &mut w,
        r#"{ do = "rollback", name = "scorer", alias = "champion", reason = "v3 regressed" }"#,
    );
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 2 }"#
    ));
    ok(
        &mut w,
        r#"{ do = "rollback", name = "scorer", alias = "champion", reason = "v2 too" }"#,
    );
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 1 }"#
    ));
    let e = w.apply(super::test_kit::cmd(
        r#"{ do = "rollback", name = "scorer", alias = "champion" }"#,
    ));
    assert!(
        matches!(&e[..], [Event::Rejected { reason, .. }] if reason.contains("nothing to roll back")),
        "{e:?}"
    );
    let history = &w.registry().models["scorer"].history;
    let moves: Vec<(Option<u32>, u32, bool, &str)> = history
        .iter()
        .map(|h| (h.from, h.to, h.rollback, h.reason.as_str()))
        .collect();
    assert_eq!(
        moves[3..],
        [
            (Some(3), 2, true, "v3 regressed"),
            (Some(2), 1, true, "v2 too")
        ]
    );
}

/// `SageMaker` bakes each traffic-shifting step for at most 3,600 s (`WaitIntervalInSeconds`,
/// <https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrafficRoutingConfig.html>)
/// within an 8-hour deployment (`MaximumExecutionTimeoutInSeconds`,
/// <https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_BlueGreenUpdatePolicy.html>),
/// and a shadow variant may sample up to 100% of requests
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html>).
#[test]
fn sagemaker_limits_apply_where_the_endpoint_names_it() {
    let mut w = serving_world(36, 3, 1);
    ok(
        &mut w,
        r#"{ do = "create_endpoint", name = "sm", model = "scorer", platform = "sagemaker" }"#,
    );
    ok(&mut w, r#"{ do = "deploy", endpoint = "sm", version = 1 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let refused = |w: &mut World, strategy: &str| {
        let e = w.apply(super::test_kit::cmd(&format!(
            r#"{{ do = "deploy", endpoint = "sm", version = 2, strategy = {strategy} }}"#
        )));
        super::test_kit::rejection(&e)
    };
    let day = refused(
        &mut w,
        r#"{ kind = "canary", percent = 10, bake_hours = 24 }"#,
    );
    assert!(day.contains("WaitIntervalInSeconds"), "{day}");
    let long = refused(
        &mut w,
        r#"{ kind = "linear", step_percent = 10, bake_hours = 1 }"#,
    );
    assert!(long.contains("MaximumExecutionTimeoutInSeconds"), "{long}");
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "sm", version = 3, deployment = "shadow", strategy = { kind = "shadow", percent = 100 } }"#,
    );
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "sm", version = 2, strategy = { kind = "canary", percent = 10, bake_hours = 1 } }"#,
    );
    // Without a platform, the World's own limit (30 days per step) applies.
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "blue" }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, strategy = { kind = "canary", percent = 10, bake_hours = 24 } }"#,
    );
}
