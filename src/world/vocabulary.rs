//! The World's vocabulary, in one place: every [`Command`] a learner, lab or headless run can
//! send, and every [`Check`] a lab can ask about the World. Both deserialise from TOML inline
//! tables (`{ do = "train", model = "logistic" }`, `{ kind = "validation_passed" }`), and
//! [`COMMANDS`] / [`CHECKS`] list each word with a one-line summary and a working example, so the
//! content validator and the help screen read the same table as the code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
    /// Load the latest feature values with event time in [`start_day`, `end_day`) into the online store.
    Materialize {
        /// Feature view.
        view: String,
        /// Window start, in simulated days.
        start_day: f64,
        /// Window end (exclusive), in simulated days.
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
        /// Model family.
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
        /// Model family.
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
    /// Move the simulated clock forward.
    AdvanceClock {
        /// Hours to wait.
        hours: i64,
    },
}

fn default_skew_threshold() -> f64 {
    0.1
}
fn default_max_results() -> i64 {
    1000
}

/// Damage to the current data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DataIssue {
    /// An upstream column disappears (`SCHEMA_MISSING_COLUMN`).
    DropColumn {
        /// Column.
        column: String,
    },
    /// An unannounced column appears (`SCHEMA_NEW_COLUMN`).
    AddColumn {
        /// Column.
        column: String,
    },
    /// A new category value shows up (`ENUM_TYPE_UNEXPECTED_STRING_VALUES`).
    NewCategory {
        /// Categorical column.
        column: String,
        /// The unseen value.
        value: String,
        /// Fraction of rows that get it.
        fraction: f64,
    },
    /// Many values go missing (`FEATURE_TYPE_LOW_FRACTION_PRESENT`).
    MissingSurge {
        /// Column.
        column: String,
        /// Fraction of rows blanked.
        fraction: f64,
    },
    /// An upstream unit change multiplies a numeric column (`FLOAT_TYPE_BIG_FLOAT`).
    UnitChange {
        /// Numeric column.
        column: String,
        /// Multiplier.
        factor: f64,
    },
    /// A numeric column arrives as formatted text like "1,234.5" (`FLOAT_TYPE_STRING_NOT_FLOAT`).
    AsText {
        /// Numeric column.
        column: String,
    },
}

/// A Great Expectations-style expectation (names as in GX).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExpectationSpec {
    /// The column exists.
    ExpectColumnToExist {
        /// Column.
        column: String,
    },
    /// Values are not null; at least `mostly` of all rows.
    ExpectColumnValuesToNotBeNull {
        /// Column.
        column: String,
        /// Required conforming fraction (default 1).
        #[serde(default)]
        mostly: Option<f64>,
    },
    /// Non-null values lie in [`min_value`, `max_value`]; at least `mostly` of non-null rows.
    ExpectColumnValuesToBeBetween {
        /// Column.
        column: String,
        /// Lower bound (inclusive), if any.
        #[serde(default)]
        min_value: Option<f64>,
        /// Upper bound (inclusive), if any.
        #[serde(default)]
        max_value: Option<f64>,
        /// Required conforming fraction (default 1).
        #[serde(default)]
        mostly: Option<f64>,
    },
    /// Non-null values are in the set; at least `mostly` of non-null rows.
    ExpectColumnValuesToBeInSet {
        /// Column.
        column: String,
        /// Allowed values.
        value_set: Vec<String>,
        /// Required conforming fraction (default 1).
        #[serde(default)]
        mostly: Option<f64>,
    },
}

/// One feature of a feature view, as written (checked when the view is defined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureSpecParams {
    /// Source column in the data.
    pub column: String,
    /// `identity`, `standardise`, `bucketise`, `one_hot`, `log` or `ratio`.
    #[serde(default = "default_transform")]
    pub transform: String,
    /// Bucket boundaries, ascending (for `bucketise`).
    #[serde(default)]
    pub boundaries: Vec<f64>,
    /// Denominator column (for `ratio`).
    #[serde(default)]
    pub denominator: Option<String>,
}

