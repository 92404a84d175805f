//! An instructor's incident timeline (`--incidents FILE [--student ID]`): its incidents fire on
//! their simulated day in every process alike, a student id gives that student's own variant of
//! the numbers, and `check` reports every mistake in the file at its place.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use bin::{at_root, output};

const SPIKE: &str = "tests/fixtures/incidents/valid-spike.toml";

fn run(args: &[&str]) -> (String, String, i32) {
    output(at_root().arg("run").args(args))
}

/// The requests `scoring` served on served day `day`, from `run`'s text output.
fn requests_on(out: &str, day: u32) -> usize {
    let prefix = format!("scoring day {day}: ");
    let line = out
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} line in:\n{out}"));
    line[prefix.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_spike_multiplies_its_day_s_requests_and_only_that_day() {
    let (out, err, _) = run(&["canary-rollback", "--incidents", SPIKE]);
    assert!(err.is_empty(), "{err}");
    assert!(
        out.contains("day 1: inject_incident kind=traffic_spike factor=2"),
        "{out}"
    );
    // The endpoint asks 2,000 requests a day; the file's factor of 2 doubles day 1 alone.
    assert_eq!(requests_on(&out, 0), 2000);
    assert_eq!(requests_on(&out, 1), 4000);
    assert_eq!(requests_on(&out, 2), 2000);
}

#[test]
fn the_same_student_sees_the_same_world_in_every_process_and_students_differ() {
    let args = |student: &'static str| {
        vec![
            "canary-rollback",
            "--incidents",
            SPIKE,
            "--student",
            student,
            "--format",
            "json",
        ]
    };
    let (a, _, _) = run(&args("ana"));
    let (b, _, _) = run(&args("ana"));
    assert_eq!(a, b, "two processes for the same student differ");
    let (c, _, _) = run(&args("ben"));
    assert_ne!(a, c, "two students got the same variant");

    let header = |student: &str| {
        let (out, _, _) = run(&[
            "canary-rollback",
            "--incidents",
            SPIKE,
            "--student",
            student,
        ]);
        let factor: f64 = out
            .split("factor=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        (factor, requests_on(&out, 1))
    };
    let (fa, ra) = header("ana");
    let (fb, rb) = header("ben");
    // Drawn within the file's 2.0 plus or minus 0.5, and the day's requests follow the draw.
    for (f, r) in [(fa, ra), (fb, rb)] {
        assert!((1.5..=2.5).contains(&f), "factor {f}");
        assert_eq!(r, (2000.0 * f).round() as usize);
    }
    assert!((fa - fb).abs() > f64::EPSILON);
}

#[test]
fn check_reports_every_mistake_in_a_timeline_at_its_place() {
    let (out, _, code) = output(
        at_root()
            .arg("check")
            .arg("tests/fixtures/incidents/invalid/several.toml"),
    );
    assert_eq!(code, 1, "{out}");
    for expected in [
        "several.toml:7:11: error: incident 1: unknown feature \"salary\"",
        "several.toml:11:11: error: incident 2: leave from_day out",
        "several.toml:15:11: error: incident 3 at the low end of vary: a traffic spike's factor must be 1 to 10, got 0.5",
        "several.toml:16:18: error: incident 3: vary.shift names no number this command sets",
        "several.toml:19:7: error: incident 4: day must be 0",
        "several.toml:20:11: error: incident 4: a timeline schedules only inject_drift and inject_incident",
        "6 errors",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    let (out, _, code) = output(at_root().arg("check").arg(SPIKE));
    assert_eq!(code, 0, "{out}");
    let (out, _, code) = output(at_root().arg("check").arg("classroom/week3-incidents.toml"));
    assert_eq!(code, 0, "the shipped example timeline: {out}");
}

#[test]
fn a_timeline_for_another_scenario_or_a_file_that_is_not_one_is_refused() {
    let (_, err, code) = run(&[
        "canary-rollback",
        "--incidents",
        "tests/fixtures/incidents/invalid/wrong-scenario.toml",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("written for the churn scenario and lab canary-rollback runs credit-risk"),
        "{err}"
    );
    let (_, err, code) = run(&["canary-rollback", "--incidents", "labs/first-pipeline.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not an incident timeline"), "{err}");
    let (_, err, code) = run(&["canary-rollback", "--student", "ana"]);
    assert_eq!(code, 2, "--student without --incidents: {err}");
}
