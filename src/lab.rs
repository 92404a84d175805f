//! Guided labs: a lab file (`labs/<id>.toml`) is a World scenario and seed plus steps, each with
//! narrative text, tiered hints, the World commands that do the step, a check on the World and
//! checkpoint questions. Commands and checks are the World's own vocabulary
//! ([`crate::world::vocabulary::registry`]).
//!
//! This module is the runtime that plays a lab against the World; the lab model and its
//! parsing live with the rest of the content in [`crate::content`] (this module imports it,
//! never the reverse). `describe` renders events as one readable line each; [`run`] plays a lab
//! headless.

pub mod computed;
pub mod describe;
pub mod log;
pub mod progress;
pub mod record;
pub mod session;

use serde::Serialize;

use self::computed::Asked;
pub use crate::content::{Lab, LabStep};
use crate::content::{Question, QuestionKind};
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
    /// The step's computed questions, asked on the World as the step began (`Err`: why one
    /// could not be asked).
    pub computed: Vec<Result<Asked, String>>,
}

/// A checkpoint question a step asks, as `run --format json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepQuestion {
    /// The bank id, or the computed question's id in its lab.
    pub id: String,
    /// The prompt (numbers filled in); `None` when it could not be asked or is not in the bank.
    pub prompt: Option<String>,
    /// The right answer's text.
    pub key: Option<String>,
    /// Whether it is computed from the World.
    pub computed: bool,
    /// Why it could not be asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// The questions a step asks: its bank questions (looked up with `bank`), then its computed ones.
pub fn step_questions<'a>(
    step: &LabStep,
    computed: &[Result<Asked, String>],
    bank: impl Fn(&str) -> Option<&'a Question>,
) -> Vec<StepQuestion> {
    let mut out: Vec<StepQuestion> = step
        .questions
        .iter()
        .map(|id| {
            let q = bank(id);
            StepQuestion {
                id: id.clone(),
                prompt: q.map(|q| q.prompt.clone()),
                key: q.map(answer_key),
                computed: false,
                missing: q.is_none().then(|| "not in the loaded bank".to_owned()),
            }
        })
        .collect();
    out.extend(
        step.computed
            .iter()
            .zip(computed)
            .map(|(q, asked)| match asked {
                Ok(a) => StepQuestion {
                    id: q.id.clone(),
                    prompt: Some(a.prompt.clone()),
                    key: Some(a.key_text().to_owned()),
                    computed: true,
                    missing: None,
                },
                Err(e) => StepQuestion {
                    id: q.id.clone(),
                    prompt: None,
                    key: None,
                    computed: true,
                    missing: Some(e.clone()),
                },
            }),
    );
    out
}

/// A bank question's right answer as text: the correct option (options joined with `; `), the
/// steps in order joined with ` → `, or each pair as `left = right`.
pub fn answer_key(q: &Question) -> String {
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => options
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.text.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        QuestionKind::Order { steps } => steps
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" → "),
        QuestionKind::Match { pairs } => pairs
            .iter()
            .map(|p| format!("{} = {}", p.left, p.right))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Plays every step's commands on a fresh World and checks each step.
pub fn run(lab: &Lab, seed: u64) -> Vec<StepReport> {
    let mut reports = Vec::new();
    run_each(lab, seed, |_, report| reports.push(report));
    reports
}

/// [`run`], handing each step's report to `each` as soon as the step is done (with the number
/// of steps), so a caller can print as it goes: a step that advances many days takes seconds.
pub fn run_each(lab: &Lab, seed: u64, each: impl FnMut(usize, StepReport)) {
    run_scheduled(lab, seed, &[], each);
}

/// [`run_each`] on a World carrying an instructor's incident timeline.
pub fn run_scheduled(
    lab: &Lab,
    seed: u64,
    timeline: &[crate::world::timeline::Scheduled],
    mut each: impl FnMut(usize, StepReport),
) {
    let mut world = World::new(lab.scenario, seed);
    world.schedule(timeline);
    for (i, s) in lab.steps.iter().enumerate() {
        // Questions read the World the earlier steps left, as the player shows them.
        let computed = s
            .computed
            .iter()
            .map(|q| computed::ask(q, &world))
            .collect();
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
            computed,
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
