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
