//! The one-sided Smirnov survival function `P(D_n^+ >= x)` (`scipy.special.smirnov`, from
//! scipy's `xsf/cephes/kolmogorov.h`), which `kstwo` uses for large deviations.

/// cephes `MINLOG` = log(2^-1075): `exp` of anything below underflows.
const CEPHES_MINLOG: f64 = -7.451_332_191_019_412e2;
/// cephes switches to an approximation above this many observations.
const SMIRNOV_MAX_COMPUTE_N: f64 = 1_000_000.0;

/// Exact `floor(n*x)` and the fractional part of `n*x`, using the error term of the product.
#[allow(
    clippy::float_cmp,
    reason = "exact equality is what the reference implementation tests"
)]
fn mod_nx(n: f64, x: f64) -> (i64, f64) {
    let hi = n * x;
    let lo = n.mul_add(x, -hi);
    let mut fl = hi.floor();
    if hi == fl && lo < 0.0 {
        fl -= 1.0;
    }
    let mut alpha = (hi - fl) + lo;
    let mut nxfl = fl as i64;
    if alpha >= 1.0 {
        nxfl += 1;
        alpha = 0.0;
    }
    (nxfl, alpha.max(0.0))
}

/// One-sided Smirnov survival function `P(D_n^+ >= x)` (`scipy.special.smirnov`), by the
/// Birnbaum-Tingey sum with every term formed in log space (the log binomial carried from term
/// to term with compensated summation), which
/// stands in for cephes' double-double arithmetic: all terms are positive, so there is no
/// cancellation to protect against. cephes switches to an equivalent "upper" sum for tiny `x`
/// (`x <= 0.5/sqrt(n)`), a region `kstwo` never sends here; the lower sum is used throughout.
#[allow(
    clippy::float_cmp,
    reason = "exact equality is what the reference implementation tests"
)]
pub fn smirnov_sf(n: u64, x: f64) -> f64 {
    if !(n > 0 && (0.0..=1.0).contains(&x)) {
        return f64::NAN;
    }
    let nf = n as f64;
    let ni = n as i64;
    if n == 1 {
        return 1.0 - x;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x == 1.0 {
        return 0.0;
    }
    let (nxfl, alpha) = mod_nx(nf, x);
    let mut n1mxfl = ni - nxfl - i64::from(alpha != 0.0);
    if alpha == 0.0 {
        n1mxfl -= 1;
    }
    if nxfl == 0 || (nxfl == 1 && alpha == 0.0) {
        let cdf = x * (1.0 + x).powf(nf - 1.0);
        return 1.0 - cdf;
    }
    if -2.0 * nf * x * x < CEPHES_MINLOG {
        return 0.0;
    }
    if nxfl >= ni - 1 {
        return (1.0 - x).powf(nf);
    }
    if nf > SMIRNOV_MAX_COMPUTE_N {
        let logp = -(6.0 * nf * x + 1.0).powi(2) / 18.0 / nf;
        return if logp < -std::f64::consts::LN_2 {
            logp.exp()
        } else {
            // cdf = -expm1(logp), sf = 1 - cdf
            1.0 + logp.exp_m1()
        };
    }
    let n_terms = n1mxfl + 1;
    let vmid = ni / 2;
    // ln C(n, j), updated by ln((n - j) / (j + 1)) per term; the compensation keeps the
    // rounding of up to n additions from accumulating.
    let (mut ln_binom, mut comp) = (0.0f64, 0.0f64);
    let mut sum = 0.0;
    for j in 0..n_terms {
        let jf = j as f64;
        // 1 - x - j/n and x + j/n, from the exact split of n*x to avoid cancellation.
        let t2x = (((ni - nxfl - j) as f64) - alpha) / nf;
        let t1x = (((nxfl + j) as f64) + alpha) / nf;
        let ln_term = ln_binom + (nf - jf) * t2x.ln() + (jf - 1.0) * t1x.ln();
        let term = ln_term.exp();
        if term.is_finite() && term != 0.0 {
            sum += term;
            if 4.0 * (n_terms - j) as f64 * term < f64::EPSILON * sum && j != n_terms - 1 {
                break;
            }
        } else if j > vmid {
            break;
        }
        // Kahan step: ln_binom += ln((n - j) / (j + 1)).
        let inc = ((nf - jf) / (jf + 1.0)).ln() - comp;
        let next = ln_binom + inc;
        comp = (next - ln_binom) - inc;
        ln_binom = next;
    }
    (x * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn smirnov_small_cases() {
        // P(D_2^+ >= 0.5) = (1 - 0.5)^2 ... computed by hand from Birnbaum-Tingey:
        // x * [ (1-x)^2 / x + 2 (1 - x - 1/2)^1 (x + 1/2)^0 ] = 0.25 + 0 = 0.25
        assert!((smirnov_sf(2, 0.5) - 0.25).abs() < 1e-15);
        assert!((smirnov_sf(1, 0.3) - 0.7).abs() < 1e-15);
    }

    #[test]
    fn large_n_uses_the_exponential_approximation() {
        // cephes: p ~ exp(-(6nx+1)^2 / 18n) above 10^6 observations.
        let (n, x) = (2_000_000u64, 0.001);
        let expected = (-(6.0 * 2e6 * x + 1.0f64).powi(2) / 18.0 / 2e6).exp();
        assert!((smirnov_sf(n, x) - expected).abs() < 1e-15);
    }
}
