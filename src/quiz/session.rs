//! A quiz session as a pure state machine: the questions with their shuffles, the answers, the
//! flags, the current position and the clock's deadline. No terminal, no store: each action
//! returns what happened, and the caller shows it and records it.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

mod events;

pub use events::{Answered, Outcome, ResultFilter, ReviewFilter};

use super::answer::{Answer, Presentation, Response, is_correct};
use super::feedback::{Feedback, feedback};
use super::{Mode, QuizError};
use crate::clock::Timestamp;
use crate::content::{Case, Question};

/// What a session is: its mode, exam, seed and timing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSpec {
    /// The mode.
    pub mode: Mode,
    /// The exam it targets, if any.
    pub exam: Option<String>,
    /// Seed for shuffling options.
    pub seed: u64,
    /// When it starts.
    pub started_at: Timestamp,
    /// When it auto-submits (exam mode only; ignored otherwise).
    pub deadline: Option<Timestamp>,
}

/// One question in a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The question.
    pub question: Question,
    /// The shared case-study scenario, when the question belongs to one.
    pub case_scenario: Option<(String, String)>,
    /// How its options are shown in this attempt.
    pub shown: Presentation,
    /// The answer, by identity.
    pub answer: Option<Answer>,
    /// Flagged for review (exam mode).
    pub flagged: bool,
    /// Seconds spent on it so far, summed over visits.
    pub seconds: f64,
}

impl Item {
    /// Whether the answer given is right (`None` while unanswered).
    pub fn correct(&self) -> Option<bool> {
        self.answer.as_ref().map(|a| is_correct(&self.question, a))
    }
}

/// A quiz session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    mode: Mode,
    exam: Option<String>,
    items: Vec<Item>,
    current: usize,
    visit_started: Timestamp,
    started_at: Timestamp,
    deadline: Option<Timestamp>,
    outcome: Option<Outcome>,
}