fn default_transform() -> String {
    "identity".to_string()
}

/// A model family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// linfa-logistic L2-regularised logistic regression.
    Logistic,
    /// linfa-trees CART decision tree (Gini).
    Tree,
}

impl ModelKind {
    /// The name used in commands and run params.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Logistic => "logistic",
            ModelKind::Tree => "tree",
        }
    }
}

/// A hyperparameter value as written in TOML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// Boolean.
    Bool(bool),
    /// Integer.
    Int(i64),
    /// Real.
    Float(f64),
    /// Text.
    Text(String),
}

impl ParamValue {
    /// The value as `MLflow` stores params: a string (`5`, `0.1`, `1.0`, `true`).
    pub fn to_param_string(&self) -> String {
        match self {
            ParamValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            ParamValue::Int(i) => i.to_string(),
            ParamValue::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.1}"),
            ParamValue::Float(f) => f.to_string(),
            ParamValue::Text(s) => s.clone(),
        }
    }

    /// The value as a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            ParamValue::Int(i) => Some(*i as f64),
            ParamValue::Float(f) => Some(*f),
            ParamValue::Bool(_) | ParamValue::Text(_) => None,
        }
    }
}

/// How a sweep picks combinations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepStrategy {
    /// Every combination (scikit-learn `GridSearchCV`).
    Grid,
    /// A seeded sample without replacement (scikit-learn `RandomizedSearchCV` over lists).
    Random,
}

/// An `MLflow` `MetricThreshold`, as written.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSpec {
    /// The candidate must reach this value.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// The candidate must beat the baseline by at least this much (positive).
    #[serde(default)]
    pub min_absolute_change: Option<f64>,
    /// The candidate must beat the baseline by at least this fraction of it (0 to 1).
    #[serde(default)]
    pub min_relative_change: Option<f64>,
    /// Whether higher values are better (required, as in `MLflow`).
    pub greater_is_better: bool,
}

/// A legacy `MLflow` model stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Not in any stage.
    None,
    /// Being tested.
    Staging,
    /// Serving.
    Production,
    /// Retired.
    Archived,
}

/// A question a lab asks about the World ("check my progress").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// Data exists with at least this many rows.
    DataGenerated {
        /// Minimum rows.
        #[serde(default)]
        min_rows: i64,
    },
    /// A schema has been inferred.
    SchemaInferred,
    /// The latest validation of the current data passed.
    ValidationPassed,
    /// The latest validation reported this anomaly (optionally on this column).
    AnomalyFound {
        /// TFDV anomaly name, e.g. `SCHEMA_NEW_COLUMN`.
        anomaly: String,
        /// Column, if it matters.
        #[serde(default)]
        column: Option<String>,
    },
    /// A feature view with this name is registered.
    FeatureViewRegistered {
        /// View name.
        name: String,
    },
    /// A training set has been built.
    TrainingSetBuilt,
    /// The latest skew check flagged a feature (this one, if named).
    SkewDetected {
        /// Output feature name.
        #[serde(default)]
        feature: Option<String>,
    },
    /// At least this many runs finished.
    RunsFinished {
        /// Minimum count.
        count: i64,
    },
    /// Some finished run logged this metric at or above the value.
    MetricAtLeast {
        /// Metric key, e.g. `val_auc`.
        metric: String,
        /// Minimum value.
        value: f64,
    },
    /// A registered model has a version (this one, if given).
    ModelVersionExists {
        /// Registered model.
        name: String,
        /// Version number.
        #[serde(default)]
        version: Option<i64>,
    },
    /// An alias exists (and points at this version, if given).
    AliasPointsTo {
        /// Registered model.
        name: String,
        /// Alias.
        alias: String,
        /// Version number.
        #[serde(default)]
        version: Option<i64>,
    },
    /// A gate passed (for this run, if given).
    GatePassed {
        /// Run id.
        #[serde(default)]
        run_id: Option<String>,
    },
}

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
        summary: "Move the simulated clock forward.",
        example: r#"{ do = "advance_clock", hours = 24 }"#,
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
];

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
