//! One World driven from empty to a registered, gated champion through commands only (written as
//! the TOML inline tables labs use), checking every intermediate event; then the same flow under
//! another seed gives different data but the same structure.

// Test helpers outside #[test] functions unwrap too; exact float equality is intended here.
#![allow(clippy::unwrap_used, clippy::float_cmp)]

use mlops_lab::data::scenario::Scenario;
use mlops_lab::world::World;
use mlops_lab::world::event::Event;

#[path = "support/world.rs"]
mod world;

use world::{check, command};

fn kind(e: &Event) -> String {
    serde_json::to_value(e).unwrap()["event"]
        .as_str()
        .unwrap()
        .to_string()
}

struct Flow {
    world: World,
    log: Vec<Event>,
}

impl Flow {
    fn run(&mut self, inline: &str) -> Vec<Event> {
        let events = self.world.apply(command(inline));
        assert!(!events.is_empty(), "{inline} produced no event");
        self.log.extend(events.iter().cloned());
        events
    }

    fn check(&self, inline: &str) -> bool {
        check(&self.world, inline)
    }
}

fn rejected(events: &[Event], command: &str, needle: &str) {
    match events {
        [Event::Rejected { command: c, reason }] => {
            assert_eq!(c, command);
            assert!(reason.contains(needle), "{reason}");
        }
        other => panic!("expected a rejection of {command}, got {other:?}"),
    }
}

fn blocked(events: &[Event], needle: &str) {
    match events {
        [Event::Blocked { reason, .. }] => assert!(reason.contains(needle), "{reason}"),
        other => panic!("expected a block, got {other:?}"),
    }
}

