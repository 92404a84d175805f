//! Damage to the current data, the way upstream systems break it, so that validation has
//! something real to catch: dropped or new columns, unseen categories, missing-value surges,
//! unit changes and numbers exported as formatted text.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use super::vocabulary::DataIssue;
use crate::data::table::{Column, ColumnData, MISSING_CODE, Table};

/// Applies one data issue; returns a description and the rows affected.
// One arm per issue kind, each short; splitting them would scatter one vocabulary.
#[allow(clippy::too_many_lines)]
pub(super) fn damage(
    table: &mut Table,
    issue: &DataIssue,
    seed: u64,
) -> Result<(String, usize), String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = table.n_rows();
    let names = table.column_names().join(", ");
    let unknown = |c: &str| format!("unknown feature {c:?}; columns are {names}");
    let fraction_ok = |f: f64| {
        if f > 0.0 && f <= 1.0 {
            Ok(())
        } else {
            Err(format!("fraction must be in (0, 1], got {f}"))
        }
    };
    match issue {
        DataIssue::DropColumn { column } => {
            let before = table.columns.len();
            table.columns.retain(|c| c.name != *column);
            if table.columns.len() == before {
                return Err(unknown(column));
            }
            Ok((format!("column {column} was dropped upstream"), n))
        }
        DataIssue::AddColumn { column } => {
            if table.column(column).is_some() || column.is_empty() || *column == table.entity_key {
                return Err(format!(
                    "column {column:?} already exists or is not a valid name"
                ));
            }
            let values = (0..n)
                .map(|_| rng.sample::<f64, _>(StandardNormal))
                .collect();
            table.columns.push(Column {
                name: column.clone(),
                data: ColumnData::Numeric(values),
            });
            Ok((format!("an unannounced column {column} appeared"), n))
        }
        DataIssue::NewCategory {
            column,
            value,
            fraction,
        } => {
            fraction_ok(*fraction)?;
            let Some(ColumnData::Categorical { codes, levels }) =
                table.column_mut(column).map(|c| &mut c.data)
            else {
                return Err(format!(
                    "{column:?} is not a categorical column; columns are {names}"
                ));
            };
            let code = levels.iter().position(|l| l == value).unwrap_or_else(|| {
                levels.push(value.clone());
                levels.len() - 1
            }) as u32;
            let rows = codes
                .iter_mut()
                .filter(|_| rng.r#gen::<f64>() < *fraction)
                .map(|c| *c = code)
                .count();
            Ok((format!("{rows} rows of {column} now read {value:?}"), rows))
        }
        DataIssue::MissingSurge { column, fraction } => {
            fraction_ok(*fraction)?;
            let col = table.column_mut(column).ok_or_else(|| unknown(column))?;
            let rows = match &mut col.data {
                ColumnData::Numeric(v) => v
                    .iter_mut()
                    .filter(|_| rng.r#gen::<f64>() < *fraction)
                    .map(|x| *x = f64::NAN)
                    .count(),
                ColumnData::Categorical { codes, .. } => codes
                    .iter_mut()
                    .filter(|_| rng.r#gen::<f64>() < *fraction)
                    .map(|c| *c = MISSING_CODE)
                    .count(),
            };
            Ok((format!("{rows} values of {column} went missing"), rows))
        }
        DataIssue::UnitChange { column, factor } => {
            if !(factor.is_finite() && *factor != 0.0) {
                return Err(format!("factor must be a non-zero number, got {factor}"));
            }
            let Some(ColumnData::Numeric(v)) = table.column_mut(column).map(|c| &mut c.data) else {
                return Err(format!(
                    "{column:?} is not a numeric column; columns are {names}"
                ));
            };
            for x in v.iter_mut() {
                *x *= factor;
            }
            Ok((
                format!("{column} now arrives multiplied by {factor} (an upstream unit change)"),
                n,
            ))
        }
        DataIssue::AsText { column } => {
            let col = table.column_mut(column).ok_or_else(|| unknown(column))?;
            let ColumnData::Numeric(v) = &col.data else {
                return Err(format!("{column:?} is already text"));
            };
            let mut index: HashMap<String, u32> = HashMap::new();
            let mut levels = Vec::new();
            let codes = v
                .iter()
                .map(|x| {
                    if x.is_nan() {
                        return MISSING_CODE;
                    }
                    let s = with_thousands(*x);
                    *index.entry(s.clone()).or_insert_with(|| {
                        levels.push(s);
                        levels.len() as u32 - 1
                    })
                })
                .collect();
            col.data = ColumnData::Categorical { codes, levels };
            Ok((
                format!("{column} now arrives as formatted text such as \"1,234.5\""),
                n,
            ))
        }
    }
}

/// `1234.5` -> `"1,234.5"`, the way a spreadsheet export writes it.
fn with_thousands(x: f64) -> String {
    let s = format!("{:.1}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "0"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{}{out}.{frac}", if x < 0.0 { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::with_thousands;

    #[test]
    fn thousands_separator() {
        assert_eq!(with_thousands(1234.5), "1,234.5");
        assert_eq!(with_thousands(12.0), "12.0");
        assert_eq!(with_thousands(-1_234_567.0), "-1,234,567.0");
    }
}
