//! Reads and validates one lab file. Every problem is collected (not only the first) with the
//! byte offset it concerns: unknown command or check, missing or mistyped argument, unknown
//! scenario, bad seed, unknown exam tag or topic, unknown checkpoint question, empty text,
//! a step without hints, text that is not plain.
//!
//! `format_version`, the id and TOML syntax are the content layer's (it reads them for every
//! file kind), so they are not reported twice here.

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use super::model::{Lab, LabStep};
use crate::content::text::{Lines, plain_text_problem};
use crate::content::{Catalog, Topic, resolve_tag};
use crate::data::scenario::Scenario;
use crate::world::vocabulary::node::from_toml;
use crate::world::vocabulary::registry::{Tagged, registry};
use crate::world::vocabulary::typing::build;
use crate::world::{Check, Command};

/// A problem at a byte offset of the lab file.
pub type Problem = (usize, String);

type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLab {
    #[allow(dead_code)] // checked by the content layer
    format_version: toml::Value,
    id: Text,
    title: Text,
    summary: Text,
    minutes: Spanned<i64>,
    topics: Vec<Text>,
    exams: Vec<Text>,
    world: Spanned<RawWorld>,
    step: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorld {
    scenario: Text,
    seed: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: Text,
    text: Text,
    hints: Spanned<Vec<Text>>,
    #[serde(default)]
    commands: Vec<Spanned<toml::Value>>,
    check: Spanned<toml::Value>,
    #[serde(default)]
    questions: Vec<Text>,
}

/// What a lab may refer to beyond itself.
#[derive(Debug, Clone, Copy)]
pub struct Refs<'a> {
    /// Exam tags resolve here.
    pub catalog: &'a Catalog,
    /// Checkpoint question ids.
    pub questions: &'a BTreeSet<String>,
}

/// Parses a lab; the lab comes back only when there is no problem.
pub fn parse_lab(text: &str, refs: Refs<'_>) -> (Option<Lab>, Vec<Problem>) {
    let raw: RawLab = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            return (None, vec![(at, message)]);
        }
    };
    let mut p: Vec<Problem> = Vec::new();
    plain(&raw.title, "title", Lines::One, &mut p);
    plain(&raw.summary, "summary", Lines::Many, &mut p);
    let minutes = *raw.minutes.get_ref();
    if !(1..=240).contains(&minutes) {
        p.push((
            raw.minutes.span().start,
            format!("minutes must be between 1 and 240, got {minutes}"),
        ));
    }
    let mut topics = Vec::new();
    for t in &raw.topics {
        match t.get_ref().parse::<Topic>() {
            Ok(topic) => topics.push(topic),
            Err(()) => p.push((t.span().start, format!("unknown topic `{}`", t.get_ref()))),
        }
    }
    for t in &raw.exams {
        if let Err(m) = resolve_tag(refs.catalog, t.get_ref()) {
            p.push((t.span().start, m));
        }
    }
    let world = raw.world.get_ref();
    let scenario = Scenario::ALL
        .into_iter()
        .find(|s| s.name() == world.scenario.get_ref());
    if scenario.is_none() {
        let known: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
        p.push((
            world.scenario.span().start,
            format!(
                "unknown scenario `{}` (known: {})",
                world.scenario.get_ref(),
                known.join(", ")
            ),
        ));
    }
    let seed = u64::try_from(*world.seed.get_ref());
    if seed.is_err() {
        p.push((
            world.seed.span().start,
            format!(
                "seed must be a non-negative integer, got {}",
                world.seed.get_ref()
            ),
        ));
    }
    if raw.step.is_empty() {
        p.push((0, "a lab needs at least one [[step]]".into()));
    }
    let steps: Vec<LabStep> = raw
        .step
        .iter()
        .enumerate()
        .filter_map(|(i, s)| parse_step(text, i + 1, s.get_ref(), refs, &mut p))
        .collect();
    if !p.is_empty() {
        return (None, p);
    }
    let (Some(scenario), Ok(seed)) = (scenario, seed) else {
        return (None, p);
    };
    let lab = Lab {
        id: raw.id.get_ref().clone(),
        title: raw.title.into_inner(),
        summary: raw.summary.into_inner(),
        minutes: u32::try_from(minutes).unwrap_or(0),
        topics,
        exams: raw.exams.into_iter().map(Spanned::into_inner).collect(),
        scenario,
        seed,
        steps,
    };
    (Some(lab), p)
}

/// An empty or non-plain text field.
fn plain(t: &Text, field: &str, lines: Lines, p: &mut Vec<Problem>) {
    if t.get_ref().trim().is_empty() {
        p.push((t.span().start, format!("{field} must not be empty")));
    } else if let Some(m) = plain_text_problem(field, t.get_ref(), lines) {
        p.push((t.span().start, m));
    }
}

