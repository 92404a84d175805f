//! `mlops-lab run LAB [--seed N] [--format text|json]`: plays a lab's commands on a fresh World
//! and prints, per step, what does the same on the real platforms, the checkpoint questions the
//! step asks (computed ones with the numbers of this World), every event (one line each) and the
//! step's check (✓ or ✗ with what is missing). JSON is JSON Lines, one object per step. Exit 0
//! when every check passes and every computed question could be asked, 1 otherwise, 2 on bad
//! input (unknown lab, unreadable file, invalid lab: its diagnostics are printed).

use std::io::{IsTerminal, Write};

use serde_json::json;

use crate::cli::{Format, GlobalArgs, RunArgs};
use crate::content::timeline::Timeline;
use crate::content::{self, LabError};
use crate::content::{Bank, RealTools};
use crate::lab::{self, StepQuestion, StepReport, describe::describe};
use crate::world::timeline::Scheduled;
use crate::world::vocabulary::console::command_line;

use super::{CommandError, Status};

/// Runs the lab.
pub fn run(
    args: &RunArgs,
    global: &GlobalArgs,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let lab = match content::find_lab(&args.lab, &global.content) {
        Ok(lab) => lab,
        Err(LabError::Invalid(diags)) => {
            let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
            return Err(CommandError::BadInput(format!(
                "lab {} is invalid:\n{}",
                args.lab,
                lines.join("\n")
            )));
        }
        Err(e) => return Err(CommandError::BadInput(e.to_string())),
    };
    let seed = args.seed.unwrap_or(lab.seed);
    let (timeline, schedule) = load_schedule(args, &lab)?;
    // The bank gives the prompts and keys of the step's bank questions.
    let (bank, _) = content::load_shipped(&global.content)
        .map_err(|e| CommandError::BadInput(e.to_string()))?;
    if args.format == Format::Text {
        writeln!(
            out,
            "{} ({}, {} seed {seed})",
            lab.title,
            lab.id,
            lab.scenario.name()
        )?;
        if let Some(t) = &timeline {
            print_timeline(t, &schedule, args.student.as_deref(), out)?;
        }
    }
    // Each step is printed as soon as it is done; on a terminal, stderr says which step is
    // running meanwhile (a step that advances months of traffic takes seconds).
    let progress = std::io::stderr().is_terminal();
    let steps = lab.steps.len();
    let (mut passed, mut total, mut unasked) = (0, 0, 0);
    let mut failed_write = None;
    let show_running = |next: usize| {
        if progress && next <= steps {
            eprint!("\r\x1b[2Krunning step {next} of {steps}…");
        }
    };
    show_running(1);
    lab::run_scheduled(&lab, seed, &schedule, |steps, r| {
        if progress {
            eprint!("\r\x1b[2K");
        }
        total += 1;
        passed += usize::from(r.check.passed);
        unasked += r.computed.iter().filter(|c| c.is_err()).count();
        if failed_write.is_none()
            && let Err(e) = print_step(&lab, &bank, seed, &r, args.format, out)
        {
            failed_write = Some(e);
        }
        if r.step < steps {
            show_running(r.step + 1);
        }
    });
    if let Some(e) = failed_write {
        return Err(e.into());
    }
    if args.format == Format::Text {
        writeln!(out, "\n{passed} of {total} checks passed")?;
        if unasked > 0 {
            writeln!(out, "{unasked} computed question(s) could not be asked")?;
        }
    }
    Ok(if passed == total && unasked == 0 {
        Status::Success
    } else {
        Status::Failure
    })
}

/// One step's report: text lines, or one JSON Lines object.
fn print_step(
    lab: &lab::Lab,
    bank: &Bank,
    seed: u64,
    r: &StepReport,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let step = &lab.steps[r.step - 1];
    let questions = lab::step_questions(step, &r.computed, |id| bank.question(id));
    match format {
        Format::Text => {
            writeln!(out, "\nStep {}: {}", r.step, r.title)?;
            if let Some(tools) = &step.real_tools {
                for (platform, what) in tools.entries() {
                    writeln!(out, "  on {platform}: {what}")?;
                }
            }
            for q in questions.iter().filter(|q| q.computed) {
                print_question(q, out)?;
            }
            for e in &r.events {
                writeln!(out, "  {}", describe(e))?;
            }
            let mark = if r.check.passed { '✓' } else { '✗' };
            writeln!(out, "  {mark} check: {}", r.check.detail)
        }
        Format::Json => {
            let line = json!({
                "lab": lab.id,
                "seed": seed,
                "step": r.step,
                "title": r.title,
                "events": r.events,
                "lines": r.events.iter().map(describe).collect::<Vec<_>>(),
                "check": { "passed": r.check.passed, "detail": r.check.detail },
                "real_tools": step.real_tools.as_ref().map(real_tools_json),
                "questions": questions,
            });
            writeln!(out, "{line}")
        }
    }
}

/// A computed question in the text report: its prompt and key, or why it could not be asked.
fn print_question(q: &StepQuestion, out: &mut dyn Write) -> std::io::Result<()> {
    match (&q.prompt, &q.key, &q.missing) {
        (Some(prompt), Some(key), _) => {
            writeln!(out, "  ? {} ({})", prompt.trim(), q.id)?;
            writeln!(out, "    key: {key}")
        }
        (_, _, why) => writeln!(
            out,
            "  ✗ question {}: cannot be asked: {}",
            q.id,
            why.as_deref().unwrap_or("unknown")
        ),
    }
}

/// The `real_tools` table as written (platforms left out are absent).
fn real_tools_json(t: &RealTools) -> serde_json::Value {
    json!({
        "vertex": t.vertex,
        "sagemaker": t.sagemaker,
        "azure_ml": t.azure_ml,
        "open_source": t.open_source,
    })
}

/// The instructor's timeline `--incidents` names, checked against the lab's scenario, and its
/// schedule for `--student`.
fn load_schedule(
    args: &RunArgs,
    lab: &content::Lab,
) -> Result<(Option<Timeline>, Vec<Scheduled>), CommandError> {
    let Some(path) = &args.incidents else {
        return Ok((None, Vec::new()));
    };
    let (t, schedule) =
        content::load_schedule(path, args.student.as_deref()).map_err(CommandError::BadInput)?;
    if t.scenario != lab.scenario {
        return Err(CommandError::BadInput(format!(
            "{}: the timeline is written for the {} scenario and lab {} runs {}",
            path.display(),
            t.scenario.name(),
            lab.id,
            lab.scenario.name()
        )));
    }
    Ok((Some(t), schedule))
}

/// The timeline's title and each incident as the console line it fires, with its day.
fn print_timeline(
    t: &Timeline,
    schedule: &[Scheduled],
    student: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let student = student.map_or_else(String::new, |s| format!(", student {s}"));
    writeln!(
        out,
        "incident timeline: {} ({} incident(s){student})",
        crate::display::escape(&t.title),
        schedule.len()
    )?;
    for s in schedule {
        writeln!(out, "  day {}: {}", s.day, command_line(&s.command))?;
    }
    Ok(())
}
