//! The progress bar of `mlops-lab drift`: drawn on stderr when it is a terminal and the inputs
//! are large, and nothing extra on stderr otherwise (a pipe, or `--format json`). The hidden
//! variable `MLOPS_LAB_PROGRESS_MIN_BYTES` lowers the size threshold (50 MiB) to the fixtures'.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/bin.rs"]
mod bin;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Session, WaitStatus};

/// The bar's template starts with this word (src/commands/drift.rs).
const BAR: &str = "reading";

fn drift_args(out: &Path, extra: &[&str]) -> Vec<String> {
    let dir = bin::fixture("drift/big");
    let mut args: Vec<String> = vec![
        "drift".into(),
        dir.join("reference.csv").to_str().unwrap().into(),
        dir.join("current.csv").to_str().unwrap().into(),
        "--output".into(),
        out.to_str().unwrap().into(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_string()));
    args
}

/// Runs drift in a pseudo-terminal (stdout and stderr both on it); returns everything it wrote
/// there and the exit code.
fn in_terminal(args: &[String], min_bytes: Option<&str>) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlops-lab"));
    cmd.args(args).env("TERM", "xterm-256color");
    match min_bytes {
        Some(v) => cmd.env("MLOPS_LAB_PROGRESS_MIN_BYTES", v),
        None => cmd.env_remove("MLOPS_LAB_PROGRESS_MIN_BYTES"),
    };
    let mut session = Session::spawn(cmd).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(60)));
    let all = session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(all.as_bytes()).into_owned();
    let code = match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("drift did not exit normally: {other:?}"),
    };
    (text, code)
}

#[test]
fn a_large_input_draws_a_bar_on_a_terminal_and_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    // The report goes to a file, so all the terminal shows is stderr.
    let (shown, code) = in_terminal(&drift_args(&out, &[]), Some("1"));
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains(BAR), "no progress bar drawn: {shown:?}");
    assert!(shown.contains("KiB"), "the bar counts bytes: {shown:?}");
    // Cleared when done: the last thing written erases the bar's line.
    let after = &shown[shown.rfind(BAR).unwrap()..];
    assert!(
        after.contains("\u{1b}[2K"),
        "the bar is not cleared: {shown:?}"
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Drift report")
    );
}

#[test]
fn below_the_threshold_or_under_json_nothing_extra_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    // The fixtures (256 KiB) are far below the 50 MiB default.
    let (shown, code) = in_terminal(&drift_args(&out, &[]), None);
    assert_eq!(code, 0);
    assert_eq!(shown, "", "stderr should stay empty");
    let (shown, code) = in_terminal(&drift_args(&out, &["--format", "json"]), Some("1"));
    assert_eq!(code, 0);
    assert_eq!(shown, "", "JSON output draws no bar");
}

#[test]
fn stderr_that_is_not_a_terminal_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    for format in ["text", "json", "html"] {
        let (stdout, stderr, code) = bin::output(
            bin::mlops()
                .args(drift_args(&out, &["--format", format]))
                .env("MLOPS_LAB_PROGRESS_MIN_BYTES", "1"),
        );
        assert_eq!(code, 0);
        assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""), "{format}");
    }
}
