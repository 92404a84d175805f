//! The pure formulas of explainability and fairness: permutation importance (a drop in AUC, or a
//! label-free mean change in the score, when one input's values are shuffled across rows),
//! the group metrics of Clarify and Fairlearn on predicted labels, and the NDCG that Clarify's
//! feature attribution drift monitor compares two attribution rankings with.

use ndarray::Array2;
use rand::Rng;
use rand::seq::SliceRandom;

use crate::world::training::metrics::roc_auc;

/// What a permutation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// Drop in ROC AUC against the labels (scikit-learn `permutation_importance` with
    /// `scoring="roc_auc"`).
    AucDrop,
    /// Mean absolute change of the predicted probability: needs no labels, so it can run on
    /// served requests whose outcomes have not arrived.
    MeanAbsChange,
}

/// Importance of each input group (a source column's outputs, shuffled together), averaged over
/// `repeats` seeded shuffles of the rows. `groups[g]` lists the columns of `x` of group g.
pub fn permutation_importance(
    predict: &dyn Fn(&Array2<f64>) -> Vec<f64>,
    x: &Array2<f64>,
    y: &[u8],
    groups: &[Vec<usize>],
    repeats: usize,
    score: Score,
    rng: &mut impl Rng,
) -> Vec<f64> {
    let base = predict(x);
    let base_auc = match score {
        Score::AucDrop => roc_auc(y, &base).unwrap_or(0.5),
        Score::MeanAbsChange => 0.0,
    };
    let n = x.nrows();
    groups
        .iter()
        .map(|cols| {
            let mut total = 0.0;
            for _ in 0..repeats {
                let mut order: Vec<usize> = (0..n).collect();
                order.shuffle(rng);
                let mut xp = x.clone();
                for &c in cols {
                    for (r, &from) in order.iter().enumerate() {
                        xp[(r, c)] = x[(from, c)];
                    }
                }
                let p = predict(&xp);
                total += match score {
                    Score::AucDrop => base_auc - roc_auc(y, &p).unwrap_or(0.5),
                    Score::MeanAbsChange => {
                        base.iter().zip(&p).map(|(a, b)| (a - b).abs()).sum::<f64>()
                            / n.max(1) as f64
                    }
                };
            }
            total / repeats.max(1) as f64
        })
        .collect()
}

/// Positive proportions of predicted labels per facet, and the two gaps between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupGap {
    /// Rows in facet a (everyone else).
    pub n_a: usize,
    /// Rows in facet d (the group studied).
    pub n_d: usize,
    /// Share of facet a predicted favourable (`q_a`).
    pub rate_a: f64,
    /// Share of facet d predicted favourable (`q_d`).
    pub rate_d: f64,
}

impl GroupGap {
    /// Clarify's DPPL, `q_a` - `q_d`; Fairlearn's `demographic_parity_difference` is its absolute
    /// value over two groups.
    pub fn dppl(&self) -> f64 {
        self.rate_a - self.rate_d
    }

    /// Clarify's disparate impact, `q_d` / `q_a` (Fairlearn's `demographic_parity_ratio` is the
    /// smaller over the larger rate); the four-fifths rule flags values below 0.8.
    pub fn disparate_impact(&self) -> f64 {
        if self.rate_a == 0.0 {
            1.0
        } else {
            self.rate_d / self.rate_a
        }
    }
}

/// Favourable-prediction shares of facet d (`in_d`) and facet a (the rest).
pub fn group_gap(favourable: &[bool], in_d: &[bool]) -> GroupGap {
    let count = |d: bool| {
        let rows = in_d.iter().zip(favourable).filter(|(g, _)| **g == d);
        let (n, fav) = rows.fold((0, 0), |(n, f), (_, ok)| (n + 1, f + usize::from(*ok)));
        (n, if n == 0 { 0.0 } else { fav as f64 / n as f64 })
    };
    let ((n_a, rate_a), (n_d, rate_d)) = (count(false), count(true));
    GroupGap {
        n_a,
        n_d,
        rate_a,
        rate_d,
    }
}

/// Indices of `values` from largest to smallest (ties keep their order).
pub fn ranking(values: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    idx
}

/// NDCG of the live ranking against the baseline attributions, as Clarify defines it:
/// DCG = sum of `F(x_i) / log2(i + 1)` over the features in live order (i from 1), with F the
/// baseline attribution, divided by the same sum in baseline order. 1 is the same ranking.
pub fn ndcg(baseline: &[f64], live: &[f64]) -> f64 {
    let dcg = |order: &[usize]| -> f64 {
        order
            .iter()
            .enumerate()
            .map(|(i, &f)| baseline[f].max(0.0) / ((i + 2) as f64).log2())
            .sum()
    };
    let ideal = dcg(&ranking(baseline));
    if ideal <= 0.0 {
        1.0
    } else {
        dcg(&ranking(live)) / ideal
    }
}
