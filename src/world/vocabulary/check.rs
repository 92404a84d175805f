//! The checks a lab can ask about the World.

use serde::{Deserialize, Serialize};

use crate::world::monitoring::AlertKind;
use crate::world::pipeline::{StepName, StepState};
use crate::world::validation::AnomalyKind;

/// A question a lab asks about the World ("check my progress").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// Data exists with at least this many rows.
    ///
    /// Example: `data_generated min_rows=1000`
    DataGenerated {
        /// Minimum rows.
        #[serde(default)]
        min_rows: i64,
    },
    /// A schema has been inferred.
    ///
    /// Example: `schema_inferred`
    SchemaInferred,
    /// The latest validation of the current data passed.
    ///
    /// Example: `validation_passed`
    ValidationPassed,
    /// The latest validation reported this anomaly (optionally on this column).
    ///
    /// Example: `anomaly_found anomaly=SCHEMA_NEW_COLUMN`
    AnomalyFound {
        /// TFDV anomaly name, e.g. `SCHEMA_NEW_COLUMN`: one the World detects, so `check`
        /// refuses a typo with its place instead of a check that can never pass.
        anomaly: AnomalyKind,
        /// Column, if it matters.
        #[serde(default)]
        column: Option<String>,
    },
    /// A feature view with this name is registered.
    ///
    /// Example: `feature_view_registered name=finance`
    FeatureViewRegistered {
        /// View name.
        name: String,
    },
    /// A training set has been built.
    ///
    /// Example: `training_set_built`
    TrainingSetBuilt,
    /// The latest skew check flagged a feature (this one, if named).
    ///
    /// Example: `skew_detected feature=log_income`
    SkewDetected {
        /// Output feature name.
        #[serde(default)]
        feature: Option<String>,
    },
    /// The latest skew check flagged nothing, and every feature is served by the transformation
    /// training used (a raised threshold hides a divergent path; it does not clear it).
    ///
    /// Example: `skew_clear`
    SkewClear,
    /// At least this many runs finished.
    ///
    /// Example: `runs_finished count=3`
    RunsFinished {
        /// Minimum count.
        count: i64,
    },
    /// Some finished run logged this metric at or above the value.
    ///
    /// Example: `metric_at_least metric=val_auc value=0.7`
    MetricAtLeast {
        /// Metric key, e.g. `val_auc`.
        metric: String,
        /// Minimum value.
        value: f64,
    },
    /// A registered model has a version (this one, if given).
    ///
    /// Example: `model_version_exists name=scorer version=1`
    ModelVersionExists {
        /// Registered model.
        name: String,
        /// Version number.
        #[serde(default)]
        version: Option<i64>,
    },
    /// An alias exists (and points at this version, if given).
    ///
    /// Example: `alias_points_to name=scorer alias=champion version=1`
    AliasPointsTo {
        /// Registered model.
        name: String,
        /// Alias.
        alias: String,
        /// Version number.
        #[serde(default)]
        version: Option<i64>,
    },
    /// The learner audited this served day of the endpoint with `lineage`.
    ///
    /// Example: `lineage_audited endpoint=scoring day=3`
    LineageAudited {
        /// Endpoint.
        endpoint: String,
        /// Served day.
        day: i64,
    },
    /// A gate passed (for this run, if given).
    ///
    /// Example: `gate_passed`
    GatePassed {
        /// Run id.
        #[serde(default)]
        run_id: Option<String>,
    },
    /// A monitor raised a feature-drift alert (on this feature, if named).
    ///
    /// Example: `drift_alert feature=income`
    DriftAlert {
        /// Feature.
        #[serde(default)]
        feature: Option<String>,
    },
    /// Monitors have run and raised no feature-drift alert (on this feature, if named).
    ///
    /// Example: `no_drift_alert feature=age`
    NoDriftAlert {
        /// Feature.
        #[serde(default)]
        feature: Option<String>,
    },
    /// A monitor raised an alert of this kind (`feature_drift`, `dataset_drift`,
    /// `prediction_drift`, `data_quality`, `schema`, `performance`, `estimated_performance`).
    ///
    /// Example: `alert_raised alert=feature_drift feature=income method=wasserstein`
    AlertRaised {
        /// Alert kind: one the World raises, so `check` refuses a typo with its place.
        alert: AlertKind,
        /// Only alerts on this feature.
        #[serde(default)]
        feature: Option<String>,
        /// Only alerts whose method or metric is this (e.g. `wasserstein`, `accuracy`).
        #[serde(default)]
        method: Option<String>,
    },
    /// The latest monitoring run (of this endpoint, against this kind of reference, if named)
    /// raised no drift alert (on this feature, if named): what recovery looks like after a
    /// retrain on the new distribution.
    ///
    /// Example: `drift_cleared feature=income endpoint=scoring`
    DriftCleared {
        /// Feature.
        #[serde(default)]
        feature: Option<String>,
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
        /// Only runs against this kind of reference count (`training`, or `window` of served
        /// days): "no drift against last week's production" rules out a shift in the inputs.
        #[serde(default)]
        reference: Option<ReferenceKind>,
    },
    /// Labelled requests answered by a version (default: the one taking the most live traffic now) reached a realised accuracy.
    ///
    /// Example: `realised_accuracy version=2 min=0.8 endpoint=scoring`
    RealisedAccuracy {
        /// Model version (default: the version taking the most live traffic now).
        #[serde(default)]
        version: Option<i64>,
        /// Minimum accuracy.
        min: f64,
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// A version takes at least this share of live traffic.
    ///
    /// Example: `deployment_serving version=2 min_percent=10`
    DeploymentServing {
        /// Model version.
        version: i64,
        /// Minimum percent.
        min_percent: i64,
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// A version takes exactly this share of live traffic.
    ///
    /// Example: `traffic version=1 percent=100 endpoint=scoring`
    Traffic {
        /// Model version.
        version: i64,
        /// Percent.
        percent: i64,
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// A rollout was rolled back automatically.
    ///
    /// Example: `rolled_back`
    RolledBack {
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// An alarm fired (this one, if named).
    ///
    /// Example: `alarm_fired alarm=errors`
    AlarmFired {
        /// Alarm name.
        #[serde(default)]
        alarm: Option<String>,
    },
    /// A monitor has reported realised performance (labels arrived).
    ///
    /// Example: `performance_known`
    PerformanceKnown {
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// A deployment has at least `min` ready pods (and at most `max` replicas, if given: a
    /// fleet that has scaled back in).
    ///
    /// Example: `pods_ready endpoint=scoring deployment=v1 min=2`
    PodsReady {
        /// Endpoint.
        endpoint: String,
        /// Deployment.
        deployment: String,
        /// Minimum ready pods.
        min: i64,
        /// Maximum desired replicas.
        #[serde(default)]
        max: Option<i64>,
    },
    /// One served day of the endpoint (its last, or day N numbered from 0 as the day lines
    /// print it) woke a deployment from zero replicas between `min` and `max` times (cold
    /// starts; either bound may be left out).
    ///
    /// Example: `cold_starts endpoint=reports day=1 min=1`
    ColdStarts {
        /// Endpoint.
        endpoint: String,
        /// Served day (default: the last one served).
        #[serde(default)]
        day: Option<i64>,
        /// Fewest cold starts.
        #[serde(default)]
        min: Option<i64>,
        /// Most cold starts.
        #[serde(default)]
        max: Option<i64>,
    },
    /// An A/B test is planned (on this endpoint, if named).
    ///
    /// Example: `ab_test_planned endpoint=scoring`
    AbTestPlanned {
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// An A/B test ended (at its planned horizon, if `at_horizon`).
    ///
    /// Example: `ab_test_concluded endpoint=scoring at_horizon=true`
    AbTestConcluded {
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
        /// Only a test whose arms both reached the planned sample size counts.
        #[serde(default)]
        at_horizon: bool,
    },
    /// A run's permutation importance was computed (this run, if given).
    ///
    /// Example: `explained run_id=run-001`
    Explained {
        /// Run id (default: any).
        #[serde(default)]
        run_id: Option<String>,
    },
    /// A bias report was made (on this run, if given).
    ///
    /// Example: `bias_reported run_id=run-001`
    BiasReported {
        /// Run id (default: any).
        #[serde(default)]
        run_id: Option<String>,
    },
    /// Some version of the model has a card with intended use, caveats, importance and bias.
    ///
    /// Example: `model_card_complete name=scorer`
    ModelCardComplete {
        /// Registered model.
        name: String,
    },
    /// An attribution drift check found NDCG below 0.90 (on this endpoint, if given).
    ///
    /// Example: `attribution_drift_alert endpoint=scoring`
    AttributionDriftAlert {
        /// Endpoint (default: any).
        #[serde(default)]
        endpoint: Option<String>,
    },
    /// A workload's latest serving in this mode answered every request (within the limits, if
    /// given).
    ///
    /// Example: `mode_served name=checkout mode=real_time max_p95_ms=100 max_cost=10`
    ModeServed {
        /// Workload.
        name: String,
        /// `real_time`, `async` or `batch`.
        mode: super::ServeMode,
        /// Most dollars for the day.
        #[serde(default)]
        max_cost: Option<f64>,
        /// Longest p95 time to a result, ms.
        #[serde(default)]
        max_p95_ms: Option<f64>,
        /// Longest p95 time to a result, hours.
        #[serde(default)]
        max_hours: Option<f64>,
    },
    /// The latest pipeline run succeeded (no step failed).
    ///
    /// Example: `pipeline_succeeded`
    PipelineSucceeded,
    /// In the latest pipeline run, this step was a cache hit.
    ///
    /// Example: `step_cached step=train`
    StepCached {
        /// The step.
        step: StepName,
    },
    /// In the latest pipeline run, this step ended in this state.
    ///
    /// Example: `step_state step=register state=skipped`
    #[serde(rename = "step_state")]
    StepInState {
        /// The step.
        step: StepName,
        /// The state.
        state: StepState,
    },
    /// At least `count` pipeline runs happened (started by this trigger, if given).
    ///
    /// Example: `pipeline_runs count=2 trigger=schedule`
    PipelineRuns {
        /// Minimum count.
        count: i64,
        /// `manual`, `schedule`, `drift_alert` or `backfill`.
        #[serde(default)]
        trigger: Option<String>,
    },
    /// Every day from `start_day` to `end_day` has a pipeline run for it, and its latest one
    /// succeeded (what a backfill with `reprocess_behavior=failed` leaves).
    ///
    /// Example: `days_succeeded start_day=92 end_day=94`
    DaysSucceeded {
        /// First logical day (inclusive), as the clock shows it.
        start_day: i64,
        /// Last logical day (inclusive).
        end_day: i64,
    },
}

/// The kind of reference a monitoring run compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// The serving model's training data.
    Training,
    /// A window of served days.
    Window,
}