#[allow(clippy::too_many_lines)]
fn flow(seed: u64) -> Flow {
    let mut f = Flow {
        world: World::new(Scenario::Churn, seed),
        log: Vec::new(),
    };

    // Data.
    let e = f.run(r#"{ do = "generate", rows = 5000, missing_rate = 0.01 }"#);
    let Event::DataGenerated {
        rows, positives, ..
    } = &e[0]
    else {
        panic!("{e:?}")
    };
    assert_eq!(*rows, 5_000);
    assert!(*positives > 400 && *positives < 2_500);
    rejected(
        &f.run(r#"{ do = "generate", rows = -5 }"#),
        "generate",
        "rows must be between",
    );
    blocked(
        &f.run(r#"{ do = "build_training_set", views = ["billing"] }"#),
        "not been validated",
    );

    // Validation, a corruption it catches, and the block it causes.
    assert!(matches!(
        f.run(r#"{ do = "infer_schema" }"#)[..],
        [Event::SchemaInferred { .. }]
    ));
    let e = f.run(r#"{ do = "expect", expectation = { kind = "expect_column_values_to_be_between", column = "tenure_months", min_value = 0, max_value = 72, mostly = 0.99 } }"#);
    assert!(matches!(&e[..], [Event::ExpectationAdded { mostly, .. }] if *mostly == 0.99));
    let e = f.run(r#"{ do = "validate" }"#);
    assert!(
        matches!(&e[..], [Event::Validated { report }] if report.passed),
        "{e:?}"
    );
    assert!(f.check(r#"{ kind = "validation_passed" }"#));
    let e = f.run(r#"{ do = "corrupt_data", issue = { kind = "missing_surge", column = "monthly_charges", fraction = 0.5 } }"#);
    assert!(matches!(&e[0], Event::DataCorrupted { rows, .. } if *rows > 2_000));
    let e = f.run(r#"{ do = "validate" }"#);
    let [Event::Validated { report }] = &e[..] else {
        panic!("{e:?}")
    };
    assert!(!report.passed);
    let a = &report.anomalies[0];
    assert_eq!(a.kind.tfdv_name(), "FEATURE_TYPE_LOW_FRACTION_PRESENT");
    assert_eq!(a.column, "monthly_charges");
    assert!(a.rows > 2_000);
    assert!(f.check(r#"{ kind = "anomaly_found", anomaly = "FEATURE_TYPE_LOW_FRACTION_PRESENT", column = "monthly_charges" }"#));
    blocked(
        &f.run(r#"{ do = "train", model = "logistic" }"#),
        "FEATURE_TYPE_LOW_FRACTION_PRESENT on monthly_charges",
    );

    // Fresh data, a reviewed schema, a passing validation.
    assert!(matches!(
        f.run(r#"{ do = "generate", rows = 5000, missing_rate = 0.01 }"#)[0],
        Event::DataGenerated { .. }
    ));
    f.run(r#"{ do = "infer_schema" }"#);
    assert!(
        matches!(&f.run(r#"{ do = "validate" }"#)[..], [Event::Validated { report }] if report.passed)
    );

    // Feature store.
    rejected(
        &f.run(r#"{ do = "define_entity", name = "customer", join_key = "user" }"#),
        "define_entity",
        "customer_id",
    );
    assert!(matches!(
        f.run(r#"{ do = "define_entity", name = "customer", join_key = "customer_id" }"#)[..],
        [Event::EntityDefined { .. }]
    ));
    rejected(&f.run(r#"{ do = "define_feature_view", name = "billing", entity = "customer", ttl_hours = 720, features = [{ column = "salary" }] }"#), "define_feature_view", "unknown feature \"salary\"");
    let e = f.run(r#"{ do = "define_feature_view", name = "billing", entity = "customer", ttl_hours = 720, features = [
        { column = "monthly_charges", transform = "standardise" },
        { column = "total_charges", transform = "ratio", denominator = "tenure_months" },
        { column = "tenure_months", transform = "bucketise", boundaries = [12, 24, 48] },
        { column = "data_usage_gb", transform = "log" },
        { column = "support_tickets" },
        { column = "contract", transform = "one_hot" },
        { column = "payment_method", transform = "one_hot" },
        { column = "internet_service", transform = "one_hot" } ] }"#);
    let [Event::FeatureViewRegistered { view }] = &e[..] else {
        panic!("{e:?}")
    };
    assert_eq!((view.version, view.ttl_hours), (1, Some(720)));
    assert!(view.outputs.contains(&"log_data_usage_gb".to_string()));
    assert!(view.outputs.contains(&"contract=two_year".to_string()));
    let e = f.run(r#"{ do = "build_training_set", views = ["billing"], label_delay_hours = 24 }"#);
    let [Event::TrainingSetBuilt { summary }] = &e[..] else {
        panic!("{e:?}")
    };
    // The last day of the 90-day history still waits for its labels (24 h after each event):
    // about 1/90 of the rows are left out, the rest join at T = their own event time.
    assert_eq!(summary.rows + summary.label_pending, 5_000);
    assert!((30..90).contains(&summary.label_pending), "{summary:?}");
    let rows = summary.rows;
    assert_eq!(summary.view_versions, vec![("billing".to_string(), 1)]);
    // Entity rows at T = their event time always find their own row within a 720 h TTL.
    assert_eq!(summary.null_rows, vec![("billing".to_string(), 0)]);
    let e = f.run(r#"{ do = "materialize", view = "billing", start_day = 0, end_day = 90 }"#);
    assert!(
        matches!(&e[..], [Event::Materialized { entities_written, .. }] if *entities_written > 1_000)
    );
    let e = f.run(r#"{ do = "check_skew" }"#);
    assert!(
        matches!(&e[..], [Event::SkewChecked { report }] if report.flagged().is_empty()),
        "{e:?}"
    );
    assert!(matches!(f.run(r#"{ do = "set_serving_bug", view = "billing", feature = "log_data_usage_gb", enabled = true }"#)[..], [Event::ServingBugSet { enabled: true, .. }]));
    let e = f.run(r#"{ do = "check_skew" }"#);
    let [Event::SkewChecked { report }] = &e[..] else {
        panic!("{e:?}")
    };
    assert_eq!(report.flagged(), vec!["log_data_usage_gb"]);
    let flagged = report.features.iter().find(|s| s.anomaly).unwrap();
    assert_eq!(
        flagged.anomaly_type.as_deref(),
        Some("COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH")
    );
    assert!(f.check(r#"{ kind = "skew_detected", feature = "log_data_usage_gb" }"#));
    f.run(r#"{ do = "set_serving_bug", view = "billing", feature = "log_data_usage_gb", enabled = false }"#);

    // Training, tracked.
    rejected(
        &f.run(r#"{ do = "split", train = 0.7, validation = 0.2, test = 0.2 }"#),
        "split",
        "must sum to 1",
    );
    let e = f.run(r#"{ do = "split", train = 0.7, validation = 0.15, test = 0.15 }"#);
    // The rows whose labels have arrived, 70 / 15 / 15.
    let [
        Event::SplitCreated {
            train,
            validation,
            test,
        },
    ] = e[..]
    else {
        panic!("{e:?}")
    };
    assert_eq!(train + validation + test, rows);
    assert!(train.abs_diff(rows * 7 / 10) <= 1 && validation.abs_diff(rows * 15 / 100) <= 1);
    rejected(
        &f.run(r#"{ do = "train", model = "tree", params = { depth = 3 } }"#),
        "train",
        "unknown hyperparameter",
    );
    let e = f.run(
        r#"{ do = "train", model = "logistic", params = { alpha = 1.0, max_iterations = 50 } }"#,
    );
    let kinds: Vec<String> = e.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "run_started",
            "training_progress",
            "training_progress",
            "training_progress",
            "training_progress",
            "run_finished"
        ]
    );
    let Event::RunFinished {
        run,
        test_confusion,
        test_roc,
    } = &e[5]
    else {
        panic!()
    };
    assert_eq!(run.run_id, "run-001");
    assert_eq!(test_confusion.iter().flatten().sum::<usize>(), test);
    assert_eq!(test_roc.first(), Some(&(0.0, 0.0)));
    assert_eq!(test_roc.last(), Some(&(1.0, 1.0)));
    assert_eq!(run.params["alpha"], "1.0");
    assert!(run.metrics["val_auc"] > 0.65, "{:?}", run.metrics);
    assert!(run.duration_seconds().unwrap() >= 1);
    assert_eq!(run.feature_views, vec![("billing".to_string(), 1)]);
    let e = f.run(
        r#"{ do = "sweep", model = "tree", strategy = "grid", grid = { max_depth = [3, 6] } }"#,
    );
    let Some(Event::SweepFinished { runs, best_run, .. }) = e.last() else {
        panic!("{e:?}")
    };
    assert_eq!(runs, &["run-002", "run-003"]);
    let best_tree = best_run.clone().unwrap();

    // Search: params are strings; the best hyperparameters in one query.
    rejected(
        &f.run(r#"{ do = "search_runs", filter = "params.max_depth = 6" }"#),
        "search_runs",
        "quoted string",
    );
    rejected(
        &f.run(
            r#"{ do = "search_runs", filter = "params.model = 'tree' OR metrics.val_auc > 0.5" }"#,
        ),
        "search_runs",
        "only AND",
    );
    let e = f.run(r#"{ do = "search_runs", filter = "params.max_depth = '6' and attributes.status = 'FINISHED'" }"#);
    assert!(
        matches!(&e[..], [Event::RunsFound { runs, .. }] if runs.len() == 1 && runs[0].run_id == "run-003")
    );
    let e = f.run(r#"{ do = "search_runs", filter = "attributes.status = 'FINISHED'", order_by = ["metrics.val_auc DESC"], max_results = 1 }"#);
    let [Event::RunsFound { runs, .. }] = &e[..] else {
        panic!("{e:?}")
    };
    let best = runs[0].clone();
    let all = f
        .world
        .tracking()
        .runs
        .iter()
        .map(|r| r.metrics["val_auc"])
        .fold(0.0, f64::max);
    assert_eq!(best.metrics["val_auc"], all);
    assert!(best.run_id == "run-001" || best.run_id == best_tree);

    // Gate, registry, aliases.
    let e = f.run(&format!(r#"{{ do = "evaluate_gate", model = "churn", run_id = "{}", thresholds = {{ test_auc = {{ threshold = 0.99, greater_is_better = true }} }} }}"#, best.run_id));
    let [Event::GateEvaluated { result }] = &e[..] else {
        panic!("{e:?}")
    };
    assert!(!result.passed);
    assert_eq!(result.checks.len(), 2);
    assert!(result.checks[0].passed && result.checks[0].name == "data_validation");
    assert!(!result.checks[1].passed);
    assert_eq!(result.checks[1].required, Some(0.99));
    rejected(
        &f.run(&format!(
            r#"{{ do = "register_model", name = "churn", run_id = "{}" }}"#,
            best.run_id
        )),
        "register_model",
        "failed its gate",
    );
    let e = f.run(&format!(r#"{{ do = "evaluate_gate", model = "churn", run_id = "{}", thresholds = {{ test_auc = {{ threshold = 0.6, greater_is_better = true }}, test_log_loss = {{ threshold = 0.69, greater_is_better = false }} }} }}"#, best.run_id));
    assert!(
        matches!(&e[..], [Event::GateEvaluated { result }] if result.passed && result.checks.len() == 3),
        "{e:?}"
    );
    let e = f.run(&format!(
        r#"{{ do = "register_model", name = "churn", run_id = "{}" }}"#,
        best.run_id
    ));
    let [
        Event::ModelRegistered {
            version, lineage, ..
        },
    ] = &e[..]
    else {
        panic!("{e:?}")
    };
    assert_eq!(*version, 1);
    assert_eq!(lineage.run_id, best.run_id);
    assert_eq!(lineage.feature_views, vec![("billing".to_string(), 1)]);
    assert_eq!(&lineage.data_digest, &f.world.data().unwrap().digest());
    let e = f.run(r#"{ do = "set_alias", name = "churn", alias = "champion", version = 1, reason = "first gated model" }"#);
    assert!(
        matches!(&e[..], [Event::AliasMoved { change }] if change.from.is_none() && change.to == 1)
    );

    // A challenger that is not better enough is refused; one that passes can be promoted and rolled back.
    let other = if best.run_id == "run-001" {
        best_tree.clone()
    } else {
        "run-001".to_string()
    };
    let e = f.run(&format!(r#"{{ do = "evaluate_gate", model = "churn", run_id = "{other}", thresholds = {{ test_auc = {{ min_absolute_change = 0.2, greater_is_better = true }} }} }}"#));
    let [Event::GateEvaluated { result }] = &e[..] else {
        panic!("{e:?}")
    };
    assert_eq!(result.baseline_version, Some(1));
    assert!(!result.passed);
    rejected(
        &f.run(&format!(
            r#"{{ do = "register_model", name = "churn", run_id = "{other}" }}"#
        )),
        "register_model",
        "baseline",
    );
    f.run(&format!(r#"{{ do = "evaluate_gate", model = "churn", run_id = "{other}", thresholds = {{ test_auc = {{ threshold = 0.5, greater_is_better = true }} }} }}"#));
    assert!(matches!(
        f.run(&format!(
            r#"{{ do = "register_model", name = "churn", run_id = "{other}" }}"#
        ))[..],
        [Event::ModelRegistered { version: 2, .. }]
    ));
    f.run(r#"{ do = "advance_clock", hours = 24 }"#);
    assert!(
        matches!(&f.run(r#"{ do = "set_alias", name = "churn", alias = "champion", version = 2, reason = "challenger won" }"#)[..], [Event::AliasMoved { change }] if change.from == Some(1))
    );
    let e = f.run(r#"{ do = "rollback", name = "churn", alias = "champion", reason = "alarm" }"#);
    assert!(
        matches!(&e[..], [Event::AliasMoved { change }] if change.to == 1 && change.reason == "alarm")
    );
    let e =
        f.run(r#"{ do = "transition_stage", name = "churn", version = 1, stage = "Production" }"#);
    assert!(
        matches!(&e[..], [Event::Note { text }, Event::StageTransitioned { .. }] if text.contains("deprecated"))
    );
    assert!(
        f.check(r#"{ kind = "alias_points_to", name = "churn", alias = "champion", version = 1 }"#)
    );
    assert!(f.check(r#"{ kind = "gate_passed" }"#));
    assert!(f.check(r#"{ kind = "runs_finished", count = 3 }"#));
    assert_eq!(f.world.registry().models["churn"].history.len(), 3);
    f
}

#[test]
fn empty_world_to_gated_champion() {
    flow(42);
}

#[test]
fn another_seed_gives_other_data_and_the_same_structure() {
    let a = flow(42);
    let b = flow(7);
    let kinds = |f: &Flow| f.log.iter().map(kind).collect::<Vec<_>>();
    assert_eq!(kinds(&a), kinds(&b));
    assert_ne!(
        a.world.data().unwrap().digest(),
        b.world.data().unwrap().digest()
    );
}
