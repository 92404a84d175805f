//! Lab files, as far as the content layer knows them: TOML syntax, `format_version` and the
//! lab's `id`, which questions may name in `lab = "..."`.
//!
//! [`check_lab`] reads the rest of the schema (steps, World commands, checks) with `parse` into
//! the lab model (`model`) and turns each problem's offset into a located diagnostic; the lab
//! runtime ([`crate::lab`]) plays what it returns.

mod computed;
pub mod facts;
mod model;
mod parse;
mod real_tools;
mod steps;
pub mod template;
pub mod timeline;

pub use model::{
    ComputedOption, ComputedQuestion, Lab, LabOption, LabStep, RealTools, curriculum_sort,
};
pub use parse::{Refs as LabRefs, parse_lab};

use std::collections::BTreeSet;

use super::model::Catalog;
use super::parse::{Diagnostics, FORMAT_VERSION};
use super::source::SourceFile;
use super::text::is_kebab_id;

/// The lab id declared by a lab file, reporting syntax, version and id problems.
pub fn lab_id(file: &SourceFile, out: &mut Diagnostics) -> Option<String> {
    let doc = match toml_edit::ImDocument::parse(file.text.as_str()) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            out.error(file, at, format!("invalid TOML: {message}"));
            return None;
        }
    };
    match doc.get("format_version") {
        Some(v) if v.as_integer() == Some(FORMAT_VERSION) => {}
        Some(v) => out.error(
            file,
            v.span().map_or(0, |s| s.start),
            format!("unsupported format_version: this version of mlops-lab reads format_version = {FORMAT_VERSION}"),
        ),
        None => out.error(file, 0, format!("missing `format_version = {FORMAT_VERSION}` at the top of the file")),
    }
    let Some(id) = doc.get("id") else {
        out.error(file, 0, "missing field `id`");
        return None;
    };
    let at = id.span().map_or(0, |s| s.start);
    match id.as_str() {
        Some(s) if is_kebab_id(s) => Some(s.to_owned()),
        _ => {
            out.error(file, at, "lab id must be a lower-case kebab-case string");
            None
        }
    }
}

/// Where a lab file's `order` value sits (0 when it has none or does not parse).
pub fn order_at(file: &SourceFile) -> usize {
    toml_edit::ImDocument::parse(file.text.as_str())
        .ok()
        .and_then(|doc| doc.get("order").and_then(toml_edit::Item::span))
        .map_or(0, |s| s.start)
}

/// Validates a lab file whose id is sound: everything but syntax, version and id.
pub fn check_lab(
    file: &SourceFile,
    catalog: &Catalog,
    questions: &BTreeSet<String>,
    out: &mut Diagnostics,
) -> Option<Lab> {
    let refs = parse::Refs { catalog, questions };
    let (lab, problems, warnings) = parse::parse_lab_for(&file.text, refs, file.shipped);
    for (at, message) in problems {
        out.error(file, at, message);
    }
    for (at, message) in warnings {
        out.warning(file, at, message);
    }
    lab
}

/// Why a lab could not be loaded for a run.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// No lab file has this id (and it is not a readable file).
    #[error("unknown lab `{id}` (known: {known})")]
    Unknown {
        /// What was asked for.
        id: String,
        /// The lab ids on offer.
        known: String,
    },
    /// A file or pack could not be read.
    #[error("{0}")]
    Read(#[from] super::files::ContentError),
    /// The file holds other content (questions, a catalog, cases), not a lab.
    #[error(
        "{} is not a lab: it has no [[step]] tables (it reads as {what}); check it with `mlops-lab check {}`",
        path.display(),
        path.display()
    )]
    NotALab {
        /// The file as given.
        path: std::path::PathBuf,
        /// What it reads as instead.
        what: &'static str,
    },
    /// The lab has errors; every one is listed.
    #[error("the lab has {} error(s)", .0.len())]
    Invalid(Vec<super::Diagnostic>),
}

