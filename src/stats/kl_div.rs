//! Kullback-Leibler divergence of the reference bins from the current bins, as
//! `scipy.stats.entropy(reference, current)` computes it (both normalised to sum to 1).

use super::jensenshannon::rel_entr;

/// `scipy.stats.entropy(p, q)` (natural log): `sum(p ln(p / q))` after normalising both.
pub fn kl_div(p: &[f64], q: &[f64]) -> f64 {
    let sp: f64 = p.iter().sum();
    let sq: f64 = q.iter().sum();
    p.iter().zip(q).map(|(a, b)| rel_entr(a / sp, b / sq)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scipy_doc_example() {
        // entropy([1/2, 1/2], [9/10, 1/10]) = 0.7369655941662062 bits = 0.5108256237659907 nats
        let d = kl_div(&[0.5, 0.5], &[0.9, 0.1]);
        assert!((d - 0.510_825_623_765_990_7).abs() < 1e-12);
    }

    #[test]
    fn normalises_its_inputs() {
        assert!(
            (kl_div(&[1.0, 1.0], &[9.0, 1.0]) - kl_div(&[0.5, 0.5], &[0.9, 0.1])).abs() < 1e-15
        );
    }
}
