//! Class quiz mode's core: questions for a room, planned as a practice session with no
//! learner's history, one at a time with a per-question countdown and a reveal. Nothing is
//! answered, scored or stored; the countdown is computed from the time the caller passes.

use super::feedback::{Feedback, feedback};
use super::{History, Item, Mode, QuizError, QuizRequest, Session, plan};
use crate::clock::Timestamp;
use crate::content::Bank;

/// Seconds per question when `--seconds` is not given: enough to read a scenario aloud.
pub const DEFAULT_SECONDS: u32 = 60;
/// The shortest countdown `--seconds` accepts.
pub const MIN_SECONDS: u32 = 5;
/// The longest countdown `--seconds` accepts (one hour).
pub const MAX_SECONDS: u32 = 3600;

/// What the instructor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRequest {
    /// `--exam`.
    pub exam: Option<String>,
    /// `--domain`.
    pub domain: Option<String>,
    /// `--topic`.
    pub topic: Option<String>,
    /// `--count`.
    pub count: Option<usize>,
    /// The seed for drawing and shuffling.
    pub seed: u64,
    /// Seconds per question.
    pub seconds: u32,
}

/// The countdown of the question on screen, at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    /// Whole seconds left (rounded up, so it shows 60 at the start and 0 only at the end).
    pub left: u32,
    /// The question's full time.
    pub total: u32,
}

impl Countdown {
    /// Whether the time is up.
    pub fn up(self) -> bool {
        self.left == 0
    }

    /// The share of the time left, 0.0 to 1.0, for a bar.
    pub fn ratio(self) -> f64 {
        f64::from(self.left) / f64::from(self.total.max(1))
    }
}

/// A class session: the questions with their shuffled options, the one on screen, whether its
/// key is revealed, and when its countdown started.
#[derive(Debug, Clone)]
pub struct ClassQuiz {
    items: Vec<Item>,
    exam: Option<String>,
    position: usize,
    revealed: bool,
    shown_at: Timestamp,
    seconds: u32,
}

