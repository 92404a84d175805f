//! The World's vocabulary, in one place: every [`Command`] a learner, lab or headless run can
//! send, and every [`Check`] a lab can ask about the World. The serde types are the single
//! source: they deserialise lab files' inline tables (`{ do = "train", model = "logistic" }`),
//! and [`registry`] reads their derived schema (names, typed arguments, defaults, allowed values,
//! doc lines, the `Example:` console line of each) for the lab checker ([`typing`]), the console
//! ([`console`]), completion, the in-app help and `docs/commands.md` ([`docs`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use self::args::{
    DataIssue, ExpectationSpec, FeatureSpecParams, ModelKind, ParamValue, Stage, SweepStrategy,
    ThresholdSpec,
};
pub use self::check::{Check, ReferenceKind};
pub use self::ops_args::{
    AlarmMetric, Arrival, Comparison, FeatureMonitorSpec, IntOrPercent, Platform, ServeMode,
    Stopping, Strategy, bake_hours,
};
pub use self::ops_commands::{
    AbPlanArgs, AlarmArgs, AutoscaleArgs, DeployArgs, DriftArgs, IncidentArgs, MonitorArgs,
    ServeModeArgs,
};
use super::pipeline::{BackfillSpec, FailStep, PipelineSpec, RetrySpec, RunPipeline, TriggerSpec};

mod args;
mod check;
pub mod complete;
pub mod console;
#[cfg(test)]
mod console_tests;
pub mod docs;
pub mod node;
mod ops_args;
mod ops_commands;
pub mod registry;
pub mod typing;

