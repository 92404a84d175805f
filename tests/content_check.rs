//! `mlops-lab check` on the content fixtures: one invalid fixture per rule with its exact message
//! and position, the valid pack, every problem in one run, strict mode and unreadable paths.
//!
//! Question fixtures are checked beside the valid pack's `exams.toml` and `cases.toml`, so they
//! never depend on the shipped content.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/check.rs"]
mod support;

use support::{check, one_error};

const VALID: &str = "tests/fixtures/content/valid";
const INVALID: &str = "tests/fixtures/content/invalid";

/// A question file that breaks one rule: exactly one error, at `line:col: error: message`.
fn question_rule(fixture: &str, expected: &str) {
    let path = format!("{INVALID}/{fixture}");
    let exams = format!("{VALID}/exams.toml");
    let cases = format!("{VALID}/cases.toml");
    one_error(&[&exams, &cases, &path], 3, &path, expected);
}

/// A small pack (a folder holding exams.toml or cases.toml) that breaks one rule.
fn pack_rule(dir: &str, file: &str, expected: &str) {
    let dir = format!("{INVALID}/{dir}");
    one_error(&[&dir], 1, &format!("{dir}/{file}"), expected);
}

macro_rules! question_rules {
    ($($name:ident: $fixture:literal => $expected:literal,)*) => {
        $(#[test]
        fn $name() {
            question_rule($fixture, $expected);
        })*
    };
}

macro_rules! pack_rules {
    ($($name:ident: $dir:literal / $file:literal => $expected:literal,)*) => {
        $(#[test]
        fn $name() {
            pack_rule($dir, $file, $expected);
        })*
    };
}

