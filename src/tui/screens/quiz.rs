//! A quiz session on screen: the question being answered, the exam's review list, and the
//! results, as phases of one screen because they share the running [`Live`] session (and the
//! exam's deadline can end the session during a tick, when no other screen could be opened).

mod document;
mod picks;
mod question;
mod results;
mod review;
pub mod start;

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use start::{QuizLaunch, open_launch, resume, start};

use self::document::{Doc, Hit, scroll_to_show};
use self::picks::{Kind, Picks};
use self::results::Results;
use self::review::ReviewList;
use crate::quiz::feedback::Feedback;
use crate::quiz::{Live, Mode, Outcome, QuizError};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome as Go, Screen};
use crate::tui::screens::{Target, open};

/// Where the session is.
enum Phase {
    /// Answering the current question.
    Question,
    /// The exam's review list.
    Review(ReviewList),
    /// The session is over.
    Results(Box<Results>),
}

/// A running (or finished) session.
pub struct QuizScreen {
    /// The session, on its own store connection: it lives in this screen's state across key
    /// presses, which a borrow of `Ctx::store` could not, and `Live` commits every answer in
    /// its own transaction the moment it is given, so leaving or quitting at any point loses
    /// nothing (SQLite's WAL lets the app's other connection read it at once).
    live: Live<Store>,
    phase: Phase,
    picks: Picks,
    /// Feedback on the current question once answered (practice, drill, missed, review).
    feedback: Option<Feedback>,
    scroll: usize,
    /// F was pressed with questions unanswered: the next F finishes.
    confirm_finish: bool,
    /// Opened from the command line with nothing below it: leaving goes to the home screen.
    root: bool,
}

impl QuizScreen {
    /// A screen for a started or resumed session (one whose exam ran out while away goes
    /// straight to its results).
    pub fn new(live: Live<Store>, ctx: &mut Ctx, root: bool) -> QuizScreen {
        let picks = Picks::for_item(live.session().current());
        let mut screen = QuizScreen {
            live,
            phase: Phase::Question,
            picks,
            feedback: None,
            scroll: 0,
            confirm_finish: false,
            root,
        };
        let now = ctx.now();
        match screen.live.tick(now) {
            Ok(true) => screen.show_results(ctx),
            Ok(false) => {}
            Err(e) => ctx.warn(e.to_string()),
        }
        screen
    }

    fn exam(&self) -> bool {
        self.live.session().mode() == Mode::Exam
    }

    fn lab_title(&self, ctx: &Ctx) -> Option<String> {
        let id = self.live.session().current().question.lab.as_deref()?;
        Some(ctx.bank.lab(id).map_or(id, |l| l.title.as_str()).to_owned())
    }

    /// The question as laid out in `area`: drawing and click mapping both use this.
    fn doc(&self, ctx: &Ctx, width: u16) -> Doc {
        let lab = self.lab_title(ctx);
        let view = question::View {
            picks: &self.picks,
            feedback: self.feedback.as_ref(),
            lab: lab.as_deref(),
            theme: &ctx.theme,
        };
        question::build(self.live.session().current(), &view, width)
    }

    fn hint(&self) -> (String, Option<String>) {
        let n = self.picks.len;
        let last = self.live.session().position() + 1 == self.live.session().items().len();
        if self.feedback.is_some() {
            let go = if last {
                "see the results"
            } else {
                "next question"
            };
            return (format!("Enter or n: {go}"), None);
        }
        let main = self
            .picks
            .missing()
            .unwrap_or_else(|| match self.picks.kind {
                Kind::Single => format!("press 1-{n} or click to answer · ↑↓ then Enter"),
                Kind::Multi { choose } => {
                    format!("Enter submits your {choose} picks · a number again unticks it")
                }
                Kind::Order => {
                    "Enter submits this order · Backspace takes the last step back".into()
                }
                Kind::Match => "Enter submits the pairs · ↑↓ item, ← → letter".into(),
            });
        let extra = if self.exam() {
            Some("f flag ⚑ · n / p next / previous · r review list · F finish".to_owned())
        } else if self.picks.kind == Kind::Single {
            Some("n skips this question · F stops and scores what was answered".to_owned())
        } else {
            Some(match self.picks.kind {
                Kind::Multi { .. } => "↑↓ + Space also tick · n skips · F stops".to_owned(),
                Kind::Order => "↑↓ + Space also place · n skips · F stops".to_owned(),
                _ => "1-9 or a click selects an item; a click on a letter pairs it · n skips"
                    .to_owned(),
            })
        };
        (main, extra)
    }

