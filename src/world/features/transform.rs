//! Feature transformations, each with its training path and a deliberately divergent serving path
//! (the bug a learner can switch on to see training-serving skew and catch it).

use serde::{Deserialize, Serialize};

use crate::data::table::{ColumnData, MISSING_CODE, Table};

/// A checked transformation of one source column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transform {
    /// The numeric value as is.
    Identity,
    /// `(x - mean) / sd`, with mean and population sd fitted on the source data.
    Standardise {
        /// Fitted mean.
        mean: f64,
        /// Fitted standard deviation (1 when the column is constant).
        sd: f64,
    },
    /// The index of the bucket: the number of boundaries `<= x`.
    Bucketise {
        /// Ascending boundaries.
        boundaries: Vec<f64>,
    },
    /// One 0/1 output per level of a categorical column (all zero when missing).
    OneHot {
        /// Levels, in the source's order.
        levels: Vec<String>,
    },
    /// `ln(1 + x)`; missing for `x <= -1`.
    Log,
    /// `x / denominator`; missing when the denominator is 0 or missing.
    Ratio {
        /// Denominator column.
        denominator: String,
    },
}

/// Whether an output is compared as numeric (Jensen-Shannon) or categorical (L-infinity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// Continuous values.
    Numeric,
    /// A small set of values (bucket indices, one-hot flags).
    Categorical,
}

impl Transform {
    /// Output column names for source column `col`.
    pub fn outputs(&self, col: &str) -> Vec<String> {
        match self {
            Transform::Identity => vec![col.to_string()],
            Transform::Standardise { .. } => vec![format!("{col}_std")],
            Transform::Bucketise { .. } => vec![format!("{col}_bucket")],
            Transform::OneHot { levels } => levels.iter().map(|l| format!("{col}={l}")).collect(),
            Transform::Log => vec![format!("log_{col}")],
            Transform::Ratio { denominator } => vec![format!("{col}_per_{denominator}")],
        }
    }

    /// How outputs are compared for skew.
    pub fn output_kind(&self) -> OutputKind {
        match self {
            Transform::Bucketise { .. } | Transform::OneHot { .. } => OutputKind::Categorical,
            _ => OutputKind::Numeric,
        }
    }

    /// What the divergent serving path does differently.
    pub fn bug_description(&self) -> &'static str {
        match self {
            Transform::Identity => {
                "serving fills missing values with 0 instead of leaving them null"
            }
            Transform::Standardise { .. } => "serving skips standardisation and sends raw values",
            Transform::Bucketise { .. } => {
                "serving puts values equal to a boundary in the lower bucket (< instead of <=)"
            }
            Transform::OneHot { .. } => {
                "serving orders one-hot columns alphabetically, not as trained"
            }
            Transform::Log => "serving uses log10(1 + x) instead of ln(1 + x)",
            Transform::Ratio { .. } => "serving divides the denominator by the numerator",
        }
    }

    /// The outputs for row `i` of `table` from source column `col`, appended to `out`.
    ///
    /// `bug` selects the divergent serving path. Missing inputs give NaN outputs, except one-hot,
    /// which gives all zeros as most encoders do.
    pub fn apply_row(&self, table: &Table, col: &str, i: usize, bug: bool, out: &mut Vec<f64>) {
        let Some(c) = table.column(col) else {
            out.extend(self.outputs(col).iter().map(|_| f64::NAN));
            return;
        };
        match (self, &c.data) {
            (Transform::OneHot { levels }, ColumnData::Categorical { codes, levels: src }) => {
                let value = (codes[i] != MISSING_CODE).then(|| src[codes[i] as usize].as_str());
                let mut order: Vec<&String> = levels.iter().collect();
                if bug {
                    order.sort();
                }
                out.extend(
                    order
                        .iter()
                        .map(|l| f64::from(u8::from(value == Some(l.as_str())))),
                );
            }
            (Transform::OneHot { levels }, ColumnData::Numeric(_)) => {
                out.extend(levels.iter().map(|_| 0.0));
            }
            (_, ColumnData::Categorical { .. }) => out.push(f64::NAN),
            (t, ColumnData::Numeric(v)) => out.push(t.numeric(v[i], table, i, bug)),
        }
    }

    fn numeric(&self, x: f64, table: &Table, i: usize, bug: bool) -> f64 {
        match self {
            Transform::Identity if bug && x.is_nan() => 0.0,
            Transform::Identity | Transform::OneHot { .. } => x,
            Transform::Standardise { .. } if bug => x,
            Transform::Standardise { mean, sd } => (x - mean) / sd,
            Transform::Bucketise { boundaries } if !x.is_nan() => {
                let n = if bug {
                    boundaries.iter().filter(|&&b| b < x).count()
                } else {
                    boundaries.iter().filter(|&&b| b <= x).count()
                };
                n as f64
            }
            Transform::Log if x > -1.0 => {
                if bug {
                    (1.0 + x).log10()
                } else {
                    x.ln_1p()
                }
            }
            Transform::Bucketise { .. } | Transform::Log => f64::NAN,
            Transform::Ratio { denominator } => {
                let d = match table.column(denominator).map(|c| &c.data) {
                    Some(ColumnData::Numeric(v)) => v[i],
                    _ => f64::NAN,
                };
                let (num, den) = if bug { (d, x) } else { (x, d) };
                if den == 0.0 || den.is_nan() {
                    f64::NAN
                } else {
                    num / den
                }
            }
        }
    }
}

