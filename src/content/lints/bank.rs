//! Lints over the whole shipped bank: are absolute words or reasons a tell across all items?

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Linted;
use super::words::{absolute_word, reason_phrase};
use crate::content::Diagnostic;

/// Distractors may hold absolute words at most this many percentage points more often than keys.
pub const MAX_ABSOLUTE_GAP: f64 = 10.0;
/// At most this percentage of distractors may give their own reason.
pub const MAX_REASON_SHARE: f64 = 10.0;

/// Counts over the options of single and multi items.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Keys, and keys holding an absolute word.
    pub keys: usize,
    pub keys_absolute: usize,
    /// Distractors, those holding an absolute word, and those giving a reason.
    pub distractors: usize,
    pub distractors_absolute: usize,
    pub distractors_reason: usize,
}

impl Tally {
    /// Counts the options of `items`.
    pub fn of<'a, 'b: 'a>(items: impl IntoIterator<Item = &'a Linted<'b>>) -> Tally {
        let mut t = Tally::default();
        for item in items {
            for k in item.keys() {
                t.keys += 1;
                t.keys_absolute += usize::from(absolute_word(k.field.text).is_some());
            }
            for d in item.distractors() {
                t.distractors += 1;
                t.distractors_absolute += usize::from(absolute_word(d.field.text).is_some());
                t.distractors_reason += usize::from(reason_phrase(d.field.text).is_some());
            }
        }
        t
    }
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

/// The bank-wide findings over the shipped items among `items` (none when no shipped file was
/// checked). Each is reported at the top of the shipped file that contributes most to it.
pub fn bank_lints(items: &[Linted<'_>]) -> Vec<Diagnostic> {
    let shipped: Vec<&Linted<'_>> = items.iter().filter(|i| i.shipped).collect();
    let t = Tally::of(shipped.iter().copied());
    if t.keys == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (pk, pd) = (
        percent(t.keys_absolute, t.keys),
        percent(t.distractors_absolute, t.distractors),
    );
    if pd - pk > MAX_ABSOLUTE_GAP {
        let path = worst_file(&shipped, |i| Tally::of([i]).distractors_absolute);
        out.push(Diagnostic::warning(
            &path,
            (1, 1),
            format!(
                "across the shipped bank, absolute words sit in {pd:.0}% of distractors ({} of {}) against {pk:.0}% of keys ({} of {}), more than {MAX_ABSOLUTE_GAP:.0} points apart; remove them from distractors (this file has the most)",
                t.distractors_absolute, t.distractors, t.keys_absolute, t.keys
            ),
        ));
    }
    let pr = percent(t.distractors_reason, t.distractors);
    if pr > MAX_REASON_SHARE {
        let path = worst_file(&shipped, |i| Tally::of([i]).distractors_reason);
        out.push(Diagnostic::warning(
            &path,
            (1, 1),
            format!(
                "across the shipped bank, {pr:.0}% of distractors ({} of {}) give their own reason, more than {MAX_REASON_SHARE:.0}%; move reasons to `why` (this file has the most)",
                t.distractors_reason, t.distractors
            ),
        ));
    }
    out
}

fn worst_file(items: &[&Linted<'_>], count: impl Fn(&Linted<'_>) -> usize) -> PathBuf {
    let mut per_file: BTreeMap<&Path, usize> = BTreeMap::new();
    for i in items {
        *per_file.entry(i.path).or_default() += count(i);
    }
    // Most first; ties go to the first path in order, so the report is stable.
    per_file
        .into_iter()
        .fold((None, 0), |(best, most), (p, n)| {
            if best.is_none() || n > most {
                (Some(p), n)
            } else {
                (best, most)
            }
        })
        .0
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::{Field, Opt};
    use super::*;

    fn item<'a>(shipped: bool, key: &'a str, distractors: &[&'a str]) -> Linted<'a> {
        let opt = |text: &'a str, correct| Opt {
            field: Field { text, at: (1, 1) },
            correct,
        };
        let mut options = vec![opt(key, true)];
        options.extend(distractors.iter().map(|d| opt(d, false)));
        Linted {
            id: "drift-001",
            path: Path::new("questions/drift.toml"),
            shipped,
            stem: Vec::new(),
            options,
            exams: Vec::new(),
        }
    }

    #[test]
    fn absolute_words_and_reasons_are_measured_over_shipped_items_only() {
        let tell = item(
            true,
            "Retrain weekly",
            &[
                "Always retrain",
                "Never retrain",
                "Retrain so that it is fresh",
            ],
        );
        let found: Vec<String> = bank_lints(std::slice::from_ref(&tell))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("67% of distractors (2 of 3) against 0% of keys (0 of 1)"));
        assert!(found[1].contains("33% of distractors (1 of 3) give their own reason"));
        let user = item(
            false,
            "Retrain weekly",
            &["Always retrain", "Never retrain"],
        );
        assert!(bank_lints(&[user]).is_empty());
        let fair = item(
            true,
            "Retrain only the head",
            &["Always retrain", "Retrain the head"],
        );
        // 50% of distractors against 100% of keys: no tell.
        assert!(bank_lints(&[fair]).is_empty());
    }
}
