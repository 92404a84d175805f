//! A question's text as HTML for the formats that carry HTML (Moodle XML, GIFT's `[html]`,
//! QTI, Anki): every piece of content is escaped here, once, and the markup written around it
//! is well-formed XHTML (`<br/>`), so QTI can embed it in XML as it is. Each format then applies
//! its own escaping (XML, GIFT) on top, at its edge.

use std::fmt::Write as _;

use crate::content::{Case, Question, QuestionKind};
use crate::drift::escape_html;

/// `text` on one line of HTML: escaped, line breaks as `<br/>`.
pub fn inline(text: &str) -> String {
    text.trim()
        .lines()
        .map(escape_html)
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// `text` as paragraphs: blank lines separate `<p>`s, single line breaks become `<br/>`.
pub fn blocks(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let _ = write!(out, "<p>{}</p>", inline(para));
    }
    out
}

/// The case study's title and text, when the question belongs to one.
pub fn case_html(case: Option<&Case>) -> String {
    case.map_or_else(String::new, |c| {
        format!(
            "<div class=\"case\"><p><strong>Case study: {}</strong></p>{}</div>",
            inline(&c.title),
            blocks(&c.scenario)
        )
    })
}

/// The question's own scenario (empty when it has none).
pub fn scenario_html(q: &Question) -> String {
    if q.scenario.trim().is_empty() {
        String::new()
    } else {
        format!("<div class=\"scenario\">{}</div>", blocks(&q.scenario))
    }
}

/// Case, scenario and prompt: the question text of Moodle, GIFT and Anki.
pub fn question_html(q: &Question, case: Option<&Case>) -> String {
    format!(
        "{}{}<p><strong>{}</strong></p>",
        case_html(case),
        scenario_html(q),
        inline(&q.prompt)
    )
}

/// The answer of an order or match item spelled out with each step's why (order) or each
/// pair (match); empty for single and multi, whose whys go with their options.
pub fn key_html(q: &Question) -> String {
    let mut out = String::new();
    match &q.kind {
        QuestionKind::Single { .. } | QuestionKind::Multi { .. } => {}
        QuestionKind::Order { steps } => {
            out.push_str("<p>The right order:</p><ol>");
            for s in steps {
                let _ = write!(
                    out,
                    "<li>{}<br/><em>{}</em></li>",
                    inline(&s.text),
                    inline(&s.why)
                );
            }
            out.push_str("</ol>");
        }
        QuestionKind::Match { pairs } => {
            out.push_str("<p>The right pairs:</p><ul>");
            for p in pairs {
                let _ = write!(
                    out,
                    "<li>{} &#8594; {}</li>",
                    inline(&p.left),
                    inline(&p.right)
                );
            }
            out.push_str("</ul>");
        }
    }
    out
}

/// The references as a list of links (empty when there are none).
pub fn references_html(q: &Question) -> String {
    if q.references.is_empty() {
        return String::new();
    }
    let mut out = String::from("<p>References:</p><ul>");
    for r in &q.references {
        let url = escape_html(r);
        let _ = write!(out, "<li><a href=\"{url}\">{url}</a></li>");
    }
    out.push_str("</ul>");
    out
}

/// Explanation, the key of an order or match item, and references: the general feedback.
pub fn feedback_html(q: &Question) -> String {
    format!(
        "{}{}{}",
        blocks(&q.explanation),
        key_html(q),
        references_html(q)
    )
}

/// `A`, `B`, ... for option `i` (0-based); past `Z`, `AA`, `AB`, ...
pub fn letter(i: usize) -> String {
    let mut n = i;
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_escaped_once_and_lines_become_markup() {
        assert_eq!(
            inline("a < b & \"c\"\nnext"),
            "a &lt; b &amp; &quot;c&quot;<br/>next"
        );
        assert_eq!(blocks("one\n\n two \n"), "<p>one</p><p>two</p>");
    }

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
    }
}
