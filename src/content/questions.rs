//! Checks `[[question]]` entries and builds the checked [`Question`]s.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::catalog::{check_text, resolve_tags};
use super::model::{Catalog, Question, SourceRef, Topic};
use super::parse::{Diagnostics, Item};
use super::raw::{RawQuestion, Text};
use super::source::SourceFile;
use super::text::{Lines, QUALIFIERS, is_https_url, qualifiers};

mod kinds;

use kinds::check_kind;

/// What questions may refer to, and the ids already taken.
#[derive(Debug)]
pub struct QuestionContext<'a> {
    /// Exams, domains and tasks for the tags.
    pub catalog: &'a Catalog,
    /// Case study ids.
    pub cases: &'a BTreeSet<String>,
    /// Lab ids.
    pub labs: &'a BTreeSet<String>,
    /// Question ids seen so far, with `path:line` of the first definition.
    pub seen: HashMap<String, String>,
    /// Ids the shipped bank already uses, with their `path:line`, when user files are checked
    /// on their own: a pack loaded beside the bank must not reuse them.
    pub shipped: &'a BTreeMap<String, String>,
}

/// Checks one question; returns it only when it has no errors.
pub fn check_question(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    ctx: &mut QuestionContext<'_>,
    out: &mut Diagnostics,
) -> Option<Question> {
    let before = out.error_count();
    let raw = &item.value;
    let id = raw.id.get_ref().clone();
    check_id(file, item, ctx, out);
    let difficulty = *raw.difficulty.get_ref();
    if !(1..=3).contains(&difficulty) {
        out.error(
            file,
            item.at(&raw.difficulty),
            format!("difficulty must be 1, 2 or 3, found {difficulty}"),
        );
    }
    let guide = check_guide(file, item, out);
    let topics = check_topics(file, item, out);
    let drill_only = raw.drill_only.as_ref().is_some_and(|d| *d.get_ref());
    match (drill_only, raw.exams.get_ref().is_empty()) {
        (false, true) => out.error(
            file,
            item.at(&raw.exams),
            "`exams` is empty: tag at least one exam domain or task (or mark recall about a tool no guide names `drill_only = true`)",
        ),
        (true, false) => out.error(
            file,
            item.at(&raw.exams),
            "a `drill_only` question is offered in topic drills only, so it carries no exam tags: set `exams = []`",
        ),
        _ => {}
    }
    let exams = resolve_tags(file, item, raw.exams.get_ref(), ctx.catalog, out);
    let lab = raw.lab.as_ref().map(|l| {
        if !ctx.labs.contains(l.get_ref()) {
            out.error(file, item.at(l), format!("unknown lab `{}`", l.get_ref()));
        }
        l.get_ref().clone()
    });
    let case = raw.case.as_ref().map(|c| {
        if !ctx.cases.contains(c.get_ref()) {
            out.error(file, item.at(c), format!("unknown case `{}`", c.get_ref()));
        }
        c.get_ref().clone()
    });
    let scenario = match (&raw.scenario, &case) {
        (Some(s), Some(_)) if s.get_ref().trim().is_empty() => String::new(),
        (Some(s), _) => many(file, item, "`scenario`", s, out),
        (None, Some(_)) => String::new(),
        (None, None) => {
            out.error(
                file,
                item.header,
                "missing field `scenario` (only a question with a `case` may leave it out)",
            );
            String::new()
        }
    };
    let prompt = check_prompt(file, item, out);
    let explanation = many(file, item, "`explanation`", &raw.explanation, out);
    let references = check_references(file, item, out);
    let kind = check_kind(file, item, out);
    let source = SourceRef {
        path: file.path.clone(),
        line: file.position(item.header).0,
    };
    let kind = kind?;
    (out.error_count() == before && !item.recovered).then_some(Question {
        id,
        kind,
        difficulty: difficulty.clamp(1, 3) as u8,
        guide,
        topics,
        exams,
        drill_only,
        lab,
        case,
        scenario,
        prompt,
        explanation,
        references,
        source,
    })
}

pub(super) fn one(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    field: &str,
    v: &Text,
    out: &mut Diagnostics,
) -> String {
    check_text(file, item.at(v), field, v.get_ref(), Lines::One, out);
    v.get_ref().clone()
}

pub(super) fn many(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    field: &str,
    v: &Text,
    out: &mut Diagnostics,
) -> String {
    check_text(file, item.at(v), field, v.get_ref(), Lines::Many, out);
    v.get_ref().clone()
}

