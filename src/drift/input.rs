//! Reading the two inputs of `drift`: CSV or Parquet (by extension or `--input-format`, the
//! same for both files), into tables whose column types agree.

use std::collections::HashMap;
use std::path::Path;

use crate::data::csv_table::{ColumnValues, CsvTable, ReadSpec};
use crate::data::parquet_table::ParquetSpec;

use super::{DriftConfig, DriftError};

/// The format of both input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Comma-separated text with a header row.
    Csv,
    /// Apache Parquet (flat columns; snappy, zstd or uncompressed pages).
    Parquet,
}

impl InputFormat {
    fn by_extension(path: &Path) -> InputFormat {
        let parquet = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        if parquet {
            InputFormat::Parquet
        } else {
            InputFormat::Csv
        }
    }

    fn name(self) -> &'static str {
        match self {
            InputFormat::Csv => "CSV",
            InputFormat::Parquet => "Parquet",
        }
    }
}

/// The format both files are read as: `chosen` when given, else their extensions
/// (`.parquet` is Parquet, anything else CSV), which must agree.
fn resolve(
    reference: &Path,
    current: &Path,
    chosen: Option<InputFormat>,
) -> Result<InputFormat, DriftError> {
    if let Some(format) = chosen {
        return Ok(format);
    }
    let (r, c) = (
        InputFormat::by_extension(reference),
        InputFormat::by_extension(current),
    );
    if r != c {
        return Err(DriftError::Input(format!(
            "{} is {} and {} is {} (by their extensions); both files must be one format: \
             convert one, or name the format of both with --input-format csv|parquet",
            reference.display(),
            r.name(),
            current.display(),
            c.name()
        )));
    }
    Ok(r)
}

/// Reads both files with the column types the options ask for; `parsed(bytes)` reports
/// progress as pieces of either file are read.
///
/// A CSV column is numerical when every value in the reference parses as a number; a non-number
/// in the current file's copy of such a column is an error naming its line. A Parquet column's
/// type comes from the file's schema.
pub fn read_pair(
    reference: &Path,
    current: &Path,
    format: Option<InputFormat>,
    config: &DriftConfig,
    parsed: &(dyn Fn(u64) + Sync),
) -> Result<(CsvTable, CsvTable), DriftError> {
    match resolve(reference, current, format)? {
        InputFormat::Csv => read_csv_pair(reference, current, config, parsed),
        InputFormat::Parquet => read_parquet_pair(reference, current, config, parsed),
    }
}

fn read_csv_pair(
    reference: &Path,
    current: &Path,
    config: &DriftConfig,
    parsed: &(dyn Fn(u64) + Sync),
) -> Result<(CsvTable, CsvTable), DriftError> {
    let spec = ReadSpec {
        text_columns: config.categorical.clone(),
        numeric_columns: HashMap::new(),
    };
    // Both files at once, each in pieces on every core (a piece's bytes are let go once it is
    // parsed, so memory stays near the size of the parsed columns).
    let (reference_table, current_table) = rayon::join(
        || CsvTable::read_observed(reference, &spec, parsed),
        || CsvTable::read_observed(current, &spec, parsed),
    );
    let reference_table = reference_table.map_err(|e| looks_like_parquet(reference, e))?;
    let mut current_table = current_table.map_err(|e| looks_like_parquet(current, e))?;
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

/// A CSV error on a file that starts with Parquet's magic bytes says so: the user most likely
/// named a Parquet file without its extension.
fn looks_like_parquet(path: &Path, e: crate::data::csv_table::CsvError) -> DriftError {
    let mut magic = [0u8; 4];
    // Opened only when it is a regular file: opening a FIFO would wait for a writer.
    let is_parquet = crate::reading::open_regular(path)
        .ok()
        .is_some_and(|(mut f, _)| std::io::Read::read_exact(&mut f, &mut magic).is_ok())
        && &magic == b"PAR1";
    if is_parquet {
        DriftError::Input(format!(
            "{}: this is a Parquet file, not CSV; read it with --input-format parquet",
            path.display()
        ))
    } else {
        e.into()
    }
}

fn read_parquet_pair(
    reference: &Path,
    current: &Path,
    config: &DriftConfig,
    parsed: &(dyn Fn(u64) + Sync),
) -> Result<(CsvTable, CsvTable), DriftError> {
    // Only the columns the report needs are read: with --columns, those and any other column
    // an option names (so that a misspelt name is still reported as missing).
    let only = (!config.columns.is_empty()).then(|| {
        let mut names: Vec<String> = config
            .named_columns()
            .into_iter()
            .map(|(_, c)| c.to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    });
    let spec = ParquetSpec {
        text_columns: config.categorical.clone(),
        only,
    };
    let reference_table = CsvTable::read_parquet(reference, &spec, parsed)?;
    // A column of categories in the reference is read as categories in the current file too
    // (numbers there become labels); numbers against text is refused when compared.
    let mut text = config.categorical.clone();
    text.extend(
        reference_table
            .columns
            .iter()
            .filter(|c| matches!(c.values, ColumnValues::Text { .. }))
            .map(|c| c.name.clone()),
    );
    let spec = ParquetSpec {
        text_columns: text,
        ..spec
    };
    let current_table = CsvTable::read_parquet(current, &spec, parsed)?;
    Ok((reference_table, current_table))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{InputFormat, resolve};

    #[test]
    fn the_format_comes_from_the_extensions_or_the_option() {
        let (csv, pq) = (Path::new("a.csv"), Path::new("b.PARQUET"));
        assert_eq!(resolve(pq, pq, None).unwrap(), InputFormat::Parquet);
        assert_eq!(
            resolve(csv, Path::new("c"), None).unwrap(),
            InputFormat::Csv
        );
        let mixed = resolve(csv, pq, None).unwrap_err().to_string();
        assert!(
            mixed.contains("a.csv is CSV and b.PARQUET is Parquet"),
            "{mixed}"
        );
        assert_eq!(
            resolve(csv, pq, Some(InputFormat::Parquet)).unwrap(),
            InputFormat::Parquet
        );
    }
}
