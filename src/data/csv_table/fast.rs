//! The fast reader for plain CSV (no quoted fields): the file is split at line boundaries and
//! the pieces are parsed on all cores, each straight into its place in the finished columns
//! (rows are counted first). Anything unusual (a quote, a ragged row, bad UTF-8, a value that
//! breaks a numeric requirement) hands the file back to the careful `csv`-crate reader, which
//! produces the exact error message.

use std::io;

use rayon::prelude::*;

use super::builder::VecBuilder;
use super::columns::{Columns, Share, Written};
use super::lines::parse_lines;
use super::source::Source;
use super::{CsvTable, ReadSpec};

/// How much of the file's start is read to find its header line and to probe its column types.
const HEAD_BYTES: u64 = 1 << 16;

/// The header of `head` (a file's first bytes) and the offset where its data rows start, when
/// the header line is plain (no quote) and complete in `head`; `None` sends the file to the
/// careful reader, which gives any error in the header its exact message.
pub(super) fn header_of(shown: &str, head: &[u8]) -> Option<(Vec<String>, u64)> {
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
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
    let Some((header, body_start)) = source.head(HEAD_BYTES, |head| header_of(shown, head))? else {
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
        probe_text(lines, &text)
    })?
    else {
        return Ok(None);
    };
    for (i, needs_text) in probe.into_iter().enumerate() {
        if needs_text && spec.numeric_columns.contains_key(&header[i]) {
            return Ok(None);
        }
        text[i] |= needs_text;
    }
    // A few pieces per thread so that rayon can balance pieces of uneven cost, and pieces of
    // at most about 1 MiB so that a progress bar moves steadily and each thread's piece
    // buffer stays small.
    let body = source.len().saturating_sub(body_start);
    let pieces = (rayon::current_num_threads() as u64 * 4)
        .max(body >> 20)
        .max(1);
    let step = body.div_ceil(pieces).max(1);
    let ranges: Vec<(u64, u64)> = (0..pieces)
        .map(|k| {
            let start = body_start + k * step;
            (start.min(source.len()), (start + step).min(source.len()))
        })
        .filter(|(start, end)| start < end)
        .collect();
    // Rows counted first, so that each piece writes its values straight into the finished
    // columns: no piece is copied, and each column's memory is touched once.
    let counts = ranges
        .par_iter()
        .map(|&(start, end)| source.line_starts(body_start, start, end))
        .collect::<io::Result<Vec<usize>>>()?;
    // A column found to hold text is read again as text; each pass can only add text columns,
    // so this ends after at most one pass per column (in practice one or two).
    loop {
        let mut columns = Columns::new(&text, counts.iter().sum());
        let shares = columns.shares(&counts);
        let Some(written) = parse_pieces(source, body_start, &ranges, shares, parsed)? else {
            return Ok(None);
        };
        let needs_text: Vec<usize> = (0..header.len())
            .filter(|&i| written.iter().any(|w| w[i].needs_text))
            .collect();
        if needs_text.is_empty() {
            let (columns, rows) = columns.finish(header, &counts, &written);
            return Ok(Some(CsvTable {
                path: shown.into(),
                rows,
                columns,
            }));
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

/// Which columns of the first lines hold text; `None` when they need the careful reader.
fn probe_text(lines: &[u8], text: &[bool]) -> Option<Vec<bool>> {
    let mut builders: Vec<VecBuilder> = text
        .iter()
        .map(|&t| {
            if t {
                VecBuilder::vec_text()
            } else {
                VecBuilder::vec_numbers()
            }
        })
        .collect();
    parse_lines(lines, &mut builders).then(|| builders.iter().map(|b| b.needs_text).collect())
}

/// Parses every piece into its share on all cores; what each wrote, in file order, or
/// `Ok(None)` when a piece needs the careful reader.
fn parse_pieces(
    source: Source<'_>,
    body_start: u64,
    ranges: &[(u64, u64)],
    shares: Vec<Share<'_>>,
    parsed: &(dyn Fn(u64) + Sync),
) -> io::Result<Option<Vec<Vec<Written>>>> {
    let written: io::Result<Vec<Option<Vec<Written>>>> = shares
        .into_par_iter()
        .zip(ranges)
        .map(|(mut share, &(start, end))| {
            let ok = source.piece(body_start, start, end, |lines| {
                parse_lines(lines, &mut share)
            })?;
            parsed(end - start);
            Ok(ok.then(|| share.into_iter().map(Written::of).collect()))
        })
        .collect();
    Ok(written?.into_iter().collect())
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
