//! Content: the checked model of exams and questions, loading of shipped and user packs, and the
//! validator behind `mlops-lab check`.
//!
//! Raw TOML is parsed into span-carrying structs, validated in one pass that collects every
//! diagnostic, and only then turned into the checked [`model`] types the quiz engine uses. A file
//! or item with errors is left out of the [`Bank`]; everything else stays usable.
//!
//! Errors (the item stays out of the bank; `check` exits 1): invalid TOML; `format_version` other
//! than 1; unknown fields and wrong value types; duplicate ids (questions and cases across files,
//! exams, domains and tasks within an exam); tags naming no exam, domain or task of the catalog;
//! unknown topics, cases and labs; a single item without exactly one correct option, a multi item
//! whose correct count differs from `choose` (2 or more, fewer than the options); a missing
//! `why`; an empty scenario (unless the question has a case), prompt or explanation; difficulty
//! outside 1..=3; a reference that is not https (no reference at all: an error in the shipped
//! bank, a warning in a user pack); control characters, escape sequences,
//! bidirectional controls or Markdown tables in text; "all/none of the above"; a prompt without
//! exactly one upper-case qualifier or question mark; a retired exam without a `retired_on` date;
//! domain weights that do not sum to 100 ± 2.
//!
//! Warnings (`check --strict` reports them as errors): per question file, the correct option is
//! the longest in more than 25% of single/multi items, and correct positions are uneven
//! (chi-square p < 0.05, or more than half at one position when the file is too small for the
//! test); the item-writing lints of [`lints`], which only `check` runs.

mod balance;
mod cases;
mod catalog;
mod chunks;
pub mod coverage;
pub mod currency;
pub mod diagnostic;
mod files;
mod labs;
mod lints;
pub mod model;
mod parse;
mod questions;
mod raw;
pub mod source;
mod strings;
pub(crate) mod text;
pub mod tools;
mod validate;

use std::path::PathBuf;

pub use catalog::resolve_tag;
pub use diagnostic::{Diagnostic, Severity};
pub use files::{ContentError, read_path, shipped_files};
pub use labs::{
    ComputedOption, ComputedQuestion, Lab, LabError, LabOption, LabRefs, LabStep, RealTools,
    TimelineError, facts, find_lab, load_schedule, load_timeline, parse_lab, template, timeline,
    timeline_from_text,
};
pub use model::{
    Bank, Case, Catalog, Choice, Domain, Exam, ExamStatus, ExamTag, ItemType, Pair, Question,
    QuestionKind, SourceRef, Step, Task, Topic,
};
pub use parse::FORMAT_VERSION;
pub use source::{FileKind, SourceFile};
pub use text::QUALIFIERS;
pub use validate::{Context, validate};

/// What shipped content offers to files checked on their own: its catalog, cases, lab ids, and
/// the question ids the files must not reuse.
pub fn shipped_context() -> Context {
    shipped_context_beside(&[])
}

/// Whether `file` is a working copy of the shipped file `shipped` (see [`shipped_context_beside`]).
fn is_working_copy(shipped: &SourceFile, file: &SourceFile) -> bool {
    file.path.ends_with(&shipped.path)
        && file
            .path
            .parent()
            .is_some_and(|dir| dir.join("exams.toml").is_file())
}

/// Marks the working copies of shipped files among `files` as shipped: an author checking the
/// bank they edit is held to the shipped bank's rules.
pub fn mark_working_copies(files: &mut [SourceFile]) {
    let shipped = shipped_files();
    for file in files.iter_mut() {
        file.shipped |= shipped.iter().any(|s| is_working_copy(s, file));
    }
}

/// [`shipped_context`] for checking `files`: a working copy of a shipped file takes that file's
/// place, so its own ids do not clash with themselves. A working copy ends with the shipped path
/// and sits in a source tree's content folder, beside its `exams.toml` (as
/// `~/src/mlops-lab/questions/drift.toml` does); a user pack's `questions/drift.toml` is not one.
pub fn shipped_context_beside(checked: &[SourceFile]) -> Context {
    let files: Vec<SourceFile> = shipped_files()
        .into_iter()
        .filter(|s| !checked.iter().any(|c| is_working_copy(s, c)))
        .collect();
    let (bank, _) = validate(&files, &Context::default());
    let mut quiet = parse::Diagnostics::default();
    let known_labs = files
        .iter()
        .filter(|f| f.kind == FileKind::Lab)
        .filter_map(|f| labs::lab_id(f, &mut quiet))
        .collect();
    Context {
        catalog: Some(bank.catalog().clone()),
        cases: Some(bank.cases().to_vec()),
        known_labs,
        known_questions: bank.questions().iter().map(|q| q.id.clone()).collect(),
        shipped_questions: bank
            .questions()
            .iter()
            .map(|q| {
                let place = format!("{}:{}", q.source.path.display(), q.source.line);
                (q.id.clone(), place)
            })
            .collect(),
        lint: false,
    }
}

/// Loads the shipped content plus extra packs (`--content DIR`), validated together.
///
/// The bank holds every item without errors, so the app keeps running when a pack is broken;
/// the diagnostics say what was left out and why. Only an unreadable path is an `Err`.
pub fn load_shipped(extra: &[PathBuf]) -> Result<(Bank, Vec<Diagnostic>), ContentError> {
    let mut files = shipped_files();
    for pack in extra {
        files.extend(read_path(pack)?);
    }
    Ok(validate(&files, &Context::default()))
}

/// The bank a study session uses, and how many content problems left items out of it.
#[derive(Debug)]
pub struct Loaded {
    /// Every item without errors.
    pub bank: Bank,
    /// Errors found in the content; the items concerned are not in the bank.
    pub problems: usize,
}

impl Loaded {
    /// One line for the learner when items were left out, pointing at `check` for the details.
    pub fn notice(&self) -> Option<String> {
        (self.problems > 0).then(|| {
            format!(
                "{} problem(s) in the content; the items concerned were left out \
                 (run `mlops-lab check` for details)",
                self.problems
            )
        })
    }
}

/// Loads the bank for a study session (quiz, progress, the app): shipped content plus `extra`
/// packs. Broken items are left out and counted rather than stopping the learner; only an
/// unreadable path is an `Err`.
pub fn load_bank(extra: &[PathBuf]) -> Result<Loaded, ContentError> {
    let (bank, diagnostics) = load_shipped(extra)?;
    let problems = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Ok(Loaded { bank, problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_content_loads_without_errors() {
        let (bank, diags) = load_shipped(&[]).unwrap();
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // Every question of the shipped bank made it through validation.
        let items = shipped_files()
            .iter()
            .filter(|f| f.kind == FileKind::Questions)
            .map(|f| f.text.matches("[[question]]").count())
            .sum::<usize>();
        assert_eq!(bank.questions().len(), items);
    }

    #[test]
    fn the_study_bank_is_the_shipped_bank_with_no_notice() {
        let loaded = load_bank(&[]).unwrap();
        assert_eq!(loaded.problems, 0);
        assert_eq!(loaded.notice(), None);
        assert!(!loaded.bank.questions().is_empty());
        let broken = Loaded {
            problems: 2,
            ..loaded
        };
        assert!(broken.notice().unwrap().contains("2 problem(s)"));
    }

    #[test]
    fn an_unreadable_pack_is_an_error() {
        let err = load_shipped(&[PathBuf::from("no/such/pack")]).unwrap_err();
        assert!(
            err.to_string().starts_with("cannot read no/such/pack: "),
            "{err}"
        );
    }
}
