//! Wasserstein-1 distance between two samples (`scipy.stats.wasserstein_distance`) and
//! Evidently's normed version, divided by the reference's population SD floored at 0.001.

use super::sample::merge_steps;

/// `scipy.stats.wasserstein_distance(a, b)` on ascending slices: the integral of
/// `|F_a - F_b|` between consecutive pooled values, in one merge.
pub fn wasserstein_distance(a_sorted: &[f64], b_sorted: &[f64]) -> f64 {
    if a_sorted.is_empty() || b_sorted.is_empty() {
        return f64::NAN;
    }
    // |F_a - F_b| = |i*n2 - j*n1| / (n1*n2): the numerator is an exact integer, so each step
    // needs no division (the merge runs once per distinct value); one division at the end.
    let (n1, n2) = (a_sorted.len() as i64, b_sorted.len() as i64);
    let mut total = 0.0;
    let (mut prev_v, mut prev_gap) = (0.0, 0.0);
    merge_steps(a_sorted, b_sorted, |v, i, j| {
        // The first value's interval has zero width (prev_gap starts at 0).
        total += prev_gap * (v - prev_v);
        prev_v = v;
        prev_gap = (i as i64 * n2 - j as i64 * n1).abs() as f64;
    });
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

    #[test]
    fn constant_reference_uses_the_floor() {
        let w = wasserstein_normed(&[1.0, 1.0, 1.0], &[1.5, 1.5]);
        assert!((w - 500.0).abs() < 1e-9);
    }
}
