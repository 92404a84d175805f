//! TFDV-style schema inference and anomaly detection: the schema records each feature's type,
//! category domain, required fraction present and (once a reviewer sets one) valid range; validating new data against it
//! reports anomalies under TFDV's own names, each with the rows affected and an example value.

use serde::{Deserialize, Serialize};

use super::expectations::ExpectationResult;
use crate::data::table::{ColumnData, ColumnType, MISSING_CODE, Table};

/// What the schema says about one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSchema {
    /// Feature name.
    pub name: String,
    /// Expected type.
    pub kind: ColumnType,
    /// Smallest allowed value (numeric; inference leaves it unset, as TFDV does).
    pub min: Option<f64>,
    /// Largest allowed value (numeric; inference leaves it unset, as TFDV does).
    pub max: Option<f64>,
    /// Allowed values (categorical).
    pub domain: Vec<String>,
    /// Required fraction of rows with a value (`presence.min_fraction`).
    pub min_fraction: f64,
}

/// A schema over a table's feature columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// One entry per feature.
    pub features: Vec<FeatureSchema>,
}

/// TFDV anomaly types this World detects (serialised under TFDV's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AnomalyKind {
    /// A column the schema does not know.
    SchemaNewColumn,
    /// A schema column absent from the data.
    SchemaMissingColumn,
    /// Category values outside the domain.
    EnumTypeUnexpectedStringValues,
    /// Fewer rows have a value than `min_fraction` requires.
    FeatureTypeLowFractionPresent,
    /// Values above the domain's max.
    FloatTypeBigFloat,
    /// Values below the domain's min.
    FloatTypeSmallFloat,
    /// A numeric feature arrived as text that does not parse as a number (wrong type).
    FloatTypeStringNotFloat,
}

impl AnomalyKind {
    /// TFDV's name, e.g. `SCHEMA_NEW_COLUMN`.
    pub fn tfdv_name(self) -> &'static str {
        match self {
            AnomalyKind::SchemaNewColumn => "SCHEMA_NEW_COLUMN",
            AnomalyKind::SchemaMissingColumn => "SCHEMA_MISSING_COLUMN",
            AnomalyKind::EnumTypeUnexpectedStringValues => "ENUM_TYPE_UNEXPECTED_STRING_VALUES",
            AnomalyKind::FeatureTypeLowFractionPresent => "FEATURE_TYPE_LOW_FRACTION_PRESENT",
            AnomalyKind::FloatTypeBigFloat => "FLOAT_TYPE_BIG_FLOAT",
            AnomalyKind::FloatTypeSmallFloat => "FLOAT_TYPE_SMALL_FLOAT",
            AnomalyKind::FloatTypeStringNotFloat => "FLOAT_TYPE_STRING_NOT_FLOAT",
        }
    }
}

/// One anomaly: what failed, on which column, how many rows, and an example value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anomaly {
    /// Column.
    pub column: String,
    /// Anomaly type.
    pub kind: AnomalyKind,
    /// A sentence a learner can act on.
    pub description: String,
    /// Rows affected (all rows for a column-level anomaly).
    pub rows: usize,
    /// An offending value, when there is one.
    pub example: Option<String>,
}

/// The outcome of validating one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// Digest of the table validated.
    pub data_digest: String,
    /// Rows validated.
    pub rows: usize,
    /// True when there are no anomalies and every expectation passed.
    pub passed: bool,
    /// Schema anomalies.
    pub anomalies: Vec<Anomaly>,
    /// Expectation results, in suite order.
    pub expectations: Vec<ExpectationResult>,
}

impl ValidationReport {
    /// One line per failure, for a block message.
    pub fn failures(&self) -> Vec<String> {
        let a = self
            .anomalies
            .iter()
            .map(|a| format!("{} on {}", a.kind.tfdv_name(), a.column));
        let e = self
            .expectations
            .iter()
            .filter(|e| !e.success)
            .map(|e| format!("{} on {}", e.expectation, e.column));
        a.chain(e).collect()
    }
}

