//! The larger argument structs of the operations commands (`deploy`, `inject_drift`,
//! `inject_incident`, `configure_monitor`), kept out of the `Command` enum so it stays readable.
//! Every field a kind does not use must be absent; the World says which ones a kind needs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ops_args::{
    AlarmMetric, Arrival, Comparison, FeatureMonitorSpec, IntOrPercent, ServeMode, Strategy,
};

/// `deploy`: put a registered version behind an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeployArgs {
    /// Endpoint.
    pub endpoint: String,
    /// Registered model version.
    pub version: i64,
    /// Deployment name (default `v<version>`; Azure-style `blue` / `green` work too).
    #[serde(default)]
    pub deployment: Option<String>,
    /// Strategy (default all at once).
    #[serde(default = "default_strategy")]
    pub strategy: Strategy,
    /// Pods (default 2).
    #[serde(default = "default_replicas")]
    pub replicas: i64,
    /// Kubernetes maxSurge (default "25%").
    #[serde(default)]
    pub max_surge: Option<IntOrPercent>,
    /// Kubernetes maxUnavailable (default "25%").
    #[serde(default)]
    pub max_unavailable: Option<IntOrPercent>,
}

fn default_strategy() -> Strategy {
    Strategy::AllAtOnce {
        bake_hours: None,
        bake_days: None,
    }
}
fn default_replicas() -> i64 {
    2
}

/// `autoscale`: target tracking on a deployment (the Kubernetes HPA, at one decision an hour).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoscaleArgs {
    /// Endpoint.
    pub endpoint: String,
    /// Deployment.
    pub deployment: String,
    /// Fewest pods; 0 lets an idle deployment scale to zero (its next request waits for a cold
    /// start).
    pub min_replicas: i64,
    /// Most pods.
    pub max_replicas: i64,
    /// Target requests per pod per simulated hour.
    #[serde(default)]
    pub target_requests_per_pod: Option<f64>,
    /// Target hourly p95 latency, ms (with both targets, the larger proposal wins).
    #[serde(default)]
    pub target_p95_ms: Option<f64>,
    /// Hours a scale-in looks back over, taking the highest recommendation among them
    /// (default 0: this hour's alone; the HPA's default window is 300 s).
    #[serde(default)]
    pub scale_down_window_hours: i64,
    /// With `min_replicas=0`: ms a pod takes to start and load the model when a request
    /// finds none running (default 20000).
    #[serde(default)]
    pub cold_start_ms: Option<f64>,
}

/// `plan_ab_test`: the fixed-horizon sample size of a test between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbPlanArgs {
    /// Endpoint.
    pub endpoint: String,
    /// Control: the version serving today (A).
    pub control: i64,
    /// Treatment: the challenger (B).
    pub treatment: i64,
    /// Control's expected conversion rate, 0 to 1.
    pub baseline_rate: f64,
    /// Minimum detectable effect: the smallest absolute change in the rate worth finding.
    pub mde: f64,
    /// Significance level of the two-sided test (default 0.05).
    #[serde(default = "alpha")]
    pub alpha: f64,
    /// Power: the chance of detecting an effect of `mde` (default 0.8).
    #[serde(default = "power")]
    pub power: f64,
}

/// `serve_mode`: a day of one workload served by a registered model in one mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServeModeArgs {
    /// Workload name (its facts are `serve.<name>.<field>`).
    pub name: String,
    /// Registered model.
    pub model: String,
    /// Its version.
    pub version: i64,
    /// `real_time`, `async` or `batch`.
    pub mode: ServeMode,
    /// Requests in the day, 1 to 200,000.
    pub requests_per_day: i64,
    /// `steady`, `daytime`, `bursty` or `nightly`.
    pub arrival: Arrival,
    /// Mean processing time of one request on one instance, in seconds.
    pub seconds_per_request: f64,
    /// Size of one request's input in MB (default 0.01).
    #[serde(default = "payload")]
    pub payload_mb: f64,
    /// Always-on instances (real-time), most instances (async) or the job's (batch); default 1.
    #[serde(default = "one_instance")]
    pub instances: i64,
    /// Dollars per instance-hour: a lab parameter, not a price list (default 0.23).
    #[serde(default = "price")]
    pub price_per_instance_hour: f64,
}

fn payload() -> f64 {
    0.01
}
fn one_instance() -> i64 {
    1
}
fn price() -> f64 {
    0.23
}

fn alpha() -> f64 {
    0.05
}
fn power() -> f64 {
    0.8
}

