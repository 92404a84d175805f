//! The fast reader for plain CSV (no quoted fields): the file is split at line boundaries and
//! the pieces are parsed on all cores. Anything unusual (a quote, a ragged row, bad UTF-8, a
//! value that breaks a numeric requirement) hands the file back to the careful `csv`-crate
//! reader, which produces the exact error message.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Builder, Column, ColumnValues, CsvTable, MISSING_CODE, ReadSpec};

/// Parses `bytes` (BOM already stripped) whose first line is `header`; `None` means "use the
/// careful reader".
pub(super) fn parse(
    shown: &str,
    bytes: &[u8],
    header: &[String],
    spec: &ReadSpec,
    parsed: &(dyn Fn(u64) + Sync),
) -> Option<CsvTable> {
    if memchr::memchr(b'"', bytes).is_some() {
        return None;
    }
    let body_start = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
    let body = &bytes[body_start..];
    let mut text: Vec<bool> = header
        .iter()
        .map(|n| spec.text_columns.iter().any(|c| c == n))
        .collect();
    // Probe the first lines so that text columns are usually known before the full pass.
    let probe_end = memchr::memchr(b'\n', &body[body.len().min(1 << 16)..])
        .map_or(body.len(), |i| body.len().min(1 << 16) + i + 1);
    for (i, b) in parse_chunk(&body[..probe_end], header.len(), &text)?
        .iter()
        .enumerate()
    {
        if b.needs_text && spec.numeric_columns.contains_key(&header[i]) {
            return None;
        }
        text[i] |= b.needs_text;
    }
    // A few pieces per thread so that rayon can balance pieces of uneven cost, and pieces of
    // at most about 4 MiB so that a progress bar moves steadily.
    let pieces = (rayon::current_num_threads() * 4).max(body.len() >> 22);
    let chunks = split(body, pieces);
    // A column found to hold text is read again as text; each pass can only add text columns,
    // so this ends after at most one pass per column (in practice one or two).
    loop {
        let parts = parse_chunks(&chunks, header.len(), &text, parsed)?;
        let needs_text: Vec<usize> = (0..header.len())
            .filter(|&i| parts.iter().any(|p| p[i].needs_text))
            .collect();
        if needs_text.is_empty() {
            return Some(merge(shown, header, parts));
        }
        if needs_text
            .iter()
            .any(|&i| spec.numeric_columns.contains_key(&header[i]))
        {
            return None;
        }
        for i in needs_text {
            text[i] = true;
        }
    }
}

/// Splits `body` into about `n` pieces, each ending at a line break.
fn split(body: &[u8], n: usize) -> Vec<&[u8]> {
    let mut chunks = Vec::with_capacity(n);
    let mut start = 0;
    let target = body.len() / n.max(1) + 1;
    while start < body.len() {
        let guess = (start + target).min(body.len());
        let end = if guess >= body.len() {
            body.len()
        } else {
            memchr::memchr(b'\n', &body[guess..]).map_or(body.len(), |i| guess + i + 1)
        };
        chunks.push(&body[start..end]);
        start = end;
    }
    chunks
}

fn parse_chunks(
    chunks: &[&[u8]],
    columns: usize,
    text: &[bool],
    parsed: &(dyn Fn(u64) + Sync),
) -> Option<Vec<Vec<Builder>>> {
    chunks
        .par_iter()
        .map(|chunk| {
            let part = parse_chunk(chunk, columns, text);
            parsed(chunk.len() as u64);
            part
        })
        .collect()
}

fn parse_chunk(chunk: &[u8], columns: usize, text: &[bool]) -> Option<Vec<Builder>> {
    // Rows counted first (a fast SIMD scan), so each column is allocated once at its size
    // instead of growing by doubling: that doubling was a third of peak memory.
    let rows = memchr::memchr_iter(b'\n', chunk).count() + 1;
    let mut builders: Vec<Builder> = text
        .iter()
        .map(|&t| {
            let mut b = if t {
                Builder::text()
            } else {
                Builder::numbers()
            };
            b.reserve(rows);
            b
        })
        .collect();
    let mut p = 0;
    while let Some(&first) = chunk.get(p) {
        // A blank line (LF, or CRLF) is skipped, as pandas skips it.
        if first == b'\n' {
            p += 1;
            continue;
        }
        if first == b'\r' && matches!(chunk.get(p + 1), None | Some(b'\n')) {
            p += 2;
            continue;
        }
        for (column, builder) in builders.iter_mut().enumerate() {
            p = parse_field(chunk, p, column + 1 == columns, builder)?;
        }
    }
    Some(builders)
}

/// Reads the field at `chunk[p..]` into `builder`; returns where the next field starts, or
/// `None` for a row with too few or too many fields (or text that is not UTF-8).
///
/// A line is the bytes up to `\n` less one trailing `\r`; its fields are split at commas. A
/// plain decimal is parsed as the field is scanned; anything else is scanned, then pushed.
fn parse_field(chunk: &[u8], p: usize, last: bool, builder: &mut Builder) -> Option<usize> {
    if builder.wants_number()
        && let Some((value, len)) = super::field::parse_decimal_prefix(&chunk[p..])
    {
        let q = p + len;
        let next = match chunk.get(q) {
            Some(b',') if !last => Some(q + 1),
            Some(b'\n') if last => Some(q + 1),
            None if last => Some(q),
            Some(b'\r') if last && matches!(chunk.get(q + 1), None | Some(b'\n')) => {
                Some((q + 2).min(chunk.len()))
            }
            _ => None,
        };
        if let Some(next) = next {
            builder.push_number(value);
            return Some(next);
        }
    }
    // Fields are short: a plain byte scan beats a SIMD search call per field.
    let mut q = p;
    while let Some(&b) = chunk.get(q) {
        if b == b',' || b == b'\n' {
            break;
        }
        q += 1;
    }
    let at = chunk.get(q).copied();
    if last {
        if at == Some(b',') {
            return None;
        }
        let field = &chunk[p..q];
        let field = field.strip_suffix(b"\r").unwrap_or(field);
        builder.push(field).then_some((q + 1).min(chunk.len()))
    } else {
        if at != Some(b',') {
            return None;
        }
        builder.push(&chunk[p..q]).then_some(q + 1)
    }
}

