//! The lab model: a checked lab and its steps, as the content layer reads them from a lab file.

use super::template::{Condition, Template};
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
    /// Official documentation behind the lab's `real_tools` and its claims (https URLs).
    pub references: Vec<String>,
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
    /// Checkpoint questions computed from the learner's World, asked after `questions`.
    pub computed: Vec<ComputedQuestion>,
    /// What does the same on the real platforms.
    pub real_tools: Option<RealTools>,
}

/// What does a step's work on each real platform: a console page, an SDK call or a CLI command.
/// A table may leave a platform out (a user pack's lab may); `check` counts the steps that name
/// all four.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RealTools {
    /// Google Cloud's Vertex AI.
    pub vertex: Option<String>,
    /// Amazon `SageMaker` AI.
    pub sagemaker: Option<String>,
    /// Azure Machine Learning.
    pub azure_ml: Option<String>,
    /// Open-source tools (`MLflow`, Feast, Airflow, Kubeflow, Evidently, ...).
    pub open_source: Option<String>,
}

impl RealTools {
    /// Each entry given, with the platform's name as shown to the learner, in a fixed order.
    pub fn entries(&self) -> Vec<(&'static str, &str)> {
        [
            ("Agent Platform (Vertex AI)", &self.vertex),
            ("SageMaker AI", &self.sagemaker),
            ("Azure ML", &self.azure_ml),
            ("Open source", &self.open_source),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.as_deref().map(|v| (name, v)))
        .collect()
    }

    /// Whether all four platforms are named.
    pub fn complete(&self) -> bool {
        self.entries().len() == 4
    }
}

/// A checkpoint question whose numbers and key are read from the learner's World when the step
/// begins: the prompt, explanation and options are templates, and the key is the option whose
/// `when` holds (an option without one is never the key).
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedQuestion {
    /// Id, unique in the lab (kebab-case).
    pub id: String,
    /// The question.
    pub prompt: Template,
    /// The idea behind the answer, shown after it.
    pub explanation: Template,
    /// Two to six options.
    pub options: Vec<ComputedOption>,
}

/// One option of a computed question.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedOption {
    /// The option's text.
    pub text: Template,
    /// Why it is right or wrong.
    pub why: Template,
    /// When it is the key.
    pub when: Option<Condition>,
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
