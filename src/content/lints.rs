//! Item-writing lints: the tells a test-wise candidate exploits, found by machine.
//!
//! Per item (single and multi questions; dated disclaimers in every stem): absolute words only
//! in distractors, an option giving its own reason, options sharing too few words, a dated
//! disclaimer, the key repeating a rare phrase of the stem. Across the shipped bank: absolute
//! words and reasons in distractors against keys. Every finding is a warning; `check --strict`
//! makes it an error. docs/content-quality.md defines each measure.

mod bank;
mod item;
mod tools;
pub(crate) mod words;

use std::path::Path;

pub use bank::bank_lints;
pub use item::{case_lints, item_lints};
pub use tools::tool_lints;

use super::Diagnostic;
use super::model::{Choice, Question, QuestionKind};
use super::parse::Item;
use super::raw::RawQuestion;
use super::source::SourceFile;

/// Where a valid question's texts sit in its file, recorded while it is read (the raw item's
/// spans are gone once it becomes a [`Question`]).
#[derive(Debug, Clone)]
pub struct Places {
    /// The scenario (when the question has its own), then the prompt.
    stem: Vec<(u32, u32)>,
    /// Each option's text, in order.
    options: Vec<(u32, u32)>,
}

impl Places {
    /// The places of a raw item's scenario, prompt and option texts.
    pub fn of(file: &SourceFile, item: &Item<RawQuestion>) -> Places {
        let raw = &item.value;
        let at = |v: &toml::Spanned<String>| file.position(item.at(v));
        let mut stem: Vec<(u32, u32)> = raw.scenario.iter().map(at).collect();
        stem.push(at(&raw.prompt));
        let options = raw.option.iter().map(|o| at(&o.get_ref().text)).collect();
        Places { stem, options }
    }
}

/// A question field's text and where it starts.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The text.
    pub text: &'a str,
    /// 1-based line and column of its value in the file.
    pub at: (u32, u32),
}

/// One option of a single or multi question, with its place.
#[derive(Debug, Clone, Copy)]
pub struct Opt<'a> {
    /// The option's text and place.
    pub field: Field<'a>,
    /// Whether it is (part of) the key.
    pub correct: bool,
}

/// What the lints read of one valid question.
#[derive(Debug, Clone)]
pub struct Linted<'a> {
    /// Question id.
    pub id: &'a str,
    /// The file it came from.
    pub path: &'a Path,
    /// Whether the file is part of the shipped bank.
    pub shipped: bool,
    /// The scenario (when the question has its own) and the prompt.
    pub stem: Vec<Field<'a>>,
    /// Options of a single or multi question; empty for order and match.
    pub options: Vec<Opt<'a>>,
    /// The exams it is tagged to, each once, in tag order.
    pub exams: Vec<&'a str>,
}

impl<'a> Linted<'a> {
    /// A question with the places recorded when it was read.
    pub fn new(question: &'a Question, places: &Places, shipped: bool) -> Linted<'a> {
        let mut texts: Vec<&'a str> = Vec::new();
        if places.stem.len() == 2 {
            texts.push(&question.scenario);
        }
        texts.push(&question.prompt);
        let stem = texts
            .into_iter()
            .zip(&places.stem)
            .map(|(text, &at)| Field { text, at })
            .collect();
        let choices: &'a [Choice] = match &question.kind {
            QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => options,
            _ => &[],
        };
        let options = choices
            .iter()
            .zip(&places.options)
            .map(|(c, &at)| Opt {
                field: Field { text: &c.text, at },
                correct: c.correct,
            })
            .collect();
        let mut exams: Vec<&'a str> = Vec::new();
        for tag in &question.exams {
            if !exams.contains(&tag.exam.as_str()) {
                exams.push(&tag.exam);
            }
        }
        Linted {
            id: &question.id,
            path: &question.source.path,
            shipped,
            stem,
            options,
            exams,
        }
    }

    fn warning(&self, at: (u32, u32), message: String) -> Diagnostic {
        Diagnostic::warning(self.path, at, message)
    }

    fn keys(&self) -> impl Iterator<Item = &Opt<'a>> {
        self.options.iter().filter(|o| o.correct)
    }

    fn distractors(&self) -> impl Iterator<Item = &Opt<'a>> {
        self.options.iter().filter(|o| !o.correct)
    }
}
