//! One QTI 2.1 `assessmentItem`: the response declaration with the key, SCORE and FEEDBACK
//! outcomes, the item body (case, scenario, interaction with the prompt) and response
//! processing written out (`match_correct`, all or nothing as the app scores), then modal
//! feedback: each option's why (single and multi, shown for the options chosen) and the
//! explanation with the key and references (always). Child order follows the 2.1 schema.

use quick_xml::events::{BytesText, Event};

use super::{QTI_NS, QTI_SCHEMA, W, XSI_NS};
use crate::content::QuestionKind;
use crate::export::bank::Item;
use crate::export::html::{case_html, feedback_html, inline, letter, scenario_html};

/// Writes `html` (already escaped, well-formed XHTML) as the element's content.
fn raw(w: &mut W, html: &str) -> std::io::Result<()> {
    w.write_event(Event::Text(BytesText::from_escaped(html)))
}

fn value(w: &mut W, v: &str) -> std::io::Result<()> {
    w.create_element("value")
        .write_text_content(BytesText::new(v))?;
    Ok(())
}

/// The identifiers of the key, in the response's terms.
fn key(item: Item<'_>) -> (&'static str, &'static str, Vec<String>) {
    match &item.q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            let correct = options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| letter(i))
                .collect();
            let cardinality = if matches!(item.q.kind, QuestionKind::Single { .. }) {
                "single"
            } else {
                "multiple"
            };
            (cardinality, "identifier", correct)
        }
        QuestionKind::Order { steps } => (
            "ordered",
            "identifier",
            (1..=steps.len()).map(|i| format!("S{i}")).collect(),
        ),
        QuestionKind::Match { pairs } => (
            "multiple",
            "directedPair",
            (1..=pairs.len()).map(|i| format!("L{i} R{i}")).collect(),
        ),
    }
}

/// Writes the item.
pub fn write(w: &mut W, item: Item<'_>) -> std::io::Result<()> {
    let q = item.q;
    let (cardinality, base_type, correct) = key(item);
    w.create_element("assessmentItem")
        .with_attributes([
            ("xmlns", QTI_NS),
            ("xmlns:xsi", XSI_NS),
            ("xsi:schemaLocation", QTI_SCHEMA),
            ("identifier", q.id.as_str()),
            ("title", q.id.as_str()),
            ("adaptive", "false"),
            ("timeDependent", "false"),
        ])
        .write_inner_content(|w| {
            w.create_element("responseDeclaration")
                .with_attributes([
                    ("identifier", "RESPONSE"),
                    ("cardinality", cardinality),
                    ("baseType", base_type),
                ])
                .write_inner_content(|w| {
                    w.create_element("correctResponse")
                        .write_inner_content(|w| {
                            for c in &correct {
                                value(w, c)?;
                            }
                            Ok(())
                        })?;
                    Ok(())
                })?;
            w.create_element("outcomeDeclaration")
                .with_attributes([
                    ("identifier", "SCORE"),
                    ("cardinality", "single"),
                    ("baseType", "float"),
                ])
                .write_inner_content(|w| {
                    w.create_element("defaultValue")
                        .write_inner_content(|w| value(w, "0"))?;
                    Ok(())
                })?;
            w.create_element("outcomeDeclaration")
                .with_attributes([
                    ("identifier", "FEEDBACK"),
                    ("cardinality", "multiple"),
                    ("baseType", "identifier"),
                ])
                .write_empty()?;
            w.create_element("itemBody").write_inner_content(|w| {
                raw(w, &case_html(item.case))?;
                raw(w, &scenario_html(q))?;
                interaction(w, item)
            })?;
            processing(w, item)?;
            if let QuestionKind::Single { options } | QuestionKind::Multi { options, .. } = &q.kind
            {
                for (i, o) in options.iter().enumerate() {
                    modal(w, &letter(i), &format!("<p>{}</p>", inline(&o.why)))?;
                }
            }
            modal(w, "EXPLANATION", &feedback_html(q))
        })?;
    Ok(())
}

fn modal(w: &mut W, id: &str, html: &str) -> std::io::Result<()> {
    w.create_element("modalFeedback")
        .with_attributes([
            ("outcomeIdentifier", "FEEDBACK"),
            ("identifier", id),
            ("showHide", "show"),
        ])
        .write_inner_content(|w| raw(w, html))?;
    Ok(())
}

fn prompt(w: &mut W, text: &str) -> std::io::Result<()> {
    w.create_element("prompt")
        .write_inner_content(|w| raw(w, &inline(text)))?;
    Ok(())
}

