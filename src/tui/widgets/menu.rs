//! A vertical menu of items with one selected: the state (moved by actions, clicks mapped with
//! the same geometry as the drawing) and its `render_menu` helper. Home, the labs list and the
//! quiz set-up all use it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::Action;
use crate::tui::theme::Theme;

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    /// What it is.
    pub label: String,
    /// A short note beside it (a count, a status).
    pub detail: String,
}

impl MenuItem {
    /// An item with a note.
    pub fn new(label: impl Into<String>, detail: impl Into<String>) -> MenuItem {
        MenuItem {
            label: label.into(),
            detail: detail.into(),
        }
    }
}

/// What an action did to a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuEvent {
    /// Not for the menu.
    Ignored,
    /// The selection moved.
    Moved,
    /// The item at this index was chosen (Enter, its number, or a click).
    Chosen(usize),
}

/// Which item is selected, and the first one shown when the list scrolls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MenuState {
    /// The selected index.
    pub selected: usize,
}

impl MenuState {
    /// Applies an action to a menu of `len` items drawn in `area`.
    pub fn handle(&mut self, action: Action, len: usize, area: Rect) -> MenuEvent {
        if len == 0 {
            return MenuEvent::Ignored;
        }
        let last = len - 1;
        let before = self.selected;
        match action {
            Action::Up | Action::ScrollUp => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.selected = (self.selected + 1).min(last),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            Action::Select => return MenuEvent::Chosen(self.selected),
            Action::Pick(n) => {
                let i = usize::from(n).saturating_sub(1);
                if i < len {
                    self.selected = i;
                    return MenuEvent::Chosen(i);
                }
                return MenuEvent::Ignored;
            }
            Action::Click { column, row } => {
                return match hit(area, self.first_shown(area), len, column, row) {
                    Some(i) => {
                        self.selected = i;
                        MenuEvent::Chosen(i)
                    }
                    None => MenuEvent::Ignored,
                };
            }
            _ => return MenuEvent::Ignored,
        }
        if before == self.selected {
            MenuEvent::Ignored
        } else {
            MenuEvent::Moved
        }
    }

    /// The first item drawn, so the selection stays visible in a short area.
    pub fn first_shown(&self, area: Rect) -> usize {
        let rows = usize::from(area.height.max(1));
        self.selected.saturating_sub(rows - 1)
    }
}

/// The item under a click, if any.
fn hit(area: Rect, first: usize, len: usize, column: u16, row: u16) -> Option<usize> {
    let inside = column >= area.x
        && column < area.x + area.width
        && row >= area.y
        && row < area.y + area.height;
    let i = first + usize::from(row.checked_sub(area.y)?);
    (inside && i < len).then_some(i)
}

/// Draws the items, one per row: `▸ 1 Label   detail`; the selection is marked by `▸` and the
/// theme's selected style, so it reads without colour.
pub fn render_menu(
    frame: &mut Frame,
    area: Rect,
    items: &[MenuItem],
    state: MenuState,
    theme: &Theme,
) {
    let first = state.first_shown(area);
    let label_width = items
        .iter()
        .map(|i| i.label.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::from(area.height))
        .map(|(i, item)| {
            let chosen = i == state.selected;
            let mark = if chosen { "▸" } else { " " };
            let number = if i < 9 {
                format!("{}", i + 1)
            } else {
                " ".to_owned()
            };
            let style = if chosen { theme.selected } else { theme.text };
            Line::from(vec![
                Span::styled(format!("{mark} "), theme.accent),
                Span::styled(format!("{number} "), theme.muted),
                Span::styled(format!("{:<label_width$}", item.label), style),
                Span::styled(format!("  {}", item.detail), theme.muted),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_bounds_and_numbers_choose() {
        let area = Rect::new(0, 0, 40, 5);
        let mut m = MenuState::default();
        assert_eq!(m.handle(Action::Up, 3, area), MenuEvent::Ignored);
        assert_eq!(m.handle(Action::Down, 3, area), MenuEvent::Moved);
        assert_eq!(m.handle(Action::Bottom, 3, area), MenuEvent::Moved);
        assert_eq!(m.handle(Action::Down, 3, area), MenuEvent::Ignored);
        assert_eq!(m.handle(Action::Select, 3, area), MenuEvent::Chosen(2));
        assert_eq!(m.handle(Action::Pick(1), 3, area), MenuEvent::Chosen(0));
        assert_eq!(m.handle(Action::Pick(4), 3, area), MenuEvent::Ignored);
        assert_eq!(m.handle(Action::Select, 0, area), MenuEvent::Ignored);
    }

    #[test]
    fn a_click_chooses_the_row_under_it_even_when_scrolled() {
        let area = Rect::new(2, 3, 40, 4);
        let mut m = MenuState { selected: 6 };
        // Rows 3..7 show items 3..=6.
        assert_eq!(
            m.handle(Action::Click { column: 5, row: 4 }, 10, area),
            MenuEvent::Chosen(4)
        );
        assert_eq!(
            m.handle(Action::Click { column: 1, row: 4 }, 10, area),
            MenuEvent::Ignored
        );
        assert_eq!(
            m.handle(Action::Click { column: 5, row: 20 }, 10, area),
            MenuEvent::Ignored
        );
    }
}
