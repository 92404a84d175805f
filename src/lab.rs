//! Guided labs: a lab file (`labs/<id>.toml`) is a World scenario and seed plus steps, each with
//! narrative text, tiered hints, the World commands that do the step, a check on the World and
//! checkpoint questions. Commands and checks are the World's own vocabulary
//! ([`crate::world::COMMANDS`], [`crate::world::CHECKS`]).
//!
//! `parse` reads and validates a lab file into [`Lab`] with every problem located by byte
//! offset (the content layer turns offsets into `path:line:col`); `words` diagnoses one command
//! or check (unknown name, missing or mistyped argument); `describe` renders events as one
//! readable line each; [`run`] plays a lab headless.

pub mod describe;
pub mod parse;
mod words;

use serde::Serialize;

use crate::content::Topic;
use crate::data::scenario::Scenario;
use crate::world::{Check, CheckOutcome, Command, Event, World};

/// A checked lab.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    /// Stable id (kebab-case).
    pub id: String,
    /// Title.
    pub title: String,
    /// One-paragraph summary.
    pub summary: String,
    /// Estimated minutes.
    pub minutes: u32,
    /// Study topics.
    pub topics: Vec<Topic>,
    /// Exam tags as written (`exam:domain`).
    pub exams: Vec<String>,
    /// World scenario.
    pub scenario: Scenario,
    /// World seed.
    pub seed: u64,
    /// Steps, in order.
    pub steps: Vec<LabStep>,
}

/// One step of a lab.
#[derive(Debug, Clone, PartialEq)]
pub struct LabStep {
    /// Title.
    pub title: String,
    /// What to do and why it matters.
    pub text: String,
    /// Hints, from a nudge to the answer.
    pub hints: Vec<String>,
    /// The commands that do the step.
    pub commands: Vec<Command>,
    /// "Check my progress".
    pub check: Check,
    /// Checkpoint question ids.
    pub questions: Vec<String>,
}

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
        let events = s
            .commands
            .iter()
            .flat_map(|c| world.apply(c.clone()))
            .collect();
        let report = StepReport {
            step: i + 1,
            title: s.title.clone(),
            events,
            check: world.check(&s.check),
        };
        each(lab.steps.len(), report);
    }
}
