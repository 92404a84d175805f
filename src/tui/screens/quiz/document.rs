//! A scrollable document of pre-wrapped lines, each optionally tied to something clickable (an
//! option, a right-hand match item, a review row). The same lines are drawn and used to map a
//! click back to what is under it, so the two can never disagree.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What a click on a line means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An option, step or left item, by display position.
    Item(usize),
    /// A right-hand match item, by display position.
    Right(usize),
}

/// One drawn line.
#[derive(Debug, Clone, Default)]
pub struct DocLine {
    /// The text.
    pub line: Line<'static>,
    /// What clicking it does.
    pub hit: Option<Hit>,
}

/// Lines laid out for one width.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The lines, top to bottom.
    pub lines: Vec<DocLine>,
    /// The width they were wrapped to.
    pub width: usize,
}

/// Splits `text` into lines of at most `width` characters, between words where possible (a word
/// longer than the width is cut). Blank lines in the text are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.trim_end().split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in para.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > width {
                if len > 0 {
                    out.push(std::mem::take(&mut line));
                    len = 0;
                }
                out.push(word.drain(..width).collect());
            }
            let wlen = word.len();
            if len > 0 && len + 1 + wlen > width {
                out.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.extend(word);
            len += wlen;
        }
        out.push(line);
    }
    out
}

impl Doc {
    /// An empty document for `width` columns.
    pub fn new(width: u16) -> Doc {
        Doc {
            lines: Vec::new(),
            width: usize::from(width),
        }
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.lines.push(DocLine::default());
    }

    /// A line as given (it must fit).
    pub fn line(&mut self, line: Line<'static>) {
        self.lines.push(DocLine { line, hit: None });
    }

    /// `text` wrapped in `style`.
    pub fn text(&mut self, text: &str, style: Style) {
        self.item(Vec::new(), text, style, None);
    }

    /// `prefix` then `text` wrapped beside it; continuation lines are indented to line up under
    /// the text. Every line carries `hit`.
    pub fn item(&mut self, prefix: Vec<Span<'static>>, text: &str, style: Style, hit: Option<Hit>) {
        let indent: usize = prefix.iter().map(|s| s.content.chars().count()).sum();
        let room = self.width.saturating_sub(indent).max(10);
        let mut first = Some(prefix);
        for chunk in wrap(text, room) {
            let mut spans = first
                .take()
                .unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
            spans.push(Span::styled(chunk, style));
            self.lines.push(DocLine {
                line: Line::from(spans),
                hit,
            });
        }
    }

    /// What is under a click at `row` when the document is drawn in `area` from line `scroll`.
    pub fn hit_at(&self, area: Rect, scroll: usize, column: u16, row: u16) -> Option<Hit> {
        let inside = column >= area.x
            && column < area.x + area.width
            && row >= area.y
            && row < area.y + area.height;
        if !inside {
            return None;
        }
        let i = scroll + usize::from(row - area.y);
        self.lines.get(i).and_then(|l| l.hit)
    }

    /// The first line tied to `hit`, to scroll it into view.
    pub fn first_line_of(&self, hit: Hit) -> Option<usize> {
        self.lines.iter().position(|l| l.hit == Some(hit))
    }

    /// The last line tied to `hit`.
    pub fn last_line_of(&self, hit: Hit) -> Option<usize> {
        self.lines.iter().rposition(|l| l.hit == Some(hit))
    }

    /// The largest useful scroll offset for a view `height` rows tall.
    pub fn max_scroll(&self, height: u16) -> usize {
        self.lines.len().saturating_sub(usize::from(height))
    }

    /// Draws the lines from `scroll` into `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, scroll: usize) {
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(scroll)
            .take(usize::from(area.height))
            .map(|l| l.line.clone())
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// A scroll offset that keeps lines `first..=last` in a view of `height` rows.
pub fn scroll_to_show(scroll: usize, first: usize, last: usize, height: u16) -> usize {
    let height = usize::from(height.max(1));
    if first < scroll {
        first
    } else if last >= scroll + height {
        (last + 1 - height).min(first)
    } else {
        scroll
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_cuts_only_overlong_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
    }

    #[test]
    fn a_click_maps_to_the_line_drawn_there() {
        let mut doc = Doc::new(20);
        doc.text("intro", Style::default());
        doc.item(
            vec![Span::raw("1) ")],
            "a long option text that wraps",
            Style::default(),
            Some(Hit::Item(0)),
        );
        let area = Rect::new(2, 5, 20, 4);
        assert_eq!(doc.hit_at(area, 0, 3, 5), None);
        assert_eq!(doc.hit_at(area, 0, 3, 7), Some(Hit::Item(0)));
        assert_eq!(doc.hit_at(area, 1, 3, 5), Some(Hit::Item(0)));
        assert_eq!(doc.hit_at(area, 0, 30, 7), None);
        assert_eq!(scroll_to_show(0, 5, 6, 4), 3);
        assert_eq!(scroll_to_show(4, 1, 2, 4), 1);
    }
}
