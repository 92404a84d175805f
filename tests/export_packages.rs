//! `mlops-lab export bank` zip formats read back: the QTI package unzipped and each file held to
//! the structure the QTI 2.1 and IMS Content Packaging schemas require, and the Anki package's
//! `collection.anki2` opened with rusqlite.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

#[path = "support/bin.rs"]
mod bin;
#[path = "support/export.rs"]
mod export;

use export::{child, export_file, html, member, shipped, unzip};
use mlops_lab::content::{Bank, QuestionKind};

fn ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

const QTI: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1";

#[test]
fn qti_is_a_content_package_of_qti_2_1_items() {
    let dir = tempfile::tempdir().unwrap();
    let bank = shipped();
    let mut zip = unzip(&export_file("qti", dir.path(), "bank.zip"));
    let manifest = String::from_utf8(member(&mut zip, "imsmanifest.xml")).unwrap();
    let doc = roxmltree::Document::parse(&manifest).unwrap();
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.imsglobal.org/xsd/imscp_v1p1")
    );
    assert_eq!(root.tag_name().name(), "manifest");
    let resources: Vec<_> = child(root, "resources")
        .children()
        .filter(|n| n.has_tag_name("resource"))
        .collect();
    let items: Vec<_> = resources
        .iter()
        .filter(|r| r.attribute("type") == Some("imsqti_item_xmlv2p1"))
        .collect();
    assert_eq!(items.len(), bank.questions().len());
    assert_eq!(
        zip.len(),
        items.len() + 2,
        "manifest, test and one file per item"
    );
    let test = String::from_utf8(member(&mut zip, "assessment.xml")).unwrap();
    let test = roxmltree::Document::parse(&test).unwrap();
    assert_eq!(test.root_element().tag_name().namespace(), Some(QTI));
    let refs = test
        .descendants()
        .filter(|n| n.has_tag_name("assessmentItemRef"))
        .count();
    assert_eq!(refs, items.len());
    for r in items {
        assert!(ncname(r.attribute("identifier").unwrap()));
        let href = r.attribute("href").unwrap();
        assert_eq!(child(*r, "file").attribute("href"), Some(href));
        let xml = String::from_utf8(member(&mut zip, href)).unwrap();
        check_item(href, &xml, &bank);
    }
}

