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

/// Appends the run of ASCII digits at `s[k..]` to `mantissa` (wrapping: the caller rejects
/// long runs); returns the index after the run. A plain loop: measured faster than reading
/// eight bytes at a time for the short runs (one to eight digits) of real data.
#[inline]
fn digit_run(s: &[u8], mut k: usize, mantissa: &mut u64) -> usize {
    while let Some(&b) = s.get(k) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        k += 1;
    }
    k
}
