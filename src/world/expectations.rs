//! Great Expectations-style expectations with `mostly`: an expectation passes when the fraction
//! of conforming values is at least `mostly` (exactly at the boundary passes). As in GX, the
//! value expectations (`between`, `in_set`) ignore nulls: the fraction is over non-null rows, and
//! a column with no non-null rows passes vacuously; `not_be_null` counts nulls over all rows.

use serde::{Deserialize, Serialize};

use super::vocabulary::ExpectationSpec;
use crate::data::table::{ColumnData, MISSING_CODE, Table};

/// The result of one expectation (GX's SUMMARY result format, trimmed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectationResult {
    /// GX expectation name.
    pub expectation: String,
    /// Column.
    pub column: String,
    /// Pass or fail.
    pub success: bool,
    /// Rows in the table.
    pub element_count: usize,
    /// Null rows.
    pub missing_count: usize,
    /// Rows that do not conform.
    pub unexpected_count: usize,
    /// Fraction of the rows considered that conform.
    pub conforming_fraction: f64,
    /// The `mostly` used.
    pub mostly: f64,
    /// One unexpected value.
    pub example: Option<String>,
    /// Why it failed when it could not be evaluated (e.g. missing column).
    pub note: Option<String>,
}

/// The expectation's GX name, column and `mostly` (default 1.0).
pub fn describe(spec: &ExpectationSpec) -> (&'static str, &str, f64) {
    match spec {
        ExpectationSpec::ExpectColumnToExist { column } => ("expect_column_to_exist", column, 1.0),
        ExpectationSpec::ExpectColumnValuesToNotBeNull { column, mostly } => (
            "expect_column_values_to_not_be_null",
            column,
            mostly.unwrap_or(1.0),
        ),
        ExpectationSpec::ExpectColumnValuesToBeBetween { column, mostly, .. } => (
            "expect_column_values_to_be_between",
            column,
            mostly.unwrap_or(1.0),
        ),
        ExpectationSpec::ExpectColumnValuesToBeInSet { column, mostly, .. } => (
            "expect_column_values_to_be_in_set",
            column,
            mostly.unwrap_or(1.0),
        ),
    }
}

