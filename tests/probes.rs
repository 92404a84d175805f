//! The probe labs of issue 13 (`tests/fixtures/probes/`), played by the real binary with
//! `run --format json`: each shows one rule the World keeps because the real tool does, and
//! each would fail on the behaviour the issue reported.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use bin::{at_root, stdout};
use serde_json::Value;

/// Every step's JSON line of `run --format json` on the probe `name`; the run must exit 0
/// (every check passed).
fn steps(name: &str) -> Vec<Value> {
    let path = format!("tests/fixtures/probes/{name}.toml");
    stdout(at_root().args(["run", &path, "--format", "json"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The events of kind `kind` in a step.
fn events<'a>(step: &'a Value, kind: &str) -> Vec<&'a Value> {
    step["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == kind)
        .collect()
}

/// `SageMaker` Model Monitor baselines on the training dataset
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-create-baseline.html>): a
/// change to the working table after the deployment leaves the monitor quiet.
#[test]
fn probe_monitor_reference_is_pinned() {
    let s = steps("monitor-reference");
    let after = events(&s[1], "monitor_ran");
    assert_eq!(after.len(), 3, "one run per day served");
    for r in after {
        let income = r["report"]["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["feature"] == "income")
            .unwrap();
        assert_eq!(income["drifted"], false, "{income}");
        assert!(income["score"].as_f64().unwrap() < 0.1, "{income}");
    }
    assert!(events(&s[1], "alert_raised").is_empty());
}

/// Feast's point-in-time join uses the entity row's event timestamp
/// (<https://docs.feast.dev/getting-started/concepts/point-in-time-joins>): a 1,440 h label
/// delay with a 720 h TTL only leaves out pending rows, and the same model reaches the same
/// test AUC within 0.03.
#[test]
fn probe_label_delay_keeps_the_test_auc() {
    let s = steps("label-delay");
    let built = |k: usize| events(&s[k], "training_set_built")[0]["summary"].clone();
    let auc = |k: usize| {
        events(&s[k], "run_finished")[0]["run"]["metrics"]["test_auc"]
            .as_f64()
            .unwrap()
    };
    let (delayed, all) = (built(0), built(1));
    assert_eq!(
        delayed["null_rows"][0][1], 0,
        "T is the event time: no nulls"
    );
    assert_eq!(all["label_pending"], 0);
    // 60 of the history's 90 days are still waiting for their labels.
    let pending = delayed["label_pending"].as_u64().unwrap();
    assert!((5_800..6_200).contains(&pending), "{delayed}");
    assert!((auc(0) - auc(1)).abs() < 0.03, "{} vs {}", auc(0), auc(1));
}

/// `mlflow.evaluate` with a baseline model scores both models on the same data
/// (<https://mlflow.org/docs/latest/ml/evaluation/model-eval/#model-validation>).
#[test]
fn probe_gate_compares_on_the_same_test_set() {
    let s = steps("gate-same-test-set");
    let gate = &events(&s[1], "gate_evaluated")[0]["result"];
    let change = gate["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "test_log_loss min_absolute_change")
        .unwrap();
    let logged = events(&s[0], "run_finished")[0]["run"]["metrics"]["test_log_loss"]
        .as_f64()
        .unwrap();
    let baseline = change["baseline"].as_f64().unwrap();
    assert!(
        baseline > logged + 0.5,
        "re-evaluated {baseline} vs logged {logged}"
    );
    assert_eq!(change["passed"], true);
}

/// `SageMaker` deployment guardrails roll back all-at-once and rolling deployments on an alarm
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails.html>); the World's
/// release controller undoes a rolling update as `kubectl rollout undo` does.
#[test]
fn probe_all_at_once_and_rolling_roll_back_during_the_bake() {
    let s = steps("bake-rollback");
    for (k, endpoint, to) in [(1, "aao", "blue"), (2, "roll", "web")] {
        let back = events(&s[k], "rolled_back");
        assert_eq!(back.len(), 1, "{back:?}");
        assert_eq!(back[0]["endpoint"], endpoint);
        assert_eq!(back[0]["to_deployment"], to);
        assert_eq!(back[0]["from_version"], 2);
        let why = back[0]["reason"].as_str().unwrap();
        assert!(why.contains("during the bake"), "{why}");
        assert!(events(&s[k], "rollout_completed").is_empty());
    }
}

/// Each rollback walks the alias history one step further back, never toggling.
#[test]
fn probe_two_rollbacks_walk_back_two_steps() {
    let s = steps("two-rollbacks");
    let moved = |k: usize| events(&s[k], "alias_moved")[0]["change"].clone();
    let (first, second) = (moved(1), moved(2));
    assert_eq!(
        (first["from"].as_u64(), first["to"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(
        (second["from"].as_u64(), second["to"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(second["rollback"], true);
    assert_eq!(second["reason"], "v2 regressed too");
}
