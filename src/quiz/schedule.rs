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
            let item = FSRSItem {
                reviews: reviews[..end].to_vec(),
            };
            // An item whose reviews all fell on one day says nothing about forgetting over
            // time, and the crate requires at least one review a day or more after another.
            if item.long_term_review_cnt() > 0 {
                items.push(item);
            }
        }
    }
    items
}

/// Fits FSRS weights to the learner's review log. The crate returns its defaults when the log
/// is too short (fewer than 8 usable items), fits only the initial stabilities below 64, and
/// trains the whole model above that.
///
/// The crate asserts on inputs it does not expect; a panic inside it is turned into an error
/// so that fitting, an optional refinement, can never end a study session.
pub fn fit_parameters(log: &[ReviewLogRow]) -> Result<Vec<f32>, QuizError> {
    let train_set = training_items(log);
    if train_set.is_empty() {
        return Ok(fsrs::DEFAULT_PARAMETERS.to_vec());
    }
    let input = ComputeParametersInput {
        train_set,
        ..ComputeParametersInput::default()
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fsrs::compute_parameters(input)
    }))
    .map_err(|_| QuizError::Schedule("fitting FSRS parameters failed".into()))?
    .map_err(|e| QuizError::Schedule(e.to_string()))
}

#[cfg(test)]
// The reference formulas keep the paper's one-letter names (S, D, R, G).
#[allow(clippy::many_single_char_names)]
mod tests {
    use super::*;

