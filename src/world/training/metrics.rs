//! Classification metrics with scikit-learn's definitions: accuracy, precision, recall and F1 at
//! a 0.5 threshold (0 when undefined, as sklearn's default `zero_division`), ROC AUC as the
//! Mann-Whitney statistic with average ranks for ties, log loss with probabilities clipped to
//! `[eps, 1 - eps]` (eps = machine epsilon of f64, as sklearn), the confusion matrix and the ROC
//! curve with sklearn's `drop_intermediate`.

use serde::{Deserialize, Serialize};

/// Metrics of one model on one split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Share of correct predictions.
    pub accuracy: f64,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// ROC AUC; `None` when only one class is present (undefined, as sklearn raises).
    pub auc: Option<f64>,
    /// Mean negative log-likelihood.
    pub log_loss: f64,
    /// `[[TN, FP], [FN, TP]]` (sklearn's layout).
    pub confusion: [[usize; 2]; 2],
}

// Exact float comparisons below are intended: a zero denominator, and tied scores.
/// Computes every metric for labels `y` and positive-class probabilities `p`.
#[allow(clippy::float_cmp)]
pub fn evaluate(y: &[u8], p: &[f64]) -> Metrics {
    let confusion = confusion_matrix(y, p);
    let [[tn, fp], [fn_, tp]] = confusion;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Metrics {
        accuracy: ratio(tp + tn, y.len()),
        precision,
        recall,
        f1,
        auc: roc_auc(y, p),
        log_loss: log_loss(y, p),
        confusion,
    }
}

/// `[[TN, FP], [FN, TP]]` with predictions `p >= 0.5`.
pub fn confusion_matrix(y: &[u8], p: &[f64]) -> [[usize; 2]; 2] {
    let mut m = [[0; 2]; 2];
    for (&yi, &pi) in y.iter().zip(p) {
        m[usize::from(yi == 1)][usize::from(pi >= 0.5)] += 1;
    }
    m
}

/// ROC AUC by average ranks (ties count one half), or `None` with a single class.
#[allow(clippy::float_cmp)]
pub fn roc_auc(y: &[u8], p: &[f64]) -> Option<f64> {
    let n_pos: usize = y.iter().map(|&v| usize::from(v == 1)).sum();
    let n_neg = y.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut rank_sum_pos = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && p[order[j + 1]] == p[order[i]] {
            j += 1;
        }
        // Ranks i+1..=j+1 share their average.
        let avg = (i + j + 2) as f64 / 2.0;
        rank_sum_pos += avg * order[i..=j].iter().filter(|&&k| y[k] == 1).count() as f64;
        i = j + 1;
    }
    let u = rank_sum_pos - (n_pos * (n_pos + 1)) as f64 / 2.0;
    Some(u / (n_pos as f64 * n_neg as f64))
}

/// Mean log loss with clipping to `[eps, 1 - eps]`.
pub fn log_loss(y: &[u8], p: &[f64]) -> f64 {
    if y.is_empty() {
        return 0.0;
    }
    let eps = f64::EPSILON;
    let total: f64 = y
        .iter()
        .zip(p)
        .map(|(&yi, &pi)| {
            let q = pi.clamp(eps, 1.0 - eps);
            if yi == 1 { -q.ln() } else { -(1.0 - q).ln() }
        })
        .sum();
    total / y.len() as f64
}

/// ROC curve points `(fpr, tpr, threshold)` as `sklearn.metrics.roc_curve` with
/// `drop_intermediate=True`: one point per distinct score, collinear points dropped, and a first
/// point `(0, 0)` at threshold infinity.
#[allow(clippy::float_cmp)]
pub fn roc_curve(y: &[u8], p: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let (mut tps, mut fps, mut thr) = (Vec::new(), Vec::new(), Vec::new());
    let (mut tp, mut fp) = (0usize, 0usize);
    for (k, &i) in order.iter().enumerate() {
        if y[i] == 1 {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_score = order.get(k + 1).is_none_or(|&j| p[j] != p[i]);
        if last_of_score {
            tps.push(tp as f64);
            fps.push(fp as f64);
            thr.push(p[i]);
        }
    }
    let n = tps.len();
    let keep: Vec<usize> = (0..n)
        .filter(|&i| {
            i == 0
                || i == n - 1
                || fps[i + 1] - 2.0 * fps[i] + fps[i - 1] != 0.0
                || tps[i + 1] - 2.0 * tps[i] + tps[i - 1] != 0.0
        })
        .collect();
    let (tp_total, fp_total) = (
        tps.last().copied().unwrap_or(0.0),
        fps.last().copied().unwrap_or(0.0),
    );
    let rate = |v: f64, total: f64| if total > 0.0 { v / total } else { f64::NAN };
    std::iter::once((0.0, 0.0, f64::INFINITY))
        .chain(
            keep.iter()
                .map(|&i| (rate(fps[i], fp_total), rate(tps[i], tp_total), thr[i])),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_handles_ties_like_sklearn() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        assert_eq!(roc_auc(&[0, 0, 1, 1], &[0.1, 0.4, 0.35, 0.8]), Some(0.75));
        // All scores tied: 0.5.
        assert_eq!(roc_auc(&[0, 1, 0, 1], &[0.3; 4]), Some(0.5));
        // roc_auc_score([0, 1, 1, 0, 1], [0.2, 0.5, 0.5, 0.5, 0.9]) == 0.8333...
        let a = roc_auc(&[0, 1, 1, 0, 1], &[0.2, 0.5, 0.5, 0.5, 0.9]).unwrap();
        assert!((a - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(roc_auc(&[1, 1], &[0.2, 0.3]), None);
    }

    #[test]
    fn log_loss_clips_certain_mistakes() {
        let ll = log_loss(&[1], &[0.0]);
        assert!((ll - (-(f64::EPSILON).ln())).abs() < 1e-9);
        // sklearn.metrics.log_loss([0, 1], [0.25, 0.75]) == 0.2876820724517809
        assert!((log_loss(&[0, 1], &[0.25, 0.75]) - 0.287_682_072_451_780_9).abs() < 1e-12);
    }

    #[test]
    fn threshold_metrics_and_confusion_layout() {
        let m = evaluate(&[0, 0, 1, 1, 1], &[0.6, 0.1, 0.7, 0.4, 0.5]);
        assert_eq!(m.confusion, [[1, 1], [1, 2]]);
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.accuracy - 0.6).abs() < 1e-12);
        let none = evaluate(&[0, 1], &[0.1, 0.2]);
        assert_eq!((none.precision, none.f1), (0.0, 0.0));
    }

    #[test]
    fn roc_curve_matches_sklearn_example() {
        // sklearn docs: y = [1, 1, 2, 2] (pos 2), scores [0.1, 0.4, 0.35, 0.8]
        // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [inf, 0.8, 0.4, 0.35, 0.1]
        let c = roc_curve(&[0, 0, 1, 1], &[0.1, 0.4, 0.35, 0.8]);
        let fpr: Vec<f64> = c.iter().map(|p| p.0).collect();
        let tpr: Vec<f64> = c.iter().map(|p| p.1).collect();
        let thr: Vec<f64> = c.iter().map(|p| p.2).collect();
        assert_eq!(fpr, vec![0.0, 0.0, 0.5, 0.5, 1.0]);
        assert_eq!(tpr, vec![0.0, 0.5, 0.5, 1.0, 1.0]);
        assert_eq!(thr[1..], [0.8, 0.4, 0.35, 0.1]);
    }
}
