//! The validation pass over a set of files: catalog first, then cases, labs and questions,
//! then the per-file bank warnings. Returns every diagnostic and a bank of the valid items.

use std::collections::{BTreeSet, HashMap};

use super::balance;
use super::cases::check_cases;
use super::catalog::check_exams;
use super::diagnostic::{self, Diagnostic};
use super::labs::lab_id;
use super::model::{Bank, Case, Catalog, Question};
use super::parse::{Diagnostics, parse_items};
use super::questions::{QuestionContext, check_question};
use super::source::{FileKind, SourceFile};

/// What the files being checked may refer to beyond themselves.
///
/// `mlops-lab check questions/drift.toml` validates one question file against the shipped catalog
/// and cases; a full check passes an empty context.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The catalog to use when no `exams.toml` is among the files.
    pub catalog: Option<Catalog>,
    /// The cases to use when no `cases.toml` is among the files.
    pub cases: Option<Vec<Case>>,
    /// Lab ids questions may name, besides those of lab files among the files.
    pub known_labs: BTreeSet<String>,
}

/// Validates the files together: ids are unique across all of them and tags resolve against the
/// catalog among them (or the context's). Diagnostics come sorted by path, line and column.
pub fn validate(files: &[SourceFile], ctx: &Context) -> (Bank, Vec<Diagnostic>) {
    let mut out = Diagnostics::default();
    let of = |kind: FileKind| files.iter().filter(move |f| f.kind == kind);

    let exam_files: Vec<_> = of(FileKind::Exams)
        .map(|f| (f, parse_items(f, "exam", &mut out)))
        .collect();
    let catalog = if exam_files.is_empty() {
        ctx.catalog.clone().unwrap_or_default()
    } else {
        check_exams(&exam_files, &mut out)
    };

    let case_files: Vec<_> = of(FileKind::Cases)
        .map(|f| (f, parse_items(f, "case", &mut out)))
        .collect();
    let cases = if case_files.is_empty() {
        ctx.cases.clone().unwrap_or_default()
    } else {
        check_cases(&case_files, &catalog, &mut out)
    };
    let case_ids: BTreeSet<String> = cases.iter().map(|c| c.id.clone()).collect();

    let mut labs = ctx.known_labs.clone();
    let mut lab_sources: HashMap<String, String> = HashMap::new();
    for file in of(FileKind::Lab) {
        let Some(id) = lab_id(file, &mut out) else {
            continue;
        };
        let here = file.path.display().to_string();
        if let Some(first) = lab_sources.get(&id) {
            out.error(
                file,
                0,
                format!("duplicate lab id `{id}` (first defined in {first})"),
            );
        } else {
            lab_sources.insert(id.clone(), here);
            labs.insert(id);
        }
    }

    let mut qctx = QuestionContext {
        catalog: &catalog,
        cases: &case_ids,
        labs: &labs,
        seen: HashMap::new(),
    };
    let mut questions: Vec<Question> = Vec::new();
    for file in of(FileKind::Questions) {
        let first = questions.len();
        for item in parse_items(file, "question", &mut out) {
            questions.extend(check_question(file, &item, &mut qctx, &mut out));
        }
        let in_file: Vec<&Question> = questions[first..].iter().collect();
        for message in balance::warnings(&in_file) {
            out.warning(file, 0, message);
        }
    }

    let mut diags = out.list;
    diagnostic::sort(&mut diags);
    (Bank::new(catalog, questions, cases), diags)
}
