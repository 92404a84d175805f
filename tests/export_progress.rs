//! `mlops-lab export progress` and `mlops-lab class-report` through the real binary: two
//! learners answer in their own data folders (`quiz --plain`, piped), export pseudonymously,
//! and the class report holds both; bad files are one message naming the file, exit 2.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

#[path = "support/bin.rs"]
mod bin;

use assert_cmd::Command;
use bin::{mlops, output, stdout};
use html5gum::{Token, Tokenizer};

/// `mlops-lab --data-dir DATA` with the learner's own folder out of reach.
fn on(data: &Path) -> Command {
    let mut cmd = mlops();
    cmd.arg("--data-dir").arg(data).env_remove("MLOPS_LAB_HOME");
    cmd
}

/// One well-formed answer for every item shape; each question takes the first that fits.
fn answers(questions: usize) -> String {
    let shapes = [
        "1",
        "1,2",
        "1,2,3",
        "1 2 3 4",
        "1 2 3 4 5",
        "1 2 3 4 5 6",
        "1a 2b 3c",
        "1a 2b 3c 4d",
        "1a 2b 3c 4d 5e",
        "1a 2b 3c 4d 5e 6f",
    ];
    let mut cycle = shapes.join("\n");
    cycle.push('\n');
    cycle.repeat(questions)
}

/// A data folder where a learner took a 10-question exam with `seed`.
fn learner(seed: &str) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    on(data.path())
        .args([
            "quiz",
            "--plain",
            "--exam",
            "aws-mla-c01",
            "--mode",
            "exam",
            "--count",
            "10",
            "--seed",
            seed,
        ])
        .write_stdin(answers(10))
        .assert()
        .success();
    data
}

