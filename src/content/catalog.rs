//! Checks `exams.toml` entries and builds the [`Catalog`]; resolves `exam:domain` and
//! `exam:task` tags against it.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::model::{Catalog, Domain, Exam, ExamStatus, ExamTag, ItemType, Task};
use super::parse::{Diagnostics, Item};
use super::raw::{RawExam, Text};
use super::source::SourceFile;
use super::text::{Lines, is_iso_date, is_kebab_id, plain_text_problem};

/// How far domain weights may stray from 100: published ranges' midpoints, rounded.
pub const WEIGHT_TOLERANCE: u32 = 2;

/// Checks every exam of every catalog file.
///
/// Returns the catalog of exams without errors, and the catalog that tags resolve against: every
/// exam that could be read, so one mistake in an exam does not also flag every question tagged
/// with it.
pub fn check_exams(
    files: &[(&SourceFile, Vec<Item<RawExam>>)],
    out: &mut Diagnostics,
) -> (Catalog, Catalog) {
    let all_ids: HashSet<&str> = files
        .iter()
        .flat_map(|(_, items)| items.iter().map(|i| i.value.id.get_ref().as_str()))
        .collect();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut exams = Vec::new();
    let mut readable = Vec::new();
    for (file, items) in files {
        for item in items {
            let before = out.error_count();
            let exam = check_exam(file, item, &all_ids, out);
            let id = item.value.id.get_ref();
            let here = format!("{}:{}", file.path.display(), file.position(item.header).0);
            if let Some(first) = seen.get(id) {
                out.error(
                    file,
                    item.at(&item.value.id),
                    format!("duplicate exam id `{id}` (first defined at {first})"),
                );
                continue;
            }
            seen.insert(id.clone(), here);
            if out.error_count() == before && !item.recovered {
                exams.push(exam.clone());
            }
            readable.push(exam);
        }
    }
    (Catalog { exams }, Catalog { exams: readable })
}

/// Field checks shared by every item kind: non-empty, plain text.
pub fn check_text(
    file: &SourceFile,
    at: usize,
    field: &str,
    value: &str,
    lines: Lines,
    out: &mut Diagnostics,
) {
    if value.trim().is_empty() {
        out.error(file, at, format!("{field} is empty"));
    } else if let Some(problem) = plain_text_problem(field, value, lines) {
        out.error(file, at, problem);
    }
}

fn text(
    file: &SourceFile,
    item: &Item<RawExam>,
    field: &str,
    v: &Text,
    out: &mut Diagnostics,
) -> String {
    check_text(
        file,
        item.at(v),
        &format!("`{field}`"),
        v.get_ref(),
        Lines::One,
        out,
    );
    v.get_ref().clone()
}

fn check_exam(
    file: &SourceFile,
    item: &Item<RawExam>,
    all_ids: &HashSet<&str>,
    out: &mut Diagnostics,
) -> Exam {
    let raw = &item.value;
    let id = text(file, item, "id", &raw.id, out);
    if !is_kebab_id(&id) {
        out.error(
            file,
            item.at(&raw.id),
            format!("exam id `{id}` must be lower-case kebab-case"),
        );
    }
    let status = check_status(file, item, out);
    let successor = raw.successor.as_ref().map(|s| {
        if !all_ids.contains(s.get_ref().as_str()) {
            out.error(
                file,
                item.at(s),
                format!("unknown successor exam `{}`", s.get_ref()),
            );
        }
        s.get_ref().clone()
    });
    let note = raw.note.as_ref().map(|n| {
        check_text(file, item.at(n), "`note`", n.get_ref(), Lines::Many, out);
        n.get_ref().clone()
    });
    let mut item_types = Vec::new();
    for t in raw.item_types.iter().flat_map(Spanned::get_ref) {
        match t.get_ref().parse::<ItemType>() {
            Ok(ty) => item_types.push(ty),
            Err(()) => out.error(
                file,
                item.at(t),
                format!(
                    "unknown item type `{}`, expected single, multi, order, match or case",
                    t.get_ref()
                ),
            ),
        }
    }
    let mut tools: Vec<String> = Vec::new();
    for t in raw.tools.iter().flat_map(Spanned::get_ref) {
        let name = t.get_ref();
        if crate::content::tools::tool(name).is_none() {
            out.error(
                file,
                item.at(t),
                format!(
                    "unknown tool `{name}` in `tools`; known tools: {}",
                    crate::content::tools::names()
                ),
            );
        } else if tools.contains(name) {
            out.error(file, item.at(t), format!("tool `{name}` is listed twice"));
        } else {
            tools.push(name.clone());
        }
    }
    Exam {
        vendor: text(file, item, "vendor", &raw.vendor, out),
        title: text(file, item, "title", &raw.title, out),
        guide: text(file, item, "guide", &raw.guide, out),
        status,
        successor,
        questions: count(file, item, "questions", &raw.questions, 1..=1000, out),
        minutes: count(file, item, "minutes", &raw.minutes, 1..=1000, out),
        pass_percent: count(file, item, "pass_percent", &raw.pass_percent, 1..=100, out),
        note,
        item_types,
        tools,
        domains: check_domains(file, item, &id, out),
        id,
    }
}

