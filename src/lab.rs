//! Guided labs: a lab file (`labs/<id>.toml`) is a World scenario and seed plus steps, each with
//! narrative text, tiered hints, the World commands that do the step, a check on the World and
//! checkpoint questions. Commands and checks are the World's own vocabulary
//! ([`crate::world::vocabulary::registry`]).
//!
//! This module is the runtime that plays a lab against the World; the lab model and its
//! parsing live with the rest of the content in [`crate::content`] (this module imports it,
//! never the reverse). `describe` renders events as one readable line each; [`run`] plays a lab
//! headless.

pub mod describe;
pub mod progress;
pub mod record;
pub mod session;

use serde::Serialize;

pub use crate::content::{Lab, LabStep};
use crate::world::{CheckOutcome, Event, World};

/// What one step did in a headless run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    /// Step number, from 1.
    pub step: usize,
    /// Step title.
    pub title: String,
    /// Every event the step's commands produced.
    pub events: Vec<Event>,
    /// The step's check afterwards.
    pub check: CheckOutcome,
}

/// Plays every step's commands on a fresh World and checks each step.
pub fn run(lab: &Lab, seed: u64) -> Vec<StepReport> {
    let mut reports = Vec::new();
    run_each(lab, seed, |_, report| reports.push(report));
    reports
}

/// [`run`], handing each step's report to `each` as soon as the step is done (with the number
/// of steps), so a caller can print as it goes: a step that advances many days takes seconds.
pub fn run_each(lab: &Lab, seed: u64, mut each: impl FnMut(usize, StepReport)) {
    let mut world = World::new(lab.scenario, seed);
    for (i, s) in lab.steps.iter().enumerate() {
        // A decision takes its recommended option, the path the lab's author checked.
        let (commands, chosen) = match s.recommended() {
            Some(o) => (&s.options[o].commands, Some(&s.options[o])),
            None => (&s.commands, None),
        };
        let events = commands
            .iter()
            .flat_map(|c| world.apply(c.clone()))
            .collect();
        let check = match chosen {
            Some(o) if s.check.is_none() => CheckOutcome {
                passed: true,
                detail: format!("decision: {}", o.label),
            },
            _ => check_step(&world, s),
        };
        let report = StepReport {
            step: i + 1,
            title: s.title.clone(),
            events,
            check,
        };
        each(lab.steps.len(), report);
    }
}

/// A step's check on the World; a step without one (a decision) has nothing left to check.
pub fn check_step(world: &World, step: &LabStep) -> CheckOutcome {
    step.check.as_ref().map_or_else(
        || CheckOutcome {
            passed: true,
            detail: "nothing to check".into(),
        },
        |c| world.check(c),
    )
}

/// A step's hints, from a nudge to the answer: the author's, then (for a task) the reference
/// commands as console lines, which `last` words for its player (one that takes typed lines,
/// or one that runs them on a key).
pub fn step_hints(step: &LabStep, last: impl Fn(&str) -> String) -> Vec<String> {
    let mut hints = step.hints.clone();
    if !step.is_decision() && !step.solution.is_empty() {
        let lines: Vec<String> = step.solution.iter().map(|l| format!("`{l}`")).collect();
        hints.push(last(&lines.join(", then ")));
    }
    hints
}