    /// Moves to a new current question: fresh picks, top of the page.
    fn arrived(&mut self) {
        self.picks = Picks::for_item(self.live.session().current());
        self.feedback = None;
        self.scroll = 0;
        self.confirm_finish = false;
    }

    fn show_results(&mut self, ctx: &mut Ctx) {
        let results = Results::new(&mut self.live, &ctx.bank);
        self.phase = Phase::Results(Box::new(results));
        self.scroll = 0;
    }

    /// An engine error: the time-out ends the session, a store failure is serious, anything
    /// else is the learner's and goes to the status line.
    fn failed(&mut self, e: QuizError, ctx: &mut Ctx) {
        match e {
            QuizError::TimeUp | QuizError::Finished => {
                ctx.warn("Time is up: the exam was submitted with the answers given.");
                self.show_results(ctx);
            }
            other => ctx.warn(other.to_string()),
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        if self.feedback.is_some() {
            self.next(ctx);
            return;
        }
        if let Some(missing) = self.picks.missing() {
            ctx.warn(missing);
            return;
        }
        let now = ctx.now();
        let response = self.picks.response();
        match self.live.answer(now, &response) {
            Ok(answered) => {
                if let Some(fb) = answered.feedback {
                    self.feedback = Some(fb);
                    self.scroll_to_feedback(ctx);
                    return;
                }
                let n = self.live.session().position() + 1;
                if n == self.live.session().items().len() {
                    self.picks = Picks::for_item(self.live.session().current());
                    ctx.tell(format!(
                        "Answer {n} saved. That was the last question: r to review, F to finish."
                    ));
                } else {
                    ctx.tell(format!("Answer {n} saved."));
                    self.next(ctx);
                }
            }
            Err(e) => self.failed(e, ctx),
        }
    }

    fn scroll_to_feedback(&mut self, ctx: &Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let doc = self.doc(ctx, body.width);
        let verdict = doc
            .lines
            .iter()
            .rposition(|l| l.hit.is_some())
            .map_or(0, |i| i + 2);
        // Show the verdict and what follows; keep the whole page when it fits.
        if doc.lines.len() > usize::from(body.height) {
            self.scroll = verdict.min(doc.max_scroll(body.height));
        }
    }

    fn next(&mut self, ctx: &mut Ctx) {
        match self.live.next(ctx.now()) {
            Ok(true) => self.show_results(ctx),
            Ok(false) => self.arrived(),
            Err(e) => self.failed(e, ctx),
        }
    }

    fn finish(&mut self, ctx: &mut Ctx) {
        let unanswered = self.live.session().items().len() - self.live.session().answered_count();
        if unanswered > 0 && !self.confirm_finish {
            self.confirm_finish = true;
            ctx.warn(format!(
                "{unanswered} question(s) unanswered: press F again to finish, any other key to go on"
            ));
            return;
        }
        let outcome = if self.exam() {
            Outcome::Submitted
        } else {
            Outcome::Ended
        };
        match self.live.finish(ctx.now(), outcome) {
            Ok(_) => self.show_results(ctx),
            Err(e) => self.failed(e, ctx),
        }
    }

    fn ensure_cursor_visible(&mut self, ctx: &Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let doc = self.doc(ctx, body.width);
        let hit = Hit::Item(self.picks.cursor);
        if let (Some(first), Some(last)) = (doc.first_line_of(hit), doc.last_line_of(hit)) {
            self.scroll = scroll_to_show(self.scroll, first, last, body.height);
        }
    }

    fn scroll_by(&mut self, delta: isize, ctx: &Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let max = match &self.phase {
            Phase::Results(r) => r.doc(ctx, body.width).max_scroll(body.height),
            _ => self.doc(ctx, body.width).max_scroll(body.height),
        };
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    fn choose(&mut self, d: usize, ctx: &mut Ctx) {
        if self.feedback.is_some() {
            return;
        }
        match self.picks.choose(d) {
            Ok(true) => self.submit(ctx),
            Ok(false) => {}
            Err(msg) => ctx.warn(msg),
        }
    }

    fn click(&mut self, column: u16, row: u16, ctx: &mut Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let doc = self.doc(ctx, body.width);
        match doc.hit_at(body, self.scroll, column, row) {
            Some(Hit::Item(d)) => self.choose(d, ctx),
            Some(Hit::Right(r)) if self.feedback.is_none() => self.picks.pair(r),
            _ => {}
        }
    }

    fn open_lab(&mut self, ctx: &mut Ctx) -> Go {
        let Some(id) = self.live.session().current().question.lab.clone() else {
            ctx.tell("This question has no lab attached.");
            return Go::Changed;
        };
        if !self.exam() && self.feedback.is_none() {
            ctx.tell("Answer first; then o opens the lab that shows this concept.");
            return Go::Changed;
        }
        match open(&Target::Lab(id), ctx) {
            Ok(screen) => Go::Push(screen),
            Err(why) => {
                ctx.warn(format!("The lab cannot open: {why}"));
                Go::Changed
            }
        }
    }

    fn leave(&mut self, ctx: &mut Ctx) -> Go {
        if self.root {
            match open(&Target::Home, ctx) {
                Ok(home) => Go::Replace(home),
                Err(_) => Go::Quit,
            }
        } else {
            Go::Pop
        }
    }

    fn handle_question(&mut self, action: Action, ctx: &mut Ctx) -> Go {
        let confirming = std::mem::take(&mut self.confirm_finish);
        let now = ctx.now();
        match action {
            Action::Pick(n) => self.choose(usize::from(n).saturating_sub(1), ctx),
            Action::Select => {
                if self.feedback.is_none() {
                    let cursor = self.picks.cursor;
                    if self.picks.kind == Kind::Match {
                        self.picks.cycle(true);
                    } else {
                        self.choose(cursor, ctx);
                    }
                }
            }
            Action::Submit => self.submit(ctx),
            Action::Backspace => {
                if self.feedback.is_none() && !self.picks.undo() {
                    ctx.tell("Nothing to take back.");
                }
            }
            Action::Up | Action::Down if self.feedback.is_none() => {
                self.picks
                    .move_cursor(if action == Action::Up { -1 } else { 1 });
                self.ensure_cursor_visible(ctx);
            }
            Action::Up | Action::ScrollUp => self.scroll_by(-1, ctx),
            Action::Down | Action::ScrollDown => self.scroll_by(1, ctx),
            Action::PageUp => self.scroll_by(-10, ctx),
            Action::PageDown => self.scroll_by(10, ctx),
            Action::Left | Action::Right if self.feedback.is_none() => {
                self.picks.cycle(action == Action::Right);
            }
            Action::Next => self.next(ctx),
            Action::Prev => match self.live.prev(now) {
                Ok(()) => self.arrived(),
                Err(e) => self.failed(e, ctx),
            },
            Action::Flag => match self.live.toggle_flag(now) {
                Ok(on) => {
                    let n = self.live.session().position() + 1;
                    ctx.tell(format!(
                        "Question {n} {}.",
                        if on { "flagged ⚑" } else { "unflagged" }
                    ));
                }
                Err(e) => self.failed(e, ctx),
            },
            Action::Review => {
                if self.exam() {
                    self.phase = Phase::Review(ReviewList::default());
                } else {
                    ctx.warn("The review list is part of exam mode; F stops this session.");
                }
            }
            Action::Finish => {
                self.confirm_finish = confirming;
                self.finish(ctx);
            }
            Action::OpenLab => return self.open_lab(ctx),
            Action::Click { column, row } => self.click(column, row, ctx),
            Action::Back => {
                ctx.tell("Session paused: every answer is saved; resume it from Quiz (or quiz --resume).");
                return self.leave(ctx);
            }
            _ => return Go::Ignored,
        }
        Go::Changed
    }

    fn handle_review(&mut self, action: Action, ctx: &mut Ctx) -> Go {
        let confirming = std::mem::take(&mut self.confirm_finish);
        let Phase::Review(list) = &mut self.phase else {
            return Go::Ignored;
        };
        match list.handle(action, self.live.session(), ctx.body) {
            review::Event::Stay => Go::Changed,
            review::Event::Ignored => Go::Ignored,
            review::Event::Back => {
                self.phase = Phase::Question;
                Go::Changed
            }
            review::Event::Goto(i) => {
                match self.live.goto(ctx.now(), i) {
                    Ok(()) => {
                        self.phase = Phase::Question;
                        self.arrived();
                    }
                    Err(e) => self.failed(e, ctx),
                }
                Go::Changed
            }
            review::Event::Finish => {
                self.confirm_finish = confirming;
                self.finish(ctx);
                Go::Changed
            }
        }
    }
}

impl Screen for QuizScreen {
    fn title(&self) -> String {
        let s = self.live.session();
        let mode = match s.mode() {
            Mode::Exam => "Exam",
            Mode::Practice => "Practice",
            Mode::Drill => "Drill",
            Mode::Missed => "Missed questions",
            Mode::Review => "Review",
        };
        match &self.phase {
            Phase::Results(_) => format!("{mode} results"),
            Phase::Review(_) => format!("{mode} › review list"),
            Phase::Question => mode.to_owned(),
        }
    }

    fn scope(&self) -> Scope {
        match self.phase {
            Phase::Question => Scope::Quiz,
            Phase::Review(_) => Scope::QuizReview,
            Phase::Results(_) => Scope::Results,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let [status, body, hint] = question::areas(area);
        match &self.phase {
            Phase::Results(r) => r.render(frame, area, self.scroll, ctx),
            Phase::Review(list) => list.render(frame, area, self.live.session(), ctx),
            Phase::Question => {
                let session = self.live.session();
                let left = session.seconds_left(ctx.now());
                question::render_status(frame, status, session, left, &ctx.theme);
                let doc = self.doc(ctx, body.width);
                doc.render(frame, body, self.scroll);
                let more = self.scroll < doc.max_scroll(body.height);
                let (main, extra) = self.hint();
                question::render_hint(frame, hint, &main, extra.as_deref(), &ctx.theme);
                question::render_more(frame, status, more, &ctx.theme);
            }
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Go {
        match self.phase {
            Phase::Question => self.handle_question(action, ctx),
            Phase::Review(_) => self.handle_review(action, ctx),
            Phase::Results(_) => match action {
                Action::Select | Action::Back => self.leave(ctx),
                Action::Up | Action::ScrollUp => {
                    self.scroll_by(-1, ctx);
                    Go::Changed
                }
                Action::Down | Action::ScrollDown => {
                    self.scroll_by(1, ctx);
                    Go::Changed
                }
                Action::PageUp => {
                    self.scroll_by(-10, ctx);
                    Go::Changed
                }
                Action::PageDown => {
                    self.scroll_by(10, ctx);
                    Go::Changed
                }
                _ => Go::Ignored,
            },
        }
    }

    fn tick_every(&self) -> Option<Duration> {
        let running = !matches!(self.phase, Phase::Results(_));
        (running && self.live.session().deadline().is_some()).then_some(Duration::from_secs(1))
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        if matches!(self.phase, Phase::Results(_)) {
            return false;
        }
        match self.live.tick(ctx.now()) {
            Ok(true) => {
                ctx.warn("Time is up: the exam was submitted with the answers given.");
                self.show_results(ctx);
            }
            Ok(false) => {}
            Err(e) => ctx.warn(e.to_string()),
        }
        // The countdown moved.
        true
    }
}

#[cfg(test)]
mod tests;
