//! The chrome around the active screen: header (where you are), status line (the last notice),
//! footer (the active screen's keys, from the keymap), and the "terminal too small" notice.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::context::Notice;
use crate::tui::theme::Theme;

/// `mlops-lab › Home › Labs` on the left, the theme on the right.
pub fn render_header(frame: &mut Frame, area: Rect, trail: &[String], theme: &Theme) {
    let mut spans = vec![Span::styled(" mlops-lab", theme.title)];
    for (i, t) in trail.iter().enumerate() {
        spans.push(Span::styled(" › ", theme.muted));
        let style = if i + 1 == trail.len() {
            theme.accent
        } else {
            theme.text
        };
        spans.push(Span::styled(t.clone(), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let right = Line::from(Span::styled(format!("theme {} ", theme.name), theme.muted));
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), area);
}

/// The last notice, with ✓ or ✗ so it reads without colour.
pub fn render_status(frame: &mut Frame, area: Rect, notice: Option<&Notice>, theme: &Theme) {
    let Some(n) = notice else { return };
    let (mark, style) = if n.problem {
        ("✗ ", theme.bad)
    } else {
        ("✓ ", theme.good)
    };
    let line = Line::from(vec![
        Span::styled(format!(" {mark}"), style),
        // Notices quote what was typed (a file name, a line): escaped here, at the edge.
        Span::styled(crate::display::escape(&n.text).into_owned(), theme.text),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// A question waiting for the learner's y, drawn where notices go and marked `?` so it does not
/// read as a message already acted on.
pub fn render_question(frame: &mut Frame, area: Rect, question: &str, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled(" ? ", theme.warn),
        Span::styled(question.to_owned(), theme.text),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// `key what · key what · ...`, as many as fit.
pub fn render_footer(
    frame: &mut Frame,
    area: Rect,
    keys: &[(&'static str, &'static str)],
    theme: &Theme,
) {
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1usize;
    for (i, (k, what)) in keys.iter().enumerate() {
        let sep = if i == 0 { "" } else { "  " };
        let len = sep.len() + k.chars().count() + 1 + what.chars().count();
        if width + len > usize::from(area.width) {
            break;
        }
        width += len;
        spans.push(Span::raw(sep));
        spans.push(Span::styled(*k, theme.accent));
        spans.push(Span::styled(format!(" {what}"), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Shown instead of the screens below 80x24: laid out for any size, even 1x1.
pub fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::from(Span::styled("Terminal too small", theme.title)),
        Line::from(Span::styled(
            format!(
                "{}x{} here; mlops-lab needs {MIN_WIDTH}x{MIN_HEIGHT}.",
                area.width, area.height
            ),
            theme.text,
        )),
        Line::from(Span::styled(
            "Enlarge the window, or press q to quit.",
            theme.muted,
        )),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}
