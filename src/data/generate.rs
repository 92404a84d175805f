//! Seeded generation of a scenario's table: clean rows from the scenario, a noisy label from its
//! hidden log-odds, then missing values and outliers at the requested rates.
//!
//! Parameters follow linfa's `ParamGuard` idea: [`GenerateParams`] is what a user writes,
//! [`GenerateParams::check`] turns it into a [`GenerateConfig`] that cannot be wrong.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

use super::scenario::Scenario;
use super::table::{Column, ColumnData, ColumnType, DAY, MISSING_CODE, Table};

/// Days of history a generated table covers.
pub const HISTORY_DAYS: i64 = 90;

/// Most rows one call may generate (keeps memory bounded for a typo like 1e12).
pub const MAX_ROWS: i64 = 20_000_000;

/// Unchecked generation knobs, as a user or lab writes them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GenerateParams {
    /// Number of rows.
    pub rows: i64,
    /// Chance that any one feature value is missing, in [0, 1).
    pub missing_rate: f64,
    /// Chance that any one numeric value is an outlier (scaled by 8 to 25), in [0, 1).
    pub outlier_rate: f64,
}

/// Checked generation knobs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenerateConfig {
    rows: usize,
    missing_rate: f64,
    outlier_rate: f64,
}

impl GenerateConfig {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }
}

/// Why generation parameters were refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenerateParamsError {
    /// Zero, negative or absurdly many rows.
    #[error("rows must be between 1 and {MAX_ROWS}, got {0}")]
    Rows(i64),
    /// A rate outside [0, 1).
    #[error("{name} must be at least 0 and below 1, got {value}")]
    Rate {
        /// Which knob.
        name: &'static str,
        /// The value given.
        value: f64,
    },
}

impl GenerateParams {
    /// Validates the knobs.
    pub fn check(&self) -> Result<GenerateConfig, GenerateParamsError> {
        if !(1..=MAX_ROWS).contains(&self.rows) {
            return Err(GenerateParamsError::Rows(self.rows));
        }
        for (name, value) in [
            ("missing_rate", self.missing_rate),
            ("outlier_rate", self.outlier_rate),
        ] {
            if !(0.0..1.0).contains(&value) {
                return Err(GenerateParamsError::Rate { name, value });
            }
        }
        Ok(GenerateConfig {
            rows: self.rows as usize,
            missing_rate: self.missing_rate,
            outlier_rate: self.outlier_rate,
        })
    }
}

