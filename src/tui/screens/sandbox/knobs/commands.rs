//! What the knobs send: the standard build and each group's commands, built as World `Command`
//! values from the knobs' settings (nothing goes through text on its way to the World). The
//! sandbox shows them as the console lines a learner would type for them.

use std::collections::BTreeMap;

use super::{Group, Settings};
use crate::data::table::ColumnType;
use crate::world::pipeline::{DataSource, PipelineSpec, TriggerSpec};
use crate::world::vocabulary::{
    DeployArgs, DriftArgs, FeatureMonitorSpec, FeatureSpecParams, IncidentArgs, MonitorArgs,
    ParamValue, Platform, Strategy, SweepStrategy, ThresholdSpec,
};
use crate::world::{Command, World};

/// The registered model, endpoint and feature view the sandbox builds.
const MODEL: &str = "scorer";
const ENDPOINT: &str = "scoring";
const VIEW: &str = "features";

fn text(s: &str) -> String {
    s.to_owned()
}

impl Settings {
    fn thresholds(&self) -> BTreeMap<String, ThresholdSpec> {
        let spec = ThresholdSpec {
            threshold: Some(self.real(7)),
            min_absolute_change: self.number(8),
            min_relative_change: self.number(9),
            greater_is_better: true,
        };
        BTreeMap::from([(text("test_auc"), spec)])
    }

    /// The build trains the grid's first value.
    fn first_params(&self) -> BTreeMap<String, ParamValue> {
        let grid = self.grid();
        grid.values()
            .into_iter()
            .next()
            .map(|v| (text(grid.name()), v))
            .into_iter()
            .collect()
    }

    fn feature_view(&self) -> Command {
        let features = self
            .scenario()
            .features()
            .iter()
            .map(|f| FeatureSpecParams {
                column: text(f.name),
                transform: text(match f.kind {
                    ColumnType::Numeric => "identity",
                    ColumnType::Categorical => "one_hot",
                }),
                boundaries: Vec::new(),
                denominator: None,
            })
            .collect();
        Command::DefineFeatureView {
            name: text(VIEW),
            entity: text("entity"),
            ttl_hours: 720,
            features,
        }
    }

    fn generate(&self) -> Command {
        Command::Generate {
            rows: self.int(2),
            missing_rate: self.real(3),
            outlier_rate: self.real(4),
        }
    }

    fn strategy(&self) -> Strategy {
        let (percent, bake_hours) = (self.int(11), Some(self.int(12)));
        match self.value(10).as_str() {
            "blue_green" => Strategy::BlueGreen {
                bake_hours,
                bake_days: None,
            },
            "canary" => Strategy::Canary {
                percent,
                bake_hours,
                bake_days: None,
            },
            "linear" => Strategy::Linear {
                step_percent: percent,
                bake_hours,
                bake_days: None,
            },
            "shadow" => Strategy::Shadow { percent },
            "rolling" => Strategy::Rolling {
                bake_hours: None,
                bake_days: None,
            },
            _ => Strategy::AllAtOnce {
                bake_hours: None,
                bake_days: None,
            },
        }
    }

    fn deploy(&self, version: i64, deployment: Option<String>, strategy: Strategy) -> Command {
        Command::Deploy(DeployArgs {
            endpoint: text(ENDPOINT),
            version,
            deployment,
            strategy,
            replicas: self.int(13),
            max_surge: None,
            max_unavailable: None,
        })
    }

    fn monitor_config(&self) -> Command {
        let features = self
            .monitor
            .iter()
            .map(|(f, (method, threshold))| {
                let spec = FeatureMonitorSpec {
                    method: method.clone(),
                    threshold: *threshold,
                };
                (f.clone(), spec)
            })
            .collect();
        // The monitor's defaults, written out: one-day windows against the training data.
        Command::ConfigureMonitor(MonitorArgs {
            endpoint: text(ENDPOINT),
            window_days: 1,
            reference: text("training"),
            reference_from_day: None,
            reference_to_day: None,
            drift_share: 0.5,
            features,
            null_rate_increase: 0.05,
            accuracy_drop: 0.05,
        })
    }

    fn trigger(&self) -> Command {
        let (trigger, every_days) = match self.value(22).as_str() {
            "every 7 days" => ("schedule", Some(7)),
            "every 30 days" => ("schedule", Some(30)),
            "on drift alert" => ("drift_alert", None),
            _ => ("manual", None),
        };
        Command::SetTrigger(TriggerSpec {
            trigger: text(trigger),
            every_days,
            alerts: None,
        })
    }

