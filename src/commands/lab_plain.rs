//! `mlops-lab lab ID|FILE --plain`: a lab played line by line on standard input and output,
//! for pipes, scripts and screen readers (and where the full-screen app cannot draw). It prints
//! the step's goal, what does the same on the real platforms and the step's checkpoint questions
//! (computed ones with this World's numbers), reads console lines, and prints the World's
//! events, the checks, each step's ✓ and the answers to its questions; every line typed is
//! saved, so the lab resumes where it was left.

use std::io::{BufRead, Write};

use super::{CommandError, Status};
use crate::clock::Clock;
use crate::content::{Bank, Lab, QuestionKind};
use crate::display::escape_lines;
use crate::lab::computed::ask;
use crate::lab::describe::describe;
use crate::lab::log::{SessionLog, save_target};
use crate::lab::record::{LabRecord, OpenError, Setup};
use crate::lab::session::{How, Output, Session, marks_text, rewound_text};
use crate::lab::{StepQuestion, step_questions};
use crate::store::Store;

/// How the plain player starts.
#[derive(Debug, Clone, Copy)]
pub struct PlainOptions<'a> {
    /// Start over instead of resuming an unfinished run.
    pub restart: bool,
    /// The seed and timeline asked for.
    pub setup: &'a Setup,
    /// Show a `> ` prompt (only when a person types at a terminal).
    pub prompt: bool,
}

/// What the player needs beside the lab: the bank its checkpoint questions come from, and the
/// lab as the learner named it (to say how to resume).
pub struct PlainContext<'a> {
    /// The loaded bank.
    pub bank: &'a Bank,
    /// The id or file given on the command line.
    pub target: &'a str,
}

/// Plays `lab` from `input`; exit 0 once the lab is complete, 1 when input ends before.
pub fn play(
    lab: Lab,
    ctx: &PlainContext<'_>,
    store: &mut Store,
    clock: &dyn Clock,
    options: PlainOptions<'_>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let opened =
        LabRecord::open(store, lab, options.setup, options.restart, clock.now()).map_err(|e| {
            match e {
                OpenError::Setup(m) => CommandError::BadInput(m),
                OpenError::Store(e) => CommandError::from(e),
            }
        })?;
    let (record, mut session) = (opened.record, opened.session);
    for (line, at) in &opened.replay {
        session.handle(line, *at);
    }
    let l = session.lab();
    writeln!(
        out,
        "{} ({} steps, about {} min). Type World commands (docs/commands.md), or :hint, :solution, :check, :next, :rewind, :save FILE, :quit.",
        escape_lines(&l.title),
        l.steps.len(),
        l.minutes
    )?;
    if let Some(t) = session.timeline() {
        writeln!(
            out,
            "An instructor's incident timeline is loaded ({}): incidents happen on their days.",
            escape_lines(&t.file)
        )?;
    }
    if session.step() > 0 {
        writeln!(
            out,
            "Resuming at step {} (`--restart` starts over).",
            session.step() + 1
        )?;
    }
    let mut asked = show_step(&session, ctx, out)?;
    let mut line = String::new();
    loop {
        if session.complete() {
            break;
        }
        if options.prompt {
            write!(out, "> ")?;
            out.flush()?;
        }
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let typed = line.trim_end_matches(['\n', '\r']).to_owned();
        if matches!(typed.trim(), ":quit" | ":q") {
            break;
        }
        if let Some(path) = save_target(&typed) {
            save(&session, ctx.target, path, out)?;
            continue;
        }
        let at = clock.now();
        record.input(store, &typed, at)?;
        let outputs = session.handle(&typed, at);
        print_answer(&session, ctx, &typed, &outputs, &mut asked, out)?;
        record.outputs(store, &session, &outputs, at)?;
    }
    if session.complete() {
        Ok(Status::Success)
    } else {
        writeln!(
            out,
            "Stopped at step {} of {}; `mlops-lab lab {} --plain` resumes here.",
            session.step() + 1,
            session.lab().steps.len(),
            ctx.target
        )?;
        Ok(Status::Failure)
    }
}

