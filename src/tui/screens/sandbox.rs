//! The sandbox: on the left every knob of the World (scenario, seed, data, model and sweep,
//! gate, deployment strategy, incidents, monitoring, retraining trigger), turned with ←/→ and
//! applied with Enter as World commands, a "build the platform" action, the events as readable
//! lines, and the console (`:`) for any command typed by hand; on the right the World views,
//! which follow the work. d / w / m serve 1 / 7 / 30 days of traffic. Commands run on a
//! background thread with the views' gauge live. In presenter mode (`P`, `--present`) the knobs
//! pane narrows to the selected knob's group, the log to the latest command, whose events
//! Space reveals one by one, and the World pane takes three fifths of the width.

pub mod knobs;
#[cfg(test)]
mod tests;

use crate::world::timeline::Schedule;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use self::knobs::{Group, KNOBS, Settings};
use super::lab::Pane;
use super::presenter::{self, Pacer, next_line};
use super::worker::{Finished, Job};
use crate::data::scenario::Scenario;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::views::{View, ViewState, handle_view, render_view, show_view};
use crate::tui::widgets::console::{Console, Reply};
use crate::tui::widgets::wrap::wrap;
use crate::world::vocabulary::console::{command_line, parse_command};
use crate::world::{Command, Event, World};

/// Lines of events kept for the log.
const LOG_KEEP: usize = 300;

/// The sandbox's state.
pub struct Sandbox {
    settings: Settings,
    selected: usize,
    world: World,
    log: Vec<String>,
    focus: Pane,
    views: ViewState,
    job: Option<Job>,
    console: Console,
    /// The view to show when the running job finishes (the World pane follows the work).
    follow: Option<View>,
    /// The instructor's incident timeline every new World here carries.
    timeline: Schedule,
    /// Presenter mode's hold on the latest command's events.
    pacer: Pacer,
}

/// Percent of the width the knobs get in presenter mode.
const PRESENT_WORDS: u16 = 40;

