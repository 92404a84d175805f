//! The lab player on a projector (presenter mode): the step with the room the transcript had,
//! below it only the latest line typed and the events revealed so far (Space reveals the next,
//! then the next hint), the console, and the World pane beside it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use super::{LabPlayer, inner, panel};
use crate::tui::context::Ctx;
use crate::tui::screens::presenter::{self, next_line};

/// Percent of the width the step gets.
const WORDS: u16 = 50;

/// Left pane, World pane, and inside the left one: the step, the events, the console.
pub(super) type Areas = ([Rect; 2], [Rect; 3]);

/// The step drawn one column in from each side of its area, so it does not touch the border.
pub(super) fn padded(step: Rect) -> Rect {
    Rect {
        x: step.x + 1,
        width: step.width.saturating_sub(2),
        ..step
    }
}

impl LabPlayer {
    /// The presenter layout of `body`.
    pub(super) fn present_areas(body: Rect) -> Areas {
        let [left, right] = presenter::panes(body, WORDS);
        let inside = inner(left);
        let events = (inside.height / 3).max(4);
        let rows = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(events),
            Constraint::Length(2),
        ])
        .areas(inside);
        ([left, right], rows)
    }

    /// Draws the presenter layout. Reads only.
    pub(super) fn render_present(&self, frame: &mut Frame, area: Rect, title: &str, ctx: &Ctx) {
        let theme = &ctx.theme;
        let ([left, right], [step, log, console]) = Self::present_areas(area);
        let text = padded(step);
        let lines = self.step_lines(usize::from(text.width), theme);
        let max = lines.len().saturating_sub(usize::from(text.height));
        let scroll = usize::from(self.scroll).min(max);
        let mut block = panel(
            &format!("Presenting · {title}"),
            self.focus != super::Pane::World,
            theme,
        );
        if scroll < max {
            block = block.title_bottom(Span::styled(" ↓ more (PgDn) ", theme.muted));
        }
        frame.render_widget(block, left);
        let scroll = u16::try_from(scroll).unwrap_or(0);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), text);
        // The latest answer only: the line typed just before the held batch, then what is shown.
        let from = self.pacer.first().saturating_sub(1);
        let height = usize::from(log.height).saturating_sub(1);
        let mut shown = self.log_lines(
            (from, self.pacer.hidden()),
            (usize::from(log.width), height),
            0,
            theme,
        );
        shown.push(next_line(
            self.pacer.left(),
            "Space: next hint · P: leave presenter mode",
            theme,
        ));
        frame.render_widget(Paragraph::new(shown), log);
        self.render_console(frame, console, theme);
        self.render_world(frame, right, ctx);
    }
}
