//! `mlops-lab export bank` for Moodle, read back by Moodle's rules: the XML parsed and held to
//! Moodle's import rules (legal fractions, their sums, matching and ordering shapes), and GIFT
//! split into questions as Moodle's parser does, with every special character escaped.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

#[path = "support/bin.rs"]
mod bin;
#[path = "support/export.rs"]
mod export;

use export::{child, export, html, legal, shipped, text_of};
use mlops_lab::content::QuestionKind;

#[test]
fn moodle_xml_follows_moodles_import_rules() {
    let bank = shipped();
    let (bytes, stderr) = export("moodle-xml");
    let xml = String::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let quiz = doc.root_element();
    assert_eq!(quiz.tag_name().name(), "quiz");
    let mut ids = BTreeSet::new();
    for q in quiz.children().filter(|n| n.has_tag_name("question")) {
        let kind = q.attribute("type").unwrap();
        if kind == "category" {
            assert!(text_of(child(q, "category")).starts_with("$course$/mlops-lab/"));
            continue;
        }
        let id = text_of(child(q, "name"));
        let source = bank
            .question(&id)
            .unwrap_or_else(|| panic!("{id} not in the bank"));
        assert!(ids.insert(id.clone()), "{id} twice");
        assert_eq!(child(q, "idnumber").text(), Some(id.as_str()));
        let text = child(q, "questiontext");
        assert_eq!(text.attribute("format"), Some("html"));
        // The prompt is there, HTML-escaped once.
        let prompt = html(&source.prompt);
        assert!(text_of(text).contains(&prompt), "{id}: prompt missing");
        assert!(
            text_of(child(q, "generalfeedback")).contains("<p>"),
            "{id}: no explanation"
        );
        let answers: Vec<_> = q.children().filter(|n| n.has_tag_name("answer")).collect();
        match (kind, &source.kind) {
            ("multichoice", QuestionKind::Single { options }) => {
                assert_eq!(child(q, "single").text(), Some("true"));
                assert_eq!(answers.len(), options.len());
                let fractions: Vec<f64> = answers
                    .iter()
                    .map(|a| a.attribute("fraction").unwrap().parse().unwrap())
                    .collect();
                assert!(fractions.iter().all(|&f| legal(f)), "{id}: {fractions:?}");
                assert_eq!(
                    fractions.iter().copied().fold(f64::MIN, f64::max),
                    100.0,
                    "{id}"
                );
                for a in &answers {
                    assert!(
                        !text_of(child(*a, "feedback")).is_empty(),
                        "{id}: answer without why"
                    );
                }
            }
            ("multichoice", QuestionKind::Multi { options, .. }) => {
                assert_eq!(child(q, "single").text(), Some("false"));
                assert_eq!(answers.len(), options.len());
                let fractions: Vec<f64> = answers
                    .iter()
                    .map(|a| a.attribute("fraction").unwrap().parse().unwrap())
                    .collect();
                assert!(fractions.iter().all(|&f| legal(f)), "{id}: {fractions:?}");
                // Moodle: round(sum of positive fractions, 2) must be 1.
                let sum: f64 = fractions.iter().filter(|&&f| f > 0.0).sum::<f64>() / 100.0;
                assert_eq!((sum * 100.0).round() / 100.0, 1.0, "{id}: {fractions:?}");
            }
            ("matching", QuestionKind::Match { pairs }) => {
                let subs: Vec<_> = q
                    .children()
                    .filter(|n| n.has_tag_name("subquestion"))
                    .collect();
                assert!(subs.len() >= 2 && subs.len() == pairs.len(), "{id}");
                for s in subs {
                    // A stem without an answer would stop Moodle's whole import.
                    assert!(!text_of(s).is_empty() && !text_of(child(s, "answer")).is_empty());
                }
            }
            ("ordering", QuestionKind::Order { steps }) => {
                assert_eq!(child(q, "selecttype").text(), Some("ALL"));
                assert_eq!(answers.len(), steps.len());
                assert!(answers.len() >= 2);
            }
            (k, other) => panic!("{id}: {k} written for {:?}", other.item_type()),
        }
    }
    assert_eq!(ids.len(), bank.questions().len());
    assert!(
        stderr.contains(&format!("{} questions exported as moodle-xml", ids.len())),
        "{stderr}"
    );
}

