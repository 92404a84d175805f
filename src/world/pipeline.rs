//! Orchestration: the training pipeline as a DAG of nine steps (ingest, validate, features,
//! train, evaluate, gate, register, deploy, monitor) built on the World's own commands.
//!
//! Faithful to the tools it teaches:
//! - step states as Airflow shows them (pending, running, success, failed, skipped, cached,
//!   `up_for_retry`, `upstream_failed`);
//! - retries with Airflow semantics: `retries` extra attempts, `retry_delay` 300 s by default on
//!   the simulated clock, optional exponential backoff (the delay doubles per retry) capped by
//!   `max_retry_delay`. Only transient failures are retried: a failing data validation fails fast
//!   (as raising `AirflowFailException` does), because retrying cannot fix the data;
//! - caching as Kubeflow / Vertex AI Pipelines: the cache key digests the step's inputs
//!   (parameters and upstream artifact digests) and its definition, scoped by pipeline name; an
//!   unchanged step is a cache hit, a changed parameter or upstream artifact is a miss that also
//!   changes every downstream key;
//! - triggers: manual, a schedule (every N simulated days, `catchup=False`), or a drift alert
//!   (continuous training) through [`World::drift_alert`].
//!
//! The vocabulary lives in `spec`, the run loop in `runner`, the per-step work in `steps`.

mod backfill;
mod batch;
mod checks;
mod conclude;
mod deploy;
mod runner;
mod spec;
mod steps;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

pub use self::backfill::{BackfillSpec, Reprocess};
pub use self::spec::{DataSource, FailStep, PipelineSpec, RetrySpec, RunPipeline, TriggerSpec};
use crate::data::table::Table;
use crate::world::monitoring::AlertKind;
use crate::world::validation::Schema;

/// One step of the DAG, in topological order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    /// Pull the day's data snapshot (`generate`).
    Ingest,
    /// Infer a schema if there is none, then validate.
    Validate,
    /// Point-in-time training set from the feature views, then the split.
    Features,
    /// Train the configured model as a tracked run.
    Train,
    /// Read the run's held-out test metrics.
    Evaluate,
    /// The CI/CD gate (data validation plus `MetricThresholds`).
    Gate,
    /// Register the gated run as a new model version.
    Register,
    /// Roll the new version out on the endpoint with its strategy (the `champion` alias moves
    /// when the rollout completes), or move the alias when nothing serves the model yet.
    Deploy,
    /// Materialise the online store and check training-serving skew.
    Monitor,
}

impl StepName {
    /// Every step, upstream first.
    pub const ALL: [StepName; 9] = [
        StepName::Ingest,
        StepName::Validate,
        StepName::Features,
        StepName::Train,
        StepName::Evaluate,
        StepName::Gate,
        StepName::Register,
        StepName::Deploy,
        StepName::Monitor,
    ];

    /// The name used in commands and checks.
    pub fn name(self) -> &'static str {
        match self {
            StepName::Ingest => "ingest",
            StepName::Validate => "validate",
            StepName::Features => "features",
            StepName::Train => "train",
            StepName::Evaluate => "evaluate",
            StepName::Gate => "gate",
            StepName::Register => "register",
            StepName::Deploy => "deploy",
            StepName::Monitor => "monitor",
        }
    }
}

/// The state of a step in a pipeline run (Airflow's task-instance states plus Kubeflow's cache hit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Not started yet.
    Pending,
    /// Executing.
    Running,
    /// Finished without error.
    Succeeded,
    /// Failed after its last allowed attempt.
    Failed,
    /// Not run on purpose (e.g. the gate said no).
    Skipped,
    /// Not run: its outputs came from the cache.
    Cached,
    /// Failed, and will run again after the retry delay.
    UpForRetry,
    /// Not run because a step upstream failed.
    UpstreamFailed,
}

impl StepState {
    /// The name used in checks and output.
    pub fn name(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::Running => "running",
            StepState::Succeeded => "succeeded",
            StepState::Failed => "failed",
            StepState::Skipped => "skipped",
            StepState::Cached => "cached",
            StepState::UpForRetry => "up_for_retry",
            StepState::UpstreamFailed => "upstream_failed",
        }
    }
}

