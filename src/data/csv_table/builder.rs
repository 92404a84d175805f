//! The column being filled while a CSV file is read: numbers until a field is not one, codes
//! and labels for text.

use rustc_hash::FxHashMap;

use super::field::{is_missing_bytes, parse_number_bytes};
use super::{ColumnValues, MISSING_CODE};

/// Accumulates one column while reading.
pub(super) struct Builder {
    numbers: Option<Vec<f64>>,
    codes: Vec<u32>,
    labels: Vec<String>,
    index: FxHashMap<String, u32>,
    /// Set when a numbers column meets a value that is not a number.
    pub(super) needs_text: bool,
}

impl Builder {
    pub(super) fn numbers() -> Self {
        Builder {
            numbers: Some(Vec::new()),
            codes: Vec::new(),
            labels: Vec::new(),
            index: FxHashMap::default(),
            needs_text: false,
        }
    }

    pub(super) fn text() -> Self {
        Builder {
            numbers: None,
            ..Builder::numbers()
        }
    }

    /// Makes room for `rows` more values.
    pub(super) fn reserve(&mut self, rows: usize) {
        match &mut self.numbers {
            Some(numbers) => numbers.reserve_exact(rows),
            None => self.codes.reserve_exact(rows),
        }
    }

    /// True while this is a numbers column that has met nothing else: a field that starts with
    /// a plain decimal can go to [`Builder::push_number`].
    pub(super) fn wants_number(&self) -> bool {
        self.numbers.is_some() && !self.needs_text
    }

    /// Adds a number already parsed from a field (see [`Builder::wants_number`]).
    pub(super) fn push_number(&mut self, value: f64) {
        if let Some(numbers) = &mut self.numbers {
            numbers.push(value);
        }
    }

    /// Adds one field; `false` when a text field is not valid UTF-8.
    pub(super) fn push(&mut self, field: &[u8]) -> bool {
        if let Some(numbers) = &mut self.numbers {
            if self.needs_text {
                return true;
            }
            if let Some(v) = parse_number_bytes(field) {
                numbers.push(v);
            } else if is_missing_bytes(field) {
                numbers.push(f64::NAN);
            } else {
                self.needs_text = true;
            }
            return true;
        }
        if is_missing_bytes(field) {
            self.codes.push(MISSING_CODE);
            return true;
        }
        let Ok(field) = std::str::from_utf8(field) else {
            return false;
        };
        let code = if let Some(&code) = self.index.get(field) {
            code
        } else {
            let code = self.labels.len() as u32;
            self.labels.push(field.to_string());
            self.index.insert(field.to_string(), code);
            code
        };
        self.codes.push(code);
        true
    }

    pub(super) fn finish(self) -> ColumnValues {
        match self.numbers {
            Some(numbers) => ColumnValues::Numbers(numbers),
            None => ColumnValues::Text {
                codes: self.codes,
                labels: self.labels,
            },
        }
    }
}