/// One item file held to `AssessmentItem.Type`: namespace, required attributes, child order,
/// one interaction whose choices are `NCName`s and whose key names them, and the explanation.
fn check_item(href: &str, xml: &str, bank: &Bank) {
    let item = roxmltree::Document::parse(xml).unwrap();
    let root = item.root_element();
    assert_eq!(root.tag_name().namespace(), Some(QTI), "{href}");
    assert_eq!(root.tag_name().name(), "assessmentItem");
    for attr in ["identifier", "title", "adaptive", "timeDependent"] {
        assert!(root.attribute(attr).is_some(), "{href}: {attr}");
    }
    let id = root.attribute("identifier").unwrap();
    let source = bank.question(id).unwrap();
    // AssessmentItem.Type's sequence.
    let order: Vec<&str> = root
        .children()
        .filter(roxmltree::Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    let rank = |n: &str| {
        [
            "responseDeclaration",
            "outcomeDeclaration",
            "itemBody",
            "responseProcessing",
            "modalFeedback",
        ]
        .iter()
        .position(|x| *x == n)
        .unwrap_or_else(|| panic!("{href}: unexpected <{n}>"))
    };
    assert!(
        order.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{href}: {order:?}"
    );
    let body = child(root, "itemBody");
    let interactions: Vec<_> = body
        .children()
        .filter(|n| n.tag_name().name().ends_with("Interaction"))
        .collect();
    assert_eq!(interactions.len(), 1, "{href}");
    let interaction = interactions[0];
    assert_eq!(
        interaction.attribute("responseIdentifier"),
        Some("RESPONSE")
    );
    assert!(
        interaction
            .first_element_child()
            .unwrap()
            .has_tag_name("prompt")
    );
    let choices: BTreeSet<&str> = interaction
        .descendants()
        .filter(|n| n.has_tag_name("simpleChoice") || n.has_tag_name("simpleAssociableChoice"))
        .map(|n| n.attribute("identifier").unwrap())
        .collect();
    assert!(choices.iter().all(|c| ncname(c)), "{href}");
    let key: Vec<&str> = child(child(root, "responseDeclaration"), "correctResponse")
        .children()
        .filter(|n| n.has_tag_name("value"))
        .map(|n| n.text().unwrap())
        .collect();
    for v in &key {
        assert!(v.split(' ').all(|c| choices.contains(c)), "{href}: key {v}");
    }
    let name = interaction.tag_name().name();
    match &source.kind {
        QuestionKind::Single { .. } | QuestionKind::Multi { .. } => {
            assert_eq!(name, "choiceInteraction");
            assert_eq!(
                interaction.attribute("maxChoices"),
                Some(key.len().to_string().as_str())
            );
        }
        QuestionKind::Order { steps } => {
            assert_eq!(name, "orderInteraction");
            assert_eq!(key.len(), steps.len());
        }
        QuestionKind::Match { pairs } => {
            assert_eq!(name, "matchInteraction");
            assert_eq!(
                interaction
                    .children()
                    .filter(|n| n.has_tag_name("simpleMatchSet"))
                    .count(),
                2
            );
            assert_eq!(key.len(), pairs.len());
        }
    }
    assert!(
        root.children()
            .any(|n| n.has_tag_name("modalFeedback")
                && n.attribute("identifier") == Some("EXPLANATION")),
        "{href}: no explanation"
    );
}

#[test]
fn anki_package_opens_as_a_collection_with_a_note_per_question() {
    let dir = tempfile::tempdir().unwrap();
    let bank = shipped();
    let mut zip = unzip(&export_file("anki", dir.path(), "bank.apkg"));
    assert_eq!(member(&mut zip, "media"), b"{}");
    let db = dir.path().join("collection.anki2");
    std::fs::write(&db, member(&mut zip, "collection.anki2")).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let n = i64::try_from(bank.questions().len()).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM notes"), n);
    assert_eq!(count("SELECT COUNT(*) FROM cards"), n);
    assert_eq!(count("SELECT COUNT(DISTINCT guid) FROM notes"), n);
    assert_eq!(count("SELECT ver FROM col"), 11);
    let (models, decks): (String, String) = conn
        .query_row("SELECT models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let models: serde_json::Value = serde_json::from_str(&models).unwrap();
    let decks: serde_json::Value = serde_json::from_str(&decks).unwrap();
    let (mid, model) = models.as_object().unwrap().iter().next().unwrap();
    assert_eq!(model["flds"].as_array().unwrap().len(), 2);
    let mut stmt = conn
        .prepare("SELECT n.mid, n.flds, n.tags, c.did FROM notes n JOIN cards c ON c.nid = n.id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .unwrap();
    let mut seen = 0;
    for row in rows {
        let (note_mid, flds, tags, did) = row.unwrap();
        assert_eq!(note_mid.to_string(), *mid);
        let fields: Vec<&str> = flds.split('\u{1f}').collect();
        assert_eq!(fields.len(), 2, "front and back");
        let id = fields[1]
            .rsplit("mlops-lab question ")
            .next()
            .unwrap()
            .trim_end_matches("</small></p>");
        let q = bank
            .question(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        let prompt = html(&q.prompt);
        assert!(fields[0].contains(&prompt), "{id}: front without prompt");
        assert!(fields[1].contains("Answer: "), "{id}: back without answer");
        let explanation = html(q.explanation.trim().lines().next().unwrap());
        assert!(
            fields[1].contains(&explanation),
            "{id}: back without explanation"
        );
        if let QuestionKind::Single { options } | QuestionKind::Multi { options, .. } = &q.kind {
            for o in options {
                let why = html(&o.why);
                assert!(fields[1].contains(&why), "{id}: a why is missing");
            }
        }
        assert!(tags.starts_with(' ') && tags.ends_with(' '));
        assert!(decks.get(did.to_string()).is_some(), "{id}: deck {did}");
        seen += 1;
    }
    assert_eq!(seen, n);
}
