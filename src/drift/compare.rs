//! Computes the per-column results and the dataset verdict from two tables.

use rayon::prelude::*;

use crate::data::csv_table::{Column, ColumnValues, CsvTable};
use crate::stats::{self, ColumnType, NumericSample, Sample};

use super::categories::merge_categories;
use super::summary;

use super::{
    ColumnDrift, ColumnKind, DriftConfig, DriftError, DriftReport, MethodChoice,
    NEW_CATEGORIES_SHOWN,
};

/// Compares `current` with `reference` column by column (in parallel) and decides dataset drift.
pub fn compare(
    reference: CsvTable,
    current: CsvTable,
    config: &DriftConfig,
) -> Result<DriftReport, DriftError> {
    let names = selected_columns(&reference, &current, config)?;
    let reference_rows = reference.rows;
    let current_rows = current.rows;
    let mut pairs: Vec<(Column, Column)> = Vec::with_capacity(names.len());
    let mut ref_cols = reference.columns;
    let mut cur_cols = current.columns;
    for name in &names {
        let r = take(&mut ref_cols, name);
        let c = take(&mut cur_cols, name);
        if let (Some(r), Some(c)) = (r, c) {
            pairs.push((r, c));
        }
    }
    // A method that cannot apply to a column's type is refused before any test runs.
    for (r, _) in &pairs {
        config.check_applies(&r.name, kind_of(r))?;
    }
    let results = run_parallel(pairs, config);
    let columns = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    let drifted_columns: Vec<String> = columns
        .iter()
        .filter(|c| c.drifted)
        .map(|c| c.name.clone())
        .collect();
    let drift_share = if columns.is_empty() {
        0.0
    } else {
        drifted_columns.len() as f64 / columns.len() as f64
    };
    Ok(DriftReport {
        reference_rows,
        current_rows,
        drift_share,
        share_threshold: config.drift_share,
        dataset_drift: !columns.is_empty() && drift_share >= config.drift_share,
        drifted_columns,
        columns,
    })
}

fn take(columns: &mut Vec<Column>, name: &str) -> Option<Column> {
    let i = columns.iter().position(|c| c.name == name)?;
    Some(columns.swap_remove(i))
}

/// The columns to compare, in reference-file order; every one must be in both files.
fn selected_columns(
    reference: &CsvTable,
    current: &CsvTable,
    config: &DriftConfig,
) -> Result<Vec<String>, DriftError> {
    let missing_from = |table: &CsvTable, name: &str, other: &CsvTable| {
        DriftError::Column(format!(
            "column '{name}' is in {} but not in {}; compare only shared columns with --columns",
            other.path.display(),
            table.path.display()
        ))
    };
    // Every column named in the options must exist, whether or not --columns narrows the set.
    for (flag, name) in config.named_columns() {
        for (table, other) in [(reference, current), (current, reference)] {
            if table.column(name).is_none() {
                return Err(DriftError::Column(format!(
                    "column '{name}' (named in {flag}) is not in {}{}",
                    table.path.display(),
                    if other.column(name).is_some() {
                        ""
                    } else {
                        " nor in the other file"
                    }
                )));
            }
        }
    }
    if config.columns.is_empty() {
        for c in &reference.columns {
            if current.column(&c.name).is_none() {
                return Err(missing_from(current, &c.name, reference));
            }
        }
        for c in &current.columns {
            if reference.column(&c.name).is_none() {
                return Err(missing_from(reference, &c.name, current));
            }
        }
        return Ok(reference.columns.iter().map(|c| c.name.clone()).collect());
    }
    Ok(reference
        .columns
        .iter()
        .filter(|c| config.columns.contains(&c.name))
        .map(|c| c.name.clone())
        .collect())
}

/// Tests the columns on all available cores (rayon's work stealing balances large and small
/// columns), keeping file order in the result.
fn run_parallel(
    pairs: Vec<(Column, Column)>,
    config: &DriftConfig,
) -> Vec<Result<ColumnDrift, DriftError>> {
    pairs
        .into_par_iter()
        .map(|(r, c)| test_pair(r, c, config))
        .collect()
}

fn kind_of(c: &Column) -> ColumnKind {
    match c.values {
        ColumnValues::Numbers(_) => ColumnKind::Numerical,
        ColumnValues::Text { .. } => ColumnKind::Categorical,
    }
}

