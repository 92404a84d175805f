//! What the lab player does: send a line to the session (saved to the store first, answered on
//! a background thread), take the answer into the transcript and the store, follow the work in
//! the World pane, start the lab over, and show and answer the checkpoint questions.

use super::checkpoint::Checkpoint;
use super::lines::{Entry, entries};
use super::{LabPlayer, Pane, Work};
use crate::content::LabStep;
use crate::lab::computed::ask;
use crate::lab::log::{SessionLog, save_target};
use crate::lab::record::{LabRecord, Setup};
use crate::lab::session::{Output, Session};
use crate::tui::context::Ctx;
use crate::tui::screens::worker::{Answer, Finished};
use crate::tui::views::{View, show_view};
use crate::world::vocabulary::console::parse_command;

/// Lines of transcript kept.
const LOG_KEEP: usize = 400;

impl LabPlayer {
    /// Sends one line (typed, or a key's player command) to the session.
    pub(super) fn send(&mut self, line: String, ctx: &mut Ctx) {
        if self.job.is_some() {
            ctx.tell("running… the World is busy; this works again when it finishes");
            return;
        }
        if let Some(path) = save_target(&line) {
            self.save(path, ctx);
            return;
        }
        if self.session.complete() && !line.trim_start().starts_with(":rewind") {
            ctx.tell(
                "The lab is complete: :rewind goes back to a step or a day, X twice starts it over; Esc goes back.",
            );
            return;
        }
        // A new line: whatever the pacer still held of the last answer is shown.
        self.pacer.release();
        let at = ctx.now();
        if let Some(record) = self.record
            && let Err(e) = record.input(&mut ctx.store, &line, at)
        {
            ctx.warn(format!("progress not saved: {e}"));
        }
        let label = if line.starts_with(':') {
            line.clone()
        } else {
            format!("› {line}")
        };
        self.start(vec![(line, at)], label, Work::Line);
    }

    /// `:save FILE`: the session's log, for `mlops-lab replay FILE`.
    fn save(&mut self, path: &str, ctx: &mut Ctx) {
        if path.is_empty() {
            ctx.warn(":save needs a file name, e.g. :save session.toml");
            return;
        }
        let log = SessionLog::of(&self.session, &self.target);
        match log.write(std::path::Path::new(path)) {
            Ok(()) => {
                let note = format!(
                    "saved {} line(s) to {path}: `mlops-lab replay {path}` plays them again",
                    log.lines.len()
                );
                self.log.push(Entry::note(note.clone()));
                ctx.tell(note);
            }
            Err(e) => ctx.warn(format!("could not save to {path}: {e}")),
        }
    }

    /// Takes the answers of background work.
    pub(super) fn finish(
        &mut self,
        done: Result<Finished<Session, Answer>, String>,
        work: Work,
        ctx: &mut Ctx,
    ) {
        self.views.busy = None;
        let done = match done {
            Ok(done) => done,
            Err(e) => {
                ctx.warn(e);
                return;
            }
        };
        let step_before = self.session.step();
        let before = self.log.len();
        self.session = done.state;
        for (line, at, outputs) in &done.results {
            if work == Work::Line {
                if let Some(record) = self.record
                    && let Err(e) = record.outputs(&mut ctx.store, &self.session, outputs, *at)
                {
                    ctx.warn(format!("progress not saved: {e}"));
                }
                self.follow(line, outputs);
            }
            self.log.extend(entries(line, outputs));
        }
        // New lines bring the transcript back to its end.
        self.log_back = 0;
        let excess = self.log.len().saturating_sub(LOG_KEEP);
        self.log.drain(..excess);
        self.pacer.dropped(excess);
        if ctx.present && work == Work::Line {
            // The typed line shows at once; what the World answered waits for Space.
            let first = (before + 1).saturating_sub(excess).min(self.log.len());
            self.pacer.hold(first..self.log.len());
        }
        if work == Work::Replay {
            self.log.push(Entry::note(format!(
                "— resumed at step {} —",
                self.session.step() + 1
            )));
        }
        Self::tell(&done.results, ctx);
        let rewound = done
            .results
            .iter()
            .any(|(_, _, o)| o.iter().any(|o| matches!(o, Output::Rewound(_))));
        if rewound {
            // A question of a step the learner left behind no longer waits for an answer.
            self.question = None;
        }
        if self.session.step() != step_before || rewound {
            self.scroll = 0;
            self.show_question(ctx);
        }
    }

    /// The status line after a line's answer.
    fn tell(results: &[Answer], ctx: &mut Ctx) {
        let outputs: Vec<&Output> = results.iter().flat_map(|(_, _, o)| o).collect();
        if let Some(Output::Rewound(mark)) = outputs
            .iter()
            .rev()
            .find(|o| matches!(o, Output::Rewound(_)))
        {
            ctx.tell(format!(
                "Back at the start of {mark}: the World as it was then. Carry on from here."
            ));
        } else if outputs.iter().any(|o| matches!(o, Output::LabDone)) {
            ctx.tell("Every step is done: the lab is complete. The summary is on the left.");
        } else if let Some(Output::StepDone { step, .. }) = outputs
            .iter()
            .rev()
            .find(|o| matches!(o, Output::StepDone { .. }))
        {
            ctx.tell(format!("Step {} done: on to step {}.", step + 1, step + 2));
        } else if outputs.iter().any(|o| matches!(o, Output::Problem(_))) {
            ctx.warn("That line did not parse: the caret in the transcript shows where.");
        } else if outputs.iter().any(|o| {
            matches!(o, Output::Events(events) if events.iter().any(|e| matches!(
                e,
                crate::world::Event::Rejected { .. } | crate::world::Event::Blocked { .. }
            )))
        }) {
            ctx.warn("The World refused that: the transcript says why.");
        }
    }

