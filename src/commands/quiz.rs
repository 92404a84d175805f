//! `mlops-lab quiz`: the full-screen quiz in a terminal, or with `--plain` (or without a
//! terminal, or with `TERM=dumb`) a study session in line mode on standard input and output;
//! both drive the same [`Live`] session, and every answer is saved as it is given.

mod lines;
mod render;
mod wrap;

use lines::StdinLines;
pub use lines::{Input, LineSource};

use std::borrow::BorrowMut;
use std::io::Write;
use std::time::Duration;

use crate::cli::{GlobalArgs, QuizArgs, QuizMode};
use crate::clock::{Clock, SystemClock, UtcOffset};
use crate::content::Bank;
use crate::quiz::class::{ClassQuiz, ClassRequest, DEFAULT_SECONDS};
use crate::quiz::input::{self, Command};
use crate::quiz::live::RETENTION_SETTING;
use crate::quiz::readiness::readiness_text;
use crate::quiz::start::{self, Begun, time_limit_minutes};
use crate::quiz::{
    Live, Mode, Outcome, QuizError, QuizRequest, Scheduler, exam_progress, session_report,
};
use crate::store::Store;
use crate::tui::screens::Target;
use crate::tui::screens::quiz::QuizLaunch;

use super::{CommandError, Status, load_bank, open_store};

fn mode_of(mode: QuizMode) -> Mode {
    match mode {
        QuizMode::Practice => Mode::Practice,
        QuizMode::Exam => Mode::Exam,
        QuizMode::Drill => Mode::Drill,
        QuizMode::Missed => Mode::Missed,
        QuizMode::Review => Mode::Review,
    }
}

fn quiz_error(e: QuizError) -> CommandError {
    match e {
        QuizError::Store(s) => CommandError::Store(s.to_string()),
        other => CommandError::BadInput(other.to_string()),
    }
}

/// The exam the session asks about: `--exam` (`all` for none), else the learner's target exam
/// where the mode picks questions by exam (practice, exam, drill) and no `--topic` narrows them
/// instead; missed and review sessions span every exam.
fn exam_for(args: &QuizArgs, store: &Store, bank: &Bank) -> Result<Option<String>, CommandError> {
    let by_exam = matches!(
        args.mode,
        QuizMode::Practice | QuizMode::Exam | QuizMode::Drill
    );
    if args.exam.is_none() && !(by_exam && args.topic.is_none()) {
        return Ok(None);
    }
    super::exam_option(args.exam.as_deref(), store, bank)
}

/// The request the options make, for `exam` (from [`exam_for`]); without `--seed` the session
/// still has one (from the clock), printed so it can be replayed.
fn request(args: &QuizArgs, exam: Option<String>, now: crate::clock::Timestamp) -> QuizRequest {
    QuizRequest {
        mode: mode_of(args.mode),
        exam,
        domain: args.domain.clone(),
        topic: args.topic.clone(),
        count: args.count,
        seed: args.seed.unwrap_or(now.0.unsigned_abs()),
    }
}

/// Runs `mlops-lab quiz` on standard input and output with the system clock; dates are shown
/// at `offset`.
pub fn run(
    args: &QuizArgs,
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    if args.class {
        return class(args, global, offset);
    }
    if !args.plain {
        match super::app::terminal() {
            super::app::Terminal::Capable => return full_screen(args, global, offset),
            super::app::Terminal::Dumb => super::app::dumb_notice("the quiz runs in line mode"),
            super::app::Terminal::None => {}
        }
    }
    // On a terminal, long lines wrap between words; a pipe gets the lines whole.
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let mut wrapped = wrap::Wrap::new(out, wrap::Wrap::terminal_width());
        let status = run_lines(args, global, offset, &mut wrapped);
        wrapped.flush()?;
        return status;
    }
    run_lines(args, global, offset, out)
}

/// The full-screen quiz with the command-line options: the retention is checked and saved
/// first (as line mode does), then the app opens on the session (or on the set-up screen with
/// the reason when there is nothing to ask).
fn full_screen(
    args: &QuizArgs,
    global: &GlobalArgs,
    offset: UtcOffset,
) -> Result<Status, CommandError> {
    let mut store = open_store(global)?;
    if let Some(r) = args.retention {
        Scheduler::new(None, r).map_err(quiz_error)?;
        store.set_setting(RETENTION_SETTING, &r.to_string())?;
    }
    let exam = exam_for(args, &store, &load_bank(global)?)?;
    drop(store);
    let request = request(args, exam, SystemClock.now());
    let seed = request.seed;
    let launch = QuizLaunch {
        request,
        resume: args.resume,
    };
    super::app::open(global, offset, Target::QuizSession(launch), seed)
}

