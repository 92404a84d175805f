//! Moodle's GIFT text format: a `$CATEGORY:` block per first topic, then one block per
//! question (`// [id:…] [tag:…]` comment, `::id::[html]text{…}`), blank lines between. Single
//! choice uses `=`/`~`, multi `~%grade%` with Moodle's grades, match `=left -> right`; each
//! option's why follows `#`, the explanation `####`. Core GIFT has no ordering syntax (the
//! ordering plugin's own carries no feedback), so order items are skipped and counted.
//! Every text is HTML (escaped once in [`super::html`]) and then GIFT-escaped here.

use std::fmt::Write as _;

use super::bank::{BankExport, Skipped, by_topic, tags};
use super::html::{feedback_html, inline, question_html};
use super::moodle::share;
use crate::content::{Bank, QuestionKind};

/// `text` with GIFT's special characters escaped as Moodle's exporter does (`repchar`):
/// `~ = # { } :` and the backslash, a newline as `\n`, carriage returns dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The whole bank as one GIFT file.
pub fn export(bank: &Bank) -> BankExport {
    let mut out = String::new();
    let mut exported = 0;
    let mut skipped = Vec::new();
    for (topic, items) in by_topic(bank) {
        let _ = writeln!(out, "$CATEGORY: $course$/mlops-lab/{topic}\n");
        for item in items {
            let q = item.q;
            let mut answers = String::new();
            match &q.kind {
                QuestionKind::Single { options } => {
                    for o in options {
                        let mark = if o.correct { '=' } else { '~' };
                        let _ = writeln!(
                            answers,
                            "\t{mark}{}#{}",
                            escape(&inline(&o.text)),
                            escape(&inline(&o.why))
                        );
                    }
                }
                QuestionKind::Multi { choose, options } => {
                    let Some(grade) = share(*choose) else {
                        skipped.push(Skipped {
                            id: q.id.clone(),
                            reason: format!(
                                "{choose} correct options: Moodle has no grade of 100/{choose}"
                            ),
                        });
                        continue;
                    };
                    for o in options {
                        let sign = if o.correct { "" } else { "-" };
                        let _ = writeln!(
                            answers,
                            "\t~%{sign}{grade}%{}#{}",
                            escape(&inline(&o.text)),
                            escape(&inline(&o.why))
                        );
                    }
                }
                QuestionKind::Match { pairs } => {
                    for p in pairs {
                        // The stem is HTML, so its `>` is `&gt;` and no `->` can split it early;
                        // the answer is plain text in Moodle: only GIFT-escaped.
                        let _ = writeln!(
                            answers,
                            "\t={} -> {}",
                            escape(&inline(&p.left)),
                            escape(p.right.trim())
                        );
                    }
                }
                QuestionKind::Order { .. } => {
                    skipped.push(Skipped {
                        id: q.id.clone(),
                        reason: "an order item: GIFT has no ordering question (use moodle-xml)"
                            .to_string(),
                    });
                    continue;
                }
            }
            let tag_list = tags(q).iter().fold(String::new(), |mut acc, t| {
                let _ = write!(acc, " [tag:{t}]");
                acc
            });
            let _ = write!(
                out,
                "// [id:{}]{tag_list}\n::{}::[html]{}{{\n{answers}\t####{}\n}}\n\n",
                q.id,
                escape(&q.id),
                escape(&question_html(q, item.case)),
                escape(&feedback_html(q))
            );
            exported += 1;
        }
    }
    BankExport {
        bytes: out.into_bytes(),
        exported,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(
            escape("a=b~c#d{e}f:g\\h\ni\r"),
            "a\\=b\\~c\\#d\\{e\\}f\\:g\\\\h\\ni"
        );
    }
}