/// Joins the pieces in file order; text codes are renumbered by first appearance in the file.
fn merge(shown: &str, header: &[String], parts: Vec<Vec<Builder>>) -> CsvTable {
    let mut per_column: Vec<Vec<Builder>> = header.iter().map(|_| Vec::new()).collect();
    for part in parts {
        for (i, b) in part.into_iter().enumerate() {
            per_column[i].push(b);
        }
    }
    let mut rows = 0;
    let columns: Vec<Column> = header
        .iter()
        .zip(per_column)
        .map(|(name, pieces)| {
            let values = join(pieces);
            rows = match &values {
                ColumnValues::Numbers(v) => v.len(),
                ColumnValues::Text { codes, .. } => codes.len(),
            };
            Column {
                name: name.clone(),
                values,
            }
        })
        .collect();
    CsvTable {
        path: shown.into(),
        rows,
        columns,
    }
}

fn join(pieces: Vec<Builder>) -> ColumnValues {
    let values: Vec<ColumnValues> = pieces.into_iter().map(Builder::finish).collect();
    // The whole column's length up front: growing the first piece by doubling would hold up
    // to twice the column at the peak of memory use.
    let total: usize = values
        .iter()
        .map(|v| match v {
            ColumnValues::Numbers(n) => n.len(),
            ColumnValues::Text { codes, .. } => codes.len(),
        })
        .sum();
    let mut values = values.into_iter();
    let Some(first) = values.next() else {
        return ColumnValues::Numbers(Vec::new());
    };
    match first {
        ColumnValues::Numbers(first) => {
            let mut all = Vec::with_capacity(total);
            all.extend(first);
            for v in values {
                if let ColumnValues::Numbers(more) = v {
                    all.extend(more);
                }
            }
            ColumnValues::Numbers(all)
        }
        ColumnValues::Text {
            codes: first,
            mut labels,
        } => {
            let mut codes = Vec::with_capacity(total);
            codes.extend(first);
            let mut index: FxHashMap<String, u32> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| (l.clone(), i as u32))
                .collect();
            for v in values {
                let ColumnValues::Text {
                    codes: more,
                    labels: local,
                } = v
                else {
                    continue;
                };
                let remap: Vec<u32> = local
                    .into_iter()
                    .map(|l| {
                        *index.entry(l).or_insert_with_key(|l| {
                            labels.push(l.clone());
                            labels.len() as u32 - 1
                        })
                    })
                    .collect();
                codes.extend(more.into_iter().map(|c| {
                    if c == MISSING_CODE {
                        c
                    } else {
                        remap[c as usize]
                    }
                }));
            }
            ColumnValues::Text { codes, labels }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::{CsvTable, ReadSpec, read_header};

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            (-1e6f64..1e6).prop_map(|v| format!("{v}")),
            (0u32..50).prop_map(|v| v.to_string()),
            Just(String::new()),
            Just("NA".to_string()),
            Just(" 2.5".to_string()),
            prop::sample::select(vec!["red", "blue", "green", "inf", "-inf"])
                .prop_map(String::from),
        ]
    }

    proptest! {
        /// The parallel fast path reads every plain file exactly as the careful reader does.
        #[test]
        fn fast_path_matches_careful_reader(
            rows in prop::collection::vec(prop::collection::vec(field(), 3), 1..60),
            crlf in any::<bool>(),
            blank_at in 0usize..60,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("a,b,c{eol}");
            for (i, r) in rows.iter().enumerate() {
                if i == blank_at {
                    text.push_str(eol);
                }
                text.push_str(&r.join(","));
                text.push_str(eol);
            }
            let spec = ReadSpec::default();
            let header = read_header("t.csv", text.as_bytes()).unwrap();
            let fast = super::parse("t.csv", text.as_bytes(), &header, &spec, &|_| {});
            let careful = CsvTable::parse_careful("t.csv", text.as_bytes(), header, &spec).unwrap();
            // Compared through Debug because NaN (a missing value) is not equal to itself.
            prop_assert_eq!(format!("{fast:?}"), format!("{:?}", Some(careful)));
        }
    }

    fn parse_plain(
        shown: &str,
        bytes: &[u8],
        header: &[String],
        spec: &ReadSpec,
    ) -> Option<CsvTable> {
        super::parse(shown, bytes, header, spec, &|_| {})
    }

    #[test]
    fn quotes_and_ragged_rows_go_to_the_careful_reader() {
        let spec = ReadSpec::default();
        let h = vec!["a".to_string(), "b".to_string()];
        assert!(parse_plain("t", b"a,b\n\"1\",2\n", &h, &spec).is_none());
        assert!(parse_plain("t", b"a,b\n1,2,3\n", &h, &spec).is_none());
        assert!(parse_plain("t", b"a,b\n1\n", &h, &spec).is_none());
        assert!(parse_plain("t", b"a,b\n1,\xff\n", &h, &spec).is_none());
    }
}
