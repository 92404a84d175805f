//! One seed, one result, in every process: each shipped lab is run headless by three separate
//! processes per seed and their JSON must agree byte for byte (in one process a `HashMap`'s
//! order is fixed, so only separate processes catch an order that leaks into results). The
//! deep-tree sweep on 20,000 rows is where near-tie splits used to flip between processes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_mlops-lab");
const PROCESSES: usize = 3;

/// Runs `mlops-lab run LAB [--seed S] --format json` in three processes at once and asserts
/// that they print the same bytes and pass every check.
fn same_in_every_process(lab: &str, seed: Option<u64>) {
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            let mut cmd = Command::new(BIN);
            cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(["run", lab, "--format", "json"]);
            if let Some(s) = seed {
                cmd.args(["--seed", &s.to_string()]);
            }
            cmd.stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for out in &outputs {
        assert!(
            out.status.success(),
            "{lab} seed {seed:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let first = &outputs[0].stdout;
    assert!(!first.is_empty());
    for (i, out) in outputs.iter().enumerate().skip(1) {
        if &out.stdout != first {
            let a = String::from_utf8_lossy(first);
            let b = String::from_utf8_lossy(&out.stdout);
            let (line, (x, y)) = a
                .lines()
                .zip(b.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((0, ("(length differs)", "")));
            panic!("{lab} seed {seed:?}: process {i} differs at line {line}:\n{x}\n{y}");
        }
    }
}

fn every_seed(lab: &str) {
    for seed in [None, Some(7), Some(123), Some(2024)] {
        same_in_every_process(lab, seed);
    }
}

#[test]
fn first_pipeline_is_the_same_in_every_process() {
    every_seed("first-pipeline");
    // The lab file by path reads the same as the shipped id.
    same_in_every_process("labs/first-pipeline.toml", None);
}

#[test]
fn broken_batch_is_the_same_in_every_process() {
    every_seed("broken-batch");
}

#[test]
fn canary_rollback_is_the_same_in_every_process() {
    every_seed("canary-rollback");
}

#[test]
fn drift_detection_is_the_same_in_every_process() {
    every_seed("drift-detection");
}

#[test]
fn a_deep_tree_sweep_on_20000_rows_is_the_same_in_every_process() {
    same_in_every_process("tests/fixtures/determinism/deep-sweep.toml", None);
    same_in_every_process("tests/fixtures/determinism/deep-sweep.toml", Some(123));
}
