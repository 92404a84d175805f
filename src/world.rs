//! The simulated ML platform as a pure state machine: [`World::new`] from a scenario and a seed,
//! then [`World::apply`] turns each [`Command`] into the [`Event`]s that happened. Every random
//! draw comes from the World's seeded RNG and time is a simulated clock, so the same seed and the
//! same commands always give the same events and state. A rule the learner breaks is an event
//! that explains itself ([`Event::Rejected`], [`Event::Blocked`]), never a panic or an error.
//!
//! One module per part: `validation` + `expectations` (TFDV, Great Expectations), `features`
//! (Feast), `training`, `tracking` (`MLflow` runs and search), `registry`, `gates` (CI/CD).
//! The command handlers live in `steps` and `corruption` (data to features), `lifecycle`
//! (training and tracking) and `promotion` (gates and registry); orchestration in `pipeline`;
//! lab checks in `checks`. Operations: `serving` (endpoints, strategies, Kubernetes pods,
//! alarms), `traffic` (days of requests), `incidents`, `monitoring`; their checks in
//! `operations_checks`. The World's state is one struct per part (`state`, plus `Serving`,
//! `Monitoring` and `Pipeline`), each keeping its own invariants; [`World::apply_with`] shows
//! events to a caller as they happen (`progress`).

pub mod abtest;
pub mod checks;
mod corruption;
pub mod event;
pub mod expectations;
pub mod fairness;
pub mod features;
pub mod gates;
pub mod incidents;
pub mod inference;
mod lifecycle;
pub mod lineage;
pub mod monitoring;
mod operations_checks;
pub mod pipeline;
mod progress;
mod promotion;
pub mod registry;
pub mod serving;
pub mod snapshots;
pub mod state;
mod steps;
pub mod timeline;
pub mod tracking;
pub mod traffic;
pub mod training;
pub mod validation;
pub mod vocabulary;

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use self::checks::CheckOutcome;
pub use self::event::Event;
use self::features::{FeatureStore, SkewReport, TrainingSet};
use self::gates::GateResult;
use self::incidents::Incident;
use self::monitoring::Monitoring;
use self::progress::Emit;
use self::registry::{Registry, Why};
use self::serving::Serving;
use self::serving::commands::DeploySpec;
use self::state::{Clock, DataState, FeatureState, RegistryState, TrackingState};
use self::tracking::Tracking;
use self::traffic::DayLog;
use self::training::{Split, TrainOutcome};
use self::validation::{Schema, ValidationReport};
use self::vocabulary::ExpectationSpec;
pub use self::vocabulary::{Check, Command};
use crate::data::scenario::Scenario;
use crate::data::table::Table;

/// A trained model kept beside its run.
#[derive(Debug, Clone)]
pub struct TrainedModel {
    /// Fit, curve and metrics.
    pub outcome: TrainOutcome,
    /// Digest of the raw data it was trained from.
    pub data_digest: String,
    /// Digest of its training set.
    pub training_set_digest: String,
    /// Its training set's source rows (row k of the set is row k here): the data it was trained
    /// on, which a monitor's `training` reference compares production with.
    pub source: std::sync::Arc<Table>,
    /// The feature views as joined for training, to score it again on raw rows.
    pub views: Vec<features::FeatureView>,
    /// Its split, as indices into `source`.
    pub split: Split,
}

/// The simulated platform.
#[derive(Debug, Clone)]
pub struct World {
    scenario: Scenario,
    seed: u64,
    rng: ChaCha8Rng,
    data: DataState,
    features: FeatureState,
    tracking: TrackingState,
    registry: RegistryState,
    serving: Serving,
    clock: Clock,
    monitoring: Monitoring,
    fairness: fairness::Fairness,
    pipeline: pipeline::Pipeline,
    /// An instructor's scheduled incidents not fired yet, by absolute day.
    timeline: Vec<timeline::Pending>,
    /// Copies of the World at each day start, while rewind asks for them (`snapshots`).
    day_snapshots: Option<Vec<snapshots::DaySnapshot>>,
}

