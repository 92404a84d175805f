//! Checks the answer part of a question: options, steps or pairs, by question type.

use toml::Spanned;

use super::{many, one};
use crate::content::model::{Choice, Pair, QuestionKind, Step};
use crate::content::parse::{Diagnostics, Item};
use crate::content::raw::{RawOption, RawQuestion};
use crate::content::source::SourceFile;
use crate::content::text::is_catch_all;

/// Fewest and most steps or pairs an order or match item may have.
const ORDER_SIZE: std::ops::RangeInclusive<usize> = 3..=6;

pub(super) fn check_kind(
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
    opt: &Spanned<RawOption>,
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