/// Finds and checks a lab: `target` is the path of a lab file, or the id of a shipped lab or of
/// a lab in one of the `extra` packs.
pub fn find_lab(target: &str, extra: &[std::path::PathBuf]) -> Result<Lab, LabError> {
    use super::source::FileKind;
    let path = std::path::Path::new(target);
    // Anything that looks like a path is read as one, so a typo says the file is missing.
    let looks_like_path = path.is_file()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || target.contains('/');
    let (files, ctx) = if looks_like_path {
        let text = crate::reading::read_content(path).map_err(super::files::ContentError::from)?;
        // `check` and `run` classify a file the same way: by name, folder and tables.
        let file = SourceFile::new(path, text);
        let what = match file.kind {
            FileKind::Lab => None,
            FileKind::Incidents => Some("an incident timeline"),
            FileKind::Exams => Some("an exam catalog"),
            FileKind::Cases => Some("case studies"),
            FileKind::Questions => Some("a question file"),
        };
        if let Some(what) = what {
            return Err(LabError::NotALab {
                path: path.to_path_buf(),
                what,
            });
        }
        (vec![file], super::shipped_context())
    } else {
        let mut files = super::files::shipped_files();
        for pack in extra {
            files.extend(super::files::read_path(pack)?);
        }
        let mut quiet = Diagnostics::default();
        let labs: Vec<SourceFile> = files
            .iter()
            .filter(|f| f.kind == FileKind::Lab)
            .filter(|f| lab_id(f, &mut quiet).as_deref() == Some(target))
            .cloned()
            .collect();
        if labs.is_empty() {
            let mut known: Vec<String> = files
                .iter()
                .filter(|f| f.kind == FileKind::Lab)
                .filter_map(|f| lab_id(f, &mut quiet))
                .collect();
            known.sort();
            return Err(LabError::Unknown {
                id: target.to_string(),
                known: known.join(", "),
            });
        }
        // Every lab's id is known, so the questions linked to a lab (`lab = "..."`) stay in the
        // bank the lab's checkpoint questions are looked up in.
        let known_labs = files
            .iter()
            .filter(|f| f.kind == FileKind::Lab)
            .filter_map(|f| lab_id(f, &mut quiet))
            .collect();
        let others: Vec<SourceFile> = files
            .into_iter()
            .filter(|f| f.kind != FileKind::Lab)
            .collect();
        let bank_ctx = super::Context {
            known_labs,
            ..super::Context::default()
        };
        let (bank, _) = super::validate(&others, &bank_ctx);
        let mut ctx = super::shipped_context();
        ctx.catalog = Some(bank.catalog().clone());
        ctx.known_questions = bank.questions().iter().map(|q| q.id.clone()).collect();
        (labs, ctx)
    };
    let (_, diags) = super::validate(&files, &ctx);
    let errors: Vec<_> = diags
        .into_iter()
        .filter(super::Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(LabError::Invalid(errors));
    }
    let catalog = ctx.catalog.clone().unwrap_or_default();
    let mut out = Diagnostics::default();
    check_lab(&files[0], &catalog, &ctx.known_questions, &mut out)
        .ok_or_else(|| LabError::Invalid(Vec::new()))
}

/// Why an incident timeline could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    /// The file could not be read.
    #[error("{0}")]
    Read(#[from] super::files::ContentError),
    /// The file holds other content.
    #[error("{} is not an incident timeline: it has no [[incident]] tables (see docs/classroom.md)", .0.display())]
    NotATimeline(std::path::PathBuf),
    /// The timeline has errors; every one is listed.
    #[error("the incident timeline has {} error(s):\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<super::Diagnostic>),
}

/// Reads and checks an instructor's incident timeline file.
pub fn load_timeline(path: &std::path::Path) -> Result<timeline::Timeline, TimelineError> {
    let text = crate::reading::read_content(path).map_err(super::files::ContentError::from)?;
    let file = SourceFile::new(path, text);
    if file.kind != super::source::FileKind::Incidents {
        return Err(TimelineError::NotATimeline(path.to_path_buf()));
    }
    let (_, diags) = super::validate(std::slice::from_ref(&file), &super::shipped_context());
    let errors: Vec<_> = diags
        .into_iter()
        .filter(super::Diagnostic::is_error)
        .collect();
    match timeline::parse_timeline(&file.text).0 {
        Some(t) if errors.is_empty() => Ok(t),
        _ => Err(TimelineError::Invalid(errors)),
    }
}

/// The timeline at `path` and its schedule for `student`, or one message naming the file.
pub fn load_schedule(
    path: &std::path::Path,
    student: Option<&str>,
) -> Result<(timeline::Timeline, Vec<crate::world::timeline::Scheduled>), String> {
    let t = load_timeline(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let schedule = t.resolve(&path.display().to_string(), student);
    Ok((t, schedule))
}
