//! The documented vocabulary tables: every command and check with a summary and an example.

use super::Word;

/// Every command, documented.
pub const COMMANDS: &[Word] = &[
    Word {
        name: "generate",
        summary: "Generate the scenario's historical table.",
        example: r#"{ do = "generate", rows = 20000, missing_rate = 0.01, outlier_rate = 0.005 }"#,
    },
    Word {
        name: "corrupt_data",
        summary: "Damage the data as an upstream system would.",
        example: r#"{ do = "corrupt_data", issue = { kind = "missing_surge", column = "income", fraction = 0.4 } }"#,
    },
    Word {
        name: "infer_schema",
        summary: "Infer a TFDV-style schema from the current data.",
        example: r#"{ do = "infer_schema" }"#,
    },
    Word {
        name: "expect",
        summary: "Add a Great Expectations-style expectation.",
        example: r#"{ do = "expect", expectation = { kind = "expect_column_values_to_be_between", column = "age", min_value = 18, max_value = 100, mostly = 0.99 } }"#,
    },
    Word {
        name: "validate",
        summary: "Validate the data against schema and expectations.",
        example: r#"{ do = "validate" }"#,
    },
    Word {
        name: "define_entity",
        summary: "Declare a Feast entity.",
        example: r#"{ do = "define_entity", name = "applicant", join_key = "applicant_id" }"#,
    },
    Word {
        name: "define_feature_view",
        summary: "Register a feature view with transformations and a TTL.",
        example: r#"{ do = "define_feature_view", name = "finance", entity = "applicant", ttl_hours = 720, features = [{ column = "income", transform = "log" }, { column = "employment", transform = "one_hot" }] }"#,
    },
    Word {
        name: "build_training_set",
        summary: "Point-in-time-correct join of feature views to labelled entity rows.",
        example: r#"{ do = "build_training_set", views = ["finance"], label_delay_hours = 24 }"#,
    },
    Word {
        name: "materialize",
        summary: "Load the latest values in a window into the online store.",
        example: r#"{ do = "materialize", view = "finance", start_day = 0, end_day = 90 }"#,
    },
    Word {
        name: "set_serving_bug",
        summary: "Switch a divergent serving transformation on or off.",
        example: r#"{ do = "set_serving_bug", view = "finance", feature = "log_income", enabled = true }"#,
    },
    Word {
        name: "check_skew",
        summary: "Compare training and serving statistics per feature.",
        example: r#"{ do = "check_skew", numeric_threshold = 0.1, categorical_threshold = 0.1 }"#,
    },
    Word {
        name: "split",
        summary: "Split the training set; fractions must sum to 1.",
        example: r#"{ do = "split", train = 0.7, validation = 0.15, test = 0.15 }"#,
    },
    Word {
        name: "train",
        summary: "Train one model as a tracked run.",
        example: r#"{ do = "train", model = "logistic", params = { alpha = 0.1, max_iterations = 100 } }"#,
    },
    Word {
        name: "sweep",
        summary: "Grid or seeded random hyperparameter sweep.",
        example: r#"{ do = "sweep", model = "tree", strategy = "grid", grid = { max_depth = [2, 4, 6] } }"#,
    },
    Word {
        name: "search_runs",
        summary: "Search runs with MLflow's filter grammar.",
        example: r#"{ do = "search_runs", filter = "metrics.val_auc > 0.7", order_by = ["metrics.val_auc DESC"], max_results = 1 }"#,
    },
    Word {
        name: "set_tag",
        summary: "Set a tag on a run.",
        example: r#"{ do = "set_tag", run_id = "run-001", key = "team", value = "risk" }"#,
    },
    Word {
        name: "evaluate_gate",
        summary: "Gate a run: data validation and MetricThresholds vs the champion.",
        example: r#"{ do = "evaluate_gate", model = "scorer", run_id = "run-001", thresholds = { test_auc = { threshold = 0.6, greater_is_better = true } } }"#,
    },
    Word {
        name: "register_model",
        summary: "Register a run's model as a new version.",
        example: r#"{ do = "register_model", name = "scorer", run_id = "run-001" }"#,
    },
    Word {
        name: "set_alias",
        summary: "Point an alias at a version, with a reason.",
        example: r#"{ do = "set_alias", name = "scorer", alias = "champion", version = 1, reason = "first model" }"#,
    },
    Word {
        name: "rollback",
        summary: "Move an alias back to its previous version.",
        example: r#"{ do = "rollback", name = "scorer", alias = "champion", reason = "bad canary" }"#,
    },
    Word {
        name: "transition_stage",
        summary: "Move a version to a legacy stage (deprecated).",
        example: r#"{ do = "transition_stage", name = "scorer", version = 1, stage = "Production" }"#,
    },
    Word {
        name: "set_code_version",
        summary: "Set the code version new runs record.",
        example: r#"{ do = "set_code_version", version = "a1b2c3d" }"#,
    },
    Word {
        name: "advance_clock",
        summary: "Move the simulated clock forward; each day it completes is served, as advance_days does.",
        example: r#"{ do = "advance_clock", hours = 24 }"#,
    },
    Word {
        name: "create_endpoint",
        summary: "Create an online endpoint for a registered model; platform = \"sagemaker\" applies SageMaker's bake limits.",
        example: r#"{ do = "create_endpoint", name = "scoring", model = "scorer", requests_per_day = 2000, label_delay_days = 7 }"#,
    },
    Word {
        name: "deploy",
        summary: "Deploy a version: all_at_once, blue_green, canary, linear, rolling (each with bake_hours or bake_days; an alarm during the bake rolls back), shadow.",
        example: r#"{ do = "deploy", endpoint = "scoring", version = 2, deployment = "green", strategy = { kind = "canary", percent = 10, bake_hours = 24 }, replicas = 2 }"#,
    },
    Word {
        name: "set_traffic",
        summary: "Set the live split (sums to 100) and mirror (at most 100).",
        example: r#"{ do = "set_traffic", endpoint = "scoring", traffic = { blue = 90, green = 10 } }"#,
    },
    Word {
        name: "scale",
        summary: "Set a deployment's replicas.",
        example: r#"{ do = "scale", endpoint = "scoring", deployment = "v1", replicas = 4 }"#,
    },
    Word {
        name: "autoscale",
        summary: "Autoscale a deployment on requests per pod (HPA).",
        example: r#"{ do = "autoscale", endpoint = "scoring", deployment = "v1", min_replicas = 1, max_replicas = 10, target_requests_per_pod = 40 }"#,
    },
    Word {
        name: "set_alarm",
        summary: "Alarm on a deployment's error rate, p95 latency or load: datapoints_to_alarm (N) of the last evaluation_periods (M) hourly datapoints breach (default 1 of 1).",
        example: r#"{ do = "set_alarm", endpoint = "scoring", name = "errors", metric = "error_rate", comparison = ">", threshold = 0.05, evaluation_periods = 3, datapoints_to_alarm = 2 }"#,
    },
    Word {
        name: "advance_days",
        summary: "Serve traffic for whole simulated days (an endpoint takes requests once a deployment has ready pods).",
        example: r#"{ do = "advance_days", days = 7 }"#,
    },
    Word {
        name: "inject_drift",
        summary: "Covariate, concept or prior drift in production.",
        example: r#"{ do = "inject_drift", kind = "covariate", feature = "income", shift = 1.5, from_day = 5, over_days = 3 }"#,
    },
    Word {
        name: "inject_incident",
        summary: "Schema change, missing surge, unit change, serving skew or faulty build.",
        example: r#"{ do = "inject_incident", kind = "unit_change", feature = "loan_amount", factor = 100 }"#,
    },
    Word {
        name: "configure_monitor",
        summary: "Monitor an endpoint per window against a reference.",
        example: r#"{ do = "configure_monitor", endpoint = "scoring", window_days = 1, reference = "training", drift_share = 0.5, features = { income = { method = "psi", threshold = 0.2 } } }"#,
    },
    Word {
        name: "run_monitor",
        summary: "Run an endpoint's monitor now.",
        example: r#"{ do = "run_monitor", endpoint = "scoring", window_days = 3 }"#,
    },
    Word {
        name: "set_pipeline",
        summary: "Define the DAG: ingest, validate, features, train, evaluate, gate, register, deploy, monitor. source = \"production\" trains on the endpoint's labelled requests; deploy rolls out on the endpoint (default: the one serving the model) with strategy (default: the last one used there, else all_at_once), and champion moves when the rollout completes.",
        example: r#"{ do = "set_pipeline", name = "scorer", rows = 5000, views = ["finance"], model = "logistic", thresholds = { test_auc = { threshold = 0.6, greater_is_better = true } }, source = "production", endpoint = "scoring", strategy = { kind = "canary", percent = 20, bake_hours = 24 } }"#,
    },
    Word {
        name: "set_retries",
        summary: "Airflow retries for a step (retry_delay 300 s by default, optional backoff).",
        example: r#"{ do = "set_retries", step = "train", retries = 2, retry_delay_seconds = 300, exponential_backoff = true, max_retry_delay_seconds = 900 }"#,
    },
    Word {
        name: "set_trigger",
        summary: "What starts runs: manual, schedule (every_days) or drift_alert (a monitor's drift or performance alerts; not data-quality or schema ones).",
        example: r#"{ do = "set_trigger", trigger = "schedule", every_days = 7 }"#,
    },
    Word {
        name: "fail_step",
        summary: "Make the next attempts of a step fail with a transient error.",
        example: r#"{ do = "fail_step", step = "ingest", times = 1 }"#,
    },
    Word {
        name: "run_pipeline",
        summary: "Start a pipeline run (caching can be switched off for this run).",
        example: r#"{ do = "run_pipeline", caching = true }"#,
    },
];