impl ClassQuiz {
    /// Plans the questions (the practice pool and blueprint, the filters checked as the quiz
    /// checks them) and starts the first countdown at `now`.
    pub fn new(bank: &Bank, req: &ClassRequest, now: Timestamp) -> Result<ClassQuiz, QuizError> {
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&req.seconds) {
            return Err(QuizError::BadOption(format!(
                "--seconds must be between {MIN_SECONDS} and {MAX_SECONDS}, not {}",
                req.seconds
            )));
        }
        let request = QuizRequest {
            mode: Mode::Practice,
            exam: req.exam.clone(),
            domain: req.domain.clone(),
            topic: req.topic.clone(),
            count: req.count,
            seed: req.seed,
        };
        // No history: a class session does not depend on (or read) whoever's store is open.
        let plan = plan(bank, &request, &History::default(), now)?;
        // The session only shuffles the options and attaches case scenarios; it is never
        // answered, and it never meets a store.
        let session = Session::new(&plan.spec, plan.questions, bank.cases())?;
        Ok(ClassQuiz {
            items: session.items().to_vec(),
            exam: plan.spec.exam,
            position: 0,
            revealed: false,
            shown_at: now,
            seconds: req.seconds,
        })
    }

    /// The question on screen.
    pub fn current(&self) -> &Item {
        &self.items[self.position]
    }

    /// Its 0-based position.
    pub fn position(&self) -> usize {
        self.position
    }

    /// How many questions the session has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always `false`: a session is never planned empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The exam the questions were drawn for.
    pub fn exam(&self) -> Option<&str> {
        self.exam.as_deref()
    }

    /// Whether this is the last question.
    pub fn last(&self) -> bool {
        self.position + 1 == self.items.len()
    }

    /// The countdown at `now`. It stops at zero: the key waits for the instructor.
    pub fn countdown(&self, now: Timestamp) -> Countdown {
        let spent = now.seconds_since(self.shown_at);
        let left = (f64::from(self.seconds) - spent).max(0.0).ceil() as u32;
        Countdown {
            left,
            total: self.seconds,
        }
    }

    /// Reveals the key and every option's explanation; returns whether it was hidden.
    pub fn reveal(&mut self) -> bool {
        !std::mem::replace(&mut self.revealed, true)
    }

    /// The key and every option's explanation, once revealed (nothing is marked as picked).
    pub fn revealed(&self) -> Option<Feedback> {
        let item = self.current();
        self.revealed
            .then(|| feedback(&item.question, &item.shown, None))
    }

    /// Moves on to the next question with a fresh countdown from `now`; `false` at the last.
    pub fn next(&mut self, now: Timestamp) -> bool {
        if self.last() {
            return false;
        }
        self.position += 1;
        self.arrive(now);
        true
    }

    /// Goes back one question (a student asks to see it again), its countdown restarted.
    pub fn prev(&mut self, now: Timestamp) -> bool {
        if self.position == 0 {
            return false;
        }
        self.position -= 1;
        self.arrive(now);
        true
    }

    fn arrive(&mut self, now: Timestamp) {
        self.revealed = false;
        self.shown_at = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_shipped;
    use crate::quiz::feedback::Detail;

    fn request(seconds: u32) -> ClassRequest {
        ClassRequest {
            exam: Some("gcp-pmle".into()),
            domain: None,
            topic: None,
            count: Some(3),
            seed: 7,
            seconds,
        }
    }

    const T0: Timestamp = Timestamp(1_800_000_000_000);

    #[test]
    fn the_countdown_runs_from_the_moment_a_question_is_shown_and_stops_at_zero() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let mut class = ClassQuiz::new(&bank, &request(60), T0).unwrap();
        assert_eq!(class.countdown(T0).left, 60);
        assert_eq!(class.countdown(T0.plus_ms(500)).left, 60);
        assert_eq!(class.countdown(T0.plus_secs(18)).left, 42);
        let up = class.countdown(T0.plus_secs(75));
        assert!(up.up() && up.left == 0);
        // Time up reveals nothing by itself.
        assert!(class.revealed().is_none());
        assert!(class.next(T0.plus_secs(80)));
        assert_eq!(class.countdown(T0.plus_secs(80)).left, 60);
        assert_eq!(class.countdown(T0.plus_secs(90)).left, 50);
    }

    #[test]
    fn reveal_gives_the_key_and_every_options_why_and_moving_on_hides_it_again() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let mut class = ClassQuiz::new(&bank, &request(60), T0).unwrap();
        assert!(class.reveal());
        assert!(!class.reveal(), "a second press changes nothing");
        let fb = class.revealed().unwrap();
        assert!(!fb.answered);
        if let Detail::Choices(options) = &fb.detail {
            assert!(options.iter().any(|o| o.correct));
            assert!(
                options
                    .iter()
                    .all(|o| !o.why.trim().is_empty() && !o.picked)
            );
        }
        assert!(class.next(T0));
        assert!(class.revealed().is_none());
        assert!(class.next(T0));
        assert!(class.last());
        assert!(!class.next(T0), "the last question has no next");
        assert!(class.prev(T0));
        assert_eq!(class.position(), 1);
    }

    #[test]
    fn bad_options_are_one_clear_message() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let e = ClassQuiz::new(&bank, &request(0), T0).unwrap_err();
        assert!(e.to_string().contains("--seconds must be between 5"), "{e}");
        let bad = ClassRequest {
            exam: Some("no-such-exam".into()),
            ..request(60)
        };
        let e = ClassQuiz::new(&bank, &bad, T0).unwrap_err();
        assert!(
            e.to_string().starts_with("unknown exam 'no-such-exam'"),
            "{e}"
        );
        let bad = ClassRequest {
            count: Some(0),
            ..request(60)
        };
        assert!(ClassQuiz::new(&bank, &bad, T0).is_err());
    }

    #[test]
    fn the_same_seed_gives_the_room_the_same_questions() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let ids = |c: &ClassQuiz| {
            (0..c.len())
                .map(|i| c.items[i].question.id.clone())
                .collect::<Vec<_>>()
        };
        let a = ClassQuiz::new(&bank, &request(60), T0).unwrap();
        let b = ClassQuiz::new(&bank, &request(60), T0.plus_secs(999)).unwrap();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.len(), 3);
    }
}
