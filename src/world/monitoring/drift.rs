//! Per-feature drift between a reference and a window of served requests, through the `stats`
//! module: Evidently's automatic method choice (or the configured override), its threshold and
//! comparison direction, plus the null rates of both sides for data-quality alerts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::table::{ColumnData, Table};
use crate::stats::{self, CategoryCounts, Method, NumericSample, Sample};

/// One column's drift result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureDrift {
    /// Column (a feature, or `prediction`).
    pub feature: String,
    /// `numerical` or `categorical`.
    pub column_type: String,
    /// Method used.
    pub method: String,
    /// p-value (ks, chisquare, z) or distance.
    pub score: f64,
    /// KS D or chi-square statistic, when the method has one.
    pub statistic: Option<f64>,
    /// Threshold compared with.
    pub threshold: f64,
    /// The comparison that means drift (`<=`, `<`, `>=`).
    pub comparison: String,
    /// Verdict.
    pub drifted: bool,
    /// Values tested in the reference.
    pub n_reference: usize,
    /// Values tested in the window.
    pub n_current: usize,
    /// Share of nulls in the reference.
    pub null_rate_reference: f64,
    /// Share of nulls in the window.
    pub null_rate_current: f64,
}

/// A column's values gathered from one or more tables.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    numbers: Vec<f64>,
    levels: BTreeMap<String, u64>,
    categorical: bool,
    nulls: usize,
    rows: usize,
    /// True when at least one table had the column.
    pub present: bool,
}

impl Gathered {
    /// Collects column `name` over `tables`.
    pub fn from_tables<'a>(tables: impl Iterator<Item = &'a Table>, name: &str) -> Gathered {
        let mut g = Gathered::default();
        for t in tables {
            let Some(c) = t.column(name) else { continue };
            g.present = true;
            g.rows += c.data.len();
            match &c.data {
                ColumnData::Numeric(v) => {
                    g.nulls += v.iter().filter(|x| !x.is_finite()).count();
                    g.numbers
                        .extend(v.iter().copied().filter(|x| x.is_finite()));
                }
                ColumnData::Categorical { codes, levels } => {
                    g.categorical = true;
                    for &code in codes {
                        match levels.get(code as usize) {
                            Some(l) => *g.levels.entry(l.clone()).or_default() += 1,
                            None => g.nulls += 1,
                        }
                    }
                }
            }
        }
        g
    }

    /// Wraps numbers (e.g. predictions).
    pub fn numbers(values: Vec<f64>) -> Gathered {
        let rows = values.len();
        let kept: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
        Gathered {
            nulls: rows - kept.len(),
            numbers: kept,
            rows,
            present: true,
            ..Gathered::default()
        }
    }

    /// Share of nulls (0 when empty).
    pub fn null_rate(&self) -> f64 {
        if self.rows == 0 {
            0.0
        } else {
            self.nulls as f64 / self.rows as f64
        }
    }
}

/// Tests one column; `Err` says why it could not be tested (e.g. every value null).
pub fn compare(
    name: &str,
    reference: &Gathered,
    current: &Gathered,
    method: Option<Method>,
    threshold: Option<f64>,
) -> Result<FeatureDrift, String> {
    let (r, c, ty) = if reference.categorical || current.categorical {
        let keys: Vec<&String> = reference
            .levels
            .keys()
            .chain(current.levels.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let counts = |g: &Gathered| {
            CategoryCounts::new(
                keys.iter()
                    .map(|k| g.levels.get(*k).copied().unwrap_or(0))
                    .collect(),
            )
        };
        (
            Sample::Categorical(counts(reference)),
            Sample::Categorical(counts(current)),
            stats::ColumnType::Categorical,
        )
    } else {
        (
            Sample::Numerical(NumericSample::new(reference.numbers.clone())),
            Sample::Numerical(NumericSample::new(current.numbers.clone())),
            stats::ColumnType::Numerical,
        )
    };
    let method = method.unwrap_or_else(|| {
        stats::auto_method(
            ty,
            r.len(),
            stats::n_unique_up_to(&r, &c, stats::AUTO_UNIQUE_CAP),
        )
    });
    let threshold = threshold.unwrap_or_else(|| method.default_threshold());
    let out = stats::test_column(method, &r, &c, threshold).map_err(|e| format!("{name}: {e}"))?;
    Ok(FeatureDrift {
        feature: name.to_string(),
        column_type: if ty == stats::ColumnType::Categorical {
            "categorical"
        } else {
            "numerical"
        }
        .into(),
        method: method.name().into(),
        score: out.score,
        statistic: out.statistic,
        threshold,
        comparison: method.comparison().into(),
        drifted: out.drifted,
        n_reference: r.len(),
        n_current: c.len(),
        null_rate_reference: reference.null_rate(),
        null_rate_current: current.null_rate(),
    })
}
