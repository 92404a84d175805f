//! The validation pass over a set of files: catalog first, then cases, labs and questions,
//! then the per-file bank warnings. Returns every diagnostic and a bank of the valid items.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::balance;
use super::cases::check_cases;
use super::catalog::check_exams;
use super::diagnostic::{self, Diagnostic};
use super::labs::{check_lab, curriculum_sort, lab_id, order_at};
use super::lints::{self, Linted, Places};
use super::model::{Bank, Case, Catalog, Question};
use super::parse::{Diagnostics, each_item, parse_items};
use super::questions::{QuestionContext, check_question};
use super::raw::{CaseFile, ExamFile, QuestionFile};
use super::source::{FileKind, SourceFile};
use super::strings;

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
    /// Question ids labs may name as checkpoints, besides those of question files among the files.
    pub known_questions: BTreeSet<String>,
    /// Ids of the shipped bank with their `path:line`, which the files must not reuse (empty when
    /// the shipped files are among the files, as in a full check).
    pub shipped_questions: BTreeMap<String, String>,
    /// Whether to run the item-writing lints (`check` does; loading for study does not).
    pub lint: bool,
}

/// Validates the files together: ids are unique across all of them and tags resolve against the
/// catalog among them (or the context's). Diagnostics come sorted by path, line and column.
pub fn validate(files: &[SourceFile], ctx: &Context) -> (Bank, Vec<Diagnostic>) {
    let mut out = Diagnostics::default();
    let of = |kind: FileKind| files.iter().filter(move |f| f.kind == kind);

    let exam_files: Vec<_> = of(FileKind::Exams)
        .map(|f| (f, parse_items::<ExamFile>(f, &mut out)))
        .collect();
    let (catalog, resolvable) = if exam_files.is_empty() {
        let c = ctx.catalog.clone().unwrap_or_default();
        (c.clone(), c)
    } else {
        check_exams(&exam_files, &mut out)
    };

    let case_files: Vec<_> = of(FileKind::Cases)
        .map(|f| (f, parse_items::<CaseFile>(f, &mut out)))
        .collect();
    let (cases, case_ids) = if case_files.is_empty() {
        let c = ctx.cases.clone().unwrap_or_default();
        let ids = c.iter().map(|c| c.id.clone()).collect();
        (c, ids)
    } else {
        check_cases(&case_files, &resolvable, &mut out)
    };

    let mut labs = ctx.known_labs.clone();
    let mut lab_sources: HashMap<String, String> = HashMap::new();
    let mut lab_files = Vec::new();
    for file in of(FileKind::Lab) {
        let Some(id) = lab_id(file, &mut out) else {
            continue;
        };
        lab_files.push(file);
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
        catalog: &resolvable,
        cases: &case_ids,
        labs: &labs,
        seen: HashMap::new(),
        shipped: &ctx.shipped_questions,
    };
    let question_files: Vec<&SourceFile> = of(FileKind::Questions).collect();
    let (mut questions, places) =
        check_question_files(&question_files, &mut qctx, ctx.lint, &mut out);

    // Strings no field rule covers (lab command arguments above all) are checked here; a
    // string a field rule already reported is not reported twice.
    let mut stray: Vec<Diagnostic> = Vec::new();
    for file in files.iter().filter(|f| f.kind != FileKind::Lab) {
        stray.extend(strings::unsafe_strings(file));
    }

    for file in of(FileKind::Incidents) {
        let (_, problems) = super::labs::timeline::parse_timeline(&file.text);
        for (at, message) in problems {
            out.error(file, at, message);
        }
    }

    let mut question_ids = ctx.known_questions.clone();
    question_ids.extend(questions.iter().map(|q| q.id.clone()));
    let labs = check_lab_files(&lab_files, &resolvable, &question_ids, &mut out, &mut stray);

    // Cases from the context are not the files being checked.
    let checked_cases = (!case_files.is_empty()).then_some(cases.as_slice());
    let lint_findings = lint(ctx.lint, &catalog, &questions, &places, checked_cases);

    // Items that lean on an exam or case with errors of its own stay out of the bank; that
    // exam or case is already reported.
    questions.retain(|q| {
        q.case
            .as_ref()
            .is_none_or(|id| cases.iter().any(|c| &c.id == id))
    });
    for q in &mut questions {
        q.exams.retain(|t| catalog.exam(&t.exam).is_some());
    }
    let mut cases = cases;
    for c in &mut cases {
        c.exams.retain(|t| catalog.exam(&t.exam).is_some());
    }

    let mut diags = out.list;
    diags.extend(lint_findings);
    for d in stray {
        if !diags
            .iter()
            .any(|e| e.path == d.path && (e.line, e.col) == (d.line, d.col))
        {
            diags.push(d);
        }
    }
    diagnostic::sort(&mut diags);
    (Bank::new(catalog, questions, cases).with_labs(labs), diags)
}

