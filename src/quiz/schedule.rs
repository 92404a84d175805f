//! Spaced repetition with FSRS-6 (the `fsrs` crate, the scheduler Anki uses): a rating from
//! correctness and time taken, the next card state and due date, and parameters fitted to the
//! learner's own review history once there is enough of it.

use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview, MemoryState};
use serde::Serialize;

use super::QuizError;
use crate::clock::{DAY_MS, Timestamp};
use crate::store::{CardRow, ReviewLogRow, ReviewRecord};

/// Desired retention when the learner has not set one: FSRS's and Anki's default.
pub const DEFAULT_RETENTION: f32 = 0.9;

/// The range of desired retention accepted; fsrs4anki recommends 0.70-0.97, and above 0.99 the
/// intervals collapse to a day.
pub const RETENTION_RANGE: (f32, f32) = (0.70, 0.99);

/// A right answer in at most this many seconds is rated Easy: a quarter of the real exams'
/// pace of about two minutes per question (130 min / 65 for AWS MLA-C01, 120 / 60 for Google
/// PMLE), i.e. the learner barely needed to think.
pub const EASY_SECONDS: f64 = 30.0;

/// A right answer after more than this many seconds (beyond the exam pace of two minutes per
/// question) is rated Hard: the learner got there, but slowly.
pub const HARD_SECONDS: f64 = 120.0;

/// Re-fit the parameters when the review log has grown by this share since the last fit
/// (and by at least [`REFIT_MIN_NEW`] reviews), so fitting runs now and then, not every start.
const REFIT_GROWTH: f64 = 0.2;
/// See [`REFIT_GROWTH`].
const REFIT_MIN_NEW: u32 = 16;

/// The four FSRS grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Forgot: a wrong answer.
    Again = 1,
    /// Remembered with effort: right but slower than [`HARD_SECONDS`].
    Hard = 2,
    /// Remembered: right at a normal pace.
    Good = 3,
    /// Remembered at once: right within [`EASY_SECONDS`].
    Easy = 4,
}

/// The rating for an answer: wrong is Again; right is Easy within [`EASY_SECONDS`], Hard
/// beyond [`HARD_SECONDS`], Good in between.
pub fn rating(correct: bool, seconds: f64) -> Rating {
    if !correct {
        Rating::Again
    } else if seconds <= EASY_SECONDS {
        Rating::Easy
    } else if seconds > HARD_SECONDS {
        Rating::Hard
    } else {
        Rating::Good
    }
}

/// Whole days between two reviews (fractions dropped), as FSRS counts elapsed time.
pub fn elapsed_days(previous: Timestamp, now: Timestamp) -> u32 {
    u32::try_from((now.0 - previous.0).max(0) / DAY_MS).unwrap_or(u32::MAX)
}

/// Schedules cards with FSRS.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    retention: f32,
}

impl Scheduler {
    /// A scheduler with the learner's fitted weights (or FSRS-6 defaults when `None`) and a
    /// desired retention within [`RETENTION_RANGE`].
    pub fn new(weights: Option<&[f32]>, retention: f32) -> Result<Self, QuizError> {
        let (lo, hi) = RETENTION_RANGE;
        if !(lo..=hi).contains(&retention) {
            return Err(QuizError::BadOption(format!(
                "desired retention must be between {lo} and {hi}, got {retention}"
            )));
        }
        // Stored weights that the crate rejects (a different version, a damaged row) fall back
        // to the defaults rather than stopping the learner.
        let fsrs = weights.and_then(|w| FSRS::new(w).ok()).unwrap_or_default();
        Ok(Scheduler { fsrs, retention })
    }

    /// The desired retention.
    pub fn retention(&self) -> f32 {
        self.retention
    }

    /// The card after one review at `now`. The interval is FSRS's for the desired retention,
    /// rounded to whole days and at least one day (a quiz is reviewed day by day, not minute by
    /// minute as Anki's learning steps do).
    pub fn review(
        &self,
        question_id: &str,
        previous: Option<&CardRow>,
        rating: Rating,
        now: Timestamp,
        session_id: Option<i64>,
    ) -> Result<ReviewRecord, QuizError> {
        let memory = previous.map(|c| MemoryState {
            stability: c.stability as f32,
            difficulty: c.difficulty as f32,
        });
        let elapsed = previous.map_or(0, |c| elapsed_days(c.last_review, now));
        let next = self
            .fsrs
            .next_states(memory, self.retention, elapsed)
            .map_err(|e| QuizError::Schedule(e.to_string()))?;
        let state = match rating {
            Rating::Again => next.again,
            Rating::Hard => next.hard,
            Rating::Good => next.good,
            Rating::Easy => next.easy,
        };
        let days = f64::from(state.interval).round().max(1.0);
        Ok(ReviewRecord {
            session_id,
            rating: rating as u8,
            elapsed_days: elapsed,
            card: CardRow {
                question_id: question_id.to_string(),
                stability: f64::from(state.memory.stability),
                difficulty: f64::from(state.memory.difficulty),
                last_review: now,
                due: now.plus_ms((days * DAY_MS as f64) as i64),
                reps: previous.map_or(0, |c| c.reps) + 1,
                lapses: previous.map_or(0, |c| c.lapses)
                    + u32::from(previous.is_some() && rating == Rating::Again),
            },
        })
    }
}

/// Whether to fit parameters again: the log has grown by a fifth (and 16 reviews) since the last
/// fit, or has never been fitted and holds at least 16 reviews.
pub fn should_refit(review_count: u32, fitted_on: Option<u32>) -> bool {
    let last = fitted_on.unwrap_or(0);
    let new = review_count.saturating_sub(last);
    new >= REFIT_MIN_NEW && f64::from(new) >= REFIT_GROWTH * f64::from(last)
}

/// The training items FSRS learns from: for every question and every review after its first,
/// the review history up to and including that review (ratings with whole days between them,
/// the first at 0), as `fsrs::compute_parameters` expects. `log` is grouped by question, oldest
/// first (as [`crate::store::Store::review_log`] returns it).
pub fn training_items(log: &[ReviewLogRow]) -> Vec<FSRSItem> {
    let mut items = Vec::new();
    for card in log.chunk_by(|a, b| a.question_id == b.question_id) {
        let reviews: Vec<FSRSReview> = card
            .iter()
            .enumerate()
            .map(|(i, r)| FSRSReview {
                rating: u32::from(r.rating),
                delta_t: if i == 0 { 0 } else { r.elapsed_days },
            })
            .collect();
        for end in 2..=reviews.len() {
            items.push(FSRSItem {
                reviews: reviews[..end].to_vec(),
            });
        }
    }
    items
}

/// Fits FSRS weights to the learner's review log. The crate returns its defaults when the log
/// is too short (fewer than 8 usable items), fits only the initial stabilities below 64, and
/// trains the whole model above that.
pub fn fit_parameters(log: &[ReviewLogRow]) -> Result<Vec<f32>, QuizError> {
    let train_set = training_items(log);
    if train_set.is_empty() {
        return Ok(fsrs::DEFAULT_PARAMETERS.to_vec());
    }
    fsrs::compute_parameters(ComputeParametersInput {
        train_set,
        ..ComputeParametersInput::default()
    })
    .map_err(|e| QuizError::Schedule(e.to_string()))
}
