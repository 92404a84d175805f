//! End to end: the real binary in a pseudo-terminal, ended by signals, suspended and continued,
//! and pasted into. Whatever ends the app, the learner's terminal must come back as it was:
//! the main screen, no mouse reports, no bracketed paste, a visible cursor.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;
use std::time::Duration;

#[path = "support/pty.rs"]
mod pty;

use expectrl::{Eof, Session, Signal, WaitStatus};
use nix::sys::wait::{WaitPidFlag, waitpid};

const ENTER_ALTERNATE_SCREEN: &str = "\u{1b}[?1049h";
const LEAVE_ALTERNATE_SCREEN: &str = "\u{1b}[?1049l";
/// crossterm's `DisableMouseCapture`: every mouse mode it turned on, off again.
const MOUSE_OFF: &str = "\u{1b}[?1006l\u{1b}[?1015l\u{1b}[?1003l\u{1b}[?1002l\u{1b}[?1000l";
const PASTE_OFF: &str = "\u{1b}[?2004l";
const PASTE_ON: &str = "\u{1b}[?2004h";
const SHOW_CURSOR: &str = "\u{1b}[?25h";

/// The app on `home`; with no arguments, on the home screen (the first-start welcome answered).
fn start(args: &[&str], home: &Path) -> Session {
    if args.is_empty() {
        pty::past_welcome(home);
    }
    pty::start(args, (120, 40), home, Duration::from_secs(30))
}

/// Reads everything up to the end of the output.
fn rest(session: &mut Session) -> String {
    let rest = session.expect(Eof).unwrap();
    String::from_utf8_lossy(rest.as_bytes()).into_owned()
}

fn assert_terminal_restored(output: &str) {
    for (what, sequence) in [
        ("leave the alternate screen", LEAVE_ALTERNATE_SCREEN),
        ("turn mouse capture off", MOUSE_OFF),
        ("turn bracketed paste off", PASTE_OFF),
        ("show the cursor", SHOW_CURSOR),
    ] {
        assert!(output.contains(sequence), "did not {what}: {output:?}");
    }
}

/// Ends the app on the home screen with `signal` and checks it gave the terminal back and died
/// of that signal, as the shell expects.
fn ended_by(signal: Signal) {
    let home = tempfile::tempdir().unwrap();
    let mut s = start(&[], home.path());
    s.expect("Readiness").unwrap();
    s.get_process_mut().signal(signal).unwrap();
    assert_terminal_restored(&rest(&mut s));
    match s.get_process().wait().unwrap() {
        WaitStatus::Signaled(_, by, _) => assert_eq!(by, signal),
        other => panic!("{signal} should end the app by that signal: {other:?}"),
    }
}

#[test]
fn sigterm_mid_quiz_restores_the_terminal_and_closes_the_store() {
    let home = tempfile::tempdir().unwrap();
    let args = pty::store_pack_quiz();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut s = start(&args, home.path());
    s.expect("Question 1 of 2").unwrap();
    s.send("1").unwrap();
    // Frames are drawn by difference: a space already drawn on the theme's background is
    // skipped, so the output is searched for words without spaces.
    s.expect("answer:").unwrap();
    s.get_process_mut().signal(Signal::SIGTERM).unwrap();
    assert_terminal_restored(&rest(&mut s));
    assert!(matches!(
        s.get_process().wait().unwrap(),
        WaitStatus::Signaled(_, Signal::SIGTERM, _)
    ));
    // The last connection closed cleanly: SQLite checkpointed and removed its write-ahead log.
    let wal = home.path().join("progress.sqlite3-wal");
    assert!(!wal.exists(), "the store was not closed");
    let opened = mlops_lab::store::Store::open_in(home.path()).unwrap();
    assert!(opened.notice.is_none(), "{:?}", opened.notice);
    assert_eq!(opened.store.attempts().unwrap().len(), 1);
}

#[test]
fn sighup_restores_the_terminal_and_ends_the_app() {
    ended_by(Signal::SIGHUP);
}

#[test]
fn sigint_from_kill_restores_the_terminal_and_ends_the_app() {
    ended_by(Signal::SIGINT);
}

/// Waits until the app has stopped itself, checks it gave the terminal back first, then
/// continues it as `fg` would and checks it took the terminal again and redrew everything.
fn stops_and_comes_back(s: &mut Session) {
    let before_stop = s.expect(SHOW_CURSOR).unwrap();
    assert_terminal_restored(&format!(
        "{}{SHOW_CURSOR}",
        String::from_utf8_lossy(before_stop.before())
    ));
    let pid = s.get_process().pid();
    let status = waitpid(pid, Some(WaitPidFlag::WUNTRACED)).unwrap();
    assert!(
        matches!(status, WaitStatus::Stopped(_, Signal::SIGSTOP)),
        "{status:?}"
    );
    s.get_process_mut().signal(Signal::SIGCONT).unwrap();
    s.expect(ENTER_ALTERNATE_SCREEN).unwrap();
    // Every cell is drawn again, so the menu's text comes back.
    s.expect("Readiness").unwrap();
    s.expect("Exam simulation").unwrap();
}

fn quits_cleanly(mut s: Session) {
    s.send("q").unwrap();
    assert_terminal_restored(&rest(&mut s));
    assert!(matches!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
}

#[test]
fn ctrl_z_stops_the_app_and_sigcont_redraws_it() {
    let home = tempfile::tempdir().unwrap();
    let mut s = start(&[], home.path());
    s.expect("Exam simulation").unwrap();
    // Raw mode: the terminal sends Ctrl-Z as a byte, not as SIGTSTP.
    s.send("\u{1a}").unwrap();
    stops_and_comes_back(&mut s);
    // The keys work again: help opens.
    s.send("?").unwrap();
    s.expect("Keys (Esc or ? to close)").unwrap();
    quits_cleanly(s);
}

#[test]
fn sigtstp_from_kill_suspends_like_ctrl_z() {
    let home = tempfile::tempdir().unwrap();
    let mut s = start(&[], home.path());
    s.expect("Exam simulation").unwrap();
    s.get_process_mut().signal(Signal::SIGTSTP).unwrap();
    stops_and_comes_back(&mut s);
    quits_cleanly(s);
}

#[test]
fn a_bracketed_paste_lands_in_the_search_box_as_text() {
    let home = tempfile::tempdir().unwrap();
    let mut s = start(&["sandbox"], home.path());
    let first = s.expect("Knobs").unwrap();
    assert!(String::from_utf8_lossy(first.before()).contains(PASTE_ON));
    // Build the platform, so the training view has runs and its search box.
    s.send("\r").unwrap();
    s.expect("Done:").unwrap();
    // `/` opens the runs search; as keys, `q` would quit and `d` advance the simulated clock,
    // pasted they are text, and the bell in the middle is dropped.
    s.send("/\u{1b}[200~qd\u{7}qd\u{1b}[201~").unwrap();
    // (ratatui writes only the cells that changed: these all did, the box was empty.)
    s.expect("qdqd▏").unwrap();
    s.send("\u{1b}").unwrap();
    s.expect("filter").unwrap();
    quits_cleanly(s);
}
