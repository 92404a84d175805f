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
    // Both files are pack labs without `real_tools`: a warning each, beside the error.
    let warning = "13:1: warning: 0 of 2 steps have a `real_tools` table with all four of vertex, sagemaker, azure_ml and open_source; a lab needs at least 80% (the first without one is step 1)";
    assert_eq!(
        out,
        format!(
            "{dir}/labs/first.toml:{warning}\n{dir}/labs/second.toml:1:1: error: duplicate lab id `same-lab` (first defined in {dir}/labs/first.toml)\n{dir}/labs/second.toml:{warning}\nchecked 2 files: 1 error, 2 warnings\n"
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

/// `check` on the valid fixture lab with `edit` applied, from a pack folder; the output with the
/// temporary path shortened to `t.toml`.
fn check_edited(edit: impl Fn(String) -> String) -> (String, i32) {
    let text =
        std::fs::read_to_string("tests/fixtures/content/valid-lab/labs/tiny-lab.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("labs")).unwrap();
    let path = dir.path().join("labs/t.toml");
    std::fs::write(&path, edit(text)).unwrap();
    let (out, code) = check(&[path.to_str().unwrap()]);
    (out.replace(path.to_str().unwrap(), "t.toml"), code)
}

#[test]
fn real_tools_tables_are_checked_at_their_place() {
    let (out, code) = check_edited(|t| t.replacen("vertex = ", "vertx = ", 1));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("t.toml:21:1: error: unknown field `vertx`"),
        "{out}"
    );
    let (out, code) = check_edited(|t| t.replacen("\"A Processing job reading S3\"", "\" \"", 1));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("t.toml:22:13: error: step 1: real_tools.sagemaker must not be empty"),
        "{out}"
    );
}

#[test]
fn a_pack_lab_short_of_real_tools_gets_a_warning_at_its_first_step_without_them() {
    let (out, code) = check_edited(|t| t.replacen("open_source = \"dvc add\"\n", "", 1));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with(
            "t.toml:13:1: warning: 1 of 2 steps have a `real_tools` table with all four"
        ),
        "{out}"
    );
    assert!(
        out.contains("at least 80% (the first without one is step 1)"),
        "{out}"
    );
    assert!(
        out.ends_with("0 errors, 1 warning\n") || out.ends_with("0 errors, 1 warnings\n"),
        "{out}"
    );
}

#[test]
fn computed_questions_name_known_facts_formats_and_comparisons() {
    for (from, to, expected) in [
        (
            "{data.rows} rows.",
            "{data.rowz} rows.",
            "unknown fact `data.rowz`",
        ),
        (
            "{data.rows} rows.",
            "{data.rows:pc} rows.",
            "unknown format `pc`",
        ),
        (
            "data.rows >= 500",
            "data.rows => 500",
            "unknown comparison `=>`",
        ),
        (
            "\"data.rows < 500\"",
            "\"500 < 600\"",
            "compares two numbers",
        ),
        (
            "id = \"row-count\"",
            "id = \"Row Count\"",
            "must be lower-case kebab-case",
        ),
    ] {
        let (out, code) = check_edited(|t| t.replacen(from, to, 1));
        assert_eq!(code, 1, "{to}: {out}");
        assert!(out.contains(expected), "{to}: {out}");
        assert!(
            out.contains("error: step 2: computed question"),
            "{to}: {out}"
        );
    }
}
