//! Backfill as Airflow documents it
//! (<https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/backfill.html>): one
//! run per past logical date, oldest first; `none` creates runs only where none exists, whatever
//! its state; `failed` also reruns dates whose run failed; `completed` reruns every date.

use crate::data::scenario::Scenario;
use crate::world::test_kit::{check as passes, cmd};
use crate::world::{Event, World};

fn world() -> World {
    let mut w = World::new(Scenario::Churn, 5);
    for c in [
        r#"{ do = "generate", rows = 600 }"#,
        r#"{ do = "define_entity", name = "customer", join_key = "customer_id" }"#,
        r#"{ do = "define_feature_view", name = "billing", entity = "customer", ttl_hours = 720, features = [{ column = "monthly_charges" }, { column = "tenure_months" }, { column = "contract", transform = "one_hot" }] }"#,
        r#"{ do = "set_pipeline", name = "churn", rows = 600, views = ["billing"], model = "logistic", thresholds = { test_auc = { threshold = 0.6, greater_is_better = true } } }"#,
    ] {
        w.apply(cmd(c));
    }
    w
}

fn digests(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::DataGenerated { digest, .. } => Some(digest.clone()),
            _ => None,
        })
        .collect()
}

/// Days 1 to 3 run on the schedule while ingest's source is down: three failed runs.
fn outage(w: &mut World) {
    w.apply(cmd(
        r#"{ do = "set_trigger", trigger = "schedule", every_days = 1 }"#,
    ));
    w.apply(cmd(r#"{ do = "fail_step", step = "ingest", times = 3 }"#));
    w.apply(cmd(r#"{ do = "advance_days", days = 3 }"#));
    w.apply(cmd(r#"{ do = "set_trigger", trigger = "manual" }"#));
}

fn backfill(w: &mut World, how: &str) -> Vec<Event> {
    w.apply(cmd(&format!(
        r#"{{ do = "backfill_pipeline", start_day = 1, end_day = 3, reprocess_behavior = "{how}" }}"#
    )))
}

#[test]
fn a_backfill_run_reads_the_snapshot_of_its_logical_day() {
    // A run made on day 2 and a backfill run for day 2 made later ingest the same rows.
    let mut on_time = world();
    on_time.apply(cmd(r#"{ do = "advance_days", days = 2 }"#));
    let then = digests(&on_time.apply(cmd(r#"{ do = "run_pipeline" }"#)));
    let mut late = world();
    late.apply(cmd(r#"{ do = "advance_days", days = 5 }"#));
    let today = digests(&late.apply(cmd(r#"{ do = "run_pipeline" }"#)));
    let events = late.apply(cmd(
        r#"{ do = "backfill_pipeline", start_day = 2, end_day = 2, reprocess_behavior = "none" }"#,
    ));
    assert_eq!(digests(&events), then, "the backfill read day 2's snapshot");
    assert_ne!(then, today, "not today's");
    let run = late.pipeline().runs.last().unwrap();
    assert_eq!((run.trigger.as_str(), run.logical_day), ("backfill", 2));
}

#[test]
fn reprocess_none_skips_failed_days_and_failed_reruns_them_oldest_first() {
    let mut w = world();
    outage(&mut w);
    let failed: Vec<(i64, bool)> = w
        .pipeline()
        .runs
        .iter()
        .map(|r| (r.logical_day, r.succeeded))
        .collect();
    assert_eq!(failed, [(1, false), (2, false), (3, false)]);

    let events = backfill(&mut w, "none");
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::PipelineStarted { .. }))
    );
    assert_eq!(
        w.pipeline().runs.len(),
        3,
        "a failed run still counts as a run"
    );

    backfill(&mut w, "failed");
    let days: Vec<(i64, bool)> = w.pipeline().runs[3..]
        .iter()
        .map(|r| (r.logical_day, r.succeeded))
        .collect();
    assert_eq!(days, [(1, true), (2, true), (3, true)]);
    assert!(passes(
        &w,
        r#"{ kind = "pipeline_runs", count = 3, trigger = "backfill" }"#
    ));

    // Every day now has a green run: failed reruns nothing, completed reruns all three.
    backfill(&mut w, "failed");
    assert_eq!(w.pipeline().runs.len(), 6);
    backfill(&mut w, "completed");
    assert_eq!(w.pipeline().runs.len(), 9);
}

#[test]
fn a_backfill_refuses_future_days_and_needs_a_pipeline() {
    let mut w = world();
    let events = backfill(&mut w, "failed");
    assert!(
        matches!(&events[..], [Event::Rejected { reason, .. }] if reason.contains("future")),
        "{events:?}"
    );
    let mut empty = World::new(Scenario::Churn, 5);
    let events = backfill(&mut empty, "failed");
    assert!(
        matches!(&events[..], [Event::Rejected { reason, .. }] if reason.contains("set_pipeline"))
    );
}