/// The form and World panes: the same split as the lab player, or presenter mode's.
fn panes(body: Rect, present: bool) -> [Rect; 2] {
    if present {
        presenter::panes(body, PRESENT_WORDS)
    } else {
        super::lab::panes(body)
    }
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

/// Inside the form pane: the knobs, then what Enter sends and the latest events, then the
/// console's help and input lines. In presenter mode (`only` a group) the knobs take the rows
/// of their group and the events the rest.
fn form_rows(left: Rect, only: Option<Group>) -> [Rect; 3] {
    let inside = inner(left);
    let log = match only {
        Some(g) => {
            let knobs = u16::try_from(form_layout(Some(g)).len()).unwrap_or(u16::MAX);
            inside
                .height
                .saturating_sub(2)
                .saturating_sub(knobs.min(inside.height / 2))
        }
        None => (inside.height / 3).max(5),
    };
    Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(log),
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

/// The form's rows: a heading before each group, then its knobs (only `only`'s in presenter
/// mode).
fn form_layout(only: Option<Group>) -> Vec<Option<usize>> {
    let mut rows = Vec::new();
    for (i, k) in KNOBS.iter().enumerate() {
        if only.is_some_and(|g| g != k.group) {
            continue;
        }
        if rows.is_empty() || KNOBS[i - 1].group != k.group {
            rows.push(None);
        }
        rows.push(Some(i));
    }
    rows
}

/// The first form row drawn so that the selected knob is visible in `height` rows.
fn first_row(selected: usize, height: u16, only: Option<Group>) -> usize {
    let rows = form_layout(only);
    let at = rows.iter().position(|r| *r == Some(selected)).unwrap_or(0);
    let h = usize::from(height.max(1));
    // Keep the group's heading in sight when there is room.
    at.saturating_sub(h.saturating_sub(2))
        .min(at.saturating_sub(1))
}

impl Sandbox {
    /// A sandbox over an empty World of `scenario` with `seed`.
    pub fn new(scenario: Scenario, seed: u64, timeline: Schedule, ctx: &mut Ctx) -> Sandbox {
        ctx.tell(
            "↑↓ choose a knob, ←→ change it, Enter applies it; start with \"build the platform\".",
        );
        let mut s = Sandbox {
            settings: Settings::new(scenario, seed),
            selected: KNOBS.len() - 1,
            world: Self::fresh(scenario, seed, &timeline),
            timeline,
            log: Vec::new(),
            focus: Pane::Step,
            views: ViewState::default(),
            job: None,
            console: Console::default(),
            follow: None,
            pacer: Pacer::default(),
        };
        s.log
            .push(format!("new World: {}, seed {seed}", scenario.name()));
        if !s.timeline.0.is_empty() {
            s.log.push(format!(
                "incident timeline: {} incident(s) scheduled",
                s.timeline.0.len()
            ));
        }
        s
    }

    /// A new World carrying the instructor's timeline (a fresh World starts it over).
    fn fresh(scenario: Scenario, seed: u64, timeline: &Schedule) -> World {
        let mut world = World::new(scenario, seed);
        world.schedule(&timeline.0);
        world
    }

    /// The World as the sandbox left it.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Waits for the background work (tests drive the sandbox without a clock).
    #[cfg(test)]
    pub fn settle(&mut self, ctx: &mut Ctx) {
        if let Some(job) = self.job.take() {
            self.finish(job.wait(), ctx);
        }
    }

    fn start(&mut self, world: World, commands: Vec<Command>, label: String) {
        // A new command: whatever the pacer still held of the last one is shown.
        self.pacer.release();
        self.log.push(format!("» {label}"));
        self.follow = commands.last().and_then(View::for_command);
        let job = Job::start(world, commands, label);
        self.views.busy = Some(job.busy());
        self.job = Some(job);
    }

    /// Commands as the console lines a learner would type for them, one after another.
    fn lines(commands: &[Command]) -> String {
        commands
            .iter()
            .map(command_line)
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn apply(&mut self, ctx: &mut Ctx) {
        let group = KNOBS[self.selected].group;
        match group {
            Group::World => {
                let scenario = self.settings.scenario();
                self.world = Self::fresh(scenario, self.settings.seed, &self.timeline);
                self.log.push(format!(
                    "new World: {}, seed {}",
                    scenario.name(),
                    self.settings.seed
                ));
                ctx.tell("A new, empty World: build the platform to fill it.");
            }
            Group::Build => {
                let commands = self.settings.build();
                let scenario = self.settings.scenario();
                let fresh = Self::fresh(scenario, self.settings.seed, &self.timeline);
                let label = format!("building the platform ({} commands)", commands.len());
                self.start(fresh, commands, label);
            }
            other => {
                let commands = self.settings.apply(other, &self.world);
                let label = format!("{}: {}", other.title(), Self::lines(&commands));
                self.start(self.world.clone(), commands, label);
            }
        }
    }

    fn advance(&mut self, days: usize) {
        // One command per day, so the gauge moves day by day.
        let commands = vec![Command::AdvanceDays { days: 1 }; days];
        let label = format!("serving {days} day(s) of traffic");
        self.start(self.world.clone(), commands, label);
    }

    fn finish(&mut self, done: Result<Finished, String>, ctx: &mut Ctx) {
        self.views.busy = None;
        match done {
            Ok(done) => {
                let before = self.log.len();
                self.world = done.state;
                if let Some(view) = self.follow.take() {
                    show_view(&mut self.views, view);
                }
                let events: Vec<Event> = done.results.into_iter().flatten().collect();
                let refused = events
                    .iter()
                    .filter(|e| matches!(e, Event::Rejected { .. } | Event::Blocked { .. }))
                    .count();
                self.log.extend(
                    events
                        .iter()
                        .filter(|e| !matches!(e, Event::TrainingProgress { .. }))
                        .map(crate::lab::describe::describe),
                );
                let excess = self.log.len().saturating_sub(LOG_KEEP);
                self.log.drain(..excess);
                self.pacer.dropped(excess);
                if ctx.present {
                    // The command's line shows at once; its events wait for Space.
                    self.pacer
                        .hold(before.saturating_sub(excess).min(self.log.len())..self.log.len());
                }
                let day = self.world.now() / crate::data::table::DAY;
                if refused == 0 {
                    ctx.tell(format!(
                        "Done: {} events; the World is at day {day}.",
                        events.len()
                    ));
                } else {
                    ctx.warn(format!(
                        "{refused} command(s) refused: the log says why (day {day})."
                    ));
                }
            }
            Err(e) => ctx.warn(e),
        }
    }

    /// The group presenter mode narrows the form to, if presenting.
    fn only(&self, ctx: &Ctx) -> Option<Group> {
        ctx.present.then(|| KNOBS[self.selected].group)
    }

    fn form_lines(&self, theme: &Theme, height: u16, only: Option<Group>) -> Vec<Line<'static>> {
        let rows = form_layout(only);
        let label_width = (0..KNOBS.len())
            .map(|i| self.settings.label(i).chars().count())
            .max()
            .unwrap_or(0);
        let first = first_row(self.selected, height, only);
        (first..rows.len())
            .map(|p| match rows[p] {
                None => {
                    // A heading names the group of the knob after it.
                    let next = rows.get(p + 1).copied().flatten().unwrap_or(0);
                    Line::from(Span::styled(KNOBS[next].group.title(), theme.title))
                }
                Some(i) => {
                    let chosen = i == self.selected;
                    let mark = if chosen { "▸ " } else { "  " };
                    let value = if KNOBS[i].group == Group::Build {
                        "Enter".to_owned()
                    } else {
                        format!("◂ {} ▸", self.settings.value(i))
                    };
                    let style = if chosen { theme.selected } else { theme.text };
                    Line::from(vec![
                        Span::styled(mark, theme.accent),
                        Span::styled(format!("{:<label_width$}  ", self.settings.label(i)), style),
                        Span::styled(value, if chosen { theme.accent } else { theme.muted }),
                    ])
                }
            })
            .collect()
    }

    /// What Enter sends for the selected knob's group, then the latest events: in presenter
    /// mode only the latest command's, those revealed so far, and what Space does next.
    fn log_lines(
        &self,
        width: usize,
        height: usize,
        theme: &Theme,
        present: bool,
    ) -> Vec<Line<'static>> {
        let group = KNOBS[self.selected].group;
        let preview = match group {
            Group::World => format!(
                "Enter: a new empty World ({}, seed {})",
                self.settings.scenario().name(),
                self.settings.seed
            ),
            Group::Build => format!(
                "Enter: a fresh World, then {} commands from generate to a served champion",
                self.settings.build().len()
            ),
            other => {
                let mut s = self.settings.clone();
                let commands = s.apply(other, &self.world);
                format!("Enter sends {}", Self::lines(&commands))
            }
        };
        let mut out = wrap(&preview, width, "", theme.accent, theme.muted);
        out.truncate(2);
        let room = height.saturating_sub(out.len() + usize::from(present));
        let mut events: Vec<Line<'static>> = Vec::new();
        let (from, hidden) = if present {
            (self.pacer.first().saturating_sub(1), self.pacer.hidden())
        } else {
            (0, 0..0)
        };
        let shown = self
            .log
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(i, _)| !hidden.contains(i))
            .map(|(_, l)| l);
        for l in shown.rev() {
            let (lead, style) = if l.starts_with("rejected ")
                || l.starts_with("blocked ")
                || l.starts_with("error: ")
            {
                ("✗ ", theme.bad)
            } else if l.trim_start().starts_with('^') {
                ("  ", theme.bad)
            } else {
                ("· ", theme.muted)
            };
            let mut wrapped = wrap(l, width, lead, style, theme.text);
            wrapped.truncate(2);
            // Whole events only: a line cut from its start reads as nonsense.
            if events.len() + wrapped.len() > room {
                break;
            }
            events.extend(wrapped.into_iter().rev());
        }
        events.reverse();
        out.extend(events);
        if present {
            out.push(next_line(
                self.pacer.left(),
                "P: leave presenter mode",
                theme,
            ));
        }
        out
    }

    /// A line typed in the console: parsed into a command and run, or its mistake shown.
    fn run_line(&mut self, line: &str, ctx: &mut Ctx) {
        match parse_command(line) {
            Ok(command) => self.start(self.world.clone(), vec![command], line.to_owned()),
            Err(p) => {
                let start = line[..p.span.start.min(line.len())].chars().count();
                let width = line
                    .get(p.span.clone())
                    .map_or(1, |s| s.chars().count().max(1));
                self.log.push(format!("» {line}"));
                self.log
                    .push(format!("  {}{}", " ".repeat(start), "^".repeat(width)));
                self.log.push(format!("error: {}", p.message));
                ctx.warn("That line did not parse: the caret in the log shows where.");
            }
        }
    }

    fn handle_console(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        match self.console.handle(action, &self.world, &[]) {
            Reply::Ignored => Outcome::Ignored,
            Reply::Changed => Outcome::Changed,
            Reply::Leave => {
                self.focus = Pane::Step;
                Outcome::Changed
            }
            Reply::Submit(line) => {
                if self.job.is_some() {
                    ctx.tell("running… Enter again when it finishes");
                    self.console.restore(line);
                } else {
                    self.run_line(&line, ctx);
                }
                Outcome::Changed
            }
        }
    }

    /// `P`: presenter mode on or off (off shows every event held back).
    fn toggle_present(&mut self, ctx: &mut Ctx) {
        ctx.set_present(!ctx.present);
        if ctx.present {
            ctx.tell("Presenter mode: Space reveals the next event; P leaves.");
        } else {
            self.pacer.release();
            ctx.tell("Presenter mode off.");
        }
    }

    fn select_row(&mut self, row: u16, ctx: &Ctx) -> bool {
        let only = self.only(ctx);
        let [left, _] = panes(ctx.body, ctx.present);
        let [form, _, _] = form_rows(left, only);
        if row < form.y || row >= form.y + form.height {
            return false;
        }
        let p = first_row(self.selected, form.height, only) + usize::from(row - form.y);
        match form_layout(only).get(p).copied().flatten() {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }
}

impl Screen for Sandbox {
    fn title(&self) -> String {
        "Sandbox".to_owned()
    }

    fn scope(&self) -> Scope {
        Scope::Sandbox
    }

    fn typing(&self) -> bool {
        self.focus == Pane::Console || (self.focus == Pane::World && self.views.typing())
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let only = self.only(ctx);
        let [left, right] = panes(area, ctx.present);
        let title = if ctx.present {
            "Presenting · Knobs"
        } else {
            "Knobs"
        };
        frame.render_widget(panel(title, self.focus != Pane::World, theme), left);
        let [form, log, console] = form_rows(left, only);
        frame.render_widget(
            Paragraph::new(self.form_lines(theme, form.height, only)),
            form,
        );
        let lines = self.log_lines(
            usize::from(log.width),
            usize::from(log.height),
            theme,
            ctx.present,
        );
        frame.render_widget(Paragraph::new(lines), log);
        let typing = self.focus == Pane::Console;
        let (lines, column) = self
            .console
            .lines(usize::from(console.width), theme, typing);
        frame.render_widget(Paragraph::new(lines), console);
        if typing {
            let x = console.x + column.min(console.width.saturating_sub(1));
            frame.set_cursor_position(ratatui::layout::Position::new(x, console.y + 1));
        }
        frame.render_widget(panel("World", self.focus == Pane::World, theme), right);
        render_view(frame, inner(right), &self.world, &self.views, theme);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        let [_, right] = panes(ctx.body, ctx.present);
        let view_area = inner(right);
        if self.focus == Pane::Console {
            return self.handle_console(action, ctx);
        }
        if self.focus == Pane::World && self.views.typing() {
            return if handle_view(&mut self.views, action, &self.world, view_area) {
                Outcome::Changed
            } else {
                Outcome::Ignored
            };
        }
        let busy = self.job.is_some();
        match action {
            Action::Select
            | Action::AdvanceDay
            | Action::AdvanceWeek
            | Action::AdvanceMonth
            | Action::Left
            | Action::Right
                if busy =>
            {
                ctx.tell("running… wait for it to finish");
            }
            Action::Select => self.apply(ctx),
            Action::Present => self.toggle_present(ctx),
            Action::Reveal => {
                if !ctx.present {
                    ctx.tell("Space reveals events one by one in presenter mode: P turns it on.");
                } else if !self.pacer.reveal() {
                    ctx.tell("Every event of the latest command is shown.");
                }
            }
            Action::Console => self.focus = Pane::Console,
            Action::AdvanceDay => self.advance(1),
            Action::AdvanceWeek => self.advance(7),
            Action::AdvanceMonth => self.advance(30),
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
            Action::Click { column, row } => {
                if column >= right.x {
                    self.focus = Pane::World;
                    handle_view(&mut self.views, action, &self.world, view_area);
                } else {
                    let [left, _] = panes(ctx.body, ctx.present);
                    let [_, _, console] = form_rows(left, self.only(ctx));
                    if row >= console.y {
                        self.focus = Pane::Console;
                    } else {
                        self.focus = Pane::Step;
                        self.select_row(row, ctx);
                    }
                }
            }
            Action::Left | Action::Right if self.focus == Pane::Step => {
                self.settings
                    .turn(self.selected, if action == Action::Left { -1 } else { 1 });
            }
            Action::Up | Action::ScrollUp if self.focus == Pane::Step => {
                self.selected = self.selected.saturating_sub(1);
            }
            Action::Down | Action::ScrollDown if self.focus == Pane::Step => {
                self.selected = (self.selected + 1).min(KNOBS.len() - 1);
            }
            Action::Top if self.focus == Pane::Step => self.selected = 0,
            Action::Bottom if self.focus == Pane::Step => self.selected = KNOBS.len() - 1,
            Action::Back => return Outcome::Ignored,
            // The search box is in the World pane: typing goes there, as does a paste.
            Action::Search => {
                self.focus = Pane::World;
                handle_view(&mut self.views, action, &self.world, view_area);
            }
            other => {
                if !handle_view(&mut self.views, other, &self.world, view_area) {
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
        let Some(job) = self.job.as_mut() else {
            return false;
        };
        match job.poll() {
            Ok(None) => {
                let busy = job.busy();
                let changed = self.views.busy.as_ref() != Some(&busy);
                self.views.busy = Some(busy);
                changed
            }
            Ok(Some(done)) => {
                self.job = None;
                self.finish(Ok(done), ctx);
                true
            }
            Err(e) => {
                self.job = None;
                self.finish(Err(e), ctx);
                true
            }
        }
    }
}
