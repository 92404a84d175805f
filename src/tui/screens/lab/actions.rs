//! What the lab player's keys do: run a step's commands (in the background), check, reveal a
//! hint, move between steps, reset a step or the lab, answer a checkpoint question. Every
//! change of progress is written to the store as it happens.

use super::checkpoint::Checkpoint;
use super::complete::Completion;
use super::progress::{Progress, status};
use super::{LabPlayer, Work};
use crate::lab::describe::describe;
use crate::store::LabStepRow;
use crate::tui::context::Ctx;
use crate::tui::screens::worker::Finished;
use crate::world::{Event, World};

impl LabPlayer {
    /// Writes one step event; a store failure is shown, not fatal (the lab goes on).
    fn record(&mut self, step: usize, what: &str, ctx: &mut Ctx) {
        let row = LabStepRow {
            lab_id: self.lab.id.clone(),
            step: u32::try_from(step).unwrap_or(u32::MAX),
            status: what.to_owned(),
            at: ctx.now(),
        };
        if let Err(e) = ctx.store.record_lab_step(&row) {
            ctx.warn(format!("progress not saved: {e}"));
        }
        self.progress.touched = true;
    }

    /// Marks the current step as opened and shows its first checkpoint question.
    pub(super) fn visit(&mut self, ctx: &mut Ctx) {
        self.record(self.step, status::STARTED, ctx);
        self.scroll = 0;
        self.question = None;
        self.show_question(0, ctx);
    }

    fn show_question(&mut self, index: usize, ctx: &Ctx) {
        let step = &self.lab.steps[self.step];
        self.question = step.questions.get(index).and_then(|id| {
            let q = ctx.bank.question(id)?;
            // One shuffle per lab, step and question: the same on every visit.
            let seed = self.lab.seed ^ ((self.step as u64) << 8) ^ index as u64;
            Checkpoint::new(q, seed, ctx.now()).map(|c| (index, c))
        });
    }

    pub(super) fn go(&mut self, to: usize, ctx: &mut Ctx) {
        if to >= self.lab.steps.len() {
            if self.progress.complete() {
                self.completion = Some(Completion::new(&self.lab, ctx));
                self.scroll = 0;
                ctx.tell("That was the last step: the lab is complete.");
            } else {
                let left = self.progress.passed.iter().filter(|p| !**p).count();
                ctx.tell(format!(
                    "That was the last step; {left} step(s) still to pass (p goes back)."
                ));
            }
            return;
        }
        self.step = to;
        self.visit(ctx);
    }

    pub(super) fn run(&mut self, ctx: &mut Ctx) {
        let n = self.step + 1;
        if self.step < self.progress.ran {
            ctx.tell(format!(
                "Step {n} already ran. c checks it; x resets it to run it again."
            ));
            return;
        }
        let from = self.progress.ran;
        let names: Vec<String> = self.lab.steps[from..=self.step]
            .iter()
            .flat_map(|s| s.commands.iter())
            .map(command_name)
            .collect();
        let label = if names.is_empty() {
            format!("step {n}")
        } else {
            format!("step {n}: {}", names.join(", "))
        };
        if from < self.step {
            ctx.tell(format!(
                "Step {n} builds on steps {}-{}: running them first.",
                from + 1,
                self.step
            ));
        }
        let world = self.world.clone();
        let work = Work::Run {
            from,
            to: self.step,
        };
        self.start(world, from..self.step + 1, label, work);
    }

    pub(super) fn check(&mut self, ctx: &mut Ctx) {
        let step = &self.lab.steps[self.step];
        let outcome = crate::lab::check_step(&self.world, step);
        let n = self.step + 1;
        if outcome.passed {
            self.record(self.step, status::PASSED, ctx);
            self.progress.apply(self.step, status::PASSED);
            if self.progress.complete() {
                self.completion = Some(Completion::new(&self.lab, ctx));
                ctx.tell("Every step passed: the lab is complete.");
                self.checks[self.step] = Some(outcome);
                self.scroll = 0;
                return;
            }
            if self.step + 1 < self.lab.steps.len() {
                ctx.tell(format!("Step {n} passed. n goes to the next step."));
            } else {
                ctx.tell(format!(
                    "Step {n} passed; p goes back to the steps still to pass."
                ));
            }
        } else {
            self.record(self.step, status::FAILED, ctx);
            self.progress.apply(self.step, status::FAILED);
            if self.step >= self.progress.ran {
                ctx.warn(format!(
                    "Not yet: the commands of step {n} have not run (press r)."
                ));
            } else {
                ctx.warn("Not yet: read what is missing, or press i for a hint.");
            }
        }
        self.checks[self.step] = Some(outcome);
        let at = self.left_lines_for(ctx).check;
        self.scroll_to(at, ctx);
    }

    pub(super) fn hint(&mut self, ctx: &mut Ctx) {
        let total = crate::lab::step_hints(&self.lab.steps[self.step], super::answer_hint).len();
        let shown = self.progress.hints[self.step];
        if shown >= total {
            ctx.tell(format!("All {total} hints of this step are shown."));
            return;
        }
        let tier = shown + 1;
        self.record(self.step, &format!("{}{tier}", status::HINT), ctx);
        self.progress.hints[self.step] = tier;
        let at = self.left_lines_for(ctx).hints;
        self.scroll_to(at, ctx);
    }