/// Infers a schema from `table`.
///
/// Like TFDV's `infer_schema`, the result is a starting point to review: types, the category
/// domains seen and presence, but no numeric range. TFDV leaves float and int domains unset,
/// because a range copied from one sample's minimum and maximum would flag the next sample of
/// the same distribution; a reviewer who knows the valid range sets it with [`set_domain`]
/// (`tfdv.set_domain`). One choice differs from TFDV's defaults so that the lab's incidents are
/// caught: a feature that has missing values requires its observed fraction present minus 0.05
/// (TFDV would only require it to be present at least once).
pub fn infer_schema(table: &Table) -> Schema {
    let n = table.n_rows().max(1) as f64;
    let features = table
        .columns
        .iter()
        .map(|c| {
            let present = (0..c.data.len()).filter(|&i| !c.data.is_missing(i)).count() as f64 / n;
            let min_fraction = if present >= 1.0 {
                1.0
            } else {
                ((present - 0.05).max(0.0) * 100.0).floor() / 100.0
            };
            let (min, max, domain) = match &c.data {
                ColumnData::Numeric(_) => (None, None, Vec::new()),
                ColumnData::Categorical { codes, levels } => {
                    let mut seen = vec![false; levels.len()];
                    for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                        seen[c as usize] = true;
                    }
                    let domain = levels
                        .iter()
                        .zip(seen)
                        .filter(|(_, s)| *s)
                        .map(|(l, _)| l.clone());
                    (None, None, domain.collect())
                }
            };
            FeatureSchema {
                name: c.name.clone(),
                kind: c.data.column_type(),
                min,
                max,
                domain,
                min_fraction,
            }
        })
        .collect();
    Schema { features }
}

/// Sets the valid range of a numeric feature, as `tfdv.set_domain` with a `FloatDomain` does;
/// either bound may be left open. Errs with a sentence naming the problem.
pub fn set_domain(
    schema: &mut Schema,
    column: &str,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), String> {
    if min.is_none() && max.is_none() {
        return Err("give a min, a max or both".into());
    }
    if let Some(b) = min.into_iter().chain(max).find(|b| !b.is_finite()) {
        return Err(format!("a bound must be a finite number, got {b}"));
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        return Err(format!("min {lo} is above max {hi}"));
    }
    let Some(f) = schema.features.iter_mut().find(|f| f.name == column) else {
        let known: Vec<&str> = schema.features.iter().map(|f| f.name.as_str()).collect();
        return Err(format!(
            "unknown column {column:?} (the schema has: {})",
            known.join(", ")
        ));
    };
    if f.kind != ColumnType::Numeric {
        return Err(format!(
            "{column} is categorical: its domain is the set of values inferred from the data"
        ));
    }
    f.min = min;
    f.max = max;
    Ok(())
}

/// Validates `table` against `schema`, returning every anomaly.
pub fn detect_anomalies(schema: &Schema, table: &Table) -> Vec<Anomaly> {
    let n = table.n_rows();
    let mut out = Vec::new();
    for c in &table.columns {
        if !schema.features.iter().any(|f| f.name == c.name) {
            out.push(Anomaly {
                column: c.name.clone(),
                kind: AnomalyKind::SchemaNewColumn,
                description: format!("New column {} is not in the schema", c.name),
                rows: n,
                example: (n > 0).then(|| c.data.display(0)),
            });
        }
    }
    for f in &schema.features {
        let Some(col) = table.column(&f.name) else {
            out.push(Anomaly {
                column: f.name.clone(),
                kind: AnomalyKind::SchemaMissingColumn,
                description: format!(
                    "Column {} is in the schema but missing from the data",
                    f.name
                ),
                rows: n,
                example: None,
            });
            continue;
        };
        let missing = (0..n).filter(|&i| col.data.is_missing(i)).count();
        let present = if n == 0 {
            1.0
        } else {
            (n - missing) as f64 / n as f64
        };
        let low = if f.min_fraction >= 1.0 {
            missing > 0
        } else {
            present < f.min_fraction
        };
        if low {
            out.push(Anomaly {
                column: f.name.clone(),
                kind: AnomalyKind::FeatureTypeLowFractionPresent,
                description: format!(
                    "Only {:.4} of rows have {} (schema requires {})",
                    present, f.name, f.min_fraction
                ),
                rows: missing,
                example: Some("null".into()),
            });
        }
        match f.kind {
            ColumnType::Numeric => numeric_anomalies(f, &col.data, &mut out),
            ColumnType::Categorical => domain_anomaly(f, &col.data, &mut out),
        }
    }
    out
}

