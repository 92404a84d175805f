//! What each pipeline step does with the World's commands, its cache key (inputs + definition,
//! as Vertex AI Pipelines digests them), and how a cache hit restores its outputs. Ingest and
//! validation, which need more than one World command, live in `batch`.

use serde::Serialize;

use super::spec::PipelineSpec;
use super::{CacheEntry, StepName};
use crate::data::table::{DAY, Digest};
use crate::world::{Command, Event, World};

/// What a run has produced so far: the artifacts downstream steps read.
#[derive(Debug, Default)]
pub(super) struct Ctx {
    pub(super) data_digest: Option<String>,
    pub(super) training_set: Option<String>,
    pub(super) run_id: Option<String>,
    pub(super) gate: Option<(bool, String)>,
    pub(super) version: Option<u32>,
}

impl Ctx {
    /// Why a step is skipped: register and deploy run only when the gate passed.
    pub(super) fn skip_reason(&self, step: StepName) -> Option<String> {
        match (&self.gate, step) {
            (Some((false, why)), StepName::Register | StepName::Deploy) => {
                Some(format!("skipped: the gate failed ({why})"))
            }
            // Nothing new was deployed, so there is nothing new to monitor: as in a Vertex AI
            // or Kubeflow pipeline, a step whose upstream condition was false does not run.
            (Some((false, _)), StepName::Monitor) => {
                Some("skipped: nothing was deployed (the gate failed)".to_string())
            }
            _ => None,
        }
    }
}

/// How one attempt of a step ended.
pub(super) enum Outcome {
    /// Success, with a sentence and the output the cache keeps.
    Done {
        /// What happened.
        detail: String,
        /// What the cache keeps.
        output: String,
    },
    /// Failure; `retryable` is false when another attempt cannot help.
    Failed { detail: String, retryable: bool },
}

pub(super) fn failed(detail: impl Into<String>) -> Outcome {
    Outcome::Failed {
        detail: detail.into(),
        retryable: false,
    }
}

fn key_of(parts: &[&str]) -> String {
    let mut h = Digest::new();
    for p in parts {
        h.bytes(p.as_bytes());
    }
    format!("{:016x}", h.finish())
}