impl World {
    /// An empty platform for `scenario`; the clock starts at the end of the data's history.
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        World {
            scenario,
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            data: DataState::default(),
            features: FeatureState::default(),
            tracking: TrackingState::default(),
            registry: RegistryState::default(),
            serving: Serving::default(),
            clock: Clock::default(),
            monitoring: Monitoring::default(),
            fairness: fairness::Fairness::default(),
            pipeline: pipeline::Pipeline::default(),
            timeline: Vec::new(),
            day_snapshots: None,
        }
    }

    /// Applies one command and returns what happened.
    pub fn apply(&mut self, command: Command) -> Vec<Event> {
        self.apply_with(command, &mut |_| {})
    }

    /// [`World::apply`], showing each event to `progress` as it happens: a training run's
    /// learning-curve steps while it fits, each sweep trial as it finishes. Returns the same
    /// events, in the same order, as [`World::apply`].
    pub fn apply_with(&mut self, command: Command, progress: &mut dyn FnMut(&Event)) -> Vec<Event> {
        let mut out = Emit::new(progress);
        self.dispatch(command, &mut out);
        out.finish()
    }

    // One arm per command: the whole vocabulary's dispatch in one place.
    #[allow(clippy::too_many_lines)]
    fn dispatch(&mut self, command: Command, out: &mut Emit) {
        use Command as C;
        let events = match command {
            C::Generate {
                rows,
                missing_rate,
                outlier_rate,
            } => self.generate(rows, missing_rate, outlier_rate),
            C::CorruptData { issue } => self.corrupt(&issue),
            C::InferSchema => self.infer_schema(),
            C::SetDomain { column, min, max } => self.set_domain(&column, min, max),
            C::Expect { expectation } => self.expect(expectation),
            C::Validate => self.validate(),
            C::DefineEntity { name, join_key } => self.define_entity(name, join_key),
            C::DefineFeatureView {
                name,
                entity,
                ttl_hours,
                features,
            } => self.define_view(&name, &entity, ttl_hours, &features),
            C::BuildTrainingSet {
                views,
                label_delay_hours,
            } => self.build_training_set(&views, label_delay_hours),
            C::Materialize {
                view,
                start_day,
                end_day,
            } => self.materialize(&view, start_day, end_day),
            C::SetServingBug {
                view,
                feature,
                enabled,
            } => self.set_serving_bug(&view, &feature, enabled),
            C::CheckSkew {
                numeric_threshold,
                categorical_threshold,
            } => self.check_skew(numeric_threshold, categorical_threshold),
            C::Split {
                train,
                validation,
                test,
            } => self.split(train, validation, test),
            C::Train {
                model,
                params,
                run_name,
            } => return self.train(model, &params, run_name, out),
            C::Sweep {
                model,
                strategy,
                grid,
                trials,
            } => return self.sweep(model, strategy, &grid, trials, out),
            C::SearchRuns {
                filter,
                order_by,
                max_results,
            } => self.search_runs(filter, &order_by, max_results),
            C::SetTag { run_id, key, value } => self.set_tag(run_id, key, value),
            C::EvaluateGate {
                model,
                run_id,
                thresholds,
            } => self.evaluate_gate(&model, &run_id, &thresholds),
            C::RegisterModel { name, run_id } => self.register_model(&name, &run_id),
            C::SetAlias {
                name,
                alias,
                version,
                reason,
                by,
            } => self.set_alias(
                &name,
                &alias,
                version,
                Why {
                    reason: &reason,
                    by: &by,
                },
            ),
            C::Rollback {
                name,
                alias,
                reason,
                by,
            } => self.rollback(
                &name,
                &alias,
                Why {
                    reason: &reason,
                    by: &by,
                },
            ),
            C::Lineage { endpoint, day } => self.lineage(&endpoint, day),
            C::TransitionStage {
                name,
                version,
                stage,
                archive_existing_versions,
            } => self.transition_stage(&name, version, stage, archive_existing_versions),
            C::SetCodeVersion { version } => {
                self.tracking.set_code_version(&version);
                vec![Event::CodeVersionSet { version }]
            }
            C::AdvanceClock { hours } => self.advance_clock(hours),
            C::CreateEndpoint {
                name,
                model,
                requests_per_day,
                label_delay_days,
                platform,
                active_hours,
            } => self.create_endpoint(
                &name,
                &model,
                requests_per_day,
                label_delay_days,
                platform,
                active_hours.as_deref(),
            ),
            C::Deploy(a) => self.deploy(DeploySpec {
                endpoint: a.endpoint,
                version: a.version,
                deployment: a.deployment,
                strategy: a.strategy,
                replicas: a.replicas,
                max_surge: a.max_surge,
                max_unavailable: a.max_unavailable,
            }),
            C::SetTraffic {
                endpoint,
                traffic,
                mirror,
            } => self.set_traffic(&endpoint, &traffic, &mirror),
            C::Scale {
                endpoint,
                deployment,
                replicas,
            } => self.scale(&endpoint, &deployment, replicas),
            C::Autoscale(a) => self.autoscale(&a),
            C::SetAlarm(a) => self.set_alarm(&a),
            C::SetConversion {
                endpoint,
                version,
                rate,
            } => self.set_conversion(&endpoint, version, rate),
            C::PlanAbTest(a) => self.plan_ab_test(&a),
            C::StartAbTest { endpoint, stopping } => self.start_ab_test(&endpoint, stopping),
            C::Explain { run_id } => self.explain(&run_id),
            C::BiasReport {
                run_id,
                facet,
                group,
                below,
                threshold,
            } => self.bias_report(&run_id, &facet, group.as_deref(), below, threshold),
            C::ModelCard {
                name,
                version,
                intended_use,
                caveats,
            } => self.model_card(&name, version, &intended_use, &caveats),
            C::CheckAttributionDrift { endpoint, days } => {
                self.check_attribution_drift(&endpoint, days)
            }
            C::ServeMode(a) => self.serve_mode(&a),
            C::AdvanceDays { days } => self.advance_days(days),
            C::InjectDrift(a) => self.inject_drift(&a),
            C::InjectIncident(a) => self.inject_incident(&a),
            C::ConfigureMonitor(a) => self.configure_monitor(&a),
            C::RunMonitor {
                endpoint,
                window_days,
            } => self.run_monitor(&endpoint, window_days),
            C::SetPipeline(spec) => self.set_pipeline(spec),
            C::SetRetries(spec) => self.set_retries(&spec),
            C::SetTrigger(spec) => self.set_trigger(&spec),
            C::FailStep(spec) => self.fail_step(&spec),
            C::RunPipeline(args) => self.run_pipeline_command(&args),
            C::BackfillPipeline(spec) => self.backfill_pipeline(&spec),
        };
        out.extend(events);
    }

    /// The scenario.
    pub fn scenario(&self) -> Scenario {
        self.scenario
    }
    /// The seed the World was created with.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Simulated time, seconds since the scenario epoch.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }
    /// The code version new runs record.
    pub fn code_version(&self) -> &str {
        self.tracking.code_version()
    }
    /// The current data.
    pub fn data(&self) -> Option<&Table> {
        self.data.table()
    }
    /// The inferred schema.
    pub fn schema(&self) -> Option<&Schema> {
        self.data.schema()
    }
    /// The expectation suite.
    pub fn expectations(&self) -> &[ExpectationSpec] {
        self.data.suite()
    }
    /// Every validation report, oldest first.
    pub fn validations(&self) -> &[ValidationReport] {
        self.data.validations()
    }
    /// The feature store.
    pub fn feature_store(&self) -> &FeatureStore {
        self.features.store()
    }
    /// The current training set.
    pub fn training_set(&self) -> Option<&TrainingSet> {
        self.features.training_set()
    }
    /// The current split.
    pub fn current_split(&self) -> Option<&Split> {
        self.features.split()
    }
    /// The latest skew report.
    pub fn skew(&self) -> Option<&SkewReport> {
        self.features.skew()
    }
    /// The tracking store.
    pub fn tracking(&self) -> &Tracking {
        self.tracking.runs()
    }
    /// Trained models by run id.
    pub fn models(&self) -> &BTreeMap<String, TrainedModel> {
        self.tracking.models()
    }
    /// Every workload served with `serve_mode`.
    pub fn servings(&self) -> &inference::Servings {
        &self.serving.servings
    }
    /// The model registry.
    pub fn registry(&self) -> &Registry {
        self.registry.registry()
    }
    /// Every gate result, oldest first.
    pub fn gates(&self) -> &[GateResult] {
        self.registry.gates()
    }
    /// Endpoints, alarm firings and rollbacks.
    pub fn serving(&self) -> &Serving {
        &self.serving
    }
    /// Injected incidents, oldest first.
    pub fn incidents(&self) -> &[Incident] {
        self.clock.incidents()
    }
    /// Served days per endpoint.
    pub fn production(&self) -> &BTreeMap<String, Vec<DayLog>> {
        self.clock.production()
    }
    /// Monitor settings, reports and alerts.
    pub fn monitoring(&self) -> &Monitoring {
        &self.monitoring
    }
    /// The orchestration state: definition, retries, trigger, runs.
    pub fn pipeline(&self) -> &pipeline::Pipeline {
        &self.pipeline
    }
}

/// A one-event rejection.
fn rejected(command: &str, reason: impl Into<String>) -> Vec<Event> {
    vec![Event::Rejected {
        command: command.to_string(),
        reason: reason.into(),
    }]
}

#[cfg(test)]
mod autoscaling_tests;
#[cfg(test)]
mod faithful_tests;
#[cfg(test)]
mod monitoring_tests;
#[cfg(test)]
mod operations_props;
#[cfg(test)]
mod operations_tests;
#[cfg(test)]
mod serving_tests;
#[cfg(test)]
mod skew_tests;
#[cfg(test)]
pub(crate) mod test_kit;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod wiring_tests;
