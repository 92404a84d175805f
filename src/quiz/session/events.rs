//! What a session reports back: how it ended, the review-list and results filters, and the
//! result of an answer.

use serde::Serialize;

use crate::clock::Timestamp;
use crate::quiz::answer::Answer;
use crate::quiz::feedback::Feedback;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every question was answered (practice modes) or the learner submitted (exam).
    Submitted,
    /// The exam's time ran out; what was answered counts.
    TimedOut,
    /// The input ended (end of file, quit) before the last question; what was answered counts.
    Ended,
}

impl Outcome {
    /// The word stored in the progress store.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Submitted => "submitted",
            Outcome::TimedOut => "timed_out",
            Outcome::Ended => "ended",
        }
    }
}

/// Which questions the exam review screen lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewFilter {
    /// Every question.
    #[default]
    All,
    /// Only those without an answer.
    Unanswered,
    /// Only flagged ones.
    Flagged,
}

/// Which questions the results list, once a session is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultFilter {
    /// Every question.
    #[default]
    All,
    /// Answered right.
    Correct,
    /// Answered, but not right.
    Wrong,
    /// Never answered.
    Skipped,
    /// Flagged for review (exam mode).
    Flagged,
}

impl ResultFilter {
    /// Every filter, in the order `[` `]` cycle through them.
    pub const ALL: [ResultFilter; 5] = [
        ResultFilter::All,
        ResultFilter::Correct,
        ResultFilter::Wrong,
        ResultFilter::Skipped,
        ResultFilter::Flagged,
    ];

    /// The filter's name on screen.
    pub fn name(self) -> &'static str {
        match self {
            ResultFilter::All => "all",
            ResultFilter::Correct => "correct",
            ResultFilter::Wrong => "wrong",
            ResultFilter::Skipped => "skipped",
            ResultFilter::Flagged => "flagged",
        }
    }
}

/// The result of answering: the record to store and, outside exam mode, the feedback to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// The question answered.
    pub question_id: String,
    /// The answer by identity.
    pub answer: Answer,
    /// Whether it is right.
    pub correct: bool,
    /// Seconds on the question, over all visits.
    pub seconds: f64,
    /// When.
    pub at: Timestamp,
    /// Shown right away in every mode but exam.
    pub feedback: Option<Feedback>,
}
