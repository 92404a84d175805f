//! Rules for text fields: plain text only, so a shared pack cannot drive the learner's terminal,
//! plus the item-writing rules a machine can check (qualifiers, "all of the above", URLs).

/// The qualifiers a prompt must contain exactly one of, in upper case.
pub const QUALIFIERS: [&str; 9] = [
    "MOST", "LEAST", "FIRST", "BEST", "NEXT", "FASTEST", "CHEAPEST", "SIMPLEST", "NOT",
];

/// Whether a field may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Titles, prompts, option text: one line.
    One,
    /// Scenarios, explanations, whys, notes: newlines and tabs allowed.
    Many,
}

/// The first plain-text problem in `text`, as a message naming `field`.
pub fn plain_text_problem(field: &str, text: &str, lines: Lines) -> Option<String> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            '\n' | '\t' => lines == Lines::Many,
            // A Windows line ending is a newline too.
            '\r' => lines == Lines::Many && chars.peek() == Some(&'\n'),
            _ => !crate::display::is_unsafe(c) || is_bidi_control(c),
        };
        if !allowed {
            if c == '\n' {
                return Some(format!("{field} must be a single line"));
            }
            let what = if c == '\u{1b}' {
                "an escape sequence"
            } else {
                "a control character"
            };
            return Some(format!(
                "{field} contains {what} (U+{:04X}); content must be plain text",
                c as u32
            ));
        }
        if is_bidi_control(c) {
            let what = if matches!(c, '\u{2028}' | '\u{2029}') {
                "a Unicode line separator"
            } else {
                "a bidirectional control character"
            };
            return Some(format!(
                "{field} contains {what} (U+{:04X}); content must be plain text",
                c as u32
            ));
        }
    }
    if text.lines().any(is_markdown_table_row) {
        return Some(format!(
            "{field} contains a Markdown table; write the facts as sentences or a list"
        ));
    }
    None
}

/// Characters that reorder displayed text ("Trojan Source"), making the shown text differ from
/// what the file says, and the Unicode line separators: unsafe, but not controls.
fn is_bidi_control(c: char) -> bool {
    crate::display::is_unsafe(c) && !c.is_control()
}

fn is_markdown_table_row(line: &str) -> bool {
    let t = line.trim();
    t.len() > 2 && t.starts_with('|') && t.ends_with('|')
}

/// Whether an option is a catch-all ("all of the above", "none of the above").
pub fn is_catch_all(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(4).any(|w| {
        matches!(w[0], "all" | "none" | "both" | "neither") && w[1..] == ["of", "the", "above"]
    })
}

/// The upper-case qualifiers a prompt contains, in order (whole words only).
pub fn qualifiers(prompt: &str) -> Vec<&str> {
    prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| QUALIFIERS.contains(w))
        .collect()
}

/// Whether a reference is an https URL with a host.
pub fn is_https_url(url: &str) -> bool {
    url.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// Whether `id` is lower-case kebab-case (`acme-lending`, `aws-mla-c01`).
pub fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `date` is a calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_escapes_are_rejected() {
        let esc = plain_text_problem("`prompt`", "red \u{1b}[31m text", Lines::Many);
        assert_eq!(
            esc.as_deref(),
            Some("`prompt` contains an escape sequence (U+001B); content must be plain text")
        );
        let bell = plain_text_problem("`why`", "ding\u{7}", Lines::Many);
        assert!(bell.unwrap().contains("a control character (U+0007)"));
        let c1 = plain_text_problem("`why`", "csi\u{9b}2J", Lines::Many);
        assert!(c1.unwrap().contains("U+009B"));
        let bidi = plain_text_problem("`text`", "abc\u{202E}def", Lines::One);
        assert!(bidi.unwrap().contains("bidirectional"));
    }

    #[test]
    fn newlines_and_tabs_only_in_multi_line_fields() {
        assert_eq!(plain_text_problem("s", "a\n\tb\r\nc", Lines::Many), None);
        assert_eq!(
            plain_text_problem("`prompt`", "a\nb", Lines::One).as_deref(),
            Some("`prompt` must be a single line")
        );
        assert!(plain_text_problem("s", "a\rb", Lines::Many).is_some());
    }

    #[test]
    fn markdown_tables_are_rejected() {
        let t = "Costs:\n| tier | price |\n|---|---|\n| a | 1 |";
        assert!(
            plain_text_problem("s", t, Lines::Many)
                .unwrap()
                .contains("Markdown table")
        );
        assert_eq!(plain_text_problem("s", "a | b | c", Lines::Many), None);
    }

    #[test]
    fn catch_all_options_are_found_in_any_case() {
        assert!(is_catch_all("All of the above"));
        assert!(is_catch_all("NONE OF THE ABOVE."));
        assert!(is_catch_all("Both A and C, or none of  the above"));
        assert!(!is_catch_all("Check all of the features above the line"));
    }

    #[test]
    fn qualifiers_are_whole_upper_case_words() {
        assert_eq!(qualifiers("What should the team do FIRST?"), ["FIRST"]);
        assert_eq!(
            qualifiers("Which is MOST cost-effective and NOT risky?"),
            ["MOST", "NOT"]
        );
        assert!(qualifiers("Which is the most notable?").is_empty());
        assert!(qualifiers("Which FIRSTLY?").is_empty());
    }

    #[test]
    fn urls_ids_and_dates() {
        assert!(is_https_url("https://cloud.google.com/vertex-ai/docs"));
        assert!(!is_https_url("http://example.com"));
        assert!(!is_https_url("https://"));
        assert!(!is_https_url("https://exa mple.com/x"));
        assert!(is_kebab_id("aws-mla-c01"));
        assert!(!is_kebab_id("Acme_Lending"));
        assert!(!is_kebab_id("a--b"));
        assert!(is_iso_date("2026-03-31"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("2026-3-31"));
        assert!(!is_iso_date("31/03/2026"));
    }
}
