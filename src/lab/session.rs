//! A lab played by a learner: the World, the current step and what the learner did on each,
//! driven by console lines. A line is a World command (`generate rows=5000`) or a player
//! command (`:hint`, `:solution`, `:check`, `:next`, `:choose N`); [`Session::handle`] answers
//! with [`Output`]s and never touches a terminal, so the TUI player, the plain line mode and the
//! tests drive the same state machine. A task step completes by itself the moment its check
//! passes after a command, whatever commands got there; a decision step completes when an
//! option is chosen, and the option's commands change the World the following steps run on.
//!
//! The session is its lab, seed (and instructor's timeline) and input lines: replaying the
//! lines rebuilds it exactly, which is how the store resumes a lab and `replay LOG` reproduces
//! one. `:rewind` goes back to the start of a step or of a simulated day (see `rewind`), and is
//! itself a line of the log, so a replay rewinds at the same moment.

mod rewind;

use serde::Serialize;

/// The words the player (not the World) answers, typed after a colon.
const PLAYER_WORDS: [&str; 8] = [
    "hint", "solution", "check", "next", "choose", "rewind", "save", "quit",
];

use super::log::TimelineSource;
use crate::clock::Timestamp;
use crate::content::{Lab, LabStep};
use crate::world::vocabulary::console::parse_command;
use crate::world::vocabulary::typing::Problem;
use crate::world::{CheckOutcome, Event, World};

pub use self::rewind::{MAX_POINTS, Mark, marks_text, rewound_text};

/// How a step was completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The learner's own commands passed the check, no hint shown.
    Unaided,
    /// Passed after at least one hint.
    WithHints,
    /// The reference commands (`:solution`) were run.
    WithSolution,
}

impl How {
    /// The stored name.
    pub fn name(self) -> &'static str {
        match self {
            How::Unaided => "unaided",
            How::WithHints => "with_hints",
            How::WithSolution => "with_solution",
        }
    }
}

/// What the learner did on one step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    /// How it was completed, once it is.
    pub done: Option<How>,
    /// Hints shown.
    pub hints: usize,
    /// The option chosen, for a decision step.
    pub choice: Option<String>,
    /// Commands the World refused or that did not parse.
    pub mistakes: u32,
    /// Time on the step, in seconds (a pause over five minutes counts as five).
    pub seconds: u64,
}

/// What the player says back.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// The World's answer to a command.
    Events(Vec<Event>),
    /// A line that did not parse, with the place of the mistake.
    Problem(Problem),
    /// The next hint (`n` of `of`, from 1).
    Hint {
        /// Which hint.
        n: usize,
        /// How many there are.
        of: usize,
        /// Its text.
        text: String,
    },
    /// Every hint is shown already.
    NoMoreHints,
    /// A reference command about to run (`:solution`), as its console line.
    Running(String),
    /// The current step's check, asked for with `:check`.
    Check(CheckOutcome),
    /// A step is complete.
    StepDone {
        /// The step (from 0).
        step: usize,
        /// How.
        how: How,
    },
    /// `:next` on a task step whose check has not passed: what is missing.
    NotYet(CheckOutcome),
    /// A decision was taken: the option's id, label and what it means.
    Chose {
        /// The option's id.
        id: String,
        /// Its label.
        label: String,
        /// What follows from it.
        outcome: String,
    },
    /// The line needs something else here (a choice on a decision step, a number in range...).
    Note(String),
    /// Every step is complete.
    LabDone,
    /// `:rewind` alone: where the session can go back to, oldest first.
    Points(Vec<Mark>),
    /// The session went back to a step's or a day's start.
    Rewound(Mark),
}

/// A lab in play. Cloning it copies the World, so a screen can keep drawing one copy while
/// another runs a command in the background.
#[derive(Clone)]
pub struct Session {
    lab: Lab,
    seed: u64,
    world: World,
    step: usize,
    records: Vec<StepRecord>,
    last: Option<Timestamp>,
    /// Every line handled, in order: with the seed and the timeline, the whole session.
    log: Vec<String>,
    /// The starts of steps and days the learner can rewind to, oldest first.
    points: Vec<rewind::Point>,
    /// The instructor's timeline the World plays, kept for the session's log.
    timeline: Option<TimelineSource>,
}

/// The longest pause counted as time on task.
const MAX_GAP_MS: i64 = 5 * 60 * 1000;

impl Session {
    /// A fresh World for the lab, at its first step.
    pub fn new(lab: Lab, seed: u64) -> Session {
        Session::build(lab, seed, None, &[])
    }

