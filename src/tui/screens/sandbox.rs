//! The sandbox: on the left every knob of the World (scenario, seed, data, model and sweep,
//! gate, deployment strategy, incidents, monitoring, retraining trigger), turned with ←/→ and
//! applied with Enter as World commands, a "build the platform" action, the events as readable
//! lines, and the console (`:`) for any command typed by hand; on the right the World views,
//! which follow the work. d / w / m serve 1 / 7 / 30 days of traffic. Commands run on a
//! background thread with the views' gauge live. In presenter mode (`P`, `--present`) the knobs
//! pane narrows to the selected knob's group, the log to the latest command, whose events
//! Space reveals one by one, and the World pane takes three fifths of the width.

mod form;
pub mod knobs;
#[cfg(test)]
mod tests;

use crate::world::timeline::Schedule;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use self::form::{first_row, form_layout, form_rows, inner, panel, panes};
use self::knobs::{Group, KNOBS, Settings};
use super::lab::Pane;
use super::presenter::Pacer;
use super::worker::{Finished, Job};
use crate::data::scenario::Scenario;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::views::{View, ViewState, handle_view, render_view, show_view};
use crate::tui::widgets::console::{Console, Reply};
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
