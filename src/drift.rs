//! The drift report behind `mlops-lab drift`: per-column tests on two CSV or Parquet tables, with
//! Evidently's automatic choice of method, its thresholds and its dataset-drift share.
//!
//! Options arrive unchecked ([`DriftParams`]) and become a checked [`DriftConfig`] once, at the
//! edge, as linfa does with its hyperparameters.

mod categories;
mod compare;
mod config;
mod html;
mod input;
mod markdown;
mod render;
mod summary;

use serde::Serialize;

pub use compare::compare;
pub use config::{DriftConfig, DriftParams, MethodChoice};
pub use html::{escape_html, render_html};
pub use input::{InputFormat, read_pair};
pub use markdown::{escape_markdown, render_markdown};
pub use render::render_text;
pub use summary::{Bin, CategoryShare, CategoryStats, NumberStats, SideStats, Summary};

use crate::data::csv_table::CsvError;
use crate::data::parquet_table::ParquetError;
use crate::stats::{Method, StatsError};

/// A problem that stops the drift report; each names what and where.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    /// An input file could not be read as CSV.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// An input file could not be read as Parquet.
    #[error(transparent)]
    Parquet(#[from] ParquetError),
    /// The two inputs are not of one format, or the format cannot be told.
    #[error("{0}")]
    Input(String),
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

/// Whether a column is compared as numbers or as categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Every value parses as a number.
    Numerical,
    /// Labels (or numbers forced with `--categorical`).
    Categorical,
}

/// How many new categories a report names per column (the count is always given).
pub const NEW_CATEGORIES_SHOWN: usize = 20;

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
    /// How many categories appear only in the current data.
    pub new_category_count: usize,
    /// The first of them in sorted order, at most [`NEW_CATEGORIES_SHOWN`].
    pub new_categories: Vec<String>,
    /// Descriptive statistics of both sides and a binned chart, for the reports.
    pub summary: Summary,
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
