//! The terminal's modes while the app runs: raw mode, the alternate screen, mouse capture and
//! bracketed paste. [`open`] turns them on; [`leave`] turns every one off and shows the cursor,
//! on quit, on error, on panic, on SIGTERM, SIGHUP and SIGINT, and before a suspend, so the
//! learner's shell always comes back usable.

use std::io;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal};

/// Turns every mode on.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Turns every mode off and shows the cursor (ratatui hides it while drawing).
pub fn leave() {
    // Best effort: on the way out there is nobody left to report a failure to, and a terminal
    // that hung up (SIGHUP) fails every write.
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}

/// Takes the terminal over, with a panic hook that gives it back before the message prints.
pub fn open() -> io::Result<DefaultTerminal> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
    enter()
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())))
        .inspect_err(|_| leave())
}

/// Gives the terminal back for good.
pub fn close(mut terminal: DefaultTerminal) {
    leave();
    // ratatui's Drop shows a hidden cursor once more and reports a failure with `eprintln!`,
    // which panics when stderr is a terminal that hung up. `leave` showed it already; telling
    // ratatui so skips that, and if even this write fails the terminal is gone: skip the Drop.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// Ctrl-Z or SIGTSTP: gives the terminal back to the shell and stops the process; the shell's
/// `fg` continues it here, and the app takes the terminal again and redraws every cell.
/// Returns whether the process really stopped (so the loop knows a SIGCONT is on its way).
pub fn suspend(terminal: &mut DefaultTerminal) -> io::Result<bool> {
    if !cfg!(unix) {
        // No job control to hand the terminal to.
        return Ok(false);
    }
    leave();
    let stopped = stop();
    enter()?;
    redraw_all(terminal)?;
    Ok(stopped)
}

/// Clears the screen and forgets what was drawn, so the next frame writes every cell.
///
/// Not `Terminal::clear`: since ratatui 0.30 it asks the terminal for the cursor position, and
/// the answer goes to the input thread, which is waiting on the same stdin; the query then
/// times out and the app stopped with "the cursor position could not be read" after `fg`.
/// `resize` to the current size clears and resets the back buffer without asking anything.
fn redraw_all(terminal: &mut DefaultTerminal) -> io::Result<()> {
    let area = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, area.width, area.height))
}

/// SIGCONT that the app did not ask for (stopped by `kill -STOP`): the shell may have reset the
/// terminal's modes meanwhile and written over the screen, so both are set again.
pub fn reassert(terminal: &mut DefaultTerminal) -> io::Result<()> {
    // crossterm remembers that raw mode is on and would do nothing: turn it off first.
    disable_raw_mode()?;
    enable_raw_mode()?;
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    redraw_all(terminal)
}

/// Stops the whole process until SIGCONT. SIGSTOP, not SIGTSTP: the kernel ignores SIGTSTP in a
/// process group without a parent shell in its session (as under a pseudo-terminal's `setsid`);
/// SIGSTOP always stops.
#[cfg(unix)]
fn stop() -> bool {
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP).is_ok()
}

#[cfg(not(unix))]
fn stop() -> bool {
    false
}
