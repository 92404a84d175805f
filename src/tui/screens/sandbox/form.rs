//! The sandbox's left pane as it is drawn: the knobs form (a heading per group, only the
//! selected knob's group in presenter mode), what Enter sends, and the latest events (in
//! presenter mode only those Space has revealed).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use super::Sandbox;
use super::knobs::{Group, KNOBS};
use crate::tui::context::Ctx;
use crate::tui::screens::presenter::{self, next_line};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;

/// Percent of the width the knobs get in presenter mode.
const PRESENT_WORDS: u16 = 40;

/// The form and World panes: the same split as the lab player, or presenter mode's.
pub(super) fn panes(body: Rect, present: bool) -> [Rect; 2] {
    if present {
        presenter::panes(body, PRESENT_WORDS)
    } else {
        crate::tui::screens::lab::panes(body)
    }
}

pub(super) fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

/// Inside the form pane: the knobs, then what Enter sends and the latest events, then the
/// console's help and input lines. In presenter mode (`only` a group) the knobs take the rows
/// of their group and the events the rest.
pub(super) fn form_rows(left: Rect, only: Option<Group>) -> [Rect; 3] {
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

pub(super) fn panel<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    let mark = if focused { "▸ " } else { "" };
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused { theme.accent } else { theme.border })
        .title(Span::styled(format!(" {mark}{title} "), theme.title))
}

/// The form's rows: a heading before each group, then its knobs (only `only`'s in presenter
/// mode).
pub(super) fn form_layout(only: Option<Group>) -> Vec<Option<usize>> {
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
pub(super) fn first_row(selected: usize, height: u16, only: Option<Group>) -> usize {
    let rows = form_layout(only);
    let at = rows.iter().position(|r| *r == Some(selected)).unwrap_or(0);
    let h = usize::from(height.max(1));
    // Keep the group's heading in sight when there is room.
    at.saturating_sub(h.saturating_sub(2))
        .min(at.saturating_sub(1))
}

impl Sandbox {
    /// The group presenter mode narrows the form to, if presenting.
    pub(super) fn only(&self, ctx: &Ctx) -> Option<Group> {
        ctx.present.then(|| KNOBS[self.selected].group)
    }

    pub(super) fn form_lines(
        &self,
        theme: &Theme,
        height: u16,
        only: Option<Group>,
    ) -> Vec<Line<'static>> {
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
    pub(super) fn log_lines(
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
}
