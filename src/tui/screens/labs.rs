//! The list of labs in curriculum order (the first marked "start here"): each lab's title,
//! length and progress, the most recently touched unfinished one preselected, and below the
//! list what the selected lab is about (summary, topics, exam domains). Enter opens it in the
//! lab player.

use crate::lab::record::Setup;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use super::lab::LabPlayer;
use crate::clock::Timestamp;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::menu::{MenuEvent, MenuItem, MenuState, render_menu};

/// One lab with the learner's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    id: String,
    passed: usize,
    steps: usize,
    last: Option<Timestamp>,
    /// The first lab of the curriculum, which builds the platform every other lab assumes.
    start: bool,
}

/// The labs list's state.
pub struct Labs {
    menu: MenuState,
    rows: Vec<Row>,
}

fn rows(ctx: &mut Ctx) -> Vec<Row> {
    let played = ctx.store.lab_run_summaries().unwrap_or_else(|e| {
        ctx.warn(format!("could not read lab progress: {e}"));
        Vec::new()
    });
    // The bank holds the labs in curriculum order; the first one with an order starts it.
    ctx.bank
        .labs()
        .iter()
        .enumerate()
        .map(|(i, lab)| {
            let summary = played.iter().find(|p| p.lab_id == lab.id);
            let steps = lab.steps.len();
            Row {
                id: lab.id.clone(),
                // A completed latest run counts whole; otherwise the steps done in it.
                passed: summary.map_or(0, |p| {
                    if p.latest_complete {
                        steps
                    } else {
                        p.steps.len().min(steps)
                    }
                }),
                steps,
                last: summary.map(|p| p.last_at),
                start: i == 0 && lab.order.is_some(),
            }
        })
        .collect()
}

/// The most recently touched lab that is not finished, else the lab to start with, else the
/// first unfinished one.
fn preselect(rows: &[Row]) -> usize {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.passed < r.steps && r.last.is_some())
        .max_by_key(|(_, r)| r.last)
        .or_else(|| {
            rows.iter()
                .enumerate()
                .find(|(_, r)| r.start && r.last.is_none())
        })
        .or_else(|| rows.iter().enumerate().find(|(_, r)| r.passed < r.steps))
        .map_or(0, |(i, _)| i)
}

/// The list, then the selected lab's description.
fn areas(body: Rect, len: usize) -> [Rect; 2] {
    let list = u16::try_from(len + 2)
        .unwrap_or(u16::MAX)
        .min(body.height / 2);
    Layout::vertical([Constraint::Length(list.max(3)), Constraint::Min(0)]).areas(body)
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

fn panel<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

impl Labs {
    /// The list, with progress read from the store.
    pub fn new(ctx: &mut Ctx) -> Labs {
        let rows = rows(ctx);
        let selected = preselect(&rows);
        if rows.is_empty() {
            ctx.warn("No playable lab was found in the content.");
        }
        Labs {
            menu: MenuState { selected },
            rows,
        }
    }

    fn items(&self, ctx: &Ctx) -> Vec<MenuItem> {
        ctx.bank
            .labs()
            .iter()
            .zip(&self.rows)
            .map(|(lab, r)| {
                let state = if r.passed == r.steps {
                    format!("✓ {}/{} steps", r.passed, r.steps)
                } else if r.last.is_some() {
                    format!("● {}/{} steps", r.passed, r.steps)
                } else if r.start {
                    format!("○ {} steps  start here", r.steps)
                } else {
                    format!("○ {} steps", r.steps)
                };
                MenuItem::new(
                    lab.title.clone(),
                    format!("{:>3} min  {state}", lab.minutes),
                )
            })
            .collect()
    }
}

impl Screen for Labs {
    fn title(&self) -> String {
        "Labs".to_owned()
    }

    fn scope(&self) -> Scope {
        Scope::Menu
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [list, about] = areas(area, self.rows.len());
        frame.render_widget(panel("Labs", theme), list);
        render_menu(frame, inner(list), &self.items(ctx), self.menu, theme);
        let Some(lab) = ctx.bank.labs().get(self.menu.selected) else {
            return;
        };
        let topics: Vec<String> = lab.topics.iter().map(ToString::to_string).collect();
        let mut lines = vec![
            Line::from(Span::styled(lab.summary.clone(), theme.text)),
            Line::raw(""),
            Line::from(vec![
                Span::styled("Topics  ", theme.muted),
                Span::styled(topics.join(", "), theme.text),
            ]),
            Line::from(vec![
                Span::styled("Exams   ", theme.muted),
                Span::styled(lab.exams.join(", "), theme.text),
            ]),
            Line::from(vec![
                Span::styled("Steps   ", theme.muted),
                Span::styled(
                    lab.steps
                        .iter()
                        .map(|s| s.title.as_str())
                        .collect::<Vec<_>>()
                        .join(" → "),
                    theme.text,
                ),
            ]),
        ];
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Enter", theme.accent),
            Span::styled(
                " opens it; progress is saved after every step.",
                theme.muted,
            ),
        ]));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .block(panel(&lab.title, theme)),
            about,
        );
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        let [list, _] = areas(ctx.body, self.rows.len());
        match self.menu.handle(action, self.rows.len(), inner(list)) {
            MenuEvent::Ignored => Outcome::Ignored,
            MenuEvent::Moved => Outcome::Changed,
            MenuEvent::Chosen(i) => match LabPlayer::open(&self.rows[i].id, &Setup::default(), ctx)
            {
                Ok(player) => Outcome::Push(Box::new(player)),
                Err(why) => {
                    ctx.warn(why);
                    Outcome::Changed
                }
            },
        }
    }

    fn resumed(&mut self, ctx: &mut Ctx) {
        self.rows = rows(ctx);
    }
}
