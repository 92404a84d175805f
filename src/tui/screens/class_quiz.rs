//! Class quiz mode (`mlops-lab quiz --class`): one question at a time for a projector, with a
//! countdown bar, the key and every option's explanation on Space or r, and n / Enter for the
//! next question. Nothing is answered, scored or written to the store. The time shown is the
//! one the last tick or key press stored, so drawing never reads the clock.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

use super::quiz::document::Doc;
use super::quiz::question::{answer_detail, clock_text, prompt};
use crate::clock::Timestamp;
use crate::content::QuestionKind;
use crate::quiz::Item;
use crate::quiz::answer::letter;
use crate::quiz::class::{ClassQuiz, ClassRequest, Countdown};
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;

/// The widest the text runs: a projected line longer than this is hard to follow.
const MAX_TEXT_WIDTH: u16 = 110;

/// The class session on screen.
pub struct ClassScreen {
    quiz: ClassQuiz,
    /// The time of the last tick or key press: what the countdown shows.
    now: Timestamp,
    scroll: usize,
}

impl ClassScreen {
    /// Plans the session at the context's time; the reason it cannot start otherwise.
    pub fn open(request: &ClassRequest, ctx: &mut Ctx) -> Result<ClassScreen, String> {
        let now = ctx.now();
        let quiz = ClassQuiz::new(&ctx.bank, request, now).map_err(|e| e.to_string())?;
        Ok(ClassScreen {
            quiz,
            now,
            scroll: 0,
        })
    }

    fn countdown(&self) -> Countdown {
        self.quiz.countdown(self.now)
    }

    fn doc(&self, width: u16, theme: &Theme) -> Doc {
        let mut doc = Doc::new(width);
        question(&mut doc, self.quiz.current(), theme);
        if let Some(fb) = self.quiz.revealed() {
            doc.blank();
            doc.line(Line::from(Span::styled(
                "Answer",
                theme.title.add_modifier(Modifier::BOLD),
            )));
            answer_detail(&mut doc, &fb, theme);
        }
        doc
    }

    fn layout(area: Rect) -> [Rect; 4] {
        let inner = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(2).min(MAX_TEXT_WIDTH),
            ..area
        };
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner)
    }

    fn scroll_by(&mut self, delta: isize, ctx: &Ctx) {
        let [_, _, body, _] = Self::layout(ctx.body);
        let max = self.doc(body.width, &ctx.theme).max_scroll(body.height);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }
}

/// The prompt and its options in the order the room sees them, with no pick marks.
fn question(doc: &mut Doc, item: &Item, theme: &Theme) {
    prompt(doc, item, theme);
    let numbered = |doc: &mut Doc, d: usize, text: &str| {
        let prefix = vec![Span::styled(format!("  {}) ", d + 1), theme.accent)];
        doc.item(prefix, text, theme.text, None);
    };
    match &item.question.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            for (d, &i) in item.shown.items.iter().enumerate() {
                numbered(doc, d, &options[i].text);
            }
        }
        QuestionKind::Order { steps } => {
            for (d, &i) in item.shown.items.iter().enumerate() {
                numbered(doc, d, &steps[i].text);
            }
        }
        QuestionKind::Match { pairs } => {
            for (d, &i) in item.shown.items.iter().enumerate() {
                numbered(doc, d, &pairs[i].left);
            }
            doc.blank();
            doc.text("with:", theme.muted);
            for (r, &i) in item.shown.rights.iter().enumerate() {
                let prefix = vec![Span::styled(format!("    {}) ", letter(r)), theme.accent)];
                doc.item(prefix, &pairs[i].right, theme.text, None);
            }
        }
    }
}

