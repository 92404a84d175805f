//! The World's vocabulary, in one place: every [`Command`] a learner, lab or headless run can
//! send, and every [`Check`] a lab can ask about the World. Both deserialise from TOML inline
//! tables (`{ do = "train", model = "logistic" }`, `{ kind = "validation_passed" }`), and
//! [`COMMANDS`] / [`CHECKS`] list each word with a one-line summary and a working example, so the
//! content validator and the help screen read the same table as the code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use self::args::{
    DataIssue, ExpectationSpec, FeatureSpecParams, ModelKind, ParamValue, Stage, SweepStrategy,
    ThresholdSpec,
};
pub use self::check::Check;
pub use self::ops_args::{
    AlarmMetric, Comparison, FeatureMonitorSpec, IntOrPercent, Platform, Strategy, bake_hours,
};
pub use self::ops_commands::{AlarmArgs, DeployArgs, DriftArgs, IncidentArgs, MonitorArgs};
pub use self::words::{CHECKS, COMMANDS};
use super::pipeline::{FailStep, PipelineSpec, RetrySpec, RunPipeline, TriggerSpec};

mod args;
mod check;
mod ops_args;
mod ops_commands;
mod words;

/// One entry of the documented vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The `do` (command) or `kind` (check) name.
    pub name: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    /// A complete inline-table example that parses.
    pub example: &'static str,
}

/// Something a user asks the World to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Generate the scenario's historical table (replaces the current data).
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
    CorruptData {
        /// What goes wrong.
        issue: DataIssue,
    },
    /// Infer a TFDV-style schema (types, ranges, domains, presence) from the current data.
    InferSchema,
    /// Add a Great Expectations-style expectation to the suite.
    Expect {
        /// The expectation.
        expectation: ExpectationSpec,
    },
    /// Validate the current data against the schema and the expectation suite.
    Validate,
    /// Declare a Feast entity (a join key of the data).
    DefineEntity {
        /// Entity name.
        name: String,
        /// The column that identifies it.
        join_key: String,
    },
    /// Register (or re-register as a new version) a feature view over the current data.
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
    BuildTrainingSet {
        /// Feature views to join.
        views: Vec<String>,
        /// Hours between an observation and the moment its label is known (the entity row's T).
        #[serde(default)]
        label_delay_hours: i64,
    },
    /// Load the latest feature values with event time in [`start_day`, `end_day`] into the online store.
    Materialize {
        /// Feature view.
        view: String,
        /// Window start, in simulated days.
        start_day: f64,
        /// Window end (inclusive, as Feast's `BETWEEN`), in simulated days.
        end_day: f64,
    },
    /// Switch the deliberately divergent serving transformation of one feature on or off.
    SetServingBug {
        /// Feature view.
        view: String,
        /// Output feature name (as listed by the view).
        feature: String,
        /// On or off.
        enabled: bool,
    },
    /// Compare training and serving feature statistics (L-infinity / Jensen-Shannon, as TFDV).
    CheckSkew {
        /// Jensen-Shannon threshold for numeric features.
        #[serde(default = "default_skew_threshold")]
        numeric_threshold: f64,
        /// L-infinity threshold for categorical features.
        #[serde(default = "default_skew_threshold")]
        categorical_threshold: f64,
    },
    /// Split the training set into train / validation / test fractions (must sum to 1).
    Split {
        /// Train fraction.
        train: f64,
        /// Validation fraction.
        validation: f64,
        /// Test fraction.
        test: f64,
    },
    /// Train one model and track it as a run.
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
    SetTag {
        /// Run id.
        run_id: String,
        /// Tag key.
        key: String,
        /// Tag value.
        value: String,
    },
    /// Evaluate the CI/CD gate for a run: data validation plus `MLflow` `MetricThresholds`.
    EvaluateGate {
        /// Registered model whose `champion` is the baseline.
        model: String,
        /// Candidate run.
        run_id: String,
        /// Metric name to threshold.
        thresholds: BTreeMap<String, ThresholdSpec>,
    },
    /// Register a run's model as the next version of a registered model.
    RegisterModel {
        /// Registered model name.
        name: String,
        /// Source run.
        run_id: String,
    },
    /// Point an alias (champion, challenger, any name) at a version, recording why.
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
    },
    /// Move an alias back to the version it pointed at before its last move.
    Rollback {
        /// Registered model.
        name: String,
        /// Alias.
        alias: String,
        /// Why.
        #[serde(default)]
        reason: String,
    },
    /// Move a version to a legacy stage (deprecated since `MLflow` 2.9; aliases replace it).
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
    /// Set the code version recorded in the lineage of new runs.
    SetCodeVersion {
        /// E.g. a git commit.
        version: String,
    },
    /// Move the simulated clock forward, serving each day it completes.
    AdvanceClock {
        /// Hours to wait.
        hours: i64,
    },
    /// Create an online endpoint serving a registered model.
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
    },
    /// Deploy a registered version behind an endpoint with a strategy.
    Deploy(DeployArgs),
    /// Set an endpoint's live split (must sum to 100) and mirror (at most 100).
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
    Scale {
        /// Endpoint.
        endpoint: String,
        /// Deployment.
        deployment: String,
        /// Pods.
        replicas: i64,
    },
    /// Autoscale a deployment on requests per pod (HPA).
    Autoscale {
        /// Endpoint.
        endpoint: String,
        /// Deployment.
        deployment: String,
        /// Fewest pods.
        min_replicas: i64,
        /// Most pods.
        max_replicas: i64,
        /// Target requests per pod per simulated hour.
        target_requests_per_pod: f64,
    },
    /// Set (or replace) an alarm on an endpoint's deployment figures.
    SetAlarm(AlarmArgs),
    /// Serve traffic for whole simulated days.
    AdvanceDays {
        /// Days (1 to 365).
        days: i64,
    },
    /// Change the production distribution (covariate, concept or prior drift).
    InjectDrift(DriftArgs),
    /// Break the data pipeline or a build.
    InjectIncident(IncidentArgs),
    /// Monitor an endpoint's traffic per window against a reference.
    ConfigureMonitor(MonitorArgs),
    /// Run an endpoint's monitor now over the latest days.
    RunMonitor {
        /// Endpoint.
        endpoint: String,
        /// Days to look back (default: the monitor's window).
        #[serde(default)]
        window_days: Option<i64>,
    },
    /// Define the training pipeline (a DAG of nine steps) over the World's commands.
    SetPipeline(PipelineSpec),
    /// Airflow retry settings for a step or every step.
    SetRetries(RetrySpec),
    /// What starts pipeline runs: manual, schedule or drift alert.
    SetTrigger(TriggerSpec),
    /// Make the next attempts of a step fail with a transient error.
    FailStep(FailStep),
    /// Start a pipeline run by hand.
    RunPipeline(RunPipeline),
}

