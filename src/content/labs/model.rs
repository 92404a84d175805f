//! The lab model: a checked lab and its steps, as the content layer reads them from a lab file.

use crate::content::Topic;
use crate::data::scenario::Scenario;
use crate::world::{Check, Command};

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
    /// Position in the curriculum (1 first); labs without one come after, by title.
    pub order: Option<u32>,
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
    /// The reference commands that do the step (`:solution` runs them).
    pub commands: Vec<Command>,
    /// The same commands as console lines, as the author wrote them (the last hint shows them).
    pub solution: Vec<String>,
    /// What completes a task step; a decision step has none (choosing completes it).
    pub check: Option<Check>,
    /// The options of a decision step (empty for a task step).
    pub options: Vec<LabOption>,
    /// Checkpoint question ids.
    pub questions: Vec<String>,
}

impl LabStep {
    /// Whether this step is a decision (the learner picks one of its options).
    pub fn is_decision(&self) -> bool {
        !self.options.is_empty()
    }

    /// The option a headless run and `:solution` choose.
    pub fn recommended(&self) -> Option<usize> {
        self.options.iter().position(|o| o.recommended)
    }
}

/// One option of a decision step: the commands it applies to the World, and what the learner
/// is told once it is taken (the consequences play out in the steps after).
#[derive(Debug, Clone, PartialEq)]
pub struct LabOption {
    /// A short id (`canary`, `all-at-once`), recorded with the choice.
    pub id: String,
    /// What the learner picks, in one line.
    pub label: String,
    /// The commands the choice applies.
    pub commands: Vec<Command>,
    /// Shown after choosing: what this choice means.
    pub outcome: String,
    /// The choice a headless run makes (exactly one option per decision).
    pub recommended: bool,
}

/// Sorts labs into curriculum order: by `order`, then those without one by title (stable, so
/// equal titles keep their load order).
pub fn curriculum_sort(labs: &mut [Lab]) {
    labs.sort_by(|a, b| {
        (a.order.is_none(), a.order, &a.title).cmp(&(b.order.is_none(), b.order, &b.title))
    });
}
