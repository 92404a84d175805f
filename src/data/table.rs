//! A columnar table for the simulated world: typed feature columns plus entity ids, event
//! timestamps and the label, with a content digest for lineage.

use serde::{Deserialize, Serialize};

/// Code that marks a missing categorical value.
pub const MISSING_CODE: u32 = u32::MAX;

/// Seconds in one simulated day.
pub const DAY: i64 = 86_400;

/// The type of a feature column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Real numbers; a missing value is NaN.
    Numeric,
    /// Strings from a set of levels; a missing value is [`MISSING_CODE`].
    Categorical,
}

/// The values of one column, stored contiguously.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Numbers, NaN for missing.
    Numeric(Vec<f64>),
    /// Codes into `levels`, [`MISSING_CODE`] for missing.
    Categorical {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct strings the codes point at.
        levels: Vec<String>,
    },
}

impl ColumnData {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Categorical { codes, .. } => codes.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column's type.
    pub fn column_type(&self) -> ColumnType {
        match self {
            ColumnData::Numeric(_) => ColumnType::Numeric,
            ColumnData::Categorical { .. } => ColumnType::Categorical,
        }
    }

    /// True when row `i` holds no value.
    pub fn is_missing(&self, i: usize) -> bool {
        match self {
            ColumnData::Numeric(v) => v[i].is_nan(),
            ColumnData::Categorical { codes, .. } => codes[i] == MISSING_CODE,
        }
    }

    /// Row `i` as display text (`null` when missing).
    pub fn display(&self, i: usize) -> String {
        match self {
            ColumnData::Numeric(v) if v[i].is_nan() => "null".to_string(),
            ColumnData::Numeric(v) => format!("{}", v[i]),
            ColumnData::Categorical { codes, .. } if codes[i] == MISSING_CODE => "null".into(),
            ColumnData::Categorical { codes, levels } => levels[codes[i] as usize].clone(),
        }
    }

    /// The rows at `idx`, in that order.
    #[must_use]
    pub fn take(&self, idx: &[usize]) -> ColumnData {
        match self {
            ColumnData::Numeric(v) => ColumnData::Numeric(idx.iter().map(|&i| v[i]).collect()),
            ColumnData::Categorical { codes, levels } => ColumnData::Categorical {
                codes: idx.iter().map(|&i| codes[i]).collect(),
                levels: levels.clone(),
            },
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Its values.
    pub data: ColumnData,
}

/// A table of observations: row `i` is entity `entity_ids[i]` seen at `event_ts[i]` (seconds
/// since the scenario's epoch) with features `columns[..][i]` and outcome `labels[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Name of the entity key (join key), e.g. `customer_id`.
    pub entity_key: String,
    /// Name of the label column, e.g. `churned`.
    pub label_name: String,
    /// Entity id per row.
    pub entity_ids: Vec<u64>,
    /// Event timestamp per row, in simulated seconds.
    pub event_ts: Vec<i64>,
    /// Binary label per row (0 or 1).
    pub labels: Vec<u8>,
    /// Feature columns.
    pub columns: Vec<Column>,
}

impl Table {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.labels.len()
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Mutable access to the column called `name`.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// Feature column names, in order.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// Number of rows whose label is 1.
    pub fn positives(&self) -> usize {
        self.labels.iter().map(|&l| usize::from(l)).sum()
    }

    /// A new table with the rows at `idx`.
    #[must_use]
    pub fn take(&self, idx: &[usize]) -> Table {
        Table {
            entity_key: self.entity_key.clone(),
            label_name: self.label_name.clone(),
            entity_ids: idx.iter().map(|&i| self.entity_ids[i]).collect(),
            event_ts: idx.iter().map(|&i| self.event_ts[i]).collect(),
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
            columns: self
                .columns
                .iter()
                .map(|c| Column {
                    name: c.name.clone(),
                    data: c.data.take(idx),
                })
                .collect(),
        }
    }

    /// A 64-bit content digest (names, types and every value), shown as 16 hex digits.
    ///
    /// Used for lineage: a run and a model version record the digest of the data they saw, so a
    /// changed table is visible even when its shape is the same.
    pub fn digest(&self) -> String {
        let mut h = Digest::new();
        h.bytes(self.entity_key.as_bytes());
        h.bytes(self.label_name.as_bytes());
        h.words(self.entity_ids.iter().copied());
        h.words(self.event_ts.iter().map(|&t| t as u64));
        h.words(self.labels.iter().map(|&l| u64::from(l)));
        for c in &self.columns {
            h.bytes(c.name.as_bytes());
            match &c.data {
                ColumnData::Numeric(v) => h.words(v.iter().map(|x| x.to_bits())),
                ColumnData::Categorical { codes, levels } => {
                    for l in levels {
                        h.bytes(l.as_bytes());
                    }
                    h.words(codes.iter().map(|&c| u64::from(c)));
                }
            }
        }
        format!("{:016x}", h.finish())
    }
}

/// A small, fast, stable hash (FNV-1a style over 64-bit words); not cryptographic.
#[derive(Debug, Clone)]
pub struct Digest(u64);

impl Default for Digest {
    fn default() -> Self {
        Self::new()
    }
}

impl Digest {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// A fresh digest.
    pub fn new() -> Self {
        Digest(0xcbf2_9ce4_8422_2325)
    }

    /// Mixes in a sequence of words.
    pub fn words(&mut self, it: impl Iterator<Item = u64>) {
        let mut h = self.0;
        for w in it {
            h = (h ^ w).wrapping_mul(Self::PRIME);
            h ^= h >> 29;
        }
        self.0 = h;
    }

    /// Mixes in bytes (and their length, so "ab"+"c" differs from "a"+"bc").
    pub fn bytes(&mut self, b: &[u8]) {
        self.words(std::iter::once(b.len() as u64));
        self.words(b.iter().map(|&x| u64::from(x)));
    }

    /// The current value.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Table {
        Table {
            entity_key: "id".into(),
            label_name: "y".into(),
            entity_ids: vec![1, 2, 3],
            event_ts: vec![0, 10, 20],
            labels: vec![0, 1, 0],
            columns: vec![
                Column {
                    name: "x".into(),
                    data: ColumnData::Numeric(vec![1.0, f64::NAN, 3.0]),
                },
                Column {
                    name: "c".into(),
                    data: ColumnData::Categorical {
                        codes: vec![0, 1, MISSING_CODE],
                        levels: vec!["a".into(), "b".into()],
                    },
                },
            ],
        }
    }

    #[test]
    fn take_keeps_rows_aligned() {
        let t = tiny().take(&[2, 0]);
        assert_eq!(t.entity_ids, vec![3, 1]);
        assert_eq!(t.column("c").unwrap().data.display(0), "null");
        assert_eq!(t.column("x").unwrap().data.display(1), "1");
    }

    #[test]
    fn digest_changes_with_any_value() {
        let a = tiny();
        let mut b = tiny();
        assert_eq!(a.digest(), b.digest());
        b.labels[0] = 1;
        assert_ne!(a.digest(), b.digest());
    }

    #[test]
    fn missing_is_detected_per_type() {
        let t = tiny();
        assert!(t.column("x").unwrap().data.is_missing(1));
        assert!(t.column("c").unwrap().data.is_missing(2));
        assert!(!t.column("c").unwrap().data.is_missing(0));
    }
}
