//! Reads and validates one lab file. Every problem is collected (not only the first) with the
//! byte offset it concerns: unknown command or check, missing or mistyped argument, unknown
//! scenario, bad seed, unknown exam tag or topic, unknown checkpoint question, empty text,
//! a step without hints, text that is not plain, a curriculum `order` out of range.
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
    #[serde(default)]
    order: Option<Spanned<i64>>,
    topics: Vec<Text>,
    exams: Vec<Text>,
    world: Spanned<RawWorld>,
    step: Vec<Spanned<super::steps::RawStep>>,
    #[serde(default)]
    references: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorld {
    scenario: Text,
    seed: Spanned<i64>,
}

/// The largest curriculum position a lab may take.
pub const MAX_ORDER: i64 = 999;

/// What a lab may refer to beyond itself.
#[derive(Debug, Clone, Copy)]
pub struct Refs<'a> {
    /// Exam tags resolve here.
    pub catalog: &'a Catalog,
    /// Checkpoint question ids.
    pub questions: &'a BTreeSet<String>,
}

/// Parses a lab as a user pack's (a `real_tools` shortfall is not reported); the lab comes
/// back only when there is no problem.
pub fn parse_lab(text: &str, refs: Refs<'_>) -> (Option<Lab>, Vec<Problem>) {
    let (lab, problems, _) = parse_lab_for(text, refs, false);
    (lab, problems)
}

/// Parses a lab; returns it (only when there is no error), the errors, and the warnings. Fewer
/// than 80% of the steps with a complete `real_tools` table is an error in a `shipped` lab
/// and a warning elsewhere.
pub fn parse_lab_for(
    text: &str,
    refs: Refs<'_>,
    shipped: bool,
) -> (Option<Lab>, Vec<Problem>, Vec<Problem>) {
    let raw: RawLab = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            return (None, vec![(at, message)], Vec::new());
        }
    };
    let mut warnings = Vec::new();
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
    let order = raw.order.as_ref().map(|o| (*o.get_ref(), o.span().start));
    if let Some((n, at)) = order
        && !(1..=MAX_ORDER).contains(&n)
    {
        p.push((
            at,
            format!("order must be between 1 and {MAX_ORDER}, got {n}"),
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
    let scenario = Scenario::named(world.scenario.get_ref())
        .map_err(|m| p.push((world.scenario.span().start, m)))
        .ok();
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
    let steps = steps_of(text, &raw, refs, shipped, &mut p, &mut warnings);
    if !p.is_empty() {
        return (None, p, warnings);
    }
    let (Some(scenario), Ok(seed)) = (scenario, seed) else {
        return (None, p, warnings);
    };
    let lab = Lab {
        id: raw.id.get_ref().clone(),
        title: raw.title.into_inner(),
        summary: raw.summary.into_inner(),
        minutes: u32::try_from(minutes).unwrap_or(0),
        order: order.and_then(|(n, _)| u32::try_from(n).ok()),
        topics,
        exams: raw.exams.into_iter().map(Spanned::into_inner).collect(),
        scenario,
        seed,
        steps,
        references: raw
            .references
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
    };
    (Some(lab), p, warnings)
}

/// The lab's steps and references: every problem recorded, and a `real_tools` shortfall an
/// error (`shipped`) or a warning.
fn steps_of(
    text: &str,
    raw: &RawLab,
    refs: Refs<'_>,
    shipped: bool,
    p: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Vec<LabStep> {
    for r in &raw.references {
        if !crate::content::text::is_https_url(r.get_ref()) {
            p.push((
                r.span().start,
                format!("reference `{}` is not an https URL", r.get_ref()),
            ));
        }
    }
    let mut ids = BTreeSet::new();
    let steps: Vec<LabStep> = raw
        .step
        .iter()
        .enumerate()
        .filter_map(|(i, s)| super::steps::parse_step(text, i + 1, s.get_ref(), refs, &mut ids, p))
        .collect();
    // Coverage is judged on a lab that otherwise reads: half-parsed steps would miscount it.
    if p.is_empty()
        && steps.len() == raw.step.len()
        && let Some((message, first)) = super::real_tools::coverage(&steps)
    {
        let at = raw.step[first].span().start;
        if shipped {
            p.push((at, message));
        } else {
            warnings.push((at, message));
        }
    }
    steps
}

/// An empty or non-plain text field.
pub(super) fn plain(t: &Text, field: &str, lines: Lines, p: &mut Vec<Problem>) {
    if t.get_ref().trim().is_empty() {
        p.push((t.span().start, format!("{field} must not be empty")));
    } else if let Some(m) = plain_text_problem(field, t.get_ref(), lines) {
        p.push((t.span().start, m));
    }
}