/// Airflow's retry settings for one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Extra attempts after the first (Airflow's `default_task_retries` is 0).
    pub retries: u32,
    /// Seconds before a retry (Airflow: `retry_delay`, 300 s by default).
    pub retry_delay: i64,
    /// Double the delay after each failed attempt.
    pub exponential_backoff: bool,
    /// Cap on the delay when backing off.
    pub max_retry_delay: Option<i64>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 0,
            retry_delay: 300,
            exponential_backoff: false,
            max_retry_delay: None,
        }
    }
}

impl RetryPolicy {
    /// Seconds to wait after failed attempt `attempt` (from 1) before the next one.
    ///
    /// Airflow also adds a hash-based jitter to the backed-off delay; it is left out here so the
    /// numbers a learner sees are easy to follow.
    pub fn delay_after(&self, attempt: u32) -> i64 {
        if !self.exponential_backoff {
            return self.retry_delay;
        }
        let factor = 1_i64 << attempt.saturating_sub(1).min(40);
        let delay = self.retry_delay.saturating_mul(factor);
        self.max_retry_delay.map_or(delay, |cap| delay.min(cap))
    }
}

/// What starts a pipeline run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Only `run_pipeline`.
    #[default]
    Manual,
    /// Every `every_days` simulated days, when the clock passes the next due time.
    Schedule {
        /// Period in days.
        every_days: i64,
    },
    /// A monitoring alert starts a run (continuous training).
    DriftAlert,
}

impl Trigger {
    /// How the trigger is named in events and checks.
    pub fn name(self) -> &'static str {
        match self {
            Trigger::Manual => "manual",
            Trigger::Schedule { .. } => "schedule",
            Trigger::DriftAlert => "drift_alert",
        }
    }
}

/// One step's record in a finished run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The step.
    pub step: StepName,
    /// Its final state.
    pub state: StepState,
    /// Attempts made (0 when cached or not run).
    pub attempts: u32,
    /// Its cache key, when the step is cacheable and ran or hit.
    pub cache_key: Option<String>,
    /// What happened, in one sentence.
    pub detail: String,
}

/// One pipeline run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineRun {
    /// Run number, from 1.
    pub number: u32,
    /// What started it.
    pub trigger: String,
    /// Simulated start and end, seconds.
    pub started: i64,
    /// End time.
    pub finished: i64,
    /// True when no step failed.
    pub succeeded: bool,
    /// The simulated day whose data the run read (its logical date, passed as a date
    /// parameter): the day it ran, the day a scheduled run came due, or the past day a backfill
    /// ran it for.
    #[serde(default)]
    pub logical_day: i64,
    /// Every step, upstream first.
    pub steps: Vec<StepRecord>,
}

impl PipelineRun {
    /// The record of one step.
    pub fn step(&self, step: StepName) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.step == step)
    }
}

/// A cached step output: what downstream steps read, plus the data artifact for ingest.
#[derive(Debug, Clone)]
pub(crate) struct CacheEntry {
    output: String,
    data: Option<Table>,
}

/// The pipeline part of the World.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    /// The definition, once set.
    pub spec: Option<PipelineSpec>,
    /// Retry policy for steps without their own.
    pub default_retry: RetryPolicy,
    /// Per-step retry policies.
    pub retries: BTreeMap<StepName, RetryPolicy>,
    /// What starts runs.
    pub trigger: Trigger,
    /// The alert kinds a `drift_alert` trigger listens to (empty: every kind that retrains).
    pub trigger_alerts: Vec<AlertKind>,
    /// When the schedule last fired (or was set), seconds.
    pub last_scheduled: i64,
    /// Pending transient failures per step (the learner's fault injection).
    pub faults: BTreeMap<StepName, u32>,
    /// Every run, oldest first.
    pub runs: Vec<PipelineRun>,
    /// The pipeline's schema artefact, inferred from its first batch.
    pub schema: Option<Schema>,
    /// The day the run in progress is for when it is not today (a backfill's past day, or the
    /// day a late scheduled run came due); `None`: today.
    logical_day: Option<i64>,
    cache: HashMap<String, CacheEntry>,
}

impl Pipeline {
    /// The retry policy in force for a step.
    pub fn policy(&self, step: StepName) -> RetryPolicy {
        self.retries
            .get(&step)
            .copied()
            .unwrap_or(self.default_retry)
    }

    /// The day whose snapshot ingest reads: the run's logical day, else today.
    pub(crate) fn data_day(&self, today: i64) -> i64 {
        self.logical_day.unwrap_or(today)
    }

    /// Number of cache entries.
    pub fn cache_len(&self) -> usize {
        self.cache.len()
    }
}

#[cfg(test)]
mod tests;
