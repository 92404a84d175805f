//! The fast reader for plain CSV (no quoted fields): the file is split at line boundaries and
//! the pieces are parsed on all cores. Anything unusual (a quote, a ragged row, bad UTF-8, a
//! value that breaks a numeric requirement) hands the file back to the careful `csv`-crate
//! reader, which produces the exact error message.

use std::io;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::source::Source;
use super::{Builder, Column, ColumnValues, CsvTable, MISSING_CODE, ReadSpec};

/// How much of the file's start is read to find its header line and to probe its column types.
const HEAD_BYTES: u64 = 1 << 16;

/// The header of `head` (a file's first bytes) and the offset where its data rows start, when
/// the header line is plain (no quote) and complete in `head`; `None` sends the file to the
/// careful reader, which gives any error in the header its exact message.
pub(super) fn header_of(shown: &str, head: &[u8]) -> Option<(Vec<String>, u64)> {
    let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let rest = &head[bom..];
    let line = &rest[..=memchr::memchr(b'\n', rest)?];
    if memchr::memchr(b'"', line).is_some() {
        return None;
    }
    let header = super::read_header(shown, line).ok()?;
    Some((header, (bom + line.len()) as u64))
}

/// Reads a regular file of `len` bytes with the fast reader, piece by piece on every core;
/// `Ok(None)` means "use the careful reader" (on the whole file in memory).
pub(super) fn read_file(
    shown: &str,
    file: &std::fs::File,
    len: u64,
    spec: &ReadSpec,
    parsed: &(dyn Fn(u64) + Sync),
) -> io::Result<Option<CsvTable>> {
    let source = Source::File(file, len);
    let Some((header, body_start)) = source.head(HEAD_BYTES, |head| header_of(shown, head))?
    else {
        return Ok(None);
    };
    parse(shown, source, &header, body_start, spec, parsed)
}

/// Parses the data rows of `source` from `body_start` under `header`; `Ok(None)` means "use
/// the careful reader".
pub(super) fn parse(
    shown: &str,
    source: Source<'_>,
    header: &[String],
    body_start: u64,
    spec: &ReadSpec,
    parsed: &(dyn Fn(u64) + Sync),
) -> io::Result<Option<CsvTable>> {
    let mut text: Vec<bool> = header
        .iter()
        .map(|n| spec.text_columns.iter().any(|c| c == n))
        .collect();
    // Probe the first lines so that text columns are usually known before the full pass.
    let probe_end = (body_start + HEAD_BYTES).min(source.len());
    let Some(probe) = source.piece(body_start, body_start, probe_end, |lines| {
        parse_chunk(lines, header.len(), &text)
    })?
    else {
        return Ok(None);
    };
    for (i, b) in probe.iter().enumerate() {
        if b.needs_text && spec.numeric_columns.contains_key(&header[i]) {
            return Ok(None);
        }
        text[i] |= b.needs_text;
    }
    // A few pieces per thread so that rayon can balance pieces of uneven cost, and pieces of
    // at most about 1 MiB so that a progress bar moves steadily and each thread's piece
    // buffer stays small.
    let body = source.len().saturating_sub(body_start);
    let pieces = (rayon::current_num_threads() as u64 * 4).max(body >> 20).max(1);
    let step = body.div_ceil(pieces).max(1);
    let ranges: Vec<(u64, u64)> = (0..pieces)
        .map(|k| {
            let start = body_start + k * step;
            (start.min(source.len()), (start + step).min(source.len()))
        })
        .filter(|(start, end)| start < end)
        .collect();
    // A column found to hold text is read again as text; each pass can only add text columns,
    // so this ends after at most one pass per column (in practice one or two).
    loop {
        let Some(parts) = parse_pieces(source, body_start, &ranges, header.len(), &text, parsed)?
        else {
            return Ok(None);
        };
        let needs_text: Vec<usize> = (0..header.len())
            .filter(|&i| parts.iter().any(|p| p[i].needs_text))
            .collect();
        if needs_text.is_empty() {
            return Ok(Some(merge(shown, header, parts)));
        }
        if needs_text
            .iter()
            .any(|&i| spec.numeric_columns.contains_key(&header[i]))
        {
            return Ok(None);
        }
        for i in needs_text {
            text[i] = true;
        }
    }
}

/// Parses every piece on all cores, in file order; `Ok(None)` as soon as one piece needs the
/// careful reader.
fn parse_pieces(
    source: Source<'_>,
    body_start: u64,
    ranges: &[(u64, u64)],
    columns: usize,
    text: &[bool],
    parsed: &(dyn Fn(u64) + Sync),
) -> io::Result<Option<Vec<Vec<Builder>>>> {
    let parts: io::Result<Vec<Option<Vec<Builder>>>> = ranges
        .par_iter()
        .map(|&(start, end)| {
            let part = source.piece(body_start, start, end, |lines| {
                parse_chunk(lines, columns, text)
            });
            parsed(end - start);
            part
        })
        .collect();
    Ok(parts?.into_iter().collect())
}

/// Parses whole lines; `None` for anything the careful reader must see (a quote, a ragged
/// row, text that is not UTF-8).
fn parse_chunk(chunk: &[u8], columns: usize, text: &[bool]) -> Option<Vec<Builder>> {
    if memchr::memchr(b'"', chunk).is_some() {
        return None;
    }
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
#[path = "fast_tests.rs"]
mod tests;