/// Something a user asks the World to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Generate the scenario's historical table (replaces the current data).
    ///
    /// Example: `generate rows=20000 missing_rate=0.01 outlier_rate=0.005`
    Generate {
        /// Number of rows (1 to 20,000,000).
        rows: i64,
        /// Chance a feature value is missing, in [0, 1).
        #[serde(default)]
        missing_rate: f64,
        /// Chance a numeric value is an outlier, in [0, 1).
        #[serde(default)]
        outlier_rate: f64,
    },
    /// Damage the current data the way upstream systems do (to see validation catch it).
    ///
    /// Example: `corrupt_data issue.kind=missing_surge issue.column=income issue.fraction=0.4`
    CorruptData {
        /// What goes wrong.
        issue: DataIssue,
    },
    /// Infer a TFDV-style schema (types, category domains, presence; no numeric ranges, as TFDV) from the current data.
    ///
    /// Example: `infer_schema`
    InferSchema,
    /// Set the valid range of a numeric feature in the schema, as `tfdv.set_domain` does.
    ///
    /// Example: `set_domain column=loan_amount min=500 max=100000`
    SetDomain {
        /// Numeric feature.
        column: String,
        /// Smallest valid value (open when omitted).
        #[serde(default)]
        min: Option<f64>,
        /// Largest valid value (open when omitted).
        #[serde(default)]
        max: Option<f64>,
    },
    /// Add a Great Expectations-style expectation to the suite.
    ///
    /// Example: `expect expectation.kind=expect_column_values_to_be_between expectation.column=age expectation.min_value=18 expectation.max_value=100 expectation.mostly=0.99`
    Expect {
        /// The expectation.
        expectation: ExpectationSpec,
    },
    /// Validate the current data against the schema and the expectation suite.
    ///
    /// Example: `validate`
    Validate,
    /// Declare a Feast entity (a join key of the data).
    ///
    /// Example: `define_entity name=applicant join_key=applicant_id`
    DefineEntity {
        /// Entity name.
        name: String,
        /// The column that identifies it.
        join_key: String,
    },
    /// Register (or re-register as a new version) a feature view over the current data.
    ///
    /// Example: `define_feature_view name=finance entity=applicant ttl_hours=720 features=[{ column="income", transform="log" }, { column="employment", transform="one_hot" }]`
    DefineFeatureView {
        /// View name.
        name: String,
        /// Entity the view is keyed by.
        entity: String,
        /// Time to live: how old a feature row may be at the entity row's timestamp.
        ttl_hours: i64,
        /// The features and their transformations.
        features: Vec<FeatureSpecParams>,
    },
    /// Build the training set with point-in-time-correct joins of the named views.
    ///
    /// Example: `build_training_set views=finance label_delay_hours=24`
    BuildTrainingSet {
        /// Feature views to join.
        views: Vec<String>,
        /// Hours between an observation and the moment its label is known (the entity row's T).
        #[serde(default)]
        label_delay_hours: i64,
    },
    /// Load the latest feature values with event time in [`start_day`, `end_day`] into the online store.
    ///
    /// Example: `materialize view=finance start_day=0 end_day=90`
    Materialize {
        /// Feature view.
        view: String,
        /// Window start, in simulated days.
        start_day: f64,
        /// Window end (inclusive, as Feast's `BETWEEN`), in simulated days.
        end_day: f64,
    },
    /// Switch the deliberately divergent serving transformation of one feature on or off.
    ///
    /// Example: `set_serving_bug view=finance feature=log_income enabled=true`
    SetServingBug {
        /// Feature view.
        view: String,
        /// Output feature name (as listed by the view).
        feature: String,
        /// On or off.
        enabled: bool,
    },
    /// Compare training and serving feature statistics (L-infinity / Jensen-Shannon, as TFDV).
    ///
    /// Example: `check_skew numeric_threshold=0.1 categorical_threshold=0.1`
    CheckSkew {
        /// Jensen-Shannon threshold for numeric features.
        #[serde(default = "default_skew_threshold")]
        numeric_threshold: f64,
        /// L-infinity threshold for categorical features.
        #[serde(default = "default_skew_threshold")]
        categorical_threshold: f64,
    },
    /// Split the training set into train / validation / test fractions (must sum to 1).
    ///
    /// Example: `split train=0.7 validation=0.15 test=0.15`
    Split {
        /// Train fraction.
        train: f64,
        /// Validation fraction.
        validation: f64,
        /// Test fraction.
        test: f64,
    },
    /// Train one model and track it as a run.
    ///
    /// Example: `train model=logistic params.alpha=0.1 params.max_iterations=100`
    Train {
        /// Model family: `logistic`, `tree` or `naive_bayes`.
        model: ModelKind,
        /// Hyperparameters (unknown names are refused).
        #[serde(default)]
        params: BTreeMap<String, ParamValue>,
        /// Optional run name.
        #[serde(default)]
        run_name: Option<String>,
    },
    /// Train several models over a hyperparameter grid (every combination, or a seeded sample).
    ///
    /// Example: `sweep model=tree strategy=grid grid.max_depth=2,4,6`
    Sweep {
        /// Model family: `logistic`, `tree` or `naive_bayes`.
        model: ModelKind,
        /// `grid` or `random`.
        strategy: SweepStrategy,
        /// Candidate values per hyperparameter.
        grid: BTreeMap<String, Vec<ParamValue>>,
        /// For `random`: how many combinations to sample.
        #[serde(default)]
        trials: Option<i64>,
    },
    /// Search runs with `MLflow`'s filter grammar, ordering and result cap.
    ///
    /// Example: `search_runs filter="metrics.val_auc > 0.7" order_by=["metrics.val_auc DESC"] max_results=1`
    SearchRuns {
        /// Filter, e.g. `metrics.val_auc > 0.8 AND params.model = "tree"`.
        #[serde(default)]
        filter: String,
        /// Order-by clauses, e.g. `["metrics.val_auc DESC"]`.
        #[serde(default)]
        order_by: Vec<String>,
        /// Most runs to return.
        #[serde(default = "default_max_results")]
        max_results: i64,
    },
    /// Set a tag on a run.
    ///
    /// Example: `set_tag run_id=run-001 key=team value=risk`
    SetTag {
        /// Run id.
        run_id: String,
        /// Tag key.
        key: String,
        /// Tag value.
        value: String,
    },
    /// Evaluate the CI/CD gate for a run: data validation plus `MLflow` `MetricThresholds`.
    ///
    /// Example: `evaluate_gate model=scorer run_id=run-001 thresholds.test_auc.threshold=0.6 thresholds.test_auc.greater_is_better=true`
    EvaluateGate {
        /// Registered model whose `champion` is the baseline.
        model: String,
        /// Candidate run.
        run_id: String,
        /// Metric name to threshold.
        thresholds: BTreeMap<String, ThresholdSpec>,
    },
    /// Register a run's model as the next version of a registered model.
    ///
    /// Example: `register_model name=scorer run_id=run-001`
    RegisterModel {
        /// Registered model name.
        name: String,
        /// Source run.
        run_id: String,
    },
    /// Point an alias (champion, challenger, any name) at a version, recording why.
    ///
    /// Example: `set_alias name=scorer alias=champion version=1 reason="first model" by=dana`
    SetAlias {
        /// Registered model.
        name: String,
        /// Alias.
        alias: String,
        /// Version number.
        version: i64,
        /// Why (kept in the alias history).
        #[serde(default)]
        reason: String,
        /// Who approved the move (kept in the alias history).
        #[serde(default)]
        by: String,
    },
    /// Move an alias back to the version it pointed at before its last move.
    ///
    /// Example: `rollback name=scorer alias=champion reason="bad canary" by=dana`
    Rollback {
        /// Registered model.
        name: String,
        /// Alias.
        alias: String,
        /// Why.
        #[serde(default)]
        reason: String,
        /// Who approved the move (kept in the alias history).
        #[serde(default)]
        by: String,
    },
    /// Move a version to a legacy stage (deprecated since `MLflow` 2.9; aliases replace it).
    ///
    /// Example: `transition_stage name=scorer version=1 stage=Production`
    TransitionStage {
        /// Registered model.
        name: String,
        /// Version number.
        version: i64,
        /// Target stage.
        stage: Stage,
        /// Archive the versions currently in that stage.
        #[serde(default)]
        archive_existing_versions: bool,
    },
    /// Audit an endpoint's day: the version that answered its requests, that version's run,
    /// params, code version, data and training-set digests, feature views, and the model's alias
    /// moves up to that day's end with who made them and why.
    ///
    /// Example: `lineage endpoint=scoring day=3`
    Lineage {
        /// Endpoint.
        endpoint: String,
        /// Served day, as the day lines number it (from 0).
        day: i64,
    },
    /// Set the code version recorded in the lineage of new runs.
    ///
    /// Example: `set_code_version version=a1b2c3d`
    SetCodeVersion {
        /// E.g. a git commit.
        version: String,
    },
    /// Move the simulated clock forward, serving each day it completes.
    ///
    /// Example: `advance_clock hours=24`
    AdvanceClock {
        /// Hours to wait.
        hours: i64,
    },
    /// Create an online endpoint serving a registered model.
    ///
    /// Example: `create_endpoint name=scoring model=scorer requests_per_day=2000 label_delay_days=7`
    CreateEndpoint {
        /// Endpoint name.
        name: String,
        /// Registered model.
        model: String,
        /// Requests per simulated day (default 2,000).
        #[serde(default = "ops_commands::default_requests")]
        requests_per_day: i64,
        /// Days until a request's true label is known (default 7).
        #[serde(default = "ops_commands::default_label_delay")]
        label_delay_days: i64,
        /// The platform whose limits apply: `generic` (default) or `sagemaker`.
        #[serde(default)]
        platform: Platform,
        /// Hours of the day its callers send requests, e.g. `"9-12,13-17"` (default: all
        /// day); the day's requests spread evenly over them.
        #[serde(default)]
        active_hours: Option<String>,
    },
    /// Deploy a registered version behind an endpoint with a strategy.
    ///
    /// Example: `deploy endpoint=scoring version=2 deployment=green strategy.kind=canary strategy.percent=10 strategy.bake_hours=24 replicas=2`
    Deploy(DeployArgs),
    /// Set an endpoint's live split (must sum to 100) and mirror (at most 100).
    ///
    /// Example: `set_traffic endpoint=scoring traffic.blue=90 traffic.green=10`
    SetTraffic {
        /// Endpoint.
        endpoint: String,
        /// Percent per deployment.
        traffic: BTreeMap<String, i64>,
        /// Mirrored percent per deployment (responses discarded).
        #[serde(default)]
        mirror: BTreeMap<String, i64>,
    },
    /// Set a deployment's replicas.
    ///
    /// Example: `scale endpoint=scoring deployment=v1 replicas=4`
    Scale {
        /// Endpoint.
        endpoint: String,
        /// Deployment.
        deployment: String,
        /// Pods.
        replicas: i64,
    },
    /// Autoscale a deployment on requests per pod and/or p95 latency (HPA), with an optional
    /// scale-down window and scale to zero.
    ///
    /// Example: `autoscale endpoint=scoring deployment=v1 min_replicas=1 max_replicas=10 target_requests_per_pod=40`
    Autoscale(AutoscaleArgs),
    /// Set the true conversion rate of a version's answered requests: the business outcome an
    /// A/B test measures (an offer taken up), drawn per request; no test sees the rate itself.
    ///
    /// Example: `set_conversion endpoint=scoring version=2 rate=0.1`
    SetConversion {
        /// Endpoint.
        endpoint: String,
        /// Model version.
        version: i64,
        /// True share of its answered requests that convert, 0 to 1.
        rate: f64,
    },
    /// Plan an A/B test: the requests per arm a two-proportion z-test needs to detect `mde`.
    ///
    /// Example: `plan_ab_test endpoint=scoring control=1 treatment=2 baseline_rate=0.1 mde=0.02 alpha=0.05 power=0.8`
    PlanAbTest(AbPlanArgs),
    /// Start the planned A/B test on the endpoint's live split, with a stopping rule.
    ///
    /// Example: `start_ab_test endpoint=scoring stopping=fixed_horizon`
    StartAbTest {
        /// Endpoint.
        endpoint: String,
        /// `fixed_horizon` (default) or `first_significant` (stop at the first daily p < alpha).
        #[serde(default)]
        stopping: Stopping,
    },
    /// Permutation importance of a run's inputs on its test split: the mean drop in test AUC
    /// over 5 seeded shuffles of each input (a one-hot column shuffled as one). Not SHAP.
    ///
    /// Example: `explain run_id=run-001`
    Explain {
        /// Finished run.
        run_id: String,
    },
    /// Group fairness of a run's predicted labels on its test split: the share approved
    /// (predicted default probability below `threshold`) in facet d and in everyone else, Clarify's DPPL
    /// (`q_a` - `q_d`) and disparate impact (`q_d` / `q_a`).
    ///
    /// Example: `bias_report run_id=run-001 facet=employment group=student threshold=0.3`
    BiasReport {
        /// Finished run.
        run_id: String,
        /// Facet column of the raw data.
        facet: String,
        /// Categorical facet: the level that is facet d.
        #[serde(default)]
        group: Option<String>,
        /// Numeric facet: rows below this value are facet d.
        #[serde(default)]
        below: Option<f64>,
        /// Approved when the predicted default probability is below this (Clarify's
        /// `probability_threshold`, default 0.5).
        #[serde(default = "half")]
        threshold: f64,
    },
    /// Attach a model card to a registry version: intended use and caveats you write; test AUC,
    /// top inputs and bias results read from the version's run.
    ///
    /// Example: `model_card name=scorer intended_use="Rank loan applications for review" caveats="Approves fewer applicants under 25"`
    ModelCard {
        /// Registered model.
        name: String,
        /// Version (default: the champion alias, else the latest version).
        #[serde(default)]
        version: Option<i64>,
        /// What the model is for, and for whom.
        intended_use: String,
        /// Known limits and risks.
        caveats: String,
    },
    /// Feature attribution drift: the served version's input attributions (mean change in the
    /// score when an input is shuffled) on the last days' requests against its test split,
    /// compared by NDCG; below 0.90 is drift, as Clarify's explainability monitor reports it.
    ///
    /// Example: `check_attribution_drift endpoint=scoring days=7`
    CheckAttributionDrift {
        /// Endpoint.
        endpoint: String,
        /// Served days to explain (default 7).
        #[serde(default = "seven")]
        days: i64,
    },
    /// Serve a day of a workload with a registered model in one mode (real-time endpoint,
    /// asynchronous endpoint with a queue, or nightly batch job) and bill it.
    ///
    /// Example: `serve_mode name=checkout model=scorer version=1 mode=real_time requests_per_day=20000 arrival=daytime seconds_per_request=0.03 payload_mb=0.01 instances=1 price_per_instance_hour=0.23`
    ServeMode(ServeModeArgs),
    /// Set (or replace) an alarm on an endpoint's deployment figures.
    ///
    /// Example: `set_alarm endpoint=scoring name=errors metric=error_rate comparison=">" threshold=0.05 evaluation_periods=3 datapoints_to_alarm=2`
    SetAlarm(AlarmArgs),
    /// Serve traffic for whole simulated days.
    ///
    /// Example: `advance_days days=7`
    AdvanceDays {
        /// Days (1 to 365).
        days: i64,
    },
    /// Change the production distribution (covariate, concept or prior drift).
    ///
    /// Example: `inject_drift kind=covariate feature=income shift=1.5 from_day=5 over_days=3`
    InjectDrift(DriftArgs),
    /// Break the data pipeline or a build.
    ///
    /// Example: `inject_incident kind=unit_change feature=loan_amount factor=100`
    InjectIncident(IncidentArgs),
    /// Monitor an endpoint's traffic per window against a reference.
    ///
    /// Example: `configure_monitor endpoint=scoring window_days=1 reference=training drift_share=0.5 features.income.method=psi features.income.threshold=0.2`
    ConfigureMonitor(MonitorArgs),
    /// Run an endpoint's monitor now over the latest days.
    ///
    /// Example: `run_monitor endpoint=scoring window_days=3`
    RunMonitor {
        /// Endpoint.
        endpoint: String,
        /// Days to look back (default: the monitor's window).
        #[serde(default)]
        window_days: Option<i64>,
    },
    /// Define the training pipeline (a DAG of nine steps) over the World's commands.
    ///
    /// Example: `set_pipeline name=scorer rows=5000 views=finance model=logistic thresholds.test_auc.threshold=0.6 thresholds.test_auc.greater_is_better=true source=production endpoint=scoring strategy.kind=canary strategy.percent=20 strategy.bake_hours=24`
    SetPipeline(PipelineSpec),
    /// Airflow retry settings for a step or every step.
    ///
    /// Example: `set_retries step=train retries=2 retry_delay_seconds=300 exponential_backoff=true max_retry_delay_seconds=900`
    SetRetries(RetrySpec),
    /// What starts pipeline runs: manual, schedule or drift alert.
    ///
    /// Example: `set_trigger trigger=schedule every_days=7`
    SetTrigger(TriggerSpec),
    /// Make the next attempts of a step fail with a transient error.
    ///
    /// Example: `fail_step step=ingest times=1`
    FailStep(FailStep),
    /// Start a pipeline run by hand.
    ///
    /// Example: `run_pipeline caching=true`
    RunPipeline(RunPipeline),
    /// Run the pipeline for the past days of its schedule, as Airflow's `backfill create`.
    ///
    /// Example: `backfill_pipeline start_day=92 end_day=94 reprocess_behavior=failed`
    BackfillPipeline(BackfillSpec),
}

