//! `mlops-lab run`: every shipped lab passes every check under its own seed and several others;
//! text and JSON Lines output; exit 1 on a failing check and 2 on bad input.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use bin::{at_root, output};

fn run(args: &[&str]) -> (String, String, i32) {
    output(at_root().arg("run").args(args))
}

fn shipped_lab_ids() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("labs");
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_shipped_lab_passes_every_check_under_many_seeds() {
    let ids = shipped_lab_ids();
    for id in [
        "first-pipeline",
        "broken-batch",
        "canary-rollback",
        "drift-detection",
    ] {
        assert!(ids.contains(&id.to_string()), "{id} is shipped");
    }
    for id in &ids {
        let lab = mlops_lab::content::find_lab(id, &[]).unwrap();
        assert_eq!(&lab.id, id, "a lab file is named after its id");
        assert!((6..=9).contains(&lab.steps.len()) || id != "first-pipeline");
        for seed in [lab.seed, 1, 7, 123, 2024, 31_337] {
            for r in mlops_lab::lab::run(&lab, seed) {
                assert!(
                    r.check.passed,
                    "{id} seed {seed} step {} ({}): {}",
                    r.step, r.title, r.check.detail
                );
                for c in &r.computed {
                    assert!(c.is_ok(), "{id} seed {seed} step {}: {c:?}", r.step);
                }
            }
        }
    }
}

#[test]
fn text_output_shows_events_and_check_marks() {
    let (out, err, code) = run(&["first-pipeline"]);
    assert_eq!(code, 0, "{out}");
    // Not a terminal: no progress line on stderr.
    assert_eq!(err, "");
    assert!(out.starts_with("Your first pipeline (first-pipeline, credit-risk seed 42)\n"));
    assert!(out.contains("\nStep 1: Pull a history to learn from\n"));
    assert!(out.contains("  ✓ check: the data has 5000 rows (need 5000)\n"));
    assert!(out.contains("ingest: up_for_retry (attempt 1)"), "{out}");
    assert!(out.contains("train: cached"), "{out}");
    assert!(out.ends_with("8 of 8 checks passed\n"));
}

#[test]
fn json_is_one_object_per_step_and_the_seed_is_honoured() {
    let (out, _, code) = run(&["first-pipeline", "--seed", "7", "--format", "json"]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["step"], i + 1);
        assert_eq!(l["seed"], 7);
        assert_eq!(l["check"]["passed"], true);
        assert_eq!(
            l["events"].as_array().unwrap().len(),
            l["lines"].as_array().unwrap().len()
        );
    }
    assert_eq!(lines[0]["events"][0]["event"], "data_generated");
}

#[test]
fn the_drift_lab_shows_the_alert_the_retrain_and_the_recovery() {
    let (out, _, code) = run(&["drift-detection"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ALERT: income drifted on day 4 vs training: wasserstein score"),
        "{out}"
    );
    assert!(out.contains("starting continuous training"), "{out}");
    assert!(out.contains("ingest read 4000 labelled production requests of scoring"));
    assert!(
        out.contains("scorer@champion -> version 2 (was 1)"),
        "{out}"
    );
    // The endpoint takes requests only once in service: no day has a failed request.
    for line in out.lines().filter(|l| l.contains("scoring day ")) {
        assert!(line.contains(" requests, 0 failed "), "{line}");
    }
    assert!(out.ends_with("10 of 10 checks passed\n"));
}

#[test]
fn a_failing_check_exits_1_with_what_is_missing() {
    let (out, _, code) = run(&["tests/fixtures/content/failing-lab/labs/failing-lab.toml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("  ✗ check: the data has 500 rows (need 1000)\n"),
        "{out}"
    );
    assert!(out.ends_with("1 of 2 checks passed\n"));
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let (_, err, code) = run(&["no-such-lab"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("mlops-lab: unknown lab `no-such-lab` (known: "),
        "{err}"
    );
    assert!(err.contains("first-pipeline"));

    let (_, err, code) = run(&["labs/no-such-file.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("mlops-lab: cannot read labs/no-such-file.toml: "),
        "{err}"
    );

    let path = "tests/fixtures/content/invalid/labs/unknown-command.toml";
    let (out, err, code) = run(&[path]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(
        err,
        format!(
            "mlops-lab: lab {path} is invalid:\n{path}:17:20: error: unknown command `generat` (did you mean `generate`?)\n"
        )
    );
}

#[test]
fn the_lab_player_refuses_an_unknown_lab_before_taking_the_terminal() {
    let (_, err, code) = output(
        at_root()
            .args(["--data-dir", std::env::temp_dir().to_str().unwrap()])
            .args(["lab", "no-such-lab"]),
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown lab `no-such-lab`"), "{err}");
    assert!(err.contains("first-pipeline"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// The questions of every JSON line of `run LAB --seed SEED --format json`, with the `real_tools`.
fn questions(id: &str, seed: &str) -> Vec<(serde_json::Value, serde_json::Value)> {
    let (out, err, code) = run(&[id, "--seed", seed, "--format", "json"]);
    assert_eq!(code, 0, "{id} {seed}: {out}{err}");
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["questions"].clone(), v["real_tools"].clone())
        })
        .collect()
}

fn computed_prompts(lines: &[(serde_json::Value, serde_json::Value)]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|(q, _)| q.as_array().unwrap().clone())
        .filter(|q| q["computed"] == true)
        .map(|q| q["prompt"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn computed_questions_read_each_seed_s_world_and_replay_across_processes() {
    for id in shipped_lab_ids() {
        let seven = questions(&id, "7");
        let other = questions(&id, "123");
        let (a, b) = (computed_prompts(&seven), computed_prompts(&other));
        assert!(!a.is_empty(), "{id} asks no computed question");
        for (x, y) in a.iter().zip(&b) {
            assert_ne!(x, y, "{id}: the same prompt under seeds 7 and 123");
        }
        assert_eq!(seven, questions(&id, "7"), "{id}: two processes, one seed");
        for (qs, tools) in &seven {
            for q in qs.as_array().unwrap() {
                assert!(q["id"].is_string() && q["prompt"].is_string(), "{q}");
                assert!(q["key"].is_string() && q["computed"].is_boolean(), "{q}");
            }
            for key in ["vertex", "sagemaker", "azure_ml", "open_source"] {
                assert!(
                    tools[key].as_str().is_some_and(|t| !t.is_empty()),
                    "{id}: real_tools.{key} in {tools}"
                );
            }
        }
    }
}

#[test]
fn text_output_shows_the_real_tools_and_the_computed_question_with_its_key() {
    let (out, _, code) = run(&["canary-rollback", "--seed", "7"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("\n  on SageMaker AI: UpdateEndpoint with DeploymentConfig"),
        "{out}"
    );
    assert!(
        out.contains("  ? The errors alarm fired on an hour in which version 2 failed"),
        "{out}"
    );
    assert!(
        out.contains("    key: Nothing by hand: the guardrail already sent every request back"),
        "{out}"
    );
}
