//! Pipeline behaviour: a full run, cache hits and invalidation, Airflow retries on the simulated
//! clock, fail-fast validation, the gate's short circuit and the triggers.

use super::*;
use crate::data::scenario::Scenario;
use crate::world::test_kit::{check as passes, cmd};
use crate::world::{Event, World};

fn pipeline_spec(extra: &str) -> String {
    format!(
        r#"{{ do = "set_pipeline", name = "churn", rows = 3000, views = ["billing"], label_delay_hours = 24, model = "logistic", thresholds = {{ test_auc = {{ threshold = 0.6, greater_is_better = true }} }}{extra} }}"#
    )
}

fn world() -> World {
    let mut w = World::new(Scenario::Churn, 5);
    for c in [
        r#"{ do = "generate", rows = 1000 }"#.to_string(),
        r#"{ do = "define_entity", name = "customer", join_key = "customer_id" }"#.into(),
        r#"{ do = "define_feature_view", name = "billing", entity = "customer", ttl_hours = 720, features = [{ column = "monthly_charges" }, { column = "tenure_months" }, { column = "contract", transform = "one_hot" }] }"#.into(),
        pipeline_spec(""),
    ] {
        w.apply(cmd(&c));
    }
    w
}

fn states(w: &World) -> Vec<&'static str> {
    let run = w.pipeline().runs.last().unwrap();
    run.steps.iter().map(|s| s.state.name()).collect()
}

