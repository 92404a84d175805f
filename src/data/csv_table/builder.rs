//! The column being filled while a CSV file is read: numbers until a field is not one, codes
//! and labels for text. The values go to a growing `Vec` (the careful reader, the probe) or to
//! a piece's share of the finished column (the fast reader, which counts rows first).

use rustc_hash::FxHashMap;

use super::field::{is_missing_bytes, parse_number_bytes};
use super::{ColumnValues, MISSING_CODE};

/// Where a column's values go.
pub(super) trait Store<T> {
    /// Adds a value; `false` when there is no room (the fast reader then gives the file to
    /// the careful one rather than write out of place).
    fn put(&mut self, value: T) -> bool;
}

impl<T> Store<T> for Vec<T> {
    fn put(&mut self, value: T) -> bool {
        self.push(value);
        true
    }
}

/// A piece's share of a finished column, filled from the start.
pub(super) struct Slots<'a, T> {
    slots: &'a mut [T],
    /// Values written so far.
    pub(super) len: usize,
}

impl<'a, T> Slots<'a, T> {
    pub(super) fn new(slots: &'a mut [T]) -> Self {
        Slots { slots, len: 0 }
    }
}

impl<T> Store<T> for Slots<'_, T> {
    #[inline]
    fn put(&mut self, value: T) -> bool {
        match self.slots.get_mut(self.len) {
            Some(slot) => {
                *slot = value;
                self.len += 1;
                true
            }
            None => false,
        }
    }
}

/// Accumulates one column while reading.
pub(super) struct Builder<N, C> {
    numbers: Option<N>,
    codes: C,
    labels: Vec<String>,
    /// Codes by the label's bytes: a label seen before needs no UTF-8 check.
    index: FxHashMap<Box<[u8]>, u32>,
    /// Set when a numbers column meets a value that is not a number.
    pub(super) needs_text: bool,
}

/// A column read into growing vectors.
pub(super) type VecBuilder = Builder<Vec<f64>, Vec<u32>>;

impl<N: Store<f64>, C: Store<u32>> Builder<N, C> {
    /// A column of numbers (codes stay unused unless it is read again as text).
    pub(super) fn numbers(numbers: N, codes: C) -> Self {
        Builder {
            numbers: Some(numbers),
            codes,
            labels: Vec::new(),
            index: FxHashMap::default(),
            needs_text: false,
        }
    }

    /// A column of text.
    pub(super) fn text(codes: C) -> Self {
        Builder {
            numbers: None,
            codes,
            labels: Vec::new(),
            index: FxHashMap::default(),
            needs_text: false,
        }
    }

    /// True while this is a numbers column that has met nothing else: a field that starts with
    /// a plain decimal can go to [`Builder::push_number`].
    #[inline]
    pub(super) fn wants_number(&self) -> bool {
        self.numbers.is_some() && !self.needs_text
    }

    /// Adds a number already parsed from a field (see [`Builder::wants_number`]); `false`
    /// when there is no room.
    #[inline]
    pub(super) fn push_number(&mut self, value: f64) -> bool {
        match &mut self.numbers {
            Some(numbers) => numbers.put(value),
            None => true,
        }
    }

    /// Adds one field; `false` when a text field is not valid UTF-8 or there is no room.
    pub(super) fn push(&mut self, field: &[u8]) -> bool {
        if let Some(numbers) = &mut self.numbers {
            if self.needs_text {
                return true;
            }
            if let Some(v) = parse_number_bytes(field) {
                return numbers.put(v);
            } else if is_missing_bytes(field) {
                return numbers.put(f64::NAN);
            }
            self.needs_text = true;
            return true;
        }
        if is_missing_bytes(field) {
            return self.codes.put(MISSING_CODE);
        }
        let code = if let Some(&code) = self.index.get(field) {
            code
        } else {
            let Ok(label) = std::str::from_utf8(field) else {
                return false;
            };
            let code = self.labels.len() as u32;
            self.labels.push(label.to_string());
            self.index.insert(field.into(), code);
            code
        };
        self.codes.put(code)
    }

    /// The numbers (when this is a numbers column) and the codes and labels.
    pub(super) fn into_parts(self) -> (Option<N>, C, Vec<String>) {
        (self.numbers, self.codes, self.labels)
    }
}

impl VecBuilder {
    /// An empty numbers column.
    pub(super) fn vec_numbers() -> Self {
        Builder::numbers(Vec::new(), Vec::new())
    }

    /// An empty text column.
    pub(super) fn vec_text() -> Self {
        Builder::text(Vec::new())
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
