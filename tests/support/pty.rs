//! The real binary in a pseudo-terminal, for the end-to-end terminal tests: started on a fresh
//! data folder at a given size, and quit with `q` to read what it printed last and its exit code.
//!
//! Include it with `#[path = "support/pty.rs"] mod pty;`.

// Each test binary includes this file and uses only part of it; a failed unwrap here is a
// failed test.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Session, WaitStatus};

/// `--content <store fixture pack> quiz --exam store-demo --count 2 --seed 1`: a practice quiz
/// of single-choice items only, so "1" answers whatever comes first however the shipped bank
/// grows.
pub fn store_pack_quiz() -> Vec<String> {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-pack");
    let pack = pack.to_str().unwrap();
    [
        "--content",
        pack,
        "quiz",
        "--exam",
        "store-demo",
        "--count",
        "2",
        "--seed",
        "1",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Makes `home` a data folder whose learner has answered the first-start welcome (no target
/// exam), so `mlops-lab` alone opens on the home screen rather than the welcome.
pub fn past_welcome(home: &Path) {
    let mut store = mlops_lab::store::Store::open_in(home).unwrap().store;
    store
        .set_target_exam(None, mlops_lab::clock::Timestamp(0))
        .unwrap();
}

/// `mlops-lab ARGS...` in a `cols` x `rows` terminal with colours on, its data folder `home`;
/// each `expect` waits at most `wait`.
pub fn start(args: &[&str], (cols, rows): (u16, u16), home: &Path, wait: Duration) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlops-lab"));
    cmd.args(args)
        .env("MLOPS_LAB_HOME", home)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    let mut session = Session::spawn(cmd).unwrap();
    session
        .get_process_mut()
        .set_window_size(cols, rows)
        .unwrap();
    session.set_expect_timeout(Some(wait));
    session
}

/// Sends `q`, reads everything to the end, and returns the rest of the output and exit code.
pub fn quit(session: Session) -> (String, i32) {
    ends_with(session, "q")
}

/// Leaves a screen that asks before quitting (an unfinished lab, a running exam): `q`, the
/// question, then `y`; the rest of the output and the exit code as [`quit`] gives them.
pub fn leave(mut session: Session, question: &str) -> (String, i32) {
    session.send("q").unwrap();
    session.expect(question).unwrap();
    ends_with(session, "y")
}

fn ends_with(mut session: Session, key: &str) -> (String, i32) {
    session.send(key).unwrap();
    let rest = session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    let code = match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the app did not exit normally: {other:?}"),
    };
    (text, code)
}
