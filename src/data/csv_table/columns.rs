//! The fast reader's finished columns: allocated once at the counted number of rows, handed
//! out to the pieces in file order, then closed up where blank lines left slots unused, and
//! text codes renumbered by first appearance in the file.

use rustc_hash::FxHashMap;

use super::builder::{Builder, Slots};
use super::{Column, ColumnValues, MISSING_CODE};

/// A piece's share of every column.
pub(super) type Share<'a> = Vec<Builder<Slots<'a, f64>, Slots<'a, u32>>>;

/// What a piece left in one column.
pub(super) struct Written {
    /// Values written, from the start of the piece's share.
    pub(super) len: usize,
    /// The piece's own labels (text codes index them).
    pub(super) labels: Vec<String>,
    /// The column met text while read as numbers.
    pub(super) needs_text: bool,
}

impl Written {
    pub(super) fn of(builder: Builder<Slots<'_, f64>, Slots<'_, u32>>) -> Self {
        let needs_text = builder.needs_text;
        let (numbers, codes, labels) = builder.into_parts();
        Written {
            len: numbers.map_or(codes.len, |n| n.len),
            labels,
            needs_text,
        }
    }
}

/// Every column's values, at `rows` slots each.
pub(super) struct Columns {
    text: Vec<bool>,
    numbers: Vec<Vec<f64>>,
    codes: Vec<Vec<u32>>,
}

impl Columns {
    /// Room for `rows` values in each column; `text[i]` says column `i` holds text.
    pub(super) fn new(text: &[bool], rows: usize) -> Self {
        // Zeroed allocations come straight from the system: no pass writes the zeros.
        Columns {
            text: text.to_vec(),
            numbers: text
                .iter()
                .map(|&t| if t { Vec::new() } else { vec![0.0; rows] })
                .collect(),
            codes: text
                .iter()
                .map(|&t| if t { vec![0; rows] } else { Vec::new() })
                .collect(),
        }
    }

    /// One share per piece: piece `k` gets the next `counts[k]` slots of every column.
    pub(super) fn shares(&mut self, counts: &[usize]) -> Vec<Share<'_>> {
        let mut shares: Vec<Share<'_>> = counts.iter().map(|_| Vec::new()).collect();
        let columns = self.numbers.iter_mut().zip(self.codes.iter_mut());
        for ((numbers, codes), &text) in columns.zip(&self.text) {
            let (mut numbers, mut codes) = (&mut numbers[..], &mut codes[..]);
            for (share, &count) in shares.iter_mut().zip(counts) {
                if text {
                    let (mine, rest) = std::mem::take(&mut codes).split_at_mut(count);
                    codes = rest;
                    share.push(Builder::text(Slots::new(mine)));
                } else {
                    let (mine, rest) = std::mem::take(&mut numbers).split_at_mut(count);
                    numbers = rest;
                    share.push(Builder::numbers(Slots::new(mine), Slots::new(&mut [])));
                }
            }
        }
        shares
    }

    /// The finished columns under `header`, from what each piece wrote (`written[k][i]`:
    /// piece `k`, column `i`), and the number of rows.
    pub(super) fn finish(
        self,
        header: &[String],
        counts: &[usize],
        written: &[Vec<Written>],
    ) -> (Vec<Column>, usize) {
        let mut rows = 0;
        let columns = header
            .iter()
            .zip(self.numbers.into_iter().zip(self.codes))
            .zip(self.text)
            .enumerate()
            .map(|(i, ((name, (mut numbers, mut codes)), text))| {
                let lens: Vec<usize> = written.iter().map(|w| w[i].len).collect();
                let values = if text {
                    let labels = renumber(&mut codes, counts, written.iter().map(|w| &w[i]));
                    close_up(&mut codes, counts, &lens);
                    rows = codes.len();
                    ColumnValues::Text { codes, labels }
                } else {
                    close_up(&mut numbers, counts, &lens);
                    rows = numbers.len();
                    ColumnValues::Numbers(numbers)
                };
                Column {
                    name: name.clone(),
                    values,
                }
            })
            .collect();
        (columns, rows)
    }
}

/// Moves each piece's values to follow the previous piece's (blank lines leave slots unused
/// at the end of a piece's share), then drops the unused tail.
fn close_up<T: Copy>(values: &mut Vec<T>, counts: &[usize], lens: &[usize]) {
    let (mut to, mut from) = (0, 0);
    for (&count, &len) in counts.iter().zip(lens) {
        if to != from {
            values.copy_within(from..from + len, to);
        }
        to += len;
        from += count;
    }
    values.truncate(to);
}

/// Rewrites each piece's codes, which index its own labels, to index the labels of all
/// pieces in order of first appearance in the file; returns those labels.
fn renumber<'a>(
    codes: &mut [u32],
    counts: &[usize],
    pieces: impl Iterator<Item = &'a Written>,
) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    let mut start = 0;
    for (piece, &count) in pieces.zip(counts) {
        let remap: Vec<u32> = piece
            .labels
            .iter()
            .map(|label| {
                *index.entry(label).or_insert_with(|| {
                    labels.push(label.clone());
                    labels.len() as u32 - 1
                })
            })
            .collect();
        for code in &mut codes[start..start + piece.len] {
            if *code != MISSING_CODE {
                *code = remap[*code as usize];
            }
        }
        start += count;
    }
    labels
}