/// Builds the two samples for one column and runs its test.
fn test_pair(
    reference: Column,
    current: Column,
    config: &DriftConfig,
) -> Result<ColumnDrift, DriftError> {
    let name = reference.name;
    let Prepared {
        kind,
        reference: ref_sample,
        current: cur_sample,
        new_categories,
        missing,
        summary,
    } = prepare(&name, reference.values, current.values)?;
    let n_reference = sample_len(&ref_sample);
    let n_current = sample_len(&cur_sample);
    for (n, which) in [(n_reference, "reference"), (n_current, "current")] {
        if n == 0 {
            return Err(DriftError::Column(format!(
                "column '{name}': no values left in the {which} file after dropping missing and \
                 non-finite values; leave it out with --columns"
            )));
        }
    }
    let method = match config.method_for(&name, kind).0 {
        MethodChoice::Fixed(m) => m,
        MethodChoice::Auto => {
            let column_type = match kind {
                ColumnKind::Numerical => ColumnType::Numerical,
                ColumnKind::Categorical => ColumnType::Categorical,
            };
            // Evidently counts the reference values left after dropping missing ones.
            stats::auto_method(
                column_type,
                n_reference,
                stats::n_unique_up_to(&ref_sample, &cur_sample, stats::AUTO_UNIQUE_CAP),
            )
        }
    };
    let threshold = config
        .threshold_for(&name, kind)
        .unwrap_or_else(|| method.default_threshold());
    let outcome =
        stats::test_column(method, &ref_sample, &cur_sample, threshold).map_err(|source| {
            DriftError::Stats {
                column: name.clone(),
                source,
            }
        })?;
    // A score that overflowed (values near +-1.7e308) must never read as "no drift". (An
    // infinite chi-square statistic is legitimate: a category the reference never saw, p = 0.)
    if !outcome.score.is_finite() {
        return Err(DriftError::Column(format!(
            "column '{name}': the {} score is not a finite number (the values are too close to \
             the limits of floating point, near 1.7e308); rescale the column or leave it out \
             with --columns",
            method.name()
        )));
    }
    // New categories weigh only through the method's score, as in Evidently (chi-square gives
    // them an infinite statistic, the binned distances a zero-filled reference share), unless
    // the user asked for any unseen category to count as drift.
    let new_category_count = new_categories.len();
    let mut new_categories = new_categories;
    new_categories.truncate(NEW_CATEGORIES_SHOWN);
    Ok(ColumnDrift {
        drifted: outcome.drifted || (config.new_category_drift && new_category_count > 0),
        name,
        kind,
        method,
        score: outcome.score,
        threshold,
        statistic: outcome.statistic,
        n_reference,
        n_current,
        missing_reference: missing.0,
        missing_current: missing.1,
        new_category_count,
        new_categories,
        summary,
    })
}

/// One column's two samples, ready for its test, with what the reports show about them.
struct Prepared {
    kind: ColumnKind,
    reference: Sample,
    current: Sample,
    new_categories: Vec<String>,
    missing: (usize, usize),
    summary: summary::Summary,
}

/// Builds both samples of column `name` (sorted numbers, or counts over shared categories).
fn prepare(
    name: &str,
    reference: ColumnValues,
    current: ColumnValues,
) -> Result<Prepared, DriftError> {
    match (reference, current) {
        (ColumnValues::Numbers(r), ColumnValues::Numbers(c)) => {
            // Sorted once here; every test and the statistics below read the sorted values.
            let (r, c) = (NumericSample::new(r), NumericSample::new(c));
            let missing = (r.dropped(), c.dropped());
            Ok(Prepared {
                kind: ColumnKind::Numerical,
                summary: summary::numerical(&r, &c),
                reference: Sample::Numerical(r),
                current: Sample::Numerical(c),
                new_categories: Vec::new(),
                missing,
            })
        }
        (
            ColumnValues::Text {
                codes: rc,
                labels: rl,
            },
            ColumnValues::Text {
                codes: cc,
                labels: cl,
            },
        ) => {
            let merged = merge_categories(&rc, &rl, &cc, &cl);
            let missing = (merged.missing_reference, merged.missing_current);
            Ok(Prepared {
                kind: ColumnKind::Categorical,
                summary: summary::categorical(
                    &merged.labels,
                    &merged.reference,
                    &merged.current,
                    missing,
                ),
                reference: Sample::Categorical(merged.reference),
                current: Sample::Categorical(merged.current),
                new_categories: merged.new_categories,
                missing,
            })
        }
        _ => Err(DriftError::Column(format!(
            "column '{name}': numbers in one file and text in the other; \
             use --categorical {name} to compare it as categories"
        ))),
    }
}

fn sample_len(sample: &Sample) -> usize {
    match sample {
        Sample::Numerical(s) => s.len(),
        Sample::Categorical(c) => c.total() as usize,
    }
}