/// Prints what a line got back: its outputs, then the answers to a finished step's questions
/// and the next step (or the summary), whose questions become `asked`. `replay` prints the same.
pub(super) fn print_answer(
    session: &Session,
    ctx: &PlainContext<'_>,
    line: &str,
    outputs: &[Output],
    asked: &mut Vec<StepQuestion>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for o in outputs {
        print_output(o, line, out)?;
    }
    if outputs.iter().any(|o| matches!(o, Output::StepDone { .. })) {
        answers(asked, out)?;
    }
    if outputs.iter().any(|o| matches!(o, Output::LabDone)) {
        summary(session, out)?;
    } else if outputs
        .iter()
        .any(|o| matches!(o, Output::StepDone { .. } | Output::Rewound(_)))
    {
        *asked = show_step(session, ctx, out)?;
    }
    Ok(())
}

/// `:save FILE`: writes the session's log (`mlops-lab replay FILE` plays it again).
fn save(session: &Session, target: &str, path: &str, out: &mut dyn Write) -> std::io::Result<()> {
    if path.is_empty() {
        return writeln!(out, "  :save needs a file name, e.g. :save session.toml");
    }
    match SessionLog::of(session, target).write(std::path::Path::new(path)) {
        Ok(()) => writeln!(
            out,
            "Saved {} line(s) to {}: `mlops-lab replay {}` plays them again.",
            session.log().len(),
            escape_lines(path),
            escape_lines(path)
        ),
        Err(e) => writeln!(out, "  could not save to {}: {e}", escape_lines(path)),
    }
}

/// Prints the current step; returns the questions it asks (computed on the World as the step
/// begins), whose answers are printed once it is done.
pub(super) fn show_step(
    session: &Session,
    ctx: &PlainContext<'_>,
    out: &mut dyn Write,
) -> std::io::Result<Vec<StepQuestion>> {
    let Some(step) = session.current() else {
        return Ok(Vec::new());
    };
    let n = session.step() + 1;
    let total = session.lab().steps.len();
    let kind = if step.is_decision() {
        "decision"
    } else {
        "task"
    };
    writeln!(
        out,
        "\nStep {n} of {total} ({kind}): {}",
        escape_lines(&step.title)
    )?;
    writeln!(out, "{}", escape_lines(step.text.trim()))?;
    for (i, o) in step.options.iter().enumerate() {
        writeln!(out, "  {}) {}", i + 1, escape_lines(&o.label))?;
    }
    if step.is_decision() {
        writeln!(out, "Choose with :choose N (or type the number).")?;
    }
    if let Some(tools) = &step.real_tools {
        writeln!(out, "On the real platforms:")?;
        for (platform, what) in tools.entries() {
            writeln!(out, "  {platform}: {}", escape_lines(what))?;
        }
    }
    let world = session.world();
    let computed: Vec<_> = step.computed.iter().map(|q| ask(q, world)).collect();
    let questions = step_questions(step, &computed, |id| ctx.bank.question(id));
    let count = questions.iter().filter(|q| q.prompt.is_some()).count();
    let mut k = 0;
    for q in &questions {
        let Some(prompt) = &q.prompt else { continue };
        let id = &q.id;
        k += 1;
        let from = if q.computed { ", from your World" } else { "" };
        // A bank question's prompt leans on its scenario: print it first.
        if let Some(scenario) = ctx
            .bank
            .question(id)
            .filter(|_| !q.computed)
            .map(|b| b.scenario.trim())
            .filter(|s| !s.is_empty())
        {
            writeln!(out, "{}", escape_lines(scenario))?;
        }
        writeln!(
            out,
            "Checkpoint question {k} of {count}{from}: {}",
            escape_lines(prompt.trim())
        )?;
        let options: Vec<String> = if q.computed {
            computed
                .iter()
                .zip(&step.computed)
                .find(|(_, c)| &c.id == id)
                .and_then(|(a, _)| a.as_ref().ok())
                .map(|a| a.options.clone())
                .unwrap_or_default()
        } else {
            match ctx.bank.question(id).map(|b| &b.kind) {
                Some(QuestionKind::Single { options } | QuestionKind::Multi { options, .. }) => {
                    options.iter().map(|o| o.text.clone()).collect()
                }
                _ => Vec::new(),
            }
        };
        for (i, o) in options.iter().enumerate() {
            writeln!(out, "  {}) {}", letter(i), escape_lines(o))?;
        }
    }
    if count > 0 {
        writeln!(
            out,
            "(Think it over while you work: the answers follow the step.)"
        )?;
    }
    Ok(questions)
}

