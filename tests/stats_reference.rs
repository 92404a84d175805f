//! Agreement with the reference implementations: every case in
//! `tests/fixtures/stats/cases.json` was computed by scipy and Evidently
//! (`tests/fixtures/stats/generate.py`); the Rust methods must give the same statistics
//! (within 1e-9), p-values (within 1e-6 absolute or 1e-3 relative), verdicts and automatic
//! method choices.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mlops_lab::stats::{
    CategoryCounts, ColumnType, Method, NumericSample, Sample, auto_method, ks_2samp, n_unique,
    test_column,
};
use serde_json::Value;
use std::sync::OnceLock;

const CASES: &str = include_str!("fixtures/stats/cases.json");

fn cases() -> Vec<Value> {
    let root: Value = serde_json::from_str(CASES).expect("cases.json parses");
    root["cases"].as_array().expect("cases array").clone()
}

/// Every case with its samples built, once for all tests (the big cases take a while to
/// generate and sort in a debug build).
fn prepared() -> &'static [(Value, Sample, Sample, ColumnType)] {
    static PREPARED: OnceLock<Vec<(Value, Sample, Sample, ColumnType)>> = OnceLock::new();
    PREPARED.get_or_init(|| {
        cases()
            .into_iter()
            .map(|case| {
                let (r, c, t) = samples(&case);
                (case, r, c, t)
            })
            .collect()
    })
}

/// The generator's deterministic formula: `x_i = shift + scale * (k_i / m)`,
/// `k_i = (i*a + b) % m + (i*c + d) % m`.
fn formula(spec: &Value) -> Vec<f64> {
    let g = |k: &str| spec[k].as_u64().expect("integer parameter");
    let (n, a, b, c, d, m) = (g("n"), g("a"), g("b"), g("c"), g("d"), g("m"));
    let scale = spec["scale"].as_f64().expect("scale");
    let shift = spec["shift"].as_f64().expect("shift");
    (0..n)
        .map(|i| {
            let k = (i * a + b) % m + (i * c + d) % m;
            shift + scale * (k as f64 / m as f64)
        })
        .collect()
}

fn numbers(side: &Value) -> Vec<f64> {
    if let Some(spec) = side.get("formula") {
        return formula(spec);
    }
    side["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            v.as_str()
                .expect("numbers are strings")
                .parse::<f64>()
                .expect("float")
        })
        .collect()
}

