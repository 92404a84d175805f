//! Per-column drift tests and distances, faithful to Evidently (method choice, thresholds,
//! binning, zero-filling, comparison directions) and to scipy (the numbers).
//!
//! Entry points: build a [`Sample`] per side ([`NumericSample`] sorts once and drops NaN/±inf,
//! [`CategoryCounts`] holds counts per category code), pick a [`Method`] (or let
//! [`auto_method`] choose as Evidently does), then call [`test_column`]. The low-level
//! functions ([`ks_2samp`], [`chisquare`], [`z_test`], [`wasserstein_normed`],
//! [`jensenshannon`], [`psi`], [`kl_div`]) are pure functions over slices.
//!
//! Numerical samples with few distinct values are compared per exact value (chi-square, z, and
//! the binned distances below Evidently's 20-value rule), as Evidently's `value_counts` does.

pub mod abtest;
mod binning;
mod chisquare;
mod jensenshannon;
mod kl_div;
mod kolmogorov;
mod ks;
mod method;
mod psi;
mod sample;
mod smirnov;
mod sort;
mod sum;
mod wasserstein;
mod ztest;

pub use binning::{
    Binned, STURGES_MIN_REFERENCE_UNIQUE, binned, category_pairs, fill_zeroes, histogram_sorted,
    sturges_edges, value_pairs,
};
pub use chisquare::{ChiSquareResult, chi2_sf, chisquare, chisquare_counts};
pub use jensenshannon::jensenshannon;
pub use kl_div::kl_div;
pub use kolmogorov::kstwo_sf;
pub use ks::{
    KsResult, MAX_EXACT_N, asymptotic_pvalue, ks_2samp, ks_statistic, outer_prob_inside_method,
    prob_outside_square,
};
pub use method::{AUTO_UNIQUE_CAP, ColumnType, Method, UnknownMethod, auto_method};
pub use psi::psi;
pub use sample::{
    CategoryCounts, NumericSample, Sample, categories_only_in_current, n_unique, n_unique_up_to,
};
pub use smirnov::smirnov_sf;
pub use sum::{pairwise_sum, pairwise_sum_by};
pub use wasserstein::{population_std, wasserstein_distance, wasserstein_normed};
pub use ztest::{z_pvalue, z_statistic, z_test};

/// Why a column could not be tested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    /// The reference sample has no value left after dropping missing ones.
    #[error("the reference column is empty (no value left after dropping NaN and infinities)")]
    EmptyReference,
    /// The current sample has no value left after dropping missing ones.
    #[error("the current column is empty (no value left after dropping NaN and infinities)")]
    EmptyCurrent,
    /// `ks` or `wasserstein` asked for on categorical data.
    #[error("the {method} method needs numerical data, but the column is categorical")]
    NotNumerical {
        /// The method that was asked for.
        method: Method,
    },
    /// One sample is numerical and the other categorical.
    #[error(
        "the reference and current columns are not of the same type (numerical vs categorical)"
    )]
    MixedTypes,
}

/// The result of one column's drift test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Outcome {
    /// The method used.
    pub method: Method,
    /// The p-value (ks, chisquare, z) or the distance (the others).
    pub score: f64,
    /// The test statistic where the method has one: KS D, the chi-square statistic.
    pub statistic: Option<f64>,
    /// The threshold the score was compared with.
    pub threshold: f64,
    /// Evidently's verdict ([`Method::drifted`]).
    pub drifted: bool,
}

/// Runs `method` on one column, as Evidently's stat test of that name would, and compares the
/// score with `threshold` in Evidently's direction.
pub fn test_column(
    method: Method,
    reference: &Sample,
    current: &Sample,
    threshold: f64,
) -> Result<Outcome, StatsError> {
    if reference.is_empty() {
        return Err(StatsError::EmptyReference);
    }
    if current.is_empty() {
        return Err(StatsError::EmptyCurrent);
    }
    let (score, statistic) = match (method, reference, current) {
        (Method::Ks | Method::Wasserstein, Sample::Categorical(_), _)
        | (Method::Ks | Method::Wasserstein, _, Sample::Categorical(_)) => {
            if matches!(reference, Sample::Numerical(_)) || matches!(current, Sample::Numerical(_))
            {
                return Err(StatsError::MixedTypes);
            }
            return Err(StatsError::NotNumerical { method });
        }
        (_, Sample::Numerical(_), Sample::Categorical(_))
        | (_, Sample::Categorical(_), Sample::Numerical(_)) => return Err(StatsError::MixedTypes),
        (Method::Ks, Sample::Numerical(r), Sample::Numerical(c)) => {
            let res = ks_2samp(r.sorted(), c.sorted());
            (res.pvalue, Some(res.statistic))
        }
        (Method::Wasserstein, Sample::Numerical(r), Sample::Numerical(c)) => {
            (wasserstein_normed(r.sorted(), c.sorted()), None)
        }
        (Method::ChiSquare, ..) => {
            let res = chisquare_counts(&pairs(reference, current)?);
            (res.pvalue, Some(res.statistic))
        }
        (Method::Z, ..) => (z_test(&pairs(reference, current)?), None),
        (Method::JensenShannon, ..) => {
            let b = binned(reference, current, false).ok_or(StatsError::MixedTypes)?;
            (jensenshannon(&b.reference, &b.current), None)
        }
        (Method::Psi, ..) => {
            let b = binned(reference, current, true).ok_or(StatsError::MixedTypes)?;
            (psi(&b.reference, &b.current), None)
        }
        (Method::KlDiv, ..) => {
            let b = binned(reference, current, true).ok_or(StatsError::MixedTypes)?;
            (kl_div(&b.reference, &b.current), None)
        }
    };
    Ok(Outcome {
        method,
        score,
        statistic,
        threshold,
        drifted: method.drifted(score, threshold),
    })
}

