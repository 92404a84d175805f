//! `mlops-lab run LAB [--seed N] [--format text|json]`: plays a lab's commands on a fresh World
//! and prints, per step, every event (one line each) and the step's check (✓ or ✗ with what is
//! missing). JSON is JSON Lines, one object per step. Exit 0 when every check passes, 1 when one
//! fails, 2 on bad input (unknown lab, unreadable file, invalid lab: its diagnostics are printed).

use std::io::Write;

use serde_json::json;

use crate::cli::{Format, GlobalArgs, RunArgs};
use crate::content::{self, LabError};
use crate::lab::{self, describe::describe};

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
    let reports = lab::run(&lab, seed);
    let passed = reports.iter().filter(|r| r.check.passed).count();
    match args.format {
        Format::Text => {
            writeln!(
                out,
                "{} ({}, {} seed {seed})",
                lab.title,
                lab.id,
                lab.scenario.name()
            )?;
            for r in &reports {
                writeln!(out, "\nStep {}: {}", r.step, r.title)?;
                for e in &r.events {
                    writeln!(out, "  {}", describe(e))?;
                }
                let mark = if r.check.passed { '✓' } else { '✗' };
                writeln!(out, "  {mark} check: {}", r.check.detail)?;
            }
            writeln!(out, "\n{passed} of {} checks passed", reports.len())?;
        }
        Format::Json => {
            for r in &reports {
                let line = json!({
                    "lab": lab.id,
                    "seed": seed,
                    "step": r.step,
                    "title": r.title,
                    "events": r.events,
                    "lines": r.events.iter().map(describe).collect::<Vec<_>>(),
                    "check": { "passed": r.check.passed, "detail": r.check.detail },
                });
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(if passed == reports.len() {
        Status::Success
    } else {
        Status::Failure
    })
}
