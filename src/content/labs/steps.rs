//! One `[[step]]` of a lab file: a task (a goal, hints, reference commands and the check that
//! completes it) or a decision (two to four options, each applying commands to the World).
//! Every command and check is typed by the vocabulary registry, each problem at its place.

use serde::Deserialize;
use toml::Spanned;

use super::model::{LabOption, LabStep};
use super::parse::{Problem, Refs, plain};
use crate::content::text::Lines;
use crate::world::vocabulary::console::render_line;
use crate::world::vocabulary::node::from_toml;
use crate::world::vocabulary::registry::{Tagged, registry};
use crate::world::vocabulary::typing::build;
use crate::world::{Check, Command};

type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    title: Text,
    text: Text,
    hints: Spanned<Vec<Text>>,
    #[serde(default)]
    commands: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    check: Option<Spanned<toml::Value>>,
    #[serde(default)]
    option: Vec<Spanned<RawOption>>,
    #[serde(default)]
    questions: Vec<Text>,
    #[serde(default)]
    computed: Vec<Spanned<super::computed::RawComputed>>,
    #[serde(default)]
    real_tools: Option<Spanned<super::real_tools::RawRealTools>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    id: Text,
    label: Text,
    #[serde(default)]
    commands: Vec<Spanned<toml::Value>>,
    outcome: Text,
    #[serde(default)]
    recommended: bool,
}

/// One `[[step]]`; `None` when its check does not parse (the problem is recorded). `ids`
/// collects the lab's computed question ids.
pub(super) fn parse_step(
    text: &str,
    n: usize,
    s: &RawStep,
    refs: Refs<'_>,
    ids: &mut std::collections::BTreeSet<String>,
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
    let (commands, solution) = commands(text, &s.commands, p);
    for q in &s.questions {
        if !refs.questions.contains(q.get_ref()) {
            p.push((
                q.span().start,
                format!("step {n}: unknown checkpoint question `{}`", q.get_ref()),
            ));
        }
    }
    let options = options(text, n, s, p);
    let computed = super::computed::parse(n, &s.computed, ids, p);
    if let Some(c) = s.computed.first()
        && !s.option.is_empty()
    {
        p.push((
            c.span().start,
            format!("step {n}: a decision asks no checkpoint questions; put them on a task step"),
        ));
    }
    let real_tools = s
        .real_tools
        .as_ref()
        .map(|r| super::real_tools::parse(n, r.get_ref(), p));
    let check = match &s.check {
        Some(c) => {
            let r = c.span();
            let check = word::<Check>(text, r.start, r.end, &registry().checks, "check")
                .map_err(|e| p.push(e))
                .ok()?;
            Some(check.0)
        }
        None if s.option.is_empty() => {
            p.push((
                s.title.span().start,
                format!("step {n}: a task step needs a `check` (what completes it), or `[[step.option]]` tables to make it a decision"),
            ));
            None
        }
        None => None,
    };
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
        solution,
        check,
        options,
        questions: s.questions.iter().map(|q| q.get_ref().clone()).collect(),
        computed,
        real_tools,
    })
}

/// One command or check, the inline table at `start..end` of the lab file, typed by the
/// registry with every problem at its own place.
pub(super) fn word<T: serde::de::DeserializeOwned>(
    text: &str,
    start: usize,
    end: usize,
    words: &Tagged,
    what: &str,
) -> Result<(T, String), Problem> {
    const PREFIX: &str = "x = ";
    let wrapped = format!("{PREFIX}{}", &text[start..end]);
    let doc = toml_edit::ImDocument::parse(wrapped.as_str())
        .map_err(|_| (start, format!("a {what} must be an inline table")))?;
    let value = doc
        .get("x")
        .and_then(toml_edit::Item::as_value)
        .ok_or_else(|| (start, format!("a {what} must be an inline table")))?;
    let node = from_toml(value, start, PREFIX.len());
    let built = build(&node, words, what).map_err(|p| (p.span.start, p.message))?;
    Ok((built, render_line(&node, &words.tag)))
}

/// The commands of a step or an option, and their console lines.
fn commands(
    text: &str,
    raw: &[Spanned<toml::Value>],
    p: &mut Vec<Problem>,
) -> (Vec<Command>, Vec<String>) {
    let mut commands = Vec::new();
    let mut lines = Vec::new();
    for c in raw {
        let r = c.span();
        match word::<Command>(text, r.start, r.end, &registry().commands, "command") {
            Ok((c, line)) => {
                commands.push(c);
                lines.push(line);
            }
            Err(e) => p.push(e),
        }
    }
    (commands, lines)
}

/// The options of a decision step: two to four, ids unique, exactly one recommended.
fn options(text: &str, n: usize, s: &RawStep, p: &mut Vec<Problem>) -> Vec<LabOption> {
    if s.option.is_empty() {
        return Vec::new();
    }
    let at = s.option[0].span().start;
    if !(2..=4).contains(&s.option.len()) {
        p.push((
            at,
            format!(
                "step {n}: a decision has two to four options, found {}",
                s.option.len()
            ),
        ));
    }
    let recommended = s.option.iter().filter(|o| o.get_ref().recommended).count();
    if recommended != 1 {
        p.push((at, format!("step {n}: mark exactly one option `recommended = true` (the one a headless run takes), found {recommended}")));
    }
    if !s.commands.is_empty() {
        p.push((
            s.commands[0].span().start,
            format!("step {n}: a decision step's commands go in its options"),
        ));
    }
    let mut out: Vec<LabOption> = Vec::new();
    for o in &s.option {
        let o = o.get_ref();
        plain(&o.label, &format!("step {n}: option label"), Lines::One, p);
        plain(
            &o.outcome,
            &format!("step {n}: option outcome"),
            Lines::Many,
            p,
        );
        let id = o.id.get_ref();
        if !crate::content::text::is_kebab_id(id) {
            p.push((
                o.id.span().start,
                format!("step {n}: option id `{id}` must be lower-case kebab-case"),
            ));
        } else if out.iter().any(|x| &x.id == id) {
            p.push((
                o.id.span().start,
                format!("step {n}: option id `{id}` is used twice"),
            ));
        }
        let (commands, _) = commands(text, &o.commands, p);
        out.push(LabOption {
            id: id.clone(),
            label: o.label.get_ref().clone(),
            commands,
            outcome: o.outcome.get_ref().clone(),
            recommended: o.recommended,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(src: &str) -> Result<Command, Problem> {
        word::<Command>(src, 0, src.len(), &registry().commands, "command").map(|(c, _)| c)
    }

    fn check(src: &str) -> Result<Check, Problem> {
        word::<Check>(src, 0, src.len(), &registry().checks, "check").map(|(c, _)| c)
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
