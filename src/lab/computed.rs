//! Computed checkpoint questions, asked: each fact a question names is read from the learner's
//! World as the step begins, the templates are filled, and the key is the option whose `when`
//! holds. Another seed means other data, other runs, other alarms, so other numbers (and
//! sometimes another key); the same seed and commands give the same question byte for byte.

use serde::Serialize;

use crate::content::facts::{AbField, BiasField, Fact, ScalingField, ServeField};
use crate::content::template::{Condition, Operand, Piece, Template};
use crate::content::{Choice, ComputedQuestion, Lab, Question, QuestionKind, SourceRef};
use crate::world::World;
use crate::world::serving::history;
use crate::world::tracking::RunStatus;
use crate::world::vocabulary::ServeMode;

/// A computed question as asked on one World.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asked {
    /// The question's id in its lab.
    pub id: String,
    /// The prompt, numbers filled in.
    pub prompt: String,
    /// The options, in the author's order.
    pub options: Vec<String>,
    /// Why each option is right or wrong.
    pub whys: Vec<String>,
    /// The index of the key in `options`.
    pub key: usize,
    /// The idea behind the answer.
    pub explanation: String,
}

impl Asked {
    /// The key's text.
    pub fn key_text(&self) -> &str {
        &self.options[self.key]
    }

    /// The question as the quiz engine's single-choice item (for the player's checkpoint), tagged
    /// with the lab's topics and never written to the bank.
    pub fn to_question(&self, lab: &Lab) -> Question {
        let options = self
            .options
            .iter()
            .zip(&self.whys)
            .enumerate()
            .map(|(i, (text, why))| Choice {
                text: text.clone(),
                correct: i == self.key,
                why: why.clone(),
            })
            .collect();
        Question {
            id: format!("{}/{}", lab.id, self.id),
            kind: QuestionKind::Single { options },
            difficulty: 2,
            guide: None,
            topics: lab.topics.clone(),
            exams: Vec::new(),
            drill_only: false,
            lab: Some(lab.id.clone()),
            case: None,
            scenario: "Computed from your World: the numbers are the ones you produced.".into(),
            prompt: self.prompt.clone(),
            explanation: self.explanation.clone(),
            references: lab.references.clone(),
            source: SourceRef {
                path: format!("labs/{}.toml", lab.id).into(),
                line: 0,
            },
        }
    }
}

/// Asks `q` on `world`; `Err` says which fact the World cannot give yet, or that not exactly one
/// option's condition holds.
pub fn ask(q: &ComputedQuestion, world: &World) -> Result<Asked, String> {
    let fill = |t: &Template| fill(t, world);
    let mut holding = Vec::new();
    for (i, o) in q.options.iter().enumerate() {
        if let Some(c) = &o.when
            && holds(c, world)?
        {
            holding.push(i);
        }
    }
    let [key] = holding.as_slice() else {
        return Err(format!(
            "`{}`: {} options' conditions hold on this World; exactly one must",
            q.id,
            holding.len()
        ));
    };
    Ok(Asked {
        id: q.id.clone(),
        prompt: fill(&q.prompt)?,
        options: q
            .options
            .iter()
            .map(|o| fill(&o.text))
            .collect::<Result<_, _>>()?,
        whys: q
            .options
            .iter()
            .map(|o| fill(&o.why))
            .collect::<Result<_, _>>()?,
        key: *key,
        explanation: fill(&q.explanation)?,
    })
}

fn fill(t: &Template, world: &World) -> Result<String, String> {
    let mut out = String::new();
    for p in &t.0 {
        match p {
            Piece::Text(s) => out.push_str(s),
            Piece::Value(f, format) => out.push_str(&format.write(read(f, world)?)),
        }
    }
    Ok(out)
}

fn holds(c: &Condition, world: &World) -> Result<bool, String> {
    let value = |o: &Operand| match o {
        Operand::Number(x) => Ok(*x),
        Operand::Fact(f) => read(f, world),
    };
    // Compared as written: a threshold of 0.05 equals the 5.0% it prints as.
    let round = |x: f64| (x * 1e9).round() / 1e9;
    Ok(c.op.holds(round(value(&c.left)?), round(value(&c.right)?)))
}

/// Reads one fact from the World; `Err` says what is not there yet.
pub fn read(fact: &Fact, world: &World) -> Result<f64, String> {
    match fact {
        Fact::Rows | Fact::Present(_) | Fact::MinFraction(_) => read_data(fact, world),
        Fact::RunMetric(..) | Fact::BestMetric(_) | Fact::RunsFinished | Fact::Attempts(_) => {
            read_runs(fact, world)
        }
        Fact::AbTest(endpoint, field) => read_ab(endpoint, *field, world),
        Fact::Bias(_) | Fact::Importance(..) | Fact::AttributionNdcg(_) => {
            read_fairness(fact, world)
        }
        Fact::Served(endpoint, day) => {
            crate::world::lineage::served_version(world, endpoint, i64::from(*day)).map(f64::from)
        }
        Fact::Serve(name, mode, field) => read_serve(name, *mode, *field, world),
        Fact::SkewValue(feature) | Fact::SkewThreshold(feature) => {
            let f = world
                .skew()
                .and_then(|r| r.features.iter().find(|f| &f.feature == feature))
                .ok_or_else(|| format!("no skew check has compared `{feature}` yet"))?;
            Ok(if matches!(fact, Fact::SkewValue(_)) {
                f.value
            } else {
                f.threshold
            })
        }
        _ => read_serving(fact, world),
    }
}

