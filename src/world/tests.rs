//! World-level tests: rules the learner can break come back as explaining events, bad input to
//! any command never panics, and the parts connect (corruptions reach validation, TTL reaches the
//! training set, gates guard promotion).

use super::World;
use super::event::Event;
use super::test_kit::{refusal, run};
use super::vocabulary::console::parse_command;
use super::vocabulary::registry::registry;
use crate::data::scenario::Scenario;

/// Credit data, a schema, a passing validation.
fn validated(rows: i64) -> World {
    let mut w = World::new(Scenario::CreditRisk, 11);
    run(&mut w, &format!(r#"{{ do = "generate", rows = {rows} }}"#));
    run(&mut w, r#"{ do = "infer_schema" }"#);
    assert!(
        matches!(&run(&mut w, r#"{ do = "validate" }"#)[..], [Event::Validated { report }] if report.passed)
    );
    w
}

fn anomalies(w: &mut World) -> Vec<&'static str> {
    match &run(w, r#"{ do = "validate" }"#)[..] {
        [Event::Validated { report }] => report
            .anomalies
            .iter()
            .map(|a| a.kind.tfdv_name())
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_command_on_an_empty_world_explains_itself() {
    for word in &registry().commands.variants {
        let mut w = World::new(Scenario::Fraud, 1);
        let events = w.apply(parse_command(&word.example).unwrap());
        assert!(!events.is_empty(), "{}", word.name);
    }
}

#[test]
fn each_corruption_is_caught_under_its_tfdv_name() {
    let cases = [
        (
            r#"{ kind = "drop_column", column = "age" }"#,
            "SCHEMA_MISSING_COLUMN",
        ),
        (
            r#"{ kind = "add_column", column = "zip" }"#,
            "SCHEMA_NEW_COLUMN",
        ),
        (
            r#"{ kind = "new_category", column = "purpose", value = "crypto", fraction = 0.1 }"#,
            "ENUM_TYPE_UNEXPECTED_STRING_VALUES",
        ),
        (
            r#"{ kind = "missing_surge", column = "income", fraction = 0.3 }"#,
            "FEATURE_TYPE_LOW_FRACTION_PRESENT",
        ),
        (
            r#"{ kind = "unit_change", column = "loan_amount", factor = 100 }"#,
            "FLOAT_TYPE_BIG_FLOAT",
        ),
        (
            r#"{ kind = "as_text", column = "income" }"#,
            "FLOAT_TYPE_STRING_NOT_FLOAT",
        ),
    ];
    for (issue, anomaly) in cases {
        let mut w = validated(2_000);
        // Inference sets no range (as TFDV); a reviewer sets the one a unit change breaks.
        run(
            &mut w,
            r#"{ do = "set_domain", column = "loan_amount", min = 0, max = 200000 }"#,
        );
        let e = run(
            &mut w,
            &format!(r#"{{ do = "corrupt_data", issue = {issue} }}"#),
        );
        assert!(matches!(e[0], Event::DataCorrupted { .. }), "{e:?}");
        assert!(anomalies(&mut w).contains(&anomaly), "{issue}");
    }
}

/// TFDV's `infer_schema` sets no float range, so a fresh draw of the same distribution (a new
/// day's batch) validates against a schema inferred from the first one.
#[test]
fn a_fresh_batch_passes_the_schema_inferred_from_another() {
    for scenario in Scenario::ALL {
        let mut w = World::new(scenario, 3);
        run(
            &mut w,
            r#"{ do = "generate", rows = 5000, missing_rate = 0.01 }"#,
        );
        run(&mut w, r#"{ do = "infer_schema" }"#);
        let first = w.data().map(crate::data::table::Table::digest);
        run(
            &mut w,
            r#"{ do = "generate", rows = 5000, missing_rate = 0.01 }"#,
        );
        assert_ne!(first, w.data().map(crate::data::table::Table::digest));
        assert_eq!(anomalies(&mut w), Vec::<&str>::new(), "{}", scenario.name());
    }
}

#[test]
fn bad_corruptions_are_rejected() {
    let mut w = validated(500);
    for (issue, needle) in [
        (
            r#"{ kind = "drop_column", column = "nope" }"#,
            "unknown feature",
        ),
        (
            r#"{ kind = "new_category", column = "age", value = "x", fraction = 0.1 }"#,
            "not a categorical",
        ),
        (
            r#"{ kind = "missing_surge", column = "age", fraction = 0 }"#,
            "fraction",
        ),
        (
            r#"{ kind = "unit_change", column = "age", factor = 0 }"#,
            "non-zero",
        ),
        (
            r#"{ kind = "add_column", column = "age" }"#,
            "already exists",
        ),
    ] {
        let r = refusal(&run(
            &mut w,
            &format!(r#"{{ do = "corrupt_data", issue = {issue} }}"#),
        ));
        assert!(r.contains(needle), "{r}");
    }
}

#[test]
fn expectations_check_their_arguments_and_block_training_when_failing() {
    let mut w = validated(1_000);
    assert!(refusal(&run(&mut w, r#"{ do = "expect", expectation = { kind = "expect_column_values_to_not_be_null", column = "age", mostly = 1.5 } }"#)).contains("mostly"));
    run(
        &mut w,
        r#"{ do = "expect", expectation = { kind = "expect_column_values_to_be_in_set", column = "home_ownership", value_set = ["rent", "own"] } }"#,
    );
    let e = run(&mut w, r#"{ do = "validate" }"#);
    let [Event::Validated { report }] = &e[..] else {
        panic!()
    };
    let r = &report.expectations[0];
    assert!(!r.success);
    assert_eq!(r.example.as_deref(), Some("mortgage"));
    let r = refusal(&run(
        &mut w,
        r#"{ do = "build_training_set", views = ["x"] }"#,
    ));
    assert!(
        r.contains("expect_column_values_to_be_in_set on home_ownership"),
        "{r}"
    );
}

fn with_view(ttl_hours: i64) -> World {
    let mut w = validated(3_000);
    run(
        &mut w,
        r#"{ do = "define_entity", name = "applicant", join_key = "applicant_id" }"#,
    );
    let e = run(
        &mut w,
        &format!(
            r#"{{ do = "define_feature_view", name = "fin", entity = "applicant", ttl_hours = {ttl_hours}, features = [{{ column = "income", transform = "log" }}, {{ column = "age", transform = "bucketise", boundaries = [30, 45, 60] }}, {{ column = "employment", transform = "one_hot" }}] }}"#
        ),
    );
    assert!(matches!(e[0], Event::FeatureViewRegistered { .. }), "{e:?}");
    w
}

/// Feast's point-in-time join takes the entity row's own timestamp, the prediction time, as T
/// (<https://docs.feast.dev/getting-started/concepts/point-in-time-joins>): a label that arrives
/// late never moves T, so a TTL shorter than the label delay nulls nothing. The delay only leaves
/// out the rows whose label has not arrived by now.
#[test]
fn label_delay_leaves_out_pending_rows_and_never_moves_the_join_time() {
    let built = |ttl: i64, delay: i64| {
        let mut w = with_view(ttl);
        let e = run(
            &mut w,
            &format!(
                r#"{{ do = "build_training_set", views = ["fin"], label_delay_hours = {delay} }}"#
            ),
        );
        let [Event::TrainingSetBuilt { summary }] = &e[..] else {
            panic!("{e:?}")
        };
        summary.clone()
    };
    let all = built(1, 0);
    assert_eq!(
        (all.rows, all.label_pending, all.null_rows[0].1),
        (3_000, 0, 0)
    );
    // 2,000 h is 83.3 of the history's 90 days: about 2,778 of 3,000 labels are still pending.
    let late = built(1, 2_000);
    assert_eq!(
        late.null_rows[0].1, 0,
        "T is the event time, within any TTL"
    );
    assert_eq!(late.rows + late.label_pending, 3_000);
    assert!((2_700..2_850).contains(&late.label_pending), "{late:?}");
    assert_eq!(built(0, 2_000).rows, late.rows, "the TTL plays no part");
}

#[test]
fn feature_view_rules() {
    let mut w = with_view(24);
    let bad = [
        (r#"{ column = "age", transform = "one_hot" }"#, "numeric"),
        (r#"{ column = "employment" }"#, "categorical"),
        (
            r#"{ column = "age", transform = "bucketise", boundaries = [5, 1] }"#,
            "ascending",
        ),
        (r#"{ column = "age", transform = "ratio" }"#, "denominator"),
        (
            r#"{ column = "age", transform = "square" }"#,
            "unknown transform",
        ),
    ];
    for (feature, needle) in bad {
        let r = refusal(&run(
            &mut w,
            &format!(
                r#"{{ do = "define_feature_view", name = "x", entity = "applicant", ttl_hours = 1, features = [{feature}] }}"#
            ),
        ));
        assert!(r.contains(needle), "{r}");
    }
    assert!(refusal(&run(&mut w, r#"{ do = "define_feature_view", name = "x", entity = "person", ttl_hours = 1, features = [{ column = "age" }] }"#)).contains("unknown entity"));
    let e = run(
        &mut w,
        r#"{ do = "define_feature_view", name = "fin", entity = "applicant", ttl_hours = 48, features = [{ column = "age" }] }"#,
    );
    assert!(matches!(&e[..], [Event::FeatureViewRegistered { view }] if view.version == 2));
    assert!(
        refusal(&run(
            &mut w,
            r#"{ do = "set_serving_bug", view = "fin", feature = "nope", enabled = true }"#
        ))
        .contains("it has age")
    );
    assert!(
        refusal(&run(
            &mut w,
            r#"{ do = "materialize", view = "fin", start_day = 6, end_day = 5 }"#
        ))
        .contains("must not be after")
    );
    assert!(refusal(&run(&mut w, r#"{ do = "check_skew" }"#)).contains("training set"));
}

#[test]
fn bucket_boundary_bug_is_found_by_l_infinity() {
    let mut w = with_view(0);
    run(&mut w, r#"{ do = "build_training_set", views = ["fin"] }"#);
    run(
        &mut w,
        r#"{ do = "materialize", view = "fin", start_day = 0, end_day = 90 }"#,
    );
    run(
        &mut w,
        r#"{ do = "set_serving_bug", view = "fin", feature = "age_bucket", enabled = true }"#,
    );
    let e = run(
        &mut w,
        r#"{ do = "check_skew", categorical_threshold = 0.02 }"#,
    );
    let [Event::SkewChecked { report }] = &e[..] else {
        panic!("{e:?}")
    };
    assert_eq!(report.flagged(), vec!["age_bucket"]);
    assert_eq!(
        report.features.iter().find(|f| f.anomaly).unwrap().metric,
        "l_infinity"
    );
}

#[test]
fn champion_needs_a_passed_gate_but_other_aliases_do_not() {
    let mut w = with_view(0);
    run(&mut w, r#"{ do = "build_training_set", views = ["fin"] }"#);
    run(
        &mut w,
        r#"{ do = "train", model = "tree", params = { max_depth = 3 } }"#,
    );
    assert!(matches!(
        run(
            &mut w,
            r#"{ do = "register_model", name = "m", run_id = "run-001" }"#
        )[..],
        [Event::ModelRegistered { version: 1, .. }]
    ));
    let r = refusal(&run(
        &mut w,
        r#"{ do = "set_alias", name = "m", alias = "champion", version = 1 }"#,
    ));
    assert!(r.contains("has not been through evaluate_gate"), "{r}");
    assert!(matches!(
        run(
            &mut w,
            r#"{ do = "set_alias", name = "m", alias = "challenger", version = 1 }"#
        )[..],
        [Event::AliasMoved { .. }]
    ));
    let e = run(
        &mut w,
        r#"{ do = "transition_stage", name = "m", version = 1, stage = "Production" }"#,
    );
    assert!(
        matches!(&e[..], [Event::Note { .. }, Event::Rejected { .. }]),
        "{e:?}"
    );
    assert!(refusal(&run(&mut w, r#"{ do = "evaluate_gate", model = "m", run_id = "run-001", thresholds = { test_auc = { greater_is_better = true } } }"#)).contains("no threshold"));
    assert!(refusal(&run(&mut w, r#"{ do = "evaluate_gate", model = "m", run_id = "run-009", thresholds = { test_auc = { threshold = 0.5, greater_is_better = true } } }"#)).contains("run-009"));
    assert!(refusal(&run(&mut w, r#"{ do = "advance_clock", hours = -1 }"#)).contains("hours"));
}

#[test]
fn events_serialise_for_headless_output() {
    let mut w = validated(300);
    let e = run(
        &mut w,
        r#"{ do = "search_runs", filter = "metrics.auc >" }"#,
    );
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains("\"event\":\"rejected\""), "{json}");
    let back: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}

#[test]
fn naive_bayes_trains_with_a_sample_size_learning_curve() {
    let mut w = with_view(0);
    run(&mut w, r#"{ do = "build_training_set", views = ["fin"] }"#);
    let e = run(
        &mut w,
        r#"{ do = "train", model = "naive_bayes", params = { var_smoothing = 1e-6 } }"#,
    );
    let curve: Vec<usize> = e
        .iter()
        .filter_map(|e| match e {
            Event::TrainingProgress { step, .. } => Some(*step),
            _ => None,
        })
        .collect();
    assert_eq!(curve, vec![1, 2, 3, 4]);
    let Some(Event::RunFinished { run: finished, .. }) = e.last() else {
        panic!("{e:?}")
    };
    assert_eq!(finished.params["model"], "naive_bayes");
    assert_eq!(finished.params["var_smoothing"], "0.000001");
    assert!((0.0..=1.0).contains(&finished.metrics["val_auc"]));
    assert!(
        refusal(&run(
            &mut w,
            r#"{ do = "train", model = "naive_bayes", params = { var_smoothing = -1 } }"#
        ))
        .contains("var_smoothing")
    );
}

#[test]
fn the_clock_stops_at_the_horizon_before_doing_the_work() {
    use crate::world::test_kit::{rejection, run};
    let mut w = World::new(Scenario::CreditRisk, 1);
    // 87,600 hours (ten years) used to run for half a minute in silence.
    let r = rejection(&run(&mut w, r#"{ do = "advance_clock", hours = 87600 }"#));
    assert!(r.contains("hours must be between 0 and 8760"), "{r}");
    // Whole months until the horizon refuses one, before serving any of it.
    let mut months = 0;
    let refused = loop {
        let events = run(&mut w, r#"{ do = "advance_days", days = 30 }"#);
        if let [Event::Rejected { reason, .. }] = events.as_slice() {
            break reason.clone();
        }
        months += 1;
        assert!(months < 20, "the clock never stopped");
    };
    assert!(
        refused.contains("the simulation covers 400 days"),
        "{refused}"
    );
    assert!(w.now() <= 400 * crate::data::table::DAY, "{}", w.now());
}
