//! Reading a user's CSV file into typed columns, for `mlops-lab drift`.
//!
//! Missing values follow pandas' `read_csv` defaults (empty field, `NA`, `NaN`, `null`, ...), so a
//! file reads here as it does in the pandas + Evidently pipeline the report is compared with.
//! Every error names the file, the line and the column.

mod builder;
mod careful;
mod columns;
mod fast;
mod field;
mod lines;
mod source;

use careful::read_header;
pub use field::{is_missing, parse_number};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Code used in [`ColumnValues::Text`] for a missing value.
pub const MISSING_CODE: u32 = u32::MAX;

/// A problem with an input file, worded for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read the file: {reason}")]
    Unreadable {
        /// The file as the user named it.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file has no rows at all, not even a header.
    #[error("{path}: the file is empty (expected a header row, then data rows)")]
    Empty {
        /// The file.
        path: String,
    },
    /// The first row looks like data, not column names.
    #[error(
        "{path}: line 1: the first row has no column names (every field is a number); add a header row"
    )]
    NoHeader {
        /// The file.
        path: String,
    },
    /// A header cell is empty or repeated.
    #[error("{path}: line 1: column {index}: {problem}")]
    BadHeader {
        /// The file.
        path: String,
        /// 1-based position of the header cell.
        index: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// A data row has a different number of fields from the header.
    #[error("{path}: line {line}: expected {expected} fields as in the header, found {found}")]
    Ragged {
        /// The file.
        path: String,
        /// 1-based line number.
        line: u64,
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// The CSV syntax or encoding is broken.
    #[error("{path}: line {line}: {reason}")]
    Malformed {
        /// The file.
        path: String,
        /// 1-based line number.
        line: u64,
        /// What the parser saw.
        reason: String,
    },
    /// A value in a numerical column is not a number.
    #[error(
        "{path}: line {line}, column '{column}': '{value}' is not a number, but the column is numerical{why}"
    )]
    NotANumber {
        /// The file.
        path: String,
        /// 1-based line number.
        line: u64,
        /// The column's name.
        column: String,
        /// The offending value.
        value: String,
        /// Why the column is numerical (e.g. "in the reference file").
        why: String,
    },
}

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValues {
    /// Numbers; a missing value is NaN.
    Numbers(Vec<f64>),
    /// Category codes into `labels`; a missing value is [`MISSING_CODE`].
    Text {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct labels, in order of first appearance.
        labels: Vec<String>,
    },
}

/// One named column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header cell.
    pub name: String,
    /// The values, one per data row.
    pub values: ColumnValues,
}

/// A CSV file read into columns.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// The file as the user named it (used in messages).
    pub path: PathBuf,
    /// Number of data rows (the header excluded).
    pub rows: usize,
    /// The columns in file order.
    pub columns: Vec<Column>,
}

/// How to read each column.
#[derive(Debug, Clone, Default)]
pub struct ReadSpec {
    /// Read these columns as text even when every value is a number.
    pub text_columns: Vec<String>,
    /// These columns must be numbers; the value is the reason shown when one is not.
    pub numeric_columns: HashMap<String, String>,
}

impl CsvTable {
    /// Reads `path`: the first row is the header; each column is numbers unless a non-missing
    /// value fails to parse (or `spec` says text).
    pub fn read(path: &Path, spec: &ReadSpec) -> Result<CsvTable, CsvError> {
        Self::read_observed(path, spec, &|_| {})
    }

    /// As [`CsvTable::read`], calling `parsed(bytes)` as pieces of the file are parsed (for a
    /// progress bar; the calls add up to about the file's size, from several threads).
    pub fn read_observed(
        path: &Path,
        spec: &ReadSpec,
        parsed: &(dyn Fn(u64) + Sync),
    ) -> Result<CsvTable, CsvError> {
        let shown = path.display().to_string();
        let unreadable = |reason: String| CsvError::Unreadable {
            path: shown.clone(),
            reason,
        };
        // No size limit (a practitioner's files may be large), but only regular files: a FIFO
        // or `/dev/zero` would never end.
        let read_error = |e: crate::reading::ReadError| {
            unreadable(match e {
                crate::reading::ReadError::Os { reason, .. } => reason,
                crate::reading::ReadError::Special { what, .. } => {
                    format!("it is {what}, not a regular file")
                }
                other => other.to_string(),
            })
        };
        // A plain file is read in pieces on every core, never whole; anything unusual is read
        // whole by the careful reader below.
        let (file, len) = crate::reading::open_regular(path).map_err(read_error)?;
        let fast = fast::read_file(&shown, &file, len, spec, parsed)
            .map_err(|e| unreadable(crate::reading::os_reason(&e)))?;
        drop(file);
        if let Some(table) = fast {
            return Ok(table);
        }
        let bytes = crate::reading::read_bytes(path, u64::MAX, "a CSV file").map_err(read_error)?;
        Self::parse_observed(&shown, &bytes, spec, parsed)
    }

    /// Parses CSV bytes; `shown` names the source in messages.
    pub fn parse(shown: &str, bytes: &[u8], spec: &ReadSpec) -> Result<CsvTable, CsvError> {
        Self::parse_observed(shown, bytes, spec, &|_| {})
    }

    fn parse_observed(
        shown: &str,
        bytes: &[u8],
        spec: &ReadSpec,
        parsed: &(dyn Fn(u64) + Sync),
    ) -> Result<CsvTable, CsvError> {
        if let Some((header, body_start)) = fast::header_of(shown, bytes) {
            let source = source::Source::Bytes(bytes);
            // Reading memory cannot fail.
            if let Ok(Some(table)) = fast::parse(shown, source, &header, body_start, spec, parsed) {
                return Ok(table);
            }
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let header = read_header(shown, bytes)?;
        let table = Self::parse_careful(shown, bytes, header, spec);
        parsed(bytes.len() as u64);
        table
    }

    /// The column named `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests;
