//! Lab checks: each [`Check`] is a predicate on the World that says whether it holds and why,
//! so "check my progress" can explain itself.

use serde::{Deserialize, Serialize};

use super::World;
use super::pipeline::StepState;
use super::tracking::RunStatus;
use super::vocabulary::Check;

/// Whether a check holds, with a sentence for the learner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// True when the predicate holds.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}

pub(crate) fn outcome(passed: bool, detail: impl Into<String>) -> CheckOutcome {
    CheckOutcome {
        passed,
        detail: detail.into(),
    }
}

impl World {
    /// Evaluates a lab check against the current state.
    // One arm per check keeps the whole vocabulary's meaning in one place.
    #[allow(clippy::too_many_lines)]
    pub fn check(&self, check: &Check) -> CheckOutcome {
        match check {
            Check::DataGenerated { min_rows } => match self.data() {
                Some(t) => outcome(
                    t.n_rows() as i64 >= *min_rows,
                    format!("the data has {} rows (need {min_rows})", t.n_rows()),
                ),
                None => outcome(false, "no data yet"),
            },
            Check::SchemaInferred => outcome(
                self.schema().is_some(),
                if self.schema().is_some() {
                    "a schema exists"
                } else {
                    "no schema yet"
                },
            ),
            Check::ValidationPassed => {
                let current = self.data().map(crate::data::table::Table::digest);
                match self.validations().last() {
                    Some(v) if Some(&v.data_digest) != current.as_ref() => {
                        outcome(false, "the data changed since the last validation")
                    }
                    Some(v) => outcome(
                        v.passed,
                        if v.passed {
                            "the latest validation passed".to_string()
                        } else {
                            format!("the latest validation failed: {}", v.failures().join(", "))
                        },
                    ),
                    None => outcome(false, "nothing has been validated yet"),
                }
            }
            Check::AnomalyFound { anomaly, column } => {
                let found = self.validations().last().is_some_and(|v| {
                    v.anomalies.iter().any(|a| {
                        a.kind == *anomaly && column.as_ref().is_none_or(|c| *c == a.column)
                    })
                });
                let name = anomaly.tfdv_name();
                outcome(
                    found,
                    if found {
                        format!("{name} was reported")
                    } else {
                        format!("{name} was not reported by the latest validation")
                    },
                )
            }
            Check::FeatureViewRegistered { name } => {
                let v = self.feature_store().views.get(name);
                outcome(
                    v.is_some(),
                    v.map_or_else(
                        || format!("no feature view {name}"),
                        |v| format!("{name} is at version {}", v.version),
                    ),
                )
            }
            Check::TrainingSetBuilt => {
                let t = self.training_set();
                outcome(
                    t.is_some(),
                    t.map_or_else(
                        || "no training set yet".to_string(),
                        |t| format!("{} rows, {} features", t.labels.len(), t.features.len()),
                    ),
                )
            }
            Check::SkewDetected { feature } => match self.skew() {
                Some(r) => {
                    let flagged = r.flagged();
                    let hit = feature
                        .as_ref()
                        .map_or(!flagged.is_empty(), |f| flagged.contains(&f.as_str()));
                    outcome(hit, format!("flagged: [{}]", flagged.join(", ")))
                }
                None => outcome(false, "no skew check yet"),
            },
            Check::SkewClear => self.check_skew_clear(),
            Check::RunsFinished { count } => {
                let n = self
                    .tracking()
                    .runs
                    .iter()
                    .filter(|r| r.status == RunStatus::Finished)
                    .count();
                outcome(
                    n as i64 >= *count,
                    format!("{n} runs finished (need {count})"),
                )
            }
            Check::MetricAtLeast { metric, value } => {
                let best = self
                    .tracking()
                    .runs
                    .iter()
                    .filter(|r| r.status == RunStatus::Finished)
                    .filter_map(|r| r.metrics.get(metric))
                    .copied()
                    .fold(None, |b: Option<f64>, x| Some(b.map_or(x, |b| b.max(x))));
                match best {
                    Some(b) => outcome(
                        b >= *value,
                        format!("best {metric} is {b:.4} (need {value})"),
                    ),
                    None => outcome(false, format!("no finished run logged {metric}")),
                }
            }
            Check::ModelVersionExists { name, version } => {
                let n = self
                    .registry()
                    .models
                    .get(name)
                    .map_or(0, |m| m.versions.len()) as i64;
                let ok = version.map_or(n > 0, |v| v >= 1 && v <= n);
                outcome(ok, format!("{name} has {n} versions"))
            }
            Check::AliasPointsTo {
                name,
                alias,
                version,
            } => match self.registry().alias(name, alias) {
                Some(v) => outcome(
                    version.is_none_or(|want| want == i64::from(v.version)),
                    format!("{name}@{alias} is version {}", v.version),
                ),
                None => outcome(false, format!("{name} has no alias {alias}")),
            },
            Check::LineageAudited { endpoint, day } => {
                let audited = u32::try_from(*day).is_ok_and(|d| self.registry.audited(endpoint, d));
                outcome(
                    audited,
                    if audited {
                        format!("{endpoint} day {day} was audited")
                    } else {
                        format!("{endpoint} day {day} has not been audited with lineage yet")
                    },
                )
            }
            Check::DriftAlert { .. }
            | Check::NoDriftAlert { .. }
            | Check::AlertRaised { .. }
            | Check::DriftCleared { .. }
            | Check::RealisedAccuracy { .. }
            | Check::DeploymentServing { .. }
            | Check::Traffic { .. }
            | Check::RolledBack { .. }
            | Check::AlarmFired { .. }
            | Check::PerformanceKnown { .. }
            | Check::PodsReady { .. }
            | Check::ColdStarts { .. } => self.check_operations(check),
            Check::Explained { run_id } => self.check_explained(run_id.as_deref()),
            Check::BiasReported { run_id } => self.check_bias_reported(run_id.as_deref()),
            Check::ModelCardComplete { name } => self.check_card_complete(name),
            Check::AttributionDriftAlert { endpoint } => {
                self.check_attribution_alert(endpoint.as_deref())
            }
            Check::AbTestPlanned { endpoint } => self.check_ab_planned(endpoint.as_deref()),
            Check::AbTestConcluded {
                endpoint,
                at_horizon,
            } => self.check_ab_concluded(endpoint.as_deref(), *at_horizon),
            Check::ModeServed {
                name,
                mode,
                max_cost,
                max_p95_ms,
                max_hours,
            } => self.check_mode_served(name, *mode, *max_cost, *max_p95_ms, *max_hours),
            Check::GatePassed { run_id } => {
                let g = self
                    .gates()
                    .iter()
                    .rev()
                    .find(|g| run_id.as_ref().is_none_or(|r| *r == g.run_id));
                match g {
                    Some(g) => outcome(
                        g.passed,
                        if g.passed {
                            format!("the gate passed for {}", g.run_id)
                        } else {
                            format!("the gate failed for {}: {}", g.run_id, g.failures())
                        },
                    ),
                    None => outcome(false, "no gate has been evaluated"),
                }
            }
            Check::PipelineSucceeded => self.pipeline.check_succeeded(),
            Check::StepCached { step } => self.pipeline.check_step(*step, StepState::Cached),
            Check::StepInState { step, state } => self.pipeline.check_step(*step, *state),
            Check::PipelineRuns { count, trigger } => {
                self.pipeline.check_runs(*count, trigger.as_deref())
            }
            Check::DaysSucceeded { start_day, end_day } => {
                self.pipeline.check_days(*start_day, *end_day)
            }
        }
    }
}
