//! Methods and thresholds chosen per type and per column (`--num-method`, `--cat-method`,
//! `--per-column` and their thresholds) against what Evidently's `DataDriftPreset` gives with
//! `num_stattest`, `cat_stattest`, `per_column_stattest` and their thresholds on the same files.
//! The figures come from `tests/fixtures/drift/typed.py`.
//!
//! Tolerances are DESIGN.md's: distances within 1e-9, p-values within 1e-6 absolute or 1e-3
//! relative.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/bin.rs"]
mod bin;

use bin::fixture;
use serde_json::Value;

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("drift").join("typed.json")).unwrap();
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

/// Evidently's `DataDriftPreset` options as `mlops-lab drift` flags.
fn flags(options: &Value) -> Vec<String> {
    let mut args = Vec::new();
    for (key, value) in options.as_object().unwrap() {
        let flag = match key.as_str() {
            "stattest" => "--method",
            "num_stattest" => "--num-method",
            "cat_stattest" => "--cat-method",
            "per_column_stattest" => "--per-column",
            "stattest_threshold" => "--threshold",
            "num_stattest_threshold" => "--num-threshold",
            "cat_stattest_threshold" => "--cat-threshold",
            "per_column_stattest_threshold" => "--per-column-threshold",
            other => panic!("no flag for Evidently option {other}"),
        };
        args.push(flag.to_string());
        args.push(match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Object(map) => map
                .iter()
                .map(|(col, v)| match v {
                    Value::String(s) => format!("{col}={s}"),
                    other => format!("{col}={other}"),
                })
                .collect::<Vec<_>>()
                .join(","),
            other => panic!("unexpected option value {other}"),
        });
    }
    args
}

fn close(p_value: bool, ours: f64, theirs: f64) -> bool {
    let d = (ours - theirs).abs();
    if p_value {
        d <= 1e-6 || d <= 1e-3 * theirs.abs()
    } else {
        d <= 1e-9 * theirs.abs().max(1.0)
    }
}

#[test]
fn per_type_and_per_column_choices_match_evidently() {
    let expected = expected();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut seen_flags = std::collections::BTreeSet::new();
    for (case, runs) in expected["cases"].as_object().unwrap() {
        let dir = fixture("drift").join(case);
        for run in runs.as_array().unwrap() {
            let args = flags(&run["options"]);
            seen_flags.extend(args.iter().filter(|a| a.starts_with("--")).cloned());
            let report = bin::json(
                bin::mlops()
                    .arg("drift")
                    .arg(dir.join("reference.csv"))
                    .arg(dir.join("current.csv"))
                    .args(["--format", "json"])
                    .args(&args),
            );
            let theirs = run["columns"].as_object().unwrap();
            let ours = report["columns"].as_array().unwrap();
            assert_eq!(ours.len(), theirs.len(), "{case} {args:?}");
            for col in ours {
                let name = col["name"].as_str().unwrap();
                let t = &theirs[name];
                let at = format!("{case} {} / {name}", args.join(" "));
                let method = col["method"].as_str().unwrap();
                let their_method = our_name(t["method_display"].as_str().unwrap());
                if method != their_method {
                    failures.push(format!("{at}: method {method} vs Evidently {their_method}"));
                    continue;
                }
                let (s, ts) = (col["score"].as_f64().unwrap(), t["score"].as_f64().unwrap());
                if !close(matches!(method, "ks" | "chisquare" | "z"), s, ts) {
                    failures.push(format!("{at}: score {s} vs Evidently {ts}"));
                }
                if col["threshold"].as_f64() != t["threshold"].as_f64() {
                    failures.push(format!(
                        "{at}: threshold {} vs Evidently {}",
                        col["threshold"], t["threshold"]
                    ));
                }
                if col["drifted"] != t["drifted"] {
                    failures.push(format!(
                        "{at}: drifted {} vs Evidently {}",
                        col["drifted"], t["drifted"]
                    ));
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
    assert!(checked >= 200, "only {checked} column results checked");
    for flag in [
        "--method",
        "--num-method",
        "--cat-method",
        "--per-column",
        "--threshold",
        "--num-threshold",
        "--cat-threshold",
        "--per-column-threshold",
    ] {
        assert!(seen_flags.contains(flag), "no fixture run uses {flag}");
    }
}

#[test]
fn every_method_of_each_type_is_covered() {
    let expected = expected();
    let mut num = std::collections::BTreeSet::new();
    let mut cat = std::collections::BTreeSet::new();
    for runs in expected["cases"].as_object().unwrap().values() {
        for run in runs.as_array().unwrap() {
            if let Some(m) = run["options"]["num_stattest"].as_str() {
                num.insert(m.to_string());
            }
            if let Some(m) = run["options"]["cat_stattest"].as_str() {
                cat.insert(m.to_string());
            }
        }
    }
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect();
    assert_eq!(
        num,
        names(&["jensenshannon", "kl_div", "ks", "psi", "wasserstein"])
    );
    assert_eq!(
        cat,
        names(&["chisquare", "jensenshannon", "kl_div", "psi", "z"])
    );
}

/// A random split of a table with many rare cities: categories appear only in the current half,
/// yet Evidently's Jensen-Shannon distance stays under its threshold. By default the report
/// agrees (no drift) and names the new categories; `--new-category-drift` makes them drift.
#[test]
fn new_categories_count_only_through_the_score_unless_asked() {
    let dir = fixture("drift").join("cities");
    let run = |extra: &[&str]| {
        bin::json(
            bin::mlops()
                .arg("drift")
                .arg(dir.join("reference.csv"))
                .arg(dir.join("current.csv"))
                .args(["--format", "json", "--columns", "city"])
                .args(extra),
        )
    };
    let expected = expected();
    let auto = &expected["cases"]["cities"].as_array().unwrap()[0]["columns"]["city"];
    assert_eq!(
        auto["drifted"], false,
        "the fixture's point: Evidently sees no drift"
    );
    let v = run(&[]);
    let city = &v["columns"][0];
    assert_eq!(city["drifted"], false);
    let count = city["new_category_count"].as_u64().unwrap();
    assert!(count > 20, "{count} new categories");
    let shown = city["new_categories"].as_array().unwrap();
    assert_eq!(shown.len(), 20, "at most 20 names");
    let v = run(&["--new-category-drift"]);
    assert_eq!(v["columns"][0]["drifted"], true);
    assert_eq!(v["dataset_drift"], true);
    let text = bin::stdout(
        bin::mlops()
            .arg("drift")
            .arg(dir.join("reference.csv"))
            .arg(dir.join("current.csv"))
            .args(["--columns", "city"]),
    );
    assert!(
        text.contains(&format!(
            "city: {count} categories appear only in the current data: 'city_"
        )) && text.contains(&format!(" and {} more", count - 20)),
        "{text}"
    );
}