    pub(super) fn reset_step(&mut self, ctx: &mut Ctx) {
        let n = self.step + 1;
        if self.step >= self.progress.ran && !self.progress.passed[self.step] {
            ctx.tell(format!("Step {n} has not run: nothing to reset."));
            return;
        }
        // Written now: if the learner quits before the replay ends, the reset still holds.
        self.record(self.step, status::RESET, ctx);
        let fresh = World::new(self.lab.scenario, self.lab.seed);
        let label = format!("resetting step {n}: replaying the steps before it");
        self.start(fresh, 0..self.step, label, Work::Reset { step: self.step });
    }

    pub(super) fn reset_lab(&mut self, ctx: &mut Ctx) {
        self.record(0, status::RESET, ctx);
        let hints = self.progress.hints.clone();
        self.progress = Progress::new(self.lab.steps.len());
        // Hints already read stay readable: they are knowledge, not progress.
        self.progress.hints = hints;
        self.progress.touched = true;
        self.world = World::new(self.lab.scenario, self.lab.seed);
        self.runs.iter_mut().for_each(|r| *r = None);
        self.checks.iter_mut().for_each(|c| *c = None);
        self.completion = None;
        self.step = 0;
        self.visit(ctx);
        ctx.tell("The lab is reset: a fresh World, back at step 1.");
    }

    /// Takes the result of background work.
    pub(super) fn finish(&mut self, done: Result<Finished, String>, work: Work, ctx: &mut Ctx) {
        self.views.busy = None;
        let done = match done {
            Ok(done) => done,
            Err(e) => {
                ctx.warn(e);
                return;
            }
        };
        self.world = done.world;
        let mut events = done.events.into_iter();
        let (from, to) = match work {
            Work::Resume => (0, self.progress.ran.saturating_sub(1)),
            Work::Run { from, to } => (from, to),
            Work::Reset { step } => {
                self.progress.apply(step, status::RESET);
                for i in step..self.lab.steps.len() {
                    self.runs[i] = None;
                    self.checks[i] = None;
                }
                self.completion = None;
                ctx.tell(format!(
                    "Step {} reset: the World is as it was before it. r runs it again.",
                    step + 1
                ));
                (0, step.saturating_sub(1))
            }
        };
        if matches!(work, Work::Reset { step: 0 }) {
            return;
        }
        for i in from..=to {
            let step_events: Vec<Event> = events
                .by_ref()
                .take(self.lab.steps[i].commands.len())
                .flatten()
                .collect();
            self.runs[i] = Some(readable(&step_events));
            if let Work::Run { .. } = work {
                self.record(i, status::RAN, ctx);
                self.progress.apply(i, status::RAN);
            }
        }
        if let Work::Run { .. } = work {
            let problems = self.runs[to]
                .as_ref()
                .map_or(0, |r| r.iter().filter(|l| is_problem(l)).count());
            if problems == 0 {
                ctx.tell(format!("Step {} ran. c checks it.", to + 1));
            } else {
                ctx.warn(format!(
                    "Step {} ran with {problems} rejected or blocked command(s): see the run.",
                    to + 1
                ));
            }
            let at = self.left_lines_for(ctx).run;
            self.scroll_to(at, ctx);
        }
    }

    pub(super) fn pick(&mut self, n: u8, ctx: &mut Ctx) {
        match self.question.as_mut() {
            Some((_, q)) => {
                if q.pick(n) {
                    let at = self.left_lines_for(ctx).answer;
                    self.scroll_to(at, ctx);
                } else {
                    ctx.tell("That option is not on the question, or it is answered already.");
                }
            }
            None => ctx.tell("This step has no checkpoint question."),
        }
    }

    /// Enter: answers the question on screen, or after feedback shows the step's next one.
    pub(super) fn answer(&mut self, ctx: &mut Ctx) {
        let filter = format!("lab {} step {}", self.lab.id, self.step + 1);
        let Some((index, q)) = self.question.as_mut() else {
            ctx.tell("This step has no checkpoint question.");
            return;
        };
        let index = *index;
        if q.result.is_some() {
            let count = self.lab.steps[self.step].questions.len();
            if index + 1 < count {
                self.show_question(index + 1, ctx);
                let at = self.left_lines_for(ctx).question;
                self.scroll_to(at, ctx);
            } else {
                ctx.tell("That was the step's last question: n goes to the next step.");
            }
            return;
        }
        match q.submit(ctx, filter) {
            Ok(true) => ctx.tell("Right: read why under each option."),
            Ok(false) => ctx.warn("Not quite: read why under each option."),
            Err(e) => {
                ctx.warn(e);
                return;
            }
        }
        let at = self.left_lines_for(ctx).answer;
        self.scroll_to(at, ctx);
    }
}

/// The command's `do` name, as the lab file writes it.
fn command_name(c: &crate::world::Command) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.get("do").and_then(|d| d.as_str().map(str::to_owned)))
        .unwrap_or_default()
}

/// One readable line per event; training progress is left to the gauge.
pub(super) fn readable(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter(|e| !matches!(e, Event::TrainingProgress { .. }))
        .map(describe)
        .collect()
}

/// Whether a line reports a command the World refused.
pub(super) fn is_problem(line: &str) -> bool {
    line.starts_with("rejected ") || line.starts_with("blocked ")
}
