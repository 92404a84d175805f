//! Population Stability Index as Evidently computes it: `sum((ref - cur) * ln(ref / cur))`
//! over its bins, after its zero-filling (see [`super::binning::fill_zeroes`]).

/// PSI of two vectors of bin proportions (already zero-filled, so no term divides by zero).
pub fn psi(reference_percents: &[f64], current_percents: &[f64]) -> f64 {
    reference_percents
        .iter()
        .zip(current_percents)
        .map(|(r, c)| (r - c) * (r / c).ln())
        .sum()
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn identical_is_zero_and_shift_is_positive() {
        assert_eq!(psi(&[0.2, 0.3, 0.5], &[0.2, 0.3, 0.5]), 0.0);
        let v = psi(&[0.5, 0.5], &[0.25, 0.75]);
        let expected = 0.25 * 2f64.ln() + (-0.25) * (0.5f64 / 0.75).ln();
        assert!((v - expected).abs() < 1e-15);
    }
}
