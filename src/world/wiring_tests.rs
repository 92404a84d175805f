//! The two halves of the World wired together: the pipeline deploys through serving with a
//! strategy, monitoring alerts start continuous training, ingest reads the production log, and
//! every way of moving the clock serves the days it completes.

use super::World;
use super::event::Event;
use super::test_kit::{check, ok, scorer_pipeline, served_champion};
use crate::data::table::ColumnData;

fn days_served(events: &[Event]) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, Event::DayServed { .. }))
        .count()
}

fn mean_income(w: &World) -> f64 {
    match &w.data().unwrap().column("income").unwrap().data {
        ColumnData::Numeric(v) => {
            let v: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
            v.iter().sum::<f64>() / v.len() as f64
        }
        ColumnData::Categorical { .. } => panic!("income is numeric"),
    }
}

#[test]
fn the_deploy_step_rolls_out_with_the_strategy_and_promotes_when_it_completes() {
    let mut w = served_champion(3);
    ok(
        &mut w,
        &scorer_pipeline(
            r#", params = { alpha = 0.5 }, strategy = { kind = "canary", percent = 20, bake_hours = 24 }"#,
        ),
    );
    let events = ok(&mut w, r#"{ do = "run_pipeline" }"#);
    assert!(events.iter().any(|e| matches!(e, Event::DeploymentCreated { version: 2, strategy, .. } if strategy == "canary")), "{events:?}");
    // Rolling out: the challenger alias marks it, the champion has not moved yet.
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "challenger", version = 2 }"#
    ));
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 1 }"#
    ));
    let day = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    assert!(day.iter().any(|e| matches!(e, Event::TrafficShifted { traffic, .. } if traffic.contains(&("v2".to_string(), 20)))));
    ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 100, endpoint = "scoring" }"#
    ));
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 2 }"#
    ));
    // Without a strategy of its own the pipeline reuses the last one used on the endpoint.
    ok(&mut w, &scorer_pipeline(", params = { alpha = 0.9 }"));
    let events = ok(&mut w, r#"{ do = "run_pipeline" }"#);
    assert!(events.iter().any(|e| matches!(e, Event::DeploymentCreated { version: 3, strategy, .. } if strategy == "canary")), "{events:?}");
}

#[test]
fn a_rolled_back_pipeline_rollout_leaves_the_champion() {
    let mut w = served_champion(4);
    ok(
        &mut w,
        r#"{ do = "set_alarm", endpoint = "scoring", name = "errors", metric = "error_rate", comparison = ">", threshold = 0.05 }"#,
    );
    ok(
        &mut w,
        &scorer_pipeline(
            r#", params = { alpha = 0.5 }, strategy = { kind = "canary", percent = 10, bake_hours = 24 }"#,
        ),
    );
    ok(&mut w, r#"{ do = "run_pipeline" }"#);
    // Version 2's image is broken: the canary trips the alarm during its bake.
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "faulty_build", endpoint = "scoring", version = 2, error_rate = 0.3 }"#,
    );
    let events = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Note { text } if text.contains("stays where it was")))
    );
    assert!(check(&w, r#"{ kind = "rolled_back" }"#));
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 1 }"#
    ));
}

#[test]
fn a_drift_alert_starts_a_run_that_trains_on_the_drifted_production_data() {
    let mut w = served_champion(5);
    let history_income = mean_income(&w);
    ok(
        &mut w,
        r#"{ do = "configure_monitor", endpoint = "scoring", window_days = 1 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "inject_drift", kind = "covariate", feature = "income", scale = 0.5 }"#,
    );
    // Two drifted days with labels (delay 1), the monitor alerting every day, nothing retrains.
    let events = ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Note { text } if text.contains("nothing retrains")))
    );
    ok(
        &mut w,
        &scorer_pipeline(r#", source = "production", endpoint = "scoring""#),
    );
    ok(&mut w, r#"{ do = "set_trigger", trigger = "drift_alert" }"#);
    let events = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    assert!(
        events.iter().any(
            |e| matches!(e, Event::PipelineStarted { trigger, .. } if trigger == "drift_alert")
        ),
        "{events:?}"
    );
    assert!(check(&w, r#"{ kind = "pipeline_succeeded" }"#));
    // Ingest read the served requests: incomes are about half those of the history.
    let ratio = mean_income(&w) / history_income;
    assert!((0.4..0.6).contains(&ratio), "{ratio}");
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "challenger", version = 2 }"#
    ));
}

