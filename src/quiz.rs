//! The quiz engine: choosing questions (blueprint sampling, filters, missed and due questions),
//! sessions as pure state machines, answers by identity, feedback, scores and readiness, FSRS
//! scheduling, and [`live::Live`], which ties a session to the progress store.
//!
//! Nothing here touches the terminal or reads the wall clock: the caller passes the time of
//! every action and the seed of every shuffle.

pub mod answer;
pub mod class;
pub mod feedback;
pub mod input;
pub mod live;
pub mod plan;
pub mod readiness;
pub mod schedule;
pub mod score;
pub mod select;
pub mod session;
pub mod start;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use answer::{Answer, Presentation, Response};
pub use feedback::Feedback;
pub use live::Live;
pub use plan::{History, Plan, QuizRequest, plan};
pub use readiness::{Readiness, readiness_text};
pub use schedule::{Rating, Scheduler};
pub use score::{DomainProgress, ExamProgress, SessionReport, exam_progress, session_report};
pub use session::{Answered, Item, Outcome, ResultFilter, ReviewFilter, Session, SessionSpec};

use crate::store::StoreError;

/// How a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Feedback with every option's explanation right after each answer.
    Practice,
    /// Timed, sampled by the blueprint, flag and review, no feedback until the end.
    Exam,
    /// One domain or one topic, with feedback after each answer.
    Drill,
    /// Only questions whose latest answer was wrong.
    Missed,
    /// Spaced-repetition cards that are due.
    Review,
    /// A lab's checkpoint question: practice feedback, recorded as `lab` so readiness leaves
    /// it out (the lab showed the concept just before).
    Lab,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 6] = [
        Mode::Practice,
        Mode::Exam,
        Mode::Drill,
        Mode::Missed,
        Mode::Review,
        Mode::Lab,
    ];

    /// The mode's name on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
            Mode::Drill => "drill",
            Mode::Missed => "missed",
            Mode::Review => "review",
            Mode::Lab => "lab",
        }
    }
}

impl FromStr for Mode {
    type Err = QuizError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                QuizError::BadOption(format!(
                    "unknown mode '{s}'; modes: practice, exam, drill, missed, review"
                ))
            })
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What can go wrong in a quiz; every message is one line for the learner.
#[derive(Debug, thiserror::Error)]
pub enum QuizError {
    /// An option the learner gave makes no sense (unknown exam, count 0...).
    #[error("{0}")]
    BadOption(String),
    /// Nothing matches the request.
    #[error("{0}")]
    NoQuestions(String),
    /// The typed answer does not fit the question; the message gives the expected format.
    #[error("{0}")]
    Malformed(String),
    /// Practice modes take one answer per question.
    #[error("this question is already answered; type n for the next one")]
    AlreadyAnswered,
    /// The action exists only in another mode, or not at this position.
    #[error("{0}")]
    NotInThisMode(String),
    /// The exam's time ran out; the session has been submitted.
    #[error("time is up: the exam was submitted with the answers given")]
    TimeUp,
    /// The session is over.
    #[error("the session is over")]
    Finished,
    /// The scheduler failed (a bug or invalid stored state, not the learner's doing).
    #[error("spaced-repetition scheduler: {0}")]
    Schedule(String),
    /// The progress store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
