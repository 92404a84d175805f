//! The checked content model the rest of the app uses: exams, domains, questions, cases, bank.
//!
//! These types are built once from the raw TOML structs after validation ("parse, don't
//! validate"): a `Question` here always has a known kind, resolved exam tags and plain text.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

mod bank;
mod vocab;

pub use bank::Bank;
pub use vocab::{ItemType, Topic};

/// The exam catalog from `questions/exams.toml` (plus any pack's catalog).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Catalog {
    /// Every exam, in file order.
    pub exams: Vec<Exam>,
}

impl Catalog {
    /// The exam with this id.
    pub fn exam(&self, id: &str) -> Option<&Exam> {
        self.exams.iter().find(|e| e.id == id)
    }
}

/// One certification exam and its official blueprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exam {
    /// Stable id, e.g. `gcp-pmle`.
    pub id: String,
    /// Vendor name, e.g. `Google Cloud`.
    pub vendor: String,
    /// Exam title.
    pub title: String,
    /// The exam-guide version the domains follow, e.g. `2026-06`.
    pub guide: String,
    /// Whether the exam can still be taken.
    pub status: ExamStatus,
    /// The exam that replaces this one, if any.
    pub successor: Option<String>,
    /// Number of questions in a real sitting.
    pub questions: u32,
    /// Minutes allowed.
    pub minutes: u32,
    /// Passing score in percent (an estimate where the vendor publishes none).
    pub pass_percent: u32,
    /// Free text shown with the exam (scoring notes, estimates).
    pub note: Option<String>,
    /// The item types the vendor uses.
    pub item_types: Vec<ItemType>,
    /// The third-party tools (names from `content::tools::TOOLS`) the exam guide names: a
    /// question testing any other tool may not be tagged to this exam.
    pub tools: Vec<String>,
    /// The blueprint's domains, in the vendor's order.
    pub domains: Vec<Domain>,
}

impl Exam {
    /// The domains this product covers, in the vendor's order.
    pub fn in_scope_domains(&self) -> impl Iterator<Item = &Domain> {
        self.domains.iter().filter(|d| d.in_scope)
    }

    /// The domain with this id.
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    /// The domain that holds the task with this id.
    pub fn domain_of_task(&self, task_id: &str) -> Option<&Domain> {
        self.domains
            .iter()
            .find(|d| d.tasks.iter().any(|t| t.id == task_id))
    }

    /// Whether the exam is retired.
    pub fn is_retired(&self) -> bool {
        matches!(self.status, ExamStatus::Retired { .. })
    }
}

/// Whether an exam is still offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExamStatus {
    /// The exam can be booked.
    Active,
    /// The exam was retired on this date (`YYYY-MM-DD`).
    Retired {
        /// The last day the exam could be taken, `YYYY-MM-DD`.
        on: String,
    },
}

/// One blueprint domain of an exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Domain {
    /// The vendor's numbering, e.g. `5`.
    pub id: String,
    /// Domain title.
    pub title: String,
    /// Weight in percent (midpoint of a published range).
    pub weight: u32,
    /// Whether this product covers the domain (`in_scope = false` in the catalog: no question
    /// may be tagged to it, and readiness is computed over the other domains).
    pub in_scope: bool,
    /// Optional sub-objectives.
    pub tasks: Vec<Task>,
}

/// A sub-objective of a domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// The vendor's numbering, e.g. `5.2`.
    pub id: String,
    /// Task title.
    pub title: String,
}

/// A question's link to an exam blueprint: always a domain, sometimes a task inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ExamTag {
    /// Exam id, e.g. `gcp-pmle`.
    pub exam: String,
    /// Domain id; filled in from the task when the tag names a task.
    pub domain: String,
    /// Task id when the tag names a task, e.g. `6.2`.
    pub task: Option<String>,
}

impl fmt::Display for ExamTag {
    /// The tag as written in TOML: `exam:task` or `exam:domain`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tail = self.task.as_deref().unwrap_or(&self.domain);
        write!(f, "{}:{tail}", self.exam)
    }
}

