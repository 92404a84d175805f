//! Lints on one question at a time, given the phrases common across the questions checked with it.

use std::collections::{BTreeMap, BTreeSet};

use super::words::{absolute_word, dated_disclaimer, jaccard, phrases, reason_phrase, word_set};
use super::{Linted, Opt};
use crate::content::{Case, Diagnostic};

/// Options of one item must share at least this mean pairwise Jaccard of their word sets (the
/// measure the figures use: official items share about 37%).
pub const MIN_OVERLAP: f64 = 0.10;
/// A stem phrase is rare when at most this share of the questions checked together (and never
/// fewer than one question: its own) hold it in their stems.
pub const RARE_SHARE: f64 = 0.01;

/// Every per-item finding over `items`, in item order.
pub fn item_lints(items: &[Linted<'_>]) -> Vec<Diagnostic> {
    let stem_phrases: Vec<BTreeSet<String>> = items.iter().map(stem_phrases).collect();
    let mut frequency: BTreeMap<&str, usize> = BTreeMap::new();
    for set in &stem_phrases {
        for p in set {
            *frequency.entry(p.as_str()).or_default() += 1;
        }
    }
    let rare_limit = ((items.len() as f64 * RARE_SHARE).floor() as usize).max(1);
    let mut out = Vec::new();
    for (item, phrases) in items.iter().zip(&stem_phrases) {
        out.extend(dated(item));
        if item.options.is_empty() {
            continue;
        }
        out.extend(absolutes(item));
        out.extend(reasons(item));
        out.extend(overlap(item));
        let rare = |p: &String| frequency.get(p.as_str()).copied().unwrap_or(0) <= rare_limit;
        out.extend(given_away(item, phrases, rare));
    }
    out
}

/// Dated disclaimers in case-study scenarios, the stem every question of the case shares.
pub fn case_lints(cases: &[Case]) -> Vec<Diagnostic> {
    cases
        .iter()
        .filter_map(|c| {
            let found = dated_disclaimer(&c.scenario)?;
            Some(Diagnostic::warning(
                &c.source.path,
                (c.source.line, 1),
                format!(
                    "case `{}`: the scenario carries a dated disclaimer (\"{found}\"); state the facts as of the exam guide and drop the date",
                    c.id
                ),
            ))
        })
        .collect()
}

fn stem_phrases(item: &Linted<'_>) -> BTreeSet<String> {
    item.stem.iter().flat_map(|f| phrases(f.text)).collect()
}

fn number(item: &Linted<'_>, opt: &Opt<'_>) -> usize {
    item.options
        .iter()
        .position(|o| std::ptr::eq(o, opt))
        .map_or(0, |i| i + 1)
}

fn dated(item: &Linted<'_>) -> Option<Diagnostic> {
    item.stem.iter().find_map(|f| {
        let found = dated_disclaimer(f.text)?;
        Some(item.warning(
            f.at,
            format!(
                "`{}`: the stem carries a dated disclaimer (\"{found}\"); state the facts as of the exam guide (the question's `guide`) and drop the date",
                item.id
            ),
        ))
    })
}

fn absolutes(item: &Linted<'_>) -> Option<Diagnostic> {
    if item.keys().any(|k| absolute_word(k.field.text).is_some()) {
        return None;
    }
    let hits: Vec<(&Opt<'_>, String)> = item
        .distractors()
        .filter_map(|d| absolute_word(d.field.text).map(|w| (d, w)))
        .collect();
    if hits.len() < 2 {
        return None;
    }
    let list = hits
        .iter()
        .map(|(o, w)| format!("{} (`{w}`)", number(item, o)))
        .collect::<Vec<_>>()
        .join(", ");
    Some(item.warning(
        hits[0].0.field.at,
        format!(
            "`{}`: options {list} use absolute words and the key uses none, so a candidate can rule them out unread; drop the absolute and break a stated constraint instead",
            item.id
        ),
    ))
}

fn reasons(item: &Linted<'_>) -> Vec<Diagnostic> {
    item.options
        .iter()
        .filter_map(|o| {
            let found = reason_phrase(o.field.text)?;
            Some(item.warning(
                o.field.at,
                format!(
                    "`{}`: option {} gives its own reason (\"{found}\"); options state actions only, move the reason to `why`",
                    item.id,
                    number(item, o)
                ),
            ))
        })
        .collect()
}

/// Mean pairwise Jaccard similarity of the options' word sets (every word, lower-cased).
pub fn mean_overlap(options: &[Opt<'_>]) -> Option<f64> {
    let sets: Vec<_> = options.iter().map(|o| word_set(o.field.text)).collect();
    let mut sum = 0.0;
    let mut pairs = 0usize;
    for (i, a) in sets.iter().enumerate() {
        for b in &sets[i + 1..] {
            sum += jaccard(a, b);
            pairs += 1;
        }
    }
    (pairs > 0).then(|| sum / pairs as f64)
}

fn overlap(item: &Linted<'_>) -> Option<Diagnostic> {
    let mean = mean_overlap(&item.options)?;
    (mean < MIN_OVERLAP).then(|| {
        item.warning(
            item.options[0].field.at,
            format!(
                "`{}`: the options share {:.0}% of their words (at least {:.0}%); write distractors as near variants of the key, each changing one or two elements",
                item.id,
                mean * 100.0,
                MIN_OVERLAP * 100.0
            ),
        )
    })
}

fn given_away(
    item: &Linted<'_>,
    stem: &BTreeSet<String>,
    rare: impl Fn(&String) -> bool,
) -> Option<Diagnostic> {
    let in_distractors: BTreeSet<String> = item
        .distractors()
        .flat_map(|d| phrases(d.field.text))
        .collect();
    item.keys().find_map(|k| {
        let phrase = phrases(k.field.text)
            .into_iter()
            .find(|p| stem.contains(p) && !in_distractors.contains(p) && rare(p))?;
        Some(item.warning(
            k.field.at,
            format!(
                "`{}`: option {} (a key) repeats \"{phrase}\" from the stem and no distractor does, which gives the answer away; reword the stem or the key",
                item.id,
                number(item, k)
            ),
        ))
    })
}