/// The `serve.` facts: the workload's latest `serve_mode` day (in `mode`, if named).
fn read_serve(
    name: &str,
    mode: Option<ServeMode>,
    field: ServeField,
    world: &World,
) -> Result<f64, String> {
    let r = world
        .servings()
        .latest(name, mode)
        .ok_or_else(|| match mode {
            Some(m) => format!("`{name}` has not been served {} yet", m.phrase()),
            None => format!("`{name}` has not been served yet"),
        })?;
    Ok(match field {
        ServeField::Cost => r.cost(),
        ServeField::InstanceHours => r.instance_hours,
        ServeField::Latency(p95) => {
            if p95 {
                r.p95_ms
            } else {
                r.p50_ms
            }
        }
        ServeField::Hours => r.freshness_hours(),
        ServeField::MaxQueue => r.max_queue as f64,
        ServeField::Timeouts => r.timeouts as f64,
        ServeField::Requests => r.requests as f64,
    })
}

/// The A/B facts: the plan, the counts and the latest look of the endpoint's latest test.
fn read_ab(endpoint: &str, field: AbField, world: &World) -> Result<f64, String> {
    let t = world
        .ab_test(endpoint)
        .ok_or_else(|| format!("no A/B test is planned on `{endpoint}`"))?;
    let look = || {
        t.last
            .ok_or_else(|| format!("the A/B test on `{endpoint}` has no comparison yet"))
    };
    Ok(match field {
        AbField::NPerArm => t.plan.n_per_arm as f64,
        AbField::Days => f64::from(t.days),
        AbField::Requests(treatment) => {
            (if treatment { t.treatment } else { t.control }).requests as f64
        }
        AbField::Rate(treatment) => {
            let c = look()?;
            if treatment {
                c.treatment_rate
            } else {
                c.control_rate
            }
        }
        AbField::Difference => look()?.difference,
        AbField::PValue => look()?.p_value,
        AbField::Ci(high) => {
            let c = look()?;
            if high { c.ci_high } else { c.ci_low }
        }
        AbField::AtHorizon => f64::from(u8::from(t.outcome.as_ref().is_some_and(|o| o.at_horizon))),
    })
}

/// The fairness facts: the latest bias report, a run's importances, an endpoint's latest NDCG.
fn read_fairness(fact: &Fact, world: &World) -> Result<f64, String> {
    let f = world.fairness();
    match fact {
        Fact::Bias(field) => {
            let b = f.bias.last().ok_or("no bias report yet")?;
            Ok(match field {
                BiasField::DisparateImpact => b.gap.disparate_impact(),
                BiasField::Dppl => b.gap.dppl(),
                BiasField::Rate(d) => {
                    if *d {
                        b.gap.rate_d
                    } else {
                        b.gap.rate_a
                    }
                }
            })
        }
        Fact::Importance(run, column) => f
            .importance
            .get(run)
            .and_then(|i| i.ranked.iter().find(|(c, _)| c == column))
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("no importance of `{column}` for run `{run}` yet")),
        Fact::AttributionNdcg(endpoint) => f
            .drift
            .iter()
            .rev()
            .find(|d| &d.endpoint == endpoint)
            .map(|d| d.ndcg)
            .ok_or_else(|| format!("no attribution drift check on `{endpoint}` yet")),
        _ => Err("not a fairness fact".into()),
    }
}

fn count(n: usize) -> f64 {
    n as f64
}

/// The data, schema and validation facts.
fn read_data(fact: &Fact, world: &World) -> Result<f64, String> {
    match fact {
        Fact::Rows => world
            .data()
            .map(|t| count(t.n_rows()))
            .ok_or_else(|| "no data yet".into()),
        Fact::Present(column) => {
            let table = world.data().ok_or("no data yet")?;
            let c = table
                .column(column)
                .ok_or_else(|| format!("the data has no column `{column}`"))?;
            let n = table.n_rows().max(1);
            let present = (0..c.data.len()).filter(|&i| !c.data.is_missing(i)).count();
            Ok(count(present) / count(n))
        }
        Fact::MinFraction(column) => world
            .schema()
            .and_then(|s| s.features.iter().find(|f| &f.name == column))
            .map(|f| f.min_fraction)
            .ok_or_else(|| format!("no schema with a column `{column}` yet")),
        _ => Err(format!("{fact:?} is not a data fact")),
    }
}

