//! Wasserstein-1 distance between two samples (`scipy.stats.wasserstein_distance`) and
//! Evidently's normed version, divided by the reference's population SD floored at 0.001.

use super::sum::{pairwise_sum, pairwise_sum_by};

/// `scipy.stats.wasserstein_distance(a, b)` on ascending slices.
///
/// scipy integrates `|F_a - F_b|` over the pooled values, which needs a merge of the two
/// samples: a comparison of values at every step, which the processor cannot predict. The
/// same integral taken over probability instead, `|Q_a(u) - Q_b(u)|` for `u` in 0 to 1 with
/// the quantile functions `Q`, walks the two slices at fixed rates: where the next step falls
/// depends only on the lengths, so the loads run ahead of the arithmetic. Both forms are the
/// area between the two step functions; they agree to rounding (tested against the merge and
/// scipy's figures within DESIGN's 1e-9).
pub fn wasserstein_distance(a_sorted: &[f64], b_sorted: &[f64]) -> f64 {
    let (n1, n2) = (a_sorted.len(), b_sorted.len());
    // Positions count in u64 up to n1 * n2 (beyond any sample that fits in memory).
    if n1 == 0 || n2 == 0 || (n1 as u64).checked_mul(n2 as u64).is_none() {
        return f64::NAN;
    }
    // Probability in units of 1 / (n1 * n2): a's k-th value holds (k*n2, (k+1)*n2], b's
    // k-th value (k*n1, (k+1)*n1]; each step covers up to the nearer of the two ends.
    let (mut i, mut j, mut at) = (0usize, 0usize, 0u64);
    let (mut end_a, mut end_b) = (n2 as u64, n1 as u64);
    let mut total = 0.0;
    while let (Some(&x), Some(&y)) = (a_sorted.get(i), b_sorted.get(j)) {
        let end = end_a.min(end_b);
        total += (end - at) as f64 * (x - y).abs();
        at = end;
        let (step_a, step_b) = (end_a == end, end_b == end);
        i += usize::from(step_a);
        j += usize::from(step_b);
        end_a += if step_a { n2 as u64 } else { 0 };
        end_b += if step_b { n1 as u64 } else { 0 };
    }
    total / (n1 as f64 * n2 as f64)
}

/// Population standard deviation (`np.std`, ddof = 0), two-pass with numpy's pairwise sums.
pub fn population_std(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = pairwise_sum(values) / n;
    (pairwise_sum_by(values, |v| (v - mean) * (v - mean)) / n).sqrt()
}

/// Evidently's `_wasserstein_distance_norm`: `W1(ref, cur) / max(std(ref), 0.001)`.
pub fn wasserstein_normed(reference_sorted: &[f64], current_sorted: &[f64]) -> f64 {
    let norm = population_std(reference_sorted).max(0.001);
    wasserstein_distance(reference_sorted, current_sorted) / norm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scipy_doc_example() {
        // wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
        assert!((wasserstein_distance(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]) - 5.0).abs() < 1e-12);
    }

    /// scipy's form: the sum over distinct pooled values, from a merge of the two samples.
    fn by_distinct_values(a: &[f64], b: &[f64]) -> f64 {
        let (n1, n2) = (a.len() as i64, b.len() as i64);
        let (mut total, mut prev_v, mut prev_gap) = (0.0, 0.0, 0.0);
        crate::stats::sample::merge_steps(a, b, |v, i, j| {
            total += prev_gap * (v - prev_v);
            prev_v = v;
            prev_gap = (i as i64 * n2 - j as i64 * n1).abs() as f64;
        });
        total / (n1 * n2) as f64
    }

    #[test]
    fn the_quantile_form_agrees_with_the_merge_over_pooled_values() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for (n1, n2, levels) in [
            (1, 1, 3),
            (50, 7, 4),
            (1_000, 1_300, 40),
            (5_000, 4_000, 100_000),
        ] {
            let mut draw = |n: usize| {
                let mut v: Vec<f64> = (0..n)
                    .map(|_| f64::from(rng.gen_range(0..levels)) * 0.37 - 3.0)
                    .collect();
                v.sort_unstable_by(f64::total_cmp);
                v
            };
            let (a, b) = (draw(n1), draw(n2));
            for (x, y) in [(&a, &b), (&b, &a), (&a, &a)] {
                let (ours, merged) = (wasserstein_distance(x, y), by_distinct_values(x, y));
                assert!(
                    (ours - merged).abs() <= 1e-12 * merged.max(1.0),
                    "{n1} x {n2}, {levels} levels: {ours} vs {merged}"
                );
            }
        }
    }

    #[test]
    fn constant_reference_uses_the_floor() {
        let w = wasserstein_normed(&[1.0, 1.0, 1.0], &[1.5, 1.5]);
        assert!((w - 500.0).abs() < 1e-9);
    }
}
