//! The careful reader: the `csv` crate, which handles quoting, reads the whole file and gives
//! the exact message, with its line, for any problem the fast reader handed back.

use std::path::PathBuf;

use super::builder::VecBuilder;
use super::{Column, CsvError, CsvTable, ReadSpec, parse_number};

impl CsvTable {
    /// The `csv`-crate reader: handles quoting and gives the exact error for any problem.
    pub(super) fn parse_careful(
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

pub(super) fn read_header(shown: &str, bytes: &[u8]) -> Result<Vec<String>, CsvError> {
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
