//! `mlops-lab drift` against the figures Evidently (`DataDriftPreset`) and scipy give for the same
//! CSV files. The files and `expected.json` come from `tests/fixtures/drift/generate.py`.
//!
//! Tolerances are DESIGN.md's: statistics and distances within 1e-9, p-values within 1e-6
//! absolute or 1e-3 relative.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/bin.rs"]
mod bin;

use bin::fixture;
use serde_json::Value;

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("drift").join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn our_name(display: &str) -> &'static str {
    match display {
        "K-S p_value" => "ks",
        "chi-square p_value" => "chisquare",
        "Z-test p_value" => "z",
        "Wasserstein distance (normed)" => "wasserstein",
        "Jensen-Shannon distance" => "jensenshannon",
        "PSI" => "psi",
        "Kullback-Leibler divergence" => "kl_div",
        other => panic!("unknown Evidently method {other}"),
    }
}

fn run(case: &str, method: &str, columns: &[&str]) -> Value {
    let dir = fixture("drift").join(case);
    bin::json(
        bin::mlops()
            .arg("drift")
            .arg(dir.join("reference.csv"))
            .arg(dir.join("current.csv"))
            .args([
                "--format",
                "json",
                "--method",
                method,
                "--columns",
                &columns.join(","),
            ]),
    )
}

fn close_p(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-6 || (ours - theirs).abs() <= 1e-3 * theirs.abs()
}

fn close_stat(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0)
}

#[test]
fn every_method_matches_evidently_on_every_fixture() {
    let expected = expected();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (case, body) in expected["cases"].as_object().unwrap() {
        for (method, columns) in body["methods"].as_object().unwrap() {
            let columns = columns.as_object().unwrap();
            if columns.is_empty() {
                continue;
            }
            let names: Vec<&str> = columns.keys().map(String::as_str).collect();
            let report = run(case, method, &names);
            for ours in report["columns"].as_array().unwrap() {
                let name = ours["name"].as_str().unwrap();
                let theirs = &columns[name];
                let where_ = format!("{case}/{method}/{name}");
                let our_method = ours["method"].as_str().unwrap();
                let their_method = our_name(theirs["method_display"].as_str().unwrap());
                if our_method != their_method {
                    failures.push(format!("{where_}: method {our_method} vs {their_method}"));
                    continue;
                }
                let (s, t) = (
                    ours["score"].as_f64().unwrap(),
                    theirs["score"].as_f64().unwrap(),
                );
                let p_value = matches!(our_method, "ks" | "chisquare" | "z");
                let ok = if p_value {
                    close_p(s, t)
                } else {
                    close_stat(s, t)
                };
                if !ok {
                    failures.push(format!("{where_}: score {s} vs Evidently {t}"));
                }
                assert_eq!(
                    ours["threshold"].as_f64(),
                    theirs["threshold"].as_f64(),
                    "{where_}"
                );
                // New categories weigh only through the score, as in Evidently.
                let want = theirs["drifted"].as_bool().unwrap();
                if ours["drifted"].as_bool().unwrap() != want {
                    failures.push(format!("{where_}: drifted {} vs {want}", ours["drifted"]));
                }
                checked += 1;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 60, "only {checked} column results checked");
}

#[test]
fn ks_statistic_and_p_value_match_scipy() {
    let expected = expected();
    let mut checked = 0;
    for (case, body) in expected["cases"].as_object().unwrap() {
        let scipy = body["scipy_ks"].as_object().unwrap();
        let names: Vec<&str> = scipy.keys().map(String::as_str).collect();
        let report = run(case, "ks", &names);
        for ours in report["columns"].as_array().unwrap() {
            let name = ours["name"].as_str().unwrap();
            let theirs = &scipy[name];
            let (d, td) = (
                ours["statistic"].as_f64().unwrap(),
                theirs["statistic"].as_f64().unwrap(),
            );
            let (p, tp) = (
                ours["score"].as_f64().unwrap(),
                theirs["pvalue"].as_f64().unwrap(),
            );
            assert!(close_stat(d, td), "{case}/{name}: D {d} vs scipy {td}");
            assert!(close_p(p, tp), "{case}/{name}: p {p} vs scipy {tp}");
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} KS results checked");
}

#[test]
fn fixtures_cover_the_cases_that_matter() {
    let e = expected();
    let auto =
        |case: &str, col: &str| e["cases"][case]["methods"]["auto"][col]["method_display"].clone();
    // The auto choice at the 1,000-row boundary counts values left after dropping missing ones.
    assert_eq!(auto("boundary", "x_1000"), "K-S p_value");
    assert_eq!(auto("boundary", "x_1003"), "Wasserstein distance (normed)");
    assert_eq!(auto("small", "num_binary"), "Z-test p_value");
    assert_eq!(auto("small", "num_three"), "chi-square p_value");
    assert_eq!(auto("large", "num_four"), "Jensen-Shannon distance");
}
