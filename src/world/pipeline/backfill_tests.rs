//! Backfill as Airflow 3 documents it
//! (<https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/backfill.html>): one
//! run per scheduled logical date in the range, oldest first; `none` creates runs only where none
//! exists, whatever its state; `failed` also reruns dates whose latest run failed; `completed`
//! reruns every date; no backfill for a Dag without a time-based schedule or for future dates.
//! Days are absolute, as the clock shows them: a new World starts on day 90.

use crate::data::scenario::Scenario;
use crate::data::table::DAY;
use crate::world::World;
use crate::world::test_kit::{
    check as passes, cmd, ok, parse, rejection, scorer_pipeline, served_champion,
};

fn world() -> World {
    let mut w = World::new(Scenario::Churn, 5);
    for c in [
        r#"{ do = "generate", rows = 600 }"#,
        r#"{ do = "define_entity", name = "customer", join_key = "customer_id" }"#,
        r#"{ do = "define_feature_view", name = "billing", entity = "customer", ttl_hours = 720, features = [{ column = "monthly_charges" }, { column = "tenure_months" }, { column = "contract", transform = "one_hot" }] }"#,
        r#"{ do = "set_pipeline", name = "churn", rows = 600, views = ["billing"], model = "logistic", thresholds = { test_auc = { threshold = 0.6, greater_is_better = true } } }"#,
    ] {
        ok(&mut w, c);
    }
    w
}

fn digests(events: &[crate::world::Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            crate::world::Event::DataGenerated { digest, .. } => Some(digest.clone()),
            _ => None,
        })
        .collect()
}

/// Each run's logical day and whether it succeeded, oldest first.
fn history(w: &World) -> Vec<(i64, bool)> {
    w.pipeline()
        .runs
        .iter()
        .map(|r| (r.logical_day, r.succeeded))
        .collect()
}

fn backfill(w: &mut World, start: i64, end: i64, how: &str) -> Vec<crate::world::Event> {
    w.apply(cmd(&format!(
        r#"{{ do = "backfill_pipeline", start_day = {start}, end_day = {end}, reprocess_behavior = "{how}" }}"#
    )))
}

const DAILY: &str = r#"{ do = "set_trigger", trigger = "schedule", every_days = 1 }"#;