/// Where the room is and the time left, large enough to read from the back.
fn render_status(frame: &mut Frame, area: Rect, quiz: &ClassQuiz, left: Countdown, theme: &Theme) {
    let mut spans = vec![Span::styled(
        format!("Question {} of {}", quiz.position() + 1, quiz.len()),
        theme.title.add_modifier(Modifier::BOLD),
    )];
    if let Some(exam) = quiz.exam() {
        spans.push(Span::styled(
            format!("  · {exam} · class mode"),
            theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let clock = if left.up() {
        Span::styled(
            " ⏱ Time is up ",
            theme.warn.add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    } else {
        Span::styled(
            format!("⏱ {}", clock_text(f64::from(left.left))),
            theme.info.add_modifier(Modifier::BOLD),
        )
    };
    frame.render_widget(
        Paragraph::new(Line::from(clock)).alignment(Alignment::Right),
        area,
    );
}

/// The countdown as a bar that empties, or the time-up notice in its place.
fn render_bar(frame: &mut Frame, area: Rect, left: Countdown, revealed: bool, theme: &Theme) {
    let [bar, _] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
    if left.up() && !revealed {
        let line = Line::from(Span::styled(
            "Time is up: Space or r reveals the answer",
            theme.warn.add_modifier(Modifier::BOLD),
        ));
        frame.render_widget(Paragraph::new(line), bar);
        return;
    }
    let style = if left.ratio() <= 0.25 {
        theme.warn
    } else {
        theme.info
    };
    let gauge = LineGauge::default()
        .ratio(left.ratio())
        .label(format!("{:>3} s", left.left))
        .filled_symbol("█")
        .unfilled_symbol("░")
        .filled_style(style)
        .unfilled_style(theme.muted)
        .style(theme.text);
    frame.render_widget(gauge, bar);
}

fn render_hint(frame: &mut Frame, area: Rect, quiz: &ClassQuiz, theme: &Theme) {
    let next = if quiz.last() {
        "last question: q ends"
    } else {
        "n / Enter: next question"
    };
    let text = if quiz.revealed().is_some() {
        format!("{next} · ↑↓ PgUp PgDn scroll")
    } else {
        format!("Space / r: reveal the answer · {next}")
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(text, theme.info))),
        area,
    );
}

impl Screen for ClassScreen {
    fn title(&self) -> String {
        "Class quiz".to_owned()
    }

    fn scope(&self) -> Scope {
        Scope::ClassQuiz
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [status, bar, body, hint] = Self::layout(area);
        let left = self.countdown();
        render_status(frame, status, &self.quiz, left, theme);
        render_bar(frame, bar, left, self.quiz.revealed().is_some(), theme);
        self.doc(body.width, theme).render(frame, body, self.scroll);
        render_hint(frame, hint, &self.quiz, theme);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        self.now = ctx.now();
        match action {
            Action::Reveal => {
                self.quiz.reveal();
                Outcome::Changed
            }
            Action::Next | Action::Select => {
                if self.quiz.next(self.now) {
                    self.scroll = 0;
                } else {
                    ctx.tell("That was the last question: q ends the class quiz.");
                }
                Outcome::Changed
            }
            Action::Prev => {
                if self.quiz.prev(self.now) {
                    self.scroll = 0;
                } else {
                    ctx.tell("This is the first question.");
                }
                Outcome::Changed
            }
            Action::Up | Action::ScrollUp => {
                self.scroll_by(-1, ctx);
                Outcome::Changed
            }
            Action::Down | Action::ScrollDown => {
                self.scroll_by(1, ctx);
                Outcome::Changed
            }
            Action::PageUp => {
                self.scroll_by(-10, ctx);
                Outcome::Changed
            }
            Action::PageDown => {
                self.scroll_by(10, ctx);
                Outcome::Changed
            }
            _ => Outcome::Ignored,
        }
    }

    fn tick_every(&self) -> Option<Duration> {
        // Once at zero the screen stays as it is until a key.
        (!self.countdown().up()).then_some(Duration::from_millis(250))
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        let before = self.countdown();
        self.now = ctx.now();
        self.countdown() != before
    }
}

#[cfg(test)]
mod tests;
