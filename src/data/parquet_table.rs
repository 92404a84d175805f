//! Reading a user's Parquet file into the same typed columns as the CSV reader, for
//! `mlops-lab drift`: integers and floats become numbers, strings, booleans and dictionary
//! columns become categories, a null is a missing value, as pandas' `read_parquet` gives them.
//!
//! Only the columns asked for are read (Parquet stores each column apart), each on its own core;
//! a nested or otherwise unsupported column is refused by name before any data is read.

use std::path::{Path, PathBuf};

use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::file::metadata::ParquetMetaData;
use parquet::file::reader::{FileReader, SerializedFileReader};
use rayon::prelude::*;

use super::csv_table::{Column, CsvTable};

mod column;

use column::{Failure, read_column};

/// A problem with a Parquet input file, worded for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParquetError {
    /// The file could not be opened.
    #[error("{path}: cannot read the file: {reason}")]
    Unreadable {
        /// The file as the user named it.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The footer, a page or its compression could not be decoded.
    #[error("{path}: not a readable Parquet file (truncated or damaged?): {reason}")]
    Damaged {
        /// The file.
        path: String,
        /// What the decoder saw.
        reason: String,
    },
    /// A column cannot be compared (nested, a date, a decimal...) or its name is unusable.
    #[error("{path}: column '{column}': {problem}")]
    Column {
        /// The file.
        path: String,
        /// The column's name.
        column: String,
        /// What is wrong and what to do.
        problem: String,
    },
}

/// Which columns to read and how.
#[derive(Debug, Clone, Default)]
pub struct ParquetSpec {
    /// Read these columns as categories even when they hold numbers (labels are the numbers
    /// as pandas writes them to CSV: `3`, `2.5`, `3.0`).
    pub text_columns: Vec<String>,
    /// Read only these columns (a name not in the file is left for the caller to report);
    /// `None` reads every column.
    pub only: Option<Vec<String>>,
}

/// How one leaf column's values become table values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Signed,
    Unsigned,
    Float,
    Bool,
    Text,
}

/// The column kind of a flat field, or why it cannot be compared.
fn kind_of(
    physical: Physical,
    logical: Option<&LogicalType>,
    converted: ConvertedType,
) -> Result<Kind, String> {
    let unsupported = |what: &str| {
        Err(format!(
            "its type ({what}) is neither a number nor a category; convert it, or leave it out \
             with --columns"
        ))
    };
    match logical {
        Some(LogicalType::Integer(int)) => {
            return Ok(if int.is_signed {
                Kind::Signed
            } else {
                Kind::Unsigned
            });
        }
        Some(LogicalType::String | LogicalType::Enum | LogicalType::Json) => {
            return Ok(Kind::Text);
        }
        Some(LogicalType::Decimal(_)) => return unsupported("decimal"),
        Some(LogicalType::Date) => return unsupported("date"),
        Some(LogicalType::Time(_)) => return unsupported("time"),
        Some(LogicalType::Timestamp(_)) => return unsupported("timestamp"),
        Some(LogicalType::Float16) => return unsupported("float16"),
        Some(other) if !matches!(other, LogicalType::Unknown) => {
            return unsupported(&format!("{other:?}").to_lowercase());
        }
        _ => {}
    }
    match converted {
        ConvertedType::UINT_8
        | ConvertedType::UINT_16
        | ConvertedType::UINT_32
        | ConvertedType::UINT_64 => return Ok(Kind::Unsigned),
        ConvertedType::UTF8 | ConvertedType::ENUM | ConvertedType::JSON => return Ok(Kind::Text),
        ConvertedType::DECIMAL => return unsupported("decimal"),
        ConvertedType::DATE => return unsupported("date"),
        ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS => return unsupported("time"),
        ConvertedType::TIMESTAMP_MILLIS | ConvertedType::TIMESTAMP_MICROS => {
            return unsupported("timestamp");
        }
        ConvertedType::INTERVAL => return unsupported("interval"),
        _ => {}
    }
    match physical {
        Physical::BOOLEAN => Ok(Kind::Bool),
        Physical::INT32 | Physical::INT64 => Ok(Kind::Signed),
        Physical::FLOAT | Physical::DOUBLE => Ok(Kind::Float),
        // Unannotated binary: older writers store strings so; labels must be UTF-8.
        Physical::BYTE_ARRAY => Ok(Kind::Text),
        Physical::INT96 => unsupported("int96 timestamp"),
        Physical::FIXED_LEN_BYTE_ARRAY => unsupported("fixed-length binary"),
    }
}

