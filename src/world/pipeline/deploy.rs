//! The pipeline's link to serving. The deploy step rolls a gated version out on the endpoint
//! that serves the pipeline's model, with the pipeline's strategy (or the one last used on that
//! endpoint): `challenger` marks the version being rolled out and `champion` moves only when the
//! rollout completes, so an automatic rollback leaves the champion where it was. Before any
//! endpoint serves the model, the step moves `champion` directly. Monitoring alerts reach the
//! continuous-training trigger through [`World::alert_hook`].

use super::spec::PipelineSpec;
use super::steps::{Outcome, failed};
use crate::world::monitoring::{Alert, AlertKind};
use crate::world::pipeline::Trigger;
use crate::world::registry::Why;
use crate::world::vocabulary::{DeployArgs, Strategy};
use crate::world::{Command, Event, World};

/// Replicas of a pipeline deployment when the endpoint remembers none.
const DEFAULT_REPLICAS: i64 = 2;

impl World {
    /// The endpoints the deploy step rolls out to: the one the pipeline names (it must serve the
    /// pipeline's model), else every endpoint serving that model.
    pub(super) fn deploy_targets(&self, spec: &PipelineSpec) -> Result<Vec<String>, String> {
        match &spec.endpoint {
            Some(name) => {
                let e = self.serving.endpoints.get(name).ok_or_else(|| {
                    format!("the pipeline names endpoint {name:?}, which does not exist")
                })?;
                if e.model != spec.name {
                    return Err(format!(
                        "endpoint {name} serves model {}, not the pipeline's {}",
                        e.model, spec.name
                    ));
                }
                Ok(vec![name.clone()])
            }
            None => Ok(self
                .serving
                .endpoints
                .values()
                .filter(|e| e.model == spec.name)
                .map(|e| e.name.clone())
                .collect()),
        }
    }

    /// True when every target already serves `version` at 100% or is rolling it out (what a
    /// cache hit of the deploy step needs); with no target, when `champion` is `version`.
    pub(super) fn deployed(&self, spec: &PipelineSpec, version: u32) -> bool {
        match self.deploy_targets(spec) {
            Ok(t) if t.is_empty() => {
                self.registry
                    .alias(&spec.name, "champion")
                    .map(|v| v.version)
                    == Some(version)
            }
            Ok(t) => t.iter().all(|n| self.serves(n, version)),
            Err(_) => false,
        }
    }

    fn serves(&self, endpoint: &str, version: u32) -> bool {
        self.serving.endpoints.get(endpoint).is_some_and(|e| {
            e.version_percent(version) == 100
                || e.rollout.as_ref().is_some_and(|r| r.version == version)
        })
    }

    /// One attempt of the deploy step for the gated, registered `version`.
    pub(super) fn deploy_step(
        &mut self,
        spec: &PipelineSpec,
        version: u32,
        events: &mut Vec<Event>,
    ) -> Outcome {
        let targets = match self.deploy_targets(spec) {
            Ok(t) => t,
            Err(e) => return failed(e),
        };
        let name = spec.name.clone();
        let run = self.pipeline.runs.len() + 1;
        let alias = |alias: &str, reason: String| Command::SetAlias {
            name: name.clone(),
            alias: alias.into(),
            version: i64::from(version),
            reason,
            by: String::new(),
        };
        if targets.is_empty() {
            let c = alias("champion", format!("pipeline run {run}"));
            if let Err(e) = self.apply_all(vec![c], events) {
                return failed(e);
            }
            let detail = format!("champion -> version {version} (no endpoint serves {name} yet)");
            return Outcome::Done {
                detail,
                output: version.to_string(),
            };
        }
        let c = alias("challenger", format!("pipeline run {run}: rolling out"));
        if let Err(e) = self.apply_all(vec![c], events) {
            return failed(e);
        }
        let mut parts = Vec::new();
        for t in targets {
            if self.serves(&t, version) {
                parts.push(format!("{t} already serves version {version}"));
                continue;
            }
            let remembered = self.serving.endpoints[&t].last_strategy.clone();
            let (strategy, replicas) = match (&spec.strategy, remembered) {
                (Some(s), r) => (s.clone(), r.map_or(DEFAULT_REPLICAS, |r| i64::from(r.1))),
                (None, Some((s, r))) => (s, i64::from(r)),
                (None, None) => (
                    Strategy::AllAtOnce {
                        bake_hours: None,
                        bake_days: None,
                    },
                    DEFAULT_REPLICAS,
                ),
            };
            let deploy = Command::Deploy(DeployArgs {
                endpoint: t.clone(),
                version: i64::from(version),
                deployment: None,
                strategy: strategy.clone(),
                replicas,
                max_surge: None,
                max_unavailable: None,
            });
            if let Err(e) = self.apply_all(vec![deploy], events) {
                return failed(e);
            }
            let rollout = self
                .serving
                .endpoints
                .get_mut(&t)
                .and_then(|e| e.rollout.as_mut())
                .filter(|r| r.version == version);
            if let Some(r) = rollout {
                r.promote = Some(name.clone());
                parts.push(format!(
                    "rolling version {version} out on {t} ({}); champion moves when it completes",
                    strategy.name()
                ));
            } else {
                // No rollout was started (every strategy but shadow starts one): the alias
                // moves now.
                let c = alias(
                    "champion",
                    format!("pipeline run {run}: rolling update on {t}"),
                );
                if let Err(e) = self.apply_all(vec![c], events) {
                    return failed(e);
                }
                parts.push(format!(
                    "rolling update of {t} to version {version}; champion -> version {version}"
                ));
            }
        }
        Outcome::Done {
            detail: parts.join("; "),
            output: version.to_string(),
        }
    }

