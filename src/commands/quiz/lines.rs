//! Where line mode reads from: standard input through a background thread, so that waiting
//! for the learner can stop at the exam deadline.

use std::io::BufRead;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// One read from the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A line (without its newline).
    Line(String),
    /// Standard input closed.
    End,
    /// The wait ran out (the exam deadline).
    TimedOut,
}

/// Where lines come from; waiting is bounded so an exam can end on time while the learner
/// is still thinking.
pub trait LineSource {
    /// The next line, waiting at most `timeout` when given.
    fn next_line(&mut self, timeout: Option<Duration>) -> Input;
}

/// Lines read from standard input by a background thread, so waiting can time out.
pub(super) struct StdinLines(Receiver<String>);

impl StdinLines {
    pub(super) fn spawn() -> Self {
        let (tx, rx) = mpsc::channel();
        // The thread ends at end of input; if the session ends first it is left blocked in
        // read and goes away with the process.
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        StdinLines(rx)
    }
}

impl LineSource for StdinLines {
    fn next_line(&mut self, timeout: Option<Duration>) -> Input {
        match timeout {
            None => self.0.recv().map_or(Input::End, Input::Line),
            Some(t) => match self.0.recv_timeout(t) {
                Ok(line) => Input::Line(line),
                Err(RecvTimeoutError::Timeout) => Input::TimedOut,
                Err(RecvTimeoutError::Disconnected) => Input::End,
            },
        }
    }
}
