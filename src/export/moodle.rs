//! Moodle XML (`qformat_xml`): a `<quiz>` of category pseudo-questions (one per first topic,
//! `$course$/mlops-lab/<topic>`) and questions: single and multi as `multichoice` (per-option
//! "why" as answer feedback), match as `matching`, order as `ordering` (core since Moodle 4.4,
//! the `qtype_ordering` plugin before). Element order and defaults follow Moodle's own exporter;
//! fractions are always from Moodle's list of grades (a miss makes Moodle skip the question).
//! Text is HTML (escaped in [`super::html`]), then XML-escaped by the writer.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::bank::{BankExport, ExportError, Item, by_topic, tags};
use super::html::{feedback_html, inline, question_html};
use crate::content::{Bank, Choice, QuestionKind};

type W = Writer<Vec<u8>>;

/// The grades Moodle accepts (`question_bank::fraction_options_full`), in percent, as written.
const GRADES: [(f64, &str); 20] = [
    (100.0, "100"),
    (90.0, "90"),
    (83.333_33, "83.33333"),
    (80.0, "80"),
    (75.0, "75"),
    (70.0, "70"),
    (66.666_67, "66.66667"),
    (60.0, "60"),
    (50.0, "50"),
    (40.0, "40"),
    (33.333_33, "33.33333"),
    (30.0, "30"),
    (25.0, "25"),
    (20.0, "20"),
    (16.666_67, "16.66667"),
    (14.285_71, "14.28571"),
    (12.5, "12.5"),
    (11.111_11, "11.11111"),
    (10.0, "10"),
    (5.0, "5"),
];

/// The grade of each of `n` correct options (100 / n) as Moodle writes it, when Moodle has one
/// (it matches within 1e-5 of a fraction, i.e. 1e-3 of a percent).
pub fn share(n: usize) -> Option<&'static str> {
    if n == 0 {
        return None;
    }
    let want = 100.0 / n as f64;
    GRADES
        .iter()
        .find(|(v, _)| (v - want).abs() < 1e-3)
        .map(|(_, text)| *text)
}

/// The whole bank as one Moodle XML file.
pub fn export(bank: &Bank) -> Result<BankExport, ExportError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut exported = 0;
    let mut skipped = Vec::new();
    w.create_element("quiz").write_inner_content(|w| {
        for (topic, items) in by_topic(bank) {
            category(w, &topic)?;
            for item in items {
                match question(w, item)? {
                    None => exported += 1,
                    Some(reason) => skipped.push(super::Skipped {
                        id: item.q.id.clone(),
                        reason,
                    }),
                }
            }
        }
        Ok(())
    })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(BankExport {
        bytes,
        exported,
        skipped,
    })
}