/// Generates a table for `scenario`; the same seed and config give the same table.
pub fn generate(scenario: Scenario, cfg: &GenerateConfig, seed: u64) -> Table {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let specs = scenario.features();
    let n = cfg.rows;
    let n_entities = (n / scenario.rows_per_entity()).max(1) as u64;
    let span = (HISTORY_DAYS * DAY) as f64;
    let mut cols: Vec<Vec<f64>> = specs.iter().map(|_| Vec::with_capacity(n)).collect();
    let mut entity_ids = Vec::with_capacity(n);
    let mut event_ts = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    let mut row = vec![0.0; specs.len()];
    for i in 0..n {
        // Row i falls in the i-th slice of the history, so timestamps come out sorted.
        let u: f64 = rng.r#gen();
        event_ts.push(((i as f64 + u) * span / n as f64) as i64);
        entity_ids.push(100_000 + rng.gen_range(0..n_entities));
        let logit =
            scenario.sample(&mut rng, &mut row) + 0.4 * rng.sample::<f64, _>(StandardNormal);
        let p = 1.0 / (1.0 + (-logit).exp());
        labels.push(u8::from(rng.r#gen::<f64>() < p));
        for (c, v) in cols.iter_mut().zip(&row) {
            c.push(*v);
        }
    }
    let columns = specs
        .iter()
        .zip(cols)
        .map(|(spec, mut values)| {
            if spec.kind == ColumnType::Numeric {
                for i in hits(&mut rng, n, cfg.outlier_rate) {
                    values[i] *= rng.gen_range(8.0..25.0);
                }
            }
            for i in hits(&mut rng, n, cfg.missing_rate) {
                values[i] = f64::NAN;
            }
            let data = match spec.kind {
                ColumnType::Numeric => ColumnData::Numeric(values),
                ColumnType::Categorical => ColumnData::Categorical {
                    codes: values
                        .iter()
                        .map(|v| if v.is_nan() { MISSING_CODE } else { *v as u32 })
                        .collect(),
                    levels: spec.levels.iter().map(|s| (*s).to_string()).collect(),
                },
            };
            Column {
                name: spec.name.to_string(),
                data,
            }
        })
        .collect();
    Table {
        entity_key: scenario.entity_key().to_string(),
        label_name: scenario.label_name().to_string(),
        entity_ids,
        event_ts,
        labels,
        columns,
    }
}

/// The rows among `0..n` hit by independent Bernoulli(`p`) trials, drawn by geometric jumps so
/// that a 1% rate costs about n / 100 draws instead of n.
fn hits(rng: &mut impl Rng, n: usize, p: f64) -> Vec<usize> {
    let mut out = Vec::new();
    if p <= 0.0 {
        return out;
    }
    let ln_q = (1.0 - p).ln();
    let mut i = 0usize;
    loop {
        // Failures before the next success: floor(ln U / ln(1 - p)), U uniform in (0, 1].
        let u = 1.0 - rng.r#gen::<f64>();
        let gap = (u.ln() / ln_q).floor();
        if !gap.is_finite() || gap >= (n - i) as f64 {
            return out;
        }
        i += gap as usize;
        out.push(i);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(rows: i64, missing: f64, outliers: f64) -> GenerateConfig {
        GenerateParams {
            rows,
            missing_rate: missing,
            outlier_rate: outliers,
        }
        .check()
        .unwrap()
    }

    #[test]
    fn geometric_hits_have_the_requested_rate() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let h = hits(&mut rng, 200_000, 0.05);
        assert!((h.len() as f64 / 200_000.0 - 0.05).abs() < 0.002);
        assert!(h.windows(2).all(|w| w[0] < w[1]) && *h.last().unwrap() < 200_000);
        assert!(hits(&mut rng, 100, 0.0).is_empty());
        assert_eq!(hits(&mut rng, 0, 0.5), Vec::<usize>::new());
    }

    #[test]
    fn bad_knobs_are_refused() {
        let p = GenerateParams {
            rows: -5,
            missing_rate: 0.0,
            outlier_rate: 0.0,
        };
        assert_eq!(p.check(), Err(GenerateParamsError::Rows(-5)));
        let p = GenerateParams {
            rows: 10,
            missing_rate: 1.0,
            outlier_rate: 0.0,
        };
        assert!(p.check().unwrap_err().to_string().contains("missing_rate"));
    }

    #[test]
    fn same_seed_same_table_other_seed_other_table() {
        let a = generate(Scenario::Churn, &cfg(2_000, 0.01, 0.01), 7);
        let b = generate(Scenario::Churn, &cfg(2_000, 0.01, 0.01), 7);
        let c = generate(Scenario::Churn, &cfg(2_000, 0.01, 0.01), 8);
        assert_eq!(a.digest(), b.digest());
        assert_ne!(a.digest(), c.digest());
    }

    #[test]
    fn label_rates_are_realistic_and_fraud_is_rare() {
        let rate = |s| {
            let t = generate(s, &cfg(40_000, 0.0, 0.0), 1);
            t.positives() as f64 / t.n_rows() as f64
        };
        let credit = rate(Scenario::CreditRisk);
        let churn = rate(Scenario::Churn);
        let fraud = rate(Scenario::Fraud);
        assert!(
            (0.08..0.30).contains(&credit),
            "credit {credit} churn {churn} fraud {fraud}"
        );
        assert!((0.15..0.40).contains(&churn), "churn {churn}");
        assert!((0.003..0.04).contains(&fraud), "fraud {fraud}");
    }

    #[test]
    fn missing_rate_and_timestamps() {
        let t = generate(Scenario::CreditRisk, &cfg(20_000, 0.1, 0.0), 3);
        let inc = &t.column("income").unwrap().data;
        let missing = (0..t.n_rows()).filter(|&i| inc.is_missing(i)).count() as f64;
        assert!((missing / 20_000.0 - 0.1).abs() < 0.01);
        assert!(t.event_ts.windows(2).all(|w| w[0] <= w[1]));
        assert!(*t.event_ts.last().unwrap() < HISTORY_DAYS * DAY);
        assert!(t.entity_ids.iter().all(|&e| e >= 100_000));
    }

    #[test]
    fn outliers_push_values_far_out() {
        let clean = generate(Scenario::Fraud, &cfg(10_000, 0.0, 0.0), 5);
        let dirty = generate(Scenario::Fraud, &cfg(10_000, 0.0, 0.05), 5);
        let max = |t: &Table| match &t.column("hour_of_day").unwrap().data {
            ColumnData::Numeric(v) => v.iter().copied().fold(f64::MIN, f64::max),
            ColumnData::Categorical { .. } => unreachable!(),
        };
        assert!(max(&clean) <= 23.0);
        assert!(max(&dirty) > 23.0);
    }
}