    /// A fresh World for the lab with an instructor's timeline (`--incidents`) scheduled, at
    /// its first step; `Err` when the timeline does not fit the lab (another scenario).
    pub fn with_timeline(
        lab: Lab,
        seed: u64,
        timeline: Option<TimelineSource>,
    ) -> Result<Session, String> {
        let schedule = match &timeline {
            Some(t) => t.schedule(&lab)?,
            None => Vec::new(),
        };
        Ok(Session::build(lab, seed, timeline, &schedule))
    }

    fn build(
        lab: Lab,
        seed: u64,
        timeline: Option<TimelineSource>,
        schedule: &[crate::world::timeline::Scheduled],
    ) -> Session {
        let mut world = World::new(lab.scenario, seed);
        world.schedule(schedule);
        world.keep_day_snapshots();
        let records = vec![StepRecord::default(); lab.steps.len()];
        let mut session = Session {
            lab,
            seed,
            world,
            step: 0,
            records,
            last: None,
            log: Vec::new(),
            points: Vec::new(),
            timeline,
        };
        session.mark_step();
        session
    }

    /// The instructor's timeline the World plays, if any.
    pub fn timeline(&self) -> Option<&TimelineSource> {
        self.timeline.as_ref()
    }

    /// Every line handled so far, in order (what `replay` needs beside the seed).
    pub fn log(&self) -> &[String] {
        &self.log
    }

    /// The lab.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// The World seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The World as the learner has built it.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The current step (from 0; equal to the step count once the lab is complete).
    pub fn step(&self) -> usize {
        self.step
    }

    /// The current step, unless the lab is complete.
    pub fn current(&self) -> Option<&LabStep> {
        self.lab.steps.get(self.step)
    }

    /// What the learner did on each step.
    pub fn records(&self) -> &[StepRecord] {
        &self.records
    }

    /// Whether every step is complete.
    pub fn complete(&self) -> bool {
        self.step >= self.lab.steps.len()
    }

    /// The hints of the current step: the author's, then the reference commands as the
    /// console line to type (for a task step).
    pub fn hints(&self) -> Vec<String> {
        self.current()
            .map(|s| crate::lab::step_hints(s, |l| format!("Type {l} (or :solution to run it).")))
            .unwrap_or_default()
    }

    /// Answers one line typed at `now`.
    pub fn handle(&mut self, line: &str, now: Timestamp) -> Vec<Output> {
        self.handle_with(line, now, &mut |_| {})
    }

    /// Answers one line typed at `now`, passing on the World's progress events (each training
    /// step) as they happen, for a gauge.
    pub fn handle_with(
        &mut self,
        line: &str,
        now: Timestamp,
        progress: &mut dyn FnMut(&Event),
    ) -> Vec<Output> {
        self.tick(now);
        let line = line.trim();
        if line.is_empty() {
            return Vec::new();
        }
        self.log.push(line.to_owned());
        let words = line
            .strip_prefix(':')
            .map(|c| c.split_whitespace().collect::<Vec<_>>());
        if let Some(["rewind", rest @ ..]) = words.as_deref() {
            return self.rewind(rest);
        }
        if self.complete() {
            return vec![Output::Note(
                "the lab is complete; :rewind goes back to a step or a day, :quit leaves".into(),
            )];
        }
        let out = match words {
            Some(words) => self.player_command(&words, progress),
            None if self.on_decision() && line.parse::<usize>().is_ok() => {
                self.choose(line.parse::<usize>().unwrap_or(0), progress)
            }
            None => self.command(line, progress),
        };
        self.mark_days();
        out
    }

    fn on_decision(&self) -> bool {
        self.current().is_some_and(LabStep::is_decision)
    }

    fn tick(&mut self, now: Timestamp) {
        if let (Some(last), Some(r)) = (self.last, self.records.get_mut(self.step)) {
            let gap = (now.0 - last.0).clamp(0, MAX_GAP_MS);
            r.seconds += u64::try_from(gap / 1000).unwrap_or(0);
        }
        self.last = Some(now);
    }

    fn player_command(&mut self, words: &[&str], progress: &mut dyn FnMut(&Event)) -> Vec<Output> {
        match words {
            ["hint"] => self.hint(),
            ["solution"] => self.solution(progress),
            ["check"] => {
                let outcome = self.check();
                let mut out = vec![Output::Check(outcome.clone())];
                if outcome.passed && !self.on_decision() {
                    out.extend(self.finish(self.how()));
                }
                out
            }
            ["next"] => self.next(),
            ["choose", n] => match n.parse::<usize>() {
                Ok(n) => self.choose(n, progress),
                Err(_) => vec![Output::Note(format!("`{n}` is not an option number"))],
            },
            _ => vec![Output::Note(format!(
                "unknown player command `:{}`: the player knows :hint, :solution, :check, :next, :choose N, :rewind",
                words.join(" ")
            ))],
        }
    }

