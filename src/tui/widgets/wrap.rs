//! Word-wrapping into ratatui lines whose count is known before drawing, so a screen can scroll
//! to a section (the hint just revealed, the check just run) with the same lines it draws.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Wraps `text` at `width` display columns (a wide character counts two): paragraphs
/// (blank-line separated in the source) stay apart, a word longer than the line is cut, and
/// continuation lines are indented under the first line's text when a `lead` (a mark such as
/// `✓ `) starts it.
pub fn wrap(
    text: &str,
    width: usize,
    lead: &str,
    lead_style: Style,
    style: Style,
) -> Vec<Line<'static>> {
    let width = width.max(8);
    let indent = crate::display::width(lead);
    let options = textwrap::Options::new(width.saturating_sub(indent).max(4))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .break_words(true);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        // Runs of spaces and tabs count as one space, as they do in the content files' prose.
        let words = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let pieces = if words.is_empty() {
            vec![std::borrow::Cow::Borrowed("")]
        } else {
            textwrap::wrap(&words, &options)
        };
        for piece in pieces {
            let mut spans = Vec::new();
            if out.is_empty() && indent > 0 {
                spans.push(Span::styled(lead.to_owned(), lead_style));
            } else if indent > 0 {
                spans.push(Span::raw(" ".repeat(indent)));
            }
            spans.push(Span::styled(piece.into_owned(), style));
            out.push(Line::from(spans));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn words_stay_whole_and_continuations_hang_under_the_lead() {
        let s = Style::default();
        let lines = wrap("alpha beta gamma delta", 14, "✓ ", s, s);
        assert_eq!(text(&lines), vec!["✓ alpha beta", "  gamma delta"]);
        let plain = wrap("one two\n\nthree", 20, "", s, s);
        assert_eq!(text(&plain), vec!["one two", "", "three"]);
        let long = wrap("abcdefghijklmnop", 10, "", s, s);
        assert_eq!(text(&long), vec!["abcdefghij", "klmnop"]);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let s = Style::default();
        // Ten CJK characters are twenty columns: at width 12 they take two lines.
        let lines = wrap("模型监控数据漂移告警 ok", 12, "", s, s);
        assert_eq!(text(&lines), vec!["模型监控数据", "漂移告警 ok"]);
        for line in text(&lines) {
            assert!(crate::display::width(&line) <= 12, "{line}");
        }
    }
}