    /// After a rollout moved: a pipeline rollout that completed makes its version the
    /// champion; one that was rolled back leaves the champion alone and says so.
    pub(crate) fn settle_rollout(
        &mut self,
        promote: Option<(String, u32)>,
        moved: &[Event],
    ) -> Vec<Event> {
        let Some((model, version)) = promote else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for ev in moved {
            match ev {
                Event::RolloutCompleted {
                    endpoint,
                    version: v,
                    ..
                } if *v == version => out.extend(self.set_alias(
                    &model,
                    "champion",
                    i64::from(version),
                    Why::reason(&format!("rollout of version {version} completed on {endpoint}")),
                )),
                Event::RolledBack { endpoint, .. } => out.push(Event::Note {
                    text: format!(
                        "the rollout of version {version} on {endpoint} was rolled back: {model}@champion stays where it was, @challenger keeps version {version} for the investigation"
                    ),
                }),
                _ => {}
            }
        }
        out
    }

    /// Monitoring's hook into continuous training: drift and performance alerts start a run
    /// when the trigger is `drift_alert` (once per monitoring run, however many alerts it
    /// raised). Data-quality and schema alerts never do: retraining on broken inputs would
    /// teach the model the breakage.
    pub(crate) fn alert_hook(&mut self, alerts: &[Alert]) -> Vec<Event> {
        if self.pipeline.spec.is_none() {
            return Vec::new();
        }
        let listened = |k: AlertKind| {
            k.retrains()
                && (self.pipeline.trigger_alerts.is_empty()
                    || self.pipeline.trigger_alerts.contains(&k))
        };
        if self.pipeline.trigger == Trigger::DriftAlert && !alerts.iter().any(|a| listened(a.kind))
        {
            // Alerts the trigger is not wired to: say so once, so a silent pipeline is explained.
            let heard: Vec<&str> = alerts
                .iter()
                .filter(|a| a.kind.retrains())
                .map(|a| a.kind.name())
                .collect();
            let mut heard = heard;
            heard.dedup();
            if heard.is_empty() {
                return Vec::new();
            }
            let endpoint = alerts.first().map_or("", |a| a.endpoint.as_str());
            return vec![Event::Note {
                text: format!(
                    "{} alert on {endpoint}; the trigger starts runs on {} alerts only, so nothing retrains",
                    heard.join(", "),
                    self.trigger_kinds()
                ),
            }];
        }
        let why: Vec<String> = alerts
            .iter()
            .filter(|a| self.pipeline.trigger != Trigger::DriftAlert || listened(a.kind))
            .filter_map(|a| {
                let what = match a.kind {
                    AlertKind::FeatureDrift => "drift",
                    AlertKind::DatasetDrift => "dataset drift",
                    AlertKind::PredictionDrift => "prediction drift",
                    AlertKind::Performance => "accuracy drop",
                    AlertKind::EstimatedPerformance => "estimated accuracy drop",
                    AlertKind::DataQuality | AlertKind::Schema => return None,
                };
                Some(match &a.feature {
                    Some(f) if a.kind == AlertKind::FeatureDrift => format!("{f} {what}"),
                    _ => what.to_string(),
                })
            })
            .collect();
        if why.is_empty() {
            return Vec::new();
        }
        let endpoint = alerts.first().map_or("", |a| a.endpoint.as_str());
        self.drift_alert(&format!("{} on {endpoint}", why.join(", ")))
    }
}
