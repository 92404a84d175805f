//! The real binary for integration tests: commands built to run it (from the crate root, or on
//! a fresh data folder with the quiz fixture pack), and what a run printed, read back.
//!
//! Include it with `#[path = "support/bin.rs"] mod bin;`.

// Each test binary includes this file and uses only part of it; a failed unwrap here is a
// failed test.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A file or folder under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// `mlops-lab` as a user starts it.
pub fn mlops() -> Command {
    Command::cargo_bin("mlops-lab").unwrap()
}

/// `mlops-lab` started in the crate root, so that relative paths name the repository's files.
pub fn at_root() -> Command {
    let mut cmd = mlops();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `--data-dir DATA --content tests/fixtures/quiz`, with `MLOPS_LAB_HOME` unset so the learner's
/// own folder is never read: the progress store starts in `data` and the quiz fixture pack is
/// loaded beside the shipped content.
fn quiz_args(data: &Path) -> [std::ffi::OsString; 4] {
    [
        "--data-dir".into(),
        data.into(),
        "--content".into(),
        fixture("quiz").into(),
    ]
}

/// `mlops-lab` on the data folder `data` with the quiz fixture pack.
pub fn on_data(data: &Path) -> Command {
    let mut cmd = mlops();
    cmd.args(quiz_args(data)).env_remove("MLOPS_LAB_HOME");
    cmd
}

/// The same as [`on_data`] as a plain process, for tests that spawn it and drive its pipes.
pub fn spawn_on_data(data: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mlops-lab"));
    cmd.args(quiz_args(data)).env_remove("MLOPS_LAB_HOME");
    cmd
}

/// Runs `cmd`, which must succeed, and returns its standard output.
pub fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// Runs `cmd`, which must succeed, and parses its standard output as one JSON document.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_slice(&cmd.assert().success().get_output().stdout).unwrap()
}

/// Runs `cmd` whatever its outcome: standard output, standard error and the exit code.
pub fn output(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}