/// One `[[step]]`; `None` when its check does not parse (the problem is recorded).
fn parse_step(
    text: &str,
    n: usize,
    s: &RawStep,
    refs: Refs<'_>,
    p: &mut Vec<Problem>,
) -> Option<LabStep> {
    plain(&s.title, &format!("step {n}: title"), Lines::One, p);
    plain(&s.text, &format!("step {n}: text"), Lines::Many, p);
    if s.hints.get_ref().is_empty() {
        p.push((
            s.hints.span().start,
            format!("step {n}: give at least one hint (a nudge first, the answer last)"),
        ));
    }
    for h in s.hints.get_ref() {
        plain(h, &format!("step {n}: hint"), Lines::Many, p);
    }
    let mut commands = Vec::new();
    for c in &s.commands {
        let r = c.span();
        match word::<Command>(text, r.start, r.end, &registry().commands, "command") {
            Ok(c) => commands.push(c),
            Err(e) => p.push(e),
        }
    }
    for q in &s.questions {
        if !refs.questions.contains(q.get_ref()) {
            p.push((
                q.span().start,
                format!("step {n}: unknown checkpoint question `{}`", q.get_ref()),
            ));
        }
    }
    let r = s.check.span();
    let check = word::<Check>(text, r.start, r.end, &registry().checks, "check")
        .map_err(|e| p.push(e))
        .ok()?;
    Some(LabStep {
        title: s.title.get_ref().clone(),
        text: s.text.get_ref().clone(),
        hints: s
            .hints
            .get_ref()
            .iter()
            .map(|h| h.get_ref().clone())
            .collect(),
        commands,
        check,
        questions: s.questions.iter().map(|q| q.get_ref().clone()).collect(),
    })
}

/// One command or check, the inline table at `start..end` of the lab file, typed by the
/// registry with every problem at its own place.
fn word<T: serde::de::DeserializeOwned>(
    text: &str,
    start: usize,
    end: usize,
    words: &Tagged,
    what: &str,
) -> Result<T, Problem> {
    const PREFIX: &str = "x = ";
    let wrapped = format!("{PREFIX}{}", &text[start..end]);
    let doc = toml_edit::ImDocument::parse(wrapped.as_str())
        .map_err(|_| (start, format!("a {what} must be an inline table")))?;
    let value = doc
        .get("x")
        .and_then(toml_edit::Item::as_value)
        .ok_or_else(|| (start, format!("a {what} must be an inline table")))?;
    let node = from_toml(value, start, PREFIX.len());
    build(&node, words, what).map_err(|p| (p.span.start, p.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(src: &str) -> Result<Command, Problem> {
        word::<Command>(src, 0, src.len(), &registry().commands, "command")
    }

    fn check(src: &str) -> Result<Check, Problem> {
        word::<Check>(src, 0, src.len(), &registry().checks, "check")
    }

    #[test]
    fn problems_name_the_word_the_argument_and_the_type() {
        assert_eq!(
            command(r#"{ do = "trian" }"#).unwrap_err(),
            (7, "unknown command `trian` (did you mean `train`?)".into())
        );
        assert_eq!(
            command(r#"{ do = "generate" }"#).unwrap_err().1,
            "command `generate`: missing argument `rows` (expected an integer)"
        );
        assert_eq!(
            command(r#"{ do = "generate", rows = "many" }"#).unwrap_err(),
            (
                26,
                r#"command `generate`: argument `rows` must be an integer, found string "many""#
                    .into()
            )
        );
        assert_eq!(
            command(r#"{ do = "validate", strict = true }"#).unwrap_err(),
            (19, "command `validate` has no argument `strict`".into())
        );
        assert_eq!(
            command(r#"{ do = "set_retries" }"#).unwrap_err().1,
            "command `set_retries`: missing argument `retries` (expected an integer)"
        );
        assert!(command(r#"{ do = "validate" }"#).is_ok());
    }

    /// Alert kinds and anomaly names are the World's own vocabulary: a typo is a located
    /// problem at `check` time, not a check that can never pass in play.
    #[test]
    fn names_a_check_refers_to_are_typed() {
        let src = r#"{ kind = "alert_raised", alert = "featur_drift" }"#;
        let (at, message) = check(src).unwrap_err();
        assert_eq!(&src[at..at + 14], r#""featur_drift""#, "{message}");
        assert!(
            message.starts_with("check `alert_raised`: argument `alert`")
                && message.contains("feature_drift"),
            "{message}"
        );
        let src = r#"{ kind = "anomaly_found", anomaly = "SCHEMA_NEW_COLUM" }"#;
        let (at, message) = check(src).unwrap_err();
        assert_eq!(&src[at..at + 18], r#""SCHEMA_NEW_COLUM""#, "{message}");
        assert!(message.contains("SCHEMA_NEW_COLUMN"), "{message}");
        assert!(check(r#"{ kind = "alert_raised", alert = "estimated_performance" }"#).is_ok());
        assert!(check(r#"{ kind = "anomaly_found", anomaly = "FLOAT_TYPE_BIG_FLOAT" }"#).is_ok());
    }

    proptest::proptest! {
        /// Whatever an author writes in a command, the answer is a command or a located problem
        /// inside it; never a panic.
        #[test]
        fn any_inline_table_gets_an_answer(body in "[a-z_ =\"0-9.,\\[\\]{}]{0,40}") {
            let src = format!("{{ do = \"generate\", {body} }}");
            if let Ok(doc) = toml::from_str::<toml::Table>(&format!("x = {src}")) {
                proptest::prop_assume!(doc.contains_key("x"));
                if let Err((at, message)) = command(&src) {
                    proptest::prop_assert!(at <= src.len());
                    proptest::prop_assert!(!message.is_empty());
                }
            }
        }
    }
}
