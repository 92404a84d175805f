//! How a step's events become its outcome: what it produced, the sentence shown for it, and
//! the output the cache keeps for the next run.

use super::StepName;
use super::steps::{Ctx, Outcome, failed};
use crate::world::{Event, World};

impl World {
    /// Reads a step's events into its outcome and the run's context.
    // One arm per step keeps each step's reading of its events side by side.
    #[allow(clippy::too_many_lines)]
    pub(super) fn conclude(
        &mut self,
        step: StepName,
        ctx: &mut Ctx,
        produced: &[Event],
    ) -> Outcome {
        let done = |detail: String, output: String| Outcome::Done { detail, output };
        match step {
            StepName::Ingest => {
                let digest = self.data.table().map(crate::data::table::Table::digest);
                let rows = self
                    .data
                    .table()
                    .map_or(0, crate::data::table::Table::n_rows);
                let Some(d) = digest else {
                    return failed("no data was produced");
                };
                ctx.data_digest = Some(d.clone());
                done(format!("pulled {rows} rows (digest {d})"), d)
            }
            StepName::Validate => match produced.iter().find_map(|e| match e {
                Event::Validated { report } => Some(report),
                _ => None,
            }) {
                Some(r) if r.passed => done(
                    "the data matches schema and expectations".into(),
                    "passed".into(),
                ),
                Some(r) => failed(format!(
                    "validation failed ({}): the run stops here, retrying cannot fix the data",
                    r.failures().join(", ")
                )),
                None => failed("validation produced no report"),
            },
            StepName::Features => match self.features.training_set() {
                Some(t) => {
                    ctx.training_set = Some(t.digest.clone());
                    done(
                        format!(
                            "training set {} ({} rows), split 70/15/15",
                            t.digest,
                            t.labels.len()
                        ),
                        t.digest.clone(),
                    )
                }
                None => failed("no training set was built"),
            },
            StepName::Train => match produced.iter().find_map(|e| match e {
                Event::RunFinished { run, .. } => Some(run),
                _ => None,
            }) {
                Some(run) => {
                    ctx.run_id = Some(run.run_id.clone());
                    done(format!("trained {}", run.run_id), run.run_id.clone())
                }
                None => failed("the run did not finish"),
            },
            StepName::Evaluate => {
                let run = ctx
                    .run_id
                    .as_deref()
                    .and_then(|r| self.tracking.runs().get(r));
                let Some(run) = run else {
                    return failed("no run to evaluate");
                };
                let m = |k: &str| {
                    run.metrics
                        .get(k)
                        .map_or("n/a".to_string(), |v| format!("{v:.3}"))
                };
                let text = format!(
                    "test_auc {}, test_f1 {}, test_log_loss {}",
                    m("test_auc"),
                    m("test_f1"),
                    m("test_log_loss")
                );
                done(text.clone(), text)
            }
            StepName::Gate => match produced.iter().find_map(|e| match e {
                Event::GateEvaluated { result } => Some(result),
                _ => None,
            }) {
                Some(g) => {
                    ctx.gate = Some((g.passed, g.failures()));
                    if g.passed {
                        done(
                            "gate passed: register and deploy will run".into(),
                            "passed".into(),
                        )
                    } else {
                        done(
                            format!(
                                "gate failed ({}): register and deploy are skipped",
                                g.failures()
                            ),
                            "failed".into(),
                        )
                    }
                }
                None => failed("the gate produced no result"),
            },
            StepName::Register => match produced.iter().find_map(|e| match e {
                Event::ModelRegistered { version, .. } => Some(*version),
                _ => None,
            }) {
                Some(v) => {
                    ctx.version = Some(v);
                    done(format!("registered version {v}"), v.to_string())
                }
                None => failed("no version was registered"),
            },
            // `deploy_step` returns its own outcome; this arm is never reached.
            StepName::Deploy => failed("the deploy step reports its own outcome"),
            StepName::Monitor => {
                let flagged = self
                    .features
                    .skew()
                    .map(|s| s.flagged())
                    .unwrap_or_default();
                let detail = if flagged.is_empty() {
                    "online store refreshed; no training-serving skew".to_string()
                } else {
                    format!("online store refreshed; skew on {}", flagged.join(", "))
                };
                done(detail.clone(), detail)
            }
        }
    }
}