/// Checks every lab file; returns the playable labs (those without problems) in curriculum
/// order. An `order` another lab already takes is an error at the second one.
fn check_lab_files(
    files: &[&SourceFile],
    catalog: &Catalog,
    question_ids: &BTreeSet<String>,
    out: &mut Diagnostics,
    stray: &mut Vec<Diagnostic>,
) -> Vec<crate::content::Lab> {
    let mut labs = Vec::new();
    let mut orders: BTreeMap<u32, String> = BTreeMap::new();
    for file in files {
        let before = out.list.len();
        let lab = check_lab(file, catalog, question_ids, out);
        if let Some(n) = lab.as_ref().and_then(|l| l.order) {
            match orders.get(&n) {
                Some(first) => out.error(
                    file,
                    order_at(file),
                    format!("lab order {n} is already taken by {first}"),
                ),
                None => {
                    orders.insert(n, file.path.display().to_string());
                }
            }
        }
        let unsafe_text = strings::unsafe_strings(file);
        // Only a lab without problems is playable.
        let clean = out.list[before..].iter().all(|d| !d.is_error()) && unsafe_text.is_empty();
        stray.extend(unsafe_text);
        if let (Some(lab), true) = (lab, clean) {
            labs.push(lab);
        }
    }
    curriculum_sort(&mut labs);
    labs
}

/// Checks every question file; returns the valid questions and, when `lint`, where each one's
/// texts sit (with whether its file is shipped), for the lints.
fn check_question_files(
    files: &[&SourceFile],
    qctx: &mut QuestionContext<'_>,
    lint: bool,
    out: &mut Diagnostics,
) -> (Vec<Question>, Vec<(Places, bool)>) {
    let mut questions: Vec<Question> = Vec::new();
    let mut places: Vec<(Places, bool)> = Vec::new();
    for file in files {
        let first = questions.len();
        // Each raw item becomes a question as soon as it is read: one raw item in memory at a
        // time, not the whole file's. Only valid items are linted.
        each_item::<QuestionFile>(file, out, |item, out| {
            if let Some(q) = check_question(file, &item, qctx, out) {
                if lint {
                    places.push((Places::of(file, &item), file.shipped));
                }
                questions.push(q);
            }
        });
        let in_file: Vec<&Question> = questions[first..].iter().collect();
        for message in balance::warnings(&in_file) {
            out.warning(file, 0, message);
        }
    }
    (questions, places)
}