fn default_skew_threshold() -> f64 {
    0.1
}
fn half() -> f64 {
    0.5
}
fn seven() -> i64 {
    7
}
fn default_max_results() -> i64 {
    1000
}

#[cfg(test)]
mod tests {
    use super::registry::registry;
    use super::*;

    #[test]
    fn every_word_has_an_example_that_parses_to_itself() {
        let r = registry();
        assert_eq!(r.commands.variants.len(), 50);
        assert_eq!(r.checks.variants.len(), 38);
        for w in &r.commands.variants {
            let c = console::parse_command(&w.example)
                .unwrap_or_else(|e| panic!("{}: {}: {}", w.name, w.example, e.message));
            assert_eq!(serde_json::to_value(&c).unwrap()["do"], w.name.as_str());
            assert!(!w.summary.is_empty(), "{} has no summary", w.name);
        }
        for w in &r.checks.variants {
            let c = console::parse_check(&w.example)
                .unwrap_or_else(|e| panic!("{}: {}: {}", w.name, w.example, e.message));
            assert_eq!(serde_json::to_value(&c).unwrap()["kind"], w.name.as_str());
        }
    }

    #[test]
    fn the_registry_knows_arguments_types_and_defaults() {
        use registry::Shape;
        let generate = registry().commands.variant("generate").unwrap();
        let names: Vec<&str> = generate.args.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["rows", "missing_rate", "outlier_rate"]);
        assert_eq!(generate.args[0].shape, Shape::Integer);
        assert!(generate.args[0].required);
        assert_eq!(generate.args[1].default, Some(serde_json::json!(0.0)));
        let train = registry().commands.variant("train").unwrap();
        let Shape::Choice(kinds) = &train.arg("model").unwrap().shape else {
            panic!("model is a choice")
        };
        let kinds: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(kinds, ["logistic", "tree", "naive_bayes"]);
    }

    #[test]
    fn params_become_mlflow_strings() {
        assert_eq!(ParamValue::Int(5).to_param_string(), "5");
        assert_eq!(ParamValue::Float(0.1).to_param_string(), "0.1");
        assert_eq!(ParamValue::Float(1.0).to_param_string(), "1.0");
        assert_eq!(ParamValue::Bool(true).to_param_string(), "True");
    }
}