fn default_skew_threshold() -> f64 {
    0.1
}
fn default_max_results() -> i64 {
    1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Wrap<T> {
        x: T,
    }

    fn parse<T: serde::de::DeserializeOwned>(inline: &str) -> Result<T, toml::de::Error> {
        toml::from_str::<Wrap<T>>(&format!("x = {inline}")).map(|w| w.x)
    }

    #[test]
    fn every_documented_example_parses_to_its_own_name() {
        for w in COMMANDS {
            let c: Command = parse(w.example).unwrap_or_else(|e| panic!("{}: {e}", w.name));
            let back = serde_json::to_value(&c).unwrap();
            assert_eq!(back["do"], w.name);
        }
        for w in CHECKS {
            let c: Check = parse(w.example).unwrap_or_else(|e| panic!("{}: {e}", w.name));
            assert_eq!(serde_json::to_value(&c).unwrap()["kind"], w.name);
        }
    }

    /// The variant names serde knows, read from its "expected one of" message.
    fn variants<T: serde::de::DeserializeOwned + std::fmt::Debug>(tag: &str) -> Vec<String> {
        let err = parse::<T>(&format!("{{ {tag} = \"no_such_word\" }}"))
            .unwrap_err()
            .to_string();
        let list = err.split("expected one of").nth(1).unwrap();
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_tables_document_every_variant_and_nothing_else() {
        let mut commands: Vec<&str> = COMMANDS.iter().map(|w| w.name).collect();
        let mut checks: Vec<&str> = CHECKS.iter().map(|w| w.name).collect();
        commands.sort_unstable();
        checks.sort_unstable();
        let mut known = variants::<Command>("do");
        known.sort();
        assert_eq!(commands, known);
        let mut known = variants::<Check>("kind");
        known.sort();
        assert_eq!(checks, known);
    }

    #[test]
    fn unknown_names_and_fields_are_errors() {
        assert!(
            parse::<Command>(r#"{ do = "trian" }"#)
                .unwrap_err()
                .to_string()
                .contains("trian")
        );
        let e = parse::<Command>(r#"{ do = "generate", rows = 5, colour = "red" }"#).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn params_become_mlflow_strings() {
        assert_eq!(ParamValue::Int(5).to_param_string(), "5");
        assert_eq!(ParamValue::Float(0.1).to_param_string(), "0.1");
        assert_eq!(ParamValue::Float(1.0).to_param_string(), "1.0");
        assert_eq!(ParamValue::Bool(true).to_param_string(), "True");
    }
}