#[test]
fn a_full_run_trains_gates_registers_and_moves_the_champion() {
    let mut w = world();
    let events = w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    assert!(matches!(events[0], Event::PipelineStarted { run: 1, .. }));
    assert!(matches!(
        events.last(),
        Some(Event::PipelineFinished {
            succeeded: true,
            ..
        })
    ));
    assert_eq!(states(&w), ["succeeded"; 9]);
    assert!(passes(
        &w,
        r#"{ kind = "alias_points_to", name = "churn", alias = "champion", version = 1 }"#
    ));
    assert!(passes(&w, r#"{ kind = "pipeline_succeeded" }"#));
}

#[test]
fn an_unchanged_rerun_is_served_from_the_cache_and_a_new_parameter_invalidates_downstream() {
    let mut w = world();
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    let runs_before = w.tracking().runs.len();
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    // The gate's baseline (the champion) changed in run 1, so run 2 re-evaluates it.
    assert_eq!(states(&w)[5], "succeeded");
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    let mut want = vec!["cached"; 8];
    want.push("succeeded"); // monitoring never caches
    assert_eq!(states(&w), want);
    assert_eq!(
        w.tracking().runs.len(),
        runs_before,
        "a cache hit trains nothing"
    );
    assert!(passes(&w, r#"{ kind = "step_cached", step = "train" }"#));

    w.apply(cmd(&pipeline_spec(", params = { alpha = 0.5 }")));
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    let s = states(&w);
    assert_eq!(
        &s[..3],
        ["cached"; 3],
        "upstream of the change stays cached"
    );
    assert_eq!(
        &s[3..],
        ["succeeded"; 6],
        "the changed step and everything downstream run"
    );
    assert_eq!(w.registry().models["churn"].versions.len(), 2);

    // Caching switched off for one run: every step executes again.
    w.apply(cmd(r#"{ do = "run_pipeline", caching = false }"#));
    assert_eq!(states(&w), ["succeeded"; 9]);
}

#[test]
fn transient_failures_are_retried_after_airflow_delays_on_the_simulated_clock() {
    let mut w = world();
    w.apply(cmd(r#"{ do = "set_retries", step = "train", retries = 3, exponential_backoff = true, max_retry_delay_seconds = 500 }"#));
    w.apply(cmd(r#"{ do = "fail_step", step = "train", times = 3 }"#));
    let start = w.now();
    let events = w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    let retries: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::PipelineStep {
                state: StepState::UpForRetry,
                detail,
                ..
            } => Some(detail.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(retries.len(), 3);
    assert!(
        retries[0].ends_with("retry 1 of 3 in 300 s"),
        "{}",
        retries[0]
    );
    assert!(
        retries[1].ends_with("in 500 s"),
        "600 s capped at 500: {}",
        retries[1]
    );
    assert!(w.now() - start >= 300 + 500 + 500);
    let train = w.pipeline().runs[0].step(StepName::Train).unwrap();
    assert_eq!((train.state, train.attempts), (StepState::Succeeded, 4));

    // Without retries the same fault fails the step and everything downstream.
    w.apply(cmd(
        r#"{ do = "set_retries", step = "train", retries = 0 }"#,
    ));
    w.apply(cmd(r#"{ do = "fail_step", step = "train" }"#));
    w.apply(cmd(r#"{ do = "run_pipeline", caching = false }"#));
    let s = states(&w);
    assert_eq!(s[3], "failed", "{:?}", w.pipeline().runs.last());
    assert_eq!(&s[4..], ["upstream_failed"; 5]);
    assert!(!passes(&w, r#"{ kind = "pipeline_succeeded" }"#));
    assert_eq!(RetryPolicy::default().delay_after(1), 300);
}

#[test]
fn a_broken_batch_fails_validation_without_retrying_and_a_strict_gate_skips_promotion() {
    let mut w = world();
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    w.apply(cmd(r#"{ do = "set_retries", retries = 2 }"#));
    w.apply(cmd(&pipeline_spec(", missing_rate = 0.6")));
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    let run = w.pipeline().runs.last().unwrap();
    let v = run.step(StepName::Validate).unwrap();
    assert_eq!(
        (v.state, v.attempts),
        (StepState::Failed, 1),
        "{}",
        v.detail
    );
    assert!(
        v.detail.contains("FEATURE_TYPE_LOW_FRACTION_PRESENT"),
        "{}",
        v.detail
    );

    let strict = r", thresholds = { test_auc = { threshold = 0.999, greater_is_better = true } }";
    let spec = pipeline_spec("").replace(
        r", thresholds = { test_auc = { threshold = 0.6, greater_is_better = true } }",
        strict,
    );
    w.apply(cmd(&spec));
    w.apply(cmd(r#"{ do = "run_pipeline" }"#));
    // Register, deploy and the monitor of what would have been deployed: nothing new ships,
    // so nothing new is watched (a Kubeflow / Vertex AI step under a false condition).
    assert_eq!(&states(&w)[6..9], ["skipped", "skipped", "skipped"]);
    assert!(
        passes(&w, r#"{ kind = "pipeline_succeeded" }"#),
        "a short circuit is not a failure"
    );
    assert!(passes(
        &w,
        r#"{ kind = "step_state", step = "deploy", state = "skipped" }"#
    ));
    assert_eq!(w.registry().models["churn"].versions.len(), 1);
}

#[test]
fn schedules_and_drift_alerts_start_runs() {
    let mut w = world();
    w.apply(cmd(
        r#"{ do = "set_trigger", trigger = "schedule", every_days = 7 }"#,
    ));
    assert!(
        w.apply(cmd(r#"{ do = "advance_clock", hours = 24 }"#))
            .len()
            == 1
    );
    let events = w.apply(cmd(r#"{ do = "advance_clock", hours = 144 }"#));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::PipelineStarted { trigger, .. } if trigger == "schedule"))
    );
    assert!(passes(
        &w,
        r#"{ kind = "pipeline_runs", count = 1, trigger = "schedule" }"#
    ));

    let quiet = w.drift_alert("income drifted");
    assert!(matches!(&quiet[..], [Event::Note { text }] if text.contains("nothing retrains")));
    w.apply(cmd(r#"{ do = "set_trigger", trigger = "drift_alert" }"#));
    let events = w.drift_alert("income drifted");
    assert!(
        events.iter().any(
            |e| matches!(e, Event::PipelineStarted { trigger, .. } if trigger == "drift_alert")
        )
    );
    let bad = w.apply(cmd(r#"{ do = "set_trigger", trigger = "schedule" }"#));
    assert!(matches!(&bad[..], [Event::Rejected { .. }]));
}

#[test]
fn the_same_seed_and_commands_give_the_same_pipeline_events() {
    let play = || {
        let mut w = world();
        w.apply(cmd(r#"{ do = "set_retries", retries = 1 }"#));
        w.apply(cmd(r#"{ do = "fail_step", step = "features" }"#));
        let mut events = w.apply(cmd(r#"{ do = "run_pipeline" }"#));
        events.extend(w.apply(cmd(r#"{ do = "run_pipeline" }"#)));
        events
    };
    let a = play();
    assert_eq!(a, play());
    assert!(a.iter().any(|e| matches!(e, Event::PipelineStep { state: StepState::UpForRetry, step, .. } if step == "features")));
}
