//! Wasserstein-1 distance between two samples (`scipy.stats.wasserstein_distance`) and
//! Evidently's normed version, divided by the reference's population SD floored at 0.001.

/// `scipy.stats.wasserstein_distance(a, b)` on ascending slices: the integral of
/// `|F_a - F_b|` between consecutive pooled values, in one merge.
///
/// The pooled values are walked one at a time rather than grouped by distinct value: between
/// two values the gap between the CDFs is constant, and a tie adds `gap * 0.0`, exactly
/// nothing, so the sum is bit for bit scipy's over distinct values, from a loop with no
/// branch to mispredict.
pub fn wasserstein_distance(a_sorted: &[f64], b_sorted: &[f64]) -> f64 {
    let (Some(&a0), Some(&b0)) = (a_sorted.first(), b_sorted.first()) else {
        return f64::NAN;
    };
    // |F_a - F_b| = |i*n2 - j*n1| / (n1*n2): the numerator is an exact integer, so each step
    // needs no division; one division at the end.
    let (n1, n2) = (a_sorted.len() as i64, b_sorted.len() as i64);
    let gap = |i: usize, j: usize| (i as i64 * n2 - j as i64 * n1).abs() as f64;
    let (mut i, mut j) = (0usize, 0usize);
    let (mut total, mut prev_v, mut prev_gap) = (0.0, a0.min(b0), 0.0);
    while let (Some(&x), Some(&y)) = (a_sorted.get(i), b_sorted.get(j)) {
        let take_a = x <= y;
        let v = if take_a { x } else { y };
        total += prev_gap * (v - prev_v);
        prev_v = v;
        i += usize::from(take_a);
        j += usize::from(!take_a);
        prev_gap = gap(i, j);
    }
    // One side is used up; the other's values continue the walk.
    for (k, &v) in a_sorted[i..].iter().enumerate() {
        total += prev_gap * (v - prev_v);
        prev_v = v;
        prev_gap = gap(i + k + 1, j);
    }
    for (k, &v) in b_sorted[j..].iter().enumerate() {
        total += prev_gap * (v - prev_v);
        prev_v = v;
        prev_gap = gap(i, j + k + 1);
    }
    total / (n1 * n2) as f64
}

/// Population standard deviation (`np.std`, ddof = 0), two-pass.
pub fn population_std(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt()
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

    /// The sum over distinct pooled values (scipy's form), as this crate computed it before
    /// the one-value-at-a-time walk.
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
    fn ties_leave_the_sum_bit_for_bit_as_over_distinct_values() {
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
                assert_eq!(
                    wasserstein_distance(x, y).to_bits(),
                    by_distinct_values(x, y).to_bits(),
                    "{n1} x {n2}, {levels} levels"
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
