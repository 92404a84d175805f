//! End to end: the lab player in a pseudo-terminal, as a newcomer drives it: open a lab, run a
//! step, check it, quit, and come back to find the step passed and the next one open.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Session, WaitStatus};

fn start(home: &std::path::Path) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlops-lab"));
    cmd.args(["lab", "first-pipeline"])
        .env("MLOPS_LAB_HOME", home)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    let mut session = Session::spawn(cmd).unwrap();
    session.get_process_mut().set_window_size(120, 40).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(60)));
    session
}

fn quit(mut session: Session) -> i32 {
    session.send("q").unwrap();
    session.expect(Eof).unwrap();
    match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the app did not exit normally: {other:?}"),
    }
}

#[test]
fn a_step_run_and_checked_is_remembered_after_quitting() {
    let home = tempfile::tempdir().unwrap();
    let mut s = start(home.path());
    s.expect("Pull a history to learn from").unwrap();
    s.send("r").unwrap();
    s.expect("c checks it").unwrap();
    // Keys are handled in order: the check is saved before `q` quits. (Its notice is not
    // awaited: the terminal only receives the cells that changed, so a sentence may arrive
    // in pieces.)
    s.send("c").unwrap();
    assert_eq!(quit(s), 0);

    let mut again = start(home.path());
    again.expect("Step 2 of 8").unwrap();
    again.expect("Describe what good data looks like").unwrap();
    assert_eq!(quit(again), 0);
}
