//! Lines and fields of plain CSV (no quotes), as the fast reader splits them: a line is the
//! bytes up to `\n` less one trailing `\r`, its fields are split at commas, and a blank line
//! is skipped, as pandas skips it.

use super::builder::{Builder, Store};
use super::field::parse_decimal_prefix;

/// Reads whole lines into one builder per column; `false` for anything the careful reader
/// must see (a quote, a ragged row, text that is not UTF-8, no room left).
pub(super) fn parse_lines<N: Store<f64>, C: Store<u32>>(
    chunk: &[u8],
    builders: &mut [Builder<N, C>],
) -> bool {
    if memchr::memchr(b'"', chunk).is_some() {
        return false;
    }
    let columns = builders.len();
    let mut p = 0;
    while let Some(&first) = chunk.get(p) {
        if first == b'\n' {
            p += 1;
            continue;
        }
        if first == b'\r' && matches!(chunk.get(p + 1), None | Some(b'\n')) {
            p += 2;
            continue;
        }
        for (column, builder) in builders.iter_mut().enumerate() {
            match parse_field(chunk, p, column + 1 == columns, builder) {
                Some(next) => p = next,
                None => return false,
            }
        }
    }
    true
}

/// Reads the field at `chunk[p..]` into `builder`; returns where the next field starts, or
/// `None` for a row with too few or too many fields (or text that is not UTF-8).
///
/// A plain decimal is parsed as the field is scanned; anything else is scanned, then pushed.
#[inline]
fn parse_field<N: Store<f64>, C: Store<u32>>(
    chunk: &[u8],
    p: usize,
    last: bool,
    builder: &mut Builder<N, C>,
) -> Option<usize> {
    if builder.wants_number()
        && let Some((value, len)) = parse_decimal_prefix(&chunk[p..])
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
            return builder.push_number(value).then_some(next);
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