/// Fits a standardiser on the non-missing values of a numeric column.
pub fn fit_standardise(values: &[f64]) -> Transform {
    let (n, sum) = values
        .iter()
        .filter(|x| !x.is_nan())
        .fold((0.0, 0.0), |(n, s), x| (n + 1.0, s + x));
    let mean = if n > 0.0 { sum / n } else { 0.0 };
    let var = values
        .iter()
        .filter(|x| !x.is_nan())
        .map(|x| (x - mean).powi(2))
        .sum::<f64>()
        / n.max(1.0);
    let sd = if var > 0.0 { var.sqrt() } else { 1.0 };
    Transform::Standardise { mean, sd }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn table() -> Table {
        Table {
            entity_key: "id".into(),
            label_name: "y".into(),
            entity_ids: vec![1, 2, 3],
            event_ts: vec![0, 0, 0],
            labels: vec![0, 0, 1],
            columns: vec![
                Column {
                    name: "x".into(),
                    data: ColumnData::Numeric(vec![30.0, 9.0, f64::NAN]),
                },
                Column {
                    name: "d".into(),
                    data: ColumnData::Numeric(vec![3.0, 0.0, 1.0]),
                },
                Column {
                    name: "c".into(),
                    data: ColumnData::Categorical {
                        codes: vec![1, 0, MISSING_CODE],
                        levels: vec!["z".into(), "a".into()],
                    },
                },
            ],
        }
    }

    fn run(t: &Transform, col: &str, i: usize, bug: bool) -> Vec<f64> {
        let mut out = Vec::new();
        t.apply_row(&table(), col, i, bug, &mut out);
        out
    }

    #[test]
    fn training_and_serving_paths_differ_only_where_documented() {
        let b = Transform::Bucketise {
            boundaries: vec![10.0, 30.0],
        };
        assert_eq!(run(&b, "x", 0, false), vec![2.0]);
        assert_eq!(run(&b, "x", 0, true), vec![1.0]);
        assert_eq!(run(&b, "x", 1, false), run(&b, "x", 1, true));
        let oh = Transform::OneHot {
            levels: vec!["z".into(), "a".into()],
        };
        assert_eq!(run(&oh, "c", 0, false), vec![0.0, 1.0]);
        assert_eq!(run(&oh, "c", 0, true), vec![1.0, 0.0]);
        assert_eq!(run(&oh, "c", 2, false), vec![0.0, 0.0]);
        assert!((run(&Transform::Log, "x", 1, false)[0] - 10f64.ln()).abs() < 1e-12);
        assert!((run(&Transform::Log, "x", 1, true)[0] - 1.0).abs() < 1e-12);
        let r = Transform::Ratio {
            denominator: "d".into(),
        };
        assert_eq!(run(&r, "x", 0, false), vec![10.0]);
        assert!(run(&r, "x", 1, false)[0].is_nan());
        assert!(run(&Transform::Identity, "x", 2, false)[0].is_nan());
        assert_eq!(run(&Transform::Identity, "x", 2, true), vec![0.0]);
    }

    #[test]
    fn standardiser_uses_population_sd_and_ignores_missing() {
        let Transform::Standardise { mean, sd } = fit_standardise(&[1.0, 3.0, f64::NAN]) else {
            panic!()
        };
        assert_eq!((mean, sd), (2.0, 1.0));
        assert_eq!(
            fit_standardise(&[5.0, 5.0]),
            Transform::Standardise { mean: 5.0, sd: 1.0 }
        );
    }
}
