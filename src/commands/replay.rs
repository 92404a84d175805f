//! `mlops-lab replay LOG [--lines N]`: plays a saved lab session (`:save FILE` in the player)
//! again on a fresh World with its seed and timeline, printing each line and what came back as
//! the plain player does. The World is deterministic, so the output is the session's, exactly,
//! on any machine; nothing is recorded in the store. Exit 0 once replayed, 2 on a bad log.

use std::io::Write;

use super::lab_plain::{PlainContext, print_answer, show_step};
use super::{CommandError, Status};
use crate::cli::{GlobalArgs, ReplayArgs};
use crate::clock::Timestamp;
use crate::content;
use crate::display::escape_lines;
use crate::lab::log::SessionLog;
use crate::lab::session::Session;

/// Replays the log.
pub fn replay(
    args: &ReplayArgs,
    global: &GlobalArgs,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let place = args.log.display().to_string();
    let text = crate::reading::read_content(&args.log)
        .map_err(|e| CommandError::BadInput(e.to_string()))?;
    let log = SessionLog::parse(&text)
        .map_err(|e| CommandError::BadInput(format!("{place}: not a session log: {e}")))?;
    let lab = content::find_lab(&log.lab, &global.content)
        .map_err(|e| CommandError::BadInput(format!("{place}: lab {}: {e}", log.lab)))?;
    let mut session = Session::with_timeline(lab, log.seed, log.timeline.clone())
        .map_err(|e| CommandError::BadInput(format!("{place}: {e}")))?;
    let (bank, _) = content::load_shipped(&global.content)
        .map_err(|e| CommandError::BadInput(e.to_string()))?;
    let ctx = PlainContext {
        bank: &bank,
        target: &log.lab,
    };
    let l = session.lab();
    writeln!(
        out,
        "Replaying {place}: {} ({}), seed {}, {} line(s)",
        escape_lines(&l.title),
        escape_lines(&l.id),
        log.seed,
        log.lines.len()
    )?;
    if let Some(t) = &log.timeline {
        let student = t
            .student
            .as_deref()
            .map_or_else(String::new, |s| format!(", student {}", escape_lines(s)));
        writeln!(out, "with the timeline {}{student}", escape_lines(&t.file))?;
    }
    let count = args.lines.unwrap_or(log.lines.len()).min(log.lines.len());
    let mut asked = show_step(&session, &ctx, out)?;
    for line in &log.lines[..count] {
        writeln!(out, "> {}", escape_lines(line))?;
        // Time on task is not part of what a replay reproduces: every line at one instant.
        let outputs = session.handle(line, Timestamp(0));
        print_answer(&session, &ctx, line, &outputs, &mut asked, out)?;
    }
    let total = session.lab().steps.len();
    if session.complete() {
        writeln!(out, "\nReplayed {count} line(s): the lab is complete.")?;
    } else {
        writeln!(
            out,
            "\nReplayed {count} line(s): at step {} of {total}.",
            session.step() + 1
        )?;
    }
    Ok(Status::Success)
}