/// Values of a column as numbers; text that does not parse is returned separately.
fn as_numbers(data: &ColumnData) -> (Vec<f64>, Vec<String>) {
    match data {
        ColumnData::Numeric(v) => (
            v.iter().copied().filter(|x| !x.is_nan()).collect(),
            Vec::new(),
        ),
        ColumnData::Categorical { codes, levels } => {
            let mut nums = Vec::new();
            let mut bad = Vec::new();
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                let s = &levels[c as usize];
                match s.trim().parse::<f64>() {
                    Ok(x) => nums.push(x),
                    Err(_) => bad.push(s.clone()),
                }
            }
            (nums, bad)
        }
    }
}

fn numeric_anomalies(f: &FeatureSchema, data: &ColumnData, out: &mut Vec<Anomaly>) {
    let (nums, bad) = as_numbers(data);
    if !bad.is_empty() {
        out.push(Anomaly {
            column: f.name.clone(),
            kind: AnomalyKind::FloatTypeStringNotFloat,
            description: format!(
                "Expected numbers in {} but found text that is not a number",
                f.name
            ),
            rows: bad.len(),
            example: bad.first().cloned(),
        });
    }
    let checks = [
        (f.max, AnomalyKind::FloatTypeBigFloat, "high"),
        (f.min, AnomalyKind::FloatTypeSmallFloat, "low"),
    ];
    for (bound, kind, word) in checks {
        let Some(b) = bound else { continue };
        let off: Vec<f64> = nums
            .iter()
            .copied()
            .filter(|&x| if word == "high" { x > b } else { x < b })
            .collect();
        if let Some(worst) =
            off.iter()
                .copied()
                .reduce(if word == "high" { f64::max } else { f64::min })
        {
            out.push(Anomaly {
                column: f.name.clone(),
                kind,
                description: format!(
                    "Unexpectedly {word} values in {}: {worst} is outside the schema bound {b}",
                    f.name
                ),
                rows: off.len(),
                example: Some(worst.to_string()),
            });
        }
    }
}

