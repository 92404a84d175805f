//! A session bound to the progress store: every answer is written the moment it is given (its
//! own transaction), spaced-repetition reviews follow, and the session row records how it
//! ended. Both the line interface and the terminal interface drive sessions through this.

use std::borrow::BorrowMut;

use super::answer::{Answer, Response};
use super::schedule::{self, DEFAULT_RETENTION, Scheduler, rating};
use super::session::{Answered, Outcome, ReviewFilter, Session, SessionSpec};
use super::{Mode, Plan, QuizError};
use crate::clock::Timestamp;
use crate::content::{Bank, Case, Question};
use crate::store::{AttemptRecord, SessionRecord, SessionRow, Store};

/// The store setting that holds the desired retention.
pub const RETENTION_SETTING: &str = "desired_retention";

/// A session whose every step is recorded. `S` is the store, owned (`Store`, handy for an
/// interface that keeps the session in its state) or borrowed (`&mut Store`).
#[derive(Debug)]
pub struct Live<S: BorrowMut<Store>> {
    session: Session,
    store: S,
    scheduler: Scheduler,
    id: i64,
    finalised: bool,
}

/// The scheduler for this learner: the desired retention from the store (default 0.9) and FSRS
/// weights fitted to their own review log, re-fitted first when the log has grown enough. A
/// failed fit keeps the previous weights: scheduling must never stop a study session.
pub fn scheduler_for(store: &mut Store, now: Timestamp) -> Result<Scheduler, QuizError> {
    let retention = store
        .setting(RETENTION_SETTING)?
        .and_then(|v| v.parse::<f32>().ok())
        .unwrap_or(DEFAULT_RETENTION);
    let reviews = store.review_count()?;
    let mut fitted = store.fsrs_parameters()?;
    if schedule::should_refit(reviews, fitted.as_ref().map(|(_, n)| *n))
        && let Ok(weights) = schedule::fit_parameters(&store.review_log()?)
    {
        store.save_fsrs_parameters(&weights, reviews, now)?;
        fitted = Some((weights, reviews));
    }
    Scheduler::new(fitted.as_ref().map(|(w, _)| w.as_slice()), retention)
}

impl<S: BorrowMut<Store>> Live<S> {
    /// Records the session in the store and starts it.
    pub fn start(
        mut store: S,
        plan: Plan,
        cases: &[Case],
        scheduler: Scheduler,
    ) -> Result<Self, QuizError> {
        let session = Session::new(&plan.spec, plan.questions, cases)?;
        let id = store.borrow_mut().start_session(&SessionRecord {
            mode: plan.spec.mode.as_str().to_string(),
            exam: plan.spec.exam.clone(),
            filter: plan.filter,
            seed: plan.spec.seed,
            question_count: session.items().len() as u32,
            started_at: plan.spec.started_at,
            deadline: session.deadline(),
            questions: session
                .items()
                .iter()
                .map(|i| i.question.id.clone())
                .collect(),
        })?;
        Ok(Live {
            session,
            store,
            scheduler,
            id,
            finalised: false,
        })
    }

    /// Takes up a session that never ended (the process was killed): the same questions with
    /// the same shuffles (same seed), the answers and flags already saved, at the first
    /// unanswered question. Questions since removed from the bank are left out. A resumed exam
    /// keeps its original deadline, so one that ran out while away ends at once.
    pub fn resume(
        mut store: S,
        row: &SessionRow,
        bank: &Bank,
        scheduler: Scheduler,
        now: Timestamp,
    ) -> Result<Self, QuizError> {
        let mode: Mode = row.record.mode.parse()?;
        let questions: Vec<Question> = row
            .record
            .questions
            .iter()
            .filter_map(|id| bank.question(id).cloned())
            .collect();
        let spec = SessionSpec {
            mode,
            exam: row.record.exam.clone(),
            seed: row.record.seed,
            started_at: row.record.started_at,
            deadline: row.record.deadline,
        };
        let mut session = Session::new(&spec, questions, bank.cases())?;
        let answers: Vec<(String, Answer, f64)> = store
            .borrow_mut()
            .session_attempts(row.id)?
            .into_iter()
            .filter_map(|a| {
                let answer = serde_json::from_str(&a.answer).ok()?;
                Some((a.question_id, answer, a.seconds))
            })
            .collect();
        session.restore(&answers, &row.flagged, now);
        Ok(Live {
            session,
            store,
            scheduler,
            id: row.id,
            finalised: false,
        })
    }

    /// The session's state, for display.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The store, e.g. to read progress after the session.
    pub fn store(&mut self) -> &mut Store {
        self.store.borrow_mut()
    }

    /// Gives the store back.
    pub fn into_store(self) -> S {
        self.store
    }

