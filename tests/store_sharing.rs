//! Many processes on one data folder: the full-screen app holds the store (its own connection
//! and the quiz session's) while `progress`, `quiz --plain` and `check` run beside it again and
//! again; every answer of every process must be kept, the store must pass SQLite's integrity
//! check, its WAL must stay in place while the app runs, and nothing may be moved aside.
//!
//! This is the reproduction of a lost-progress bug: a header probe opened and closed the store
//! file with `std::fs` while the app's connection was open, which drops every POSIX lock the
//! process holds on it, so another process checkpointed and deleted the WAL still in use.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Session;

#[path = "support/pty.rs"]
mod pty;

const BIN: &str = env!("CARGO_BIN_EXE_mlops-lab");

/// A pack with one exam of single-choice questions, so any question is answered with `1`.
fn pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-pack")
}

fn app(home: &Path) -> Session {
    let pack = pack();
    pty::start(
        &[
            "--content",
            pack.to_str().unwrap(),
            "quiz",
            "--exam",
            "store-demo",
            "--count",
            "40",
            "--seed",
            "1",
        ],
        (120, 40),
        home,
        Duration::from_secs(60),
    )
}

/// Answers the question on screen with `1`, waits until another process sees the answer in
/// the store (the screen is redrawn by difference, so its text is no reliable signal), then
/// moves to the next question.
fn answer_in_app(s: &mut Session, home: &Path, total_after: u64) {
    s.send("1").unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered(home) < total_after {
        assert!(
            Instant::now() < deadline,
            "the app's answer never reached the store"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    s.send("n").unwrap();
}

fn run(home: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(home)
        .arg("--content")
        .arg(pack())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{args:?} said: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn answered(home: &Path) -> u64 {
    let out = run(home, &["progress", "--format", "json"], "");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["exams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "store-demo")
        .map_or(0, |e| e["answered"].as_u64().unwrap())
}

#[test]
fn an_open_app_and_other_processes_keep_every_answer() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("progress.sqlite3");
    let wal = home.path().join("progress.sqlite3-wal");
    let mut s = app(home.path());
    s.expect("Question 1 of 40").unwrap();
    answer_in_app(&mut s, home.path(), 1);
    answer_in_app(&mut s, home.path(), 2);
    let rounds: u64 = 6;
    for round in 0..rounds {
        // Each round: a report, a three-question plain quiz answered in full, a content check.
        answered(home.path());
        let seed = (100 + round).to_string();
        let out = run(
            home.path(),
            &[
                "quiz",
                "--plain",
                "--exam",
                "store-demo",
                "--count",
                "3",
                "--seed",
                &seed,
            ],
            "1\n1\n1\n",
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("3 answered"), "{text}");
        run(home.path(), &["check"], "");
        assert!(
            wal.exists(),
            "round {round}: the app's WAL was deleted under it"
        );
    }
    let so_far = 2 + 3 * rounds;
    answer_in_app(&mut s, home.path(), so_far + 1);
    answer_in_app(&mut s, home.path(), so_far + 2);
    let (_, code) = pty::quit(s);
    assert_eq!(code, 0);

    assert_eq!(answered(home.path()), 4 + 3 * rounds);
    let conn = rusqlite::Connection::open(&store).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let attempts: i64 = conn
        .query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(attempts, (4 + 3 * rounds).cast_signed());
    let moved: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("corrupt"))
        .collect();
    assert!(moved.is_empty(), "moved aside: {moved:?}");
}

#[test]
fn processes_starting_together_on_an_empty_folder_all_work() {
    let home = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..6)
        .map(|_| {
            Command::new(BIN)
                .arg("--data-dir")
                .arg(home.path())
                .args(["progress", "--format", "json"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        !std::fs::read_dir(home.path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("corrupt"))
    );
}