/// `set_alarm`: a `CloudWatch`-style alarm on one hourly figure of an endpoint's deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmArgs {
    /// Endpoint.
    pub endpoint: String,
    /// Alarm name.
    pub name: String,
    /// Figure watched.
    pub metric: AlarmMetric,
    /// `>`, `>=`, `<` or `<=`.
    pub comparison: Comparison,
    /// Threshold.
    pub threshold: f64,
    /// Only this deployment (default: each one).
    #[serde(default)]
    pub deployment: Option<String>,
    /// `CloudWatch`'s `EvaluationPeriods`: how many recent hourly datapoints are looked at
    /// (default 1).
    #[serde(default = "one")]
    pub evaluation_periods: i64,
    /// `CloudWatch`'s `DatapointsToAlarm`: how many of them must breach (default: all of them).
    #[serde(default)]
    pub datapoints_to_alarm: Option<i64>,
}

/// `inject_drift`: change the production distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DriftArgs {
    /// `covariate`, `concept` or `prior`.
    pub kind: String,
    /// Feature (covariate, concept).
    #[serde(default)]
    pub feature: Option<String>,
    /// Covariate: add this many reference standard deviations to a numeric feature.
    #[serde(default)]
    pub shift: Option<f64>,
    /// Covariate: multiply a numeric feature by this.
    #[serde(default)]
    pub scale: Option<f64>,
    /// Covariate: move `fraction` of rows to this level (categorical); concept: the level whose
    /// risk changes.
    #[serde(default)]
    pub level: Option<String>,
    /// Covariate on a categorical feature: share of rows moved to `level`.
    #[serde(default)]
    pub fraction: Option<f64>,
    /// Concept: log-odds added per standard deviation of the feature (or for `level`).
    #[serde(default)]
    pub effect: Option<f64>,
    /// Prior: the new share of positive labels.
    #[serde(default)]
    pub positive_rate: Option<f64>,
    /// Start this many days from now (0: the next day served).
    #[serde(default)]
    pub from_day: i64,
    /// Ramp up linearly over this many days (0 or 1: sudden).
    #[serde(default)]
    pub over_days: i64,
}

/// `inject_incident`: break the data pipeline or a build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentArgs {
    /// `schema_change`, `missing_surge`, `unit_change`, `serving_skew`, `faulty_build` or
    /// `traffic_spike`.
    pub kind: String,
    /// The raw column (schema change, missing surge, unit change) or the served feature output
    /// (serving skew, e.g. `log_income`).
    #[serde(default)]
    pub feature: Option<String>,
    /// Schema change: `new_column`, `missing_column` or `renamed_column`.
    #[serde(default)]
    pub change: Option<String>,
    /// Schema change: the new name of a renamed column.
    #[serde(default)]
    pub new_name: Option<String>,
    /// Missing surge: share of values blanked.
    #[serde(default)]
    pub fraction: Option<f64>,
    /// Unit change: multiplier (100: dollars become cents); traffic spike: requests multiply
    /// by this (1 to 10).
    #[serde(default)]
    pub factor: Option<f64>,
    /// Traffic spike: how many days it lasts (default 1).
    #[serde(default)]
    pub days: Option<i64>,
    /// Faulty build: endpoint; traffic spike: only this endpoint (default: every endpoint).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Faulty build: model version whose image is broken.
    #[serde(default)]
    pub version: Option<i64>,
    /// Faulty build: extra share of failed requests.
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// Faulty build: extra latency in milliseconds.
    #[serde(default)]
    pub latency_ms: Option<f64>,
    /// Faulty build: its pods never pass their readiness probe (a crash loop).
    #[serde(default)]
    pub fails_readiness: bool,
    /// Start this many days from now (0: the next day served).
    #[serde(default)]
    pub from_day: i64,
}

/// `configure_monitor`: what to compare, how often, and with which tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorArgs {
    /// Endpoint whose traffic is monitored.
    pub endpoint: String,
    /// Days per window (default 1).
    #[serde(default = "one")]
    pub window_days: i64,
    /// `training` (default) or `window`.
    #[serde(default = "training")]
    pub reference: String,
    /// For a `window` reference: first served day (0-based).
    #[serde(default)]
    pub reference_from_day: Option<i64>,
    /// For a `window` reference: last served day (inclusive).
    #[serde(default)]
    pub reference_to_day: Option<i64>,
    /// Dataset drift when the drifted share is at least this (default 0.5).
    #[serde(default = "half")]
    pub drift_share: f64,
    /// Per-feature method and threshold overrides.
    #[serde(default)]
    pub features: BTreeMap<String, FeatureMonitorSpec>,
    /// Data-quality alert when a feature's null rate rises by more than this (default 0.05).
    #[serde(default = "null_rise")]
    pub null_rate_increase: f64,
    /// Performance alert when accuracy (realised or CBPE-estimated) falls more than this below
    /// the model's test accuracy (default 0.05).
    #[serde(default = "null_rise")]
    pub accuracy_drop: f64,
}

fn one() -> i64 {
    1
}
fn training() -> String {
    "training".into()
}
fn half() -> f64 {
    0.5
}
fn null_rise() -> f64 {
    0.05
}
pub(super) fn default_requests() -> i64 {
    2000
}
pub(super) fn default_label_delay() -> i64 {
    7
}
