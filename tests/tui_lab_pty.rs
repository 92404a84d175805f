//! End to end: the lab player in a pseudo-terminal, as a newcomer drives it: open a lab, type a
//! command in the console, see the step complete, quit, and come back to find the next step open
//! with the same World.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::time::Duration;

#[path = "support/pty.rs"]
mod pty;

/// The lab player on the two-step fixture lab in a 120 x 40 terminal, its data folder `home`.
fn start(home: &std::path::Path) -> expectrl::Session {
    let lab = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/labs/two-step.toml"
    );
    pty::start(&["lab", lab], (120, 40), home, Duration::from_secs(60))
}

#[test]
fn a_typed_command_completes_a_step_that_is_remembered_after_quitting() {
    let home = tempfile::tempdir().unwrap();
    let mut s = start(home.path());
    s.expect("Pull a history").unwrap();
    // `:` opens the console; the line is typed as a person would, then Enter.
    s.send(":").unwrap();
    s.send("generate rows=5000 missing_rate=0.01\r").unwrap();
    // The terminal gets only the cells that change: wait for text that is new on screen.
    s.expect("step 1 done (unaided)").unwrap();
    // Esc leaves the console, so `q` quits rather than being typed.
    s.send("\x1b").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // The lab is unfinished, so `q` asks first.
    assert_eq!(pty::leave(s, "Leave").1, 0);

    let mut again = start(home.path());
    // The lines typed are replayed to rebuild the same World, then the lab goes on at step 2.
    again.expect("resumed at step 2").unwrap();
    assert_eq!(pty::leave(again, "Leave").1, 0);
}