fn choice(
    w: &mut W,
    element: &str,
    id: &str,
    text: &str,
    extra: Option<(&str, &str)>,
) -> std::io::Result<()> {
    let mut el = w.create_element(element).with_attribute(("identifier", id));
    if let Some(attr) = extra {
        el = el.with_attribute(attr);
    }
    el.write_inner_content(|w| raw(w, &inline(text)))?;
    Ok(())
}

fn interaction(w: &mut W, item: Item<'_>) -> std::io::Result<()> {
    let q = item.q;
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            let max = match &q.kind {
                QuestionKind::Multi { choose, .. } => *choose,
                _ => 1,
            };
            w.create_element("choiceInteraction")
                .with_attributes([
                    ("responseIdentifier", "RESPONSE"),
                    ("shuffle", "true"),
                    ("maxChoices", max.to_string().as_str()),
                ])
                .write_inner_content(|w| {
                    prompt(w, &q.prompt)?;
                    for (i, o) in options.iter().enumerate() {
                        choice(w, "simpleChoice", &letter(i), &o.text, None)?;
                    }
                    Ok(())
                })?;
        }
        QuestionKind::Order { steps } => {
            w.create_element("orderInteraction")
                .with_attributes([("responseIdentifier", "RESPONSE"), ("shuffle", "true")])
                .write_inner_content(|w| {
                    prompt(w, &q.prompt)?;
                    for (i, s) in steps.iter().enumerate() {
                        choice(w, "simpleChoice", &format!("S{}", i + 1), &s.text, None)?;
                    }
                    Ok(())
                })?;
        }
        QuestionKind::Match { pairs } => {
            w.create_element("matchInteraction")
                .with_attributes([
                    ("responseIdentifier", "RESPONSE"),
                    ("shuffle", "true"),
                    ("maxAssociations", pairs.len().to_string().as_str()),
                ])
                .write_inner_content(|w| {
                    prompt(w, &q.prompt)?;
                    for (side, prefix) in [(0, "L"), (1, "R")] {
                        w.create_element("simpleMatchSet")
                            .write_inner_content(|w| {
                                for (i, p) in pairs.iter().enumerate() {
                                    let text = if side == 0 { &p.left } else { &p.right };
                                    let id = format!("{prefix}{}", i + 1);
                                    choice(
                                        w,
                                        "simpleAssociableChoice",
                                        &id,
                                        text,
                                        Some(("matchMax", "1")),
                                    )?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
        }
    }
    Ok(())
}

/// SCORE 1 when the response is the key (the `match_correct` template written out, since a
/// template cannot also set FEEDBACK), then FEEDBACK: the options chosen (single and multi,
/// whose response is a container of identifiers) and always EXPLANATION.
fn processing(w: &mut W, item: Item<'_>) -> std::io::Result<()> {
    let choices = matches!(
        item.q.kind,
        QuestionKind::Single { .. } | QuestionKind::Multi { .. }
    );
    w.create_element("responseProcessing")
        .write_inner_content(|w| {
            w.create_element("responseCondition")
                .write_inner_content(|w| {
                    w.create_element("responseIf").write_inner_content(|w| {
                        w.create_element("match").write_inner_content(|w| {
                            w.create_element("variable")
                                .with_attribute(("identifier", "RESPONSE"))
                                .write_empty()?;
                            w.create_element("correct")
                                .with_attribute(("identifier", "RESPONSE"))
                                .write_empty()?;
                            Ok(())
                        })?;
                        set_score(w, "1")
                    })?;
                    w.create_element("responseElse")
                        .write_inner_content(|w| set_score(w, "0"))?;
                    Ok(())
                })?;
            w.create_element("setOutcomeValue")
                .with_attribute(("identifier", "FEEDBACK"))
                .write_inner_content(|w| {
                    w.create_element("multiple").write_inner_content(|w| {
                        if choices {
                            w.create_element("variable")
                                .with_attribute(("identifier", "RESPONSE"))
                                .write_empty()?;
                        }
                        w.create_element("baseValue")
                            .with_attribute(("baseType", "identifier"))
                            .write_text_content(BytesText::new("EXPLANATION"))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn set_score(w: &mut W, score: &str) -> std::io::Result<()> {
    w.create_element("setOutcomeValue")
        .with_attribute(("identifier", "SCORE"))
        .write_inner_content(|w| {
            w.create_element("baseValue")
                .with_attribute(("baseType", "float"))
                .write_text_content(BytesText::new(score))?;
            Ok(())
        })?;
    Ok(())
}