/// Checks an expectation's own arguments (what GX refuses when it is configured).
pub fn check_spec(spec: &ExpectationSpec) -> Result<(), String> {
    let (_, _, mostly) = describe(spec);
    if !(0.0..=1.0).contains(&mostly) {
        return Err(format!("mostly must be between 0 and 1, got {mostly}"));
    }
    if let ExpectationSpec::ExpectColumnValuesToBeBetween {
        min_value,
        max_value,
        ..
    } = spec
    {
        match (min_value, max_value) {
            (None, None) => return Err("min_value and max_value cannot both be None".into()),
            (Some(lo), Some(hi)) if lo > hi => {
                return Err(format!("min_value {lo} is greater than max_value {hi}"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Evaluates one expectation on `table`.
pub fn evaluate(spec: &ExpectationSpec, table: &Table) -> ExpectationResult {
    let (name, column, mostly) = describe(spec);
    let n = table.n_rows();
    let mut r = ExpectationResult {
        expectation: name.to_string(),
        column: column.to_string(),
        success: false,
        element_count: n,
        missing_count: 0,
        unexpected_count: 0,
        conforming_fraction: 0.0,
        mostly,
        example: None,
        note: None,
    };
    let Some(col) = table.column(column) else {
        r.note = Some(format!("column {column} does not exist"));
        return r;
    };
    if matches!(spec, ExpectationSpec::ExpectColumnToExist { .. }) {
        r.success = true;
        r.conforming_fraction = 1.0;
        return r;
    }
    r.missing_count = (0..n).filter(|&i| col.data.is_missing(i)).count();
    let (considered, unexpected, example) = match spec {
        ExpectationSpec::ExpectColumnValuesToNotBeNull { .. } => (
            n,
            r.missing_count,
            (r.missing_count > 0).then(|| "null".to_string()),
        ),
        ExpectationSpec::ExpectColumnValuesToBeBetween {
            min_value,
            max_value,
            ..
        } => {
            let ok =
                |x: f64| min_value.is_none_or(|lo| x >= lo) && max_value.is_none_or(|hi| x <= hi);
            let (count, ex) = count_unexpected(&col.data, |v| match v {
                Value::Num(x) => ok(x),
                Value::Text(s) => s.trim().parse::<f64>().is_ok_and(ok),
            });
            (n - r.missing_count, count, ex)
        }
        ExpectationSpec::ExpectColumnValuesToBeInSet { value_set, .. } => {
            let (count, ex) = count_unexpected(&col.data, |v| match v {
                Value::Num(x) => value_set.iter().any(|s| s.parse::<f64>() == Ok(x)),
                Value::Text(s) => value_set.iter().any(|t| t == s),
            });
            (n - r.missing_count, count, ex)
        }
        ExpectationSpec::ExpectColumnToExist { .. } => (n, 0, None),
    };
    r.unexpected_count = unexpected;
    r.example = example;
    if considered == 0 {
        // GX: nothing to check is vacuously true.
        r.success = true;
        r.conforming_fraction = 1.0;
    } else {
        r.conforming_fraction = (considered - unexpected) as f64 / considered as f64;
        r.success = r.conforming_fraction >= mostly;
    }
    r
}

enum Value<'a> {
    Num(f64),
    Text(&'a str),
}

/// Counts non-null values failing `ok`, with the first one as an example.
fn count_unexpected(data: &ColumnData, ok: impl Fn(Value<'_>) -> bool) -> (usize, Option<String>) {
    let mut count = 0;
    let mut example = None;
    match data {
        ColumnData::Numeric(v) => {
            for &x in v.iter().filter(|x| !x.is_nan()) {
                if !ok(Value::Num(x)) {
                    count += 1;
                    example.get_or_insert_with(|| x.to_string());
                }
            }
        }
        ColumnData::Categorical { codes, levels } => {
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                let s = levels[c as usize].as_str();
                if !ok(Value::Text(s)) {
                    count += 1;
                    example.get_or_insert_with(|| s.to_string());
                }
            }
        }
    }
    (count, example)
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn table(x: Vec<f64>) -> Table {
        let n = x.len();
        Table {
            entity_key: "id".into(),
            label_name: "y".into(),
            entity_ids: vec![0; n],
            event_ts: vec![0; n],
            labels: vec![0; n],
            columns: vec![Column {
                name: "x".into(),
                data: ColumnData::Numeric(x),
            }],
        }
    }

    fn between(mostly: f64) -> ExpectationSpec {
        ExpectationSpec::ExpectColumnValuesToBeBetween {
            column: "x".into(),
            min_value: Some(0.0),
            max_value: Some(10.0),
            mostly: Some(mostly),
        }
    }

    #[test]
    fn mostly_exactly_at_the_boundary_passes() {
        // 9 of 10 conform: 0.9 >= 0.9 passes, 0.91 fails.
        let mut v: Vec<f64> = (0..9).map(f64::from).collect();
        v.push(99.0);
        let t = table(v);
        let r = evaluate(&between(0.9), &t);
        assert!(r.success);
        assert_eq!(r.unexpected_count, 1);
        assert_eq!(r.example.as_deref(), Some("99"));
        assert!(!evaluate(&between(0.91), &t).success);
    }

    #[test]
    fn nulls_are_ignored_by_value_expectations_but_counted_by_not_null() {
        let t = table(vec![1.0, f64::NAN, f64::NAN, 50.0]);
        let r = evaluate(&between(0.5), &t);
        assert_eq!(r.missing_count, 2);
        assert_eq!(r.conforming_fraction, 0.5);
        assert!(r.success);
        let nn = ExpectationSpec::ExpectColumnValuesToNotBeNull {
            column: "x".into(),
            mostly: None,
        };
        let r = evaluate(&nn, &t);
        assert!(!r.success);
        assert_eq!(r.unexpected_count, 2);
    }

    #[test]
    fn all_null_column_passes_value_expectations_vacuously() {
        let r = evaluate(&between(1.0), &table(vec![f64::NAN, f64::NAN]));
        assert!(r.success);
    }

    #[test]
    fn missing_column_fails_with_a_note_and_bad_args_are_refused() {
        let spec = ExpectationSpec::ExpectColumnToExist {
            column: "nope".into(),
        };
        let r = evaluate(&spec, &table(vec![1.0]));
        assert!(!r.success);
        assert!(r.note.unwrap().contains("nope"));
        assert!(check_spec(&between(1.5)).is_err());
        let bad = ExpectationSpec::ExpectColumnValuesToBeBetween {
            column: "x".into(),
            min_value: None,
            max_value: None,
            mostly: None,
        };
        assert!(check_spec(&bad).is_err());
    }
}
