//! Pearson's chi-square test (`scipy.stats.chisquare(f_obs, f_exp)`) and Evidently's use of
//! it: expected counts are the reference counts scaled to the current total.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Result of [`chisquare`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquareResult {
    /// `sum((obs - exp)^2 / exp)`; infinite when a category has observations but no
    /// expectation (a category only in the current data).
    pub statistic: f64,
    /// `P(chi2(k - 1) >= statistic)`; NaN with a single category (zero degrees of freedom),
    /// as scipy gives.
    pub pvalue: f64,
}

/// `scipy.stats.chisquare(f_obs, f_exp)` with `ddof = 0`: `k - 1` degrees of freedom.
pub fn chisquare(f_obs: &[f64], f_exp: &[f64]) -> ChiSquareResult {
    let statistic: f64 = f_obs
        .iter()
        .zip(f_exp)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum();
    ChiSquareResult {
        statistic,
        pvalue: chi2_sf(statistic, f_obs.len().saturating_sub(1)),
    }
}

/// Survival function of the chi-square distribution with `df` degrees of freedom.
pub fn chi2_sf(x: f64, df: usize) -> f64 {
    if x.is_nan() || df == 0 {
        return f64::NAN;
    }
    match ChiSquared::new(df as f64) {
        Ok(d) => d.sf(x),
        Err(_) => f64::NAN,
    }
}

/// Evidently's `_chi_stat_test` on aligned counts: one `(reference, current)` pair per value
/// present on either side. `f_exp = reference * (n_current / n_reference)`.
pub fn chisquare_counts(pairs: &[(u64, u64)]) -> ChiSquareResult {
    let n_ref: u64 = pairs.iter().map(|p| p.0).sum();
    let n_cur: u64 = pairs.iter().map(|p| p.1).sum();
    let k_norm = n_cur as f64 / n_ref as f64;
    let f_exp: Vec<f64> = pairs.iter().map(|p| p.0 as f64 * k_norm).collect();
    let f_obs: Vec<f64> = pairs.iter().map(|p| p.1 as f64).collect();
    chisquare(&f_obs, &f_exp)
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn textbook_value() {
        // scipy.stats.chisquare([16, 18, 16, 14, 12, 12]) -> (2.0, 0.84914503608460956)
        let r = chisquare(
            &[16.0, 18.0, 16.0, 14.0, 12.0, 12.0],
            &[14.666_666_666_666_666; 6],
        );
        assert!((r.statistic - 2.0).abs() < 1e-12);
        assert!((r.pvalue - 0.849_145_036_084_609_6).abs() < 1e-12);
    }

    #[test]
    fn new_category_gives_infinite_statistic_and_zero_p() {
        let r = chisquare_counts(&[(10, 5), (10, 5), (0, 3)]);
        assert!(r.statistic.is_infinite());
        assert_eq!(r.pvalue, 0.0);
    }

    #[test]
    fn single_category_has_nan_p() {
        assert!(chisquare_counts(&[(10, 7)]).pvalue.is_nan());
    }
}
