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
    field.len() <= 8 && PANDAS_NA.iter().any(|na| na.as_bytes() == field)
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

/// The common case, a plain decimal such as `-12.3456` with at most 15 digits, parsed by
/// Clinger's fast path: the digits as an integer and the power of ten are both exact doubles,
/// so one division gives the correctly rounded value, the same as a full parser. Anything else
/// (exponents, more digits, `inf`) returns `None` for the general parser.
fn parse_plain_decimal(field: &[u8]) -> Option<f64> {
    let (negative, digits) = match field.first()? {
        b'-' => (true, &field[1..]),
        b'+' => (false, &field[1..]),
        _ => (false, field),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0u32;
    let mut decimals = 0usize;
    let mut seen_dot = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                count += 1;
                if count > 15 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                decimals += usize::from(seen_dot);
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let value = mantissa as f64 / POW10[decimals];
    Some(if negative { -value } else { value })
}
