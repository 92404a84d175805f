//! `mlops-lab quiz` and `mlops-lab progress` through the real binary: pipe-driven sessions reach
//! a report, answers land in the store, bad options are one line with exit 2.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;

use mlops_lab::store::{FILE_NAME, Store};
use predicates::prelude::*;

#[path = "support/bin.rs"]
mod bin;

use bin::{json, mlops, on_data, spawn_on_data, stdout};

/// One well-formed answer for every item shape (single, multi of 2 or 3, order and match of 3
/// to 6); a question takes the first that fits it and re-asks on the others, so feeding this
/// cycle once per question answers every question whatever its type.
fn answer_cycle(questions: usize) -> String {
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
    let mut input = String::new();
    for _ in 0..questions {
        for s in shapes {
            input.push_str(s);
            input.push('\n');
        }
    }
    input
}

fn attempts(data: &Path) -> Vec<mlops_lab::store::AttemptRecord> {
    Store::open_in(data).unwrap().store.attempts().unwrap()
}

#[test]
fn a_piped_exam_reaches_the_per_domain_report() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(
        on_data(data.path())
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
                "1",
            ])
            .write_stdin(answer_cycle(10)),
    );
    assert!(out.contains("mlops-lab quiz: exam mode, "), "{out}");
    assert!(out.contains("(aws-mla-c01), 10 questions"), "{out}");
    assert!(out.contains("10 questions, 20 minutes, seed 1"), "{out}");
    assert!(
        out.contains("End of input: the session was submitted"),
        "{out}"
    );
    assert!(out.contains("10 answered."), "{out}");
    for domain in [
        "1 Data Preparation",
        "2 ML Model Development",
        "3 Deployment",
        "4 ML Solution",
    ] {
        assert!(out.contains(domain), "{domain} row in {out}");
    }
    assert!(!out.contains("✓ Right."), "no feedback during the exam");
    let stored = attempts(data.path());
    assert_eq!(stored.len(), 10);
    assert!(
        stored
            .iter()
            .all(|a| a.mode == "exam" && a.exam.as_deref() == Some("aws-mla-c01"))
    );
}

#[test]
fn practice_shows_feedback_after_each_answer_and_progress_counts_it() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(
        on_data(data.path())
            .args([
                "quiz",
                "--exam",
                "aws-mla-c01",
                "--count",
                "3",
                "--seed",
                "5",
            ])
            .write_stdin(answer_cycle(3)),
    );
    assert_eq!(out.matches("Why: ").count(), 3, "{out}");
    assert!(out.contains("Result (submitted)"), "{out}");
    let stored = attempts(data.path());
    assert_eq!(stored.len(), 3);
    let right = stored.iter().filter(|a| a.correct).count();

    let doc = json(on_data(data.path()).args(["progress", "--format", "json"]));
    let exam = doc["exams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "aws-mla-c01")
        .unwrap();
    assert_eq!(exam["answered"], 3);
    assert_eq!(exam["correct"], right);
    assert_eq!(exam["readiness"]["status"], "not_enough_data");
    assert_eq!(exam["readiness"]["questions"], 3);
    assert_eq!(exam["readiness"]["needed"], 60);
    assert_eq!(exam["readiness"]["domain_needed"], 10);
    let short = exam["readiness"]["short_domains"].as_array().unwrap();
    assert!(!short.is_empty(), "3 answers leave domains short");
    for key in ["id", "counted", "more"] {
        assert!(short[0].get(key).is_some(), "short domain field {key}");
    }
    let domain_answers: u64 = exam["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["answered"].as_u64().unwrap())
        .sum();
    // A question tagged with two domains of the exam counts in both.
    assert!(domain_answers >= 3, "{domain_answers}");
    for key in ["id", "title", "weight", "answered", "correct", "counted"] {
        assert!(exam["domains"][0].get(key).is_some(), "domain field {key}");
    }
    assert_eq!(exam["trend"][0]["answered"], 3);
    assert!(doc["due_reviews"].is_u64());

    on_data(data.path())
        .arg("progress")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Readiness: not enough evidence: 3 of 60 first attempts; domain ",
        ))
        .stdout(predicate::str::contains("needs 10 more"));
}

#[test]
fn bad_options_are_one_line_and_exit_2() {
    let data = tempfile::tempdir().unwrap();
    for (args, message) in [
        (vec!["quiz", "--exam", "nope"], "unknown exam 'nope'"),
        (
            vec!["quiz", "--exam", "aws-mla-c01", "--domain", "9"],
            "has no domain '9'",
        ),
        (vec!["quiz", "--domain", "1"], "needs --exam"),
        (vec!["quiz", "--count", "0"], "--count must be at least 1"),
        (vec!["quiz", "--mode", "exam"], "exam mode needs --exam"),
        (
            vec!["quiz", "--topic", "cooking"],
            "unknown topic 'cooking'",
        ),
        (
            vec!["quiz", "--retention", "0.2"],
            "desired retention must be between",
        ),
    ] {
        let assert = on_data(data.path())
            .args(&args)
            .write_stdin("")
            .assert()
            .code(2);
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        // One line says what is wrong (another may note problems in the loaded content packs).
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(message)).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        assert!(lines[0].starts_with("mlops-lab: "), "{args:?}: {err}");
    }
}

