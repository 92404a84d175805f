//! Wrong content and wrong paths against the real binary: a pack that reuses a shipped question
//! id, a lab file outside `labs/`, a question file given to `run`, paths that do not exist or
//! cannot hold a store. Each gets one message saying what and where, and a non-zero exit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;
use std::time::Duration;

#[path = "support/bin.rs"]
mod bin;

/// Runs the binary from the crate root with a time limit, so a hang fails instead of blocking.
fn run(args: &[&str]) -> (String, String, i32) {
    bin::output(bin::at_root().args(args).timeout(Duration::from_secs(60)))
}

/// A question pack whose one item reuses the shipped id `monitoring-005`.
fn clashing_pack(dir: &Path) -> std::path::PathBuf {
    let questions = dir.join("questions");
    std::fs::create_dir_all(&questions).unwrap();
    let path = questions.join("mine.toml");
    std::fs::write(
        &path,
        r#"format_version = 1

[[question]]
id = "monitoring-005"
type = "single"
difficulty = 2
topics = ["monitoring"]
exams = ["gcp-pmle:6.2"]
scenario = "A team watches a model."
prompt = "Which metric should it watch FIRST?"
explanation = "Watch the error rate first."
references = ["https://example.com/monitoring"]
[[question.option]]
text = "Watch the error rate."
correct = true
why = "Right."
[[question.option]]
text = "Watch the disk usage."
why = "Wrong."
"#,
    )
    .unwrap();
    path
}

#[test]
fn a_pack_reusing_a_shipped_question_id_is_an_error_naming_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let file = clashing_pack(dir.path());
    let shown = file.display().to_string();
    // Checked on its own, as a pack author does first.
    let (out, _, code) = run(&["check", &shown]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{shown}:4:6: error: question id `monitoring-005` is already used by the shipped bank (questions/monitoring.toml:"
        )),
        "{out}"
    );
    // Loaded beside the shipped content, as `--content` does for a study session.
    let pack = dir.path().to_str().unwrap();
    let (out, _, code) = run(&["check", "--content", pack]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error: duplicate question id `monitoring-005` (first defined at questions/monitoring.toml:"),
        "{out}"
    );
}

#[test]
fn the_shipped_files_checked_as_files_do_not_clash_with_themselves() {
    // A content author in a clone of the repository checks the folder they edit.
    let (out, _, code) = run(&["check", "--strict", "questions"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(": 0 errors, 0 warnings"), "{out}");
}

#[test]
fn a_lab_file_outside_labs_is_checked_as_a_lab_and_run_refuses_a_question_file() {
    let dir = tempfile::tempdir().unwrap();
    let lab = dir.path().join("my-lab.toml");
    std::fs::copy(bin::fixture("../../labs/first-pipeline.toml"), &lab).unwrap();
    let shown = lab.display().to_string();
    let (out, _, code) = run(&["check", &shown]);
    assert_eq!(code, 0, "{out}");
    // Break one check kind: the error is the lab's, at its place, not a question-file error.
    let text = std::fs::read_to_string(&lab).unwrap();
    let broken = text.replacen("check = { kind = \"", "check = { kind = \"no_such_", 1);
    std::fs::write(&lab, broken).unwrap();
    let (out, _, code) = run(&["check", &shown]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("no_such_"), "{out}");
    assert!(
        !out.contains("[[question]]") && !out.contains("unknown field `step`"),
        "{out}"
    );

    // `run` classifies files the same way: a question file is not a lab.
    let (out, err, code) = run(&["run", "questions/monitoring.toml"]);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err.trim(),
        "mlops-lab: questions/monitoring.toml is not a lab: it has no [[step]] tables (it reads as a question file); check it with `mlops-lab check questions/monitoring.toml`"
    );
}

#[test]
fn missing_paths_say_so_in_plain_words() {
    for args in [
        &["check", "no-such-pack"][..],
        &["run", "no-such-dir/lab.toml"],
        &["drift", "no-such.csv", "other.csv"],
        &["--content", "no-such-pack", "progress"],
    ] {
        let (_, err, code) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("no such file or folder; check the path"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("entity not found"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn a_data_folder_that_cannot_be_made_says_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let under = file.join("store");
    let (_, err, code) = run(&["--data-dir", under.to_str().unwrap(), "progress"]);
    // Store errors exit 1 (bad options exit 2), as for every other store failure.
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.trim(),
        format!(
            "mlops-lab: progress store {}: a part of the path is a file, not a folder",
            under.display()
        )
    );
}

/// The packs other tests load beside the shipped bank keep ids of their own (they use 9xx
/// numbers); a shipped question that takes one of them would silently drop a fixture item.
#[test]
fn the_test_packs_do_not_reuse_shipped_ids() {
    for pack in ["quiz", "store-pack"] {
        let path = bin::fixture(pack);
        let (out, _, _) = run(&["check", path.to_str().unwrap()]);
        assert!(
            !out.contains("already used by the shipped bank"),
            "{pack}: {out}"
        );
    }
}