impl Session {
    /// Starts a session over `questions` (already chosen and ordered), shuffling each one's
    /// options with an RNG seeded by the spec's seed. `cases` supplies case-study scenarios.
    pub fn new(
        spec: &SessionSpec,
        questions: Vec<Question>,
        cases: &[Case],
    ) -> Result<Self, QuizError> {
        let SessionSpec {
            mode,
            ref exam,
            seed,
            started_at,
            deadline,
        } = *spec;
        let case_text = |id: &str| {
            cases
                .iter()
                .find(|c| c.id == id)
                .map(|c| (c.title.clone(), c.scenario.clone()))
        };
        if questions.is_empty() {
            return Err(QuizError::NoQuestions(
                "the session has no questions".into(),
            ));
        }
        // Its own stream (seed + 1), so drawing questions and shuffling options do not depend
        // on each other's consumption of the generator.
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(1));
        let items = questions
            .into_iter()
            .map(|question| Item {
                shown: Presentation::shuffled(&question, &mut rng),
                case_scenario: question.case.as_deref().and_then(case_text),
                question,
                answer: None,
                flagged: false,
                seconds: 0.0,
            })
            .collect();
        Ok(Session {
            mode,
            exam: exam.clone(),
            items,
            current: 0,
            visit_started: started_at,
            started_at,
            deadline: deadline.filter(|_| mode == Mode::Exam),
            outcome: None,
        })
    }

    /// Puts back what an interrupted session had: answers (by question id, with the seconds
    /// spent), flags, and the first unanswered question as the current one. Time away from
    /// the session does not count toward any question; an exam's deadline stays where it was.
    pub fn restore(
        &mut self,
        answers: &[(String, Answer, f64)],
        flagged: &[String],
        now: Timestamp,
    ) {
        for item in &mut self.items {
            if let Some((_, answer, seconds)) =
                answers.iter().find(|(id, _, _)| *id == item.question.id)
            {
                item.answer = Some(answer.clone());
                item.seconds = *seconds;
            }
            item.flagged = flagged.contains(&item.question.id);
        }
        self.current = self
            .items
            .iter()
            .position(|i| i.answer.is_none())
            .unwrap_or(self.items.len() - 1);
        self.visit_started = now;
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The exam the session targets, if any.
    pub fn exam(&self) -> Option<&str> {
        self.exam.as_deref()
    }

    /// Every item, in session order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The position of the current item (0-based).
    pub fn position(&self) -> usize {
        self.current
    }

    /// The current item.
    pub fn current(&self) -> &Item {
        &self.items[self.current]
    }

    /// When the session started.
    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    /// When an exam session auto-submits.
    pub fn deadline(&self) -> Option<Timestamp> {
        self.deadline
    }

    /// Seconds left before the deadline (exam mode), never negative.
    pub fn seconds_left(&self, now: Timestamp) -> Option<f64> {
        self.deadline.map(|d| d.seconds_since(now))
    }

    /// How the session ended, once it has.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
    }

    /// How many questions have an answer.
    pub fn answered_count(&self) -> usize {
        self.items.iter().filter(|i| i.answer.is_some()).count()
    }

    /// Ends the session when the deadline has passed; returns whether it is over. Every action
    /// calls this first, so an answer that arrives after the deadline is not taken.
    pub fn tick(&mut self, now: Timestamp) -> bool {
        if self.outcome.is_none() && self.deadline.is_some_and(|d| now >= d) {
            self.leave_current(now.min(self.deadline.unwrap_or(now)));
            self.outcome = Some(Outcome::TimedOut);
        }
        self.outcome.is_some()
    }

    fn guard(&mut self, now: Timestamp) -> Result<(), QuizError> {
        if self.tick(now) {
            return Err(match self.outcome {
                Some(Outcome::TimedOut) => QuizError::TimeUp,
                _ => QuizError::Finished,
            });
        }
        Ok(())
    }

    fn exam_only(&self, what: &str) -> Result<(), QuizError> {
        if self.mode == Mode::Exam {
            Ok(())
        } else {
            Err(QuizError::NotInThisMode(format!(
                "{what} is only available in exam mode"
            )))
        }
    }

    fn leave_current(&mut self, now: Timestamp) {
        let spent = now.seconds_since(self.visit_started);
        self.items[self.current].seconds += spent;
        self.visit_started = now;
    }

    /// Answers the current question with the learner's on-screen picks.
    ///
    /// Exam mode accepts a changed answer until the end; the other modes take one answer per
    /// question and return its feedback at once.
    pub fn answer(&mut self, now: Timestamp, response: &Response) -> Result<Answered, QuizError> {
        self.guard(now)?;
        let item = &self.items[self.current];
        if self.mode != Mode::Exam && item.answer.is_some() {
            return Err(QuizError::AlreadyAnswered);
        }
        let answer = item
            .shown
            .to_answer(&item.question, response)
            .map_err(|m| QuizError::Malformed(m.0))?;
        self.leave_current(now);
        let item = &mut self.items[self.current];
        item.answer = Some(answer.clone());
        let correct = is_correct(&item.question, &answer);
        let feedback =
            (self.mode != Mode::Exam).then(|| feedback(&item.question, &item.shown, Some(&answer)));
        Ok(Answered {
            question_id: item.question.id.clone(),
            answer,
            correct,
            seconds: item.seconds,
            at: now,
            feedback,
        })
    }

    /// Moves to the next question. Outside exam mode, moving on from the last question ends the
    /// session (returns `true`); in exam mode the end is an explicit submit.
    pub fn next(&mut self, now: Timestamp) -> Result<bool, QuizError> {
        self.guard(now)?;
        if self.current + 1 < self.items.len() {
            self.leave_current(now);
            self.current += 1;
            return Ok(false);
        }
        if self.mode == Mode::Exam {
            return Err(QuizError::NotInThisMode(
                "this is the last question: review with r, or submit with s".into(),
            ));
        }
        self.finish(now, Outcome::Submitted);
        Ok(true)
    }

    /// Moves to the previous question (exam mode).
    pub fn prev(&mut self, now: Timestamp) -> Result<(), QuizError> {
        self.guard(now)?;
        self.exam_only("going back")?;
        if self.current == 0 {
            return Err(QuizError::NotInThisMode(
                "this is the first question".into(),
            ));
        }
        self.leave_current(now);
        self.current -= 1;
        Ok(())
    }

    /// Jumps to a question by position, 0-based (exam mode).
    pub fn goto(&mut self, now: Timestamp, position: usize) -> Result<(), QuizError> {
        self.guard(now)?;
        self.exam_only("jumping to a question")?;
        if position >= self.items.len() {
            return Err(QuizError::Malformed(format!(
                "there are {} questions; pick one from 1 to {}",
                self.items.len(),
                self.items.len()
            )));
        }
        self.leave_current(now);
        self.current = position;
        Ok(())
    }

    /// Flags or unflags the current question for review (exam mode); returns the new flag.
    pub fn toggle_flag(&mut self, now: Timestamp) -> Result<bool, QuizError> {
        self.guard(now)?;
        self.exam_only("flagging")?;
        let item = &mut self.items[self.current];
        item.flagged = !item.flagged;
        Ok(item.flagged)
    }

    /// The positions (0-based) the review screen lists for a filter.
    pub fn review_list(&self, filter: ReviewFilter) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, item)| match filter {
                ReviewFilter::All => true,
                ReviewFilter::Unanswered => item.answer.is_none(),
                ReviewFilter::Flagged => item.flagged,
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The positions (0-based) the results list for a filter.
    pub fn result_list(&self, filter: ResultFilter) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, item)| match filter {
                ResultFilter::All => true,
                ResultFilter::Correct => item.correct() == Some(true),
                ResultFilter::Wrong => item.correct() == Some(false),
                ResultFilter::Skipped => item.answer.is_none(),
                ResultFilter::Flagged => item.flagged,
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Submits (exam mode) or stops (any mode): the session ends and what was answered counts.
    /// Past the deadline the outcome is a time-out whatever was asked.
    pub fn finish(&mut self, now: Timestamp, outcome: Outcome) -> Outcome {
        if self.tick(now) {
            return self.outcome.unwrap_or(Outcome::TimedOut);
        }
        self.leave_current(now);
        self.outcome = Some(outcome);
        outcome
    }

    /// Feedback for every question (the exam's end-of-session review).
    pub fn all_feedback(&self) -> Vec<Feedback> {
        self.items
            .iter()
            .map(|i| feedback(&i.question, &i.shown, i.answer.as_ref()))
            .collect()
    }
}
