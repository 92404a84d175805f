//! `mlops-lab drift` as a user runs it: reports, options, and one clear line with exit code 2
//! for every kind of bad input.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::format_push_string)]

use std::path::{Path, PathBuf};

#[path = "support/bin.rs"]
mod bin;

use assert_cmd::Command;
use bin::mlops;
use predicates::prelude::*;
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn drift(reference: &Path, current: &Path) -> Command {
    let mut cmd = mlops();
    cmd.arg("drift").arg(reference).arg(current);
    cmd
}

/// Two columns, 40 rows: `x` shifts strongly, `c` keeps its mix.
fn pair(dir: &TempDir) -> (PathBuf, PathBuf) {
    let mut r = String::from("x,c\n");
    let mut c = String::from("x,c\n");
    for i in 0..40 {
        let label = ["a", "b", "c"][i % 3];
        r.push_str(&format!("{i},{label}\n"));
        c.push_str(&format!("{},{label}\n", i + 30));
    }
    (write(dir, "ref.csv", &r), write(dir, "cur.csv", &c))
}

fn json(cmd: &mut Command) -> serde_json::Value {
    bin::json(cmd.args(["--format", "json"]))
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    let v = json(&mut drift(&r, &c));
    assert_eq!(v["reference_rows"], 40);
    assert_eq!(v["current_rows"], 40);
    assert_eq!(v["share_threshold"], 0.5);
    let cols = v["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 2);
    let x = &cols[0];
    assert_eq!(x["name"], "x");
    assert_eq!(x["type"], "numerical");
    assert_eq!(x["method"], "ks");
    assert_eq!(x["threshold"], 0.05);
    assert_eq!(x["drifted"], true);
    assert!(x["statistic"].as_f64().unwrap() > 0.5);
    let cat = &cols[1];
    assert_eq!(cat["type"], "categorical");
    assert_eq!(cat["method"], "chisquare");
    assert_eq!(cat["drifted"], false);
    assert_eq!(v["drifted_columns"], serde_json::json!(["x"]));
    assert_eq!(v["drift_share"], 0.5);
    assert_eq!(v["dataset_drift"], true);
}

#[test]
fn text_report_explains_each_drifted_column() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    drift(&r, &c)
        .assert()
        .success()
        .stdout(predicate::str::contains("✗ yes"))
        .stdout(predicate::str::contains("✓ no"))
        .stdout(predicate::str::contains("x: KS p-value"))
        .stdout(predicate::str::contains("<= 0.0500"))
        .stdout(predicate::str::contains(
            "Dataset drift: YES (1 of 2 columns drifted",
        ));
}

#[test]
fn options_pick_method_threshold_columns_and_share() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    let v = json(
        drift(&r, &c)
            .args(["--method", "psi", "--threshold", "0.2", "--columns", "x"])
            .args(["--drift-share", "0.9"]),
    );
    let cols = v["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 1);
    assert_eq!(cols[0]["method"], "psi");
    assert_eq!(cols[0]["threshold"], 0.2);
    assert_eq!(v["share_threshold"], 0.9);
    assert_eq!(v["dataset_drift"], true, "1 of 1 drifted >= 0.9");
}

#[test]
fn categorical_flag_forces_numbers_to_categories() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    let v = json(drift(&r, &c).args(["--categorical", "x"]));
    let x = &v["columns"][0];
    assert_eq!(x["type"], "categorical");
    assert_eq!(x["method"], "chisquare");
    // Values 40..69 never occur in the reference: each is a new category; 20 are named.
    assert_eq!(x["new_category_count"], 30);
    assert_eq!(x["new_categories"].as_array().unwrap().len(), 20);
    assert_eq!(x["new_categories"][0], "40");
    // Chi-square's statistic is infinite for them (p = 0): drift through the score.
    assert_eq!(x["score"], 0.0);
    assert_eq!(x["drifted"], true);
}

