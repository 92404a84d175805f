//! `export bank`: the loaded question bank (shipped content and any `--content` pack) in a
//! format another tool imports. Each format lives in its own module; this one picks it and
//! says which questions a format could not carry and why.

use std::collections::BTreeMap;

use crate::content::{Bank, Case, Question};

/// The formats the bank can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BankFormat {
    /// Moodle's GIFT text (single, multi, match; no ordering: those are skipped).
    Gift,
    /// Moodle XML (multichoice, matching, ordering for Moodle 4.4+ or the ordering plugin).
    MoodleXml,
    /// IMS QTI 2.1 content package (zip): imsmanifest.xml and one item file per question.
    Qti,
    /// Anki deck package (.apkg): one note per question, the answer and every why on the back.
    Anki,
    /// One row per question (RFC 4180, UTF-8, header row).
    Csv,
}

impl BankFormat {
    /// Whether the output is a zip archive, which is never written to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, BankFormat::Qti | BankFormat::Anki)
    }
}

/// A question a format could not carry, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The question's id.
    pub id: String,
    /// Why it was left out.
    pub reason: String,
}

/// An exported bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankExport {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Questions written.
    pub exported: usize,
    /// Questions left out, in bank order.
    pub skipped: Vec<Skipped>,
}

/// Why an export could not be built (never the content's fault: the bank is validated).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing XML failed.
    #[error("could not write XML: {0}")]
    Xml(#[from] quick_xml::Error),
    /// Building a zip archive failed.
    #[error("could not build the zip archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Building the Anki collection failed.
    #[error("could not build the Anki collection: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Writing CSV failed.
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing to memory failed.
    #[error("could not write the export: {0}")]
    Io(#[from] std::io::Error),
}

/// A question with the case study it belongs to, the unit every format writes.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The question.
    pub q: &'a Question,
    /// Its case study, if any.
    pub case: Option<&'a Case>,
}

/// The questions grouped by their first topic (the category or deck they go in), topics in
/// name order and questions in bank order inside each.
pub fn by_topic(bank: &Bank) -> BTreeMap<String, Vec<Item<'_>>> {
    let mut groups: BTreeMap<String, Vec<Item<'_>>> = BTreeMap::new();
    for q in bank.questions() {
        let topic = q
            .topics
            .first()
            .map_or_else(|| "general".to_string(), ToString::to_string);
        let case = q.case.as_deref().and_then(|c| bank.case(c));
        groups.entry(topic).or_default().push(Item { q, case });
    }
    groups
}

/// The tags every format writes for a question: its topics, then its exams (ids only: some
/// importers take `:` for syntax).
pub fn tags(q: &Question) -> Vec<String> {
    let mut out: Vec<String> = q.topics.iter().map(ToString::to_string).collect();
    for t in &q.exams {
        if !out.contains(&t.exam) {
            out.push(t.exam.clone());
        }
    }
    out
}

/// The bank in `format`.
pub fn export_bank(bank: &Bank, format: BankFormat) -> Result<BankExport, ExportError> {
    match format {
        BankFormat::Gift => Ok(super::gift::export(bank)),
        BankFormat::MoodleXml => super::moodle::export(bank),
        BankFormat::Qti => super::qti::export(bank),
        BankFormat::Anki => super::anki::export(bank),
        BankFormat::Csv => super::csv_bank::export(bank),
    }
}