/// Aligned per-value counts, the way Evidently's `value_counts` over the union of keys sees
/// the data.
fn pairs(reference: &Sample, current: &Sample) -> Result<Vec<(u64, u64)>, StatsError> {
    match (reference, current) {
        (Sample::Numerical(r), Sample::Numerical(c)) => Ok(value_pairs(r, c)),
        (Sample::Categorical(r), Sample::Categorical(c)) => Ok(category_pairs(r, c)),
        _ => Err(StatsError::MixedTypes),
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    fn num(v: &[f64]) -> Sample {
        Sample::Numerical(NumericSample::new(v.to_vec()))
    }

    fn cat(v: &[u64]) -> Sample {
        Sample::Categorical(CategoryCounts::new(v.to_vec()))
    }

    #[test]
    fn empty_samples_are_errors() {
        let some = num(&[1.0, 2.0]);
        let empty = num(&[f64::NAN, f64::INFINITY]);
        for m in Method::ALL {
            assert_eq!(
                test_column(m, &empty, &some, 0.1),
                Err(StatsError::EmptyReference)
            );
            assert_eq!(
                test_column(m, &some, &empty, 0.1),
                Err(StatsError::EmptyCurrent)
            );
        }
        assert_eq!(
            test_column(Method::Psi, &cat(&[0, 0]), &cat(&[1]), 0.1),
            Err(StatsError::EmptyReference)
        );
    }

    #[test]
    fn numerical_only_methods_reject_categories() {
        let c = cat(&[3, 4]);
        for m in [Method::Ks, Method::Wasserstein] {
            assert_eq!(
                test_column(m, &c, &c, 0.05),
                Err(StatsError::NotNumerical { method: m })
            );
        }
        let msg = StatsError::NotNumerical { method: Method::Ks }.to_string();
        assert!(msg.contains("ks") && msg.contains("numerical"));
        assert_eq!(
            test_column(Method::Ks, &num(&[1.0]), &c, 0.05),
            Err(StatsError::MixedTypes)
        );
        assert_eq!(
            test_column(Method::Psi, &c, &num(&[1.0]), 0.05),
            Err(StatsError::MixedTypes)
        );
    }

    #[test]
    fn z_test_with_one_constant_on_both_sides_is_p_one() {
        let a = num(&[7.0; 12]);
        let b = num(&[7.0; 30]);
        let out = test_column(Method::Z, &a, &b, 0.05).unwrap();
        assert_eq!(out.score, 1.0);
        assert!(!out.drifted);
        let out = test_column(Method::Z, &cat(&[0, 5]), &cat(&[0, 9, 0]), 0.05).unwrap();
        assert_eq!(out.score, 1.0);
    }

    #[test]
    fn constant_columns() {
        let a = num(&[3.0; 40]);
        // Same constant: nothing drifts; chi-square has zero degrees of freedom (NaN p, as scipy).
        for m in Method::ALL {
            let out = test_column(m, &a, &a, m.default_threshold()).unwrap();
            assert!(!out.drifted, "{m}");
        }
        assert!(
            test_column(Method::ChiSquare, &a, &a, 0.05)
                .unwrap()
                .score
                .is_nan()
        );
        // Different constants: every method sees drift; Wasserstein uses the 0.001 SD floor.
        let b = num(&[4.0; 40]);
        for m in Method::ALL {
            let out = test_column(m, &a, &b, m.default_threshold()).unwrap();
            assert!(out.drifted, "{m}: {out:?}");
        }
        let w = test_column(Method::Wasserstein, &a, &b, 0.1).unwrap();
        assert!((w.score - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn category_only_in_current_drifts_under_chisquare() {
        let out = test_column(
            Method::ChiSquare,
            &cat(&[50, 50, 0]),
            &cat(&[50, 48, 2]),
            0.05,
        );
        let out = out.unwrap();
        assert!(out.drifted);
        assert_eq!(out.statistic, Some(f64::INFINITY));
    }

    #[test]
    fn statistic_only_for_ks_and_chisquare() {
        let a = num(&[1.0, 2.0, 3.0, 4.0]);
        let b = num(&[2.0, 3.0, 5.0]);
        for m in Method::ALL {
            let out = test_column(m, &a, &b, m.default_threshold()).unwrap();
            assert_eq!(
                out.statistic.is_some(),
                matches!(m, Method::Ks | Method::ChiSquare)
            );
            assert_eq!(out.threshold, m.default_threshold());
        }
    }
}
