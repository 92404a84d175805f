//! Checks `[[question]]` entries and builds the checked [`Question`]s.

use std::collections::{BTreeSet, HashMap};

use super::catalog::{check_text, resolve_tags};
use super::model::{Catalog, Choice, Pair, Question, QuestionKind, SourceRef, Step, Topic};
use super::parse::{Diagnostics, Item};
use super::raw::{RawOption, RawQuestion, Text};
use super::source::SourceFile;
use super::text::{Lines, QUALIFIERS, is_catch_all, is_https_url, qualifiers};

/// Fewest and most steps or pairs an order or match item may have.
const ORDER_SIZE: std::ops::RangeInclusive<usize> = 3..=6;

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
    let topics = check_topics(file, item, out);
    if raw.exams.get_ref().is_empty() {
        out.error(
            file,
            item.at(&raw.exams),
            "`exams` is empty: tag at least one exam domain or task",
        );
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
    (out.error_count() == before).then_some(Question {
        id,
        kind,
        difficulty: difficulty.clamp(1, 3) as u8,
        topics,
        exams,
        lab,
        case,
        scenario,
        prompt,
        explanation,
        references,
        source,
    })
}

fn one(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    field: &str,
    v: &Text,
    out: &mut Diagnostics,
) -> String {
    check_text(file, item.at(v), field, v.get_ref(), Lines::One, out);
    v.get_ref().clone()
}

fn many(
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
        topic.parse::<Topic>().is_ok() && n.len() == 3 && n.chars().all(|c| c.is_ascii_digit())
    });
    if !well_formed {
        out.error(
            file,
            at,
            format!("question id `{id}` must be <topic>-NNN with a known topic, e.g. `drift-007`"),
        );
    }
    let here = format!("{}:{}", file.path.display(), file.position(item.header).0);
    if let Some(first) = ctx.seen.get(id) {
        out.error(
            file,
            at,
            format!("duplicate question id `{id}` (first defined at {first})"),
        );
    } else {
        ctx.seen.insert(id.clone(), here);
    }
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
    let list = &item.value.references;
    if list.get_ref().is_empty() {
        out.error(
            file,
            item.at(list),
            "`references` is empty: cite at least one official https URL",
        );
    }
    for r in list.get_ref() {
        if !is_https_url(r.get_ref()) {
            out.error(
                file,
                item.at(r),
                format!("reference `{}` is not an https URL", r.get_ref()),
            );
        }
    }
    list.get_ref().iter().map(|r| r.get_ref().clone()).collect()
}

fn check_kind(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    out: &mut Diagnostics,
) -> Option<QuestionKind> {
    let raw = &item.value;
    let kind = raw.kind.get_ref().as_str();
    if let (Some(choose), false) = (&raw.choose, kind == "multi") {
        out.error(
            file,
            item.at(choose),
            "`choose` is only for multi questions",
        );
    }
    if !raw.pair.is_empty() && kind != "match" {
        out.error(
            file,
            item.at(&raw.pair[0]),
            "[[question.pair]] is only for match questions",
        );
    }
    match kind {
        "single" => {
            let options = check_choices(file, item, out);
            let correct = options.iter().filter(|c| c.correct).count();
            if correct != 1 && !options.is_empty() {
                out.error(
                    file,
                    item.at(&raw.kind),
                    format!("a single question needs exactly 1 correct option, found {correct}"),
                );
            }
            Some(QuestionKind::Single { options })
        }
        "multi" => {
            let options = check_choices(file, item, out);
            let correct = options.iter().filter(|c| c.correct).count();
            let Some(choose_raw) = &raw.choose else {
                out.error(
                    file,
                    item.at(&raw.kind),
                    "a multi question needs `choose` (how many options to pick)",
                );
                return None;
            };
            let choose = *choose_raw.get_ref();
            if choose < 2 || choose as usize >= options.len() {
                out.error(
                    file,
                    item.at(choose_raw),
                    format!("choose must be at least 2 and less than the number of options ({}), found {choose}", options.len()),
                );
            } else if correct != choose as usize {
                out.error(
                    file,
                    item.at(&raw.kind),
                    format!(
                        "choose = {choose} but {correct} {} marked correct",
                        if correct == 1 {
                            "option is"
                        } else {
                            "options are"
                        }
                    ),
                );
            }
            Some(QuestionKind::Multi {
                choose: choose.max(0) as usize,
                options,
            })
        }
        "order" => {
            let steps = check_steps(file, item, out);
            Some(QuestionKind::Order { steps })
        }
        "match" => {
            let pairs = check_pairs(file, item, out);
            Some(QuestionKind::Match { pairs })
        }
        other => {
            out.error(
                file,
                item.at(&raw.kind),
                format!("unknown question type `{other}`, expected single, multi, order or match"),
            );
            None
        }
    }
}