#[test]
fn production_ingest_needs_enough_labelled_requests() {
    let mut w = served_champion(6);
    ok(&mut w, &scorer_pipeline(r#", source = "production""#));
    ok(&mut w, r#"{ do = "run_pipeline" }"#);
    let run = w.pipeline().runs.last().unwrap();
    let ingest = &run.steps[0];
    assert_eq!(ingest.state.name(), "failed");
    assert!(
        ingest.detail.contains("have labels so far"),
        "{}",
        ingest.detail
    );
}

#[test]
fn advance_clock_serves_each_day_it_completes_once() {
    let mut w = served_champion(7);
    assert_eq!(
        days_served(&ok(&mut w, r#"{ do = "advance_clock", hours = 12 }"#)),
        0
    );
    assert_eq!(
        days_served(&ok(&mut w, r#"{ do = "advance_clock", hours = 12 }"#)),
        1
    );
    assert_eq!(
        days_served(&ok(&mut w, r#"{ do = "advance_clock", hours = 60 }"#)),
        2
    );
    // 84 hours after day 92.0 is day 94.5: advance_days finishes that day only.
    assert_eq!(
        days_served(&ok(&mut w, r#"{ do = "advance_days", days = 1 }"#)),
        1
    );
    assert_eq!(w.production()["scoring"].len(), 5);
    // A schedule fires while advance_days moves the clock, not only on advance_clock.
    ok(
        &mut w,
        r#"{ do = "set_trigger", trigger = "schedule", every_days = 2 }"#,
    );
    let events = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::PipelineStarted { trigger, .. } if trigger == "schedule"))
    );
}

#[test]
fn under_concept_drift_only_a_performance_trigger_retrains() {
    let mut w = served_champion(8);
    ok(
        &mut w,
        r#"{ do = "configure_monitor", endpoint = "scoring", window_days = 1 }"#,
    );
    ok(&mut w, &scorer_pipeline(r#", source = "production""#));
    ok(
        &mut w,
        r#"{ do = "set_trigger", trigger = "drift_alert", alerts = ["feature_drift", "dataset_drift", "prediction_drift"] }"#,
    );
    ok(
        &mut w,
        r#"{ do = "inject_drift", kind = "concept", feature = "debt_to_income", effect = 3.0 }"#,
    );
    // The relation moved, the inputs did not: no drift alert, a performance alert on the
    // labelled days that the input-drift trigger does not hear.
    let events = ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    assert!(check(
        &w,
        r#"{ kind = "alert_raised", alert = "performance" }"#
    ));
    assert!(!check(&w, r#"{ kind = "drift_alert" }"#));
    assert!(
        events.iter().any(|e| matches!(e, Event::Note { text } if text.contains("performance alert on scoring; the trigger starts runs on feature_drift, dataset_drift or prediction_drift alerts only, so nothing retrains"))),
        "{events:?}"
    );
    assert!(!check(&w, r#"{ kind = "pipeline_runs", count = 2 }"#));
    // CBPE reads only the scores, so it still expects the old accuracy on those same requests.
    let realised = w
        .monitoring()
        .reports
        .iter()
        .rev()
        .find_map(|r| r.realised)
        .unwrap();
    let estimated = realised.estimated.unwrap().accuracy;
    assert!(estimated - realised.accuracy > 0.05, "{realised:?}");
    // Listening to performance alerts, the next one starts a run.
    ok(
        &mut w,
        r#"{ do = "set_trigger", trigger = "drift_alert", alerts = ["performance"] }"#,
    );
    let events = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    assert!(
        events.iter().any(
            |e| matches!(e, Event::PipelineStarted { trigger, .. } if trigger == "drift_alert")
        ),
        "{events:?}"
    );
    // Data-quality and schema alerts never retrain; alerts go with the drift_alert trigger only.
    for bad in [
        r#"{ do = "set_trigger", trigger = "drift_alert", alerts = ["schema"] }"#,
        r#"{ do = "set_trigger", trigger = "drift_alert", alerts = [] }"#,
        r#"{ do = "set_trigger", trigger = "manual", alerts = ["performance"] }"#,
    ] {
        let events = w.apply(super::test_kit::cmd(bad));
        assert!(matches!(&events[..], [Event::Rejected { .. }]), "{bad}");
    }
}

#[test]
fn a_window_reference_rules_out_input_drift_for_drift_cleared() {
    let mut w = served_champion(9);
    ok(
        &mut w,
        r#"{ do = "configure_monitor", endpoint = "scoring", window_days = 1 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let window = r#"{ kind = "drift_cleared", endpoint = "scoring", reference = "window" }"#;
    assert!(check(
        &w,
        r#"{ kind = "drift_cleared", endpoint = "scoring" }"#
    ));
    assert!(!check(&w, window));
    ok(
        &mut w,
        r#"{ do = "configure_monitor", endpoint = "scoring", window_days = 1, reference = "window", reference_from_day = 0, reference_to_day = 1 }"#,
    );
    ok(&mut w, r#"{ do = "run_monitor", endpoint = "scoring" }"#);
    assert!(check(&w, window));
    // The training-referenced runs before it still count for a check that asks for them.
    assert!(check(
        &w,
        r#"{ kind = "drift_cleared", endpoint = "scoring", reference = "training" }"#
    ));
}
