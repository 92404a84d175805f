//! Subcommand implementations: each takes its parsed arguments and writes to the given output.
//!
//! Errors a user can cause (bad files, bad options) come back as [`CommandError`] with the exit
//! code the binary should use; a command that ran but found problems returns
//! [`Status::Failure`] (exit 1).

use std::io::{self, Write};

use crate::cli::{Cli, Command};

mod app;
mod check;
mod drift;
pub(crate) mod progress;
mod quiz;
mod run;

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit 0: everything passed.
    Success,
    /// Exit 1: the command ran but found problems (a failing check, invalid content).
    Failure,
    /// The full-screen app ended on SIGTERM, SIGHUP or SIGINT (the number) with the terminal
    /// restored and the store closed; the process should end by the same signal, or exit with
    /// 128 + its number where it cannot.
    Signalled(i32),
}

impl Status {
    /// The process exit code for this status.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Failure => 1,
            Status::Signalled(signal) => u8::try_from(128 + signal).unwrap_or(u8::MAX),
        }
    }
}

/// An error that stops a command; its message is one line for the user.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Bad input: a file, an option or content the user supplied (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// The progress store could not be opened or written (exit 1).
    #[error("{0}")]
    Store(String),
    /// Writing the output failed (exit 1); a closed pipe is not reported.
    #[error("could not write output: {0}")]
    Output(#[from] io::Error),
}

impl From<crate::store::StoreError> for CommandError {
    fn from(e: crate::store::StoreError) -> Self {
        CommandError::Store(e.to_string())
    }
}

impl CommandError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::BadInput(_) => 2,
            CommandError::Store(_) | CommandError::Output(_) => 1,
        }
    }
}

/// Runs the parsed command line, writing its report to standard output.
pub fn dispatch(cli: Cli) -> Result<Status, CommandError> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        None => app::home(&cli.global, &mut out),
        Some(Command::Drift(args)) => drift::run(&args, &mut out),
        Some(Command::Check(args)) => check::run(&args, &cli.global, &mut out),
        Some(Command::Quiz(args)) => quiz::run(&args, &cli.global, &mut out),
        Some(Command::Progress(args)) => progress::run(&args, &cli.global, &mut out),
        Some(Command::Run(args)) => run::run(&args, &cli.global, &mut out),
        Some(Command::Lab(args)) => app::lab(&cli.global, &args),
        Some(Command::Sandbox(args)) => app::sandbox(&cli.global, &args),
    };
    match result {
        // A reader that closed the pipe (`| head`) is not an error for the user.
        Err(CommandError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(Status::Success)
        }
        other => other,
    }
}

/// What `mlops-lab` with no subcommand prints when it is not run in a terminal (piped, in CI).
fn overview(out: &mut dyn Write) -> Result<Status, CommandError> {
    writeln!(
        out,
        "mlops-lab {}: an offline MLOps certification lab\n\n\
         In a terminal, `mlops-lab` alone opens the full-screen app (labs, quizzes, progress).\n\n\
         Commands:\n  \
         lab [ID]                          a guided lab in the lab player (full-screen)\n  \
         sandbox [--scenario S]            every knob of the simulated platform (full-screen)\n  \
         drift REFERENCE.csv CURRENT.csv   per-column drift report (Evidently's tests)\n  \
         check [PATH...]                   validate content files (shipped content by default)\n  \
         quiz [--exam ID] [--mode M]       practice, exam, drill, missed or review questions\n  \
         progress [--format json]          readiness and per-domain scores from your answers\n  \
         run LAB [--seed N] [--format F]   play a lab's commands headless and check every step\n\n\
         Try:\n  \
         mlops-lab quiz --exam aws-mla-c01            practice questions with explanations\n  \
         mlops-lab quiz --exam gcp-pmle --mode exam   a timed exam sampled by the blueprint\n  \
         mlops-lab run first-pipeline                 a guided lab, played headless\n\n\
         Run `mlops-lab <command> --help` for the options of each command.",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(Status::Success)
}
