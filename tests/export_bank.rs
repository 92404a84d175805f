//! `mlops-lab export bank` read back by each consumer's rules: Moodle XML parsed and held to
//! Moodle's import rules (legal fractions, sums, matching and ordering shapes), GIFT split into
//! questions as Moodle's parser does with every special character escaped, the QTI package
//! unzipped and each file held to the QTI 2.1 / IMS CP structure, the Anki package's SQLite
//! opened, the CSV read back; and two processes give the same bytes.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

#[path = "support/bin.rs"]
mod bin;

use bin::{fixture, mlops, output};
use mlops_lab::content::{Bank, QuestionKind, load_bank};

/// Moodle's grades (`question_bank::fraction_options_full`), positive, in percent.
const GRADES: [f64; 20] = [
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
];

fn legal(fraction: f64) -> bool {
    fraction == 0.0 || GRADES.iter().any(|g| (g - fraction.abs()).abs() < 1e-3)
}

fn shipped() -> Bank {
    load_bank(&[]).unwrap().bank
}

/// `export bank --format F` on stdout: the bytes and standard error.
fn export(format: &str) -> (Vec<u8>, String) {
    let out = mlops()
        .args(["export", "bank", "--format", format])
        .env_remove("MLOPS_LAB_HOME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, String::from_utf8(out.stderr).unwrap())
}

/// `export bank --format F --output FILE`: the file's bytes.
fn export_file(format: &str, dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    mlops()
        .args(["export", "bank", "--format", format, "--output"])
        .arg(&path)
        .env_remove("MLOPS_LAB_HOME")
        .assert()
        .success();
    std::fs::read(path).unwrap()
}

fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn member(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .unwrap_or_else(|| panic!("<{name}> missing in <{}>", node.tag_name().name()))
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    child(node, "text").text().unwrap_or_default().to_string()
}

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
        let prompt = source
            .prompt
            .trim()
            .replace('&', "&amp;")
            .replace('<', "&lt;");
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

/// Whether every GIFT special character in `text` is escaped.
fn all_escaped(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if chars.next().is_none() {
                    return false;
                }
            }
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
            match &source.kind {
                QuestionKind::Single { .. } => assert!(mark == "=" || mark == "~", "{id}"),
                QuestionKind::Multi { .. } => {
                    assert_eq!(mark, "~", "{id}");
                    let (w, body) = body.strip_prefix('%').unwrap().split_once('%').unwrap();
                    weights.push(w.parse::<f64>().unwrap());
                    assert!(body.contains('#'), "{id}: a why follows #");
                }
                QuestionKind::Match { .. } => {
                    assert_eq!(mark, "=", "{id}");
                    assert!(body.contains(" -> "), "{id}");
                }
                QuestionKind::Order { .. } => panic!("{id}: an order item was written"),
            }
            // Everything but the syntax (`#` before the why, ` -> ` of a pair) is escaped.
            let plain = body.replacen('#', "", 1).replacen(" -> ", "", 1);
            let plain = plain.split_once('%').map_or(plain.as_str(), |(_, r)| r);
            assert!(all_escaped(plain) || weights.is_empty(), "{id}: {body}");
        }
        if let QuestionKind::Multi { .. } = source.kind {
            assert!(weights.iter().all(|&w| legal(w)), "{id}: {weights:?}");
            let sum: f64 = weights.iter().filter(|&&w| w > 0.0).sum();
            assert!((sum - 100.0).abs() < 0.01, "{id}: {weights:?}");
        }
        assert!(lines >= 2, "{id}");
    }
}

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
        let item = roxmltree::Document::parse(&xml).unwrap();
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
            .filter(|n| n.is_element())
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
            root.children().any(|n| n.has_tag_name("modalFeedback")
                && n.attribute("identifier") == Some("EXPLANATION")),
            "{href}: no explanation"
        );
    }
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
        let prompt = q.prompt.trim().replace('&', "&amp;").replace('<', "&lt;");
        assert!(fields[0].contains(&prompt), "{id}: front without prompt");
        assert!(fields[1].contains("Answer: "), "{id}: back without answer");
        let explanation = q
            .explanation
            .split('\n')
            .next()
            .unwrap()
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        assert!(
            fields[1].contains(explanation.trim()),
            "{id}: back without explanation"
        );
        if let QuestionKind::Single { options } | QuestionKind::Multi { options, .. } = &q.kind {
            for o in options {
                let why = o.why.trim().replace('&', "&amp;").replace('<', "&lt;");
                assert!(fields[1].contains(&why), "{id}: a why is missing");
            }
        }
        assert!(tags.starts_with(' ') && tags.ends_with(' '));
        assert!(decks.get(did.to_string()).is_some(), "{id}: deck {did}");
        seen += 1;
    }
    assert_eq!(seen, n);
}

#[test]
fn csv_has_one_row_per_question_including_a_content_pack() {
    let bank = load_bank(&[fixture("quiz")]).unwrap().bank;
    let out = mlops()
        .args(["export", "bank", "--format", "csv", "--content"])
        .arg(fixture("quiz"))
        .env_remove("MLOPS_LAB_HOME")
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["id", "type", "difficulty"]);
    let mut ids = BTreeSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len());
        let q = bank.question(&record[0]).unwrap();
        assert_eq!(&record[1], q.kind.item_type().to_string());
        assert!(
            !record[8].is_empty() && !record[12].is_empty(),
            "prompt and explanation"
        );
        ids.insert(record[0].to_string());
    }
    assert_eq!(ids.len(), bank.questions().len());
    assert!(
        bank.questions().len() > shipped().questions().len(),
        "the pack's questions too"
    );
}

#[test]
fn every_format_is_the_same_bytes_from_two_processes() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["gift", "moodle-xml", "csv"] {
        assert_eq!(export(format).0, export(format).0, "{format}");
    }
    for format in ["qti", "anki"] {
        let one = export_file(format, dir.path(), "one");
        let two = export_file(format, dir.path(), "two");
        assert_eq!(one, two, "{format}");
    }
}

#[test]
fn a_zip_format_without_output_is_refused_with_a_clear_message() {
    for format in ["qti", "anki"] {
        let (stdout, stderr, code) = output(mlops().args(["export", "bank", "--format", format]));
        assert_eq!(code, 2);
        assert!(stdout.is_empty());
        assert!(
            stderr.contains("writes a zip archive: give --output FILE"),
            "{stderr}"
        );
    }
}