question_rules! {
    all_of_the_above: "all-of-the-above.toml" => r#"19:8: error: option 2 is a catch-all ("all/none of the above"); write a real option"#,
    bad_tag_format: "bad-tag-format.toml" => "9:10: error: exam tag `demo-mle` must be written exam:domain or exam:task",
    bidi_character: "bidi-character.toml" => "19:8: error: option 2 `text` contains a bidirectional control character (U+202E); content must be plain text",
    choose_not_multi: "choose-not-multi.toml" => "12:10: error: `choose` is only for multi questions",
    control_character: "control-character.toml" => "10:12: error: `scenario` contains an escape sequence (U+001B); content must be plain text",
    difficulty_range: "difficulty-range.toml" => "7:14: error: difficulty must be 1, 2 or 3, found 4",
    duplicate_option: "duplicate-option.toml" => "19:8: error: option 2 repeats option 1",
    drill_only_with_exams: "drill-only-with-exams.toml" => "9:9: error: a `drill_only` question is offered in topic drills only, so it carries no exam tags: set `exams = []`",
    duplicate_question_id: "duplicate-question-id.toml" => "23:6: error: duplicate question id `drift-101` (first defined at tests/fixtures/content/invalid/duplicate-question-id.toml:4)",
    empty_explanation: "empty-explanation.toml" => "12:15: error: `explanation` is empty",
    empty_prompt: "empty-prompt.toml" => "11:10: error: `prompt` is empty",
    empty_scenario: "empty-scenario.toml" => "10:12: error: `scenario` is empty",
    format_version_missing: "format-version-missing.toml" => "1:1: error: missing `format_version = 1` at the top of the file",
    format_version_wrong: "format-version-wrong.toml" => "2:18: error: unsupported format_version 2: this version of mlops-lab reads format_version = 1",
    invalid_toml: "invalid-toml.toml" => "11:41: error: invalid TOML: invalid basic string",
    markdown_table: "markdown-table.toml" => "12:15: error: `explanation` contains a Markdown table; write the facts as sentences or a list",
    match_repeated_side: "match-repeated-side.toml" => "22:9: error: pair 3 repeats the right side `Kolmogorov-Smirnov`",
    match_with_options: "match-with-options.toml" => "23:1: error: a match question uses [[question.pair]], not [[question.option]]",
    missing_field: "missing-field.toml" => "4:1: error: missing field `explanation`",
    missing_why: "missing-why.toml" => "18:1: error: option 2 has no `why`: say why it is right or wrong",
    multi_choose_missing: "multi-choose-missing.toml" => "6:8: error: a multi question needs `choose` (how many options to pick)",
    multi_choose_too_large: "multi-choose-too-large.toml" => "12:10: error: choose must be at least 2 and less than the number of options (3), found 3",
    multi_correct_count: "multi-correct-count.toml" => "6:8: error: choose = 2 but 1 option is marked correct",
    order_correct: "order-correct.toml" => "22:11: error: option 3 of an order question takes no `correct`: list the steps in the right order",
    order_too_few_steps: "order-too-few-steps.toml" => "4:1: error: an order question needs 3 to 6 [[question.option]] steps, found 2",
    pair_not_match: "pair-not-match.toml" => "22:1: error: [[question.pair]] is only for match questions",
    prompt_question_mark: "prompt-question-mark.toml" => "11:10: error: prompt must end with a question mark",
    qualifier_missing: "qualifier-missing.toml" => "11:10: error: prompt has no qualifier: use exactly one of MOST, LEAST, FIRST, BEST, NEXT, FASTEST, CHEAPEST, SIMPLEST, NOT",
    qualifier_twice: "qualifier-twice.toml" => "11:10: error: prompt has 2 qualifiers (BEST, FIRST): use exactly one",
    question_id_format: "question-id-format.toml" => "5:6: error: question id `q1` must be <topic>-NNN (three or four digits) with a known topic, e.g. `drift-007`",
    reference_not_https: "reference-not-https.toml" => "13:49: error: reference `http://docs.example.com/old` is not an https URL",
    single_correct_count: "single-correct-count.toml" => "6:8: error: a single question needs exactly 1 correct option, found 2",
    single_line_field: "single-line-field.toml" => "11:10: error: `prompt` must be a single line",
    too_few_options: "too-few-options.toml" => "4:1: error: a single question needs at least 2 [[question.option]], found 1",
    type_error: "type-error.toml" => r#"7:14: error: invalid type: string "two", expected i64"#,
    unknown_case: "unknown-case.toml" => "10:8: error: unknown case `globex-retail`",
    unknown_domain_tag: "unknown-domain-tag.toml" => "9:26: error: exam `demo-mle` has no domain or task `3.4` (tag `demo-mle:3.4`)",
    unknown_exam_tag: "unknown-exam-tag.toml" => "9:10: error: unknown exam `demo-xyz` in tag `demo-xyz:2`",
    unknown_field: "unknown-field.toml" => "8:1: error: unknown field `hint`, expected one of `id`, `type`, `difficulty`, `guide`, `topics`, `exams`, `drill_only`, `lab`, `case`, `scenario`, `prompt`, `choose`, `explanation`, `references`, `option`, `pair`",
    unknown_lab: "unknown-lab.toml" => "10:7: error: unknown lab `no-such-lab`",
    unknown_top_level_field: "unknown-top-level-field.toml" => "3:1: error: unknown field `title`, expected `format_version` or `question`",
    unknown_topic: "unknown-topic.toml" => "8:20: error: unknown topic `mlops`",
    unknown_type: "unknown-type.toml" => "6:8: error: unknown question type `truefalse`, expected single, multi, order or match",
}

