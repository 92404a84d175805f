//! Two-sample Kolmogorov-Smirnov test, two-sided, as `scipy.stats.ks_2samp(method="auto")`.
//!
//! The statistic comes from one merge of the two sorted samples. The p-value is exact
//! (lattice-path counting, scipy's `_attempt_exact_2kssamp`) when the larger sample has at most
//! 10,000 values, and otherwise scipy's "asymptotic" branch, which is the one-sample
//! distribution `kstwo.sf(D, round(n1*n2/(n1+n2)))` (see [`super::kolmogorov`]). When the exact
//! computation gives a value outside [0, 1], scipy falls back to the asymptotic branch; so do we.

use super::kolmogorov::kstwo_sf;
use super::sample::merge_steps;

/// scipy's `MAX_AUTO_N`: 'auto' is exact when both samples have at most this many values.
pub const MAX_EXACT_N: usize = 10_000;

/// Result of [`ks_2samp`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KsResult {
    /// The KS statistic D (for the exact path, scipy's rounded `h / lcm(n1, n2)`).
    pub statistic: f64,
    /// Two-sided p-value.
    pub pvalue: f64,
}

/// The raw statistic `max |F_a(x) - F_b(x)|` over every data value, computed with scipy's
/// float operations (`i/n1 - j/n2` at each value of the pooled sample).
pub fn ks_statistic(a_sorted: &[f64], b_sorted: &[f64]) -> f64 {
    let (n1, n2) = (a_sorted.len() as f64, b_sorted.len() as f64);
    let (mut max_s, mut min_s) = (f64::NEG_INFINITY, f64::INFINITY);
    merge_steps(a_sorted, b_sorted, |_, i, j| {
        let diff = i as f64 / n1 - j as f64 / n2;
        max_s = max_s.max(diff);
        min_s = min_s.min(diff);
    });
    let min_s = (-min_s).clamp(0.0, 1.0);
    if min_s > max_s { min_s } else { max_s }
}

/// Two-sided two-sample KS test on two ascending, finite, non-empty slices, matching
/// `scipy.stats.ks_2samp(a, b)` (method "auto"). Empty input gives NaN.
pub fn ks_2samp(a_sorted: &[f64], b_sorted: &[f64]) -> KsResult {
    let (n1, n2) = (a_sorted.len(), b_sorted.len());
    if n1 == 0 || n2 == 0 {
        return KsResult {
            statistic: f64::NAN,
            pvalue: f64::NAN,
        };
    }
    let d = ks_statistic(a_sorted, b_sorted);
    if n1.max(n2) <= MAX_EXACT_N {
        let (ok, d_exact, prob) = attempt_exact(n1 as u64, n2 as u64, d);
        if ok {
            return KsResult {
                statistic: d_exact,
                pvalue: prob.clamp(0.0, 1.0),
            };
        }
        // scipy keeps the rounded d when it falls back.
        return KsResult {
            statistic: d_exact,
            pvalue: asymptotic_pvalue(n1, n2, d_exact),
        };
    }
    KsResult {
        statistic: d,
        pvalue: asymptotic_pvalue(n1, n2, d),
    }
}