    /// Shows the view that the line's command changed (the last one, for `:solution`).
    fn follow(&mut self, line: &str, outputs: &[Output]) {
        let last = outputs
            .iter()
            .rev()
            .find_map(|o| match o {
                Output::Running(l) => Some(l.as_str()),
                _ => None,
            })
            .unwrap_or(line);
        if let Some(view) = parse_command(last)
            .ok()
            .as_ref()
            .and_then(View::for_command)
        {
            show_view(&mut self.views, view);
        }
    }

    /// Starts the lab over: a new run on a fresh World.
    pub(super) fn restart(&mut self, ctx: &mut Ctx) {
        let lab = self.session.lab().clone();
        let now = ctx.now();
        // The same seed and timeline: starting over is the same World again, from day one.
        let setup = Setup {
            seed: Some(self.session.seed()),
            timeline: self.session.timeline().cloned(),
        };
        match LabRecord::open(&mut ctx.store, lab.clone(), &setup, true, now) {
            Ok(o) => {
                self.record = Some(o.record);
                self.session = o.session;
            }
            Err(e) => {
                ctx.warn(format!("progress will not be saved: {e}"));
                if let Ok(s) = Session::with_timeline(lab, self.session.seed(), setup.timeline) {
                    self.session = s;
                }
            }
        }
        self.log.clear();
        self.log
            .push(Entry::note("— started over on a fresh World —".into()));
        self.scroll = 0;
        self.question = None;
        self.show_question(ctx);
        ctx.tell("A fresh World, back at step 1.");
    }

    /// Shows the first checkpoint question of the current task step, unless a question of an
    /// earlier step is still waiting for its answer (a step completes the moment its check
    /// passes, before the learner had time to answer).
    pub(super) fn show_question(&mut self, ctx: &Ctx) {
        if self
            .question
            .as_ref()
            .is_some_and(|(_, _, q)| q.result.is_none())
        {
            return;
        }
        let step = self.session.step();
        self.question = None;
        if let Some(s) = self.session.current()
            && !s.is_decision()
        {
            self.load_question(step, 0, ctx);
        }
    }

    /// Loads question `index` of `step`: its bank questions first, then the computed ones,
    /// asked on the World as it is now (the step has just begun). A question that cannot be
    /// shown (not in the bank, or a fact this World does not have) is passed over.
    fn load_question(&mut self, step: usize, index: usize, ctx: &Ctx) {
        let lab = self.session.lab();
        let Some(s) = lab.steps.get(step) else {
            return;
        };
        // One shuffle per lab, step and question: the same on every visit.
        let seed = lab.seed ^ ((step as u64) << 8) ^ index as u64;
        let now = ctx.now();
        let checkpoint = if let Some(id) = s.questions.get(index) {
            ctx.bank
                .question(id)
                .and_then(|q| Checkpoint::new(q, seed, now, true))
        } else if let Some(q) = s.computed.get(index - s.questions.len()) {
            ask(q, self.session.world())
                .ok()
                .and_then(|a| Checkpoint::new(&a.to_question(lab), seed, now, false))
        } else {
            return;
        };
        match checkpoint {
            Some(c) => self.question = Some((step, index, c)),
            None => self.load_question(step, index + 1, ctx),
        }
    }

    /// A digit: chooses an option on a decision step, else picks in the checkpoint question.
    pub(super) fn pick(&mut self, n: u8, ctx: &mut Ctx) {
        if self
            .session
            .current()
            .is_some_and(crate::content::LabStep::is_decision)
        {
            self.send(format!(":choose {n}"), ctx);
            return;
        }
        match self.question.as_mut() {
            Some((_, _, q)) => {
                if !q.pick(n) {
                    ctx.tell("That option is not on the question, or it is answered already.");
                }
            }
            None => ctx.tell("Nothing to pick here: type a command in the console (: or Tab)."),
        }
    }

    /// Enter: answers the question on screen, or after feedback shows the next one.
    pub(super) fn answer(&mut self, ctx: &mut Ctx) {
        let filter = format!("lab {}", self.session.lab().id);
        let Some((step, index, q)) = self.question.as_mut() else {
            self.focus = Pane::Console;
            return;
        };
        let (step, index) = (*step, *index);
        if q.result.is_some() {
            let count = question_count(&self.session.lab().steps[step]);
            if index + 1 < count {
                self.load_question(step, index + 1, ctx);
            } else {
                self.question = None;
                self.show_question(ctx);
                if self.question.is_none() {
                    self.focus = Pane::Console;
                }
            }
            return;
        }
        match q.submit(ctx, format!("{filter} step {}", step + 1)) {
            Ok(true) => ctx.tell("Right: read why under each option."),
            Ok(false) => ctx.warn("Not quite: read why under each option."),
            Err(e) => ctx.warn(e),
        }
    }
}

/// How many checkpoint questions a step asks: its bank questions and its computed ones.
pub(super) fn question_count(step: &LabStep) -> usize {
    step.questions.len() + step.computed.len()
}
