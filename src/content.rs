//! Content: the checked model of exams and questions, loading of shipped and user packs, and the
//! validator behind `mlops-lab check`.
//!
//! Raw TOML is parsed into span-carrying structs, validated in one pass that collects every
//! diagnostic, and only then turned into the checked [`model`] types the quiz engine uses. A file
//! or item with errors is left out of the [`Bank`]; everything else stays usable.

mod balance;
mod cases;
mod catalog;
pub mod diagnostic;
mod files;
mod labs;
pub mod model;
mod parse;
mod questions;
mod raw;
pub mod source;
mod text;
mod validate;

use std::path::PathBuf;

pub use catalog::resolve_tag;
pub use diagnostic::{Diagnostic, Severity};
pub use files::{ContentError, read_path, shipped_files};
pub use model::{
    Bank, Case, Catalog, Choice, Domain, Exam, ExamStatus, ExamTag, ItemType, Pair, Question,
    QuestionKind, SourceRef, Step, Task, Topic,
};
pub use parse::FORMAT_VERSION;
pub use source::{FileKind, SourceFile};
pub use text::QUALIFIERS;
pub use validate::{Context, validate};

/// What shipped content offers to files checked on their own: its catalog, cases and lab ids.
pub fn shipped_context() -> Context {
    let files = shipped_files();
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
    fn an_unreadable_pack_is_an_error() {
        let err = load_shipped(&[PathBuf::from("no/such/pack")]).unwrap_err();
        assert!(
            err.to_string().starts_with("cannot read no/such/pack: "),
            "{err}"
        );
    }
}