/// scipy's asymptotic two-sided branch: `kstwo.sf(d, round(m*n/(m+n)))`.
pub fn asymptotic_pvalue(n1: usize, n2: usize, d: f64) -> f64 {
    let (m, n) = (n1.max(n2) as f64, n1.min(n2) as f64);
    let en = m * n / (m + n);
    kstwo_sf(d, en.round_ties_even()).clamp(0.0, 1.0)
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// scipy's `_attempt_exact_2kssamp` for the two-sided alternative: `(success, d, prob)`.
fn attempt_exact(n1: u64, n2: u64, d: f64) -> (bool, f64, f64) {
    let g = gcd(n1, n2);
    let lcm = (n1 / g) * n2;
    let h = (d * lcm as f64).round_ties_even() as u64;
    let d = h as f64 / lcm as f64;
    if h == 0 {
        return (true, d, 1.0);
    }
    let prob = if n1 == n2 {
        prob_outside_square(n1, h)
    } else {
        outer_prob_inside_method(n1, n2, g, h)
    };
    ((0.0..=1.0).contains(&prob), d, prob)
}

/// scipy's `_compute_prob_outside_square(n, h)`: `P(D_{n,n} >= h/n)` by a Horner-like
/// evaluation of the alternating binomial series, avoiding its subtractive cancellation.
pub fn prob_outside_square(n: u64, h: u64) -> f64 {
    let (n, h) = (n as i64, h as i64);
    let mut p = 0.0;
    let mut k = n / h;
    loop {
        let mut p1 = 1.0;
        for j in 0..h {
            // The factor reaches zero (then goes negative) on the last k, as in scipy.
            p1 = ((n - k * h - j) as f64 * p1) / ((n + k * h + j + 1) as f64);
        }
        p = p1 * (1.0 - p);
        if k == 0 {
            break;
        }
        k -= 1;
    }
    2.0 * p
}

/// scipy's `_compute_outer_prob_inside_method(m, n, g, h)`: the proportion of lattice paths
/// from (0,0) to (m,n) that leave the band `|x/m - y/n| < h/lcm`, computed directly as
/// `1 - p` column by column over a sliding window (Hodges; Viehmann's recursion), so no huge
/// binomial coefficient is ever formed.
#[allow(
    clippy::many_single_char_names,
    reason = "names follow the scipy source"
)]
pub fn outer_prob_inside_method(m: u64, n: u64, g: u64, h: u64) -> f64 {
    let (m, n) = if m < n { (n, m) } else { (m, n) };
    let (m, n, g, h) = (m as i64, n as i64, g as i64, h as i64);
    let (mg, ng) = (m / g, n / g);
    let ceil_div = |a: i64, b: i64| -((-a).div_euclid(b));
    let mut minj: i64 = 0;
    let mut maxj: i64 = ceil_div(h, mg).min(n + 1);
    let mut curlen = maxj - minj;
    let len_a = (2 * maxj + 2).min(n + 1) as usize;
    let mut a = vec![1.0f64; len_a];
    for v in a.iter_mut().take(maxj as usize) {
        *v = 0.0;
    }
    for i in 1..=m {
        let (lastminj, lastlen) = (minj, curlen);
        minj = ((ng * i - h).div_euclid(mg) + 1).max(0).min(n);
        maxj = ceil_div(ng * i + h, mg).min(n + 1);
        if maxj <= minj {
            return 1.0;
        }
        let mut val = if minj == 0 { 0.0 } else { 1.0 };
        let fi = i as f64;
        for jj in 0..(maxj - minj) {
            let j = jj + minj;
            // Cells beyond the previous window are outside the band: their value is 1.
            let prev = a
                .get((jj + minj - lastminj) as usize)
                .copied()
                .unwrap_or(1.0);
            val = (prev * fi + val * j as f64) / (fi + j as f64);
            if let Some(slot) = a.get_mut(jj as usize) {
                *slot = val;
            }
        }
        curlen = maxj - minj;
        if lastlen > curlen {
            let start = (maxj - minj) as usize;
            let end = (start + (lastlen - curlen) as usize).min(a.len());
            for v in a.iter_mut().take(end).skip(start) {
                *v = 1.0;
            }
        }
    }
    a.get((maxj - minj - 1) as usize)
        .copied()
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn statistic_of_disjoint_samples_is_one() {
        let r = ks_2samp(&[1.0, 2.0, 3.0], &[4.0, 5.0]);
        assert_eq!(r.statistic, 1.0);
        // exact: 2 / C(5, 2) = 0.2
        assert!((r.pvalue - 0.2).abs() < 1e-12);
    }

    #[test]
    fn identical_samples_have_p_one() {
        let a = [1.0, 2.0, 2.0, 3.0];
        let r = ks_2samp(&a, &a);
        assert_eq!(r.statistic, 0.0);
        assert_eq!(r.pvalue, 1.0);
    }

    #[test]
    fn square_and_inside_methods_agree_on_equal_sizes() {
        for (n, h) in [(10, 3), (50, 7), (200, 40), (7, 7)] {
            let a = prob_outside_square(n, h);
            let b = outer_prob_inside_method(n, n, n, h);
            assert!((a - b).abs() < 1e-12, "n={n} h={h}: {a} vs {b}");
        }
    }

    #[test]
    fn empty_input_is_nan() {
        assert!(ks_2samp(&[], &[1.0]).pvalue.is_nan());
    }
}