/// When `on`, the item-writing lints over the valid questions (with the places recorded as they were read)
/// and over the cases of the files checked (`None` when the cases came from the context).
fn lint(
    on: bool,
    catalog: &Catalog,
    questions: &[Question],
    places: &[(Places, bool)],
    cases: Option<&[Case]>,
) -> Vec<Diagnostic> {
    if !on {
        return Vec::new();
    }
    let linted: Vec<Linted<'_>> = questions
        .iter()
        .zip(places)
        .map(|(q, (p, shipped))| Linted::new(q, p, *shipped))
        .collect();
    let mut found = lints::item_lints(&linted);
    found.extend(lints::bank_lints(&linted));
    found.extend(lints::tool_lints(&linted, catalog));
    found.extend(cases.map(lints::case_lints).unwrap_or_default());
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{ExamStatus, QuestionKind, Topic};

    const EXAMS: &str = r#"format_version = 1
[[exam]]
id = "demo-mle"
vendor = "Demo"
title = "Demo exam"
guide = "2026-01"
status = "active"
questions = 10
minutes = 30
pass_percent = 70
[[exam.domain]]
id = "1"
title = "Data"
weight = 50
[[exam.domain.task]]
id = "1.1"
title = "Validate"
[[exam.domain]]
id = "2"
title = "Ops"
weight = 50
"#;

    fn question(id: &str, extra: &str) -> String {
        format!(
            r#"
[[question]]
id = "{id}"
type = "single"
difficulty = 2
topics = ["drift"]
exams = ["demo-mle:1.1"]
{extra}
prompt = "What should the team do FIRST?"
explanation = "Measure first."
references = ["https://docs.example.com/x"]
[[question.option]]
text = "Measure"
correct = true
why = "Right."
[[question.option]]
text = "Guess"
why = "Wrong."
"#
        )
    }

    fn files(questions: &str) -> Vec<SourceFile> {
        vec![
            SourceFile::new("questions/exams.toml", EXAMS),
            SourceFile::new(
                "questions/q.toml",
                format!("format_version = 1\n{questions}"),
            ),
        ]
    }

    fn messages(diags: &[Diagnostic]) -> Vec<String> {
        diags.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_valid_file_builds_checked_questions() {
        let (bank, diags) = validate(
            &files(&question("drift-001", "scenario = \"S.\"")),
            &Context::default(),
        );
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        let q = bank.question("drift-001").unwrap();
        assert_eq!(q.topics, [Topic::Drift]);
        assert_eq!(q.exams[0].domain, "1");
        assert_eq!(q.exams[0].task.as_deref(), Some("1.1"));
        assert_eq!(q.source.line, 3);
        let QuestionKind::Single { options } = &q.kind else {
            panic!("{:?}", q.kind)
        };
        assert_eq!(options.iter().filter(|o| o.correct).count(), 1);
        assert_eq!(bank.questions_for_domain("demo-mle", "1").count(), 1);
        assert_eq!(bank.questions_for_domain("demo-mle", "2").count(), 0);
        assert_eq!(bank.questions_for_topic(Topic::Drift).count(), 1);
        assert_eq!(bank.exam("demo-mle").unwrap().status, ExamStatus::Active);
    }

    #[test]
    fn the_bank_keeps_the_valid_items_of_a_broken_file() {
        let text = [
            question("drift-001", "scenario = \"S.\""),
            question("drift-002", "scenario = \"S.\"\ndifficulty_typo = 1"),
            question("drift-003", "scenario = \"\""),
            question("drift-004", "scenario = \"S.\""),
        ]
        .concat();
        let (bank, diags) = validate(&files(&text), &Context::default());
        assert_eq!(diags.len(), 2, "{:?}", messages(&diags));
        let ids: Vec<_> = bank.questions().iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["drift-001", "drift-004"]);
    }

    #[test]
    fn a_broken_exam_or_case_is_reported_once_not_per_question() {
        let mut set = files(
            &[
                question("drift-001", "scenario = \"S.\""),
                question("drift-002", "case = \"acme\""),
            ]
            .concat(),
        );
        set[0] = SourceFile::new(
            "questions/exams.toml",
            EXAMS.replace(
                "weight = 50\n[[exam.domain.task]]",
                "weight = 40\n[[exam.domain.task]]",
            ),
        );
        let case =
            "format_version = 1\n[[case]]\nid = \"acme\"\ntitle = \"Acme\"\nscenario = \"\"\n";
        set.push(SourceFile::new("questions/cases.toml", case));
        let (bank, diags) = validate(&set, &Context::default());
        assert_eq!(
            messages(&diags),
            [
                "questions/cases.toml:5:12: error: `scenario` is empty",
                "questions/exams.toml:2:1: error: domain weights of `demo-mle` sum to 90; they must sum to 100 (± 2)",
            ]
        );
        // The exam and case stay out of the bank, and so does the question that needs the case;
        // the other question stays, without the tag of the broken exam.
        assert!(bank.exam("demo-mle").is_none() && bank.case("acme").is_none());
        let ids: Vec<_> = bank.questions().iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["drift-001"]);
        assert!(bank.questions()[0].exams.is_empty());
    }

    #[test]
    fn a_case_question_may_leave_its_scenario_out() {
        let cases = "format_version = 1\n[[case]]\nid = \"acme\"\ntitle = \"Acme\"\nscenario = \"Acme lends.\"\n";
        let mut set = files(&question("drift-001", "case = \"acme\""));
        set.push(SourceFile::new("questions/cases.toml", cases));
        let (bank, diags) = validate(&set, &Context::default());
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(bank.questions_for_case("acme").count(), 1);
        assert_eq!(bank.case("acme").unwrap().scenario, "Acme lends.");
    }

    #[test]
    fn lab_references_resolve_against_lab_files_and_the_context() {
        let q = question("drift-001", "scenario = \"S.\"\nlab = \"drift-detection\"");
        let (_, diags) = validate(&files(&q), &Context::default());
        assert_eq!(
            messages(&diags),
            ["questions/q.toml:10:7: error: unknown lab `drift-detection`"]
        );

        let mut set = files(&q);
        set.push(SourceFile::new(
            "labs/drift-detection.toml",
            "format_version = 1\nid = \"drift-detection\"\n",
        ));
        let (bank, diags) = validate(&set, &Context::default());
        // The stub lab has problems of its own (the lab module checks the full schema), but
        // its id resolves the question's reference.
        assert_eq!(
            messages(&diags),
            ["labs/drift-detection.toml:1:1: error: missing field `title`"]
        );
        assert_eq!(
            bank.question("drift-001").unwrap().lab.as_deref(),
            Some("drift-detection")
        );

        let ctx = Context {
            known_labs: ["drift-detection".to_owned()].into(),
            ..Context::default()
        };
        let (_, diags) = validate(&files(&q), &ctx);
        assert!(diags.is_empty(), "{:?}", messages(&diags));
    }

    #[test]
    fn a_question_file_alone_uses_the_context_catalog() {
        let (full, _) = validate(&files(""), &Context::default());
        let alone = vec![SourceFile::new(
            "mine.toml",
            format!(
                "format_version = 1\n{}",
                question("drift-001", "scenario = \"S.\"")
            ),
        )];
        let (_, diags) = validate(&alone, &Context::default());
        assert_eq!(
            messages(&diags),
            ["mine.toml:8:10: error: unknown exam `demo-mle` in tag `demo-mle:1.1`"]
        );
        let ctx = Context {
            catalog: Some(full.catalog().clone()),
            ..Context::default()
        };
        let (bank, diags) = validate(&alone, &ctx);
        assert!(diags.is_empty(), "{:?}", messages(&diags));
        assert_eq!(bank.questions().len(), 1);
    }

    #[test]
    fn missing_references_are_a_warning_in_a_pack_and_an_error_in_the_shipped_bank() {
        let q = question("drift-001", "scenario = \"S.\"")
            .replace("references = [\"https://docs.example.com/x\"]\n", "");
        let mut set = files(&q);
        let (bank, diags) = validate(&set, &Context::default());
        assert_eq!(
            messages(&diags),
            [
                "questions/q.toml:3:1: warning: `drift-001`: `references` is missing: cite at least one official https URL that backs the answer"
            ]
        );
        assert_eq!(bank.questions().len(), 1);
        set[1].shipped = true;
        let (bank, diags) = validate(&set, &Context::default());
        assert!(diags[0].is_error(), "{:?}", messages(&diags));
        assert!(bank.questions().is_empty());
    }

    #[test]
    fn lints_run_only_when_asked() {
        let q = question("drift-001", "scenario = \"As of 2025, S.\"");
        let (_, quiet) = validate(&files(&q), &Context::default());
        assert!(quiet.is_empty(), "{:?}", messages(&quiet));
        let ctx = Context {
            lint: true,
            ..Context::default()
        };
        let (_, linted) = validate(&files(&q), &ctx);
        assert!(
            messages(&linted)
                .iter()
                .any(|m| m.contains("dated disclaimer")),
            "{:?}",
            messages(&linted)
        );
    }

    proptest::proptest! {
        /// Whatever a pack author types, validation reports problems; it never panics, and every
        /// position points inside the file.
        #[test]
        fn mangled_files_never_panic(
            cut in 0usize..2000,
            len in 0usize..40,
            insert in "[\\[\\]\"=\n#a-z0-9., \u{e9}\u{1b}]{0,12}",
        ) {
            let base = format!(
                "format_version = 1\n{}{}",
                question("drift-001", "scenario = \"S.\""),
                question("drift-002", "case = \"acme\"\nlab = \"x\"")
            );
            let cut = cut.min(base.len());
            let end = (cut + len).min(base.len());
            let text = format!("{}{insert}{}", &base[..cut], &base[end..]);
            let lines = text.lines().count() as u32 + 1;
            let set = vec![
                SourceFile::new("questions/exams.toml", EXAMS),
                SourceFile::new("questions/q.toml", text),
            ];
            let (_, diags) = validate(&set, &Context::default());
            for d in diags {
                proptest::prop_assert!(d.line >= 1 && d.line <= lines && d.col >= 1, "{d}");
            }
        }
    }
}
