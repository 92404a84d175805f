//! Training-serving skew as TFDV measures it: L-infinity distance between normalised value
//! frequencies for categorical features, and Jensen-Shannon divergence (log base 2, so in [0, 1])
//! between histograms for numeric ones. Kept local and small on purpose: the full drift methods
//! live in `crate::stats`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::transform::OutputKind;

/// Histogram bins for the numeric comparison.
const BINS: usize = 20;

/// One feature's comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkewFeature {
    /// Output feature.
    pub feature: String,
    /// `l_infinity` or `jensen_shannon_divergence`.
    pub metric: String,
    /// The measured distance.
    pub value: f64,
    /// The threshold it was compared with.
    pub threshold: f64,
    /// True when `value > threshold`.
    pub anomaly: bool,
    /// TFDV anomaly type when flagged.
    pub anomaly_type: Option<String>,
}

/// The skew report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkewReport {
    /// Training rows compared.
    pub training_rows: usize,
    /// Serving rows compared.
    pub serving_rows: usize,
    /// Per feature, training order.
    pub features: Vec<SkewFeature>,
}

impl SkewReport {
    /// The flagged features.
    pub fn flagged(&self) -> Vec<&str> {
        self.features
            .iter()
            .filter(|f| f.anomaly)
            .map(|f| f.feature.as_str())
            .collect()
    }
}

/// Compares one feature's training and serving values (NaN ignored).
pub fn compare(
    feature: &str,
    kind: OutputKind,
    training: &[f64],
    serving: &[f64],
    threshold: f64,
) -> SkewFeature {
    let (metric, value, anomaly_type) = match kind {
        OutputKind::Categorical => (
            "l_infinity",
            l_infinity(training, serving),
            "COMPARATOR_L_INFTY_HIGH",
        ),
        OutputKind::Numeric => (
            "jensen_shannon_divergence",
            js_divergence(training, serving),
            "COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH",
        ),
    };
    let anomaly = value > threshold;
    SkewFeature {
        feature: feature.to_string(),
        metric: metric.to_string(),
        value,
        threshold,
        anomaly,
        anomaly_type: anomaly.then(|| anomaly_type.to_string()),
    }
}

fn frequencies(v: &[f64]) -> BTreeMap<u64, f64> {
    let mut m = BTreeMap::new();
    let mut n = 0.0;
    for x in v.iter().filter(|x| !x.is_nan()) {
        *m.entry(x.to_bits()).or_insert(0.0) += 1.0;
        n += 1.0;
    }
    for c in m.values_mut() {
        *c /= n;
    }
    m
}

/// Largest absolute difference between normalised value frequencies.
pub fn l_infinity(a: &[f64], b: &[f64]) -> f64 {
    let (fa, fb) = (frequencies(a), frequencies(b));
    fa.keys()
        .chain(fb.keys())
        .map(|k| (fa.get(k).unwrap_or(&0.0) - fb.get(k).unwrap_or(&0.0)).abs())
        .fold(0.0, f64::max)
}

/// Jensen-Shannon divergence (base 2) between equal-width histograms over the combined range.
// p, q, m, a, b are the textbook names.
#[allow(clippy::many_single_char_names)]
pub fn js_divergence(a: &[f64], b: &[f64]) -> f64 {
    let finite = |v: &[f64]| {
        v.iter()
            .copied()
            .filter(|x| x.is_finite())
            .collect::<Vec<_>>()
    };
    let (a, b) = (finite(a), finite(b));
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            0.0
        } else {
            1.0
        };
    }
    let lo = a.iter().chain(&b).copied().fold(f64::INFINITY, f64::min);
    let hi = a
        .iter()
        .chain(&b)
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let hist = |v: &[f64]| {
        let mut h = [0.0; BINS];
        for &x in v {
            let i = if hi > lo {
                (((x - lo) / (hi - lo)) * BINS as f64) as usize
            } else {
                0
            };
            h[i.min(BINS - 1)] += 1.0;
        }
        for c in &mut h {
            *c /= v.len() as f64;
        }
        h
    };
    let (p, q) = (hist(&a), hist(&b));
    let kl = |p: &[f64], m: &[f64]| -> f64 {
        p.iter()
            .zip(m)
            .filter(|(pi, _)| **pi > 0.0)
            .map(|(pi, mi)| pi * (pi / mi).log2())
            .sum()
    };
    let m: Vec<f64> = p.iter().zip(&q).map(|(x, y)| 0.5 * (x + y)).collect();
    0.5 * kl(&p, &m) + 0.5 * kl(&q, &m)
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn l_infinity_is_the_largest_frequency_gap() {
        let a = [0.0, 0.0, 1.0, 1.0];
        let b = [0.0, 1.0, 1.0, 1.0];
        assert!((l_infinity(&a, &b) - 0.25).abs() < 1e-12);
        assert_eq!(l_infinity(&a, &a), 0.0);
    }

    #[test]
    fn js_is_zero_for_same_and_one_for_disjoint() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        assert!(js_divergence(&a, &a).abs() < 1e-12);
        let far: Vec<f64> = (1000..1100).map(f64::from).collect();
        assert!((js_divergence(&a, &far) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn threshold_is_strict() {
        let f = compare("x", OutputKind::Categorical, &[0.0, 1.0], &[0.0, 0.0], 0.5);
        assert_eq!(f.value, 0.5);
        assert!(!f.anomaly);
        let f = compare("x", OutputKind::Categorical, &[0.0, 1.0], &[0.0, 0.0], 0.49);
        assert_eq!(f.anomaly_type.as_deref(), Some("COMPARATOR_L_INFTY_HIGH"));
    }
}