/// Splits GIFT into question blocks (blank lines), dropping comments and category blocks.
fn gift_blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|b| {
            b.lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|b| !b.trim().is_empty() && !b.starts_with("$CATEGORY:"))
        .collect()
}

/// `text` split at its first unescaped `sep` (which must be there).
fn split_unescaped(text: &str, sep: char) -> [&str; 2] {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == sep && !escaped => return [&text[..i], &text[i + c.len_utf8()..]],
            _ => escaped = false,
        }
    }
    panic!("no unescaped {sep} in {text}")
}

/// Whether every GIFT special character in `text` is escaped.
fn all_escaped(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            // A backslash escapes the next character; a lone one at the end escapes nothing.
            '\\' if chars.next().is_none() => return false,
            '~' | '=' | '#' | '{' | '}' | ':' => return false,
            _ => {}
        }
    }
    true
}

#[test]
fn gift_escapes_every_special_character_and_skips_order_items_with_a_count() {
    let bank = shipped();
    let (bytes, stderr) = export("gift");
    let text = String::from_utf8(bytes).unwrap();
    let blocks = gift_blocks(&text);
    let orders: Vec<&str> = bank
        .questions()
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Order { .. }))
        .map(|q| q.id.as_str())
        .collect();
    assert!(!orders.is_empty());
    assert_eq!(blocks.len() + orders.len(), bank.questions().len());
    assert!(
        stderr.contains(&format!("skipped {} (an order item", orders.len())),
        "{stderr}"
    );
    for b in &blocks {
        // ::id::[html]text{ answers ####feedback }
        let rest = b.strip_prefix("::").unwrap();
        let (id, rest) = rest.split_once("::").unwrap();
        let source = bank.question(id).unwrap();
        let rest = rest.strip_prefix("[html]").unwrap();
        let open = rest.find("{\n").unwrap();
        let (question, answers) = (&rest[..open], &rest[open + 2..]);
        assert!(all_escaped(question), "{id}: unescaped text {question}");
        let answers = answers.strip_suffix("\n}").unwrap();
        let mut weights = Vec::new();
        let mut lines = 0;
        for line in answers.lines().map(|l| l.trim_start_matches('\t')) {
            if let Some(feedback) = line.strip_prefix("####") {
                assert!(all_escaped(feedback), "{id}: feedback");
                continue;
            }
            lines += 1;
            let (mark, body) = line.split_at(1);
            // The parts around the syntax (`#` before a why, ` -> ` in a pair) are all escaped.
            let parts: Vec<&str> = match &source.kind {
                QuestionKind::Single { .. } => {
                    assert!(mark == "=" || mark == "~", "{id}");
                    split_unescaped(body, '#').into()
                }
                QuestionKind::Multi { .. } => {
                    assert_eq!(mark, "~", "{id}");
                    let (w, body) = body.strip_prefix('%').unwrap().split_once('%').unwrap();
                    weights.push(w.parse::<f64>().unwrap());
                    split_unescaped(body, '#').into()
                }
                QuestionKind::Match { .. } => {
                    assert_eq!(mark, "=", "{id}");
                    let (left, right) = body.split_once(" -> ").unwrap();
                    vec![left, right]
                }
                QuestionKind::Order { .. } => panic!("{id}: an order item was written"),
            };
            for part in parts {
                assert!(!part.is_empty() && all_escaped(part), "{id}: {body}");
            }
        }
        if let QuestionKind::Multi { .. } = source.kind {
            assert!(weights.iter().all(|&w| legal(w)), "{id}: {weights:?}");
            let sum: f64 = weights.iter().filter(|&&w| w > 0.0).sum();
            assert!((sum - 100.0).abs() < 0.01, "{id}: {weights:?}");
        }
        assert!(lines >= 2, "{id}");
    }
}
