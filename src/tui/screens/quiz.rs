//! A quiz session on screen: the question being answered, the exam's review list, and the
//! results, as phases of one screen because they share the running [`Live`] session (and the
//! exam's deadline can end the session during a tick, when no other screen could be opened).

mod actions;
mod dispute;
pub(crate) mod document;
mod picks;
pub(crate) mod question;
mod results;
mod review;
pub mod start;

use std::collections::BTreeMap;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use start::{QuizLaunch, open_launch, resume, start};

use self::document::Doc;
#[cfg(test)]
use self::document::Hit;
use self::picks::{Kind, Picks};
use self::results::Results;
use self::review::ReviewList;
use crate::quiz::feedback::Feedback;
use crate::quiz::{Live, Mode, QuizError};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome as Go, Screen};

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
    /// Picks not yet submitted on questions the learner moved away from, by position, so a
    /// half-ticked multi or half-paired match is there again on coming back (exam mode).
    drafts: BTreeMap<usize, Picks>,
    /// Feedback on the current question once answered (practice, drill, missed, review).
    feedback: Option<Feedback>,
    scroll: usize,
    /// F was pressed with questions unanswered: the next F finishes.
    confirm_finish: bool,
    /// Opened from the command line with nothing below it: leaving goes to the home screen.
    root: bool,
    /// The dispute note being typed (`!`), while its box is open.
    dispute: Option<String>,
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
            drafts: BTreeMap::new(),
            feedback: None,
            scroll: 0,
            confirm_finish: false,
            root,
            dispute: None,
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
        let question = &self.live.session().current().question;
        match ctx.bank.lab_for(question) {
            Some(lab) => Some(lab.title.clone()),
            // A pack's question naming a lab this bank lacks: its id, and `o` says why.
            None => question.lab.clone(),
        }
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

    fn hint(&self, width: u16) -> (String, Option<String>) {
        if let Some((note, keys)) = self.dispute_hint(width) {
            return (note, Some(keys));
        }
        let n = self.picks.len;
        let last = self.live.session().position() + 1 == self.live.session().items().len();
        if self.feedback.is_some() {
            let go = if last {
                "see the results"
            } else {
                "next question"
            };
            return (
                format!("Enter or n: {go}"),
                Some("! disputes this question: a note for the pack's author".to_owned()),
            );
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
            Some(
                "f flag ⚑ · n / p next / previous · r review list · F finish · ! dispute"
                    .to_owned(),
            )
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

    /// Keeps the picks on the current question before moving away from it: they come back with
    /// the question. An answered question's picks come from its answer instead.
    fn keep_picks(&mut self) {
        let at = self.live.session().position();
        let saved = Picks::for_item(self.live.session().current());
        if self.feedback.is_none() && self.picks.chosen_differ(&saved) {
            self.drafts.insert(at, self.picks.clone());
        } else {
            self.drafts.remove(&at);
        }
    }

    /// Moves to a new current question: its kept picks (or its answer's), top of the page.
    fn arrived(&mut self) {
        let at = self.live.session().position();
        self.picks = self
            .drafts
            .remove(&at)
            .unwrap_or_else(|| Picks::for_item(self.live.session().current()));
        self.feedback = None;
        self.scroll = 0;
        self.confirm_finish = false;
    }

    fn show_results(&mut self, ctx: &mut Ctx) {
        let results = Results::new(&mut self.live, &ctx.bank, ctx.utc_offset);
        // A note still open when the deadline ends the exam has no question left to go with.
        self.dispute = None;
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
            Mode::Lab => "Lab checkpoint",
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
                let (main, extra) = self.hint(hint.width);
                question::render_hint(frame, hint, &main, extra.as_deref(), &ctx.theme);
                question::render_more(frame, status, more, &ctx.theme);
            }
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Go {
        match self.phase {
            Phase::Question => self.handle_question(action, ctx),
            Phase::Review(_) => self.handle_review(action, ctx),
            Phase::Results(ref mut results) => match action {
                Action::Select | Action::Back => self.leave(ctx),
                Action::NextTab | Action::PrevTab | Action::Left | Action::Right => {
                    results.cycle(matches!(action, Action::NextTab | Action::Right));
                    self.scroll = 0;
                    Go::Changed
                }
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

    fn typing(&self) -> bool {
        matches!(self.phase, Phase::Question) && self.dispute.is_some()
    }

    fn leave_prompt(&self) -> Option<String> {
        let running = !matches!(self.phase, Phase::Results(_)) && self.exam();
        running.then(|| {
            "Leave the exam? Answers are saved, it can be resumed; its clock keeps running."
                .to_owned()
        })
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
