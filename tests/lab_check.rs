//! Lab files under `mlops-lab check`: one invalid fixture per rule with its exact message and
//! position (`path:line:col`), the duplicate-id pack, and the valid lab fixture.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/check.rs"]
mod support;

use support::{check, one_error};

const INVALID: &str = "tests/fixtures/content/invalid";

/// A lab file that breaks one rule: exactly one error, at `line:col: error: message`.
fn lab_rule(fixture: &str, expected: &str) {
    let path = format!("{INVALID}/labs/{fixture}");
    one_error(&[&path], 1, &path, expected);
}

macro_rules! lab_rules {
    ($($name:ident: $fixture:literal => $expected:literal,)*) => {
        $(#[test]
        fn $name() {
            lab_rule($fixture, $expected);
        })*
    };
}

lab_rules! {
    unknown_command: "unknown-command.toml" => "17:20: error: unknown command `generat` (did you mean `generate`?)",
    unknown_check: "unknown-check.toml" => "25:18: error: unknown check `validation_passes` (did you mean `validation_passed`?)",
    missing_argument: "missing-argument.toml" => "17:13: error: command `generate`: missing argument `rows` (expected an integer)",
    argument_type: "argument-type.toml" => "17:39: error: command `generate`: argument `rows` must be an integer, found string \"five hundred\"",
    unknown_argument: "unknown-argument.toml" => "18:36: error: check `data_generated` has no argument `rows` (it takes min_rows)",
    unknown_scenario: "unknown-scenario.toml" => "10:12: error: unknown scenario `insurance` (known: credit-risk, churn, fraud)",
    bad_seed: "bad-seed.toml" => "11:8: error: seed must be a non-negative integer, got -7",
    unknown_exam_tag: "unknown-exam-tag.toml" => "7:10: error: exam `gcp-pmle` has no domain or task `9.9` (tag `gcp-pmle:9.9`)",
    unknown_question: "unknown-question.toml" => "26:14: error: step 2: unknown checkpoint question `data-validation-999`",
    empty_text: "empty-text.toml" => "15:8: error: step 1: text must not be empty",
    no_hints: "no-hints.toml" => "23:9: error: step 2: give at least one hint (a nudge first, the answer last)",
    unknown_topic: "unknown-topic.toml" => "6:11: error: unknown topic `validation`",
}

#[test]
fn a_duplicate_lab_id_points_at_the_second_file() {
    let dir = format!("{INVALID}/duplicate-lab-id");
    let (out, code) = check(&[&dir]);
    assert_eq!(
        out,
        format!(
            "{dir}/labs/second.toml:1:1: error: duplicate lab id `same-lab` (first defined in {dir}/labs/first.toml)\nchecked 2 files: 1 error, 0 warnings\n"
        )
    );
    assert_eq!(code, 1);
}

#[test]
fn the_valid_lab_and_the_shipped_labs_pass() {
    assert_eq!(
        check(&["tests/fixtures/content/valid-lab"]),
        ("checked 1 file: 0 errors, 0 warnings\n".to_string(), 0)
    );
    let (out, code) = check(&["labs"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" 0 errors"), "{out}");
}

#[test]
fn every_problem_of_a_lab_is_reported_in_one_run() {
    let path = format!("{INVALID}/labs/many-problems.toml");
    let (out, code) = check(&[&path]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{path}:11:8: error: seed must be a non-negative integer, got -1"),
            format!(
                "{path}:17:44: error: command `generate` has no argument `colour` (it takes rows, missing_rate, outlier_rate)"
            ),
            format!(
                "{path}:17:62: error: command `sweep`: missing argument `grid` (expected a table)"
            ),
            format!("{path}:25:39: error: check `validation_passed` has no argument `strict`"),
            "checked 1 file: 4 errors, 0 warnings".to_string(),
        ]
    );
}