/// Where an item was defined, for messages and editors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The file, as given (shipped files are `questions/<name>.toml`).
    pub path: PathBuf,
    /// 1-based line of the item's `[[question]]` (or `[[case]]`) header.
    pub line: u32,
}

/// One answer option of a single or multi item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// Option text.
    pub text: String,
    /// Whether this option is (part of) the right answer.
    pub correct: bool,
    /// Why this option is right or wrong.
    pub why: String,
}

/// One step of an order item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Step text.
    pub text: String,
    /// Why the step belongs at its place.
    pub why: String,
}

/// One pair of a match item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// The left-hand item.
    pub left: String,
    /// Its matching right-hand item.
    pub right: String,
}

/// What kind of answer a question asks for, with its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one option is correct.
    Single {
        /// The options, in file order.
        options: Vec<Choice>,
    },
    /// Exactly `choose` options are correct; scored all-or-nothing.
    Multi {
        /// How many options to pick.
        choose: usize,
        /// The options, in file order.
        options: Vec<Choice>,
    },
    /// Steps to put in order; listed here in the correct order.
    Order {
        /// The steps, in the correct order.
        steps: Vec<Step>,
    },
    /// Pairs to match; listed here as matching pairs.
    Match {
        /// The pairs, each left with its right.
        pairs: Vec<Pair>,
    },
}

impl QuestionKind {
    /// The item type of this kind (never `Case`: a case is a shared scenario, not a kind).
    pub fn item_type(&self) -> ItemType {
        match self {
            QuestionKind::Single { .. } => ItemType::Single,
            QuestionKind::Multi { .. } => ItemType::Multi,
            QuestionKind::Order { .. } => ItemType::Order,
            QuestionKind::Match { .. } => ItemType::Match,
        }
    }
}

/// A checked exam-style question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Stable id, `<topic>-NNN` (three or four digits); progress history keys on it.
    pub id: String,
    /// The kind of answer and its options.
    pub kind: QuestionKind,
    /// 1 recall, 2 apply, 3 analyse.
    pub difficulty: u8,
    /// The exam-guide version (`YYYY-MM`) the question was written against; `None` in a pack
    /// that does not say, taken as the catalog's current guides (never stale).
    pub guide: Option<String>,
    /// Study topics.
    pub topics: Vec<Topic>,
    /// Exam blueprint tags (none for a drill-only question).
    pub exams: Vec<ExamTag>,
    /// Recall about a tool no exam guide names: offered in topic drills only, never in
    /// practice, exams, domain drills or readiness.
    pub drill_only: bool,
    /// The lab where the learner sees this happen.
    pub lab: Option<String>,
    /// The case study this question belongs to.
    pub case: Option<String>,
    /// The question's own scenario (may be empty when `case` is set).
    pub scenario: String,
    /// The question itself, with one qualifier.
    pub prompt: String,
    /// The idea behind the right answer.
    pub explanation: String,
    /// Official documentation backing the answer (https URLs).
    pub references: Vec<String>,
    /// Where it was defined.
    pub source: SourceRef,
}

impl Question {
    /// Whether this question carries a tag for the exam.
    pub fn is_for_exam(&self, exam: &str) -> bool {
        self.exams.iter().any(|t| t.exam == exam)
    }

    /// Whether this question carries a tag for the exam's domain (a task tag counts).
    pub fn is_for_domain(&self, exam: &str, domain: &str) -> bool {
        self.exams
            .iter()
            .any(|t| t.exam == exam && t.domain == domain)
    }
}

/// A case study: one scenario shared by several questions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// Stable kebab-case id.
    pub id: String,
    /// Case title.
    pub title: String,
    /// The shared case text.
    pub scenario: String,
    /// Exam blueprint tags.
    pub exams: Vec<ExamTag>,
    /// Where it was defined.
    pub source: SourceRef,
}