#[test]
fn nothing_missed_or_due_is_not_an_error() {
    let data = tempfile::tempdir().unwrap();
    on_data(data.path())
        .args(["quiz", "--mode", "missed"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("no missed questions"));
    on_data(data.path())
        .args(["quiz", "--mode", "review", "--retention", "0.85"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("no review cards are due"));
    // The desired retention given once is remembered.
    let doc = json(on_data(data.path()).args(["progress", "--format", "json"]));
    assert!((doc["desired_retention"].as_f64().unwrap() - 0.85).abs() < 1e-6);
    assert!(doc["fsrs_fitted_on"].is_null());
}

#[test]
fn a_corrupt_store_is_moved_aside_with_a_message() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join(FILE_NAME), "not a database at all").unwrap();
    on_data(data.path())
        .arg("progress")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "was not a valid mlops-lab progress store",
        ));
    let kept = std::fs::read_to_string(data.path().join(format!("{FILE_NAME}.corrupt-1"))).unwrap();
    assert_eq!(kept, "not a database at all");
}

#[test]
fn the_data_folder_comes_from_mlops_lab_home_without_the_flag() {
    let home = tempfile::tempdir().unwrap();
    mlops()
        .env("MLOPS_LAB_HOME", home.path())
        .args(["progress"])
        .assert()
        .success();
    assert!(home.path().join(FILE_NAME).exists());
}

#[test]
fn help_documents_line_mode_answer_formats_and_json_fields() {
    mlops()
        .args(["quiz", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "instead of the full-screen interface",
        ))
        .stdout(predicate::str::contains("1b 2a 3c"));
    mlops()
        .args(["progress", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("short_domains"))
        .stdout(predicate::str::contains("due_reviews"));
}

#[test]
fn exam_navigation_flag_and_review_work_in_line_mode() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(
        on_data(data.path())
            .args([
                "quiz",
                "--exam",
                "aws-mla-c01",
                "--mode",
                "exam",
                "--count",
                "4",
                "--seed",
                "3",
            ])
            .write_stdin("f\nn\nr f\nr u\ng 4\np\nzzz\ns\n"),
    );
    assert!(out.contains("Question 1 flagged."), "{out}");
    assert!(out.contains("Review: flagged questions (1 of 4)"), "{out}");
    assert!(
        out.contains("Review: unanswered questions (4 of 4)"),
        "{out}"
    );
    assert!(out.contains("Question 4 of 4"), "{out}");
    assert!(out.contains("Question 3 of 4"), "{out}");
    assert!(out.contains("could not read 'zzz'"), "{out}");
    assert!(
        out.contains("Result (submitted): 0 of 4 right (0%), 0 answered."),
        "{out}"
    );
}

#[test]
fn two_copies_quizzing_at_once_share_the_store() {
    use std::io::Write as _;
    use std::process::Stdio;
    let data = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..2)
        .map(|seed| {
            let mut child = spawn_on_data(data.path())
                .args(["quiz", "--exam", "aws-mla-c01", "--count", "6", "--seed"])
                .arg(seed.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            std::thread::spawn(move || {
                let _ = stdin.write_all(answer_cycle(6).as_bytes());
            });
            child
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = Store::open_in(data.path()).unwrap().store;
    assert_eq!(store.sessions().unwrap().len(), 2);
    assert_eq!(store.attempts().unwrap().len(), 12);
}

#[test]
fn going_back_in_an_exam_shows_the_answer_given() {
    let data = tempfile::tempdir().unwrap();
    let mut input = answer_cycle(1);
    input.push_str("g 1\n");
    let out = stdout(
        on_data(data.path())
            .args([
                "quiz",
                "--exam",
                "aws-mla-c01",
                "--mode",
                "exam",
                "--count",
                "5",
                "--seed",
                "9",
            ])
            .write_stdin(input),
    );
    let back = out.rfind("Question 1 of 5").unwrap();
    assert!(out[back..].contains("Your answer: "), "{out}");
}

#[test]
fn resume_without_an_interrupted_session_says_so() {
    let data = tempfile::tempdir().unwrap();
    on_data(data.path())
        .args(["quiz", "--resume"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("No unfinished session to resume."));
    on_data(data.path())
        .args(["quiz", "--resume", "--exam", "aws-mla-c01"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn a_report_in_the_plain_quiz_is_listed_by_progress_disputes() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(
        on_data(data.path())
            .args([
                "quiz",
                "--exam",
                "aws-mla-c01",
                "--count",
                "1",
                "--seed",
                "5",
            ])
            .write_stdin(":report\n:report Option 2 is also right per the S3 docs\nq\n"),
    );
    assert!(out.contains("type :report and what looks wrong"), "{out}");
    let noted = out
        .lines()
        .find_map(|l| l.split("Dispute noted for ").nth(1))
        .unwrap_or_else(|| panic!("{out}"));
    let id = noted.split(';').next().unwrap();

    let doc = json(on_data(data.path()).args(["progress", "--disputes", "--format", "json"]));
    let list = doc["disputes"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{doc}");
    assert_eq!(list[0]["question_id"], id);
    assert_eq!(list[0]["note"], "Option 2 is also right per the S3 docs");
    assert!(list[0]["at"].as_i64().unwrap() > 0);
    assert_eq!(list[0]["date"].as_str().unwrap().len(), 10);

    let text = stdout(on_data(data.path()).args(["progress", "--disputes"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].ends_with(&format!("  {id}  Option 2 is also right per the S3 docs")),
        "{text}"
    );
    assert_eq!(lines[1], "1 dispute(s)");
}
