//! Jensen-Shannon distance (`scipy.spatial.distance.jensenshannon`, natural log): the square
//! root of the mean KL divergence to the midpoint distribution. Range [0, sqrt(ln 2)].

/// `rel_entr(x, y)` = `x ln(x/y)`, 0 when x = 0, infinite when y = 0 < x.
pub(crate) fn rel_entr(x: f64, y: f64) -> f64 {
    if x > 0.0 && y > 0.0 {
        x * (x / y).ln()
    } else if x == 0.0 && y >= 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

/// `scipy.spatial.distance.jensenshannon(p, q)` with `base=None`: both vectors are normalised
/// to sum to 1 first.
#[allow(
    clippy::many_single_char_names,
    reason = "names follow the scipy source"
)]
pub fn jensenshannon(p: &[f64], q: &[f64]) -> f64 {
    let sp: f64 = p.iter().sum();
    let sq: f64 = q.iter().sum();
    let (mut left, mut right) = (0.0, 0.0);
    for (a, b) in p.iter().zip(q) {
        let (a, b) = (a / sp, b / sq);
        let m = f64::midpoint(a, b); // (a + b) / 2 for finite proportions
        left += rel_entr(a, m);
        right += rel_entr(b, m);
    }
    f64::midpoint(left, right).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disjoint_distributions_reach_sqrt_ln2() {
        let d = jensenshannon(&[1.0, 0.0], &[0.0, 1.0]);
        assert!((d - std::f64::consts::LN_2.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn scipy_doc_example() {
        // jensenshannon([1.0, 0.0, 0.0], [0.5, 0.5, 0.0]) with natural log = 0.46450140402245893
        let d = jensenshannon(&[1.0, 0.0, 0.0], &[0.5, 0.5, 0.0]);
        assert!((d - 0.464_501_404_022_458_9).abs() < 1e-12);
    }
}
