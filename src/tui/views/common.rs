//! Small pieces every view uses: bordered blocks, teaching empty states, simulated times,
//! numbers, and the first row to show so the selected one stays visible.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::data::table::DAY;
use crate::tui::theme::Theme;

/// The role of a piece of text, turned into a theme style when drawn: views that scroll build
/// their lines once as `(Tone, text)` so the row count and the drawing agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Headings.
    Title,
    /// Body text.
    Text,
    /// Captions.
    Muted,
    /// Passed, healthy.
    Good,
    /// Failed, firing.
    Bad,
}

impl Tone {
    /// The theme's style for this tone.
    pub fn style(self, t: &Theme) -> Style {
        match self {
            Tone::Title => t.title,
            Tone::Text => t.text,
            Tone::Muted => t.muted,
            Tone::Good => t.good,
            Tone::Bad => t.bad,
        }
    }
}

/// Lines of `(tone, text)` spans, drawn from `first` on.
pub fn draw_lines(
    frame: &mut Frame,
    area: Rect,
    lines: &[Vec<(Tone, String)>],
    first: usize,
    t: &Theme,
) {
    let shown: Vec<Line> = lines
        .iter()
        .skip(first)
        .take(usize::from(area.height))
        .map(|l| {
            Line::from(
                l.iter()
                    .map(|(tone, s)| Span::styled(s.clone(), tone.style(t)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}

/// A bordered block titled in the theme's title style.
pub fn block<'a>(title: impl Into<String>, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", title.into()), theme.title))
}

/// An empty state that teaches: what is missing, then what creates it.
pub fn teach(frame: &mut Frame, area: Rect, theme: &Theme, what: &str, how: &[&str]) {
    let mut lines = vec![Line::from(Span::styled(what.to_owned(), theme.title))];
    for h in how {
        lines.push(Line::from(Span::styled((*h).to_owned(), theme.text)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Simulated seconds as `day 120 14:00`.
pub fn when(seconds: i64) -> String {
    let day = seconds.div_euclid(DAY);
    let rest = seconds.rem_euclid(DAY);
    format!("day {day} {:02}:{:02}", rest / 3600, rest % 3600 / 60)
}

/// A duration in simulated seconds as `45 s`, `12 min` or `3 h`.
pub fn duration(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s => format!("{} h", s / 3600),
    }
}

/// A metric with three decimals, `-` when absent.
pub fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// The first of `len` rows to show in `height` rows so that `selected` is visible.
pub fn first_row(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height - 1).min(len - height)
}

/// `text` cut to `width` characters, with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` in at most `width` characters, cut in the middle with `…` when too long, so both
/// ends stay readable: an id's prefix and its number (`run-…042`), never just `run-`.
pub fn elide_middle(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width {
        return text.to_owned();
    }
    if width <= 1 {
        return "…".chars().take(width).collect();
    }
    // The end carries the number that tells ids apart: it gets the larger half.
    let keep = width - 1;
    let head = keep / 2;
    let tail = keep - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// The area inside a one-cell border.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// A threshold or score as a person reads it: at most four decimals, no trailing zeros
/// (`0.1`, `0.8287`), rather than every digit of the float (`0.8286666666666667`).
pub fn short_number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ids_lose_their_middle_not_their_number() {
        assert_eq!(elide_middle("run-042", 8), "run-042");
        assert_eq!(elide_middle("run-1042", 7), "run…042");
        assert_eq!(elide_middle("run-000042", 8), "run…0042");
        assert_eq!(elide_middle("sweep-7-run-0042", 10), "swee…-0042");
        assert_eq!(elide_middle("run-1042", 1), "…");
        assert_eq!(elide_middle("run-1042", 0), "");
        for w in 2..12 {
            let cut = elide_middle("run-20260042", w);
            assert_eq!(cut.chars().count(), w.min(12), "{cut}");
            assert!(cut.ends_with('2'), "{cut}: the number's end stays");
        }
    }

    #[test]
    fn the_selected_row_stays_in_view() {
        assert_eq!(first_row(0, 100, 10), 0);
        assert_eq!(first_row(9, 100, 10), 0);
        assert_eq!(first_row(10, 100, 10), 1);
        assert_eq!(first_row(99, 100, 10), 90);
        assert_eq!(first_row(500, 100, 10), 90);
        assert_eq!(first_row(5, 3, 10), 0);
    }

    #[test]
    fn times_read_as_days_and_hours() {
        assert_eq!(when(120 * DAY + 14 * 3600 + 30 * 60), "day 120 14:30");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(600), "10 min");
        assert_eq!(fit("validation", 5), "vali…");
        assert_eq!(fit("data", 5), "data");
    }

    #[test]
    fn short_numbers_drop_float_noise_and_trailing_zeros() {
        assert_eq!(short_number(0.828_666_666_666_666_7), "0.8287");
        assert_eq!(short_number(0.1), "0.1");
        assert_eq!(short_number(3.0), "3");
        assert_eq!(short_number(-0.000_01), "0");
    }
}
