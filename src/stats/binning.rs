//! Evidently's `get_binned_data`, shared by Jensen-Shannon, PSI and KL: Sturges bins over the
//! pooled sample for numerical columns whose *reference* has more than 20 distinct values
//! (Evidently hard-codes 20; the `n_bins=30` argument is ignored), otherwise one bin per
//! distinct value; each side's proportions are divided by its own length; then, for PSI and
//! KL, empty bins are filled.

use super::sample::{CategoryCounts, NumericSample, Sample, merge_steps};

/// Evidently bins a numerical column by Sturges only when the reference has more distinct
/// values than this.
pub const STURGES_MIN_REFERENCE_UNIQUE: usize = 20;

/// Bin proportions of the reference and the current sample, aligned bin by bin.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Binned {
    /// Reference proportion per bin.
    pub reference: Vec<f64>,
    /// Current proportion per bin.
    pub current: Vec<f64>,
}

/// `np.histogram_bin_edges(pooled, bins="sturges")` for a pooled sample of `n` values whose
/// minimum and maximum are given: `ceil(range / (range / (log2 n + 1)))` equal bins, with
/// numpy's float operations and its `linspace`.
#[allow(
    clippy::float_cmp,
    reason = "exact equality is what the reference implementation tests"
)]
pub fn sturges_edges(min: f64, max: f64, n: usize) -> Vec<f64> {
    let (mut first, mut last) = (min, max);
    if first == last {
        first -= 0.5;
        last += 0.5;
    }
    let width = (max - min) / ((n as f64).log2() + 1.0);
    // numpy: `if width:` ... else one bin (a zero width only happens for a constant sample).
    let bins = if width == 0.0 {
        1
    } else {
        ((last - first) / width).ceil() as usize
    };
    linspace(first, last, bins + 1)
}

/// `np.linspace(start, stop, num)` with `endpoint=True` and `num >= 2`.
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let div = (num - 1) as f64;
    let delta = stop - start;
    let step = delta / div;
    let mut y: Vec<f64> = if step == 0.0 {
        (0..num).map(|i| i as f64 / div * delta + start).collect()
    } else {
        (0..num).map(|i| i as f64 * step + start).collect()
    };
    if let Some(last) = y.last_mut() {
        *last = stop;
    }
    y
}

/// `np.histogram(values, edges)[0]` on an ascending slice: bins are `[e_i, e_i+1)` except the
/// last, which is closed; values outside the edges are not counted.
pub fn histogram_sorted(sorted: &[f64], edges: &[f64]) -> Vec<u64> {
    let Some((&last, inner)) = edges.split_last() else {
        return Vec::new();
    };
    let mut cum: Vec<usize> = inner
        .iter()
        .map(|&e| sorted.partition_point(|&v| v < e))
        .collect();
    cum.push(sorted.partition_point(|&v| v <= last));
    cum.windows(2).map(|w| (w[1] - w[0]) as u64).collect()
}

/// Evidently's zero-filling: every 0 becomes `min(nonzero) / 10^6` when the smallest non-zero
/// proportion is at most 1e-4, else 1e-4.
pub fn fill_zeroes(percents: &mut [f64]) {
    let min_nonzero = percents
        .iter()
        .copied()
        .filter(|&p| p != 0.0)
        .fold(f64::INFINITY, f64::min);
    if !min_nonzero.is_finite() {
        return;
    }
    let fill = if min_nonzero <= 0.0001 {
        min_nonzero / 1_000_000.0
    } else {
        0.0001
    };
    for p in percents.iter_mut().filter(|p| **p == 0.0) {
        *p = fill;
    }
}

/// Aligned `(reference, current)` counts per distinct value of two numerical samples.
pub fn value_pairs(reference: &NumericSample, current: &NumericSample) -> Vec<(u64, u64)> {
    let mut pairs = Vec::new();
    let (mut last_i, mut last_j) = (0, 0);
    merge_steps(reference.sorted(), current.sorted(), |_, i, j| {
        pairs.push(((i - last_i) as u64, (j - last_j) as u64));
        (last_i, last_j) = (i, j);
    });
    pairs
}

