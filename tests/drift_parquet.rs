//! `mlops-lab drift` on Parquet files: the same results as on the CSV pandas writes from the same
//! data, refusals that name the column, and one clear error for a damaged file. The fixtures
//! come from `tests/fixtures/drift/parquet/make_parquet.py` (pandas + pyarrow).

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/bin.rs"]
mod bin;

use std::path::{Path, PathBuf};

use bin::fixture;
use serde_json::Value;

fn pair(case: &str, ext: &str) -> (PathBuf, PathBuf) {
    let dir = fixture("drift/parquet").join(case);
    (
        dir.join(format!("reference.{ext}")),
        dir.join(format!("current.{ext}")),
    )
}

fn report(reference: &Path, current: &Path, extra: &[&str]) -> Value {
    bin::json(
        bin::mlops()
            .arg("drift")
            .arg(reference)
            .arg(current)
            .args(["--format", "json"])
            .args(extra),
    )
}

/// Parquet and CSV give exactly the same JSON (scores compared bit for bit).
fn assert_same(case: &str, csv: &(PathBuf, PathBuf), extra: &[&str]) {
    let (pr, pc) = pair(case, "parquet");
    let from_csv = report(&csv.0, &csv.1, extra);
    let from_parquet = report(&pr, &pc, extra);
    assert!(
        from_csv["columns"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{from_csv}"
    );
    assert_eq!(from_csv, from_parquet, "{case} {extra:?}");
}

#[test]
fn every_column_kind_gives_the_csv_results() {
    // int64, int32, uint8, nullable ints with nulls, doubles with nulls, strings with nulls, a
    // dictionary with a new category, booleans; dictionary and plain pages, 3 row groups.
    assert_same("typed", &pair("typed", "csv"), &[]);
    let all = report(
        &pair("typed", "parquet").0,
        &pair("typed", "parquet").1,
        &[],
    );
    let kinds: Vec<(&str, &str)> = all["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("x", "numerical"),
            ("ints", "numerical"),
            ("small_ints", "numerical"),
            ("bytes_u8", "numerical"),
            ("nullable", "numerical"),
            ("label", "categorical"),
            ("city", "categorical"),
            ("flag", "categorical"),
        ]
    );
    let nullable = &all["columns"][4];
    assert!(nullable["missing_reference"].as_u64().unwrap() > 0);
    assert_eq!(all["columns"][6]["new_categories"][0], "city_new");
}

#[test]
fn an_evidently_fixture_converted_to_parquet_gives_the_csv_results() {
    // Reference snappy, current zstd.
    let dir = fixture("drift/small");
    let csv = (dir.join("reference.csv"), dir.join("current.csv"));
    assert_same("small", &csv, &[]);
    assert_same("small", &csv, &["--method", "psi"]);
}

#[test]
fn options_read_the_same_columns_the_same_way() {
    assert_same("typed", &pair("typed", "csv"), &["--columns", "x,flag"]);
    // Numbers as categories: labels as pandas writes them to CSV (`3`, `1.2436...`).
    assert_same(
        "typed",
        &pair("typed", "csv"),
        &[
            "--categorical",
            "small_ints,x",
            "--columns",
            "small_ints,x,city",
        ],
    );
    assert_same(
        "typed",
        &pair("typed", "csv"),
        &["--num-method", "ks", "--per-column", "flag=chisquare"],
    );
}

fn refused(args: &[&std::ffi::OsStr]) -> String {
    let (out, err, code) = bin::output(bin::mlops().arg("drift").args(args));
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn nested_and_date_columns_are_refused_by_name_unless_left_out() {
    let nested = fixture("drift/parquet/nested.parquet");
    let err = refused(&[nested.as_os_str(), nested.as_os_str()]);
    assert!(err.contains("column 'tags': a nested column"), "{err}");
    let dates = fixture("drift/parquet/dates.parquet");
    let err = refused(&[dates.as_os_str(), dates.as_os_str()]);
    assert!(err.contains("column 'when': its type (timestamp)"), "{err}");
    let gzip = fixture("drift/parquet/gzip.parquet");
    let err = refused(&[gzip.as_os_str(), gzip.as_os_str()]);
    assert!(
        err.contains("column 'x': its pages are gzip-compressed"),
        "{err}"
    );
    // Only the columns asked for are read: the others are never decoded.
    for file in [&nested, &dates] {
        let r = report(file, file, &["--columns", "x"]);
        assert_eq!(r["columns"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn the_two_files_must_be_one_format() {
    let (csv, _) = pair("typed", "csv");
    let (_, parquet) = pair("typed", "parquet");
    let err = refused(&[csv.as_os_str(), parquet.as_os_str()]);
    assert!(err.contains("is CSV and"), "{err}");
    assert!(err.contains("--input-format"), "{err}");
    // Named as CSV, a Parquet file says what it is.
    let err = refused(&[
        parquet.as_os_str(),
        parquet.as_os_str(),
        "--input-format".as_ref(),
        "csv".as_ref(),
    ]);
    assert!(err.contains("this is a Parquet file, not CSV"), "{err}");
}

#[test]
fn the_format_option_reads_files_without_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let (r, c) = pair("typed", "parquet");
    let (r2, c2) = (dir.path().join("ref.data"), dir.path().join("cur.data"));
    std::fs::copy(&r, &r2).unwrap();
    std::fs::copy(&c, &c2).unwrap();
    assert_eq!(
        report(&r2, &c2, &["--input-format", "parquet"]),
        report(&r, &c, &[])
    );
}

#[test]
fn damaged_files_give_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(pair("typed", "parquet").0).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("magic only", b"PAR1PAR1".to_vec()),
        (
            "garbage",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
    ];
    // A footer whose first column chunk claims to start before the file: the crate asserts on
    // that, so it is checked first. Found by flipping bytes of the footer.
    let mut negative = good.clone();
    let footer_len = u32::from_le_bytes(good[good.len() - 8..good.len() - 4].try_into().unwrap());
    let footer = good.len() - 8 - footer_len as usize;
    for b in &mut negative[footer..good.len() - 8] {
        *b = b.wrapping_add(1);
    }
    cases.push(("shifted footer", negative));
    for (what, bytes) in cases {
        let path = dir.path().join("bad.parquet");
        std::fs::write(&path, bytes).unwrap();
        let err = refused(&[path.as_os_str(), pair("typed", "parquet").1.as_os_str()]);
        assert!(
            err.contains("bad.parquet: not a readable Parquet file"),
            "{what}: {err}"
        );
    }
    // A folder named as a Parquet file is refused as the CSV path refuses it.
    let folder = dir.path().join("folder.parquet");
    std::fs::create_dir(&folder).unwrap();
    let err = refused(&[folder.as_os_str(), folder.as_os_str()]);
    assert!(err.contains("it is a folder, not a regular file"), "{err}");
}