/// Every check, documented.
pub const CHECKS: &[Word] = &[
    Word {
        name: "data_generated",
        summary: "Data exists with at least min_rows rows.",
        example: r#"{ kind = "data_generated", min_rows = 1000 }"#,
    },
    Word {
        name: "schema_inferred",
        summary: "A schema has been inferred.",
        example: r#"{ kind = "schema_inferred" }"#,
    },
    Word {
        name: "validation_passed",
        summary: "The latest validation passed.",
        example: r#"{ kind = "validation_passed" }"#,
    },
    Word {
        name: "anomaly_found",
        summary: "The latest validation reported this anomaly.",
        example: r#"{ kind = "anomaly_found", anomaly = "SCHEMA_NEW_COLUMN" }"#,
    },
    Word {
        name: "feature_view_registered",
        summary: "A feature view is registered.",
        example: r#"{ kind = "feature_view_registered", name = "finance" }"#,
    },
    Word {
        name: "training_set_built",
        summary: "A training set has been built.",
        example: r#"{ kind = "training_set_built" }"#,
    },
    Word {
        name: "skew_detected",
        summary: "The latest skew check flagged a feature.",
        example: r#"{ kind = "skew_detected", feature = "log_income" }"#,
    },
    Word {
        name: "runs_finished",
        summary: "At least count runs finished.",
        example: r#"{ kind = "runs_finished", count = 3 }"#,
    },
    Word {
        name: "metric_at_least",
        summary: "A finished run reached a metric value.",
        example: r#"{ kind = "metric_at_least", metric = "val_auc", value = 0.7 }"#,
    },
    Word {
        name: "model_version_exists",
        summary: "A registered model has a version.",
        example: r#"{ kind = "model_version_exists", name = "scorer", version = 1 }"#,
    },
    Word {
        name: "alias_points_to",
        summary: "An alias exists (at a version).",
        example: r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 1 }"#,
    },
    Word {
        name: "gate_passed",
        summary: "A gate passed.",
        example: r#"{ kind = "gate_passed" }"#,
    },
    Word {
        name: "drift_alert",
        summary: "A monitor raised a feature-drift alert (on a feature).",
        example: r#"{ kind = "drift_alert", feature = "income" }"#,
    },
    Word {
        name: "no_drift_alert",
        summary: "Monitors ran and raised no feature-drift alert (on a feature).",
        example: r#"{ kind = "no_drift_alert", feature = "age" }"#,
    },
    Word {
        name: "alert_raised",
        summary: "A monitor raised an alert of a kind (schema, data_quality, performance...), on a feature, by a method.",
        example: r#"{ kind = "alert_raised", alert = "feature_drift", feature = "income", method = "wasserstein" }"#,
    },
    Word {
        name: "drift_cleared",
        summary: "The latest monitor run raised no drift (on a feature, of an endpoint).",
        example: r#"{ kind = "drift_cleared", feature = "income", endpoint = "scoring" }"#,
    },
    Word {
        name: "realised_accuracy",
        summary: "Labelled requests a version answered reached an accuracy.",
        example: r#"{ kind = "realised_accuracy", version = 2, min = 0.8, endpoint = "scoring" }"#,
    },
    Word {
        name: "deployment_serving",
        summary: "A version takes at least min_percent of live traffic.",
        example: r#"{ kind = "deployment_serving", version = 2, min_percent = 10 }"#,
    },
    Word {
        name: "traffic",
        summary: "A version takes exactly percent of live traffic.",
        example: r#"{ kind = "traffic", version = 1, percent = 100, endpoint = "scoring" }"#,
    },
    Word {
        name: "rolled_back",
        summary: "A rollout was rolled back automatically.",
        example: r#"{ kind = "rolled_back" }"#,
    },
    Word {
        name: "alarm_fired",
        summary: "An alarm fired.",
        example: r#"{ kind = "alarm_fired", alarm = "errors" }"#,
    },
    Word {
        name: "performance_known",
        summary: "Labels arrived and realised performance was reported.",
        example: r#"{ kind = "performance_known" }"#,
    },
    Word {
        name: "pods_ready",
        summary: "A deployment has at least min ready pods.",
        example: r#"{ kind = "pods_ready", endpoint = "scoring", deployment = "v1", min = 2 }"#,
    },
    Word {
        name: "pipeline_succeeded",
        summary: "The latest pipeline run had no failed step.",
        example: r#"{ kind = "pipeline_succeeded" }"#,
    },
    Word {
        name: "step_cached",
        summary: "A step of the latest pipeline run was a cache hit.",
        example: r#"{ kind = "step_cached", step = "train" }"#,
    },
    Word {
        name: "step_state",
        summary: "A step of the latest pipeline run ended in a state.",
        example: r#"{ kind = "step_state", step = "register", state = "skipped" }"#,
    },
    Word {
        name: "pipeline_runs",
        summary: "At least count pipeline runs (by a trigger, if given).",
        example: r#"{ kind = "pipeline_runs", count = 2, trigger = "schedule" }"#,
    },
];
