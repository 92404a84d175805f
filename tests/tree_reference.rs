//! Agreement with scikit-learn: every case in `tests/fixtures/tree/cases.json` was grown by
//! `DecisionTreeClassifier` (`tests/fixtures/tree/generate.py`, versions in its
//! requirements.txt); the World's tree must grow the same nodes (feature, threshold bit for
//! bit, samples and positives per node, in scikit-learn's depth-first numbering) and give the
//! same `predict_proba` on held-out rows.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mlops_lab::world::training::tree::{Limits, Tree};
use serde_json::Value;

const CASES: &str = include_str!("fixtures/tree/cases.json");

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect()
}

fn columns(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (0..rows[0].len())
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect()
}

fn usize_of(v: &Value, key: &str) -> usize {
    v[key].as_u64().unwrap() as usize
}

#[test]
fn trees_match_scikit_learn_node_for_node() {
    let root: Value = serde_json::from_str(CASES).unwrap();
    let cases = root["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let mut deepest = 0;
    for case in cases {
        let data = &root["datasets"][case["dataset"].as_str().unwrap()];
        let x = matrix(&data["x"]);
        let y: Vec<u8> = data["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u8)
            .collect();
        let limits = Limits {
            max_depth: usize_of(case, "max_depth"),
            min_samples_split: usize_of(case, "min_samples_split"),
            min_samples_leaf: usize_of(case, "min_samples_leaf"),
        };
        let label = format!("{} {limits:?}", case["dataset"]);
        let tree = Tree::fit(&columns(&x), &y, limits);
        let expected = case["nodes"].as_array().unwrap();
        assert_eq!(tree.nodes().len(), expected.len(), "{label}: node count");
        for (i, (got, want)) in tree.nodes().iter().zip(expected).enumerate() {
            let want_tuple = (
                usize_of(want, "feature"),
                want["threshold"].as_f64().unwrap().to_bits(),
                usize_of(want, "left"),
                usize_of(want, "right"),
                usize_of(want, "samples"),
                usize_of(want, "positives"),
            );
            let got_tuple = (
                got.feature,
                got.threshold.to_bits(),
                got.left,
                got.right,
                got.samples,
                got.positives,
            );
            assert_eq!(got_tuple, want_tuple, "{label}: node {i}");
            deepest = deepest.max(got.depth);
        }
        for (row, want) in matrix(&data["x_test"])
            .iter()
            .zip(case["proba_test"].as_array().unwrap())
        {
            let p = tree.predict_proba_at_depth(|f| row[f], usize::MAX);
            assert!(
                (p - want.as_f64().unwrap()).abs() < 1e-12,
                "{label}: proba {p} vs {want}"
            );
        }
    }
    assert!(deepest >= 14, "the fixtures reach depth {deepest}");
}
