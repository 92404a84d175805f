//! The lab player: on the left the current step (narrative, hints one tier at a time, the check
//! with what is missing, the last run as readable lines, checkpoint questions); on the right
//! the live World views. The World is rebuilt from the lab's scenario and seed by replaying the
//! commands of the steps already run, so progress saved per step in the store is enough to
//! resume exactly where the learner left.
//!
//! `actions` changes the state (run, check, hints, resets, moving between steps), `lines`
//! builds the left pane, `checkpoint` the inline questions, `complete` the final panel,
//! `progress` reads the store's step log back.

mod actions;
mod checkpoint;
mod complete;
mod lines;
pub mod progress;
#[cfg(test)]
mod tests;

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use self::checkpoint::Checkpoint;
use self::complete::Completion;
use self::progress::Progress;
use super::worker::Job;
use crate::lab::Lab;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::views::{ViewState, handle_view, render_view};
use crate::world::{CheckOutcome, World};

/// The last hint in this player, which runs a step's commands on `r`.
fn answer_hint(lines: &str) -> String {
    format!("The step's commands: {lines} (r runs them).")
}

/// Which pane the arrows scroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The step.
    Step,
    /// The World views.
    World,
}

/// What the background job is doing, to know what to do with its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Replaying the steps already run, on opening the lab.
    Resume,
    /// Running steps `from..=to` (earlier steps not run yet come first).
    Run { from: usize, to: usize },
    /// Rebuilding the World as it was before `step`.
    Reset { step: usize },
}

/// The lab player's state.
pub struct LabPlayer {
    lab: Lab,
    world: World,
    step: usize,
    progress: Progress,
    /// Readable lines of each step's last run.
    runs: Vec<Option<Vec<String>>>,
    /// Each step's last check.
    checks: Vec<Option<CheckOutcome>>,
    /// The checkpoint question on screen, and its index in the step's list.
    question: Option<(usize, Checkpoint)>,
    completion: Option<Completion>,
    focus: Pane,
    scroll: u16,
    views: ViewState,
    job: Option<(Job, Work)>,
    confirm_reset: bool,
}

/// The step pane and the World pane, inside their borders: the same split for drawing and
/// for clicks.
pub fn panes(body: Rect) -> [Rect; 2] {
    let left = (body.width / 2).clamp(40, 76).min(body.width);
    Layout::horizontal([Constraint::Length(left), Constraint::Min(0)]).areas(body)
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

fn panel<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    let mark = if focused { "▸ " } else { "" };
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused { theme.accent } else { theme.border })
        .title(Span::styled(format!(" {mark}{title} "), theme.title))
}

impl LabPlayer {
    /// Opens a lab by id (shipped or from a `--content` pack) or by the path of a lab file,
    /// resuming where the learner left.
    pub fn open(target: &str, ctx: &mut Ctx) -> Result<LabPlayer, String> {
        let lab = match ctx.bank.lab(target) {
            Some(lab) => lab.clone(),
            None => crate::content::find_lab(target, &[]).map_err(|e| e.to_string())?,
        };
        let rows = ctx.store.lab_steps(&lab.id).unwrap_or_else(|e| {
            ctx.warn(format!("could not read lab progress: {e}"));
            Vec::new()
        });
        let n = lab.steps.len();
        let progress = Progress::from_rows(n, &rows);
        let mut player = LabPlayer {
            world: World::new(lab.scenario, lab.seed),
            step: progress.resume_at(),
            runs: vec![None; n],
            checks: vec![None; n],
            question: None,
            completion: None,
            focus: Pane::Step,
            scroll: 0,
            views: ViewState::default(),
            job: None,
            confirm_reset: false,
            progress,
            lab,
        };
        if player.progress.ran > 0 {
            let steps = player.progress.ran;
            let label = if steps == 1 {
                "resuming: replaying step 1".to_owned()
            } else {
                format!("resuming: replaying steps 1-{steps}")
            };
            player.start(
                World::new(player.lab.scenario, player.lab.seed),
                0..steps,
                label,
                Work::Resume,
            );
            ctx.tell("Welcome back: replaying the steps you ran, to rebuild the same World.");
        } else if !player.progress.touched {
            ctx.tell("r runs the step's commands, c checks, i shows a hint; ? lists every key.");
        }
        if player.progress.complete() {
            player.completion = Some(Completion::new(&player.lab, ctx));
        }
        player.visit(ctx);
        Ok(player)
    }

    /// The World as the learner's steps left it.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The step on screen (0-based).
    pub fn step(&self) -> usize {
        self.step
    }

