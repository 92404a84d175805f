//! Everything the event loop waits for, through one channel: terminal events (keys, clicks,
//! resizes, pastes) read on their own thread, and the signals that concern the app, forwarded by
//! a signal-hook thread. The loop blocks on the channel, so it sleeps until something arrives,
//! wakes at once for a signal, and never polls.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event};

/// One thing for the loop to handle.
#[derive(Debug)]
pub enum Input {
    /// A key, click, resize or paste.
    Event(Event),
    /// Reading the terminal failed; nothing more will come from it.
    Failed(io::Error),
    /// A signal arrived.
    Signal(Signal),
}

/// What a signal asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM, SIGHUP or SIGINT (its number): give the terminal back, close the store, end.
    End(i32),
    /// SIGTSTP (`kill -TSTP`): suspend as Ctrl-Z does.
    Suspend,
    /// SIGCONT: the process was stopped and now runs again.
    Continued,
}

/// The channel the loop reads, fed by the signal and terminal threads.
pub struct Inputs {
    tx: Sender<Input>,
    rx: Receiver<Input>,
    #[cfg(unix)]
    signals: signal_hook::iterator::Handle,
}

impl Inputs {
    /// Catches the signals from now on. Call this before the terminal changes mode, so that a
    /// SIGTERM arriving at any moment after finds a handler that restores it.
    pub fn listen() -> io::Result<Inputs> {
        let (tx, rx) = mpsc::channel();
        #[cfg(unix)]
        let signals = unix::forward(tx.clone())?;
        Ok(Inputs {
            tx,
            rx,
            #[cfg(unix)]
            signals,
        })
    }

    /// Starts reading the terminal (once it is in raw mode).
    pub fn read_terminal(&self) {
        // crossterm starts watching SIGWINCH when its reader first runs. Do that here, before
        // the first frame: left to the new thread, a resize right after the first frame could
        // come before it and be lost, and the app would keep drawing at the old size.
        let _ = event::poll(Duration::ZERO);
        let tx = self.tx.clone();
        thread::spawn(move || {
            loop {
                let input = event::read().map_or_else(Input::Failed, Input::Event);
                let failed = matches!(input, Input::Failed(_));
                // The loop has gone (the app ended): stop reading.
                if tx.send(input).is_err() || failed {
                    return;
                }
            }
        });
    }

    /// The next input, waiting for it; with `timeout`, `None` when it passes first.
    pub fn next(&self, timeout: Option<Duration>) -> Option<Input> {
        let closed = || Input::Failed(io::Error::other("the terminal input closed"));
        match timeout {
            None => Some(self.rx.recv().unwrap_or_else(|_| closed())),
            Some(wait) => match self.rx.recv_timeout(wait) {
                Ok(input) => Some(input),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(closed()),
            },
        }
    }
}

impl Drop for Inputs {
    fn drop(&mut self) {
        // Ends the signal thread; its handlers are unregistered as it finishes.
        #[cfg(unix)]
        self.signals.close();
    }
}

/// Ends the process by `signal` as its default action would (a shell then reports "Terminated"
/// and scripts see the signal), once the terminal is restored and the store closed. Returns if
/// that failed, and the caller exits with 128 + the signal's number instead.
pub fn end_by(signal: i32) {
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    #[cfg(not(unix))]
    let _ = signal;
}

#[cfg(unix)]
mod unix {
    use std::io;
    use std::sync::mpsc::Sender;
    use std::thread;

    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    use signal_hook::iterator::{Handle, Signals};

    use super::{Input, Signal};

    /// Registers the handlers and forwards each signal into `tx` from a thread of its own.
    pub fn forward(tx: Sender<Input>) -> io::Result<Handle> {
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])?;
        let handle = signals.handle();
        thread::spawn(move || {
            for number in signals.forever() {
                let signal = match number {
                    SIGTSTP => Signal::Suspend,
                    SIGCONT => Signal::Continued,
                    other => Signal::End(other),
                };
                if tx.send(Input::Signal(signal)).is_err() {
                    return;
                }
            }
        });
        Ok(handle)
    }
}