fn check_id(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    ctx: &mut QuestionContext<'_>,
    out: &mut Diagnostics,
) {
    let raw = &item.value.id;
    let id = raw.get_ref();
    let at = item.at(raw);
    let well_formed = id.rsplit_once('-').is_some_and(|(topic, n)| {
        // Three digits, or four once a topic's hundreds run out (labs take ranges like 1100).
        topic.parse::<Topic>().is_ok()
            && (3..=4).contains(&n.len())
            && n.chars().all(|c| c.is_ascii_digit())
    });
    if !well_formed {
        out.error(
            file,
            at,
            format!(
                "question id `{id}` must be <topic>-NNN (three or four digits) with a known topic, e.g. `drift-007`"
            ),
        );
    }
    let here = format!("{}:{}", file.path.display(), file.position(item.header).0);
    if let Some(shipped) = ctx.shipped.get(id) {
        out.error(
            file,
            at,
            format!(
                "question id `{id}` is already used by the shipped bank ({shipped}); \
                 a pack loaded beside it needs an id of its own"
            ),
        );
    } else if let Some(first) = ctx.seen.get(id) {
        out.error(
            file,
            at,
            format!("duplicate question id `{id}` (first defined at {first})"),
        );
    } else {
        ctx.seen.insert(id.clone(), here);
    }
}

/// `guide`: the `YYYY-MM` exam-guide version the question was written against; the shipped bank
/// states it on every question, so `check --stale` can list what a new guide may have outdated.
fn check_guide(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    out: &mut Diagnostics,
) -> Option<String> {
    let Some(raw) = &item.value.guide else {
        if file.shipped {
            out.error(
                file,
                item.header,
                format!(
                    "`{}`: missing `guide`: a shipped question states the exam-guide version (YYYY-MM) it was written against",
                    item.value.id.get_ref()
                ),
            );
        }
        return None;
    };
    let g = raw.get_ref();
    let b = g.as_bytes();
    let well_formed = b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
        && matches!(g[5..].parse::<u8>(), Ok(1..=12));
    if !well_formed {
        out.error(
            file,
            item.at(raw),
            format!("guide `{g}` must be a year and month, YYYY-MM (the catalog's `guide` format)"),
        );
    }
    Some(g.clone())
}

fn check_topics(file: &SourceFile, item: &Item<RawQuestion>, out: &mut Diagnostics) -> Vec<Topic> {
    let list = &item.value.topics;
    if list.get_ref().is_empty() {
        out.error(
            file,
            item.at(list),
            "`topics` is empty: file the question under at least one topic",
        );
    }
    let mut topics = Vec::new();
    for t in list.get_ref() {
        match t.get_ref().parse::<Topic>() {
            Ok(topic) if topics.contains(&topic) => {
                out.error(file, item.at(t), format!("topic `{topic}` is listed twice"));
            }
            Ok(topic) => topics.push(topic),
            Err(()) => out.error(file, item.at(t), format!("unknown topic `{}`", t.get_ref())),
        }
    }
    topics
}

fn check_prompt(file: &SourceFile, item: &Item<RawQuestion>, out: &mut Diagnostics) -> String {
    let raw = &item.value.prompt;
    let prompt = one(file, item, "`prompt`", raw, out);
    if prompt.trim().is_empty() {
        return prompt;
    }
    let at = item.at(raw);
    let found = qualifiers(&prompt);
    match found.len() {
        1 => {}
        0 => out.error(
            file,
            at,
            format!(
                "prompt has no qualifier: use exactly one of {}",
                QUALIFIERS.join(", ")
            ),
        ),
        n => out.error(
            file,
            at,
            format!(
                "prompt has {n} qualifiers ({}): use exactly one",
                found.join(", ")
            ),
        ),
    }
    if !prompt.trim_end().ends_with('?') {
        out.error(file, at, "prompt must end with a question mark");
    }
    prompt
}

fn check_references(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    out: &mut Diagnostics,
) -> Vec<String> {
    let list = item.value.references.as_ref();
    if list.is_none_or(|l| l.get_ref().is_empty()) {
        // A pack author may study without citing; the shipped bank always cites.
        let at = list.map_or(item.header, |l| item.at(l));
        let what = if list.is_some() {
            "is empty"
        } else {
            "is missing"
        };
        let message = format!(
            "`{}`: `references` {what}: cite at least one official https URL that backs the answer",
            item.value.id.get_ref()
        );
        if file.shipped {
            out.error(file, at, message);
        } else {
            out.warning(file, at, message);
        }
    }
    let entries = list.map_or(&[][..], |l| l.get_ref().as_slice());
    for r in entries {
        if !is_https_url(r.get_ref()) {
            out.error(
                file,
                item.at(r),
                format!("reference `{}` is not an https URL", r.get_ref()),
            );
        }
    }
    entries.iter().map(|r| r.get_ref().clone()).collect()
}