    /// Whether commands are running in the background.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn start(&mut self, world: World, steps: std::ops::Range<usize>, label: String, work: Work) {
        let commands = self.lab.steps[steps]
            .iter()
            .flat_map(|s| s.commands.iter().cloned())
            .collect();
        let job = Job::start(world, commands, label);
        self.views.busy = Some(job.busy());
        self.job = Some((job, work));
    }

    /// Waits for the background work (tests drive the player without a clock).
    #[cfg(test)]
    pub fn settle(&mut self, ctx: &mut Ctx) {
        if let Some((job, work)) = self.job.take() {
            self.finish(job.wait(), work, ctx);
        }
    }

    fn left_width(ctx: &Ctx) -> (usize, u16) {
        let [left, _] = panes(ctx.body);
        let inner = inner(left);
        (usize::from(inner.width.saturating_sub(1)), inner.height)
    }

    fn scroll_pane(&mut self, action: Action, ctx: &Ctx) -> bool {
        let (width, height) = Self::left_width(ctx);
        let total = self.left_lines(width, &ctx.theme).0.len();
        let max = u16::try_from(total.saturating_sub(usize::from(height))).unwrap_or(u16::MAX);
        let page = height.saturating_sub(2).max(1);
        let before = self.scroll;
        self.scroll = match action {
            Action::Up | Action::ScrollUp => self.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => max,
            _ => self.scroll,
        }
        .min(max);
        before != self.scroll
    }

    /// Scrolls the step pane so that line `at` is near the top.
    fn scroll_to(&mut self, at: usize, ctx: &Ctx) {
        let (width, height) = Self::left_width(ctx);
        let total = self.left_lines(width, &ctx.theme).0.len();
        let max = total.saturating_sub(usize::from(height));
        self.scroll = u16::try_from(at.saturating_sub(1).min(max)).unwrap_or(0);
    }

    fn handle_busy(action: Action, ctx: &mut Ctx) -> Option<Outcome> {
        match action {
            Action::Back => Some(Outcome::Ignored),
            Action::NextTab
            | Action::PrevTab
            | Action::NextPane
            | Action::PrevPane
            | Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ScrollUp
            | Action::ScrollDown
            | Action::Click { .. } => None,
            _ => {
                ctx.tell("running… the World is busy; this key works again when it finishes");
                Some(Outcome::Changed)
            }
        }
    }
}

impl Screen for LabPlayer {
    fn title(&self) -> String {
        self.lab.title.clone()
    }

    fn scope(&self) -> Scope {
        Scope::LabPlayer
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [left, right] = panes(area);
        let title = format!("Step {} of {}", self.step + 1, self.lab.steps.len());
        let block = panel(&title, self.focus == Pane::Step, theme);
        let inside = inner(left);
        let (lines, _) = self.left_lines(usize::from(inside.width.saturating_sub(1)), theme);
        let max = lines.len().saturating_sub(usize::from(inside.height));
        let scroll = usize::from(self.scroll).min(max);
        let block = if scroll < max {
            block.title_bottom(Span::styled(" ↓ more (PgDn) ", theme.muted))
        } else {
            block
        };
        frame.render_widget(block, left);
        let scroll = u16::try_from(scroll).unwrap_or(0);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inside);
        frame.render_widget(panel("World", self.focus == Pane::World, theme), right);
        render_view(frame, inner(right), &self.world, &self.views, theme);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        if self.job.is_some()
            && let Some(outcome) = Self::handle_busy(action, ctx)
        {
            return outcome;
        }
        if self.confirm_reset {
            self.confirm_reset = false;
            if action == Action::ResetLab {
                self.reset_lab(ctx);
            } else {
                ctx.tell("Reset cancelled: nothing changed.");
            }
            return Outcome::Changed;
        }
        let [left, right] = panes(ctx.body);
        match action {
            Action::Run => self.run(ctx),
            Action::Submit => self.check(ctx),
            Action::Hint => self.hint(ctx),
            Action::Next => self.go(self.step + 1, ctx),
            Action::Prev => {
                if self.step == 0 {
                    ctx.tell("This is the first step.");
                } else {
                    self.go(self.step - 1, ctx);
                }
            }
            Action::ResetStep => self.reset_step(ctx),
            Action::ResetLab => {
                self.confirm_reset = true;
                ctx.warn("Press X again to reset every step of this lab; any other key cancels.");
            }
            Action::Pick(n) => self.pick(n, ctx),
            Action::Backspace => {
                if !self.question.as_mut().is_some_and(|(_, q)| q.undo()) {
                    return Outcome::Ignored;
                }
            }
            Action::Select => self.answer(ctx),
            Action::NextPane | Action::PrevPane => {
                self.focus = match self.focus {
                    Pane::Step => Pane::World,
                    Pane::World => Pane::Step,
                };
            }
            Action::NextTab | Action::PrevTab => {
                handle_view(&mut self.views, action, &self.world, inner(right));
            }
            Action::Click { column, row } => {
                let inside = |r: Rect| {
                    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
                };
                if inside(right) {
                    self.focus = Pane::World;
                    handle_view(&mut self.views, action, &self.world, inner(right));
                } else if inside(left) {
                    self.focus = Pane::Step;
                } else {
                    return Outcome::Ignored;
                }
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ScrollUp
            | Action::ScrollDown => {
                let changed = match self.focus {
                    Pane::Step => self.scroll_pane(action, ctx),
                    Pane::World => handle_view(&mut self.views, action, &self.world, inner(right)),
                };
                if !changed {
                    return Outcome::Ignored;
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Changed
    }

    fn tick_every(&self) -> Option<Duration> {
        self.job.as_ref().map(|_| Duration::from_millis(100))
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        let Some((job, work)) = self.job.as_mut() else {
            return false;
        };
        let work = *work;
        match job.poll() {
            Ok(None) => {
                let busy = job.busy();
                let changed = self.views.busy.as_ref() != Some(&busy);
                self.views.busy = Some(busy);
                changed
            }
            Ok(Some(done)) => {
                self.job = None;
                self.finish(Ok(done), work, ctx);
                true
            }
            Err(e) => {
                self.job = None;
                self.finish(Err(e), work, ctx);
                true
            }
        }
    }
}
