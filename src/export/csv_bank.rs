//! The bank as CSV (RFC 4180, UTF-8, a header row), one row per question, for spreadsheets and
//! scripts. Options, whys and references are one per line inside their cell. A cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) gets a leading `'`, the usual guard, since pack content may come from anyone.

use super::bank::{BankExport, ExportError};
use super::html::letter;
use crate::content::{Bank, QuestionKind};

/// The header row; documented in docs/export.md.
pub const HEADER: [&str; 14] = [
    "id",
    "type",
    "difficulty",
    "topics",
    "exams",
    "case",
    "case_scenario",
    "scenario",
    "prompt",
    "options",
    "answer",
    "whys",
    "explanation",
    "references",
];

/// `text` safe to open in a spreadsheet.
pub fn guard(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The whole bank as CSV.
pub fn export(bank: &Bank) -> Result<BankExport, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for q in bank.questions() {
        let case = q.case.as_deref().and_then(|c| bank.case(c));
        let (options, answer, whys) =
            match &q.kind {
                QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
                    let line = |i: usize, t: &str| format!("{}. {}", letter(i), t.trim());
                    (
                        lines(options.iter().enumerate().map(|(i, o)| line(i, &o.text))),
                        options
                            .iter()
                            .enumerate()
                            .filter(|(_, o)| o.correct)
                            .map(|(i, _)| letter(i))
                            .collect::<Vec<_>>()
                            .join(" "),
                        lines(options.iter().enumerate().map(|(i, o)| line(i, &o.why))),
                    )
                }
                QuestionKind::Order { steps } => (
                    lines(
                        steps
                            .iter()
                            .enumerate()
                            .map(|(i, s)| format!("{}. {}", i + 1, s.text.trim())),
                    ),
                    numbers(steps.len()),
                    lines(
                        steps
                            .iter()
                            .enumerate()
                            .map(|(i, s)| format!("{}. {}", i + 1, s.why.trim())),
                    ),
                ),
                QuestionKind::Match { pairs } => (
                    lines(pairs.iter().enumerate().map(|(i, p)| {
                        format!("{}. {} -> {}", i + 1, p.left.trim(), p.right.trim())
                    })),
                    numbers(pairs.len()),
                    String::new(),
                ),
            };
        let topics: Vec<String> = q.topics.iter().map(ToString::to_string).collect();
        let exams: Vec<String> = q.exams.iter().map(ToString::to_string).collect();
        let record = [
            q.id.clone(),
            q.kind.item_type().to_string(),
            q.difficulty.to_string(),
            topics.join(" "),
            exams.join(" "),
            q.case.clone().unwrap_or_default(),
            case.map_or_else(String::new, |c| {
                format!("{}\n\n{}", c.title, c.scenario.trim())
            }),
            q.scenario.trim().to_string(),
            q.prompt.trim().to_string(),
            options,
            answer,
            whys,
            q.explanation.trim().to_string(),
            q.references.join("\n"),
        ];
        w.write_record(record.iter().map(|cell| guard(cell)))?;
    }
    let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(BankExport {
        bytes,
        exported: bank.questions().len(),
        skipped: Vec::new(),
    })
}

fn lines(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("\n")
}

/// `1 2 … n`: order and match items list their options in the right order, so the answer is
/// the list as it stands.
fn numbers(n: usize) -> String {
    (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_plain_text_is_not() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("-1"), "'-1");
        assert_eq!(guard("plain"), "plain");
    }
}
