//! Invariants of the drift methods over random samples: ranges, no drift between identical
//! samples, symmetry where it holds, determinism.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mlops_lab::stats::{
    Method, NumericSample, Sample, jensenshannon, ks_2samp, n_unique, test_column,
    wasserstein_distance,
};
use proptest::prelude::*;

/// Small-integer-valued samples give ties and few unique values; scaled ones are continuous.
fn values() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        prop::collection::vec((0i32..6).prop_map(f64::from), 1..80),
        prop::collection::vec(-1e3f64..1e3, 1..300),
    ]
}

fn sample(v: &[f64]) -> Sample {
    Sample::Numerical(NumericSample::new(v.to_vec()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_in_range(a in values(), b in values()) {
        let (ra, rb) = (sample(&a), sample(&b));
        for m in Method::ALL {
            let out = test_column(m, &ra, &rb, m.default_threshold()).unwrap();
            if m.is_p_value() {
                let single_value = n_unique(&ra, &rb) == 1;
                if m == Method::ChiSquare && single_value {
                    prop_assert!(out.score.is_nan());
                } else {
                    prop_assert!((0.0..=1.0).contains(&out.score), "{m}: {}", out.score);
                }
            } else if m == Method::JensenShannon {
                prop_assert!(out.score >= 0.0 && out.score <= std::f64::consts::LN_2.sqrt() + 1e-12);
            } else {
                prop_assert!(out.score >= -1e-12, "{m}: {}", out.score);
            }
        }
    }

    #[test]
    fn identical_samples_never_drift(a in values()) {
        let s = sample(&a);
        for m in Method::ALL {
            let out = test_column(m, &s, &s, m.default_threshold()).unwrap();
            prop_assert!(!out.drifted, "{m}: {out:?}");
        }
    }

    #[test]
    fn ks_and_distances_are_symmetric(a in values(), b in values()) {
        let (sa, sb) = (NumericSample::new(a), NumericSample::new(b));
        let (x, y) = (ks_2samp(sa.sorted(), sb.sorted()), ks_2samp(sb.sorted(), sa.sorted()));
        prop_assert_eq!(x.statistic, y.statistic);
        prop_assert!((x.pvalue - y.pvalue).abs() < 1e-12);
        let (w1, w2) = (
            wasserstein_distance(sa.sorted(), sb.sorted()),
            wasserstein_distance(sb.sorted(), sa.sorted()),
        );
        prop_assert!((w1 - w2).abs() <= 1e-9 * w1.abs().max(1.0));
    }

    #[test]
    fn jensenshannon_is_symmetric_and_bounded(
        p in prop::collection::vec(0.0f64..10.0, 1..20),
        q in prop::collection::vec(0.0f64..10.0, 1..20),
    ) {
        let k = p.len().min(q.len());
        let (p, q) = (&p[..k], &q[..k]);
        prop_assume!(p.iter().sum::<f64>() > 0.0 && q.iter().sum::<f64>() > 0.0);
        let (d1, d2) = (jensenshannon(p, q), jensenshannon(q, p));
        prop_assert!((d1 - d2).abs() < 1e-12);
        prop_assert!((0.0..=std::f64::consts::LN_2.sqrt() + 1e-12).contains(&d1));
    }

    #[test]
    fn results_are_deterministic(a in values(), b in values()) {
        let (ra, rb) = (sample(&a), sample(&b));
        for m in Method::ALL {
            let x = test_column(m, &ra, &rb, 0.07).unwrap();
            let y = test_column(m, &sample(&a), &sample(&b), 0.07).unwrap();
            prop_assert_eq!(x.score.to_bits(), y.score.to_bits());
            prop_assert_eq!(x.drifted, y.drifted);
        }
    }
}
