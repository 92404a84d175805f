//! The shipped labs, played in `mlops-lab lab FILE --plain` as a learner would: typing each
//! step's reference lines completes a lab unaided; every option of every decision leads to a
//! lab that `:solution` can finish (the choice plays out, and the later steps handle it); and the
//! labs come in curriculum order, first-pipeline first.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use std::path::{Path, PathBuf};

use bin::{mlops, output};
use mlops_lab::content::{Lab, LabStep, find_lab};

const SHIPPED: [&str; 13] = [
    "first-pipeline",
    "broken-batch",
    "canary-rollback",
    "drift-detection",
    "inference-modes",
    "shadow-then-blue-green",
    "autoscaling",
    "pipeline-backfill",
    "concept-drift",
    "ab-test",
    "transform-skew",
    "explain-and-fairness",
    "lineage-audit",
];

fn path(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("labs/{id}.toml"))
}

fn lab(id: &str) -> Lab {
    find_lab(path(id).to_str().unwrap(), &[]).unwrap()
}

/// Plays lab `id` on a fresh data folder with `input`; (stdout, exit code).
fn play(id: &str, input: &str) -> (String, i32) {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data.path())
        .arg("lab")
        .arg(path(id))
        .arg("--plain")
        .write_stdin(input);
    let (out, err, code) = output(&mut cmd);
    (format!("{out}{err}"), code)
}

/// The input that takes `choices[i]` (1-based) at the i-th decision (the recommended option
/// past the end of `choices`) and does each task step by typing its reference lines, or with
/// `:solution` when `solve`.
fn script(lab: &Lab, choices: &[usize], solve: bool) -> String {
    let mut lines = Vec::new();
    let mut decision = 0;
    for step in &lab.steps {
        if step.is_decision() {
            let n = choices
                .get(decision)
                .copied()
                .unwrap_or_else(|| step.recommended().unwrap() + 1);
            decision += 1;
            lines.push(format!(":choose {n}"));
        } else if solve {
            lines.push(":solution".to_owned());
        } else {
            lines.extend(step.solution.iter().cloned());
        }
    }
    lines.join("\n") + "\n"
}

fn decisions(lab: &Lab) -> Vec<usize> {
    lab.steps
        .iter()
        .filter(|s| s.is_decision())
        .map(|s| s.options.len())
        .collect()
}

