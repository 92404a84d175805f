//! One Parquet column decoded into table values: every row group's pages in turn, nulls as
//! missing values, numbers or interned labels as the CSV reader builds them.

use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::DataType;
use parquet::file::reader::{FileReader, SerializedFileReader};
use rustc_hash::FxHashMap;

use super::Kind;
use crate::data::csv_table::{ColumnValues, MISSING_CODE};

/// Records decoded per call: bounds the buffers whatever a page header claims.
const BATCH: usize = 64 * 1024;

/// Why one column could not be read.
pub(super) enum Failure {
    Decode(parquet::errors::ParquetError),
    Problem(String),
}

impl From<parquet::errors::ParquetError> for Failure {
    fn from(e: parquet::errors::ParquetError) -> Self {
        Failure::Decode(e)
    }
}

/// A column being filled: numbers, or codes over labels interned in order of first appearance
/// (the CSV reader's order, so both give the same table).
enum Sink {
    Numbers(Vec<f64>),
    Text {
        codes: Vec<u32>,
        labels: Vec<String>,
        index: FxHashMap<String, u32>,
    },
}

impl Sink {
    fn missing(&mut self) {
        match self {
            Sink::Numbers(v) => v.push(f64::NAN),
            Sink::Text { codes, .. } => codes.push(MISSING_CODE),
        }
    }

    fn label(&mut self, label: &str) {
        let Sink::Text {
            codes,
            labels,
            index,
        } = self
        else {
            return;
        };
        let code = if let Some(&code) = index.get(label) {
            code
        } else {
            let code = labels.len() as u32;
            labels.push(label.to_string());
            index.insert(label.to_string(), code);
            code
        };
        codes.push(code);
    }

    fn number(&mut self, v: f64, as_text: impl FnOnce() -> String) {
        match self {
            Sink::Numbers(values) => values.push(v),
            // NaN is missing as text too, as pandas' category dtype has it.
            Sink::Text { .. } if v.is_nan() => self.missing(),
            Sink::Text { .. } => self.label(&as_text()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Sink::Numbers(v) => v.len(),
            Sink::Text { codes, .. } => codes.len(),
        }
    }

    fn finish(self) -> ColumnValues {
        match self {
            Sink::Numbers(v) => ColumnValues::Numbers(v),
            Sink::Text { codes, labels, .. } => ColumnValues::Text { codes, labels },
        }
    }
}

/// Reads leaf column `leaf` of every row group into one column of `rows` values.
pub(super) fn read_column(
    reader: &SerializedFileReader<std::fs::File>,
    leaf: usize,
    kind: Kind,
    text: bool,
    rows: usize,
    parsed: &(dyn Fn(u64) + Sync),
) -> Result<ColumnValues, Failure> {
    // Capacity from the footer's claim, capped: a damaged footer must not reserve terabytes.
    let capacity = rows.min(1 << 24);
    let mut sink = if text {
        Sink::Text {
            codes: Vec::with_capacity(capacity),
            labels: Vec::new(),
            index: FxHashMap::default(),
        }
    } else {
        Sink::Numbers(Vec::with_capacity(capacity))
    };
    let max_def = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .column(leaf)
        .max_def_level();
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g)?;
        let chunk_bytes = group.metadata().column(leaf).compressed_size();
        let expected = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        let before = sink.len();
        match group.get_column_reader(leaf)? {
            ColumnReader::BoolColumnReader(r) => drain(r, max_def, &mut sink, |s, &b| {
                s.label(if b { "True" } else { "False" });
                Ok(())
            })?,
            ColumnReader::Int32ColumnReader(r) => drain(r, max_def, &mut sink, |s, &v| {
                if kind == Kind::Unsigned {
                    let v = v as u32;
                    s.number(f64::from(v), || v.to_string());
                } else {
                    s.number(f64::from(v), || v.to_string());
                }
                Ok(())
            })?,
            ColumnReader::Int64ColumnReader(r) => drain(r, max_def, &mut sink, |s, &v| {
                if kind == Kind::Unsigned {
                    let v = v as u64;
                    s.number(v as f64, || v.to_string());
                } else {
                    s.number(v as f64, || v.to_string());
                }
                Ok(())
            })?,
            ColumnReader::FloatColumnReader(r) => drain(r, max_def, &mut sink, |s, &v| {
                s.number(f64::from(v), || float_label(f64::from(v)));
                Ok(())
            })?,
            ColumnReader::DoubleColumnReader(r) => drain(r, max_def, &mut sink, |s, &v| {
                s.number(v, || float_label(v));
                Ok(())
            })?,
            ColumnReader::ByteArrayColumnReader(r) => drain(r, max_def, &mut sink, |s, v| {
                let label = std::str::from_utf8(v.data())
                    .map_err(|_| Failure::Problem("a value is not valid UTF-8 text".into()))?;
                s.label(label);
                Ok(())
            })?,
            ColumnReader::Int96ColumnReader(_) | ColumnReader::FixedLenByteArrayColumnReader(_) => {
                return Err(Failure::Problem("unsupported physical type".into()));
            }
        }
        let got = sink.len() - before;
        if got != expected {
            return Err(Failure::Decode(parquet::errors::ParquetError::General(
                format!("row group {g} declares {expected} rows but holds {got} values"),
            )));
        }
        parsed(u64::try_from(chunk_bytes).unwrap_or(0));
    }
    if sink.len() != rows {
        return Err(Failure::Decode(parquet::errors::ParquetError::General(
            format!(
                "the footer declares {rows} rows but the row groups hold {}",
                sink.len()
            ),
        )));
    }
    Ok(sink.finish())
}

/// Decodes every record of one column chunk, passing each non-null value to `push` and each
/// null to the sink as missing.
fn drain<T: DataType>(
    mut reader: ColumnReaderImpl<T>,
    max_def: i16,
    sink: &mut Sink,
    mut push: impl FnMut(&mut Sink, &T::T) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut values = Vec::with_capacity(BATCH);
    let mut defs = Vec::with_capacity(BATCH);
    loop {
        values.clear();
        defs.clear();
        let (records, _, _) = reader.read_records(BATCH, Some(&mut defs), None, &mut values)?;
        if records == 0 {
            return Ok(());
        }
        if max_def == 0 {
            for v in &values {
                push(sink, v)?;
            }
            continue;
        }
        let mut next = values.iter();
        for &d in &defs {
            if d == max_def {
                let Some(v) = next.next() else {
                    return Err(Failure::Decode(parquet::errors::ParquetError::General(
                        "fewer values than definition levels".into(),
                    )));
                };
                push(sink, v)?;
            } else {
                sink.missing();
            }
        }
    }
}

/// A float as pandas writes it to CSV (Python's `repr`): `3.0` rather than Rust's `3`, and an
/// exponent from 1e16 up and below 1e-4 (`1e+16`, `1.5e-07`), so a `--categorical` float column
/// has the same labels read from Parquet as from the CSV pandas writes.
fn float_label(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let plain = format!("{v}");
        if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::float_label;

    #[test]
    fn float_labels_read_as_python_writes_them() {
        for (v, text) in [
            (3.0, "3.0"),
            (-0.0, "-0.0"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (123_456_789.125, "123456789.125"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(float_label(v), text);
        }
    }
}