/// The tracking and pipeline facts.
fn read_runs(fact: &Fact, world: &World) -> Result<f64, String> {
    let finished = || {
        world
            .tracking()
            .runs
            .iter()
            .filter(|r| r.status == RunStatus::Finished)
    };
    match fact {
        Fact::RunMetric(run, metric) => world
            .tracking()
            .get(run)
            .and_then(|r| r.metrics.get(metric).copied())
            .ok_or_else(|| format!("no metric `{metric}` on a run `{run}` yet")),
        Fact::BestMetric(metric) => finished()
            .filter_map(|r| r.metrics.get(metric).copied())
            .reduce(f64::max)
            .ok_or_else(|| format!("no finished run with a metric `{metric}` yet")),
        Fact::RunsFinished => Ok(count(finished().count())),
        Fact::Attempts(step) => world
            .pipeline()
            .runs
            .last()
            .and_then(|r| r.step(*step))
            .map(|s| f64::from(s.attempts))
            .ok_or_else(|| format!("no pipeline run has a `{}` step yet", step.name())),
        _ => Err(format!("{fact:?} is not a run fact")),
    }
}

/// The serving and monitoring facts.
fn read_serving(fact: &Fact, world: &World) -> Result<f64, String> {
    match fact {
        Fact::AlarmValue(name) | Fact::AlarmThreshold(name) | Fact::AlarmVersion(name) => {
            let firing = world
                .serving()
                .firings
                .iter()
                .rev()
                .find(|f| &f.alarm == name)
                .ok_or_else(|| format!("the alarm `{name}` has not fired"))?;
            Ok(match fact {
                Fact::AlarmValue(_) => firing.value,
                Fact::AlarmThreshold(_) => firing.threshold,
                _ => f64::from(firing.version),
            })
        }
        Fact::Traffic(endpoint, version) => world
            .serving()
            .endpoints
            .get(endpoint)
            .map(|e| f64::from(e.version_percent(*version)))
            .ok_or_else(|| format!("no endpoint `{endpoint}`")),
        Fact::Requests(endpoint) | Fact::Errors(endpoint) => {
            let days = world
                .production()
                .get(endpoint)
                .ok_or_else(|| format!("the endpoint `{endpoint}` has served no day"))?;
            let failed = matches!(fact, Fact::Errors(_));
            Ok(count(
                days.iter()
                    .flat_map(|d| &d.version)
                    .filter(|v| !failed || **v == 0)
                    .count(),
            ))
        }
        Fact::DriftScore(endpoint, feature) | Fact::DriftThreshold(endpoint, feature) => {
            let drift = world
                .monitoring()
                .reports
                .iter()
                .rev()
                .find(|r| &r.endpoint == endpoint)
                .and_then(|r| r.features.iter().find(|f| &f.feature == feature))
                .ok_or_else(|| {
                    format!("no monitor report on `{endpoint}` has tested `{feature}` yet")
                })?;
            Ok(if matches!(fact, Fact::DriftScore(..)) {
                drift.score
            } else {
                drift.threshold
            })
        }
        Fact::Realised(endpoint) | Fact::Estimated(endpoint) => {
            let realised = world
                .monitoring()
                .reports
                .iter()
                .rev()
                .filter(|r| &r.endpoint == endpoint)
                .find_map(|r| r.realised.as_ref())
                .ok_or_else(|| format!("no labels have arrived on `{endpoint}` yet"))?;
            if matches!(fact, Fact::Realised(_)) {
                Ok(realised.accuracy)
            } else {
                // The CBPE estimate for the very requests whose labels gave the realised figure.
                realised.estimated.map(|e| e.accuracy).ok_or_else(|| {
                    format!(
                        "the monitor on `{endpoint}` has no CBPE estimate for its labelled days"
                    )
                })
            }
        }
        Fact::Scaling(endpoint, field, last_day) => {
            let e = world
                .serving()
                .endpoints
                .get(endpoint)
                .ok_or_else(|| format!("no endpoint `{endpoint}`"))?;
            let hours = if *last_day {
                let logs = world
                    .production()
                    .get(endpoint)
                    .map_or(&[][..], Vec::as_slice);
                history::served_day(e, logs, None).map_or(&[][..], |(_, h)| h)
            } else {
                &e.hours[..]
            };
            let r = history::scaling(hours)
                .ok_or_else(|| format!("the endpoint `{endpoint}` has served no hour"))?;
            Ok(match field {
                ScalingField::Replicas(false) => f64::from(r.min_replicas),
                ScalingField::Replicas(true) => f64::from(r.max_replicas),
                ScalingField::P95Peak => f64::from(r.p95_ms_peak),
                ScalingField::Events => f64::from(r.events),
                ScalingField::ReplicaHours => r.replica_hours as f64,
                ScalingField::ColdStarts => f64::from(r.cold_starts),
            })
        }
        _ => Err(format!("{fact:?} is not a serving fact")),
    }
}
