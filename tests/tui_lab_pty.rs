//! End to end: the lab player in a pseudo-terminal, as a newcomer drives it: open a lab, run a
//! step, check it, quit, and come back to find the step passed and the next one open.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::time::Duration;

#[path = "support/pty.rs"]
mod pty;

/// The lab player on `first-pipeline` in a 120 x 40 terminal, its data folder `home`.
fn start(home: &std::path::Path) -> expectrl::Session {
    pty::start(
        &["lab", "first-pipeline"],
        (120, 40),
        home,
        Duration::from_secs(60),
    )
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
    assert_eq!(pty::quit(s).1, 0);

    let mut again = start(home.path());
    again.expect("Step 2 of 8").unwrap();
    again.expect("Describe what good data looks like").unwrap();
    assert_eq!(pty::quit(again).1, 0);
}
