//! A lab session is its seed, its timeline and its lines: `:rewind` goes back to a step's or a
//! day's start and the same commands then give the same World; `:save FILE` writes the log and
//! `mlops-lab replay FILE` plays it again byte for byte in any process; a resumed run keeps the
//! instructor's timeline it started with.

// Helpers outside #[test] functions: a panic there is a failed test too.
#![allow(clippy::unwrap_used)]

#[path = "support/bin.rs"]
mod bin;

use std::path::Path;

use bin::{fixture, on_data, output};

const SPIKE: &str = "incidents/valid-spike.toml";

/// Plays `canary-rollback` line by line on `data` with `extra` options; stdout, stderr, status.
fn plain(data: &Path, extra: &[&str], input: &str) -> (String, String, i32) {
    output(
        on_data(data)
            .args(["lab", "canary-rollback", "--plain"])
            .args(extra)
            .write_stdin(input),
    )
}

/// Every "scoring day N: ..." line, in order.
fn day_lines(out: &str) -> Vec<&str> {
    out.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("scoring day "))
        .collect()
}

#[test]
fn a_rewound_day_served_again_is_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    let spike = fixture(SPIKE);
    let (out, err, code) = plain(
        dir.path(),
        &["--incidents", spike.to_str().unwrap()],
        ":solution\n:solution\nadvance_days days=3\n:rewind day 1\nadvance_days days=3\n",
    );
    assert_eq!(code, 1, "stopped mid-lab: {err}");
    assert!(out.contains("⟲ back at the start of day 1"), "{out}");
    let days = day_lines(&out);
    // Day 0 (step 2), days 1-3, then days 1-3 again after the rewind.
    assert_eq!(days.len(), 7, "{days:#?}");
    assert_eq!(days[1..4], days[4..7], "the same World gives the same days");
    assert!(
        days[1].starts_with("scoring day 1: 4000 requests"),
        "the spike: {}",
        days[1]
    );
    assert!(
        days[2].starts_with("scoring day 2: 2000 requests"),
        "{}",
        days[2]
    );
}

#[test]
fn a_saved_session_replays_byte_for_byte_in_two_processes() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("session.toml");
    let spike = fixture(SPIKE);
    let input = format!(
        ":solution\n:solution\nadvance_days days=2\n:rewind step 2\n:hint\nadvance_days days=2\n:save {}\n",
        log.display()
    );
    let (out, err, _) = plain(
        dir.path(),
        &["--seed", "7", "--incidents", spike.to_str().unwrap()],
        &input,
    );
    assert!(out.contains("Saved 6 line(s)"), "{out}\n{err}");
    let replay = |n: Option<&str>| {
        let mut cmd = on_data(dir.path());
        cmd.arg("replay").arg(&log);
        if let Some(n) = n {
            cmd.args(["--lines", n]);
        }
        output(&mut cmd)
    };
    let (first, err, code) = replay(None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(replay(None).0, first, "another process, the same bytes");
    assert!(first.contains("seed 7, 6 line(s)"), "{first}");
    // The replay shows the very days the learner saw, the spike included.
    assert_eq!(day_lines(&first), day_lines(&out));
    assert!(first.contains("⟲ back at the start of step 2"), "{first}");
    let (part, _, _) = replay(Some("3"));
    assert!(
        part.contains("Replayed 3 line(s): at step 3 of 8."),
        "{part}"
    );
}

#[test]
fn a_resumed_run_keeps_its_timeline_and_refuses_other_options() {
    let dir = tempfile::tempdir().unwrap();
    let spike = fixture(SPIKE);
    let spike = spike.to_str().unwrap();
    let (first, _, _) = plain(
        dir.path(),
        &["--incidents", spike],
        ":solution\n:solution\n",
    );
    assert!(first.contains("incident timeline is loaded"), "{first}");
    // Resumed without options: the stored timeline still fires on day 1.
    let (out, _, _) = plain(dir.path(), &[], "advance_days days=1\n");
    assert!(out.contains("Resuming at step 3"), "{out}");
    let days = day_lines(&out);
    assert!(
        days.last()
            .unwrap()
            .starts_with("scoring day 1: 4000 requests"),
        "{days:#?}"
    );
    let (_, err, code) = plain(dir.path(), &["--seed", "5"], "");
    assert_eq!(code, 2);
    assert!(err.contains("unfinished run played at seed 42"), "{err}");
    assert!(err.contains("--restart"), "{err}");
}

#[test]
fn a_bad_log_is_one_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "format_version = 1\nlab = \"canary-rollback\"\nlines = 3\n",
    )
    .unwrap();
    let (_, err, code) = output(on_data(dir.path()).arg("replay").arg(&bad));
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml: not a session log"), "{err}");
    let unknown = dir.path().join("unknown.toml");
    std::fs::write(
        &unknown,
        "format_version = 1\nlab = \"no-such-lab\"\nseed = 1\nlines = []\n",
    )
    .unwrap();
    let (_, err, code) = output(on_data(dir.path()).arg("replay").arg(&unknown));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-lab"), "{err}");
}