    fn incident(&self) -> Command {
        let kind = self.value(14);
        let feature = Some(self.value(15));
        let size = Some(self.real(16));
        let (from_day, over_days) = (self.int(17), self.int(18));
        let drift = DriftArgs {
            kind: kind.clone(),
            feature: None,
            shift: None,
            scale: None,
            level: None,
            fraction: None,
            effect: None,
            positive_rate: None,
            from_day,
            over_days,
        };
        let incident = IncidentArgs {
            kind: kind.clone(),
            feature: feature.clone(),
            change: None,
            new_name: None,
            fraction: None,
            factor: None,
            days: None,
            endpoint: None,
            version: None,
            error_rate: None,
            latency_ms: None,
            fails_readiness: false,
            from_day,
        };
        match kind.as_str() {
            "covariate" => Command::InjectDrift(DriftArgs {
                feature,
                shift: size,
                ..drift
            }),
            "concept" => Command::InjectDrift(DriftArgs {
                feature,
                effect: size,
                ..drift
            }),
            "prior" => Command::InjectDrift(DriftArgs {
                positive_rate: size,
                ..drift
            }),
            "missing_surge" => Command::InjectIncident(IncidentArgs {
                fraction: size,
                ..incident
            }),
            _ => Command::InjectIncident(IncidentArgs {
                factor: size,
                ..incident
            }),
        }
    }

    /// The standard sequence from an empty World to a served, monitored champion.
    pub fn build(&self) -> Vec<Command> {
        let model = self.model();
        vec![
            self.generate(),
            Command::InferSchema,
            Command::Validate,
            Command::DefineEntity {
                name: text("entity"),
                join_key: text(self.scenario().entity_key()),
            },
            self.feature_view(),
            Command::BuildTrainingSet {
                views: vec![text(VIEW)],
                label_delay_hours: 24,
            },
            Command::Split {
                train: 0.7,
                validation: 0.15,
                test: 0.15,
            },
            Command::Train {
                model,
                params: self.first_params(),
                run_name: Some(text("baseline")),
            },
            Command::EvaluateGate {
                model: text(MODEL),
                run_id: text("run-001"),
                thresholds: self.thresholds(),
            },
            Command::RegisterModel {
                name: text(MODEL),
                run_id: text("run-001"),
            },
            Command::SetAlias {
                name: text(MODEL),
                alias: text("champion"),
                version: 1,
                reason: text("sandbox build"),
                by: String::new(),
            },
            create_endpoint(),
            self.deploy(
                1,
                None,
                Strategy::AllAtOnce {
                    bake_hours: None,
                    bake_days: None,
                },
            ),
            self.monitor_config(),
            Command::SetPipeline(PipelineSpec {
                name: text(MODEL),
                rows: self.int(2),
                missing_rate: self.real(3),
                outlier_rate: 0.0,
                views: vec![text(VIEW)],
                label_delay_hours: 24,
                model,
                params: self.first_params(),
                thresholds: self.thresholds(),
                caching: true,
                source: DataSource::History,
                endpoint: None,
                strategy: None,
            }),
            self.trigger(),
        ]
    }

    /// What applying `group` sends to `world`.
    pub fn apply(&mut self, group: Group, world: &World) -> Vec<Command> {
        match group {
            Group::World | Group::Build => Vec::new(),
            Group::Data => vec![self.generate(), Command::InferSchema, Command::Validate],
            Group::Model => {
                let grid = self.grid();
                vec![Command::Sweep {
                    model: self.model(),
                    strategy: SweepStrategy::Grid,
                    grid: BTreeMap::from([(text(grid.name()), grid.values())]),
                    trials: None,
                }]
            }
            Group::Gate => {
                let run = world
                    .tracking()
                    .runs
                    .last()
                    .map_or_else(|| text("run-001"), |r| r.run_id.clone());
                vec![
                    Command::EvaluateGate {
                        model: text(MODEL),
                        run_id: run.clone(),
                        thresholds: self.thresholds(),
                    },
                    Command::RegisterModel {
                        name: text(MODEL),
                        run_id: run,
                    },
                ]
            }
            Group::Deploy => {
                let version = world
                    .registry()
                    .models
                    .get(MODEL)
                    .map_or(1, |m| m.versions.len().max(1));
                let version = i64::try_from(version).unwrap_or(i64::MAX);
                let mut out = Vec::new();
                if world.serving().endpoints.is_empty() {
                    out.push(create_endpoint());
                }
                out.push(self.deploy(version, Some(format!("v{version}")), self.strategy()));
                out
            }
            Group::Incident => vec![self.incident()],
            Group::Monitor => {
                let method = self.value(20);
                let method = (method != "auto").then_some(method);
                self.monitor
                    .insert(self.value(19), (method, self.number(21)));
                vec![
                    self.monitor_config(),
                    Command::RunMonitor {
                        endpoint: text(ENDPOINT),
                        window_days: None,
                    },
                ]
            }
            Group::Retrain => vec![self.trigger()],
        }
    }
}

fn create_endpoint() -> Command {
    Command::CreateEndpoint {
        name: text(ENDPOINT),
        model: text(MODEL),
        requests_per_day: 2000,
        label_delay_days: 7,
        platform: Platform::Generic,
        active_hours: None,
    }
}