#[test]
fn every_shipped_lab_has_a_decision_and_no_command_in_its_hints() {
    for id in SHIPPED {
        let lab = lab(id);
        assert!(!decisions(&lab).is_empty(), "{id} has no decision");
        for step in lab.steps.iter().filter(|s| !s.is_decision()) {
            for line in &step.solution {
                // The player adds the exact line as the last hint; the author's hints nudge and
                // explain, so no `key=value` of a reference line appears in them.
                let spelled = |t: &&str| {
                    t.split_once('=').is_some_and(|(k, _)| {
                        !k.is_empty()
                            && k.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "_.".contains(c))
                    })
                };
                for token in line.split_whitespace().filter(spelled) {
                    for hint in &step.hints {
                        assert!(
                            !hint.contains(token),
                            "{id}, step {:?}: a hint spells `{token}`: {hint}",
                            step.title
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn typing_the_reference_lines_completes_each_lab_unaided() {
    for id in SHIPPED {
        let lab = lab(id);
        let n = lab.steps.len();
        // One mistake on the way costs nothing but the line.
        let input = format!("generate rows=abc\n{}", script(&lab, &[], false));
        let (out, code) = play(id, &input);
        assert_eq!(code, 0, "{id}:\n{out}");
        assert!(out.contains("argument `rows` must be an integer"), "{out}");
        assert!(
            out.contains(&format!("Lab complete: {n} steps, {n} unaided")),
            "{id}:\n{out}"
        );
        // Each step says what does the same on the real platforms; the computed question is
        // asked with this World's numbers and answered once its step is done.
        assert!(
            out.contains("On the real platforms:\n  Agent Platform (Vertex AI): "),
            "{id}:\n{out}"
        );
        assert!(out.contains(", from your World: "), "{id}:\n{out}");
        let computed = &lab
            .steps
            .iter()
            .find(|s| !s.computed.is_empty())
            .unwrap()
            .computed[0];
        assert!(
            out.contains(&format!("Answer ({}): ", computed.id)),
            "{id}:\n{out}"
        );
    }
}

#[test]
fn every_option_of_every_decision_leads_to_a_completable_lab() {
    for id in SHIPPED {
        let lab = lab(id);
        let n = lab.steps.len();
        for (d, options) in decisions(&lab).into_iter().enumerate() {
            for o in 1..=options {
                let mut choices: Vec<usize> = lab
                    .steps
                    .iter()
                    .filter(|s| s.is_decision())
                    .map(|s| s.recommended().unwrap() + 1)
                    .collect();
                choices[d] = o;
                for solve in [true, false] {
                    let (out, code) = play(id, &script(&lab, &choices, solve));
                    assert_eq!(
                        code, 0,
                        "{id}, decision {d} option {o}, solve {solve}:\n{out}"
                    );
                    assert!(
                        out.contains(&format!("Lab complete: {n} steps")),
                        "{id}, decision {d} option {o}:\n{out}"
                    );
                }
            }
        }
    }
}

/// The options are not cosmetic: a non-recommended choice changes what the World does next.
#[test]
fn a_bad_choice_plays_out_in_the_following_steps() {
    // first-pipeline without retries: the first run fails at ingest.
    let l = lab("first-pipeline");
    let d = l.steps.iter().position(LabStep::is_decision).unwrap();
    let mut input: Vec<String> = vec![":solution".into(); d];
    input.extend([":choose 2".into(), "run_pipeline".into()]);
    let (out, code) = play("first-pipeline", &(input.join("\n") + "\n"));
    assert_eq!(code, 1);
    assert!(
        out.contains("run 1 ingest: failed (attempt 1) - transient error"),
        "{out}"
    );

    // canary-rollback all at once: the broken build answers every request, nothing rolls back.
    let l = lab("canary-rollback");
    let d = l.steps.iter().position(LabStep::is_decision).unwrap();
    let mut input: Vec<String> = vec![":solution".into(); d];
    input.extend([":choose 2".into(), ":solution".into(), ":check".into()]);
    let (out, _) = play("canary-rollback", &(input.join("\n") + "\n"));
    assert!(out.contains("ALARM errors"), "{out}");
    assert!(!out.contains("ROLLED BACK"), "{out}");
    assert!(
        out.contains("✗ check: version 1 takes [scoring: 0%]"),
        "{out}"
    );

    // shadow-then-blue-green without the shadow: callers meet the broken build until the
    // blue/green bake rolls back; with it, the errors fall on discarded copies only.
    let l = lab("shadow-then-blue-green");
    let d = l.steps.iter().position(LabStep::is_decision).unwrap();
    for (choice, rolled_back) in [(1, false), (2, true)] {
        let mut input: Vec<String> = vec![":solution".into(); d];
        input.extend([format!(":choose {choice}"), ":solution".into()]);
        let (out, _) = play("shadow-then-blue-green", &(input.join("\n") + "\n"));
        assert!(out.contains("ALARM errors"), "{out}");
        assert_eq!(out.contains("ROLLED BACK"), rolled_back, "{out}");
        assert_eq!(out.contains("2000 mirrored"), !rolled_back, "{out}");
    }

    // concept-drift: only the performance alert hears the change. An input-drift trigger
    // starts nothing; retraining on the warehouse history ships the old relation again.
    let l = lab("concept-drift");
    let d = l.steps.iter().position(LabStep::is_decision).unwrap();
    let mut input: Vec<String> = vec![":solution".into(); d];
    input.extend([":choose 2".into(), "advance_days days=3".into()]);
    let (out, _) = play("concept-drift", &(input.join("\n") + "\n"));
    assert!(out.contains("alerts only, so nothing retrains"), "{out}");
    assert!(!out.contains("starting continuous training"), "{out}");
    let mut input: Vec<String> = vec![":solution".into(); d];
    input.extend([":choose 3".into(), "advance_days days=3".into()]);
    let (out, _) = play("concept-drift", &(input.join("\n") + "\n"));
    assert!(out.contains("starting continuous training"), "{out}");
    // The retrain pulls the warehouse, not the requests served since the change.
    assert!(out.contains("run 2 ingest: succeeded"), "{out}");
    assert!(
        !out.contains("ingest read 4000 labelled production requests"),
        "{out}"
    );

    // broken-batch without a range: the megabytes pass validation until a domain is set.
    let mut input: Vec<String> = vec![":solution".into(); 2];
    input.extend([
        ":choose 2".into(),
        "corrupt_data issue.kind=unit_change issue.column=data_usage_gb issue.factor=1000".into(),
        "validate".into(),
    ]);
    let (out, _) = play("broken-batch", &(input.join("\n") + "\n"));
    assert!(out.contains("validation passed on 3000 rows"), "{out}");

    // pipeline-backfill with reprocess_behavior none: only the empty day runs, the failed days
    // keep their failed runs until the next step backfills them.
    let l = lab("pipeline-backfill");
    let d = l.steps.iter().position(LabStep::is_decision).unwrap();
    let mut input: Vec<String> = vec![":solution".into(); d];
    input.extend([":choose 2".into(), ":check".into()]);
    let (out, _) = play("pipeline-backfill", &(input.join("\n") + "\n"));
    assert!(out.contains("1 run(s) for day 94"), "{out}");
    assert!(
        out.contains("✗ check: the latest run failed for day 92, 93"),
        "{out}"
    );
}

#[test]
fn shipped_labs_are_listed_in_curriculum_order() {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data.path())
        .args(["progress", "--format", "json"]);
    let (out, err, code) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = doc["labs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, SHIPPED);
    let orders: Vec<Option<u32>> = SHIPPED.iter().map(|id| lab(id).order).collect();
    assert_eq!(
        orders,
        [
            Some(1),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            Some(6),
            Some(7),
            Some(8),
            Some(9),
            Some(10),
            Some(11),
            Some(12),
            Some(13)
        ]
    );
}

#[test]
fn check_refuses_a_taken_or_out_of_range_order_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let two = std::fs::read_to_string(bin::fixture("labs/two-step.toml")).unwrap();
    let with = |id: &str, order: &str| {
        two.replace(
            "id = \"two-step\"",
            &format!("id = \"{id}\"\norder = {order}"),
        )
    };
    std::fs::write(dir.path().join("a.toml"), with("lab-a", "3")).unwrap();
    std::fs::write(dir.path().join("b.toml"), with("lab-b", "3")).unwrap();
    std::fs::write(dir.path().join("c.toml"), with("lab-c", "0")).unwrap();
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("check")
        .arg(dir.path().join("a.toml"))
        .arg(dir.path().join("b.toml"))
        .arg(dir.path().join("c.toml"));
    let (out, err, code) = output(&mut cmd);
    let all = format!("{out}{err}");
    assert_ne!(code, 0, "{all}");
    assert!(all.contains("b.toml:3:9"), "{all}");
    assert!(all.contains("lab order 3 is already taken by"), "{all}");
    assert!(all.contains("c.toml:3:9"), "{all}");
    assert!(
        all.contains("order must be between 1 and 999, got 0"),
        "{all}"
    );
}