fn json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl World {
    /// The step's cache key, or `None` when it must always run (monitoring reads fresh data).
    /// Validation first infers a schema if there is none, so the key covers the schema it uses.
    pub(super) fn cache_key(
        &mut self,
        step: StepName,
        spec: &PipelineSpec,
        ctx: &Ctx,
    ) -> Option<String> {
        let name = spec.name.as_str();
        let id = step.name();
        match step {
            StepName::Ingest => {
                // The production log grows with every served day.
                let served = self
                    .source_endpoint(spec)
                    .ok()
                    .and_then(|e| self.clock.log(&e))
                    .and_then(|l| l.last())
                    .map(|d| d.abs_day);
                Some(key_of(&[
                    name,
                    id,
                    &spec.rows.to_string(),
                    &spec.missing_rate.to_string(),
                    &spec.outlier_rate.to_string(),
                    &json(&spec.source),
                    &json(&served),
                    // A new day brings a new snapshot of the source (and new labels); a
                    // backfill run reads the snapshot of its logical day.
                    &self.pipeline.data_day(self.clock.today()).to_string(),
                ]))
            }
            StepName::Validate => Some(key_of(&[
                name,
                id,
                ctx.data_digest.as_deref()?,
                &json(&self.pipeline.schema),
                &json(&self.data.suite()),
            ])),
            StepName::Features => {
                let mut parts = vec![name.to_string(), id.to_string(), ctx.data_digest.clone()?];
                for v in &spec.views {
                    let view = self.features.store().views.get(v)?;
                    parts.push(format!("{v}@{}", view.version));
                }
                parts.push(spec.label_delay_hours.to_string());
                Some(key_of(
                    &parts.iter().map(String::as_str).collect::<Vec<_>>(),
                ))
            }
            StepName::Train => Some(key_of(&[
                name,
                id,
                ctx.training_set.as_deref()?,
                spec.model.name(),
                &json(&spec.params),
                self.tracking.code_version(),
            ])),
            // Both read only the run they are given.
            StepName::Evaluate | StepName::Register => {
                Some(key_of(&[name, id, ctx.run_id.as_deref()?]))
            }
            StepName::Gate => {
                let champion = self.registry.alias(name, "champion").map(|v| v.version);
                Some(key_of(&[
                    name,
                    id,
                    ctx.run_id.as_deref()?,
                    &json(&spec.thresholds),
                    &json(&champion),
                ]))
            }
            StepName::Deploy => Some(key_of(&[
                name,
                id,
                &json(&ctx.version?),
                &json(&spec.endpoint),
                &json(&spec.strategy),
            ])),
            StepName::Monitor => None,
        }
    }

    /// Reuses a cached output if the artifact is still there; false means run the step.
    pub(super) fn restore(&mut self, step: StepName, entry: &CacheEntry, ctx: &mut Ctx) -> bool {
        let out = entry.output.clone();
        let name = self.pipeline.spec.as_ref().map(|s| s.name.clone());
        let name = name.unwrap_or_default();
        match step {
            StepName::Ingest => {
                let Some(table) = &entry.data else {
                    return false;
                };
                if self.data.table().map(crate::data::table::Table::digest) != Some(out.clone()) {
                    // The artifact store still has the snapshot; the World's data is put back.
                    self.replace_data(table.clone());
                }
                ctx.data_digest = Some(out);
                true
            }
            StepName::Validate => ctx
                .data_digest
                .as_ref()
                .is_some_and(|d| self.data.validation_of(d).is_some_and(|v| v.passed)),
            StepName::Features => {
                let ok = self.features.ready().is_some_and(|(t, _)| t.digest == out);
                if ok {
                    ctx.training_set = Some(out);
                }
                ok
            }
            StepName::Train => {
                let ok = self.tracking.model(&out).is_some();
                if ok {
                    ctx.run_id = Some(out);
                }
                ok
            }
            StepName::Evaluate => true,
            StepName::Gate => {
                let run = ctx.run_id.clone().unwrap_or_default();
                let found = self.registry.gate_for(&name, &run);
                match found {
                    Some(g) if g.passed == (out == "passed") => {
                        ctx.gate = Some((g.passed, g.failures()));
                        true
                    }
                    _ => false,
                }
            }
            StepName::Register => {
                let v: Option<u32> = out.parse().ok();
                let ok = v.is_some_and(|v| {
                    self.registry
                        .version(&name, i64::from(v))
                        .is_ok_and(|mv| Some(&mv.lineage.run_id) == ctx.run_id.as_ref())
                });
                if ok {
                    ctx.version = v;
                }
                ok
            }
            StepName::Deploy => {
                let spec = self.pipeline.spec.clone();
                match (spec, ctx.version) {
                    (Some(spec), Some(v)) => self.deployed(&spec, v),
                    _ => false,
                }
            }
            StepName::Monitor => false,
        }
    }

    /// Applies commands, collecting events; the first refusal is the step's failure.
    pub(super) fn apply_all(
        &mut self,
        commands: Vec<Command>,
        events: &mut Vec<Event>,
    ) -> Result<(), String> {
        for c in commands {
            let produced = self.apply(c);
            let problem = produced.iter().find_map(|e| match e {
                Event::Rejected { command, reason } | Event::Blocked { command, reason } => {
                    Some(format!("{command}: {reason}"))
                }
                Event::RunFailed { run_id, reason } => Some(format!("{run_id} failed: {reason}")),
                _ => None,
            });
            events.extend(produced);
            if let Some(p) = problem {
                return Err(p);
            }
        }
        Ok(())
    }

    /// One attempt of a step.
    pub(super) fn execute(
        &mut self,
        step: StepName,
        spec: &PipelineSpec,
        ctx: &mut Ctx,
        events: &mut Vec<Event>,
    ) -> Outcome {
        let before = events.len();
        let name = spec.name.clone();
        let commands = match step {
            StepName::Ingest => match self.ingest(spec) {
                Ok(produced) => {
                    events.extend(produced);
                    Vec::new()
                }
                Err(e) => return failed(e),
            },
            StepName::Validate => {
                events.extend(self.validate_batch());
                Vec::new()
            }
            StepName::Features => vec![
                Command::BuildTrainingSet {
                    views: spec.views.clone(),
                    label_delay_hours: spec.label_delay_hours,
                },
                Command::Split {
                    train: 0.7,
                    validation: 0.15,
                    test: 0.15,
                },
            ],
            StepName::Train => vec![Command::Train {
                model: spec.model,
                params: spec.params.clone(),
                run_name: Some(format!("{name}-pipeline")),
            }],
            StepName::Evaluate => Vec::new(),
            StepName::Gate => vec![Command::EvaluateGate {
                model: name.clone(),
                run_id: ctx.run_id.clone().unwrap_or_default(),
                thresholds: spec.thresholds.clone(),
            }],
            StepName::Register => vec![Command::RegisterModel {
                name: name.clone(),
                run_id: ctx.run_id.clone().unwrap_or_default(),
            }],
            StepName::Deploy => return self.deploy_step(spec, ctx.version.unwrap_or(0), events),
            StepName::Monitor => {
                let end_day = self.clock.now() as f64 / DAY as f64;
                let mut c: Vec<Command> = spec
                    .views
                    .iter()
                    .map(|v| Command::Materialize {
                        view: v.clone(),
                        start_day: 0.0,
                        end_day,
                    })
                    .collect();
                c.push(Command::CheckSkew {
                    numeric_threshold: 0.1,
                    categorical_threshold: 0.1,
                });
                c
            }
        };
        if let Err(e) = self.apply_all(commands, events) {
            return failed(e);
        }
        self.conclude(step, ctx, &events[before..])
    }
}