/// `quiz --class`: the options are checked here (one message and exit 2 when they cannot
/// work), then the app opens on the class screen. The store is opened only to find the target
/// exam; the session writes nothing.
fn class(args: &QuizArgs, global: &GlobalArgs, offset: UtcOffset) -> Result<Status, CommandError> {
    let bank = load_bank(global)?;
    let exam = {
        let store = open_store(global)?;
        let by_exam = args.topic.is_none() || args.exam.is_some();
        if by_exam {
            super::exam_option(args.exam.as_deref(), &store, &bank)?
        } else {
            None
        }
    };
    let now = SystemClock.now();
    let request = ClassRequest {
        exam,
        domain: args.domain.clone(),
        topic: args.topic.clone(),
        count: args.count,
        seed: args.seed.unwrap_or(now.0.unsigned_abs()),
        seconds: args.seconds.unwrap_or(DEFAULT_SECONDS),
    };
    ClassQuiz::new(&bank, &request, now).map_err(quiz_error)?;
    if super::app::terminal() != super::app::Terminal::Capable {
        return Err(CommandError::BadInput(
            "quiz --class is a full-screen view for a projector: it needs a terminal (stdin and stdout a terminal, TERM not dumb)"
                .into(),
        ));
    }
    let seed = request.seed;
    super::app::open(global, offset, Target::ClassQuiz(request), seed)
}

/// The quiz session itself, writing to `out`.
fn run_lines(
    args: &QuizArgs,
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let clock = SystemClock;
    let bank = load_bank(global)?;
    let mut store = open_store(global)?;
    let now = clock.now();
    if let Some(r) = args.retention {
        Scheduler::new(None, r).map_err(quiz_error)?;
        store.set_setting(RETENTION_SETTING, &r.to_string())?;
    }
    let live = if args.resume {
        let Some((live, row)) = start::resume_latest(&mut store, &bank, now).map_err(quiz_error)?
        else {
            writeln!(out, "No unfinished session to resume.")?;
            return Ok(Status::Success);
        };
        let minutes = time_limit_minutes(live.session());
        render::header(out, &bank, live.session(), minutes, row.record.seed)?;
        writeln!(
            out,
            "Resuming the session started {}: {} of {} answered.",
            row.record.started_at.date_string(offset),
            live.session().answered_count(),
            live.session().items().len()
        )?;
        live
    } else {
        // Read before starting: the new session is itself unfinished until it ends.
        if let Some(row) = store.unfinished_sessions()?.first() {
            writeln!(
                out,
                "(An unfinished {} session from {} can be continued with: mlops-lab quiz --resume)",
                row.record.mode,
                row.record.started_at.date_string(offset)
            )?;
        }
        let request = request(args, exam_for(args, &store, &bank)?, now);
        if let (None, Some(exam)) = (&args.exam, &request.exam) {
            writeln!(
                out,
                "(Exam {exam}: your target exam. --exam ID asks about another, --exam all about every exam.)"
            )?;
        }
        match start::start(&mut store, &bank, &request, now).map_err(quiz_error)? {
            Begun::Started(live) => {
                let minutes = time_limit_minutes(live.session());
                render::header(out, &bank, live.session(), minutes, request.seed)?;
                live
            }
            Begun::Nothing(msg) => {
                writeln!(out, "{msg}")?;
                return Ok(Status::Success);
            }
        }
    };
    let mut live = live;
    let mut lines = StdinLines::spawn();
    drive(&mut live, &bank, &clock, &mut lines, out)?;
    if let Some(exam) = live.session().exam().map(str::to_string) {
        let attempts = live.store().attempts()?;
        if let Some(p) = exam_progress(&bank, &attempts, offset)
            .iter()
            .find(|p| p.id == exam)
        {
            writeln!(
                out,
                "\nReadiness for {exam} over all sessions: {}",
                readiness_text(p)
            )?;
        }
    }
    Ok(Status::Success)
}