    /// The session's id in the store.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// Answers the current question and records the answer. Outside exam mode the question's
    /// spaced-repetition card is updated at once; in exam mode at submission, because answers
    /// may still change until then.
    pub fn answer(&mut self, now: Timestamp, response: &Response) -> Result<Answered, QuizError> {
        // An answer that comes after the deadline is refused and the exam is recorded as over.
        let answered = self.checked(now, |s| s.answer(now, response))?;
        self.store.borrow_mut().record_attempt(&AttemptRecord {
            session_id: self.id,
            mode: self.session.mode().as_str().to_string(),
            exam: self.session.exam().map(str::to_string),
            question_id: answered.question_id.clone(),
            answer: answered.answer.to_json(),
            correct: answered.correct,
            seconds: answered.seconds,
            answered_at: answered.at,
        })?;
        if self.session.mode() != Mode::Exam {
            self.review(
                &answered.question_id,
                answered.correct,
                answered.seconds,
                now,
            )?;
        }
        Ok(answered)
    }

    fn review(
        &mut self,
        question_id: &str,
        correct: bool,
        seconds: f64,
        now: Timestamp,
    ) -> Result<(), QuizError> {
        let previous = self.store.borrow_mut().card(question_id)?;
        let record = self.scheduler.review(
            question_id,
            previous.as_ref(),
            rating(correct, seconds),
            now,
            Some(self.id),
        )?;
        self.store.borrow_mut().record_review(&record)?;
        Ok(())
    }

    /// Checks the deadline; when it has passed the exam is submitted and recorded. Returns
    /// whether the session is over.
    pub fn tick(&mut self, now: Timestamp) -> Result<bool, QuizError> {
        if self.session.tick(now) {
            self.finalise(now)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Next question; `true` when that ended the session (after the last one, outside exam mode).
    pub fn next(&mut self, now: Timestamp) -> Result<bool, QuizError> {
        let done = self.checked(now, |s| s.next(now))?;
        if done {
            self.finalise(now)?;
        }
        Ok(done)
    }

    /// Previous question (exam mode).
    pub fn prev(&mut self, now: Timestamp) -> Result<(), QuizError> {
        self.checked(now, |s| s.prev(now))
    }

    /// Go to a question by 0-based position (exam mode).
    pub fn goto(&mut self, now: Timestamp, position: usize) -> Result<(), QuizError> {
        self.checked(now, |s| s.goto(now, position))
    }

    /// Flag or unflag the current question (exam mode); the flag is saved for a resume.
    pub fn toggle_flag(&mut self, now: Timestamp) -> Result<bool, QuizError> {
        let flagged = self.checked(now, |s| s.toggle_flag(now))?;
        let question = self.session.current().question.id.clone();
        self.store
            .borrow_mut()
            .set_flag(self.id, &question, flagged)?;
        Ok(flagged)
    }

    /// Positions listed by the review screen.
    pub fn review_list(&self, filter: ReviewFilter) -> Vec<usize> {
        self.session.review_list(filter)
    }

    fn checked<T>(
        &mut self,
        now: Timestamp,
        action: impl FnOnce(&mut Session) -> Result<T, QuizError>,
    ) -> Result<T, QuizError> {
        let result = action(&mut self.session);
        if matches!(result, Err(QuizError::TimeUp)) {
            self.finalise(now)?;
        }
        result
    }

    /// Ends the session (submit, or input closed) and records it; past the deadline the outcome
    /// is a time-out whatever was asked.
    pub fn finish(&mut self, now: Timestamp, outcome: Outcome) -> Result<Outcome, QuizError> {
        let outcome = self.session.finish(now, outcome);
        self.finalise(now)?;
        Ok(outcome)
    }

    /// Writes the end of the session once: exam answers become reviews, the row gets its outcome.
    fn finalise(&mut self, now: Timestamp) -> Result<(), QuizError> {
        if self.finalised {
            return Ok(());
        }
        let Some(outcome) = self.session.outcome() else {
            return Ok(());
        };
        self.finalised = true;
        let end = match outcome {
            Outcome::TimedOut => self.session.deadline().unwrap_or(now).min(now),
            _ => now,
        };
        if self.session.mode() == Mode::Exam {
            let answered: Vec<(String, bool, f64)> = self
                .session
                .items()
                .iter()
                .filter_map(|i| i.correct().map(|c| (i.question.id.clone(), c, i.seconds)))
                .collect();
            for (id, correct, seconds) in answered {
                self.review(&id, correct, seconds, end)?;
            }
        }
        self.store
            .borrow_mut()
            .finish_session(self.id, outcome.as_str(), end)?;
        Ok(())
    }
}