impl CsvTable {
    /// Reads the Parquet file at `path` (the columns `spec` asks for), calling `parsed(bytes)`
    /// as column chunks are decoded (for a progress bar, from several threads).
    pub fn read_parquet(
        path: &Path,
        spec: &ParquetSpec,
        parsed: &(dyn Fn(u64) + Sync),
    ) -> Result<CsvTable, ParquetError> {
        let shown = path.display().to_string();
        let (file, file_len) =
            crate::reading::open_regular(path).map_err(|e| ParquetError::Unreadable {
                path: shown.clone(),
                reason: match e {
                    crate::reading::ReadError::Os { reason, .. } => reason,
                    crate::reading::ReadError::Special { what, .. } => {
                        format!("it is {what}, not a regular file")
                    }
                    other => other.to_string(),
                },
            })?;
        let damaged = |e: parquet::errors::ParquetError| ParquetError::Damaged {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let reader = SerializedFileReader::new(file).map_err(damaged)?;
        let meta = reader.metadata();
        check_footer(meta, file_len).map_err(|reason| ParquetError::Damaged {
            path: shown.clone(),
            reason,
        })?;
        let column_error = |column: &str, problem: String| ParquetError::Column {
            path: shown.clone(),
            column: column.to_string(),
            problem,
        };
        let wanted = wanted_columns(meta, spec, &column_error)?;
        let rows = usize::try_from(meta.file_metadata().num_rows()).map_err(|_| {
            damaged(parquet::errors::ParquetError::General(
                "negative row count".into(),
            ))
        })?;
        drop(reader);
        let columns = wanted
            .par_iter()
            .map(|(name, leaf, kind, text)| {
                // A reader of its own per column: the crate's `File` reader clones the file
                // handle, and clones share one offset, so threads sharing a handle would read
                // each other's pages.
                let reader = std::fs::File::open(path)
                    .map_err(|e| ParquetError::Unreadable {
                        path: shown.clone(),
                        reason: crate::reading::os_reason(&e),
                    })
                    .and_then(|f| SerializedFileReader::new(f).map_err(damaged))?;
                let values = read_column(&reader, *leaf, *kind, *text, rows, parsed)
                    .map_err(|e| match e {
                        Failure::Decode(e) => damaged(e),
                        Failure::Problem(p) => column_error(name, p),
                    })?;
                Ok(Column {
                    name: name.clone(),
                    values,
                })
            })
            // Every column's outcome first, then the first error in file order: the message
            // must not depend on which thread failed first.
            .collect::<Vec<Result<Column, ParquetError>>>()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CsvTable {
            path: PathBuf::from(shown),
            rows,
            columns,
        })
    }
}

/// The top-level columns to read, checked as the CSV header is (names present and distinct),
/// each with its leaf column, kind and whether it is read as text; a nested, unsupported or
/// unreadably compressed column among them is an error naming it.
fn wanted_columns(
    meta: &ParquetMetaData,
    spec: &ParquetSpec,
    column_error: &dyn Fn(&str, String) -> ParquetError,
) -> Result<Vec<(String, usize, Kind, bool)>, ParquetError> {
    let schema = meta.file_metadata().schema_descr();
    // Top-level fields, checked as the CSV header is; then the ones to read.
    let fields = schema.root_schema().get_fields();
    let mut wanted = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let name = field.name();
        if name.trim().is_empty() {
            return Err(column_error(name, "the column name is empty".into()));
        }
        if fields[..i].iter().any(|f| f.name() == name) {
            return Err(column_error(name, "the column name appears twice".into()));
        }
        if spec
            .only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|c| c == name))
        {
            continue;
        }
        let info = field.get_basic_info();
        if field.is_group() || info.repetition() == Repetition::REPEATED {
            return Err(column_error(
                name,
                "a nested column (list, struct or map); drift compares flat columns only, \
                 leave it out with --columns"
                    .into(),
            ));
        }
        let Some(leaf) = (0..schema.num_columns()).find(|&j| schema.get_column_root_idx(j) == i)
        else {
            return Err(column_error(name, "no data column in the schema".into()));
        };
        let column = schema.column(leaf);
        let kind = kind_of(
            column.physical_type(),
            column.logical_type_ref(),
            column.converted_type(),
        )
        .map_err(|p| column_error(name, p))?;
        if let Some(codec) = unsupported_codec(meta, leaf) {
            return Err(column_error(
                name,
                format!(
                    "its pages are {codec}-compressed, which this build does not read \
                     (snappy, zstd or none); rewrite the file, e.g. pandas \
                     `df.to_parquet(path)` writes snappy"
                ),
            ));
        }
        let text =
            kind == Kind::Bool || kind == Kind::Text || spec.text_columns.iter().any(|c| c == name);
        wanted.push((name.to_string(), leaf, kind, text));
    }
    Ok(wanted)
}

/// Checks what the crate would otherwise assert on (and panic): every row group has a chunk per
/// schema column, and each chunk's offsets and sizes lie inside the file.
fn check_footer(meta: &ParquetMetaData, file_len: u64) -> Result<(), String> {
    let columns = meta.file_metadata().schema_descr().num_columns();
    for (g, group) in meta.row_groups().iter().enumerate() {
        if group.num_rows() < 0 || group.columns().len() != columns {
            return Err(format!(
                "row group {g} holds {} column chunks for {columns} columns",
                group.columns().len()
            ));
        }
        for chunk in group.columns() {
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or(chunk.data_page_offset());
            let inside = u64::try_from(start)
                .ok()
                .zip(u64::try_from(chunk.compressed_size()).ok())
                .is_some_and(|(s, n)| {
                    chunk.data_page_offset() >= 0 && s.saturating_add(n) <= file_len
                });
            if !inside {
                return Err(format!(
                    "row group {g}: a column chunk lies outside the file ({start} + {} bytes)",
                    chunk.compressed_size()
                ));
            }
        }
    }
    Ok(())
}

/// The codec of leaf column `leaf` when a row group compresses it with one not built in.
fn unsupported_codec(meta: &ParquetMetaData, leaf: usize) -> Option<String> {
    meta.row_groups().iter().find_map(|group| {
        let codec = group.column(leaf).compression();
        (!matches!(
            codec,
            Compression::UNCOMPRESSED | Compression::SNAPPY | Compression::ZSTD(_)
        ))
        .then(|| {
            let name = format!("{codec:?}").to_lowercase();
            name.split('(').next().unwrap_or(&name).to_string()
        })
    })
}
