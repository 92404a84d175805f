//! Text that came from outside (file names, CSV headers and values, content, a learner's
//! input) made safe to show a person: one escaping function every text writer uses at the edge,
//! and display widths that count what a terminal draws. JSON output is not escaped here: it
//! stays exact JSON, whose own escaping already keeps control characters inert.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

/// Characters that must never reach a terminal or a document as they are: C0 and C1 controls
/// and DEL (escape sequences start with one), bidirectional controls that reorder what is shown
/// ("Trojan Source": U+061C, U+200E/F, U+202A-E, U+2066-9), and the Unicode line and paragraph
/// separators (U+2028/9), which some terminals and editors take for line breaks.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every unsafe character written as a visible escape (`\n`, `\t`, `\r`, or
/// `\u{1b}`), so it prints on one line and cannot drive the terminal. Borrowed when clean.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// As [`escape`], keeping the line breaks of a message written on several lines.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.split('\n').map(escape).collect::<Vec<_>>().join("\n"))
}

/// Columns `text` takes in a terminal (wide characters count two, combining marks none).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` display columns (never cut). Unlike `{:<w$}`, any
/// width works: the standard formatter panics above 65,535.
pub fn pad(text: &str, columns: usize) -> String {
    let w = width(text);
    let mut out = String::with_capacity(text.len() + columns.saturating_sub(w));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    out
}

/// `text` cut to at most `columns` display columns by dropping its middle ("run-…042"), so
/// both the start and the distinguishing end stay visible.
pub fn elide_middle(text: &str, columns: usize) -> Cow<'_, str> {
    if width(text) <= columns {
        return Cow::Borrowed(text);
    }
    if columns == 0 {
        return Cow::Borrowed("");
    }
    let keep = columns - 1;
    let head_w = keep.div_ceil(2);
    let tail_w = keep - head_w;
    let mut head = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > head_w {
            break;
        }
        used += cw;
        head.push(c);
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > tail_w {
            break;
        }
        used += cw;
        tail.push(c);
    }
    head.push('…');
    head.extend(tail.into_iter().rev());
    Cow::Owned(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_separators_and_leaves_clean_text_alone() {
        assert!(matches!(escape("income (€), 年収"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\u{1b}]52;c;aGVsbG8=\u{7}b"),
            "a\\u{1b}]52;c;aGVsbG8=\\u{7}b"
        );
        assert_eq!(escape("x\u{9b}2J"), "x\\u{9b}2J");
        assert_eq!(
            escape("l\u{202e}r\u{2028}\u{61c}"),
            "l\\u{202e}r\\u{2028}\\u{61c}"
        );
        assert_eq!(escape("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r");
        assert!(!escape("\u{1b}[2J\u{7f}").contains(['\u{1b}', '\u{7f}']));
    }

    #[test]
    fn widths_pad_and_elide_by_display_columns() {
        assert_eq!(width("年収"), 4);
        assert_eq!(pad("年", 4), "年  ");
        assert_eq!(pad("long", 2), "long");
        assert_eq!(pad("", 70_000).len(), 70_000);
        assert_eq!(elide_middle("run-000042", 8), "run-…042");
        assert_eq!(elide_middle("short", 8), "short");
        assert_eq!(width(&elide_middle(&"x".repeat(100_000), 40)), 40);
    }
}
