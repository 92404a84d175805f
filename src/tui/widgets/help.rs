//! The `?` overlay: every key of the active screen and the global ones, straight from the
//! keymap table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::tui::keymap::{self, Scope};
use crate::tui::theme::Theme;

/// What each part of the app is for, shown above the keys on the menus.
const HOW: [&str; 6] = [
    "Labs: operate a simulated ML platform; : opens the console to type its commands.",
    "Quiz: exam-style questions with every option's why, by exam or domain.",
    "Exam simulation: timed, scored per domain, no feedback until the end.",
    "Review: questions due again, spaced by what you got wrong (FSRS).",
    "Sandbox: the whole World with its knobs, to try anything.",
    "Progress: readiness per exam and domain, and your labs.",
];

/// The help lines for a screen of `scope`: its own keys first, then the global ones.
pub fn help_lines(scope: Scope, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if matches!(scope, Scope::Home | Scope::Menu) {
        lines.push(Line::from(Span::styled("How this works", theme.title)));
        for text in HOW {
            lines.push(Line::from(Span::styled(format!("  {text}"), theme.text)));
        }
        lines.push(Line::raw(""));
    }
    let mut last_scope = None;
    for b in keymap::bindings(scope) {
        if last_scope != Some(b.scope) {
            if last_scope.is_some() {
                lines.push(Line::raw(""));
            }
            let heading = if b.scope == Scope::Global {
                "Everywhere"
            } else {
                "On this screen"
            };
            lines.push(Line::from(Span::styled(heading, theme.title)));
            last_scope = Some(b.scope);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<8}", b.shown), theme.accent),
            Span::styled(b.help, theme.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "Mouse: click tabs, options and list items; the wheel scrolls.",
        theme.muted,
    )));
    lines
}

/// Draws the overlay centred over `area`, scrolled by `scroll` lines.
pub fn render_help(frame: &mut Frame, area: Rect, scope: Scope, scroll: u16, theme: &Theme) {
    let lines = help_lines(scope, theme);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let [v] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(60)])
        .flex(Flex::Center)
        .areas(v);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .title(Span::styled(" Keys (Esc or ? to close) ", theme.title));
    frame.render_widget(Clear, r);
    // Clear leaves the terminal's own background: the theme's goes back under the text.
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.base)
            .block(block)
            .scroll((scroll, 0)),
        r,
    );
}
