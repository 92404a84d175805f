//! The fixed-horizon A/B test on a conversion rate: the sample size per arm a two-sided
//! two-proportion z-test needs to detect a minimum effect (Fleiss' normal-approximation formula
//! without continuity correction), the pooled z-test itself (`statsmodels`'
//! `proportions_ztest`) and the Wald confidence interval of the difference
//! (`confint_proportions_2indep(method="wald")`).

use statrs::distribution::{ContinuousCDF, Normal};

use super::ztest::{z_pvalue, z_statistic};

/// Requests per arm for a two-sided test at level `alpha` with power `power` to detect a change
/// of `mde` (absolute, in rate units) from `baseline`:
/// `n = (z(1-a/2) sqrt(2 pbar qbar) + z(power) sqrt(p1 q1 + p2 q2))^2 / mde^2`, rounded up, with
/// `p2 = baseline + mde` and `pbar` their mean. `Err` says which input is out of range.
pub fn sample_size_per_arm(baseline: f64, mde: f64, alpha: f64, power: f64) -> Result<u64, String> {
    let p2 = baseline + mde;
    if !(baseline > 0.0 && baseline < 1.0) {
        return Err(format!(
            "baseline_rate must lie between 0 and 1, got {baseline}"
        ));
    }
    if !(mde > 0.0 && p2 < 1.0) {
        return Err(format!(
            "mde must be above 0 and baseline_rate + mde below 1, got {mde} (baseline {baseline})"
        ));
    }
    if !(alpha > 0.0 && alpha < 0.5) {
        return Err(format!("alpha must lie between 0 and 0.5, got {alpha}"));
    }
    if !(0.5..1.0).contains(&power) {
        return Err(format!(
            "power must be at least 0.5 and below 1, got {power}"
        ));
    }
    let z = Normal::standard();
    let (za, zb) = (z.inverse_cdf(1.0 - alpha / 2.0), z.inverse_cdf(power));
    let pbar = f64::midpoint(baseline, p2);
    let root = za * (2.0 * pbar * (1.0 - pbar)).sqrt()
        + zb * (baseline * (1.0 - baseline) + p2 * (1.0 - p2)).sqrt();
    Ok((root * root / (mde * mde)).ceil() as u64)
}

/// A look at the two arms: the observed rates, the pooled z-test and the confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// Control's observed conversion rate.
    pub control_rate: f64,
    /// Treatment's observed conversion rate.
    pub treatment_rate: f64,
    /// Treatment minus control.
    pub difference: f64,
    /// The pooled z statistic of the difference (positive: treatment ahead).
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Lower end of the `1 - alpha` Wald interval of the difference.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
}

/// Compares `x_t` conversions out of `n_t` (treatment) with `x_c` out of `n_c` (control);
/// `None` while an arm has no requests or no arm varies (every request converted, or none).
pub fn compare(x_c: u64, n_c: u64, x_t: u64, n_t: u64, alpha: f64) -> Option<Comparison> {
    if n_c == 0 || n_t == 0 {
        return None;
    }
    let (pc, pt) = (x_c as f64 / n_c as f64, x_t as f64 / n_t as f64);
    let pooled = (x_c + x_t) as f64 / (n_c + n_t) as f64;
    if pooled <= 0.0 || pooled >= 1.0 {
        return None;
    }
    let z = z_statistic(x_t, n_t, x_c, n_c);
    let se = (pc * (1.0 - pc) / n_c as f64 + pt * (1.0 - pt) / n_t as f64).sqrt();
    let q = Normal::standard().inverse_cdf(1.0 - alpha / 2.0);
    let d = pt - pc;
    Some(Comparison {
        control_rate: pc,
        treatment_rate: pt,
        difference: d,
        z,
        p_value: z_pvalue(z),
        ci_low: d - q * se,
        ci_high: d + q * se,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference figures computed from the same formulas with Python's statistics.NormalDist
    // (inv_cdf, cdf), independently of statrs. 10% -> 12% at alpha 0.05 and power 0.8 needs
    // 3,841 per arm: the textbook figure for this formula (Fleiss, Levin and Paik, Statistical
    // Methods for Rates and Proportions, without the continuity correction).
    #[test]
    fn sample_sizes_match_reference_figures() {
        assert_eq!(sample_size_per_arm(0.10, 0.02, 0.05, 0.8), Ok(3841)); // 3840.85
        assert_eq!(sample_size_per_arm(0.05, 0.01, 0.05, 0.8), Ok(8158)); // 8157.73
        assert_eq!(sample_size_per_arm(0.20, 0.05, 0.05, 0.9), Ok(1464)); // 1463.71
        assert_eq!(sample_size_per_arm(0.10, 0.02, 0.01, 0.8), Ok(5716)); // 5715.42
    }

    #[test]
    fn a_smaller_effect_or_a_stricter_test_needs_more_requests() {
        let base = sample_size_per_arm(0.10, 0.02, 0.05, 0.8).unwrap();
        assert!(sample_size_per_arm(0.10, 0.01, 0.05, 0.8).unwrap() > 3 * base);
        assert!(sample_size_per_arm(0.10, 0.02, 0.05, 0.9).unwrap() > base);
    }

    #[test]
    fn out_of_range_inputs_are_refused_with_the_reason() {
        assert!(
            sample_size_per_arm(0.0, 0.02, 0.05, 0.8)
                .unwrap_err()
                .contains("baseline_rate")
        );
        assert!(
            sample_size_per_arm(0.1, 0.0, 0.05, 0.8)
                .unwrap_err()
                .contains("mde")
        );
        assert!(
            sample_size_per_arm(0.9, 0.2, 0.05, 0.8)
                .unwrap_err()
                .contains("below 1")
        );
        assert!(
            sample_size_per_arm(0.1, 0.02, 0.7, 0.8)
                .unwrap_err()
                .contains("alpha")
        );
        assert!(
            sample_size_per_arm(0.1, 0.02, 0.05, 1.0)
                .unwrap_err()
                .contains("power")
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    // Reference values from the formulas evaluated with Python's statistics.NormalDist:
    // proportions_ztest (pooled) and the unpooled Wald interval of p_t - p_c.
    #[test]
    fn comparisons_match_reference_values() {
        let c = compare(100, 1000, 130, 1000, 0.05).unwrap();
        assert!(close(c.difference, 0.03));
        assert!(close(c.z, 2.102_740_605_622_114), "{c:?}");
        assert!(close(c.p_value, 0.035_488_450_466_474_75), "{c:?}");
        assert!(close(c.ci_low, 0.002_067_934_439_376_372_5), "{c:?}");
        assert!(close(c.ci_high, 0.057_932_065_560_623_62), "{c:?}");
        let c = compare(384, 3841, 400, 3841, 0.05).unwrap();
        assert!(close(c.p_value, 0.546_490_034_911_108_1), "{c:?}");
        assert!(c.ci_low < 0.0 && c.ci_high > 0.0);
        let c = compare(50, 500, 70, 480, 0.05).unwrap();
        assert!(close(c.z, 2.188_065_172_467_769_8), "{c:?}");
        assert!(close(c.ci_high, 0.086_923_100_278_689_46), "{c:?}");
    }

    #[test]
    fn no_comparison_without_requests_or_variation() {
        assert_eq!(compare(0, 0, 5, 50, 0.05), None);
        assert_eq!(compare(0, 40, 0, 50, 0.05), None);
    }
}