pack_rules! {
    duplicate_case_id: "duplicate-case-id" / "cases.toml" => "10:6: error: duplicate case id `acme-lending` (first defined at tests/fixtures/content/invalid/duplicate-case-id/cases.toml:4)",
    duplicate_domain_id: "duplicate-domain-id" / "exams.toml" => "20:6: error: duplicate domain id `1` in exam `demo-x`",
    duplicate_exam_id: "duplicate-exam-id" / "exams.toml" => "19:6: error: duplicate exam id `demo-x` (first defined at tests/fixtures/content/invalid/duplicate-exam-id/exams.toml:4)",
    duplicate_task_id: "duplicate-task-id" / "exams.toml" => "22:6: error: duplicate task id `1.1` in exam `demo-x`",
    retired_date_format: "retired-date-format" / "exams.toml" => "10:14: error: retired_on `31/03/2026` is not a date written YYYY-MM-DD",
    retired_without_date: "retired-without-date" / "exams.toml" => r#"9:10: error: a retired exam needs `retired_on = "YYYY-MM-DD"`"#,
    unknown_item_type: "unknown-item-type" / "exams.toml" => "13:25: error: unknown item type `hotspot`, expected single, multi, order, match or case",
    unknown_status: "unknown-status" / "exams.toml" => "9:10: error: unknown status `paused`, expected active or retired",
    unknown_tool: "unknown-tool" / "exams.toml" => "10:20: error: unknown tool `SuperML` in `tools`; known tools: Airflow, Alibi Detect, BentoML, DVC, Evidently, Feast, Great Expectations, KServe, Kubeflow, MLflow, NannyML, Ray, Seldon, TFX, Weights & Biases",
    unknown_successor: "unknown-successor" / "exams.toml" => "10:13: error: unknown successor exam `demo-y`",
    no_domain_in_scope: "no-domain-in-scope" / "exams.toml" => "4:1: error: every domain of `demo-x` is `in_scope = false`; keep at least one in scope",
    weights_sum: "weights-sum" / "exams.toml" => "4:1: error: domain weights of `demo-x` sum to 97; they must sum to 100 (± 2)",
}

