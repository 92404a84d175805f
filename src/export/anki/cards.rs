//! The two sides of a question's Anki note, and the ids that make a package the same bytes on
//! every run: every id and guid is derived from the question id (SHA-1), never the clock.

use std::fmt::Write as _;

use sha1::{Digest, Sha1};

use crate::content::QuestionKind;
use crate::export::bank::Item;
use crate::export::html::{feedback_html, inline, letter, question_html};

/// The first 8 bytes of SHA-1 of `text`, as a number.
pub fn hash64(text: &str) -> u64 {
    let digest = Sha1::digest(text.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Anki's field checksum: the first 4 bytes of SHA-1 of the field with its HTML stripped.
pub fn checksum(field: &str) -> i64 {
    let digest = Sha1::digest(strip_html(field).as_bytes());
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

/// A field as plain text (Anki's sort field and checksum input): tags dropped, the entities
/// [`crate::export::html`] writes turned back into characters.
pub fn strip_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#8594;", "\u{2192}")
        .replace("&amp;", "&")
}

/// Anki's base91 alphabet for guids.
const BASE91: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

/// A stable guid for a question: base91 of a hash of its id, so a re-import finds the note.
pub fn guid(question_id: &str) -> String {
    let mut n = hash64(&format!("mlops-lab note {question_id}"));
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE91[(n % 91) as usize]);
        n /= 91;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A stable order of `n` items for a card's front that is never the right one (for n > 1):
/// items sorted by a hash of the question id and their index.
fn scrambled(question_id: &str, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| hash64(&format!("{question_id}/{i}")));
    if n > 1 && order.iter().enumerate().all(|(i, &v)| i == v) {
        order.rotate_left(1);
    }
    order
}

/// The front: case, scenario, prompt and the options (order steps and match rights in a
/// scrambled order, so the card does not show the answer).
pub fn front(item: Item<'_>) -> String {
    let q = item.q;
    let mut out = question_html(q, item.case);
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            if let QuestionKind::Multi { choose, .. } = &q.kind {
                let _ = write!(out, "<p><em>Choose {choose}.</em></p>");
            }
            out.push_str("<ol type=\"A\">");
            for o in options {
                let _ = write!(out, "<li>{}</li>", inline(&o.text));
            }
            out.push_str("</ol>");
        }
        QuestionKind::Order { steps } => {
            out.push_str("<p><em>Put in order:</em></p><ol type=\"A\">");
            for i in scrambled(&q.id, steps.len()) {
                let _ = write!(out, "<li>{}</li>", inline(&steps[i].text));
            }
            out.push_str("</ol>");
        }
        QuestionKind::Match { pairs } => {
            out.push_str("<p><em>Match each item with one answer:</em></p><ol>");
            for p in pairs {
                let _ = write!(out, "<li>{}</li>", inline(&p.left));
            }
            out.push_str("</ol><ol type=\"A\">");
            for i in scrambled(&q.id, pairs.len()) {
                let _ = write!(out, "<li>{}</li>", inline(&pairs[i].right));
            }
            out.push_str("</ol>");
        }
    }
    out
}

/// The back: the answer in the front's letters, every option's why (single and multi), then the
/// explanation with the key of an order or match item, the references and the question id.
pub fn back(item: Item<'_>) -> String {
    let q = item.q;
    let mut out = String::new();
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            let key: Vec<String> = options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| letter(i))
                .collect();
            let _ = write!(
                out,
                "<p><strong>Answer: {}</strong></p><ul>",
                key.join(", ")
            );
            for (i, o) in options.iter().enumerate() {
                let mark = if o.correct { "right" } else { "wrong" };
                let _ = write!(
                    out,
                    "<li><strong>{} ({mark})</strong> {}<br/><em>{}</em></li>",
                    letter(i),
                    inline(&o.text),
                    inline(&o.why)
                );
            }
            out.push_str("</ul>");
        }
        QuestionKind::Order { steps } => {
            let shown = scrambled(&q.id, steps.len());
            // Step i (right order) is shown at the position where `shown` holds i.
            let key: Vec<String> = (0..steps.len())
                .map(|i| letter(shown.iter().position(|&s| s == i).unwrap_or(i)))
                .collect();
            let _ = write!(out, "<p><strong>Answer: {}</strong></p>", key.join(", "));
        }
        QuestionKind::Match { pairs } => {
            let shown = scrambled(&q.id, pairs.len());
            let key: Vec<String> = (0..pairs.len())
                .map(|i| {
                    let at = shown.iter().position(|&s| s == i).unwrap_or(i);
                    format!("{}&#8594;{}", i + 1, letter(at))
                })
                .collect();
            let _ = write!(out, "<p><strong>Answer: {}</strong></p>", key.join(", "));
        }
    }
    out.push_str(&feedback_html(q));
    let _ = write!(
        out,
        "<p><small>mlops-lab question {}</small></p>",
        inline(&q.id)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripping_undoes_the_markup_and_entities() {
        assert_eq!(strip_html("<p>a &lt;b&gt; &amp; c</p><br/>d"), "a <b> & cd");
    }

    #[test]
    fn scrambled_orders_are_stable_and_never_the_answer() {
        for n in 2..8 {
            let order = scrambled("drift-001", n);
            assert_eq!(order, scrambled("drift-001", n));
            assert!(order.iter().enumerate().any(|(i, &v)| i != v));
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn guids_are_stable_base91() {
        assert_eq!(guid("drift-001"), guid("drift-001"));
        assert_ne!(guid("drift-001"), guid("drift-002"));
        assert!(guid("drift-001").bytes().all(|b| BASE91.contains(&b)));
    }
}