/// Checks the text and `why` shared by choices and steps; reports repeats and catch-alls.
fn check_option_text(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    n: usize,
    opt: &toml::Spanned<RawOption>,
    earlier: &[String],
    out: &mut Diagnostics,
) -> (String, String) {
    let o = opt.get_ref();
    let header = item.at(opt);
    let text = one(file, item, &format!("option {n} `text`"), &o.text, out);
    if is_catch_all(&text) {
        out.error(
            file,
            item.at(&o.text),
            format!("option {n} is a catch-all (\"all/none of the above\"); write a real option"),
        );
    }
    if let Some(first) = earlier.iter().position(|e| e.trim() == text.trim()) {
        out.error(
            file,
            item.at(&o.text),
            format!("option {n} repeats option {}", first + 1),
        );
    }
    let why = if let Some(w) = &o.why {
        many(file, item, &format!("option {n} `why`"), w, out)
    } else {
        out.error(
            file,
            header,
            format!("option {n} has no `why`: say why it is right or wrong"),
        );
        String::new()
    };
    (text, why)
}

fn check_choices(
    file: &SourceFile,
    item: &Item<RawQuestion>,
    out: &mut Diagnostics,
) -> Vec<Choice> {
    let raw = &item.value;
    if raw.option.len() < 2 {
        out.error(
            file,
            item.header,
            format!(
                "a {} question needs at least 2 [[question.option]], found {}",
                raw.kind.get_ref(),
                raw.option.len()
            ),
        );
    }
    let mut texts = Vec::new();
    let mut choices = Vec::new();
    for (i, opt) in raw.option.iter().enumerate() {
        let (text, why) = check_option_text(file, item, i + 1, opt, &texts, out);
        texts.push(text.clone());
        let correct = opt.get_ref().correct.as_ref().is_some_and(|c| *c.get_ref());
        choices.push(Choice { text, correct, why });
    }
    choices
}

fn check_steps(file: &SourceFile, item: &Item<RawQuestion>, out: &mut Diagnostics) -> Vec<Step> {
    let raw = &item.value;
    if !ORDER_SIZE.contains(&raw.option.len()) {
        out.error(
            file,
            item.header,
            format!(
                "an order question needs 3 to 6 [[question.option]] steps, found {}",
                raw.option.len()
            ),
        );
    }
    let mut texts = Vec::new();
    let mut steps = Vec::new();
    for (i, opt) in raw.option.iter().enumerate() {
        if let Some(c) = &opt.get_ref().correct {
            out.error(file, item.at(c), format!("option {} of an order question takes no `correct`: list the steps in the right order", i + 1));
        }
        let (text, why) = check_option_text(file, item, i + 1, opt, &texts, out);
        texts.push(text.clone());
        steps.push(Step { text, why });
    }
    steps
}

fn check_pairs(file: &SourceFile, item: &Item<RawQuestion>, out: &mut Diagnostics) -> Vec<Pair> {
    let raw = &item.value;
    if let Some(first) = raw.option.first() {
        out.error(
            file,
            item.at(first),
            "a match question uses [[question.pair]], not [[question.option]]",
        );
    }
    if !ORDER_SIZE.contains(&raw.pair.len()) {
        out.error(
            file,
            item.header,
            format!(
                "a match question needs 3 to 6 [[question.pair]], found {}",
                raw.pair.len()
            ),
        );
    }
    let mut pairs: Vec<Pair> = Vec::new();
    for (i, p) in raw.pair.iter().enumerate() {
        let p = p.get_ref();
        let n = i + 1;
        let left = one(file, item, &format!("pair {n} `left`"), &p.left, out);
        let right = one(file, item, &format!("pair {n} `right`"), &p.right, out);
        if pairs.iter().any(|q| q.left == left) {
            out.error(
                file,
                item.at(&p.left),
                format!("pair {n} repeats the left side `{left}`"),
            );
        }
        if pairs.iter().any(|q| q.right == right) {
            out.error(
                file,
                item.at(&p.right),
                format!("pair {n} repeats the right side `{right}`"),
            );
        }
        pairs.push(Pair { left, right });
    }
    pairs
}