    const W: [f64; 21] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ];

    /// FSRS-6 by the published formulas (reference/mlops-facts.md 2.13), in f64.
    fn d0(g: f64) -> f64 {
        W[4] - (W[5] * (g - 1.0)).exp() + 1.0
    }
    fn retrievability(t: f64, s: f64) -> f64 {
        let f = 0.9_f64.powf(-1.0 / W[20]) - 1.0;
        (1.0 + f * t / s).powf(-W[20])
    }
    fn next_d(d: f64, g: u8) -> f64 {
        let g = f64::from(g);
        let damped = d + (-W[6] * (g - 3.0)) * (10.0 - d) / 9.0;
        (W[7] * d0(4.0) + (1.0 - W[7]) * damped).clamp(1.0, 10.0)
    }
    fn success(s: f64, d: f64, r: f64, g: u8) -> f64 {
        let h = if g == 2 { W[15] } else { 1.0 };
        let b = if g == 4 { W[16] } else { 1.0 };
        s * (W[8].exp() * (11.0 - d) * s.powf(-W[9]) * ((W[10] * (1.0 - r)).exp() - 1.0) * h * b
            + 1.0)
    }
    fn lapse(s: f64, d: f64, r: f64) -> f64 {
        let long =
            W[11] * d.powf(-W[12]) * ((s + 1.0).powf(W[13]) - 1.0) * (W[14] * (1.0 - r)).exp();
        long.min(s / (W[17] * W[18]).exp())
    }
    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-3 * b.abs().max(1.0)
    }

    #[test]
    fn ratings_come_from_correctness_and_time() {
        assert_eq!(rating(false, 5.0), Rating::Again);
        assert_eq!(rating(false, 500.0), Rating::Again);
        assert_eq!(rating(true, 30.0), Rating::Easy);
        assert_eq!(rating(true, 30.5), Rating::Good);
        assert_eq!(rating(true, 120.0), Rating::Good);
        assert_eq!(rating(true, 121.0), Rating::Hard);
    }

    #[test]
    fn a_known_history_is_scheduled_as_the_fsrs6_formulas_say() {
        let s = Scheduler::new(None, 0.9).unwrap();
        let day = |d: i64| Timestamp(1_790_000_000_000 + d * DAY_MS);
        // Day 0, first review, Good.
        let r1 = s.review("q", None, Rating::Good, day(0), None).unwrap();
        let (s1, d1) = (W[2], d0(3.0));
        assert!(
            close(r1.card.stability, s1) && close(r1.card.difficulty, d1),
            "{r1:?}"
        );
        // At 90% retention the interval equals the stability: 2.3 days, rounded to 2.
        assert_eq!(r1.card.due, day(2));
        assert_eq!((r1.card.reps, r1.card.lapses, r1.elapsed_days), (1, 0, 0));

        // Day 3, Good.
        let r2 = s
            .review("q", Some(&r1.card), Rating::Good, day(3), None)
            .unwrap();
        let s2 = success(s1, d1, retrievability(3.0, s1), 3);
        let d2 = next_d(d1, 3);
        assert!(
            close(r2.card.stability, s2) && close(r2.card.difficulty, d2),
            "{r2:?} {s2} {d2}"
        );
        assert_eq!(r2.card.due, day(3 + s2.round() as i64));
        assert_eq!(r2.elapsed_days, 3);

        // Day 3 + 20, forgotten: Again.
        let r3 = s
            .review("q", Some(&r2.card), Rating::Again, day(23), None)
            .unwrap();
        let s3 = lapse(s2, d2, retrievability(20.0, s2));
        let d3 = next_d(d2, 1);
        assert!(
            close(r3.card.stability, s3) && close(r3.card.difficulty, d3),
            "{r3:?} {s3} {d3}"
        );
        assert_eq!(r3.card.due, day(23 + s3.round().max(1.0) as i64));
        assert_eq!((r3.card.reps, r3.card.lapses), (3, 1));

        // Day 24, Easy: the easy bonus applies.
        let r4 = s
            .review("q", Some(&r3.card), Rating::Easy, day(24), None)
            .unwrap();
        let s4 = success(s3, d3, retrievability(1.0, s3), 4);
        assert!(close(r4.card.stability, s4), "{r4:?} {s4}");
    }

    #[test]
    fn a_lower_retention_gives_longer_intervals() {
        let strict = Scheduler::new(None, 0.95).unwrap();
        let loose = Scheduler::new(None, 0.8).unwrap();
        let at = Timestamp(0);
        let a = strict.review("q", None, Rating::Easy, at, None).unwrap();
        let b = loose.review("q", None, Rating::Easy, at, None).unwrap();
        assert!(b.card.due > a.card.due);
        assert!(Scheduler::new(None, 0.5).is_err());
        assert!(Scheduler::new(None, 1.0).is_err());
    }

    fn log_for(cards: usize, ratings: &[u8]) -> Vec<ReviewLogRow> {
        let mut log = Vec::new();
        for c in 0..cards {
            let mut at = 0;
            for (i, &r) in ratings.iter().enumerate() {
                let gap = [0, 1, 3, 8, 20][i.min(4)];
                at += gap;
                log.push(ReviewLogRow {
                    question_id: format!("q{c:03}"),
                    rating: if c % 5 == 0 && i == 2 { 1 } else { r },
                    reviewed_at: Timestamp(at * DAY_MS),
                    elapsed_days: gap as u32,
                });
            }
        }
        log
    }

    #[test]
    fn training_items_are_each_review_with_its_history() {
        let log = log_for(2, &[3, 3, 4]);
        let items = training_items(&log);
        assert_eq!(
            items.len(),
            4,
            "two items per card: after its 2nd and 3rd review"
        );
        assert_eq!(items[1].reviews.len(), 3);
        assert_eq!(items[1].reviews[0].delta_t, 0);
        assert_eq!(items[1].reviews[2].delta_t, 3);
    }

    #[test]
    fn same_day_only_histories_are_not_training_items() {
        let same_day = |rating| ReviewLogRow {
            question_id: "q".into(),
            rating,
            reviewed_at: Timestamp(0),
            elapsed_days: 0,
        };
        assert!(training_items(&[same_day(3), same_day(1), same_day(3)]).is_empty());
    }

    #[test]
    fn short_histories_keep_the_default_parameters_and_long_ones_are_fitted() {
        assert_eq!(
            fit_parameters(&log_for(2, &[3, 3])).unwrap(),
            fsrs::DEFAULT_PARAMETERS.to_vec()
        );
        assert_eq!(
            fit_parameters(&[]).unwrap(),
            fsrs::DEFAULT_PARAMETERS.to_vec()
        );
        let fitted = fit_parameters(&log_for(120, &[3, 3, 3, 4, 3])).unwrap();
        assert_eq!(fitted.len(), 21);
        assert_ne!(fitted, fsrs::DEFAULT_PARAMETERS.to_vec());
        // And a scheduler accepts them.
        assert!(Scheduler::new(Some(&fitted), 0.9).is_ok());
    }

    #[test]
    fn refits_happen_as_the_log_grows() {
        assert!(!should_refit(10, None));
        assert!(should_refit(16, None));
        assert!(!should_refit(110, Some(100)));
        assert!(should_refit(120, Some(100)));
        assert!(!should_refit(100, Some(100)));
    }
}