#[test]
fn a_backfill_run_reads_the_snapshot_of_its_logical_day() {
    // A run made on day 92 and a backfill run for day 92 made on day 95 ingest the same rows.
    let mut on_time = world();
    ok(&mut on_time, r#"{ do = "advance_days", days = 2 }"#);
    let then = digests(&ok(&mut on_time, r#"{ do = "run_pipeline" }"#));
    let mut late = world();
    ok(&mut late, r#"{ do = "advance_days", days = 5 }"#);
    let today = digests(&ok(&mut late, r#"{ do = "run_pipeline" }"#));
    ok(&mut late, DAILY);
    let events = backfill(&mut late, 92, 92, "none");
    assert_eq!(
        digests(&events),
        then,
        "the backfill read day 92's snapshot"
    );
    assert_ne!(then, today, "not today's");
    let run = late.pipeline().runs.last().unwrap();
    assert_eq!((run.trigger.as_str(), run.logical_day), ("backfill", 92));
}

/// Day 91's scheduled run fails, 92 and 93 succeed, the schedule is off on day 94 (no run), then
/// back on: a range with a failed, two green and a missing day.
fn mixed_history() -> World {
    let mut w = world();
    ok(&mut w, DAILY);
    ok(
        &mut w,
        r#"{ do = "fail_step", step = "ingest", times = 1 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    ok(&mut w, r#"{ do = "set_trigger", trigger = "manual" }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(&mut w, DAILY);
    assert_eq!(history(&w), [(91, false), (92, true), (93, true)]);
    w
}

#[test]
fn a_late_scheduled_run_is_for_the_day_it_came_due() {
    // Set after a run on day 90, the schedule comes due during days 91 and 92; the clock starts
    // those runs at the next day boundaries, and they read days 91 and 92, not 92 and 93.
    let mut w = world();
    ok(&mut w, r#"{ do = "run_pipeline" }"#);
    ok(&mut w, DAILY);
    ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    let (logical, started): (Vec<i64>, Vec<i64>) = w.pipeline().runs[1..3]
        .iter()
        .map(|r| (r.logical_day, r.started.div_euclid(DAY)))
        .unzip();
    assert_eq!((logical, started), (vec![91, 92], vec![92, 93]));
}

#[test]
fn each_reprocess_behaviour_runs_the_days_airflow_documents() {
    for (how, days) in [
        ("none", vec![94]),
        ("failed", vec![91, 94]),
        ("completed", vec![91, 92, 93, 94]),
    ] {
        let mut w = mixed_history();
        backfill(&mut w, 91, 94, how);
        let backfilled: Vec<i64> = w.pipeline().runs[3..]
            .iter()
            .map(|r| r.logical_day)
            .collect();
        assert_eq!(backfilled, days, "reprocess_behavior {how}: oldest first");
        assert!(
            w.pipeline().runs[3..]
                .iter()
                .all(|r| r.trigger == "backfill")
        );
        // Only `none` leaves a day whose latest run failed.
        let green = w.check(&parse(
            r#"{ kind = "days_succeeded", start_day = 91, end_day = 94 }"#,
        ));
        assert_eq!(green.passed, how != "none", "{how}: {}", green.detail);
    }
}

#[test]
fn days_succeeded_names_the_days_missing_or_failed() {
    let w = mixed_history();
    let out = w.check(&parse(
        r#"{ kind = "days_succeeded", start_day = 91, end_day = 94 }"#,
    ));
    assert!(!out.passed);
    assert_eq!(
        out.detail,
        "no run for day 94; the latest run failed for day 91"
    );
    assert!(passes(
        &w,
        r#"{ kind = "days_succeeded", start_day = 92, end_day = 93 }"#
    ));
}

#[test]
fn a_day_is_judged_by_its_latest_run() {
    let mut w = world();
    ok(&mut w, DAILY);
    ok(
        &mut w,
        r#"{ do = "fail_step", step = "ingest", times = 3 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    assert_eq!(history(&w), [(91, false), (92, false), (93, false)]);
    let events = backfill(&mut w, 91, 93, "none");
    assert_eq!(
        w.pipeline().runs.len(),
        3,
        "a failed run still counts as a run"
    );
    assert!(
        events.iter().any(|e| matches!(e, crate::world::Event::Note { text }
            if text.contains("left alone, by their latest run: 91 (failed), 92 (failed), 93 (failed)"))),
        "{events:?}"
    );
    backfill(&mut w, 91, 93, "failed");
    assert_eq!(history(&w)[3..], [(91, true), (92, true), (93, true)]);
    assert!(passes(
        &w,
        r#"{ kind = "pipeline_runs", count = 3, trigger = "backfill" }"#
    ));
    // The failed runs are still in the history, but each day's latest run is green now.
    backfill(&mut w, 91, 93, "failed");
    assert_eq!(w.pipeline().runs.len(), 6);
    backfill(&mut w, 91, 93, "completed");
    assert_eq!(w.pipeline().runs.len(), 9);
}

#[test]
fn the_days_are_those_of_the_schedule() {
    // Set on day 90, a weekly schedule fires on days 97 and 104.
    let mut w = world();
    ok(
        &mut w,
        r#"{ do = "set_trigger", trigger = "schedule", every_days = 7 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 14 }"#);
    assert_eq!(history(&w), [(97, true), (104, true)]);
    backfill(&mut w, 91, 104, "completed");
    assert_eq!(history(&w)[2..], [(97, true), (104, true)]);
    let events = backfill(&mut w, 98, 103, "completed");
    assert!(
        rejection(&events).contains("no scheduled day falls in days 98..103"),
        "{events:?}"
    );
}

#[test]
fn a_backfill_needs_a_schedule_a_pipeline_and_past_days() {
    let mut w = world();
    let events = backfill(&mut w, 90, 90, "failed");
    assert!(
        rejection(&events).contains("time-based schedule"),
        "{events:?}"
    );
    ok(&mut w, DAILY);
    let events = backfill(&mut w, 89, 91, "failed");
    assert!(
        rejection(&events).contains("future: today is day 90"),
        "{events:?}"
    );
    let events = backfill(&mut w, 80, 79, "failed");
    assert!(rejection(&events).contains("start_day"), "{events:?}");
    let events = backfill(&mut w, 40, 90, "failed");
    assert!(rejection(&events).contains("at most 30 days"), "{events:?}");
    let mut empty = World::new(Scenario::Churn, 5);
    let events = backfill(&mut empty, 90, 90, "failed");
    assert!(rejection(&events).contains("set_pipeline"), "{events:?}");
}

#[test]
fn a_production_backfill_reads_the_labels_its_day_had() {
    // Endpoint `scoring` serves 1,500 requests a day from day 90; a day's labels arrive the day
    // after it ends (day 90's on day 92). Today is day 94.
    let mut w = served_champion(6);
    ok(&mut w, &scorer_pipeline(r#", source = "production""#));
    ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    ok(&mut w, DAILY);
    // By day 93 the labels of served days 0 and 1 (days 90, 91) had arrived: 3,000 rows, where
    // a run today would read days 1 and 2.
    let events = backfill(&mut w, 93, 93, "none");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, crate::world::Event::Note { text }
            if text.contains("served days 0..1"))),
        "{events:?}"
    );
    // By day 92 only day 90's had: too few for the pipeline's 3,000.
    backfill(&mut w, 92, 92, "none");
    let ingest = &w.pipeline().runs.last().unwrap().steps[0];
    assert!(
        ingest.detail.contains("only 1500 requests"),
        "{}",
        ingest.detail
    );
}
