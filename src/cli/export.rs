//! Command-line definitions of `export` (bank and progress) and `class-report`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

pub use crate::export::BankFormat;

/// Arguments of `mlops-lab export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub what: ExportCommand,
}

/// What `export` writes.
#[derive(Debug, Clone, Subcommand)]
pub enum ExportCommand {
    /// The question bank (shipped content and any --content pack) for Moodle, an LMS that
    /// reads QTI, Anki or a spreadsheet.
    Bank(ExportBankArgs),
    /// Your progress (answers with the options chosen, per-domain scores, readiness, labs step
    /// by step) as a file to hand in; with --student the file is pseudonymous.
    Progress(ExportProgressArgs),
}

/// Arguments of `mlops-lab export bank`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = BANK_HELP)]
pub struct ExportBankArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: BankFormat,
    /// Write to this file instead of standard output (required for qti and anki, which are
    /// zip archives).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const BANK_HELP: &str = "\
What each format carries (single, multi, order and match items; docs/export.md has details):
  moodle-xml  all four: single and multi as multichoice (each option's why as its feedback;
              a multi's right options share 100%, wrong ones take the same share off), match
              as matching, order as ordering (Moodle 4.4 and later, or the ordering plugin).
              One category per topic: $course$/mlops-lab/<topic>.
  gift        single, multi and match. Order items are skipped (GIFT has no ordering
              question): their count and ids are printed on standard error; use moodle-xml.
              Match items lose nothing but have no per-pair why (none in the bank either).
  qti         all four, IMS QTI 2.1 content package (zip): imsmanifest.xml, assessment.xml
              and items/<id>.xml; each option's why and the explanation as modal feedback.
              Scored all or nothing, as in the app.
  anki        all four, a .apkg deck per topic under mlops-lab: the front holds the case,
              scenario, prompt and options (order steps and match answers scrambled), the back
              the answer, every option's why, the explanation and the references.
  csv         all four, one row per question (id, type, difficulty, topics, exams, case,
              case_scenario, scenario, prompt, options, answer, whys, explanation, references).
A multi item whose number of right options has no Moodle grade (100/n for n = 7 and over 10,
except 8, 9 and 10) is skipped by moodle-xml and gift, with its id on standard error.
The same bank always gives the same bytes (ids and dates are derived from question ids).";

/// Output format of `export progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProgressFormat {
    /// One JSON document (what class-report reads).
    #[default]
    Json,
    /// One row per record (export, readiness, domain, lab, lab step, answer).
    Csv,
}

/// Arguments of `mlops-lab export progress`.
#[derive(Debug, Clone, Args)]
pub struct ExportProgressArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ProgressFormat::Json)]
    pub format: ProgressFormat,
    /// A pseudonym for the learner (letters, digits, `.`, `_`, `-`; at most 64): it replaces
    /// everything that could identify the learner (the store's path is left out).
    #[arg(long, value_name = "ID", value_parser = student_id)]
    pub student: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output format of `class-report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ClassFormat {
    /// Tables in Markdown.
    #[default]
    Markdown,
    /// One standalone HTML page (no network needed).
    Html,
}

/// Arguments of `mlops-lab class-report`.
#[derive(Debug, Clone, Args)]
pub struct ClassReportArgs {
    /// Progress exports (`export progress --format json`), one per student.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ClassFormat::Markdown)]
    pub format: ClassFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A pseudonym: 1 to 64 of letters, digits, `.`, `_` and `-`.
fn student_id(text: &str) -> Result<String, String> {
    let ok = !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(text.to_string())
    } else {
        Err("a student id is 1 to 64 letters, digits, '.', '_' or '-'".to_string())
    }
}
