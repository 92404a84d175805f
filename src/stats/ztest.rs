//! Evidently's two-proportion z-test: the share of values that are not the first sorted value,
//! reference against current, with a pooled proportion and `p = 2 (1 - Phi(|z|))`.

use statrs::distribution::{ContinuousCDF, Normal};

/// The z statistic (`proportions_diff_z_stat_ind`): `other_*` counts the values that are not
/// the first sorted key, `n_*` the sample sizes.
pub fn z_statistic(other_ref: u64, n_ref: u64, other_cur: u64, n_cur: u64) -> f64 {
    let (n1, n2) = (n_ref as f64, n_cur as f64);
    let p1 = other_ref as f64 / n1;
    let p2 = other_cur as f64 / n2;
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    (p1 - p2) / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt()
}

/// Two-sided p-value of a z statistic, written as Evidently writes it, `2 * (1 - cdf(|z|))`
/// (so it underflows to 0 beyond |z| of about 8.3, exactly as there).
pub fn z_pvalue(z: f64) -> f64 {
    let phi = Normal::standard().cdf(z.abs());
    2.0 * (1.0 - phi)
}

/// Evidently's `_z_stat_test` on aligned counts, one `(reference, current)` pair per value in
/// ascending order of the values. When both sides hold one and the same single value, p = 1.
pub fn z_test(pairs: &[(u64, u64)]) -> f64 {
    let present: Vec<&(u64, u64)> = pairs.iter().filter(|p| p.0 + p.1 > 0).collect();
    let Some(first) = present.first() else {
        return f64::NAN;
    };
    let ref_values = present.iter().filter(|p| p.0 > 0).count();
    let cur_values = present.iter().filter(|p| p.1 > 0).count();
    if ref_values == 1 && cur_values == 1 && first.0 > 0 && first.1 > 0 {
        return 1.0;
    }
    let n_ref: u64 = present.iter().map(|p| p.0).sum();
    let n_cur: u64 = present.iter().map(|p| p.1).sum();
    z_pvalue(z_statistic(n_ref - first.0, n_ref, n_cur - first.1, n_cur))
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn one_constant_on_both_sides_is_p_one() {
        assert_eq!(z_test(&[(40, 25)]), 1.0);
        assert_eq!(z_test(&[(0, 0), (40, 25), (0, 0)]), 1.0);
    }

    #[test]
    fn equal_proportions_give_p_one() {
        let p = z_test(&[(30, 60), (70, 140)]);
        assert!((p - 1.0).abs() < 1e-12);
    }

    #[test]
    fn known_value() {
        // p1 = 0.3 (n=100), p2 = 0.5 (n=100): pooled 0.4, z = -0.2/sqrt(0.24*0.02) = -2.8868
        let z = z_statistic(30, 100, 50, 100);
        assert!((z + 2.886_751_345_948_128_6).abs() < 1e-12);
        assert!((z_pvalue(z) - 0.003_892_417_122_778_637).abs() < 1e-9);
    }
}