#[test]
fn a_quoted_escape_sequence_is_printed_inert() {
    let path = format!("{INVALID}/escape-in-quoted-value.toml");
    let (out, code) = check(&[&format!("{VALID}/exams.toml"), &path]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert_eq!(
        out,
        format!(
            "{path}:8:20: error: unknown topic `\\u{{1b}}[2Jgone`\nchecked 2 files: 1 error, 0 warnings\n"
        )
    );
    assert_eq!(code, 1);
}

#[test]
fn duplicate_ids_are_found_across_files() {
    let dup = format!("{INVALID}/duplicate-across-files.toml");
    let (out, code) = check(&[
        &format!("{VALID}/exams.toml"),
        &format!("{VALID}/cases.toml"),
        &format!("{VALID}/questions.toml"),
        &dup,
    ]);
    assert_eq!(
        out,
        format!(
            "{dup}:5:6: error: duplicate question id `drift-901` (first defined at {VALID}/questions.toml:3)\n\
             checked 4 files: 1 error, 0 warnings\n"
        )
    );
    assert_eq!(code, 1);
}

#[test]
fn every_problem_is_reported_in_file_order() {
    let path = format!("{INVALID}/many-problems.toml");
    let (out, code) = check(&[&format!("{VALID}/exams.toml"), &path]);
    let expected = [
        "7:14: error: difficulty must be 1, 2 or 3, found 9",
        "8:20: error: unknown topic `ops`",
        // An unknown field does not hide the other problems of its question.
        "25:14: error: difficulty must be 1, 2 or 3, found 5",
        "26:1: error: unknown field `level`, expected one of `id`, `type`, `difficulty`, `guide`, `topics`, `exams`, `drill_only`, `lab`, `case`, `scenario`, `prompt`, `choose`, `explanation`, `references`, `option`, `pair`",
        "40:1: error: unknown field `score`, expected one of `text`, `correct`, `why`",
        "44:8: error: a single question needs exactly 1 correct option, found 2",
        "49:10: error: prompt has no qualifier: use exactly one of MOST, LEAST, FIRST, BEST, NEXT, FASTEST, CHEAPEST, SIMPLEST, NOT",
    ]
    .map(|line| format!("{path}:{line}\n"))
    .concat();
    assert_eq!(
        out,
        format!("{expected}checked 2 files: 7 errors, 0 warnings\n")
    );
    assert_eq!(code, 1);
}

/// A warning fixture: exit 0 normally; with `--strict` the same finding is an error, exit 1.
fn warning_rule(fixture: &str, expected: &str) {
    warnings_rule(fixture, &[expected]);
}

/// [`warning_rule`] for a fixture with several findings, in order.
fn warnings_rule(fixture: &str, expected: &[&str]) {
    let path = format!("{INVALID}/{fixture}");
    let exams = format!("{VALID}/exams.toml");
    let n = expected.len();
    let lines = expected
        .iter()
        .map(|e| format!("{path}:{e}"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let noun = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let want = format!("{lines}checked 2 files: 0 errors, {}\n", noun(n, "warning"));
    let (out, code) = check(&[&exams, &path]);
    assert_eq!((out.as_str(), code), (want.as_str(), 0));
    let strict = format!(
        "{}checked 2 files: {}, 0 warnings\n",
        lines.replace(": warning: ", ": error: "),
        noun(n, "error")
    );
    let (out, code) = check(&["--strict", &exams, &path]);
    assert_eq!((out.as_str(), code), (strict.as_str(), 1));
}

#[test]
fn correct_option_longest_too_often_is_a_warning() {
    warning_rule(
        "warning-longest-correct.toml",
        "1:1: warning: the correct option is the longest in 5 of 5 single/multi questions (100%, limit 25%); vary option lengths",
    );
}

#[test]
fn uneven_correct_positions_are_a_warning() {
    warning_rule(
        "warning-uneven-positions.toml",
        "1:1: warning: more than half of the correct answers sit at position A (A 5, B 1, C 1, D 1); move some correct options",
    );
}

#[test]
fn a_user_pack_without_references_is_valid_with_a_warning() {
    warning_rule(
        "warning-references-missing.toml",
        "4:1: warning: `drift-101`: `references` is missing: cite at least one official https URL that backs the answer",
    );
    warning_rule(
        "warning-references-empty.toml",
        "13:14: warning: `drift-101`: `references` is empty: cite at least one official https URL that backs the answer",
    );
}

#[test]
fn a_planted_item_draws_the_absolute_word_and_dated_disclaimer_lints() {
    warnings_rule(
        "lint-planted.toml",
        &[
            r#"11:12: warning: `monitoring-150`: the stem carries a dated disclaimer ("as of 2025"); state the facts as of the exam guide (the question's `guide`) and drop the date"#,
            "20:8: warning: `monitoring-150`: options 2 (`always`), 3 (`only`) use absolute words and the key uses none, so a candidate can rule them out unread; drop the absolute and break a stated constraint instead",
        ],
    );
    // The same item without its tells passes.
    let (out, code) = check(&[
        "--strict",
        &format!("{VALID}/exams.toml"),
        &format!("{VALID}/lint-planted-fixed.toml"),
    ]);
    assert_eq!(
        (out.as_str(), code),
        ("checked 2 files: 0 errors, 0 warnings\n", 0)
    );
}

#[test]
fn a_tool_in_the_stem_of_an_item_whose_exam_guide_does_not_name_it_is_a_lint() {
    warning_rule(
        "lint-tool-tag.toml",
        "11:12: warning: `feature-store-103`: names Feast in its stem or key, and the demo-mle guide does not name it; tag it only to exams whose guides name the tool, or make it recall for drills (`drill_only = true`, `exams = []`)",
    );
}

#[test]
fn an_option_giving_its_own_reason_is_a_lint() {
    warning_rule(
        "lint-reason.toml",
        r#"19:8: warning: `monitoring-151`: option 2 gives its own reason ("so that"); options state actions only, move the reason to `why`"#,
    );
}

#[test]
fn options_sharing_few_words_are_a_lint() {
    warning_rule(
        "lint-overlap.toml",
        "15:8: warning: `monitoring-152`: the options share 0% of their words (at least 10%); write distractors as near variants of the key, each changing one or two elements",
    );
}

#[test]
fn a_key_repeating_a_rare_stem_phrase_is_a_lint() {
    warning_rule(
        "lint-given-away.toml",
        r#"15:8: warning: `monitoring-153`: option 1 (a key) repeats "prediction drift monitoring" from the stem and no distractor does, which gives the answer away; reword the stem or the key"#,
    );
}

#[test]
fn a_tag_to_an_out_of_scope_domain_is_an_error() {
    let dir = format!("{INVALID}/out-of-scope-tag");
    one_error(
        &[&dir],
        2,
        &format!("{dir}/questions.toml"),
        "8:22: error: exam tag `demo-x:2` names domain 2 of `demo-x`, which is outside this product (`in_scope = false` in the catalog); tag an in-scope domain",
    );
}

#[test]
fn coverage_shows_each_domain_against_its_weight_and_out_of_scope_domains_as_such() {
    let (out, code) = check(&["--coverage", VALID]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("demo-mle (guide 2026-06): "), "{out}");
    let (out, code) = check(&["--coverage"]);
    assert_eq!(code, 0, "{out}");
    let ai103 = out
        .split("azure-ai-103 (guide ")
        .nth(1)
        .and_then(|s| s.split("azure-ai-102").next())
        .unwrap();
    for d in ["3", "4", "5"] {
        assert!(
            ai103
                .lines()
                .any(|l| l.trim_start().starts_with(d) && l.ends_with("(out of scope)")),
            "{ai103}"
        );
    }
    // Domains 1 and 2 carry the exam's questions; their targets are their weights among the
    // in-scope ones (28 and 33 of 61).
    assert!(ai103.lines().any(|l| l.contains("28%    46%")), "{ai103}");
    assert!(ai103.lines().any(|l| l.contains("33%    54%")), "{ai103}");
}

#[test]
fn stale_lists_the_questions_written_against_an_older_guide() {
    let dir = "tests/fixtures/content/valid-stale";
    let (out, code) = check(&["--stale", dir]);
    assert_eq!(
        out,
        format!(
            "{dir}/questions.toml:4: drift-101: written against guide 2026-01; demo-mle now follows guide 2026-06: review it and set `guide = \"2026-06\"`\n\
             stale: 1 question-exam pair(s)\n\
             checked 2 files: 0 errors, 0 warnings\n"
        )
    );
    assert_eq!(code, 0);
    // The shipped bank states the guide of every question, and none is stale.
    let (out, code) = check(&["--stale"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("stale: 0 question-exam pair(s)\n"), "{out}");
}

#[test]
fn a_malformed_guide_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/content/valid-stale/questions.toml")
        .unwrap()
        .replace("guide = \"2026-01\"", "guide = \"2026-13\"");
    let path = dir.path().join("questions.toml");
    std::fs::write(&path, text).unwrap();
    let exams = "tests/fixtures/content/valid-stale/exams.toml";
    let shown = path.display().to_string();
    one_error(
        &[exams, &shown],
        2,
        &shown,
        "8:9: error: guide `2026-13` must be a year and month, YYYY-MM (the catalog's `guide` format)",
    );
}

#[test]
fn the_valid_pack_passes_even_in_strict_mode() {
    let (out, code) = check(&["--strict", VALID]);
    assert_eq!(out, "checked 5 files: 0 errors, 0 warnings\n");
    assert_eq!(code, 0);
}

#[test]
fn shipped_content_is_valid() {
    let (out, code) = check(&[]);
    assert!(!out.contains(": error: "), "{out}");
    assert!(out.contains(": 0 errors, "), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn content_packs_are_checked_with_the_shipped_content() {
    let (out, code) = check(&["--content", VALID]);
    assert_eq!(code, 0, "{out}");
    let bad = format!("{INVALID}/duplicate-case-id");
    let (out, code) = check(&["--content", &bad]);
    assert_eq!(code, 1);
    assert!(
        out.contains("duplicate-case-id/cases.toml:10:6: error: duplicate case id `acme-lending`"),
        "{out}"
    );
}

#[test]
fn an_unreadable_path_is_one_line_and_exit_2() {
    let out = assert_cmd::Command::cargo_bin("mlops-lab")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "no/such/file.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("mlops-lab: cannot read no/such/file.toml: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
