//! The drift report behind `mlops-lab drift`: per-column tests on two CSV tables, with
//! Evidently's automatic choice of method, its thresholds and its dataset-drift share.
//!
//! Options arrive unchecked ([`DriftParams`]) and become a checked [`DriftConfig`] once, at the
//! edge, as linfa does with its hyperparameters.

mod compare;
mod render;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

pub use compare::compare;
pub use render::render_text;

use crate::data::csv_table::{ColumnValues, CsvError, CsvTable, ReadSpec};
use crate::stats::{Method, StatsError};

/// A problem that stops the drift report; each names what and where.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    /// An input file could not be read as CSV.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// An option is out of range or unknown.
    #[error("{0}")]
    Option(String),
    /// A column is missing, empty, or of the wrong type for the method.
    #[error("{0}")]
    Column(String),
    /// A statistical test refused its input.
    #[error("column '{column}': {source}")]
    Stats {
        /// The column being tested.
        column: String,
        /// The reason.
        source: StatsError,
    },
}

/// How each column's method is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodChoice {
    /// Evidently's automatic choice per column (by type, reference size, unique values).
    Auto,
    /// The same method for every column.
    Fixed(Method),
}

/// The options of a drift report as the user gave them.
#[derive(Debug, Clone)]
pub struct DriftParams {
    /// `auto` or one of Evidently's method names.
    pub method: String,
    /// A threshold for every column; `None` uses each method's default.
    pub threshold: Option<f64>,
    /// Share of drifted columns at or above which the dataset counts as drifted.
    pub drift_share: f64,
    /// Only these columns; empty means every column in both files.
    pub columns: Vec<String>,
    /// Columns to read as categories even when every value is a number.
    pub categorical: Vec<String>,
}

impl Default for DriftParams {
    fn default() -> Self {
        DriftParams {
            method: "auto".to_string(),
            threshold: None,
            drift_share: 0.5,
            columns: Vec::new(),
            categorical: Vec::new(),
        }
    }
}

/// Checked drift options: every field is known to be valid.
#[derive(Debug, Clone)]
pub struct DriftConfig {
    method: MethodChoice,
    threshold: Option<f64>,
    drift_share: f64,
    columns: Vec<String>,
    categorical: Vec<String>,
}

impl DriftParams {
    /// Validates the options once, before any file is read.
    pub fn check(self) -> Result<DriftConfig, DriftError> {
        let method = if self.method.eq_ignore_ascii_case("auto") {
            MethodChoice::Auto
        } else {
            MethodChoice::Fixed(
                self.method
                    .parse::<Method>()
                    .map_err(|e| DriftError::Option(format!("--method: {e}")))?,
            )
        };
        if let Some(t) = self.threshold
            && (!t.is_finite() || t < 0.0)
        {
            return Err(DriftError::Option(format!(
                "--threshold {t}: expected a number of 0 or more (0.05 for tests, 0.1 for distances)"
            )));
        }
        if !(0.0..=1.0).contains(&self.drift_share) {
            return Err(DriftError::Option(format!(
                "--drift-share {}: expected a share between 0 and 1",
                self.drift_share
            )));
        }
        for (flag, list) in [
            ("--columns", &self.columns),
            ("--categorical", &self.categorical),
        ] {
            if let Some(pos) = list.iter().position(|c| c.trim().is_empty()) {
                return Err(DriftError::Option(format!(
                    "{flag}: name {} is empty; give comma-separated column names",
                    pos + 1
                )));
            }
        }
        Ok(DriftConfig {
            method,
            threshold: self.threshold,
            drift_share: self.drift_share,
            columns: self.columns,
            categorical: self.categorical,
        })
    }
}

/// Whether a column is compared as numbers or as categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Every value parses as a number.
    Numerical,
    /// Labels (or numbers forced with `--categorical`).
    Categorical,
}

/// The result for one column, in the JSON shape DESIGN.md fixes.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnDrift {
    /// The column's name.
    pub name: String,
    /// Numerical or categorical.
    #[serde(rename = "type")]
    pub kind: ColumnKind,
    /// The method used.
    pub method: Method,
    /// p-value for tests, distance for distances.
    pub score: f64,
    /// The threshold the score was compared with.
    pub threshold: f64,
    /// Whether the column drifted.
    pub drifted: bool,
    /// KS D or chi-square statistic where the method has one.
    pub statistic: Option<f64>,
    /// Values tested from the reference (missing and non-finite dropped).
    pub n_reference: usize,
    /// Values tested from the current data.
    pub n_current: usize,
    /// Missing or non-finite values dropped from the reference.
    pub missing_reference: usize,
    /// Missing or non-finite values dropped from the current data.
    pub missing_current: usize,
    /// Categories seen only in the current data (each marks the column drifted).
    pub new_categories: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    /// Data rows in the reference file.
    pub reference_rows: usize,
    /// Data rows in the current file.
    pub current_rows: usize,
    /// Drifted columns / compared columns.
    pub drift_share: f64,
    /// The share at or above which the dataset counts as drifted.
    pub share_threshold: f64,
    /// `drift_share >= share_threshold`.
    pub dataset_drift: bool,
    /// Names of the drifted columns, in file order.
    pub drifted_columns: Vec<String>,
    /// Per-column results, in file order.
    pub columns: Vec<ColumnDrift>,
}

/// Reads both files (in parallel) with the column types the options ask for.
///
/// A column is numerical when every value in the reference parses as a number; a non-number in
/// the current file's copy of such a column is an error naming its line.
pub fn read_pair(
    reference: &Path,
    current: &Path,
    config: &DriftConfig,
) -> Result<(CsvTable, CsvTable), DriftError> {
    let spec = ReadSpec {
        text_columns: config.categorical.clone(),
        numeric_columns: HashMap::new(),
    };
    let (reference_table, current_table) = std::thread::scope(|s| {
        let cur = s.spawn(|| CsvTable::read(current, &spec));
        let reference_table = CsvTable::read(reference, &spec);
        let current_table = cur.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (reference_table, current_table)
    });
    let reference_table = reference_table?;
    let mut current_table = current_table?;
    // Make the current file's column types follow the reference's.
    let mut numeric = HashMap::new();
    let mut text = config.categorical.clone();
    for col in &reference_table.columns {
        let ref_numeric = matches!(col.values, ColumnValues::Numbers(_));
        let Some(cur) = current_table.column(&col.name) else {
            continue;
        };
        let cur_numeric = matches!(cur.values, ColumnValues::Numbers(_));
        if ref_numeric && !cur_numeric {
            numeric.insert(
                col.name.clone(),
                format!(
                    " in {} (use --categorical {} to compare it as categories)",
                    reference.display(),
                    col.name
                ),
            );
        } else if !ref_numeric && cur_numeric {
            text.push(col.name.clone());
        }
    }
    if !numeric.is_empty() || text.len() > config.categorical.len() {
        let spec = ReadSpec {
            text_columns: text,
            numeric_columns: numeric,
        };
        current_table = CsvTable::read(current, &spec)?;
    }
    Ok((reference_table, current_table))
}
