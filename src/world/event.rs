//! What the World reports back: every [`Event`] is data a TUI, a headless run or a lab check can
//! show or test. A rule the learner breaks is an [`Event::Rejected`] or [`Event::Blocked`] that
//! explains itself, never an error.

use serde::{Deserialize, Serialize};

use super::abtest::{Look, VariantDay};
use super::features::{FeatureViewSummary, SkewReport, TrainingSetSummary};
use super::gates::GateResult;
use super::lineage::LineageAudit;
use super::monitoring::{Alert, MonitorReport};
use super::pipeline::StepState;
use super::registry::{AliasMove, Lineage};
use super::serving::AlarmFiring;
use super::tracking::RunSummary;
use super::traffic::DeploymentDay;
use super::validation::{Schema, ValidationReport};

/// Something that happened in the World.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The command was refused: bad arguments or a rule of the platform.
    Rejected {
        /// The `do` name of the command.
        command: String,
        /// Why, in one sentence.
        reason: String,
    },
    /// A pipeline step did not run because an earlier step failed.
    Blocked {
        /// The step that did not run.
        command: String,
        /// Which earlier step blocks it and how to unblock.
        reason: String,
    },
    /// A note worth knowing (e.g. a deprecated feature was used, a default was applied).
    Note {
        /// The note.
        text: String,
    },
    /// New data was generated.
    DataGenerated {
        /// Scenario name.
        scenario: String,
        /// Rows.
        rows: usize,
        /// Feature columns.
        columns: Vec<String>,
        /// Rows with label 1.
        positives: usize,
        /// Content digest.
        digest: String,
    },
    /// The current data was damaged on purpose.
    DataCorrupted {
        /// What was done.
        description: String,
        /// Rows affected.
        rows: usize,
        /// New content digest.
        digest: String,
    },
    /// A schema was inferred.
    SchemaInferred {
        /// The schema.
        schema: Schema,
    },
    /// A reviewer set a numeric feature's valid range in the schema.
    DomainSet {
        /// Feature.
        column: String,
        /// Smallest valid value, if bounded below.
        min: Option<f64>,
        /// Largest valid value, if bounded above.
        max: Option<f64>,
    },
    /// An expectation joined the suite.
    ExpectationAdded {
        /// GX name.
        expectation: String,
        /// Column.
        column: String,
        /// Its `mostly`.
        mostly: f64,
    },
    /// Data was validated.
    Validated {
        /// The report.
        report: ValidationReport,
    },
    /// An entity was declared.
    EntityDefined {
        /// Entity name.
        name: String,
        /// Join key.
        join_key: String,
    },
    /// A feature view was registered.
    FeatureViewRegistered {
        /// The view.
        view: FeatureViewSummary,
    },
    /// A training set was built by point-in-time joins.
    TrainingSetBuilt {
        /// Summary.
        summary: TrainingSetSummary,
    },
    /// Features were materialised into the online store.
    Materialized {
        /// View.
        view: String,
        /// Window start, seconds.
        start: i64,
        /// Window end, seconds.
        end: i64,
        /// Entity keys written or updated.
        entities_written: usize,
    },
    /// The serving transformation of a feature was switched.
    ServingBugSet {
        /// View.
        view: String,
        /// Feature.
        feature: String,
        /// On or off.
        enabled: bool,
        /// What the divergent transformation does.
        description: String,
    },
    /// Training and serving statistics were compared.
    SkewChecked {
        /// The report.
        report: SkewReport,
    },
    /// The training set was split.
    SplitCreated {
        /// Train rows.
        train: usize,
        /// Validation rows.
        validation: usize,
        /// Test rows.
        test: usize,
    },
    /// A run started.
    RunStarted {
        /// Run id.
        run_id: String,
        /// Model family.
        model: String,
        /// Params, as strings.
        params: Vec<(String, String)>,
    },
    /// Training progress (a point on the live learning curve).
    TrainingProgress {
        /// Run id.
        run_id: String,
        /// Step number, from 1.
        step: usize,
        /// Steps in total.
        total: usize,
        /// Validation log loss at this step.
        val_log_loss: f64,
    },
    /// A run finished.
    RunFinished {
        /// The run.
        run: RunSummary,
        /// Test confusion matrix `[[TN, FP], [FN, TP]]` at threshold 0.5.
        test_confusion: [[usize; 2]; 2],
        /// Test ROC curve points `(fpr, tpr)` (sklearn's `drop_intermediate`).
        test_roc: Vec<(f64, f64)>,
    },
    /// A run failed.
    RunFailed {
        /// Run id.
        run_id: String,
        /// Why.
        reason: String,
    },
    /// A sweep finished.
    SweepFinished {
        /// `grid` or `random`.
        strategy: String,
        /// Runs trained.
        runs: Vec<String>,
        /// Best run by validation AUC.
        best_run: Option<String>,
        /// Its validation AUC.
        best_val_auc: Option<f64>,
    },
    /// Runs matching a search.
    RunsFound {
        /// The filter used.
        filter: String,
        /// Matching runs in order.
        runs: Vec<RunSummary>,
    },
    /// A run tag was set.
    TagSet {
        /// Run id.
        run_id: String,
        /// Key.
        key: String,
        /// Value.
        value: String,
    },
    /// A gate was evaluated.
    GateEvaluated {
        /// The result.
        result: GateResult,
    },
    /// A model version was registered.
    ModelRegistered {
        /// Registered model.
        name: String,
        /// New version.
        version: u32,
        /// Where it came from.
        lineage: Lineage,
    },
    /// An alias moved (or was created).
    AliasMoved {
        /// The move.
        change: AliasMove,
    },
    /// A version changed legacy stage.
    StageTransitioned {
        /// Registered model.
        name: String,
        /// Version.
        version: u32,
        /// Old stage.
        from: String,
        /// New stage.
        to: String,
        /// Versions archived by `archive_existing_versions`.
        archived: Vec<u32>,
    },
    /// A served day was audited with `lineage`.
    LineageAudited {
        /// What the audit found.
        audit: LineageAudit,
    },
    /// The code version was set.
    CodeVersionSet {
        /// New value.
        version: String,
    },
    /// Simulated time moved on.
    ClockAdvanced {
        /// New time, seconds since the scenario epoch.
        now: i64,
    },
    /// An endpoint was created.
    EndpointCreated {
        /// Endpoint.
        endpoint: String,
        /// Registered model.
        model: String,
        /// Requests per day.
        requests_per_day: u32,
        /// Label delay, days.
        label_delay_days: u32,
        /// Hours of the day requests arrive, when not all day.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        active_hours: Option<String>,
    },
    /// A deployment was created (or, for a rolling update, its image changed).
    DeploymentCreated {
        /// Endpoint.
        endpoint: String,
        /// Deployment.
        deployment: String,
        /// Model version.
        version: u32,
        /// Container image, e.g. `scorer:v2`.
        image: String,
        /// Pods.
        replicas: u32,
        /// Strategy.
        strategy: String,
    },
    /// A served day's conversions per version, on an endpoint with true conversion rates.
    Conversions {
        /// Endpoint.
        endpoint: String,
        /// Served-day index, from 0.
        day: u32,
        /// Per version.
        variants: Vec<VariantDay>,
    },
    /// A running A/B test's daily look.
    AbTestLook {
        /// Endpoint.
        endpoint: String,
        /// Counts, p-value and interval so far.
        look: Look,
    },
    /// An endpoint's traffic changed.
    TrafficShifted {
        /// Endpoint.
        endpoint: String,
        /// Live percent per deployment.
        traffic: Vec<(String, u32)>,
        /// Mirrored percent per deployment.
        mirror: Vec<(String, u32)>,
        /// Why.
        reason: String,
    },
    /// A rollout finished: the new version takes 100%.
    RolloutCompleted {
        /// Endpoint.
        endpoint: String,
        /// Version.
        version: u32,
        /// Strategy.
        strategy: String,
        /// The old deployment removed, if any.
        removed: Option<String>,
    },
    /// An alarm during a bake sent all traffic back to blue.
    RolledBack {
        /// Endpoint.
        endpoint: String,
        /// Version rolled back.
        from_version: u32,
        /// Deployment that took 100% again.
        to_deployment: String,
        /// Alarm that fired.
        alarm: String,
        /// The whole story.
        reason: String,
    },
    /// An alarm was set.
    AlarmSet {
        /// Endpoint.
        endpoint: String,
        /// Alarm.
        alarm: String,
        /// What it watches.
        description: String,
    },
    /// An alarm entered the ALARM state.
    AlarmFired {
        /// Details.
        firing: AlarmFiring,
    },
    /// A deployment's replicas changed.
    Scaled {
        /// Endpoint.
        endpoint: String,
        /// Deployment.
        deployment: String,
        /// Replicas before.
        from: u32,
        /// Replicas after.
        to: u32,
        /// Why (by hand, or the HPA's arithmetic).
        reason: String,
    },
    /// An endpoint served a day of traffic.
    DayServed {
        /// Endpoint.
        endpoint: String,
        /// Served-day index, from 0.
        day: u32,
        /// Requests received.
        requests: usize,
        /// Requests that got no prediction.
        errors: usize,
        /// Per deployment.
        deployments: Vec<DeploymentDay>,
        /// Requests that found no deployment taking live traffic (failed).
        unrouted: usize,
        /// Labels that arrived today.
        labels_arrived: usize,
    },
    /// An incident was injected.
    IncidentInjected {
        /// Number.
        id: usize,
        /// What and when.
        description: String,
    },
    /// A monitor was configured.
    MonitorConfigured {
        /// Endpoint.
        endpoint: String,
        /// Settings in words.
        description: String,
    },
    /// A monitor ran.
    MonitorRan {
        /// The report.
        report: MonitorReport,
    },
    /// A monitor raised an alert.
    AlertRaised {
        /// The alert.
        alert: Alert,
    },
    /// The pipeline's definition, retries, trigger or faults changed.
    PipelineConfigured {
        /// What changed.
        detail: String,
    },
    /// A pipeline run started.
    PipelineStarted {
        /// Run number, from 1.
        run: u32,
        /// Pipeline name.
        pipeline: String,
        /// `manual`, `schedule` or `drift_alert`.
        trigger: String,
    },
    /// A pipeline step reached a state.
    PipelineStep {
        /// Run number.
        run: u32,
        /// Step name.
        step: String,
        /// Its state.
        state: StepState,
        /// Attempt number (0 when it did not run).
        attempt: u32,
        /// What happened.
        detail: String,
    },
    /// A pipeline run ended.
    PipelineFinished {
        /// Run number.
        run: u32,
        /// True when no step failed.
        succeeded: bool,
        /// Every step's final state.
        states: Vec<(String, StepState)>,
    },
}
