//! What a learner relies on: the group metrics and NDCG match their documented formulas, and
//! permutation importance finds the input a model uses.

use ndarray::Array2;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::metrics::{Score, group_gap, ndcg, permutation_importance};

#[test]
fn dppl_and_disparate_impact_follow_clarify() {
    // Facet a: 8 of 10 approved; facet d: 3 of 5 approved.
    let fav = [
        true, true, true, true, true, true, true, true, false, false, true, true, true, false,
        false,
    ];
    let in_d: Vec<bool> = (0..15).map(|i| i >= 10).collect();
    let g = group_gap(&fav, &in_d);
    assert_eq!((g.n_a, g.n_d), (10, 5));
    assert!((g.dppl() - 0.2).abs() < 1e-12);
    // 0.6 / 0.8 = 0.75: below the four-fifths rule.
    assert!((g.disparate_impact() - 0.75).abs() < 1e-12);
}

#[test]
fn ndcg_is_one_for_the_same_ranking_and_drops_when_the_top_moves() {
    let base = [0.5, 0.3, 0.1, 0.05];
    assert!((ndcg(&base, &[5.0, 3.0, 1.0, 0.5]) - 1.0).abs() < 1e-12);
    // Live ranks the least important first: DCG = 0.05/1 + 0.5/log2 3 + 0.3/2 + 0.1/log2 5.
    let dcg = 0.05 + 0.5 / 3f64.log2() + 0.3 / 2.0 + 0.1 / 5f64.log2();
    let ideal = 0.5 + 0.3 / 3f64.log2() + 0.1 / 2.0 + 0.05 / 5f64.log2();
    let got = ndcg(&base, &[0.4, 0.3, 0.2, 0.9]);
    assert!((got - dcg / ideal).abs() < 1e-12);
    assert!(got < 0.9);
}

#[test]
fn permutation_importance_ranks_the_used_input_first() {
    // The score reads column 0 only; column 1 is noise it ignores.
    let n = 400;
    let x = Array2::from_shape_fn((n, 2), |(r, c)| {
        if c == 0 {
            r as f64 / n as f64
        } else {
            ((r * 7) % 13) as f64
        }
    });
    let y: Vec<u8> = (0..n).map(|r| u8::from(r >= n / 2)).collect();
    let predict = |x: &Array2<f64>| x.column(0).to_vec();
    let groups = vec![vec![0], vec![1]];
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let auc = permutation_importance(&predict, &x, &y, &groups, 5, Score::AucDrop, &mut rng);
    assert!(auc[0] > 0.3, "{auc:?}");
    assert!(auc[1].abs() < 1e-12, "{auc:?}");
    let change = permutation_importance(
        &predict,
        &x,
        &[],
        &groups,
        5,
        Score::MeanAbsChange,
        &mut rng,
    );
    assert!(change[0] > 0.2 && change[1] == 0.0, "{change:?}");
}
