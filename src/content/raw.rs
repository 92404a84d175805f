//! Raw TOML structs: exactly the file format, every value with its byte span.
//!
//! `deny_unknown_fields` makes a misspelt key an error instead of a silently ignored line.
//! Values the validator range-checks (difficulty, choose, weights) are read as `i64` so a
//! negative or huge number gets our message rather than serde's.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

/// A string value with its span.
pub type Text = Spanned<String>;

/// A list of strings, the list and each entry with its span.
pub type TextList = Spanned<Vec<Text>>;

/// One `[[exam]]` table of `exams.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExam {
    pub id: Text,
    pub vendor: Text,
    pub title: Text,
    pub guide: Text,
    pub status: Text,
    pub retired_on: Option<Text>,
    pub successor: Option<Text>,
    pub questions: Spanned<i64>,
    pub minutes: Spanned<i64>,
    pub pass_percent: Spanned<i64>,
    #[serde(alias = "score_note")]
    pub note: Option<Text>,
    pub item_types: Option<TextList>,
    pub tools: Option<TextList>,
    #[serde(default)]
    pub domain: Vec<Spanned<RawDomain>>,
}

/// One `[[exam.domain]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: Text,
    pub title: Text,
    pub weight: Spanned<i64>,
    pub in_scope: Option<Spanned<bool>>,
    #[serde(default)]
    pub task: Vec<Spanned<RawTask>>,
}

/// One `[[exam.domain.task]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    pub id: Text,
    pub title: Text,
}

/// One `[[case]]` table of `cases.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub id: Text,
    pub title: Text,
    pub scenario: Text,
    pub exams: Option<TextList>,
}

/// One `[[question]]` table of a question file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    pub difficulty: Spanned<i64>,
    pub guide: Option<Text>,
    pub topics: TextList,
    pub exams: TextList,
    pub drill_only: Option<Spanned<bool>>,
    pub lab: Option<Text>,
    pub case: Option<Text>,
    pub scenario: Option<Text>,
    pub prompt: Text,
    pub choose: Option<Spanned<i64>>,
    pub explanation: Text,
    pub references: Option<TextList>,
    #[serde(default)]
    pub option: Vec<Spanned<RawOption>>,
    #[serde(default)]
    pub pair: Vec<Spanned<RawPair>>,
}

/// One `[[question.option]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub text: Text,
    pub correct: Option<Spanned<bool>>,
    pub why: Option<Text>,
}

/// One `[[question.pair]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPair {
    pub left: Text,
    pub right: Text,
}

/// A whole content file whose items are `[[KEY]]` tables: the fast path reads it in one go.
pub trait ItemFile: DeserializeOwned {
    /// The item table.
    type Item: DeserializeOwned;
    /// The item key: `question`, `case` or `exam`.
    const KEY: &'static str;
    /// The file's `format_version` and items.
    fn split(self) -> (Option<Spanned<i64>>, Vec<Spanned<Self::Item>>);
}

macro_rules! item_file {
    ($name:ident, $key:ident, $item:ty) => {
        /// A whole file of these items.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub format_version: Option<Spanned<i64>>,
            #[serde(default)]
            pub $key: Vec<Spanned<$item>>,
        }

        impl ItemFile for $name {
            type Item = $item;
            const KEY: &'static str = stringify!($key);
            fn split(self) -> (Option<Spanned<i64>>, Vec<Spanned<$item>>) {
                (self.format_version, self.$key)
            }
        }
    };
}

item_file!(ExamFile, exam, RawExam);
item_file!(CaseFile, case, RawCase);
item_file!(QuestionFile, question, RawQuestion);
