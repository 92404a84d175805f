//! Reading a user's CSV file into typed columns, for `mlops-lab drift`.
//!
//! Missing values follow pandas' `read_csv` defaults (empty field, `NA`, `NaN`, `null`, ...), so a
//! file reads here as it does in the pandas + Evidently pipeline the report is compared with.
//! Every error names the file, the line and the column.

mod builder;
mod columns;
mod fast;
mod field;
mod lines;
mod source;

use builder::VecBuilder;
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

    /// The `csv`-crate reader: handles quoting and gives the exact error for any problem.
    fn parse_careful(
        shown: &str,
        bytes: &[u8],
        header: Vec<String>,
        spec: &ReadSpec,
    ) -> Result<CsvTable, CsvError> {
        if let Some(line) = unterminated_quote(bytes) {
            return Err(CsvError::Malformed {
                path: shown.to_string(),
                line,
                reason: "a quoted field opened here is never closed (a missing closing \")".into(),
            });
        }
        let mut builders: Vec<VecBuilder> = header
            .iter()
            .map(|name| {
                if spec.text_columns.iter().any(|c| c == name) {
                    VecBuilder::vec_text()
                } else {
                    VecBuilder::vec_numbers()
                }
            })
            .collect();
        let rows = fill(shown, bytes, &header, &mut builders, spec, None)?;
        // Columns that met text while being read as numbers are read again as text: rare, and
        // re-reading keeps each label exactly as written in the file.
        let retext: Vec<usize> = builders
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.needs_text.then_some(i))
            .collect();
        if !retext.is_empty() {
            for &i in &retext {
                builders[i] = VecBuilder::vec_text();
            }
            fill(shown, bytes, &header, &mut builders, spec, Some(&retext))?;
        }
        let columns = header
            .into_iter()
            .zip(builders)
            .map(|(name, b)| Column {
                name,
                values: b.finish(),
            })
            .collect();
        Ok(CsvTable {
            path: PathBuf::from(shown),
            rows,
            columns,
        })
    }

    /// The column named `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// The 1-based line of the record starting at byte `offset` (a CRLF counts once, as a LF).
/// The csv crate ends a record at `\r` and starts the next at the `\n` that follows, so line
/// ends at the offset belong to the previous line.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    let mut start = offset.min(bytes.len());
    while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
        start += 1;
    }
    memchr::memchr_iter(b'\n', &bytes[..start]).count() as u64 + 1
}

/// The line where a quoted field opens that no quote closes: the csv crate would read the
/// rest of the file into that one field. A quote opens a field only at its start, and `""`
/// inside a quoted field is a quote character, as RFC 4180 has it.
fn unterminated_quote(bytes: &[u8]) -> Option<u64> {
    let (mut line, mut opened_at) = (1u64, 0u64);
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => quoted = false,
                b'\n' => line += 1,
                _ => {}
            }
        } else {
            match b {
                b'"' if field_start => {
                    quoted = true;
                    opened_at = line;
                }
                b',' => field_start = true,
                b'\n' => {
                    line += 1;
                    field_start = true;
                }
                b'\r' => {}
                _ => field_start = false,
            }
            if b == b'"' {
                field_start = false;
            }
        }
        i += 1;
    }
    quoted.then_some(opened_at)
}

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

fn read_header(shown: &str, bytes: &[u8]) -> Result<Vec<String>, CsvError> {
    let mut rdr = reader(bytes);
    let mut record = csv::StringRecord::new();
    let got = rdr
        .read_record(&mut record)
        .map_err(|e| malformed(shown, &e))?;
    if !got || (record.len() == 1 && record[0].trim().is_empty()) {
        return Err(CsvError::Empty {
            path: shown.to_string(),
        });
    }
    let names: Vec<String> = record.iter().map(|s| s.trim().to_string()).collect();
    if names.iter().all(|n| parse_number(n).is_some()) {
        return Err(CsvError::NoHeader {
            path: shown.to_string(),
        });
    }
    for (i, name) in names.iter().enumerate() {
        let problem = if name.is_empty() {
            Some("the header cell is empty; every column needs a name".to_string())
        } else if names[..i].contains(name) {
            Some(format!("the column name '{name}' appears twice"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(CsvError::BadHeader {
                path: shown.to_string(),
                index: i + 1,
                problem,
            });
        }
    }
    Ok(names)
}

/// Reads every data row into `builders` (only the columns in `only`, when given); returns the
/// number of data rows.
fn fill(
    shown: &str,
    bytes: &[u8],
    header: &[String],
    builders: &mut [VecBuilder],
    spec: &ReadSpec,
    only: Option<&[usize]>,
) -> Result<usize, CsvError> {
    let mut rdr = reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0usize;
    let mut first = true;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(malformed(shown, &e)),
        }
        if first {
            first = false;
            continue;
        }
        // Lines counted from the byte offset, only when a message needs one: the csv crate's
        // own line count is one short in files with CRLF line ends.
        let byte = record.position().map_or(0, csv::Position::byte) as usize;
        let line = || line_at(bytes, byte);
        // A blank line is skipped, as pandas does.
        if record.len() == 1 && record[0].is_empty() && header.len() > 1 {
            continue;
        }
        if record.len() != header.len() {
            return Err(CsvError::Ragged {
                path: shown.to_string(),
                line: line(),
                expected: header.len(),
                found: record.len(),
            });
        }
        let push = |i: usize, builder: &mut VecBuilder| -> Result<(), CsvError> {
            let field = std::str::from_utf8(&record[i]).map_err(|_| CsvError::Malformed {
                path: shown.to_string(),
                line: line(),
                reason: format!("column '{}' is not valid UTF-8", header[i]),
            })?;
            builder.push(field.as_bytes());
            if builder.needs_text
                && let Some(why) = spec.numeric_columns.get(&header[i])
            {
                return Err(CsvError::NotANumber {
                    path: shown.to_string(),
                    line: line(),
                    column: header[i].clone(),
                    value: field.trim().to_string(),
                    why: why.clone(),
                });
            }
            Ok(())
        };
        match only {
            None => {
                for (i, builder) in builders.iter_mut().enumerate() {
                    push(i, builder)?;
                }
            }
            Some(cols) => {
                for &i in cols {
                    push(i, &mut builders[i])?;
                }
            }
        }
        rows += 1;
    }
    Ok(rows)
}

fn malformed(shown: &str, e: &csv::Error) -> CsvError {
    let line = e.position().map_or(1, csv::Position::line);
    let reason = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".to_string(),
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    };
    CsvError::Malformed {
        path: shown.to_string(),
        line,
        reason,
    }
}

#[cfg(test)]
mod tests;
