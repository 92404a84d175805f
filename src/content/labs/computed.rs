//! A step's `[[step.computed]]` tables: checkpoint questions whose numbers and key come from
//! the learner's World. Each template and condition is read here, every problem at its field:
//! an unknown fact, a bad format, a condition that does not parse, fewer than two options or no
//! option that can be the key, an id used twice in the lab.

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use super::model::{ComputedOption, ComputedQuestion};
use super::parse::{Problem, plain};
use super::template::{Condition, Template};
use crate::content::text::{Lines, is_kebab_id};

type Text = Spanned<String>;

/// The question as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComputed {
    id: Text,
    prompt: Text,
    explanation: Text,
    options: Spanned<Vec<Spanned<RawOption>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    text: Text,
    #[serde(default)]
    why: Option<Text>,
    #[serde(default)]
    when: Option<Text>,
}

/// The most options a computed question may have.
const MAX_OPTIONS: usize = 6;

/// Step `n`'s computed questions; `ids` collects the lab's ids so far (unique in the lab).
pub(super) fn parse(
    n: usize,
    raw: &[Spanned<RawComputed>],
    ids: &mut BTreeSet<String>,
    p: &mut Vec<Problem>,
) -> Vec<ComputedQuestion> {
    let mut out = Vec::new();
    for q in raw {
        let q = q.get_ref();
        let id = q.id.get_ref();
        if !is_kebab_id(id) {
            p.push((
                q.id.span().start,
                format!("step {n}: computed question id `{id}` must be lower-case kebab-case"),
            ));
        } else if !ids.insert(id.clone()) {
            p.push((
                q.id.span().start,
                format!("step {n}: computed question id `{id}` is used twice in this lab"),
            ));
        }
        let what = format!("step {n}: computed question `{id}`");
        let prompt = template(&q.prompt, &format!("{what}: prompt"), Lines::Many, p);
        let explanation = template(
            &q.explanation,
            &format!("{what}: explanation"),
            Lines::Many,
            p,
        );
        let count = q.options.get_ref().len();
        if !(2..=MAX_OPTIONS).contains(&count) {
            p.push((
                q.options.span().start,
                format!("{what}: give two to {MAX_OPTIONS} options, found {count}"),
            ));
        }
        let mut options = Vec::new();
        for o in q.options.get_ref() {
            let o = o.get_ref();
            let text = template(&o.text, &format!("{what}: option text"), Lines::One, p);
            let why = o.why.as_ref().map_or_else(Template::default, |w| {
                template(w, &format!("{what}: option why"), Lines::Many, p)
            });
            let when = o
                .when
                .as_ref()
                .and_then(|w| match Condition::parse(w.get_ref()) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        p.push((w.span().start, format!("{what}: when {e}")));
                        None
                    }
                });
            options.push(ComputedOption { text, why, when });
        }
        if q.options
            .get_ref()
            .iter()
            .all(|o| o.get_ref().when.is_none())
        {
            p.push((
                q.options.span().start,
                format!("{what}: no option has a `when`, so none can be the key"),
            ));
        }
        out.push(ComputedQuestion {
            id: id.clone(),
            prompt,
            explanation,
            options,
        });
    }
    out
}

/// A template field: plain text whose placeholders read known facts.
fn template(t: &Text, field: &str, lines: Lines, p: &mut Vec<Problem>) -> Template {
    plain(t, field, lines, p);
    Template::parse(t.get_ref()).unwrap_or_else(|e| {
        p.push((t.span().start, format!("{field}: {e}")));
        Template::default()
    })
}