fn export_json(data: &Path, student: Option<&str>) -> (String, serde_json::Value) {
    let mut cmd = on(data);
    cmd.args(["export", "progress", "--format", "json"]);
    if let Some(s) = student {
        cmd.args(["--student", s]);
    }
    let text = stdout(&mut cmd);
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

#[test]
fn a_pseudonymous_export_names_only_the_student_and_carries_the_choices() {
    let data = learner("1");
    let (text, doc) = export_json(data.path(), Some("s-017"));
    assert_eq!(doc["format"], "mlops-lab-progress");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["student"], "s-017");
    assert!(doc.get("store").is_none(), "no store path");
    let dir = data.path().display().to_string();
    assert!(!text.contains(&dir), "the data folder's path leaked");
    for who in [std::env::var("USER").ok(), std::env::var("HOME").ok()]
        .into_iter()
        .flatten()
    {
        if who.len() > 3 {
            assert!(!text.contains(&format!("\"{who}")), "{who} leaked");
        }
    }
    let answers = doc["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 10);
    for a in answers {
        assert!(!a["chosen"].as_array().unwrap().is_empty(), "{a}");
        assert!(a["question_id"].is_string() && a["correct"].is_boolean());
        if a["correct"] == false && (a["type"] == "single" || a["type"] == "multi") {
            assert!(!a["wrong_choices"].as_array().unwrap().is_empty(), "{a}");
        }
    }
    let exam = doc["exams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "aws-mla-c01")
        .unwrap();
    assert_eq!(exam["answered"], 10);
    assert!(exam["readiness"]["status"].is_string());
    assert!(!exam["domains"].as_array().unwrap().is_empty());
    assert!(
        doc["labs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["steps"].is_array())
    );
    // Without a pseudonym the store's path is in it, as in `progress --format json`.
    let (_, named) = export_json(data.path(), None);
    assert!(named["student"].is_null());
    assert!(named["store"].as_str().unwrap().starts_with(&dir));
}

#[test]
fn the_csv_export_has_a_row_per_record() {
    let data = learner("2");
    let text =
        stdout(on(data.path()).args(["export", "progress", "--format", "csv", "--student", "s1"]));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let kinds: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert_eq!(kinds[0], "export");
    assert_eq!(kinds.iter().filter(|k| *k == "answer").count(), 10);
    assert!(kinds.iter().any(|k| k == "domain") && kinds.iter().any(|k| k == "readiness"));
    assert!(kinds.iter().any(|k| k == "lab"));
}

#[test]
fn a_bad_student_id_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let (_, stderr, code) =
        output(on(data.path()).args(["export", "progress", "--student", "a b/c"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("a student id is 1 to 64 letters"),
        "{stderr}"
    );
}

fn write_export(dir: &Path, data: &Path, student: &str) -> PathBuf {
    let path = dir.join(format!("{student}.json"));
    on(data)
        .args(["export", "progress", "--student", student, "--output"])
        .arg(&path)
        .assert()
        .success();
    path
}

fn parse_html(html: &str) -> usize {
    let mut cells = 0;
    for token in Tokenizer::new(html) {
        match token.unwrap() {
            Token::Error(e) => panic!("HTML error: {e:?}"),
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                assert!(
                    !["script", "link", "img", "iframe"].contains(&name.as_str()),
                    "<{name}>"
                );
                if name == "td" {
                    cells += 1;
                }
            }
            _ => {}
        }
    }
    cells
}

#[test]
fn two_exports_merge_into_a_class_report_with_both_students() {
    let files = tempfile::tempdir().unwrap();
    let (a, b) = (learner("1"), learner("2"));
    let fa = write_export(files.path(), a.path(), "alice-01");
    let fb = write_export(files.path(), b.path(), "bob-02");
    let md = stdout(mlops().arg("class-report").arg(&fa).arg(&fb));
    assert!(md.contains("2 students, 20 answers."), "{md}");
    for needle in [
        "| alice-01 | 10 |",
        "| bob-02 | 10 |",
        "## Exam domains",
        "| aws-mla-c01 |",
        "## Questions, most missed first",
    ] {
        assert!(md.contains(needle), "{needle} in {md}");
    }
    // The questions table starts with the most missed, and names a wrong option.
    let questions = md.split("## Questions, most missed first").nth(1).unwrap();
    let first = questions
        .lines()
        .find(|l| l.starts_with("| ") && !l.starts_with("| Question"))
        .unwrap();
    let wrong: usize = first.split(" | ").nth(3).unwrap().parse().unwrap();
    assert!(wrong >= 1, "{first}");
    assert!(first.contains("x) |"), "{first}");
    let html = stdout(
        mlops()
            .args(["class-report", "--format", "html"])
            .arg(&fa)
            .arg(&fb),
    );
    assert!(html.contains("<td>alice-01</td>") && html.contains("<td>bob-02</td>"));
    assert!(parse_html(&html) > 20);
}

#[test]
fn every_string_in_the_html_report_is_escaped() {
    let files = tempfile::tempdir().unwrap();
    let data = learner("3");
    let path = write_export(files.path(), data.path(), "s1");
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = text.replace(
        "\"student\": \"s1\"",
        "\"student\": \"<script>alert(1)</script>\"",
    );
    std::fs::write(&path, hostile).unwrap();
    let html = stdout(
        mlops()
            .args(["class-report", "--format", "html"])
            .arg(&path),
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    parse_html(&html);
    let md = stdout(mlops().arg("class-report").arg(&path));
    assert!(!md.contains("<script>"), "{md}");
}

#[test]
fn bad_files_are_one_message_naming_the_file_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let data = learner("4");
    let good = write_export(dir.path(), data.path(), "s1");
    let text = std::fs::read_to_string(&good).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "notes.txt",
            b"hello".to_vec(),
            "not a progress export (not JSON",
        ),
        (
            "other.json",
            b"{\"drift\": true}".to_vec(),
            "not a progress export (no \"format\"",
        ),
        (
            "future.json",
            text.replace("\"format_version\": 1", "\"format_version\": 9")
                .into_bytes(),
            "progress export version 9; this mlops-lab reads version 1",
        ),
        (
            "cut.json",
            text.replace("\"answers\"", "\"answer_list\"").into_bytes(),
            "damaged progress export",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (stdout, stderr, code) = output(mlops().arg("class-report").arg(&good).arg(&path));
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains(&path.display().to_string()) && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // Huge: refused by its size before it is read (a sparse file).
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(64 * 1024 * 1024)
        .unwrap();
    let (_, stderr, code) = output(mlops().arg("class-report").arg(&huge));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("huge.json") && stderr.contains("larger than a progress export"),
        "{stderr}"
    );
    // The same student twice.
    let (_, stderr, code) = output(mlops().arg("class-report").arg(&good).arg(&good));
    assert_eq!(code, 2);
    assert!(stderr.contains("student \"s1\" is already in"), "{stderr}");
}