fn check_status(file: &SourceFile, item: &Item<RawExam>, out: &mut Diagnostics) -> ExamStatus {
    let raw = &item.value;
    match (raw.status.get_ref().as_str(), &raw.retired_on) {
        ("active", None) => ExamStatus::Active,
        ("active", Some(on)) => {
            out.error(file, item.at(on), "`retired_on` is only for retired exams");
            ExamStatus::Active
        }
        ("retired", None) => {
            out.error(
                file,
                item.at(&raw.status),
                "a retired exam needs `retired_on = \"YYYY-MM-DD\"`",
            );
            ExamStatus::Retired { on: String::new() }
        }
        ("retired", Some(on)) => {
            if !is_iso_date(on.get_ref()) {
                out.error(
                    file,
                    item.at(on),
                    format!(
                        "retired_on `{}` is not a date written YYYY-MM-DD",
                        on.get_ref()
                    ),
                );
            }
            ExamStatus::Retired {
                on: on.get_ref().clone(),
            }
        }
        (other, _) => {
            out.error(
                file,
                item.at(&raw.status),
                format!("unknown status `{other}`, expected active or retired"),
            );
            ExamStatus::Active
        }
    }
}

fn count(
    file: &SourceFile,
    item: &Item<RawExam>,
    field: &str,
    v: &Spanned<i64>,
    range: std::ops::RangeInclusive<i64>,
    out: &mut Diagnostics,
) -> u32 {
    let n = *v.get_ref();
    if !range.contains(&n) {
        out.error(
            file,
            item.at(v),
            format!(
                "{field} must be {} to {}, found {n}",
                range.start(),
                range.end()
            ),
        );
    }
    n.clamp(0, i64::from(u32::MAX)) as u32
}

fn check_domains(
    file: &SourceFile,
    item: &Item<RawExam>,
    exam: &str,
    out: &mut Diagnostics,
) -> Vec<Domain> {
    let raw = &item.value;
    if raw.domain.is_empty() {
        out.error(
            file,
            item.header,
            format!("exam `{exam}` has no [[exam.domain]]"),
        );
    }
    let mut ids = HashSet::new();
    let mut task_ids = HashSet::new();
    let mut total = 0_i64;
    let mut domains = Vec::new();
    for d in &raw.domain {
        let d = d.get_ref();
        let id = text(file, item, "domain id", &d.id, out);
        if !ids.insert(id.clone()) {
            out.error(
                file,
                item.at(&d.id),
                format!("duplicate domain id `{id}` in exam `{exam}`"),
            );
        }
        let weight = *d.weight.get_ref();
        if !(0..=100).contains(&weight) {
            out.error(
                file,
                item.at(&d.weight),
                format!("weight must be 0 to 100, found {weight}"),
            );
        }
        total += weight;
        let mut tasks = Vec::new();
        for t in &d.task {
            let t = t.get_ref();
            let tid = text(file, item, "task id", &t.id, out);
            if ids.contains(&tid) || !task_ids.insert(tid.clone()) {
                out.error(
                    file,
                    item.at(&t.id),
                    format!("duplicate task id `{tid}` in exam `{exam}`"),
                );
            }
            tasks.push(Task {
                title: text(file, item, "title", &t.title, out),
                id: tid,
            });
        }
        domains.push(Domain {
            title: text(file, item, "title", &d.title, out),
            weight: weight.clamp(0, 100) as u32,
            in_scope: d.in_scope.as_ref().is_none_or(|v| *v.get_ref()),
            tasks,
            id,
        });
    }
    if !domains.is_empty() && domains.iter().all(|d| !d.in_scope) {
        out.error(
            file,
            item.header,
            format!("every domain of `{exam}` is `in_scope = false`; keep at least one in scope"),
        );
    }
    let tolerance = i64::from(WEIGHT_TOLERANCE);
    if !raw.domain.is_empty() && (total - 100).abs() > tolerance {
        out.error(
            file,
            item.header,
            format!(
                "domain weights of `{exam}` sum to {total}; they must sum to 100 (± {tolerance})"
            ),
        );
    }
    domains
}