#[test]
fn new_category_is_named_and_drifts_only_when_asked() {
    let dir = TempDir::new().unwrap();
    let mut r = String::from("c\n");
    let mut c = String::from("c\n");
    for i in 0..3000 {
        r.push_str(["a\n", "b\n"][i % 2]);
        c.push_str(if i == 0 {
            "zebra\n"
        } else {
            ["a\n", "b\n"][i % 2]
        });
    }
    let (r, c) = (write(&dir, "r.csv", &r), write(&dir, "c.csv", &c));
    let v = json(&mut drift(&r, &c));
    let col = &v["columns"][0];
    assert_eq!(col["method"], "jensenshannon");
    assert!(
        col["score"].as_f64().unwrap() < 0.1,
        "the score alone would not drift"
    );
    assert_eq!(col["new_categories"], serde_json::json!(["zebra"]));
    assert_eq!(col["new_category_count"], 1);
    assert_eq!(
        col["drifted"], false,
        "as in Evidently: only the score decides"
    );
    drift(&r, &c)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "c: 1 category appears only in the current data: 'zebra'",
        ))
        .stdout(predicate::str::contains("Dataset drift: no"));
    let v = json(drift(&r, &c).arg("--new-category-drift"));
    assert_eq!(v["columns"][0]["drifted"], true);
    drift(&r, &c)
        .arg("--new-category-drift")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "c: 1 category appears only in the current data: 'zebra' (--new-category-drift)",
        ));
}

#[test]
fn missing_values_and_infinities_are_dropped_and_counted() {
    let dir = TempDir::new().unwrap();
    let mut r = String::from("x\n");
    let mut c = String::from("x\n");
    for i in 0..50 {
        r.push_str(&format!("{i}\n"));
        c.push_str(&format!("{i}\n"));
    }
    r.push_str("\nNA\ninf\n-inf\nnan\n");
    c.push_str("null\n");
    let (r, c) = (write(&dir, "r.csv", &r), write(&dir, "c.csv", &c));
    let v = json(&mut drift(&r, &c));
    let x = &v["columns"][0];
    assert_eq!(x["n_reference"], 50);
    assert_eq!(
        x["missing_reference"], 4,
        "NA, inf, -inf, nan (a blank line is skipped)"
    );
    assert_eq!(x["missing_current"], 1);
    assert_eq!(x["score"], 1.0, "identical samples");
    assert_eq!(x["drifted"], false);
}

fn bad(cmd: &mut Command, message: &str) {
    cmd.assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with("mlops-lab: "))
        .stderr(predicate::str::contains(message))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn missing_file_is_named() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let nope = dir.path().join("nope.csv");
    bad(
        &mut drift(&r, &nope),
        "nope.csv: cannot read the file: no such file or folder; check the path",
    );
}

#[test]
fn empty_file_is_named() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let e = write(&dir, "empty.csv", "");
    bad(&mut drift(&r, &e), "empty.csv: the file is empty");
}

#[test]
fn headerless_file_is_named() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let h = write(&dir, "nohead.csv", "1,2\n3,4\n");
    bad(
        &mut drift(&h, &r),
        "nohead.csv: line 1: the first row has no column names",
    );
}

#[test]
fn ragged_row_names_line() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let g = write(&dir, "ragged.csv", "x,c\n1,a\n2,b\n3\n");
    bad(
        &mut drift(&r, &g),
        "ragged.csv: line 4: expected 2 fields as in the header, found 1",
    );
}

#[test]
fn column_in_one_file_only_is_named() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let o = write(&dir, "other.csv", "x,d\n1,a\n");
    bad(&mut drift(&r, &o), "column 'c' is in ");
    bad(&mut drift(&r, &o), "but not in ");
}

#[test]
fn unknown_column_option_is_named() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    bad(
        drift(&r, &c).args(["--columns", "x,zz"]),
        "column 'zz' (named in --columns) is not in",
    );
}

#[test]
fn column_empty_after_dropping_missing_is_named() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let m = write(&dir, "missing.csv", "x,c\n,a\nNA,b\n");
    bad(
        &mut drift(&r, &m),
        "column 'x': no values left in the current file",
    );
}

#[test]
fn text_in_a_numerical_column_names_line_and_column() {
    let dir = TempDir::new().unwrap();
    let (r, _) = pair(&dir);
    let t = write(&dir, "text.csv", "x,c\n1,a\n2,b\nabc,c\n");
    bad(
        &mut drift(&r, &t),
        "text.csv: line 4, column 'x': 'abc' is not a number, but the column is numerical in",
    );
}

#[test]
fn numeric_only_method_on_categories_is_refused() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    bad(drift(&r, &c).args(["--method", "ks"]), "column 'c'");
}

#[test]
fn bad_options_are_named() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir);
    bad(drift(&r, &c).args(["--method", "ttest"]), "--method: ");
    bad(
        drift(&r, &c).args(["--threshold", "-1"]),
        "--threshold -1: expected a number",
    );
    bad(
        drift(&r, &c).args(["--drift-share", "1.5"]),
        "--drift-share 1.5: expected a share",
    );
}
