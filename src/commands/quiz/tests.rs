//! The line-mode loop with a fake clock and scripted input: the exam ends on time even while
//! the learner is silent, and end of input submits what was answered.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Duration;

use super::{Input, LineSource, drive};
use crate::clock::{ManualClock, Timestamp};
use crate::content::{self, Bank};
use crate::quiz::{History, Live, Mode, Outcome, QuizRequest, Scheduler, plan};
use crate::store::Store;

const T0: Timestamp = Timestamp(1_790_000_000_000);

fn bank() -> Bank {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz");
    content::validate(
        &content::read_path(&dir).unwrap(),
        &content::Context::default(),
    )
    .0
}

/// Scripted lines; each read first moves the clock by its step. When the script runs out the
/// learner goes quiet: the read waits out its timeout (moving the clock that far) or, with no
/// timeout, sees end of input.
struct Script<'c> {
    clock: &'c ManualClock,
    lines: VecDeque<(i64, &'static str)>,
    timeouts_seen: Vec<Duration>,
}

impl LineSource for Script<'_> {
    fn next_line(&mut self, timeout: Option<Duration>) -> Input {
        if let Some(t) = timeout {
            self.timeouts_seen.push(t);
        }
        match self.lines.pop_front() {
            Some((secs, line)) => {
                self.clock.advance_secs(secs);
                Input::Line(line.to_string())
            }
            None => match timeout {
                Some(t) => {
                    self.clock
                        .advance_secs(i64::try_from(t.as_secs()).unwrap() + 1);
                    Input::TimedOut
                }
                None => Input::End,
            },
        }
    }
}

fn run(mode: Mode, lines: Vec<(i64, &'static str)>) -> (Outcome, String, Vec<Duration>, usize) {
    let bank = bank();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap().store;
    let req = QuizRequest {
        mode,
        exam: Some("aws-mla-c01".into()),
        domain: None,
        topic: None,
        count: Some(5),
        seed: 2,
    };
    let p = plan(&bank, &req, &History::default(), T0).unwrap();
    let clock = ManualClock::new(T0);
    let mut live = Live::start(
        &mut store,
        p,
        bank.cases(),
        Scheduler::new(None, 0.9).unwrap(),
    )
    .unwrap();
    let id = live.id();
    let mut script = Script {
        clock: &clock,
        lines: lines.into(),
        timeouts_seen: Vec::new(),
    };
    let mut out = Vec::new();
    let outcome = drive(&mut live, &bank, &clock, &mut script, &mut out).unwrap();
    drop(live);
    let answered = store.session_attempts(id).unwrap().len();
    (
        outcome,
        String::from_utf8(out).unwrap(),
        script.timeouts_seen,
        answered,
    )
}

#[test]
fn a_silent_learner_is_timed_out_at_the_deadline() {
    // 5 of 65 questions: 10 of 130 minutes. One move to the next question, then silence.
    let (outcome, out, timeouts, answered) = run(Mode::Exam, vec![(30, "n")]);
    assert_eq!(outcome, Outcome::TimedOut);
    assert!(out.contains("Time is up"), "{out}");
    assert!(out.contains("Result (time ran out)"), "{out}");
    assert_eq!(answered, 0);
    assert_eq!(
        timeouts[0],
        Duration::from_secs(600),
        "the first wait is the whole exam"
    );
    assert_eq!(timeouts[1], Duration::from_secs(570));
}

#[test]
fn an_answer_typed_after_the_deadline_is_refused() {
    let (outcome, out, _, answered) = run(Mode::Exam, vec![(10, "f"), (700, "1")]);
    assert_eq!(outcome, Outcome::TimedOut);
    assert!(out.contains("Question 1 flagged."), "{out}");
    assert_eq!(answered, 0, "{out}");
}

#[test]
fn end_of_input_submits_what_was_answered() {
    let (outcome, out, timeouts, _) = run(Mode::Practice, vec![(5, "q")]);
    assert_eq!(outcome, Outcome::Ended);
    assert!(timeouts.is_empty(), "practice has no clock");
    assert!(out.contains("Result (stopped): 0 of 5 right"), "{out}");
    let (outcome, out, _, _) = run(Mode::Practice, vec![]);
    assert_eq!(outcome, Outcome::Ended);
    assert!(out.contains("End of input"), "{out}");
}