fn labels(side: &Value) -> Vec<Option<String>> {
    side["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Category codes in sorted label order (Evidently's z-test sorts the keys).
fn categorical(reference: &[Option<String>], current: &[Option<String>]) -> (Sample, Sample) {
    let mut all: Vec<&String> = reference.iter().chain(current).flatten().collect();
    all.sort();
    all.dedup();
    let count = |side: &[Option<String>]| {
        let mut counts = vec![0u64; all.len()];
        for label in side.iter().flatten() {
            counts[all.binary_search(&label).expect("known label")] += 1;
        }
        Sample::Categorical(CategoryCounts::new(counts))
    };
    (count(reference), count(current))
}

fn samples(case: &Value) -> (Sample, Sample, ColumnType) {
    if case["column_type"] == "numerical" {
        let r = NumericSample::new(numbers(&case["reference"]));
        let c = NumericSample::new(numbers(&case["current"]));
        (
            Sample::Numerical(r),
            Sample::Numerical(c),
            ColumnType::Numerical,
        )
    } else {
        let (r, c) = categorical(&labels(&case["reference"]), &labels(&case["current"]));
        (r, c, ColumnType::Categorical)
    }
}

fn number(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().expect("nan/inf string"),
        other => other.as_f64().expect("number"),
    }
}

fn close(actual: f64, expected: f64, abs: f64, rel: f64) -> bool {
    if expected.is_nan() {
        return actual.is_nan();
    }
    if expected.is_infinite() {
        return actual == expected;
    }
    (actual - expected).abs() <= abs || (actual - expected).abs() <= rel * expected.abs()
}

fn p_close(actual: f64, expected: f64) -> bool {
    close(actual, expected, 1e-6, 1e-3)
}

fn stat_close(actual: f64, expected: f64) -> bool {
    close(actual, expected, 1e-9, 1e-9)
}

#[test]
fn fixture_file_has_the_required_cases() {
    let all = cases();
    assert!(all.len() >= 30, "only {} cases", all.len());
    let names: Vec<&str> = all.iter().map(|c| c["name"].as_str().unwrap()).collect();
    for needed in [
        "reference_1000_rows",
        "reference_1001_rows",
        "missing_values",
        "categorical_new_in_current",
        "binary_numeric",
        "constant_same",
        "identical_samples",
        "near_threshold_ks",
        "asymp_200k_pelz_good",
        "exact_10000_vs_9000",
    ] {
        assert!(names.contains(&needed), "missing case {needed}");
    }
}

#[test]
fn sample_sizes_and_unique_counts_match_pandas() {
    for (case, r, c, _) in prepared() {
        let name = case["name"].as_str().unwrap();
        assert_eq!(
            r.len() as u64,
            case["n_reference"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            c.len() as u64,
            case["n_current"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            n_unique(r, c) as u64,
            case["n_unique"].as_u64().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn ks_2samp_matches_scipy() {
    let mut checked = 0;
    for (case, r, c, _) in prepared() {
        let Some(expected) = case.get("scipy_ks") else {
            continue;
        };
        let name = case["name"].as_str().unwrap();
        let (Sample::Numerical(r), Sample::Numerical(c)) = (r, c) else {
            panic!("{name}: numerical case expected")
        };
        let got = ks_2samp(r.sorted(), c.sorted());
        let (d, p) = (number(&expected["statistic"]), number(&expected["pvalue"]));
        assert!(
            stat_close(got.statistic, d),
            "{name}: D {} vs scipy {d}",
            got.statistic
        );
        assert!(
            p_close(got.pvalue, p),
            "{name}: p {} vs scipy {p}",
            got.pvalue
        );
        checked += 1;
    }
    assert!(checked >= 20);
}

#[test]
fn every_method_matches_evidently() {
    let mut checked = 0;
    for (case, r, c, _) in prepared() {
        let name = case["name"].as_str().unwrap();
        for (method_name, expected) in case["methods"].as_object().unwrap() {
            let method: Method = method_name.parse().unwrap();
            let threshold = expected["threshold"].as_f64().unwrap();
            assert_eq!(threshold, method.default_threshold(), "{name} {method}");
            let got = test_column(method, r, c, threshold).unwrap();
            let score = number(&expected["score"]);
            let ok = if method.is_p_value() {
                p_close(got.score, score)
            } else {
                stat_close(got.score, score)
            };
            assert!(
                ok,
                "{name} {method}: score {} vs Evidently {score}",
                got.score
            );
            assert_eq!(
                got.drifted,
                expected["drifted"].as_bool().unwrap(),
                "{name} {method}"
            );
            if let Some(at_score) = expected.get("drifted_at_score") {
                assert_eq!(
                    method.drifted(score, score),
                    at_score.as_bool().unwrap(),
                    "{method}"
                );
            }
            if let Some(stat) = expected.get("statistic") {
                let s = got.statistic.expect("statistic reported");
                assert!(
                    stat_close(s, number(stat)),
                    "{name} {method}: statistic {s} vs {stat}"
                );
            } else {
                assert_eq!(got.statistic, None, "{name} {method}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 200, "{checked}");
}

#[test]
fn automatic_choice_matches_data_drift_preset() {
    for (case, r, c, column_type) in prepared() {
        let name = case["name"].as_str().unwrap();
        let expected = &case["auto"];
        let method = auto_method(*column_type, r.len(), n_unique(r, c));
        assert_eq!(
            method.name(),
            expected["method"].as_str().unwrap(),
            "{name}"
        );
        let got = test_column(method, r, c, method.default_threshold()).unwrap();
        assert_eq!(
            got.drifted,
            expected["drifted"].as_bool().unwrap(),
            "{name}"
        );
        let score = number(&expected["score"]);
        let ok = if method.is_p_value() {
            p_close(got.score, score)
        } else {
            stat_close(got.score, score)
        };
        assert!(ok, "{name}: auto {method} score {} vs {score}", got.score);
    }
}
