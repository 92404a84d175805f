//! Content: the checked model of exams and questions, loading of shipped and user packs, and the
//! validator behind `mlops-lab check`.
//!
//! Raw TOML is parsed into span-carrying structs, validated in one pass that collects every
//! diagnostic, and only then turned into the checked [`model`] types the quiz engine uses.

pub mod diagnostic;
pub mod model;

pub use diagnostic::{Diagnostic, LineIndex, Severity};
pub use model::{
    Bank, Case, Catalog, Choice, Domain, Exam, ExamStatus, ExamTag, ItemType, Pair, Question,
    QuestionKind, SourceRef, Step, Task, Topic,
};
