//! Sums as numpy takes them: pairwise summation (`np.add.reduce` on a contiguous array), so a
//! mean or a variance here rounds as pandas' and numpy's do, and eight running sums keep the
//! processor busy where one running sum would wait on each addition.

/// numpy's `PW_BLOCKSIZE`: below it, eight running sums; above it, split in two.
const BLOCK: usize = 128;

/// `np.sum(values)` for a contiguous float64 array.
pub fn pairwise_sum(values: &[f64]) -> f64 {
    pairwise_sum_by(values, |x| x)
}

/// `np.sum(f(values))`: the same summation over `f` of each value, without the array.
pub fn pairwise_sum_by(values: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
    let n = values.len();
    if n < 8 {
        // numpy starts from -0.0 so that a sum of negative zeros stays -0.0.
        return values.iter().fold(-0.0, |acc, &x| acc + f(x));
    }
    if n <= BLOCK {
        let mut r = [0.0f64; 8];
        for (slot, &x) in r.iter_mut().zip(values) {
            *slot = f(x);
        }
        let whole = n - n % 8;
        for block in values[8..whole].chunks_exact(8) {
            for (slot, &x) in r.iter_mut().zip(block) {
                *slot += f(x);
            }
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &x in &values[whole..] {
            res += f(x);
        }
        return res;
    }
    let half = n / 2;
    let half = half - half % 8;
    pairwise_sum_by(&values[..half], f) + pairwise_sum_by(&values[half..], f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_numpy_where_a_running_sum_does_not() {
        // numpy 2.4: np.sum(np.full(10_000, 0.1)) == 999.9999999999999, where a running sum
        // gives 1000.0000000001588.
        let tenths = vec![0.1; 10_000];
        assert_eq!(pairwise_sum(&tenths), 999.999_999_999_999_9);
        assert_eq!(tenths.iter().sum::<f64>(), 1_000.000_000_000_158_8);
        // np.sum(np.arange(1000) * 0.001) == 499.5 (pairwise, as numpy rounds it).
        let steps: Vec<f64> = (0..1000).map(|i| f64::from(i) * 0.001).collect();
        assert!((pairwise_sum(&steps) - 499.5).abs() < 1e-12);
        assert_eq!(pairwise_sum(&[]), 0.0);
        assert_eq!(pairwise_sum(&[2.5, -1.0]), 1.5);
        assert_eq!(pairwise_sum_by(&[1.0, 2.0, 3.0], |x| x * x), 14.0);
    }
}
