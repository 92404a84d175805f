//! Incidents injected by command: covariate drift (sudden or gradual), concept drift (the label
//! function changes), prior shift, and pipeline breakage (schema change, missing-value surge,
//! upstream unit change, training-serving skew, a faulty build). Each is checked against the
//! scenario when injected, starts on a chosen day and may ramp up over several days; the request
//! generator in `traffic` applies the active ones.

mod inject;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// How a raw column's schema changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaChange {
    /// An unannounced column appears.
    NewColumn,
    /// A column stops arriving.
    MissingColumn,
    /// A column arrives under another name.
    RenamedColumn,
}

/// What an incident does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// Numeric covariate shift: `x * scale + shift_sd * sd`, at full intensity.
    Shift {
        /// Feature index in the scenario.
        col: usize,
        /// Multiplier.
        scale: f64,
        /// Added amount (already in the feature's units).
        add: f64,
    },
    /// Categorical covariate shift: `fraction` of rows move to level `code`.
    MoveToLevel {
        /// Feature index.
        col: usize,
        /// Target level code.
        code: u32,
        /// Share of rows moved.
        fraction: f64,
    },
    /// Concept drift: `effect` log-odds per SD of the feature, or for rows at `level`.
    Concept {
        /// Feature index.
        col: usize,
        /// Log-odds added.
        effect: f64,
        /// Reference mean.
        mean: f64,
        /// Reference SD.
        sd: f64,
        /// For a categorical feature: the level whose risk changes.
        level: Option<u32>,
    },
    /// Label (prior) shift: `P(y)` changes, `P(x | y)` does not.
    Prior {
        /// New share of positives.
        positive_rate: f64,
    },
    /// A raw column's schema changes.
    Schema {
        /// How.
        change: SchemaChange,
        /// Column.
        column: String,
        /// New name when renamed.
        new_name: Option<String>,
    },
    /// A share of a raw column's values go missing.
    Missing {
        /// Column.
        column: String,
        /// Share blanked.
        fraction: f64,
    },
    /// An upstream unit change multiplies a raw numeric column.
    Unit {
        /// Column.
        column: String,
        /// Multiplier.
        factor: f64,
    },
    /// The serving path computes one feature output differently from training.
    Skew {
        /// Output feature, e.g. `log_income`.
        feature: String,
    },
    /// A build of one version fails or slows requests.
    Faulty {
        /// Endpoint.
        endpoint: String,
        /// Version.
        version: u32,
        /// Extra error rate.
        error_rate: f64,
        /// Extra latency, ms.
        latency_ms: f64,
        /// Its pods never become ready.
        fails_readiness: bool,
    },
    /// A traffic spike: requests multiply by `factor` for `days` days, on one endpoint or on
    /// every endpoint.
    Spike {
        /// Only this endpoint (every endpoint when `None`).
        endpoint: Option<String>,
        /// Requests multiply by this.
        factor: f64,
        /// How many days it lasts.
        days: i64,
    },
}

/// An injected incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Number, from 1.
    pub id: usize,
    /// What it does.
    pub effect: Effect,
    /// First simulated day (absolute day index) it affects.
    pub start_day: i64,
    /// Days to reach full strength (1: sudden).
    pub over_days: i64,
    /// In words.
    pub description: String,
}

impl Incident {
    /// Strength on absolute day `day`: 0 before the start, ramping linearly to 1.
    pub fn intensity(&self, day: i64) -> f64 {
        if day < self.start_day {
            return 0.0;
        }
        (((day - self.start_day + 1) as f64) / self.over_days.max(1) as f64).min(1.0)
    }

    /// The factor a spike multiplies `endpoint`'s requests by on absolute day `day` (1 when
    /// this incident is not a spike on that endpoint that day).
    pub fn spike_factor(&self, endpoint: &str, day: i64) -> f64 {
        match &self.effect {
            Effect::Spike {
                endpoint: on,
                factor,
                days,
            } if on.as_deref().is_none_or(|e| e == endpoint)
                && (self.start_day..self.start_day + days).contains(&day) =>
            {
                *factor
            }
            _ => 1.0,
        }
    }
}

/// A seeded generator for one day's requests, split from the World's RNG.
pub fn day_rng(world_rng: &mut ChaCha8Rng) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(world_rng.next_u64())
}
