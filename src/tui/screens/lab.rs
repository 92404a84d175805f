//! The lab player: on the left the current step (its goal, a decision's options, the hints
//! shown, a checkpoint question), the transcript of what the learner typed and what the World
//! answered, and the console; on the right the live World views, which follow the work. The
//! learner operates the World by typing console lines; keys are shortcuts for the player's own
//! lines (`i` is `:hint`, `r` is `:solution`, `c` is `:check`, `n` is `:next`, digits choose on
//! a decision). Every line goes to a [`Session`] on a background thread and is saved to the
//! store's lab run first, so reopening the lab replays the lines and resumes where it was left.
//!
//! `actions` sends lines and takes their answers, `lines` builds the step pane and the
//! transcript, `checkpoint` the inline questions, `complete` the summary once every step is done,
//! `present` the projector layout of presenter mode (`P`, `--present`).

mod actions;
mod checkpoint;
mod complete;
mod lines;
mod present;
#[cfg(test)]
mod tests;

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use self::checkpoint::Checkpoint;
use self::lines::Entry;
use super::presenter::Pacer;
use super::worker::LineJob;
use crate::lab::record::{LabRecord, OpenError, Setup};
use crate::lab::session::Session;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::views::{ViewState, handle_view, render_view};
use crate::tui::widgets::console::{Console, Reply};
use crate::world::World;

/// The player's own console words, offered by Tab beside the World's commands.
pub const PLAYER_WORDS: &[&str] = &[
    ":hint",
    ":solution",
    ":check",
    ":next",
    ":choose",
    ":rewind",
    ":save",
];

/// Which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The step (arrows scroll it).
    Step,
    /// The console (keys type).
    Console,
    /// The World views.
    World,
}

/// What the background job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Replaying the lines of the run being resumed (already saved).
    Replay,
    /// Answering a line just typed (saved before it was sent).
    Line,
}

