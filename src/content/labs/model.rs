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
