//! Chart helpers for the World views: text bars for shares (traffic split, drift share) and the
//! bins of a histogram, numeric or categorical, with the missing values counted apart.

use crate::data::table::ColumnData;

/// A bar of `width` cells filled to `ratio` (0 to 1) with `█`, the rest `░`, so a share reads
/// without colour.
pub fn bar(ratio: f64, width: usize) -> String {
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let full = (ratio * width as f64).round() as usize;
    let mut s = "█".repeat(full.min(width));
    s.push_str(&"░".repeat(width - full.min(width)));
    s
}

/// A histogram: one `(label, count)` per bin, and the values that were missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    /// Bins in order: value ranges (numeric) or levels (categorical).
    pub bins: Vec<(String, u64)>,
    /// Missing values (NaN or the missing code).
    pub missing: usize,
}

/// Bins a column: `bins` equal-width ranges between its finite min and max, or one bin per level.
pub fn histogram(data: &ColumnData, bins: usize) -> Histogram {
    match data {
        ColumnData::Numeric(v) => numeric(v, bins.max(1)),
        ColumnData::Categorical { codes, levels } => {
            let mut counts = vec![0_u64; levels.len()];
            let mut missing = 0;
            for &c in codes {
                match counts.get_mut(c as usize) {
                    Some(n) => *n += 1,
                    None => missing += 1,
                }
            }
            Histogram {
                bins: levels.iter().cloned().zip(counts).collect(),
                missing,
            }
        }
    }
}

fn numeric(v: &[f64], bins: usize) -> Histogram {
    let finite = || v.iter().copied().filter(|x| x.is_finite());
    let missing = v.len() - finite().count();
    let (lo, hi) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    if lo > hi {
        return Histogram {
            bins: Vec::new(),
            missing,
        };
    }
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0_u64; bins];
    for x in finite() {
        let i = if width > 0.0 {
            (((x - lo) / width) as usize).min(bins - 1)
        } else {
            0
        };
        counts[i] += 1;
    }
    let bins = counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| (short(lo + width * i as f64), n))
        .collect();
    Histogram { bins, missing }
}

/// A bin's lower edge in at most five characters: `12.5`, `1.2k`, `-3`.
pub fn short(x: f64) -> String {
    let a = x.abs();
    let s = if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else if a >= 100.0 || x == x.trunc() {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    };
    s.replace(".0k", "k").replace(".0M", "M")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_to_the_share() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(0.0, 3), "░░░");
        assert_eq!(bar(1.5, 2), "██");
        assert_eq!(bar(f64::NAN, 2), "░░");
    }

    #[test]
    fn numeric_bins_count_every_value_once_and_missing_apart() {
        let h = histogram(
            &ColumnData::Numeric(vec![0.0, 1.0, 2.0, 3.0, 4.0, f64::NAN]),
            2,
        );
        assert_eq!(h.missing, 1);
        assert_eq!(h.bins.iter().map(|b| b.1).collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(h.bins[1].0, "2");
        let flat = histogram(&ColumnData::Numeric(vec![7.0, 7.0]), 5);
        assert_eq!(flat.bins[0].1, 2);
    }

    #[test]
    fn categorical_bins_are_levels() {
        let h = histogram(
            &ColumnData::Categorical {
                codes: vec![0, 1, 1, u32::MAX],
                levels: vec!["a".into(), "b".into()],
            },
            10,
        );
        assert_eq!(h.bins, vec![("a".into(), 1), ("b".into(), 2)]);
        assert_eq!(h.missing, 1);
    }

    #[test]
    fn edges_stay_short() {
        assert_eq!(short(52_000.0), "52k");
        assert_eq!(short(1_500.0), "1.5k");
        assert_eq!(short(0.126), "0.13");
        assert_eq!(short(-3.0), "-3");
    }
}