fn text_el(w: &mut W, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// `<name format="html"><text>html</text></name>`.
fn html_el(w: &mut W, name: &str, html: &str) -> std::io::Result<()> {
    w.create_element(name)
        .with_attribute(("format", "html"))
        .write_inner_content(|w| text_el(w, "text", html))?;
    Ok(())
}

fn category(w: &mut W, topic: &str) -> std::io::Result<()> {
    w.create_element("question")
        .with_attribute(("type", "category"))
        .write_inner_content(|w| {
            w.create_element("category").write_inner_content(|w| {
                text_el(w, "text", &format!("$course$/mlops-lab/{topic}"))
            })?;
            Ok(())
        })?;
    Ok(())
}

/// Writes one question; `Some(reason)` instead when Moodle could not take it.
fn question(w: &mut W, item: Item<'_>) -> std::io::Result<Option<String>> {
    let q = item.q;
    let (kind, grades) = match &q.kind {
        QuestionKind::Single { .. } => ("multichoice", None),
        QuestionKind::Multi { choose, .. } => match share(*choose) {
            Some(g) => ("multichoice", Some(g)),
            None => {
                return Ok(Some(format!(
                    "{choose} correct options: Moodle has no grade of 100/{choose}"
                )));
            }
        },
        QuestionKind::Order { .. } => ("ordering", None),
        QuestionKind::Match { .. } => ("matching", None),
    };
    w.create_element("question")
        .with_attribute(("type", kind))
        .write_inner_content(|w| {
            w.create_element("name")
                .write_inner_content(|w| text_el(w, "text", &q.id))?;
            html_el(w, "questiontext", &question_html(q, item.case))?;
            html_el(w, "generalfeedback", &feedback_html(q))?;
            text_el(w, "defaultgrade", "1")?;
            text_el(w, "penalty", "0.3333333")?;
            text_el(w, "hidden", "0")?;
            text_el(w, "idnumber", &q.id)?;
            match &q.kind {
                QuestionKind::Single { options } => choices(w, options, true, "100")?,
                QuestionKind::Multi { options, .. } => {
                    choices(w, options, false, grades.unwrap_or("100"))?;
                }
                QuestionKind::Order { steps } => {
                    text_el(w, "layouttype", "VERTICAL")?;
                    // The default, RANDOM, would show a random subset of six.
                    text_el(w, "selecttype", "ALL")?;
                    text_el(w, "selectcount", &steps.len().to_string())?;
                    // All or nothing, as the app scores an order item.
                    text_el(w, "gradingtype", "ALL_OR_NOTHING")?;
                    text_el(w, "showgrading", "SHOW")?;
                    text_el(w, "numberingstyle", "none")?;
                    combined_feedback(w)?;
                    // The right order is the answers' document order.
                    for (i, s) in steps.iter().enumerate() {
                        w.create_element("answer")
                            .with_attribute(("fraction", (i + 1).to_string().as_str()))
                            .with_attribute(("format", "html"))
                            .write_inner_content(|w| text_el(w, "text", &inline(&s.text)))?;
                    }
                }
                QuestionKind::Match { pairs } => {
                    text_el(w, "shuffleanswers", "true")?;
                    combined_feedback(w)?;
                    for p in pairs {
                        w.create_element("subquestion")
                            .with_attribute(("format", "html"))
                            .write_inner_content(|w| {
                                text_el(w, "text", &inline(&p.left))?;
                                // Matching answers are plain text, not HTML.
                                w.create_element("answer")
                                    .write_inner_content(|w| text_el(w, "text", p.right.trim()))?;
                                Ok(())
                            })?;
                    }
                }
            }
            w.create_element("tags").write_inner_content(|w| {
                for t in tags(q) {
                    w.create_element("tag")
                        .write_inner_content(|w| text_el(w, "text", &t))?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(None)
}

fn combined_feedback(w: &mut W) -> std::io::Result<()> {
    for name in [
        "correctfeedback",
        "partiallycorrectfeedback",
        "incorrectfeedback",
    ] {
        html_el(w, name, "")?;
    }
    w.create_element("shownumcorrect").write_empty()?;
    Ok(())
}

/// A multichoice's settings and answers: `grade` for each correct option, its negative for each
/// wrong one in a multi (so picking everything scores nothing), 0 in a single.
fn choices(w: &mut W, options: &[Choice], single: bool, grade: &str) -> std::io::Result<()> {
    text_el(w, "single", if single { "true" } else { "false" })?;
    text_el(w, "shuffleanswers", "true")?;
    text_el(w, "answernumbering", "abc")?;
    text_el(w, "showstandardinstruction", "0")?;
    combined_feedback(w)?;
    let wrong = if single {
        "0".to_string()
    } else {
        format!("-{grade}")
    };
    for o in options {
        let fraction = if o.correct { grade } else { wrong.as_str() };
        w.create_element("answer")
            .with_attribute(("fraction", fraction))
            .with_attribute(("format", "html"))
            .write_inner_content(|w| {
                text_el(w, "text", &inline(&o.text))?;
                html_el(w, "feedback", &inline(&o.why))
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_moodle_grades_or_nothing() {
        assert_eq!(share(1), Some("100"));
        assert_eq!(share(2), Some("50"));
        assert_eq!(share(3), Some("33.33333"));
        assert_eq!(share(6), Some("16.66667"));
        assert_eq!(share(7), Some("14.28571"));
        assert_eq!(share(11), None);
        assert_eq!(share(0), None);
    }
}