fn domain_anomaly(f: &FeatureSchema, data: &ColumnData, out: &mut Vec<Anomaly>) {
    // Decide once per distinct value, then count rows: a million rows have few distinct values.
    let (rows, first) = match data {
        ColumnData::Categorical { codes, levels } => {
            let outside: Vec<bool> = levels.iter().map(|l| !f.domain.contains(l)).collect();
            let mut rows = 0;
            let mut first = None;
            for &c in codes
                .iter()
                .filter(|&&c| c != MISSING_CODE && outside[c as usize])
            {
                rows += 1;
                first.get_or_insert(c);
            }
            (rows, first.map(|c| levels[c as usize].clone()))
        }
        // A categorical feature that arrives as numbers is compared as text, as TFDV would.
        ColumnData::Numeric(v) => {
            let outside: Vec<String> = v
                .iter()
                .filter(|x| !x.is_nan())
                .map(ToString::to_string)
                .filter(|s| !f.domain.contains(s))
                .collect();
            (outside.len(), outside.into_iter().next())
        }
    };
    if let Some(first) = first {
        out.push(Anomaly {
            column: f.name.clone(),
            kind: AnomalyKind::EnumTypeUnexpectedStringValues,
            description: format!("Values of {} outside its domain, e.g. {first:?}", f.name),
            rows,
            example: Some(first),
        });
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn table(x: Vec<f64>, c: Vec<u32>, levels: &[&str]) -> Table {
        let n = x.len();
        Table {
            entity_key: "id".into(),
            label_name: "y".into(),
            entity_ids: (0..n as u64).collect(),
            event_ts: vec![0; n],
            labels: vec![0; n],
            columns: vec![
                Column {
                    name: "x".into(),
                    data: ColumnData::Numeric(x),
                },
                Column {
                    name: "c".into(),
                    data: ColumnData::Categorical {
                        codes: c,
                        levels: levels.iter().map(ToString::to_string).collect(),
                    },
                },
            ],
        }
    }

    fn kinds(a: &[Anomaly]) -> Vec<&'static str> {
        a.iter().map(|a| a.kind.tfdv_name()).collect()
    }

    #[test]
    fn inferred_schema_accepts_its_own_data() {
        let t = table(vec![1.0, 2.0, f64::NAN, 4.0], vec![0, 1, 1, 0], &["a", "b"]);
        let s = infer_schema(&t);
        assert_eq!((s.features[0].min, s.features[0].max), (None, None));
        assert_eq!(s.features[0].min_fraction, 0.7);
        assert_eq!(s.features[1].domain, vec!["a", "b"]);
        assert_eq!(s.features[1].min_fraction, 1.0);
        assert!(detect_anomalies(&s, &t).is_empty());
    }

    #[test]
    fn each_anomaly_kind_is_named_with_rows_and_example() {
        let mut s = infer_schema(&table(vec![1.0, 2.0, 3.0], vec![0, 1, 0], &["a", "b"]));
        set_domain(&mut s, "x", Some(1.0), Some(3.0)).unwrap();
        let bad = table(
            vec![0.5, 9.0, 9.5],
            vec![0, 2, MISSING_CODE],
            &["a", "b", "zzz"],
        );
        let a = detect_anomalies(&s, &bad);
        assert_eq!(
            kinds(&a),
            vec![
                "FLOAT_TYPE_BIG_FLOAT",
                "FLOAT_TYPE_SMALL_FLOAT",
                "FEATURE_TYPE_LOW_FRACTION_PRESENT",
                "ENUM_TYPE_UNEXPECTED_STRING_VALUES"
            ]
        );
        assert_eq!(a[0].rows, 2);
        assert_eq!(a[0].example.as_deref(), Some("9.5"));
        assert_eq!(a[3].example.as_deref(), Some("zzz"));
    }

    #[test]
    fn new_missing_and_wrong_type_columns() {
        let s = infer_schema(&table(vec![1.0, 2.0], vec![0, 1], &["a", "b"]));
        let mut t = table(vec![1.0, 2.0], vec![0, 1], &["a", "b"]);
        t.columns[0].data = ColumnData::Categorical {
            codes: vec![0, 1],
            levels: vec!["1".into(), "1,500".into()],
        };
        t.columns[1].name = "extra".into();
        let a = detect_anomalies(&s, &t);
        assert_eq!(
            kinds(&a),
            vec![
                "SCHEMA_NEW_COLUMN",
                "FLOAT_TYPE_STRING_NOT_FLOAT",
                "SCHEMA_MISSING_COLUMN"
            ]
        );
        assert_eq!(a[1].example.as_deref(), Some("1,500"));
    }

    #[test]
    fn a_domain_set_by_hand_catches_a_unit_change_and_bad_domains_are_refused() {
        let mut s = infer_schema(&table(vec![1.0, 2.0, 3.0], vec![0, 1, 0], &["a", "b"]));
        assert!(detect_anomalies(&s, &table(vec![3000.0], vec![0], &["a", "b"])).is_empty());
        set_domain(&mut s, "x", Some(0.0), Some(10.0)).unwrap();
        let a = detect_anomalies(&s, &table(vec![3000.0], vec![0], &["a", "b"]));
        assert_eq!(kinds(&a), vec!["FLOAT_TYPE_BIG_FLOAT"]);
        let err = |c: &str, lo, hi| set_domain(&mut s.clone(), c, lo, hi).unwrap_err();
        assert!(err("x", Some(2.0), Some(1.0)).contains("above max"));
        assert!(err("x", None, None).contains("min, a max or both"));
        assert!(err("c", Some(0.0), None).contains("categorical"));
        assert!(err("nope", Some(0.0), None).contains("unknown column \"nope\""));
        assert!(err("x", Some(f64::NAN), None).contains("finite"));
    }
}
