//! Injecting incidents: each drift or incident kind is checked against the scenario (known
//! feature, numeric or categorical, sensible amounts) and stored with its start day; the
//! refusal names the rule broken.

use rand::RngCore;

use super::{Effect, SchemaChange};
use crate::data::generate::{GenerateParams, generate};
use crate::data::table::{ColumnData, ColumnType, Table};
use crate::world::event::Event;
use crate::world::traffic::MAX_SPIKE;
use crate::world::vocabulary::{DriftArgs, IncidentArgs};
use crate::world::{World, rejected};

fn need<T: Clone>(v: Option<&T>, kind: &str, field: &str) -> Result<T, String> {
    v.cloned()
        .ok_or_else(|| format!("a {kind} incident needs {field}"))
}

impl World {
    /// Index, type and levels of a scenario feature, or a message listing the features.
    fn feature(&self, name: &str) -> Result<(usize, ColumnType, &'static [&'static str]), String> {
        let specs = self.scenario.features();
        specs
            .iter()
            .position(|s| s.name == name)
            .map(|i| (i, specs[i].kind, specs[i].levels))
            .ok_or_else(|| {
                let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
                format!(
                    "unknown feature {name:?}; the {} scenario has {}",
                    self.scenario.name(),
                    names.join(", ")
                )
            })
    }

    /// Mean and population SD of a numeric feature in the reference data (the World's data, or
    /// a fresh seeded sample when there is none yet).
    fn reference_moments(&mut self, name: &str) -> (f64, f64) {
        let seed = self.rng.next_u64();
        let sample;
        let table: &Table = if let Some(t) = self.data.table() {
            t
        } else {
            let cfg = GenerateParams {
                rows: 5000,
                missing_rate: 0.0,
                outlier_rate: 0.0,
            }
            .check();
            let Ok(cfg) = cfg else { return (0.0, 1.0) };
            sample = generate(self.scenario, &cfg, seed);
            &sample
        };
        let Some(ColumnData::Numeric(v)) = table.column(name).map(|c| &c.data) else {
            return (0.0, 1.0);
        };
        let xs: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        let n = xs.len().max(1) as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        (mean, if sd > 0.0 { sd } else { 1.0 })
    }

    fn add_incident(
        &mut self,
        effect: Effect,
        from_day: i64,
        over_days: i64,
        description: &str,
    ) -> Vec<Event> {
        let id = self
            .clock
            .add_incident(effect, from_day, over_days, description);
        let when = if from_day == 0 {
            "from the next day served".to_string()
        } else {
            format!("in {from_day} days")
        };
        let ramp = if over_days > 1 {
            format!(", ramping up over {over_days} days")
        } else {
            String::new()
        };
        vec![Event::IncidentInjected {
            id,
            description: format!("{description} {when}{ramp}"),
        }]
    }

    pub(crate) fn inject_drift(&mut self, a: &DriftArgs) -> Vec<Event> {
        match self.check_drift(a) {
            Ok((effect, text)) => self.add_incident(effect, a.from_day, a.over_days, &text),
            Err(e) => rejected("inject_drift", e),
        }
    }

    fn check_timing(from_day: i64, over_days: i64) -> Result<(), String> {
        if !(0..=3650).contains(&from_day) || !(0..=3650).contains(&over_days) {
            return Err(format!(
                "from_day and over_days must be 0 to 3650, got {from_day} and {over_days}"
            ));
        }
        Ok(())
    }

    // One arm per drift kind keeps each kind's rules and message together.
    #[allow(clippy::too_many_lines)]
    fn check_drift(&mut self, a: &DriftArgs) -> Result<(Effect, String), String> {
        Self::check_timing(a.from_day, a.over_days)?;
        let k = a.kind.as_str();
        match k {
            "covariate" => {
                let name = need(a.feature.as_ref(), k, "a feature")?;
                let (col, ty, levels) = self.feature(&name)?;
                if ty == ColumnType::Categorical {
                    let level = need(a.level.as_ref(), k, "a level (categorical feature)")?;
                    let code = levels.iter().position(|l| *l == level).ok_or_else(|| {
                        format!(
                            "{name} has no level {level:?}; it has {}",
                            levels.join(", ")
                        )
                    })?;
                    let fraction =
                        need(a.fraction.as_ref(), k, "a fraction (categorical feature)")?;
                    if !(fraction > 0.0 && fraction <= 1.0) {
                        return Err(format!("fraction must be in (0, 1], got {fraction}"));
                    }
                    return Ok((
                        Effect::MoveToLevel {
                            col,
                            code: code as u32,
                            fraction,
                        },
                        format!(
                            "covariate drift: {:.0}% of {name} becomes {level}",
                            fraction * 100.0
                        ),
                    ));
                }
                if a.shift.is_none() && a.scale.is_none() {
                    return Err(format!(
                        "covariate drift on {name} needs shift (in standard deviations) or scale"
                    ));
                }
                let shift = a.shift.unwrap_or(0.0);
                let scale = a.scale.unwrap_or(1.0);
                if !(shift.is_finite() && scale.is_finite() && scale > 0.0 && shift.abs() <= 100.0)
                {
                    return Err(format!(
                        "shift must be within +-100 SDs and scale positive, got {shift} and {scale}"
                    ));
                }
                let (_, sd) = self.reference_moments(&name);
                Ok((
                    Effect::Shift {
                        col,
                        scale,
                        add: shift * sd,
                    },
                    format!(
                        "covariate drift: {name} x{scale} {shift:+} SD ({:+.4})",
                        shift * sd
                    ),
                ))
            }
            "concept" => {
                let name = need(a.feature.as_ref(), k, "a feature")?;
                let (col, ty, levels) = self.feature(&name)?;
                let effect = need(a.effect.as_ref(), k, "an effect (log-odds)")?;
                if !(effect.is_finite() && effect.abs() <= 20.0) {
                    return Err(format!("effect must be within +-20 log-odds, got {effect}"));
                }
                let level = match (ty, &a.level) {
                    (ColumnType::Categorical, Some(l)) => Some(
                        levels
                            .iter()
                            .position(|x| x == l)
                            .ok_or_else(|| format!("{name} has no level {l:?}"))?
                            as u32,
                    ),
                    (ColumnType::Categorical, None) => {
                        return Err(format!("concept drift on categorical {name} needs a level"));
                    }
                    _ => None,
                };
                let (mean, sd) = if level.is_some() {
                    (0.0, 1.0)
                } else {
                    self.reference_moments(&name)
                };
                Ok((
                    Effect::Concept {
                        col,
                        effect,
                        mean,
                        sd,
                        level,
                    },
                    format!(
                        "concept drift: the risk moves by {effect:+} log-odds per {} of {name}",
                        if level.is_some() { "level" } else { "SD" }
                    ),
                ))
            }
            "prior" => {
                let r = need(a.positive_rate.as_ref(), k, "a positive_rate")?;
                if !(0.001..=0.999).contains(&r) {
                    return Err(format!(
                        "positive_rate must be between 0.001 and 0.999, got {r}"
                    ));
                }
                Ok((
                    Effect::Prior { positive_rate: r },
                    format!("prior shift: {:.1}% of cases are positive", r * 100.0),
                ))
            }
            other => Err(format!(
                "unknown drift kind {other:?}: use covariate, concept or prior"
            )),
        }
    }

    /// A traffic spike: a factor of 1 to [`MAX_SPIKE`] for 1 to 30 days, on a known endpoint
    /// or on every endpoint.
    fn check_spike(&self, a: &IncidentArgs) -> Result<(Effect, String), String> {
        let factor = need(a.factor.as_ref(), "traffic_spike", "a factor")?;
        if !(factor.is_finite() && (1.0..=MAX_SPIKE).contains(&factor)) {
            return Err(format!(
                "a traffic spike's factor must be 1 to {MAX_SPIKE}, got {factor}"
            ));
        }
        let days = a.days.unwrap_or(1);
        if !(1..=30).contains(&days) {
            return Err(format!("a traffic spike lasts 1 to 30 days, got {days}"));
        }
        if let Some(e) = &a.endpoint
            && !self.serving.endpoints.contains_key(e)
        {
            return Err(format!("unknown endpoint {e:?}"));
        }
        let on = a
            .endpoint
            .as_ref()
            .map_or_else(|| "every endpoint".to_string(), |e| format!("endpoint {e}"));
        Ok((
            Effect::Spike {
                endpoint: a.endpoint.clone(),
                factor,
                days,
            },
            format!(
                "traffic spike: x{factor} requests on {on} for {days} day{}",
                if days == 1 { "" } else { "s" }
            ),
        ))
    }

    pub(crate) fn inject_incident(&mut self, a: &IncidentArgs) -> Vec<Event> {
        match self.check_incident(a) {
            Ok((effect, text)) => self.add_incident(effect, a.from_day, 1, &text),
            Err(e) => rejected("inject_incident", e),
        }
    }

    // One arm per incident kind keeps each kind's rules and message together.
    #[allow(clippy::too_many_lines)]
    fn check_incident(&mut self, a: &IncidentArgs) -> Result<(Effect, String), String> {
        Self::check_timing(a.from_day, 1)?;
        let k = a.kind.as_str();
        let fraction = |f: Option<f64>| match f {
            Some(f) if f > 0.0 && f <= 1.0 => Ok(f),
            other => Err(format!(
                "a {k} incident needs a fraction in (0, 1], got {other:?}"
            )),
        };
        match k {
            "schema_change" => {
                let column = need(a.feature.as_ref(), k, "a feature (the column)")?;
                let change = match a.change.as_deref() {
                    Some("new_column") => SchemaChange::NewColumn,
                    Some("missing_column") => SchemaChange::MissingColumn,
                    Some("renamed_column") => SchemaChange::RenamedColumn,
                    other => {
                        return Err(format!(
                            "change must be new_column, missing_column or renamed_column, got {other:?}"
                        ));
                    }
                };
                if change != SchemaChange::NewColumn {
                    self.feature(&column)?;
                } else if self.feature(&column).is_ok() {
                    return Err(format!(
                        "{column} already exists; a new column needs a new name"
                    ));
                }
                let new_name = match change {
                    SchemaChange::RenamedColumn => {
                        Some(need(a.new_name.as_ref(), k, "a new_name")?)
                    }
                    _ => None,
                };
                let text = format!(
                    "schema change: {column} {}",
                    match change {
                        SchemaChange::NewColumn => "appears".to_string(),
                        SchemaChange::MissingColumn => "stops arriving".to_string(),
                        SchemaChange::RenamedColumn =>
                            format!("is renamed {}", new_name.clone().unwrap_or_default()),
                    }
                );
                Ok((
                    Effect::Schema {
                        change,
                        column,
                        new_name,
                    },
                    text,
                ))
            }
            "missing_surge" => {
                let column = need(a.feature.as_ref(), k, "a feature")?;
                self.feature(&column)?;
                let f = fraction(a.fraction)?;
                Ok((
                    Effect::Missing {
                        column: column.clone(),
                        fraction: f,
                    },
                    format!("missing-value surge: {:.0}% of {column} is null", f * 100.0),
                ))
            }
            "unit_change" => {
                let column = need(a.feature.as_ref(), k, "a feature")?;
                if self.feature(&column)?.1 != ColumnType::Numeric {
                    return Err(format!(
                        "{column} is categorical; a unit change needs a numeric feature"
                    ));
                }
                let factor = need(a.factor.as_ref(), k, "a factor")?;
                if !(factor.is_finite() && factor > 0.0) {
                    return Err(format!("factor must be a positive number, got {factor}"));
                }
                Ok((
                    Effect::Unit {
                        column: column.clone(),
                        factor,
                    },
                    format!("upstream unit change: {column} arrives x{factor}"),
                ))
            }
            "serving_skew" => {
                let feature = need(
                    a.feature.as_ref(),
                    k,
                    "a feature (a served feature output such as log_income)",
                )?;
                let known: Vec<String> = self
                    .features
                    .store()
                    .views
                    .values()
                    .flat_map(|v| v.outputs().into_iter().map(|(o, _)| o))
                    .collect();
                if !known.contains(&feature) {
                    return Err(format!(
                        "unknown feature output {feature:?}; the feature views give {}",
                        known.join(", ")
                    ));
                }
                Ok((
                    Effect::Skew {
                        feature: feature.clone(),
                    },
                    format!("training-serving skew: serving computes {feature} differently"),
                ))
            }
            "faulty_build" => {
                let endpoint = need(a.endpoint.as_ref(), k, "an endpoint")?;
                let e = self
                    .serving
                    .endpoints
                    .get(&endpoint)
                    .ok_or_else(|| format!("unknown endpoint {endpoint:?}"))?;
                let version = need(a.version.as_ref(), k, "a version")?;
                let v = self.registry.version(&e.model, version)?.version;
                let error_rate = a.error_rate.unwrap_or(0.0);
                let latency_ms = a.latency_ms.unwrap_or(0.0);
                if !(0.0..=1.0).contains(&error_rate)
                    || !(0.0..=60_000.0).contains(&latency_ms)
                    || (error_rate + latency_ms == 0.0 && !a.fails_readiness)
                {
                    return Err(format!(
                        "a faulty build needs error_rate in [0, 1], latency_ms in [0, 60000] or fails_readiness, not nothing (got {error_rate}, {latency_ms})"
                    ));
                }
                Ok((
                    Effect::Faulty {
                        endpoint,
                        version: v,
                        error_rate,
                        latency_ms,
                        fails_readiness: a.fails_readiness,
                    },
                    format!(
                        "faulty build of v{v}: +{:.0}% errors, +{latency_ms} ms{}",
                        error_rate * 100.0,
                        if a.fails_readiness {
                            ", pods never pass readiness"
                        } else {
                            ""
                        }
                    ),
                ))
            }
            "traffic_spike" => self.check_spike(a),
            other => Err(format!(
                "unknown incident kind {other:?}: use schema_change, missing_surge, unit_change, serving_skew, faulty_build or traffic_spike"
            )),
        }
    }
}
