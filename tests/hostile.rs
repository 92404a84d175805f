//! Hostile input against the real binary: escape sequences in every kind of string, special
//! files, symlink loops, huge names and files. Each case gets one clear message (with its
//! place), a non-zero exit where there is one, nothing hangs (every run has a time limit) and
//! nothing from a file reaches the terminal raw.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

#[path = "support/bin.rs"]
mod bin;

const ESC: char = '\u{1b}';

/// Runs the binary from the crate root with a time limit, so a hang fails instead of blocking.
fn run(args: &[&str]) -> (String, String, i32) {
    bin::output(bin::at_root().args(args).timeout(Duration::from_secs(60)))
}

fn lab_with_run_name(dir: &Path, run_name: &str) -> std::path::PathBuf {
    let labs = dir.join("labs");
    std::fs::create_dir_all(&labs).unwrap();
    let path = labs.join("osc.toml");
    let text = format!(
        r#"format_version = 1
id = "osc-lab"
title = "A lab with a hostile run name"
summary = "Trains one model."
minutes = 5
topics = ["experiment-tracking"]
exams = ["gcp-pmle:2.3"]

[world]
scenario = "credit-risk"
seed = 42

[[step]]
title = "Train"
text = "Train a model."
hints = ["train"]
commands = [{{ do = "generate", rows = 500 }}, {{ do = "train", model = "logistic", run_name = "{run_name}" }}]
check = {{ kind = "runs_finished", count = 1 }}
"#
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_escape_sequence_in_a_lab_command_argument_fails_check_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let lab = lab_with_run_name(dir.path(), r"a\u001b]52;c;aGVsbG8=\u0007b");
    let (out, _, code) = run(&["check", lab.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("osc.toml:17:93: error: `step[1].commands[2].run_name` contains an escape sequence (U+001B)"),
        "{out}"
    );
    assert!(!out.contains(ESC), "{out:?}");
    // The same file is refused by `run` before any command reaches the terminal.
    let (out, err, code) = run(&["run", lab.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!out.contains(ESC) && !err.contains(ESC), "{out:?}{err:?}");
}

#[test]
fn a_line_separator_in_a_scenario_fails_check() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(bin::fixture("content/valid/questions.toml"))
        .unwrap()
        .replacen(
            "sees the income feature shift",
            "sees the income\u{2028}feature shift",
            1,
        );
    let path = dir.path().join("questions.toml");
    std::fs::write(&path, text).unwrap();
    let exams = bin::fixture("content/valid/exams.toml");
    let (out, _, code) = run(&["check", exams.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("`scenario` contains a Unicode line separator (U+2028)"),
        "{out}"
    );
}

#[test]
fn a_csv_header_with_an_osc_sequence_is_shown_inert_and_json_stays_exact() {
    let dir = tempfile::tempdir().unwrap();
    let header = "\u{1b}]0;pwned\u{7}";
    let mut csv = format!("{header},b\n");
    for i in 0..50 {
        writeln!(csv, "{i},{}", i % 3).unwrap();
    }
    let (r, c) = (dir.path().join("r.csv"), dir.path().join("c.csv"));
    std::fs::write(&r, &csv).unwrap();
    std::fs::write(&c, &csv).unwrap();
    let (out, _, code) = run(&["drift", r.to_str().unwrap(), c.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(!out.contains(ESC) && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}]0;pwned\\u{7}"), "{out}");
    let (json, _, code) = run(&[
        "drift",
        r.to_str().unwrap(),
        c.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["columns"][0]["name"], header);
    assert!(!json.contains(ESC), "JSON escapes it as \\u001b");
}

#[test]
fn a_column_name_longer_than_65535_characters_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let name = "n".repeat(70_000);
    let mut csv = format!("{name},b\n");
    for i in 0..20 {
        writeln!(csv, "{i},{}", i % 2).unwrap();
    }
    let (r, c) = (dir.path().join("r.csv"), dir.path().join("c.csv"));
    std::fs::write(&r, &csv).unwrap();
    std::fs::write(&c, &csv).unwrap();
    let (out, err, code) = run(&["drift", r.to_str().unwrap(), c.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The table elides the middle of the name; no line is 70,000 columns wide.
    assert!(
        out.lines().all(|l| l.chars().count() < 200),
        "{}",
        out.len()
    );
}

#[cfg(unix)]
#[test]
fn special_files_are_clear_errors_not_hangs() {
    let fixture = bin::fixture("drift/small/current.csv");
    let (_, err, code) = run(&["drift", "/dev/zero", fixture.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("r.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (_, err, code) = run(&["drift", fifo.to_str().unwrap(), fixture.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("FIFO"), "{err}");

    // A FIFO inside a content pack.
    let pack = tempfile::tempdir().unwrap();
    let questions = pack.path().join("questions");
    std::fs::create_dir(&questions).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(questions.join("drift.toml"))
            .status()
            .unwrap()
            .success()
    );
    let (_, err, code) = run(&["check", pack.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("drift.toml") && err.contains("FIFO"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_pack_is_reported() {
    let pack = tempfile::tempdir().unwrap();
    std::fs::write(pack.path().join("extra.toml"), "format_version = 1\n").unwrap();
    std::os::unix::fs::symlink(".", pack.path().join("loop")).unwrap();
    let (_, err, code) = run(&["check", pack.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("symbolic link loop"), "{err}");
}

#[test]
fn a_content_file_over_8_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.toml");
    let mut text = String::from("format_version = 1\n");
    text.push_str(&"# padding\n".repeat(900_000));
    std::fs::write(&path, text).unwrap();
    let (_, err, code) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("larger than 8 MiB"), "{err}");
}

#[test]
fn wrong_drift_options_and_overflowing_values_say_so() {
    let small = bin::fixture("drift/small/reference.csv");
    let small = small.to_str().unwrap();
    let (_, err, code) = run(&["drift", small, small, "--categorical", "no_such_column"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'no_such_column' (named in --categorical)"),
        "{err}"
    );
    let (_, err, code) = run(&["drift", small, small, "--threshold", "1e309"]);
    assert_eq!(code, 2);
    assert!(err.contains("1e309 is not a finite number"), "{err}");

    // Values near the largest double overflow the statistic: an error, never "no drift".
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("big\n");
    for i in 0..30 {
        writeln!(csv, "{}e308", if i % 2 == 0 { "1.7" } else { "-1.7" }).unwrap();
    }
    let (r, c) = (dir.path().join("r.csv"), dir.path().join("c.csv"));
    std::fs::write(&r, &csv).unwrap();
    std::fs::write(&c, csv.replace("-1.7", "1.6")).unwrap();
    let (out, err, code) = run(&[
        "drift",
        r.to_str().unwrap(),
        c.to_str().unwrap(),
        "--method",
        "wasserstein",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("column 'big'") && err.contains("not a finite number"),
        "{err}"
    );
}

#[test]
fn an_unterminated_quote_in_a_csv_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (r, c) = (dir.path().join("r.csv"), dir.path().join("c.csv"));
    std::fs::write(&r, "a,b\n1,2\n3,4\n").unwrap();
    std::fs::write(&c, "a,b\r\n1,2\r\n3,\"x\r\n4,5\r\n").unwrap();
    let (_, err, code) = run(&["drift", r.to_str().unwrap(), c.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("c.csv: line 3: a quoted field opened here is never closed"),
        "{err}"
    );
}