/// Resolves a tag written `exam:domain` or `exam:task`; the error is a one-line message.
pub fn resolve_tag(catalog: &Catalog, tag: &str) -> Result<ExamTag, String> {
    let Some((exam_id, part)) = tag.split_once(':') else {
        return Err(format!(
            "exam tag `{tag}` must be written exam:domain or exam:task"
        ));
    };
    let Some(exam) = catalog.exam(exam_id) else {
        return Err(format!("unknown exam `{exam_id}` in tag `{tag}`"));
    };
    if let Some(domain) = exam.domain(part) {
        return Ok(ExamTag {
            exam: exam.id.clone(),
            domain: domain.id.clone(),
            task: None,
        });
    }
    match exam.domain_of_task(part) {
        Some(domain) => Ok(ExamTag {
            exam: exam.id.clone(),
            domain: domain.id.clone(),
            task: Some(part.to_owned()),
        }),
        None => Err(format!(
            "exam `{exam_id}` has no domain or task `{part}` (tag `{tag}`)"
        )),
    }
}

fn in_scope(catalog: &Catalog, tag: &ExamTag) -> bool {
    catalog
        .exam(&tag.exam)
        .and_then(|e| e.domain(&tag.domain))
        .is_none_or(|d| d.in_scope)
}

/// Resolves a list of tags, reporting each bad one at its position and any repeat.
pub fn resolve_tags<T>(
    file: &SourceFile,
    item: &Item<T>,
    tags: &[Text],
    catalog: &Catalog,
    out: &mut Diagnostics,
) -> Vec<ExamTag> {
    let mut resolved: Vec<ExamTag> = Vec::new();
    for t in tags {
        match resolve_tag(catalog, t.get_ref()) {
            Ok(tag) if resolved.contains(&tag) => {
                out.error(
                    file,
                    item.at(t),
                    format!("exam tag `{}` is listed twice", t.get_ref()),
                );
            }
            Ok(tag) if !in_scope(catalog, &tag) => {
                out.error(
                    file,
                    item.at(t),
                    format!(
                        "exam tag `{}` names domain {} of `{}`, which is outside this product (`in_scope = false` in the catalog); tag an in-scope domain",
                        t.get_ref(),
                        tag.domain,
                        tag.exam
                    ),
                );
            }
            Ok(tag) => resolved.push(tag),
            Err(message) => out.error(file, item.at(t), message),
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog {
            exams: vec![Exam {
                id: "gcp-pmle".into(),
                vendor: "Google Cloud".into(),
                title: "PMLE".into(),
                guide: "2026-06".into(),
                status: ExamStatus::Active,
                successor: None,
                questions: 60,
                minutes: 120,
                pass_percent: 70,
                note: None,
                item_types: vec![ItemType::Single],
                tools: Vec::new(),
                domains: vec![Domain {
                    id: "6".into(),
                    title: "Monitoring".into(),
                    weight: 100,
                    in_scope: true,
                    tasks: vec![Task {
                        id: "6.2".into(),
                        title: "Monitor".into(),
                    }],
                }],
            }],
        }
    }

    #[test]
    fn a_task_tag_implies_its_domain() {
        let c = catalog();
        let tag = resolve_tag(&c, "gcp-pmle:6.2").unwrap();
        assert_eq!(tag.domain, "6");
        assert_eq!(tag.task.as_deref(), Some("6.2"));
        assert_eq!(tag.to_string(), "gcp-pmle:6.2");
        let tag = resolve_tag(&c, "gcp-pmle:6").unwrap();
        assert_eq!((tag.domain.as_str(), tag.task), ("6", None));
    }

    #[test]
    fn bad_tags_say_what_is_wrong() {
        let c = catalog();
        assert_eq!(
            resolve_tag(&c, "gcp-pmle").unwrap_err(),
            "exam tag `gcp-pmle` must be written exam:domain or exam:task"
        );
        assert_eq!(
            resolve_tag(&c, "aws:1").unwrap_err(),
            "unknown exam `aws` in tag `aws:1`"
        );
        assert_eq!(
            resolve_tag(&c, "gcp-pmle:7.1").unwrap_err(),
            "exam `gcp-pmle` has no domain or task `7.1` (tag `gcp-pmle:7.1`)"
        );
    }
}
