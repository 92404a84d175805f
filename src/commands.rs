//! Subcommand implementations: each takes its parsed arguments and writes to the given output.
//!
//! Errors a user can cause (bad files, bad options) come back as [`CommandError`] with the exit
//! code the binary should use; a command that ran but found problems returns
//! [`Status::Failure`] (exit 1).

use std::io::{self, Write};

use crate::cli::{Cli, Command, GlobalArgs};
use crate::clock::UtcOffset;
use crate::content::{self, Bank};
use crate::store::{self, Store};

mod app;
mod check;
mod drift;
mod export;
mod lab_plain;
mod progress;
mod quiz;
mod replay;
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

/// The learner's UTC offset from the system's local time zone (`TZ` or the system setting),
/// UTC when it cannot be known. Read once by `main` before any thread starts: the `time` crate
/// refuses to read it from a multi-threaded process, where the C library's call is unsound.
pub fn local_utc_offset() -> UtcOffset {
    time::UtcOffset::current_local_offset()
        .map_or(UtcOffset::UTC, |o| UtcOffset(i32::from(o.whole_minutes())))
}

/// Loads the bank for a study command, telling the learner (stderr) when content problems left
/// items out.
pub(crate) fn load_bank(global: &GlobalArgs) -> Result<Bank, CommandError> {
    let loaded =
        content::load_bank(&global.content).map_err(|e| CommandError::BadInput(e.to_string()))?;
    if let Some(notice) = loaded.notice() {
        eprintln!("mlops-lab: {notice}");
    }
    Ok(loaded.bank)
}

/// Opens the progress store in `--data-dir`, `MLOPS_LAB_HOME` or the user's data folder,
/// telling the learner (stderr) when a bad file had to be moved aside.
pub(crate) fn open_store(global: &GlobalArgs) -> Result<Store, CommandError> {
    let env_home = std::env::var_os("MLOPS_LAB_HOME");
    let opened = store::open_data_dir(global.data_dir.as_deref(), env_home.as_deref())?;
    if let Some(notice) = opened.notice {
        eprintln!("mlops-lab: {notice}");
    }
    Ok(opened.store)
}

/// Runs the parsed command line, writing its report to standard output. `offset` is the
/// learner's time zone, for the dates shown.
pub fn dispatch(cli: Cli, offset: UtcOffset) -> Result<Status, CommandError> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let global = &cli.global;
    let result = match cli.command {
        None => app::home(global, offset, &mut out),
        Some(Command::Drift(args)) => drift::run(&args, &mut out),
        Some(Command::Check(args)) => check::run(&args, global, &mut out),
        Some(Command::Quiz(args)) => quiz::run(&args, global, offset, &mut out),
        Some(Command::Progress(args)) => progress::run(&args, global, offset, &mut out),
        Some(Command::Run(args)) => run::run(&args, global, &mut out),
        Some(Command::Lab(args)) => app::lab(global, offset, &args),
        Some(Command::Replay(args)) => replay::replay(&args, global, &mut out),
        Some(Command::Sandbox(args)) => app::sandbox(global, offset, &args),
        Some(Command::Export(args)) => export::run(&args, global, offset, &mut out),
        Some(Command::ClassReport(args)) => export::class_report(&args, &mut out),
    };
    match result {
        // A reader that closed the pipe (`| head`) is not an error for the user.
        Err(CommandError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(Status::Success)
        }
        other => other,
    }
}

/// `--exam all`: every exam, even when the learner has a target exam.
const ALL_EXAMS: &str = "all";

/// The exam a command's `--exam` names: `Some(id)` for an id, `None` for `all`; when the option
/// is absent, the learner's target exam (chosen in the app), `None` without one or when it is no
/// longer in the loaded catalog (a content pack that defined it was left out).
fn exam_option(
    given: Option<&str>,
    store: &Store,
    bank: &Bank,
) -> Result<Option<String>, CommandError> {
    Ok(exam_choice(given, store.target_exam()?, bank))
}

/// [`exam_option`] with the stored target exam already read.
fn exam_choice(given: Option<&str>, target: Option<String>, bank: &Bank) -> Option<String> {
    match given {
        Some(ALL_EXAMS) => None,
        Some(id) => Some(id.to_owned()),
        None => target.filter(|id| bank.exam(id).is_some()),
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
         progress [--exam ID] [--format F] readiness and per-domain scores from your answers\n  \
         run LAB [--seed N] [--format F]   play a lab's commands headless and check every step\n  \
         replay LOG                        play a saved lab session (:save FILE) again, exactly\n  \
         export bank|progress --format F   the bank for Moodle/QTI/Anki/CSV, or your progress\n  \
         class-report FILE...              merge students' progress exports into tables\n\n\
         Try:\n  \
         mlops-lab quiz --exam aws-mla-c01            practice questions with explanations\n  \
         mlops-lab quiz --exam gcp-pmle --mode exam   a timed exam sampled by the blueprint\n  \
         mlops-lab run first-pipeline                 a guided lab, played headless\n\n\
         Run `mlops-lab <command> --help` for the options of each command.",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(Status::Success)
}
