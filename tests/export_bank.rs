//! `mlops-lab export bank`: CSV read back (with a content pack), the same bytes from two
//! processes for every format, and zip formats refused on standard output.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

#[path = "support/bin.rs"]
mod bin;
#[path = "support/export.rs"]
mod export;

use bin::{fixture, mlops, output};
use export::{export, export_file, shipped};
use mlops_lab::content::load_bank;

#[test]
fn csv_has_one_row_per_question_including_a_content_pack() {
    let bank = load_bank(&[fixture("quiz")]).unwrap().bank;
    let out = mlops()
        .args(["export", "bank", "--format", "csv", "--content"])
        .arg(fixture("quiz"))
        .env_remove("MLOPS_LAB_HOME")
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["id", "type", "difficulty"]);
    let mut ids = BTreeSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len());
        let q = bank.question(&record[0]).unwrap();
        assert_eq!(&record[1], q.kind.item_type().to_string());
        assert!(
            !record[8].is_empty() && !record[12].is_empty(),
            "prompt and explanation"
        );
        ids.insert(record[0].to_string());
    }
    assert_eq!(ids.len(), bank.questions().len());
    assert!(
        bank.questions().len() > shipped().questions().len(),
        "the pack's questions too"
    );
}

#[test]
fn every_format_is_the_same_bytes_from_two_processes() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["gift", "moodle-xml", "csv"] {
        assert_eq!(export(format).0, export(format).0, "{format}");
    }
    for format in ["qti", "anki"] {
        let one = export_file(format, dir.path(), "one");
        let two = export_file(format, dir.path(), "two");
        assert_eq!(one, two, "{format}");
    }
}

#[test]
fn a_zip_format_without_output_is_refused_with_a_clear_message() {
    for format in ["qti", "anki"] {
        let (stdout, stderr, code) = output(mlops().args(["export", "bank", "--format", format]));
        assert_eq!(code, 2);
        assert!(stdout.is_empty());
        assert!(
            stderr.contains("writes a zip archive: give --output FILE"),
            "{stderr}"
        );
    }
}
