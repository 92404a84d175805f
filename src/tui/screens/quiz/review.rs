//! The exam's review list: every question, the unanswered ones or the flagged ones ([ ] switch),
//! each with its state; Enter or a click jumps to it, F finishes the exam.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::quiz::{ReviewFilter, Session};
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::widgets::menu::{MenuEvent, MenuState};

const FILTERS: [(ReviewFilter, &str); 3] = [
    (ReviewFilter::All, "all"),
    (ReviewFilter::Unanswered, "unanswered"),
    (ReviewFilter::Flagged, "flagged ⚑"),
];

/// The list's state: which filter, which row.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewList {
    filter: usize,
    menu: MenuState,
}

/// What the list asks of the quiz screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Redraw.
    Stay,
    /// Not for the list.
    Ignored,
    /// Back to the question.
    Back,
    /// Go to this question (0-based).
    Goto(usize),
    /// Finish the exam.
    Finish,
}

/// Filter tabs, the list, and a line of keys.
fn areas(body: Rect) -> [Rect; 3] {
    let inner = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner)
}

impl ReviewList {
    fn filter(&self) -> ReviewFilter {
        FILTERS[self.filter].0
    }

    /// Applies an action.
    pub fn handle(&mut self, action: Action, session: &Session, body: Rect) -> Event {
        let list = session.review_list(self.filter());
        let [_, rows, _] = areas(body);
        match action {
            Action::NextTab | Action::PrevTab | Action::Right | Action::Left => {
                let forward = matches!(action, Action::NextTab | Action::Right);
                self.filter =
                    (self.filter + if forward { 1 } else { FILTERS.len() - 1 }) % FILTERS.len();
                self.menu = MenuState::default();
                Event::Stay
            }
            Action::Back | Action::Review => Event::Back,
            Action::Finish => Event::Finish,
            _ => match self.menu.handle(action, list.len(), rows) {
                MenuEvent::Ignored => Event::Ignored,
                MenuEvent::Moved => Event::Stay,
                MenuEvent::Chosen(i) => Event::Goto(list[i]),
            },
        }
    }

    /// Draws the filters and the list.
    pub fn render(&self, frame: &mut Frame, area: Rect, session: &Session, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [tabs, rows, keys] = areas(area);
        let mut spans = vec![Span::styled("Show: ", theme.muted)];
        for (i, (f, name)) in FILTERS.iter().enumerate() {
            let count = session.review_list(*f).len();
            let text = format!(" {name} ({count}) ");
            spans.push(if i == self.filter {
                Span::styled(format!("▸{text}"), theme.selected)
            } else {
                Span::styled(format!(" {text}"), theme.text)
            });
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
        let list = session.review_list(self.filter());
        if list.is_empty() {
            let none = match self.filter() {
                ReviewFilter::Flagged => "No flagged questions (f flags the one on screen).",
                ReviewFilter::Unanswered => "✓ Every question has an answer.",
                ReviewFilter::All => "No questions.",
            };
            frame.render_widget(Paragraph::new(Span::styled(none, theme.muted)), rows);
        } else {
            let first = self.menu.first_shown(rows);
            let lines: Vec<Line> = list
                .iter()
                .enumerate()
                .skip(first)
                .take(usize::from(rows.height))
                .map(|(row, &i)| {
                    let item = &session.items()[i];
                    let chosen = row == self.menu.selected;
                    let state = if item.answer.is_some() {
                        Span::styled("● answered   ", theme.good)
                    } else {
                        Span::styled("○ unanswered ", theme.warn)
                    };
                    let flag = if item.flagged {
                        Span::styled("⚑ ", theme.warn)
                    } else {
                        Span::raw("  ")
                    };
                    Line::from(vec![
                        Span::styled(if chosen { "▸ " } else { "  " }, theme.accent),
                        Span::styled(
                            format!("Q{:<3} ", i + 1),
                            if chosen { theme.selected } else { theme.text },
                        ),
                        state,
                        flag,
                        Span::styled(item.question.prompt.trim().to_owned(), theme.muted),
                    ])
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), rows);
        }
        frame.render_widget(
            Paragraph::new(Span::styled(
                "Enter or click: go to the question · [ ] filter · F finish the exam · Esc back",
                theme.info,
            )),
            keys,
        );
    }
}
