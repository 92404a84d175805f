//! The argument types of the World's commands: data issues, expectations, feature specs, model
//! families and hyperparameter values, sweep strategies, metric thresholds and legacy stages.

use serde::{Deserialize, Serialize};

/// Damage to the current data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// linfa-logistic L2-regularised logistic regression.
    Logistic,
    /// CART decision tree (Gini), grown as scikit-learn grows it.
    Tree,
    /// linfa-bayes Gaussian naive Bayes.
    NaiveBayes,
}

impl ModelKind {
    /// The name used in commands and run params.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Logistic => "logistic",
            ModelKind::Tree => "tree",
            ModelKind::NaiveBayes => "naive_bayes",
        }
    }
}

/// A hyperparameter value as written in TOML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SweepStrategy {
    /// Every combination (scikit-learn `GridSearchCV`).
    Grid,
    /// A seeded sample without replacement (scikit-learn `RandomizedSearchCV` over lists).
    Random,
}

/// An `MLflow` `MetricThreshold`, as written.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
