//! The pipeline's vocabulary: the arguments of `set_pipeline`, `set_retries`, `set_trigger`,
//! `fail_step` and `run_pipeline`, as the TOML inline tables labs write.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::StepName;
use crate::world::monitoring::AlertKind;
use crate::world::vocabulary::{ModelKind, ParamValue, Strategy, ThresholdSpec};

/// `set_pipeline`: what each step of the DAG does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    /// Pipeline name; also the registered model's name. The cache is scoped by it, as in Vertex.
    pub name: String,
    /// Rows the ingest step pulls per day.
    pub rows: i64,
    /// Missing-value rate of the ingested data.
    #[serde(default)]
    pub missing_rate: f64,
    /// Outlier rate of the ingested data.
    #[serde(default)]
    pub outlier_rate: f64,
    /// Feature views the features step joins (defined beforehand with `define_feature_view`).
    pub views: Vec<String>,
    /// Label delay for the point-in-time join.
    #[serde(default)]
    pub label_delay_hours: i64,
    /// Model family the train step fits.
    pub model: ModelKind,
    /// Its hyperparameters.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    /// The gate's `MetricThresholds`.
    pub thresholds: BTreeMap<String, ThresholdSpec>,
    /// Whether steps may be served from the cache (Kubeflow: on by default).
    #[serde(default = "yes")]
    pub caching: bool,
    /// Where ingest reads: `history` (the warehouse snapshot, default) or `production` (the
    /// endpoint's logged requests whose labels have arrived, newest first).
    #[serde(default)]
    pub source: DataSource,
    /// The endpoint the deploy step rolls out to and a `production` source reads (default: the
    /// endpoint serving the pipeline's model).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// How the deploy step rolls out (default: the last strategy used on the endpoint, else
    /// all at once).
    #[serde(default)]
    pub strategy: Option<Strategy>,
}

/// Where the ingest step reads its training data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// The day's snapshot of the historical source (a warehouse table).
    #[default]
    History,
    /// Requests the endpoint actually served, with the labels that have arrived.
    Production,
}

/// `set_retries`: Airflow retry settings for one step, or every step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetrySpec {
    /// The step; omitted: every step without its own policy.
    #[serde(default)]
    pub step: Option<StepName>,
    /// Extra attempts after the first (0 to 10).
    pub retries: i64,
    /// Seconds between attempts (Airflow's default: 300).
    #[serde(default = "default_retry_delay")]
    pub retry_delay_seconds: i64,
    /// Double the delay after each failed attempt (off by default, as in Airflow).
    #[serde(default)]
    pub exponential_backoff: bool,
    /// Cap on the backed-off delay.
    #[serde(default)]
    pub max_retry_delay_seconds: Option<i64>,
}

/// `set_trigger`: what starts pipeline runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerSpec {
    /// `manual`, `schedule` or `drift_alert`.
    pub trigger: String,
    /// For `schedule`: the period in days.
    #[serde(default)]
    pub every_days: Option<i64>,
    /// For `drift_alert`: the alert kinds that start a run (default: every drift and performance
    /// kind), as a team routes only some monitors' alarms to the pipeline.
    #[serde(default)]
    pub alerts: Option<Vec<AlertKind>>,
}

/// `fail_step`: the next attempts of a step fail with a transient error (a lost worker, a
/// warehouse timeout), to watch retries work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailStep {
    /// The step.
    pub step: StepName,
    /// How many attempts fail (1 to 10).
    #[serde(default = "one")]
    pub times: i64,
}

/// `run_pipeline`: start a manual run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunPipeline {
    /// Override the pipeline's caching for this run (Vertex's `enable_caching`).
    #[serde(default)]
    pub caching: Option<bool>,
}

fn yes() -> bool {
    true
}
fn one() -> i64 {
    1
}
fn default_retry_delay() -> i64 {
    300
}