/// Aligned `(reference, current)` counts per category code present on either side.
pub fn category_pairs(reference: &CategoryCounts, current: &CategoryCounts) -> Vec<(u64, u64)> {
    let len = reference.counts().len().max(current.counts().len());
    (0..len)
        .map(|i| (reference.count(i), current.count(i)))
        .filter(|p| p.0 + p.1 > 0)
        .collect()
}

/// Proportions from aligned counts, each side divided by its own total.
fn percents_from_pairs(pairs: &[(u64, u64)]) -> Binned {
    let n_ref = pairs.iter().map(|p| p.0).sum::<u64>() as f64;
    let n_cur = pairs.iter().map(|p| p.1).sum::<u64>() as f64;
    Binned {
        reference: pairs.iter().map(|p| p.0 as f64 / n_ref).collect(),
        current: pairs.iter().map(|p| p.1 as f64 / n_cur).collect(),
    }
}

/// Evidently's `get_binned_data(reference, current, feature_type, n, feel_zeroes)`.
/// Returns `None` when one sample is numerical and the other categorical.
pub fn binned(reference: &Sample, current: &Sample, fill: bool) -> Option<Binned> {
    let mut out = match (reference, current) {
        (Sample::Numerical(r), Sample::Numerical(c))
            if r.n_unique_up_to(STURGES_MIN_REFERENCE_UNIQUE + 1)
                > STURGES_MIN_REFERENCE_UNIQUE =>
        {
            let (rs, cs) = (r.sorted(), c.sorted());
            let min = rs.first()?.min(*cs.first()?);
            let max = rs.last()?.max(*cs.last()?);
            let edges = sturges_edges(min, max, rs.len() + cs.len());
            let (nr, nc) = (rs.len() as f64, cs.len() as f64);
            Binned {
                reference: histogram_sorted(rs, &edges)
                    .iter()
                    .map(|&k| k as f64 / nr)
                    .collect(),
                current: histogram_sorted(cs, &edges)
                    .iter()
                    .map(|&k| k as f64 / nc)
                    .collect(),
            }
        }
        (Sample::Numerical(r), Sample::Numerical(c)) => percents_from_pairs(&value_pairs(r, c)),
        (Sample::Categorical(r), Sample::Categorical(c)) => {
            percents_from_pairs(&category_pairs(r, c))
        }
        _ => return None,
    };
    if fill {
        fill_zeroes(&mut out.reference);
        fill_zeroes(&mut out.current);
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn sturges_matches_numpy() {
        // np.histogram_bin_edges(np.arange(100.0), bins="sturges") has 8 bins of width 99/8.
        let e = sturges_edges(0.0, 99.0, 100);
        assert_eq!(e.len(), 9);
        assert_eq!(e[0], 0.0);
        assert_eq!(e[8], 99.0);
        assert!((e[1] - 12.375).abs() < 1e-12);
    }

    #[test]
    fn histogram_last_bin_is_closed() {
        let counts = histogram_sorted(&[0.0, 1.0, 1.0, 2.0, 3.0], &[0.0, 1.0, 2.0, 3.0]);
        assert_eq!(counts, vec![1, 2, 2]);
        let outside = histogram_sorted(&[-1.0, 0.5, 9.0], &[0.0, 1.0]);
        assert_eq!(outside, vec![1]);
    }

    #[test]
    fn zero_filling_rule() {
        let mut p = vec![0.5, 0.0, 0.5];
        fill_zeroes(&mut p);
        assert_eq!(p[1], 0.0001);
        let mut q = vec![0.99995, 0.00005, 0.0];
        fill_zeroes(&mut q);
        assert_eq!(q[2], 0.00005 / 1e6);
    }
}