/// The lab player's state.
pub struct LabPlayer {
    /// The lab as it was named (an id or a file path), for a saved log.
    target: String,
    session: Session,
    record: Option<LabRecord>,
    console: Console,
    /// The transcript: lines typed and what came back.
    log: Vec<Entry>,
    /// The checkpoint question on screen: its step, its index in the step's list, the question.
    question: Option<(usize, usize, Checkpoint)>,
    /// The exam domains the lab maps to, for the summary.
    domains: Vec<String>,
    focus: Pane,
    scroll: u16,
    views: ViewState,
    job: Option<(LineJob, Work)>,
    /// A key that acts only when pressed twice (`X` starts over, `r` runs the solution): the
    /// first press waits here. A command typed without `:` sends its letters as keys, and
    /// the `r` of `create_endpoint` must not spend the step's solution.
    confirm: Option<Action>,
    /// Presenter mode's hold on the latest answer's events.
    pacer: Pacer,
    /// Transcript rows scrolled back from its end (`PgUp` in the console); new lines reset it.
    log_back: usize,
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

/// Inside the step pane: the step (as tall as its `step_lines`, up to three fifths), the
/// transcript below it, then the console's help and input lines.
fn left_rows(left: Rect, step_lines: usize) -> [Rect; 3] {
    let inside = inner(left);
    let most = (inside.height * 3 / 5).max(3);
    let step = u16::try_from(step_lines + 1)
        .unwrap_or(u16::MAX)
        .clamp(3, most);
    Layout::vertical([
        Constraint::Length(step),
        Constraint::Min(0),
        Constraint::Length(2),
    ])
    .areas(inside)
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
    /// resuming the learner's unfinished run of it.
    pub fn open(target: &str, setup: &Setup, ctx: &mut Ctx) -> Result<LabPlayer, String> {
        let lab = match ctx.bank.lab(target) {
            Some(lab) => lab.clone(),
            None => crate::content::find_lab(target, &[]).map_err(|e| e.to_string())?,
        };
        let now = ctx.now();
        let domains = complete::domains(&lab, ctx);
        let (record, session, replay) =
            match LabRecord::open(&mut ctx.store, lab.clone(), setup, false, now) {
                Ok(o) => (Some(o.record), o.session, o.replay),
                Err(OpenError::Setup(why)) => return Err(why),
                Err(e) => {
                    ctx.warn(format!("progress will not be saved: {e}"));
                    let seed = setup.seed.unwrap_or(lab.seed);
                    let session = Session::with_timeline(lab, seed, setup.timeline.clone())?;
                    (None, session, Vec::new())
                }
            };
        let mut player = LabPlayer {
            target: target.to_owned(),
            session,
            record,
            console: Console::default(),
            log: Vec::new(),
            question: None,
            domains,
            focus: Pane::Step,
            scroll: 0,
            views: ViewState::default(),
            job: None,
            confirm: None,
            pacer: Pacer::default(),
            log_back: 0,
        };
        if let Some(t) = player.session.timeline() {
            ctx.tell(format!(
                "An instructor's incident timeline is loaded ({}): incidents happen on their days.",
                t.file
            ));
        } else if replay.is_empty() {
            ctx.tell(": opens the console: type World commands there (Tab completes). i hint, ? every key.");
        } else {
            player
                .console
                .remember(replay.iter().map(|(l, _)| l.clone()));
            let label = format!("resuming: replaying {} line(s)", replay.len());
            player.start(replay, label, Work::Replay);
            ctx.tell("Welcome back: replaying what you typed, to rebuild the same World.");
        }
        player.show_question(ctx);
        Ok(player)
    }

    /// The World as the learner has built it.
    pub fn world(&self) -> &World {
        self.session.world()
    }

    /// The current step (0-based; the step count once the lab is complete).
    pub fn step(&self) -> usize {
        self.session.step()
    }

    /// Whether lines are being answered in the background.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn start(&mut self, lines: Vec<(String, crate::clock::Timestamp)>, label: String, work: Work) {
        let job = LineJob::lines(self.session.clone(), lines, label);
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

    /// The panes and the left pane's rows (step, transcript, console) as drawn in `body`, with
    /// the width the step is wrapped at: one layout for drawing, scrolling and clicks.
    fn areas(&self, body: Rect, ctx: &Ctx) -> (present::Areas, usize) {
        if ctx.present {
            let areas = Self::present_areas(body);
            let width = usize::from(present::padded(areas.1[0]).width);
            return (areas, width);
        }
        let [left, right] = panes(body);
        let width = usize::from(inner(left).width.saturating_sub(1));
        let rows = left_rows(left, self.step_lines(width, &ctx.theme).len());
        (([left, right], rows), width)
    }

    fn scroll_pane(&mut self, action: Action, ctx: &Ctx) -> bool {
        let ((_, [area, _, _]), width) = self.areas(ctx.body, ctx);
        let total = self.step_lines(width, &ctx.theme).len();
        let max = u16::try_from(total.saturating_sub(usize::from(area.height))).unwrap_or(u16::MAX);
        let page = area.height.saturating_sub(2).max(1);
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

    /// The key after one that asked for a second press: the same key acts, any other cancels.
    fn second_press(&mut self, first: Action, action: Action, ctx: &mut Ctx) {
        match (first, action == first) {
            (Action::ResetLab, true) => self.restart(ctx),
            (_, true) => self.send(":solution".into(), ctx),
            (Action::ResetLab, false) => ctx.tell("Reset cancelled: nothing changed."),
            (_, false) => {
                ctx.tell(
                    "Solution not run. To type a World command, press : first, then the line.",
                );
            }
        }
    }

    fn scroll_log(&mut self, action: Action, ctx: &Ctx) -> bool {
        let ((_, [_, log, _]), _) = self.areas(ctx.body, ctx);
        let (width, height) = (usize::from(log.width), usize::from(log.height));
        let max = self.log_rows(width, &ctx.theme).saturating_sub(height);
        let page = height.saturating_sub(2).max(1);
        let before = self.log_back;
        self.log_back = match action {
            Action::PageUp => self.log_back.saturating_add(page),
            _ => self.log_back.saturating_sub(page),
        }
        .min(max);
        before != self.log_back
    }

    fn handle_busy(action: Action, ctx: &mut Ctx) -> Option<Outcome> {
        match action {
            Action::Back => Some(Outcome::Ignored),
            Action::Console
            | Action::NextPane
            | Action::PrevPane
            | Action::NextTab
            | Action::PrevTab
            | Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ScrollUp
            | Action::ScrollDown
            | Action::Present
            | Action::Click { .. }
            | Action::Input(_) => None,
            _ => {
                ctx.tell("running… the World is busy; this key works again when it finishes");
                Some(Outcome::Changed)
            }
        }
    }

    fn click(&mut self, column: u16, row: u16, ctx: &Ctx) -> Outcome {
        let (([left, right], [_, _, console]), _) = self.areas(ctx.body, ctx);
        let inside =
            |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
        if inside(right) {
            self.focus = Pane::World;
            let world = self.session.world();
            handle_view(
                &mut self.views,
                Action::Click { column, row },
                world,
                inner(right),
            );
        } else if inside(left) {
            self.focus = if inside(console) {
                Pane::Console
            } else {
                Pane::Step
            };
        } else {
            return Outcome::Ignored;
        }
        Outcome::Changed
    }

    /// The console's help and input lines, with the cursor while typing.
    fn render_console(&self, frame: &mut Frame, console: Rect, theme: &Theme) {
        let typing = self.focus == Pane::Console;
        let (lines, column) = self
            .console
            .lines(usize::from(console.width), theme, typing);
        frame.render_widget(Paragraph::new(lines), console);
        if typing {
            let x = console.x + column.min(console.width.saturating_sub(1));
            frame.set_cursor_position(Position::new(x, console.y + 1));
        }
    }

    /// The World pane.
    fn render_world(&self, frame: &mut Frame, right: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        frame.render_widget(panel("World", self.focus == Pane::World, theme), right);
        render_view(
            frame,
            inner(right),
            self.session.world(),
            &self.views,
            theme,
        );
    }

    /// `P`: presenter mode on or off (off shows every event held back).
    fn toggle_present(&mut self, ctx: &mut Ctx) {
        ctx.set_present(!ctx.present);
        self.scroll = 0;
        if ctx.present {
            ctx.tell("Presenter mode: Space reveals the next event, then the next hint; P leaves.");
        } else {
            self.pacer.release();
            ctx.tell("Presenter mode off.");
        }
    }

    /// Space: the next event held back, or once all are shown, the next hint.
    fn reveal(&mut self, ctx: &mut Ctx) {
        if !ctx.present {
            ctx.tell("Space reveals events one by one in presenter mode: P turns it on.");
        } else if !self.pacer.reveal() {
            self.send(":hint".into(), ctx);
        }
    }

    fn handle_console(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        match self
            .console
            .handle(action, self.session.world(), PLAYER_WORDS)
        {
            Reply::Ignored => Outcome::Ignored,
            Reply::Changed => Outcome::Changed,
            Reply::Leave => {
                self.focus = Pane::Step;
                Outcome::Changed
            }
            Reply::Submit(line) => {
                if self.job.is_some() {
                    ctx.tell("running… the World is busy; Enter again when it finishes");
                    self.console.restore(line);
                } else {
                    self.send(line, ctx);
                }
                Outcome::Changed
            }
        }
    }
}

impl Screen for LabPlayer {
    fn title(&self) -> String {
        self.session.lab().title.clone()
    }

    fn scope(&self) -> Scope {
        Scope::LabPlayer
    }

    fn typing(&self) -> bool {
        self.focus == Pane::Console || (self.focus == Pane::World && self.views.typing())
    }

    // A learner who types a World command without opening the console first sends its letters
    // as keys; the `q` in `requests_per_day` must not end the lab without a word.
    fn leave_prompt(&self) -> Option<String> {
        (!self.session.complete()).then(|| {
            "Leave the lab? What you typed is saved and replays when you open it again. \
             (To type a command, press : first.)"
                .to_owned()
        })
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [left, right] = panes(area);
        let total = self.session.lab().steps.len();
        let title = if self.session.complete() {
            format!("Complete · {total} steps")
        } else {
            let kind = match self.session.current() {
                Some(s) if s.is_decision() => "decision",
                _ => "task",
            };
            format!("Step {} of {total} · {kind}", self.step() + 1)
        };
        if ctx.present {
            self.render_present(frame, area, &title, ctx);
            return;
        }
        let focused = self.focus != Pane::World;
        let lines = self.step_lines(usize::from(inner(left).width.saturating_sub(1)), theme);
        let [step, log, console] = left_rows(left, lines.len());
        let max = lines.len().saturating_sub(usize::from(step.height));
        let scroll = usize::from(self.scroll).min(max);
        let block = panel(&title, focused, theme);
        let block = if scroll < max {
            block.title_bottom(Span::styled(" ↓ more (PgDn) ", theme.muted))
        } else {
            block
        };
        frame.render_widget(block, left);
        let scroll = u16::try_from(scroll).unwrap_or(0);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), step);
        let log_lines = self.log_lines(
            (0, 0..0),
            (usize::from(log.width), usize::from(log.height)),
            self.log_back,
            theme,
        );
        frame.render_widget(Paragraph::new(log_lines), log);
        self.render_console(frame, console, theme);
        self.render_world(frame, right, ctx);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        let (([_, right], _), _) = self.areas(ctx.body, ctx);
        let view_area = inner(right);
        if self.focus == Pane::Console {
            // The console keeps Up and Down for its history; its page keys read back
            // through the transcript, which a served day can fill many times over.
            if matches!(action, Action::PageUp | Action::PageDown) {
                return if self.scroll_log(action, ctx) {
                    Outcome::Changed
                } else {
                    Outcome::Ignored
                };
            }
            return self.handle_console(action, ctx);
        }
        if self.focus == Pane::World && self.views.typing() {
            let world = self.session.world();
            return if handle_view(&mut self.views, action, world, view_area) {
                Outcome::Changed
            } else {
                Outcome::Ignored
            };
        }
        if self.job.is_some()
            && let Some(outcome) = Self::handle_busy(action, ctx)
        {
            return outcome;
        }
        if let Some(first) = self.confirm.take() {
            self.second_press(first, action, ctx);
            return Outcome::Changed;
        }
        let world = self.session.world();
        match action {
            Action::Console => self.focus = Pane::Console,
            Action::Run => {
                self.confirm = Some(Action::Run);
                ctx.warn(
                    "Press r again to run this step's solution (it counts as used); any other key cancels.",
                );
            }
            Action::Submit => self.send(":check".into(), ctx),
            Action::Hint => self.send(":hint".into(), ctx),
            Action::Next => self.send(":next".into(), ctx),
            Action::ResetLab => {
                self.confirm = Some(Action::ResetLab);
                ctx.warn(
                    "Press X again to start this lab over on a fresh World; any other key cancels.",
                );
            }
            Action::Pick(n) => self.pick(n, ctx),
            Action::Input(_) => {
                ctx.tell("To type a World command, press : first (Tab completes the names).");
            }
            Action::Present => self.toggle_present(ctx),
            Action::Reveal => self.reveal(ctx),
            Action::Backspace => {
                if !self.question.as_mut().is_some_and(|(_, _, q)| q.undo()) {
                    return Outcome::Ignored;
                }
            }
            Action::Select => self.answer(ctx),
            Action::NextPane => {
                self.focus = match self.focus {
                    Pane::Step => Pane::Console,
                    _ => Pane::Step,
                };
            }
            Action::PrevPane => {
                self.focus = match self.focus {
                    Pane::Step => Pane::World,
                    _ => Pane::Step,
                };
            }
            Action::Search | Action::Sort => {
                self.focus = Pane::World;
                handle_view(&mut self.views, action, world, view_area);
            }
            Action::Click { column, row } => return self.click(column, row, ctx),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ScrollUp
            | Action::ScrollDown
                if self.focus == Pane::Step =>
            {
                if !self.scroll_pane(action, ctx) {
                    return Outcome::Ignored;
                }
            }
            other => {
                if !handle_view(&mut self.views, other, world, view_area) {
                    return Outcome::Ignored;
                }
            }
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
