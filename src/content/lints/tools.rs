//! The tool-tag lint: a question whose stem or key names a third-party tool is tagged only to
//! exams whose guides name that tool (the catalog's `tools`).

use super::Linted;
use crate::content::Diagnostic;
use crate::content::model::Catalog;
use crate::content::tools::named_in;

/// One finding per question and exam whose guide does not name a tool the question tests.
///
/// Only the stem and the key(s) count: a distractor may name a tool the exam does not test
/// (choosing against it is the point), and the explanation may mention anything.
pub fn tool_lints(items: &[Linted<'_>], catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in items {
        let mut texts: Vec<&str> = item.stem.iter().map(|f| f.text).collect();
        texts.extend(item.keys().map(|k| k.field.text));
        let text = texts.join("\n");
        for &exam_id in &item.exams {
            let Some(exam) = catalog.exam(exam_id) else {
                continue;
            };
            let foreign: Vec<&str> = named_in(&text, exam_id)
                .into_iter()
                .filter(|t| !exam.tools.iter().any(|e| e == t))
                .collect();
            if foreign.is_empty() {
                continue;
            }
            let at = item.stem.first().map_or((1, 1), |f| f.at);
            out.push(item.warning(
                at,
                format!(
                    "`{}`: names {} in its stem or key, and the {} guide does not name {}; tag it only to exams whose guides name the tool, or make it recall for drills (`drill_only = true`, `exams = []`)",
                    item.id,
                    foreign.join(", "),
                    exam_id,
                    if foreign.len() == 1 { "it" } else { "them" },
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Field, Opt};
    use super::*;
    use crate::content::model::Exam;

    fn exam(id: &str, tools: &[&str]) -> Exam {
        Exam {
            id: id.into(),
            vendor: "Demo".into(),
            title: "Demo".into(),
            guide: "2026-01".into(),
            status: crate::content::model::ExamStatus::Active,
            successor: None,
            questions: 10,
            minutes: 30,
            pass_percent: 70,
            note: None,
            item_types: Vec::new(),
            tools: tools.iter().map(|t| (*t).to_owned()).collect(),
            domains: Vec::new(),
        }
    }

    fn item<'a>(stem: &'a str, key: &'a str, distractor: &'a str, exams: &[&'a str]) -> Linted<'a> {
        let opt = |text: &'a str, correct| Opt {
            field: Field { text, at: (9, 8) },
            correct,
        };
        Linted {
            id: "feature-store-900",
            path: Path::new("pack/q.toml"),
            shipped: false,
            stem: vec![Field {
                text: stem,
                at: (5, 12),
            }],
            options: vec![opt(key, true), opt(distractor, false)],
            exams: exams.to_vec(),
        }
    }

    #[test]
    fn a_tool_in_the_stem_or_key_needs_an_exam_whose_guide_names_it() {
        let catalog = Catalog {
            exams: vec![exam("demo-gcp", &[]), exam("demo-azure", &["MLflow"])],
        };
        let mlflow = item(
            "Runs are logged with MLflow.",
            "Register the model",
            "Use a VM",
            &["demo-gcp", "demo-azure"],
        );
        let found: Vec<String> = tool_lints(&[mlflow], &catalog)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("pack/q.toml:5:12"), "{}", found[0]);
        assert!(found[0].contains("names MLflow"), "{}", found[0]);
        assert!(found[0].contains("the demo-gcp guide"), "{}", found[0]);
    }

    #[test]
    fn a_tool_named_only_in_a_distractor_is_fine() {
        let catalog = Catalog {
            exams: vec![exam("demo-gcp", &[])],
        };
        let ok = item(
            "Features drift.",
            "Use the managed feature store",
            "Run Feast on a VM",
            &["demo-gcp"],
        );
        assert!(tool_lints(&[ok], &catalog).is_empty());
    }
}
