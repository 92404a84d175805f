//! `mlops-lab lab FILE --plain`: a lab played by typing, as a script or a screen-reader user
//! does. The lab completes by its checks whatever commands got there; `:next` never skips an
//! unfinished task; `:solution` completes a step and is recorded as such; each step's result
//! reaches `progress --format json`; a stopped lab resumes where it was left.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use std::path::Path;

use bin::{fixture, mlops, output};

/// Plays the two-step fixture lab with `input` on a data folder; (stdout, stderr, exit code).
fn play(data: &Path, input: &str, extra: &[&str]) -> (String, String, i32) {
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data)
        .arg("lab")
        .arg(fixture("labs/two-step.toml"))
        .arg("--plain")
        .args(extra)
        .write_stdin(input);
    output(&mut cmd)
}

/// The fixture lab's entry of `progress --format json`.
fn lab_progress(data: &Path) -> serde_json::Value {
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data)
        .args(["progress", "--format", "json"]);
    let (out, err, code) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["labs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "two-step")
        .cloned()
        .unwrap_or_else(|| panic!("two-step is not in {doc}"))
}

#[test]
fn typing_the_commands_completes_the_lab_unaided() {
    let data = tempfile::tempdir().unwrap();
    let (out, err, code) = play(
        data.path(),
        "generate rows=5000 missing_rate=0.01\ninfer_schema\nvalidate\n",
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Step 1 of 2 (task): Pull a history"), "{out}");
    assert!(out.contains("✓ Step 1 done (unaided)."), "{out}");
    assert!(out.contains("validation passed on 5000 rows"), "{out}");
    assert!(out.contains("Lab complete: 2 steps, 2 unaided"), "{out}");
    let p = lab_progress(data.path());
    assert_eq!(p["completed"], true);
    assert_eq!(
        (p["steps_done"].as_u64(), p["unaided"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(p["with_solution"], 0);
}

#[test]
fn next_does_not_skip_a_task_and_input_ending_early_exits_1() {
    let data = tempfile::tempdir().unwrap();
    let (out, _, code) = play(data.path(), &":next\n".repeat(10), &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("✗ not yet: no data yet").count(), 10, "{out}");
    assert!(out.contains("Stopped at step 1 of 2"), "{out}");
    let p = lab_progress(data.path());
    assert_eq!(
        (p["completed"].as_bool(), p["steps_done"].as_u64()),
        (Some(false), Some(0))
    );
}

#[test]
fn two_solutions_complete_it_recorded_as_with_solution() {
    let data = tempfile::tempdir().unwrap();
    let (out, err, code) = play(data.path(), ":solution\n:solution\n", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Running: generate rows=5000 missing_rate=0.01"),
        "{out}"
    );
    assert!(out.contains("✓ Step 2 done (with the solution)."), "{out}");
    let p = lab_progress(data.path());
    assert_eq!(
        (p["with_solution"].as_u64(), p["unaided"].as_u64()),
        (Some(2), Some(0))
    );
}

#[test]
fn a_mistyped_argument_is_named_and_pointed_at() {
    let data = tempfile::tempdir().unwrap();
    let (out, _, code) = play(data.path(), "generate rows=abc\n", &[]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "  generate rows=abc")
        .unwrap();
    assert_eq!(lines[at + 1], "                ^^^");
    assert_eq!(
        lines[at + 2],
        "  error: command `generate`: argument `rows` must be an integer, found `abc`"
    );
}

#[test]
fn a_player_command_typed_without_its_colon_is_pointed_to_it() {
    let data = tempfile::tempdir().unwrap();
    let (out, _, _) = play(data.path(), "solution\n", &[]);
    assert!(
        out.contains("`solution` is a player command: type it with a colon, `:solution`"),
        "{out}"
    );
    assert!(!out.contains("unknown command"), "{out}");
}

#[test]
fn hints_go_from_a_nudge_to_the_line_to_type_and_count_as_help() {
    let data = tempfile::tempdir().unwrap();
    let (out, _, code) = play(
        data.path(),
        ":hint\n:hint\n:hint\ngenerate rows=5000 missing_rate=0.01\ninfer_schema\nvalidate\n",
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Hint 1 of 2: The command that creates the table is generate."),
        "{out}"
    );
    assert!(
        out.contains("Hint 2 of 2: Type `generate rows=5000 missing_rate=0.01`"),
        "{out}"
    );
    assert!(out.contains("No more hints"), "{out}");
    assert!(out.contains("✓ Step 1 done (with hints)."), "{out}");
    let p = lab_progress(data.path());
    assert_eq!(
        (p["with_hints"].as_u64(), p["unaided"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn a_stopped_lab_resumes_where_it_was_left_and_restart_starts_over() {
    let data = tempfile::tempdir().unwrap();
    let (_, _, code) = play(data.path(), "generate rows=5000\n", &[]);
    assert_eq!(code, 1);
    let (out, _, code) = play(data.path(), "infer_schema\nvalidate\n", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Resuming at step 2"), "{out}");
    let (out, _, code) = play(data.path(), "", &["--restart"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Step 1 of 2") && !out.contains("Resuming"),
        "{out}"
    );
}

/// Plays the decision fixture lab.
fn play_decision(data: &Path, input: &str) -> (String, String, i32) {
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data)
        .arg("lab")
        .arg(fixture("labs/decision.toml"))
        .arg("--plain")
        .write_stdin(input);
    output(&mut cmd)
}

#[test]
fn a_decision_changes_the_world_the_next_step_runs_on_and_is_recorded() {
    let data = tempfile::tempdir().unwrap();
    let (out, err, code) = play_decision(
        data.path(),
        "generate rows=5000\n:next\n2\nvalidate\ngenerate rows=5000\ninfer_schema\nvalidate\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Step 2 of 3 (decision): Validate first, or not?"),
        "{out}"
    );
    assert!(
        out.contains("  2) Infer it later, after tonight's load"),
        "{out}"
    );
    assert!(out.contains("this step is a decision"), "{out}");
    assert!(
        out.contains("You chose: Infer it later, after tonight's load"),
        "{out}"
    );
    // The bad choice's damage is what the next step's validation finds.
    assert!(
        out.contains("validation FAILED on 5000 rows: FEATURE_TYPE_LOW_FRACTION_PRESENT on income"),
        "{out}"
    );
    assert!(
        out.contains("Decision \"Validate first, or not?\": Infer it later, after tonight's load"),
        "{out}"
    );
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data.path())
        .args(["progress", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&output(&mut cmd).0).unwrap();
    let lab = doc["labs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "decision-fixture")
        .unwrap();
    assert_eq!(
        lab["decisions"],
        serde_json::json!([{ "step": 2, "choice": "infer-later" }])
    );
}

#[test]
fn a_headless_run_takes_the_recommended_option() {
    let mut cmd = mlops();
    cmd.arg("run").arg(fixture("labs/decision.toml"));
    let (out, err, code) = output(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("decision: Infer a schema now"), "{out}");
}
