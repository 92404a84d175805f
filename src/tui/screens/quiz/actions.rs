//! What the learner's actions do to a running session: answer, move, flag, review, finish,
//! scroll, click, open the lab, leave. Each engine error becomes a status-line message (or,
//! for the deadline, the results).

use super::document::{Hit, scroll_to_show};
use super::picks::Kind;
use super::review::{self, ReviewList};
use super::{Phase, Picks, QuizScreen, question};
use crate::lab::record::Setup;
use crate::quiz::Outcome;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::screen::Outcome as Go;
use crate::tui::screens::{Target, open};

impl QuizScreen {
    pub(super) fn submit(&mut self, ctx: &mut Ctx) {
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

    pub(super) fn scroll_to_feedback(&mut self, ctx: &Ctx) {
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

    pub(super) fn next(&mut self, ctx: &mut Ctx) {
        self.keep_picks();
        match self.live.next(ctx.now()) {
            Ok(true) => self.show_results(ctx),
            Ok(false) => self.arrived(),
            Err(e) => self.failed(e, ctx),
        }
    }

    pub(super) fn finish(&mut self, ctx: &mut Ctx) {
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

    pub(super) fn ensure_cursor_visible(&mut self, ctx: &Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let doc = self.doc(ctx, body.width);
        let hit = Hit::Item(self.picks.cursor);
        if let (Some(first), Some(last)) = (doc.first_line_of(hit), doc.last_line_of(hit)) {
            self.scroll = scroll_to_show(self.scroll, first, last, body.height);
        }
    }

    pub(super) fn scroll_by(&mut self, delta: isize, ctx: &Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let max = match &self.phase {
            Phase::Results(r) => r.doc(ctx, body.width).max_scroll(body.height),
            _ => self.doc(ctx, body.width).max_scroll(body.height),
        };
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    pub(super) fn choose(&mut self, d: usize, ctx: &mut Ctx) {
        if self.feedback.is_some() {
            return;
        }
        match self.picks.choose(d) {
            Ok(true) => self.submit(ctx),
            Ok(false) => {}
            Err(msg) => ctx.warn(msg),
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16, ctx: &mut Ctx) {
        let [_, body, _] = question::areas(ctx.body);
        let doc = self.doc(ctx, body.width);
        match doc.hit_at(body, self.scroll, column, row) {
            Some(Hit::Item(d)) => self.choose(d, ctx),
            Some(Hit::Right(r)) if self.feedback.is_none() => self.picks.pair(r),
            _ => {}
        }
    }

    pub(super) fn open_lab(&mut self, ctx: &mut Ctx) -> Go {
        let question = &self.live.session().current().question;
        let Some(id) = ctx
            .bank
            .lab_for(question)
            .map(|l| l.id.clone())
            .or_else(|| question.lab.clone())
        else {
            ctx.tell("No lab shows this question's topics.");
            return Go::Changed;
        };
        if !self.exam() && self.feedback.is_none() {
            ctx.tell("Answer first; then o opens the lab that shows this concept.");
            return Go::Changed;
        }
        match open(&Target::Lab(id, Setup::default()), ctx) {
            Ok(screen) => Go::Push(screen),
            Err(why) => {
                ctx.warn(format!("The lab cannot open: {why}"));
                Go::Changed
            }
        }
    }

    pub(super) fn leave(&mut self, ctx: &mut Ctx) -> Go {
        if self.root {
            match open(&Target::Home, ctx) {
                Ok(home) => Go::Replace(home),
                Err(_) => Go::Quit,
            }
        } else {
            Go::Pop
        }
    }

    pub(super) fn handle_question(&mut self, action: Action, ctx: &mut Ctx) -> Go {
        if self.dispute.is_some() {
            return self.handle_dispute(action, ctx);
        }
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
            Action::Prev => {
                self.keep_picks();
                match self.live.prev(now) {
                    Ok(()) => self.arrived(),
                    Err(e) => self.failed(e, ctx),
                }
            }
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
            Action::Dispute => self.open_dispute(),
            Action::Click { column, row } => self.click(column, row, ctx),
            Action::Back => {
                ctx.tell("Session paused: every answer is saved; resume it from Quiz (or quiz --resume).");
                return self.leave(ctx);
            }
            _ => return Go::Ignored,
        }
        Go::Changed
    }

    pub(super) fn handle_review(&mut self, action: Action, ctx: &mut Ctx) -> Go {
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
                self.keep_picks();
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