/// The line-mode loop: show the question, read a line, act, until the session ends; then the
/// report. Returns how the session ended.
pub fn drive<S: BorrowMut<Store>>(
    live: &mut Live<S>,
    bank: &Bank,
    clock: &dyn Clock,
    lines: &mut dyn LineSource,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    let mut show = true;
    loop {
        let now = clock.now();
        if live.tick(now).map_err(quiz_error)? {
            writeln!(
                out,
                "\nTime is up: the exam was submitted with the answers given."
            )?;
            break;
        }
        let session = live.session();
        if show {
            render::question(out, session, now)?;
            show = false;
        }
        render::prompt(out, session)?;
        let timeout = session
            .seconds_left(now)
            .map(|s| Duration::from_millis((s * 1000.0).ceil() as u64));
        let line = match lines.next_line(timeout) {
            Input::Line(line) => line,
            Input::TimedOut => continue,
            Input::End => {
                live.finish(clock.now(), Outcome::Ended)
                    .map_err(quiz_error)?;
                writeln!(
                    out,
                    "\nEnd of input: the session was submitted with the answers given."
                )?;
                break;
            }
        };
        let item = live.session().current();
        let n = item.shown.items.len();
        let command = match input::parse(&line, &item.question, n) {
            Ok(c) => c,
            Err(msg) => {
                writeln!(out, "{msg}")?;
                continue;
            }
        };
        match act(live, bank, clock, command, out) {
            Ok(Step::Stay) => {}
            Ok(Step::Show) => show = true,
            Ok(Step::Done) => break,
            Err(Failure::Quiz(QuizError::TimeUp)) => {
                writeln!(
                    out,
                    "\nTime is up: the exam was submitted with the answers given."
                )?;
                break;
            }
            Err(Failure::Quiz(QuizError::Store(e))) => {
                return Err(CommandError::Store(e.to_string()));
            }
            Err(Failure::Quiz(e)) => writeln!(out, "{e}")?,
            Err(Failure::Io(e)) => return Err(e.into()),
        }
    }
    let session = live.session();
    render::report(out, &session_report(session, bank), session)?;
    Ok(session.outcome().unwrap_or(Outcome::Ended))
}

/// Why a command did not complete: the learner's mistake (shown, then ask again) or output.
enum Failure {
    Quiz(QuizError),
    Io(std::io::Error),
}

impl From<QuizError> for Failure {
    fn from(e: QuizError) -> Self {
        Failure::Quiz(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// What the loop does after a command.
enum Step {
    /// Ask again without reprinting the question.
    Stay,
    /// Print the (new) current question.
    Show,
    /// The session is over.
    Done,
}

fn act<S: BorrowMut<Store>>(
    live: &mut Live<S>,
    bank: &Bank,
    clock: &dyn Clock,
    command: Command,
    out: &mut dyn Write,
) -> Result<Step, Failure> {
    let now = clock.now();
    let exam = live.session().mode() == Mode::Exam;
    match command {
        Command::Respond(response) => {
            let answered = live.answer(now, &response)?;
            if let Some(fb) = &answered.feedback {
                render::feedback(out, fb)?;
            } else {
                writeln!(out, "Answer saved.")?;
            }
            let last = live.session().position() + 1 == live.session().items().len();
            if exam && last {
                writeln!(out, "That was the last question: r to review, s to submit.")?;
                return Ok(Step::Stay);
            }
            if live.next(now)? {
                return Ok(Step::Done);
            }
            Ok(Step::Show)
        }
        Command::Next => Ok(if live.next(now)? {
            Step::Done
        } else {
            Step::Show
        }),
        Command::Prev => {
            live.prev(now)?;
            Ok(Step::Show)
        }
        Command::Goto(k) => {
            live.goto(now, k)?;
            Ok(Step::Show)
        }
        Command::Flag => {
            let flagged = live.toggle_flag(now)?;
            let n = live.session().position() + 1;
            writeln!(
                out,
                "Question {n} {}.",
                if flagged { "flagged" } else { "unflagged" }
            )?;
            Ok(Step::Stay)
        }
        Command::Review(filter) => {
            if !exam {
                let msg = "the review list is part of exam mode";
                return Err(QuizError::NotInThisMode(msg.into()).into());
            }
            render::review_list(out, live.session(), filter)?;
            Ok(Step::Stay)
        }
        Command::Submit => {
            if !exam {
                let msg = "submit ends an exam; type q to stop this session";
                return Err(QuizError::NotInThisMode(msg.into()).into());
            }
            live.finish(now, Outcome::Submitted)?;
            Ok(Step::Done)
        }
        Command::Quit => {
            live.finish(now, Outcome::Ended)?;
            Ok(Step::Done)
        }
        Command::Help => {
            render::help(out, live.session(), bank)?;
            Ok(Step::Stay)
        }
        Command::Report(note) => {
            let id = live.session().current().question.id.clone();
            live.store()
                .record_dispute(&id, &note, now)
                .map_err(|e| Failure::Quiz(QuizError::Store(e)))?;
            writeln!(
                out,
                "Dispute noted for {id}; `mlops-lab progress --disputes` lists it for the pack's author."
            )?;
            Ok(Step::Stay)
        }
    }
}

#[cfg(test)]
mod tests;
