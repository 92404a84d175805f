//! Word-wrapping into ratatui lines whose count is known before drawing, so a screen can scroll
//! to a section (the hint just revealed, the check just run) with the same lines it draws.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Wraps `text` at `width` columns: paragraphs (blank-line separated in the source) stay
/// apart, a word longer than the line is cut, and continuation lines are indented under the
/// first line's text when a `lead` (a mark such as `✓ `) starts it.
pub fn wrap(
    text: &str,
    width: usize,
    lead: &str,
    lead_style: Style,
    style: Style,
) -> Vec<Line<'static>> {
    let width = width.max(8);
    let indent = lead.chars().count();
    let mut out = Vec::new();
    for (p, paragraph) in text.split('\n').enumerate() {
        let mut line = String::new();
        let mut first = p == 0;
        let room = |first_line: bool| {
            if first_line || indent > 0 {
                width.saturating_sub(indent).max(4)
            } else {
                width
            }
        };
        let mut flush = |line: &mut String, first: &mut bool| {
            let mut spans = Vec::new();
            if *first && indent > 0 {
                spans.push(Span::styled(lead.to_owned(), lead_style));
            } else if indent > 0 {
                spans.push(Span::raw(" ".repeat(indent)));
            }
            spans.push(Span::styled(std::mem::take(line), style));
            out.push(Line::from(spans));
            *first = false;
        };
        if paragraph.trim().is_empty() {
            flush(&mut line, &mut first);
            continue;
        }
        for word in paragraph.split_whitespace() {
            let mut word = word.to_owned();
            loop {
                let used = line.chars().count();
                let need = word.chars().count() + usize::from(used > 0);
                if used + need <= room(first) {
                    if used > 0 {
                        line.push(' ');
                    }
                    line.push_str(&word);
                    break;
                }
                if used > 0 {
                    flush(&mut line, &mut first);
                    continue;
                }
                // A word wider than the line: cut it.
                let cut: String = word.chars().take(room(first)).collect();
                word = word.chars().skip(room(first)).collect();
                line = cut;
                flush(&mut line, &mut first);
                if word.is_empty() {
                    break;
                }
            }
        }
        if !line.is_empty() {
            flush(&mut line, &mut first);
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
}
