//! The command line as a newcomer meets it: the overview with no arguments, `--help` on every
//! command, and one clear line for a mistyped command.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use bin::mlops;
use predicates::prelude::*;

const COMMANDS: [&str; 9] = [
    "drift",
    "check",
    "quiz",
    "progress",
    "run",
    "lab",
    "sandbox",
    "export",
    "class-report",
];

#[test]
fn no_arguments_prints_an_overview_of_every_command() {
    let mut assert = mlops().assert().success();
    for c in COMMANDS {
        assert = assert.stdout(predicate::str::contains(format!("\n  {c} ")));
    }
    assert.stdout(predicate::str::contains("--help"));
}

#[test]
fn every_command_has_help() {
    for c in COMMANDS {
        mlops()
            .args([c, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: mlops-lab"));
    }
}

#[test]
fn unknown_command_is_one_clear_error() {
    mlops()
        .arg("drfit")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unrecognized subcommand 'drfit'"))
        .stderr(predicate::str::contains(
            "a similar subcommand exists: 'drift'",
        ));
}