    fn check(&self) -> CheckOutcome {
        self.current().map_or_else(CheckOutcome::default, |s| {
            crate::lab::check_step(&self.world, s)
        })
    }

    fn how(&self) -> How {
        if self.records[self.step].hints > 0 {
            How::WithHints
        } else {
            How::Unaided
        }
    }

    fn command(&mut self, line: &str, progress: &mut dyn FnMut(&Event)) -> Vec<Output> {
        // A newcomer types `solution` for `:solution`: say so instead of "unknown command".
        let first = line.split_whitespace().next().unwrap_or_default();
        if PLAYER_WORDS.contains(&first) {
            return vec![Output::Note(format!(
                "`{first}` is a player command: type it with a colon, `:{line}`"
            ))];
        }
        let command = match parse_command(line) {
            Ok(c) => c,
            Err(p) => {
                self.records[self.step].mistakes += 1;
                return vec![Output::Problem(p)];
            }
        };
        let events = self.world.apply_with(command, progress);
        if events
            .iter()
            .any(|e| matches!(e, Event::Rejected { .. } | Event::Blocked { .. }))
        {
            self.records[self.step].mistakes += 1;
        }
        let mut out = vec![Output::Events(events)];
        if !self.on_decision() && self.check().passed {
            out.extend(self.finish(self.how()));
        }
        out
    }

    fn hint(&mut self) -> Vec<Output> {
        let hints = self.hints();
        let r = &mut self.records[self.step];
        match hints.get(r.hints) {
            Some(text) => {
                r.hints += 1;
                vec![Output::Hint {
                    n: r.hints,
                    of: hints.len(),
                    text: text.clone(),
                }]
            }
            None => vec![Output::NoMoreHints],
        }
    }

    fn solution(&mut self, progress: &mut dyn FnMut(&Event)) -> Vec<Output> {
        let Some(step) = self.current().cloned() else {
            return Vec::new();
        };
        if let Some(o) = step.recommended() {
            return self.take(o, How::WithSolution, progress);
        }
        let mut out = Vec::new();
        for (c, line) in step.commands.into_iter().zip(step.solution) {
            out.push(Output::Running(line));
            out.push(Output::Events(self.world.apply_with(c, progress)));
        }
        let outcome = self.check();
        if outcome.passed {
            out.extend(self.finish(How::WithSolution));
        } else {
            // The learner's earlier commands can leave a World the reference commands do not
            // fix (a table already replaced); say so rather than pretend.
            out.push(Output::NotYet(outcome));
        }
        out
    }

    fn next(&mut self) -> Vec<Output> {
        if self.on_decision() {
            return vec![Output::Note(
                "this step is a decision: choose an option with :choose N".into(),
            )];
        }
        let outcome = self.check();
        if outcome.passed {
            self.finish(self.how())
        } else {
            vec![Output::NotYet(outcome)]
        }
    }

    fn choose(&mut self, n: usize, progress: &mut dyn FnMut(&Event)) -> Vec<Output> {
        let count = self.current().map_or(0, |s| s.options.len());
        if count == 0 {
            return vec![Output::Note("this step is not a decision".into())];
        }
        if n == 0 || n > count {
            return vec![Output::Note(format!("choose an option from 1 to {count}"))];
        }
        let how = self.how();
        self.take(n - 1, how, progress)
    }

    /// Applies option `o` of the current decision and completes the step.
    fn take(&mut self, o: usize, how: How, progress: &mut dyn FnMut(&Event)) -> Vec<Output> {
        let Some(option) = self.current().and_then(|s| s.options.get(o)).cloned() else {
            return Vec::new();
        };
        let mut out = vec![Output::Chose {
            id: option.id.clone(),
            label: option.label.clone(),
            outcome: option.outcome.clone(),
        }];
        for c in option.commands {
            out.push(Output::Events(self.world.apply_with(c, progress)));
        }
        self.records[self.step].choice = Some(option.id);
        out.extend(self.finish(how));
        out
    }

    fn finish(&mut self, how: How) -> Vec<Output> {
        self.records[self.step].done = Some(how);
        let mut out = vec![Output::StepDone {
            step: self.step,
            how,
        }];
        self.step += 1;
        if self.complete() {
            out.push(Output::LabDone);
        } else {
            self.mark_step();
        }
        out
    }
}