/// `a`, `b`, ... for an option's place.
fn letter(i: usize) -> char {
    char::from(b'a' + u8::try_from(i % 26).unwrap_or(0))
}

/// The answers to a finished step's questions.
fn answers(asked: &[StepQuestion], out: &mut dyn Write) -> std::io::Result<()> {
    for q in asked {
        if let Some(key) = &q.key {
            writeln!(out, "Answer ({}): {}", q.id, escape_lines(key))?;
        }
    }
    Ok(())
}

fn print_output(o: &Output, typed: &str, out: &mut dyn Write) -> std::io::Result<()> {
    match o {
        Output::Events(events) => {
            for e in events {
                writeln!(out, "  {}", escape_lines(&describe(e)))?;
            }
        }
        Output::Problem(p) => {
            let start = typed[..p.span.start.min(typed.len())].chars().count();
            let width = typed
                .get(p.span.clone())
                .map_or(1, |s| s.chars().count().max(1));
            writeln!(out, "  {}", escape_lines(typed))?;
            writeln!(out, "  {}{}", " ".repeat(start), "^".repeat(width))?;
            writeln!(out, "  error: {}", escape_lines(&p.message))?;
        }
        Output::Hint { n, of, text } => {
            writeln!(out, "Hint {n} of {of}: {}", escape_lines(text))?;
        }
        Output::NoMoreHints => writeln!(out, "No more hints: :solution runs the step's commands.")?,
        Output::Running(line) => writeln!(out, "Running: {}", escape_lines(line))?,
        Output::Check(c) => {
            let mark = if c.passed { "✓" } else { "✗" };
            writeln!(out, "{mark} check: {}", escape_lines(&c.detail))?;
        }
        Output::NotYet(c) => writeln!(
            out,
            "✗ not yet: {}. The step stays until its check passes (:hint helps).",
            escape_lines(&c.detail)
        )?,
        Output::StepDone { step, how } => {
            let how = match how {
                How::Unaided => "unaided",
                How::WithHints => "with hints",
                How::WithSolution => "with the solution",
            };
            writeln!(out, "✓ Step {} done ({how}).", step + 1)?;
        }
        Output::Chose { label, outcome, .. } => {
            writeln!(out, "You chose: {}", escape_lines(label))?;
            writeln!(out, "{}", escape_lines(outcome.trim()))?;
        }
        Output::Note(text) => writeln!(out, "  {}", escape_lines(text))?,
        Output::LabDone => {}
        Output::Points(marks) => writeln!(out, "  {}", marks_text(marks))?,
        Output::Rewound(mark) => writeln!(out, "{}", rewound_text(*mark))?,
    }
    Ok(())
}

fn summary(session: &Session, out: &mut dyn Write) -> std::io::Result<()> {
    let records = session.records();
    let count = |h: How| records.iter().filter(|r| r.done == Some(h)).count();
    let seconds: u64 = records.iter().map(|r| r.seconds).sum();
    writeln!(
        out,
        "\nLab complete: {} steps, {} unaided, {} with hints, {} with the solution, {} min on task.",
        records.len(),
        count(How::Unaided),
        count(How::WithHints),
        count(How::WithSolution),
        seconds / 60
    )?;
    for (step, r) in session.lab().steps.iter().zip(records) {
        if let Some(choice) = &r.choice {
            let label = step
                .options
                .iter()
                .find(|o| &o.id == choice)
                .map_or(choice.as_str(), |o| o.label.as_str());
            writeln!(
                out,
                "  Decision \"{}\": {}",
                escape_lines(&step.title),
                escape_lines(label)
            )?;
        }
    }
    Ok(())
}
