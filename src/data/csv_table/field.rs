//! One CSV field as pandas' `read_csv` sees it: missing or not (its default `na_values`), and
//! its number, parsed exactly (Clinger's fast path for plain decimals, a full parser otherwise).

/// The strings pandas' `read_csv` treats as missing by default (`na_values`, `keep_default_na`).
const PANDAS_NA: [&str; 19] = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// True when pandas would read `field` as missing.
pub fn is_missing(field: &str) -> bool {
    is_missing_bytes(field.as_bytes())
}

pub(super) fn is_missing_bytes(field: &[u8]) -> bool {
    // Most fields start with a byte no missing marker starts with: one comparison decides.
    match field.first() {
        None => true,
        Some(b'#' | b'-' | b'1' | b'<' | b'N' | b'n') => {
            field.len() <= 8 && PANDAS_NA.iter().any(|na| na.as_bytes() == field)
        }
        Some(_) => false,
    }
}

/// Parses a number as pandas does (surrounding spaces allowed; `inf`, `-inf`, `1e5`).
pub fn parse_number(field: &str) -> Option<f64> {
    parse_number_bytes(field.as_bytes())
}

pub(super) fn parse_number_bytes(field: &[u8]) -> Option<f64> {
    if let Some(v) = parse_plain_decimal(field) {
        return Some(v);
    }
    if let Ok(v) = fast_float2::parse::<f64, _>(field) {
        return Some(v);
    }
    let t = field.trim_ascii();
    if t.len() == field.len() || t.is_empty() {
        return None;
    }
    fast_float2::parse::<f64, _>(t).ok()
}

/// Exact powers of ten that a double holds without rounding (10^0 to 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The common case, a plain decimal such as `-12.3456` with at most 15 digits (see
/// [`parse_decimal_prefix`]); anything else returns `None` for the general parser.
fn parse_plain_decimal(field: &[u8]) -> Option<f64> {
    match parse_decimal_prefix(field) {
        Some((value, end)) if end == field.len() => Some(value),
        _ => None,
    }
}

/// The plain decimal at the start of `s` (`-12.3456`, `5.`, `.5`: an optional sign, digits, an
/// optional point and digits, at most 15 digits in all) and the index just after it.
///
/// Clinger's fast path: the digits as an integer and the power of ten are both exact doubles,
/// so one division gives the correctly rounded value, the same as a full parser. Exponents,
/// longer numbers and `inf` return `None` for the general parser. Reading the number while
/// finding where its field ends lets the reader touch each byte once.
#[inline]
pub(super) fn parse_decimal_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let (negative, start) = match s.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    let mut mantissa = 0u64;
    let int_end = digit_run(s, start, &mut mantissa);
    let (mut end, mut decimals) = (int_end, 0);
    if s.get(int_end) == Some(&b'.') {
        end = digit_run(s, int_end + 1, &mut mantissa);
        decimals = end - int_end - 1;
    }
    // More than 15 digits may not be exact in a double (the mantissa wrapped past 19).
    let digits = int_end - start + decimals;
    if digits == 0 || digits > 15 {
        return None;
    }
    // At most 15 digits: the mantissa is below 2^53, so the signed conversion is exact.
    let value = mantissa as i64 as f64 / POW10[decimals];
    Some((if negative { -value } else { value }, end))
}

/// Exact powers of ten as integers, for appending up to 8 digits to a mantissa.
const POW10_INT: [u64; 9] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// Appends the run of ASCII digits at `s[k..]` to `mantissa` (wrapping: the caller rejects
/// long runs); returns the index after the run. Eight bytes at a time where the slice allows.
#[inline]
fn digit_run(s: &[u8], mut k: usize, mantissa: &mut u64) -> usize {
    while let Some(word) = s
        .get(k..k + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_le_bytes)
    {
        let n = leading_digits(word);
        if n == 0 {
            return k;
        }
        *mantissa = mantissa
            .wrapping_mul(POW10_INT[n])
            .wrapping_add(digits_value(word, n));
        k += n;
        if n < 8 {
            return k;
        }
    }
    while let Some(&b) = s.get(k) {
        if !b.is_ascii_digit() {
            break;
        }
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
        k += 1;
    }
    k
}

/// How many of the eight bytes of `word` (the first in the low byte) are ASCII digits before
/// the first that is not. A byte below `'0'` borrows and one above `'9'` carries into its top
/// bit; either only ever spills into later bytes, so the first non-digit is found exactly.
#[inline]
fn leading_digits(word: u64) -> usize {
    let not_digit = (word.wrapping_add(0x4646_4646_4646_4646)
        | word.wrapping_sub(0x3030_3030_3030_3030))
        & 0x8080_8080_8080_8080;
    (not_digit.trailing_zeros() / 8) as usize
}

/// The value of the first `n` (1 to 8) digit bytes of `word`: they become the last digits of an
/// eight-digit number led by `'0'`s, which three multiplications convert (as `fast_float` does).
#[inline]
fn digits_value(word: u64, n: usize) -> u64 {
    let shift = 8 * (8 - n as u32);
    let zeros = 0x3030_3030_3030_3030u64
        .checked_shr(64 - shift)
        .unwrap_or(0);
    let v = ((word << shift) | zeros).wrapping_sub(0x3030_3030_3030_3030);
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let hi = (v & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32));
    let lo = ((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32));
    (hi.wrapping_add(lo) >> 32) & 0xFFFF_FFFF
}
