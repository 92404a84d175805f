//! `NannyML`'s confidence-based performance estimation (CBPE) for a binary classifier: with
//! `yhat = phat > 0.5`, each row is correct with probability `1 - |yhat - phat|`, so expected
//! accuracy is the mean of that; ROC AUC is estimated by sweeping the threshold over the unique
//! `phat` values, counting `phat` as an expected true positive and `1 - phat` as an expected
//! false positive. Right when the model is calibrated and `P(y | x)` holds (covariate shift);
//! wrong under concept drift, which no label-free estimate can see. The monitor first calibrates
//! the scores on the labelled reference with isotonic regression (`calibration`), as `NannyML`
//! does, so a model whose raw probabilities are off still gets a fair estimate.

use serde::{Deserialize, Serialize};

use super::calibration::Isotonic;

/// A CBPE estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Expected accuracy.
    pub accuracy: f64,
    /// Expected ROC AUC (`None` when there is no expected positive or negative mass).
    pub auc: Option<f64>,
    /// Rows estimated.
    pub rows: usize,
}

/// Estimates accuracy and ROC AUC from predicted probabilities alone (non-finite ones skipped).
/// With a `calibration` fitted on labelled reference data, each row's chance of being positive
/// is the calibrated probability, while the prediction (`phat > 0.5`) and the ranking stay the
/// model's own, as `NannyML` does.
pub fn estimate(phat: &[f64], calibration: Option<&Isotonic>) -> Option<Estimate> {
    let mut p: Vec<(f64, f64)> = phat
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .map(|x| {
            let x = x.clamp(0.0, 1.0);
            (x, calibration.map_or(x, |c| c.apply(x).clamp(0.0, 1.0)))
        })
        .collect();
    if p.is_empty() {
        return None;
    }
    let n = p.len() as f64;
    let accuracy = p
        .iter()
        .map(|&(x, q)| if x > 0.5 { q } else { 1.0 - q })
        .sum::<f64>()
        / n;
    p.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos: f64 = p.iter().map(|x| x.1).sum();
    let neg = n - pos;
    let auc = (pos > 0.0 && neg > 0.0).then(|| {
        // Sweep thresholds from high to low; ties move together (one ROC point per unique phat).
        let (mut tp, mut fp, mut area, mut last_fpr, mut last_tpr) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let mut i = 0;
        while i < p.len() {
            let t = p[i].0;
            while i < p.len() && p[i].0.total_cmp(&t).is_eq() {
                tp += p[i].1;
                fp += 1.0 - p[i].1;
                i += 1;
            }
            let (fpr, tpr) = (fp / neg, tp / pos);
            area += (fpr - last_fpr) * (tpr + last_tpr) / 2.0;
            (last_fpr, last_tpr) = (fpr, tpr);
        }
        area
    });
    Some(Estimate {
        accuracy,
        auc,
        rows: p.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::training::metrics::roc_auc;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn matches_realised_metrics_when_calibrated() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let p: Vec<f64> = (0..40_000).map(|_| rng.r#gen::<f64>().powi(2)).collect();
        let y: Vec<u8> = p
            .iter()
            .map(|&x| u8::from(rng.r#gen::<f64>() < x))
            .collect();
        let est = estimate(&p, None).unwrap();
        let acc = p
            .iter()
            .zip(&y)
            .filter(|(x, y)| u8::from(**x > 0.5) == **y)
            .count() as f64
            / p.len() as f64;
        assert!(
            (est.accuracy - acc).abs() < 0.01,
            "{} vs {acc}",
            est.accuracy
        );
        let auc = roc_auc(&y, &p).unwrap();
        assert!(
            (est.auc.unwrap() - auc).abs() < 0.01,
            "{:?} vs {auc}",
            est.auc
        );
    }

    #[test]
    fn never_below_one_half_and_handles_edges() {
        let e = estimate(&[0.5, 0.2, 0.9, f64::NAN], None).unwrap();
        assert_eq!(e.rows, 3);
        assert!(e.accuracy >= 0.5);
        assert!(estimate(&[f64::NAN], None).is_none());
        assert_eq!(estimate(&[0.0, 0.0], None).unwrap().auc, None);
    }

    #[test]
    fn calibration_corrects_overconfident_scores() {
        // The model says 0.9 where the truth is 0.6: raw CBPE expects 90% right, the calibrated
        // one the true 60%.
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let p = vec![0.9; 20_000];
        let y: Vec<u8> = p
            .iter()
            .map(|_| u8::from(rng.r#gen::<f64>() < 0.6))
            .collect();
        let mut scores = p.clone();
        scores.push(0.1);
        let mut labels = y.clone();
        labels.push(0);
        let iso = Isotonic::fit(&scores, &labels).unwrap();
        assert!((estimate(&p, None).unwrap().accuracy - 0.9).abs() < 1e-9);
        let calibrated = estimate(&p, Some(&iso)).unwrap().accuracy;
        assert!((calibrated - 0.6).abs() < 0.01, "{calibrated}");
    }
}
