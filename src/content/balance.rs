//! Bank-level warnings per file: is the correct option given away by its length or position?
//!
//! Both look at the single and multi questions of one file, because authors write a file in one
//! sitting and their habits (the right answer always second, always the most careful wording)
//! show up there.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::model::{Choice, Question, QuestionKind};

/// Below this many single/multi questions a file is too small to judge.
pub const MIN_ITEMS: usize = 5;
/// Warn when the correct option is the strictly longest in more than this share of questions.
pub const LONGEST_SHARE: f64 = 0.25;
/// Significance level of the chi-square test of correct positions.
pub const ALPHA: f64 = 0.05;
/// The chi-square approximation needs this many expected answers at every position.
pub const MIN_EXPECTED: f64 = 5.0;

/// The warnings for one file's questions (messages only; they are reported at the file's start).
pub fn warnings(questions: &[&Question]) -> Vec<String> {
    let items: Vec<(&[Choice], usize)> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Single { options } => Some((options.as_slice(), 1)),
            QuestionKind::Multi { options, choose } => Some((options.as_slice(), *choose)),
            _ => None,
        })
        .filter(|(options, _)| options.len() >= 2)
        .collect();
    if items.len() < MIN_ITEMS {
        return Vec::new();
    }
    let mut out = Vec::new();
    out.extend(longest_warning(&items));
    out.extend(position_warning(&items));
    out
}

fn longest_warning(items: &[(&[Choice], usize)]) -> Option<String> {
    let longest_correct = items
        .iter()
        .filter(|(options, _)| {
            let len = |c: &Choice| c.text.chars().count();
            let max = options.iter().map(len).max().unwrap_or(0);
            // Only a strictly longest option gives the answer away.
            let longest: Vec<_> = options.iter().filter(|c| len(c) == max).collect();
            longest.len() == 1 && longest[0].correct
        })
        .count();
    let share = longest_correct as f64 / items.len() as f64;
    (share > LONGEST_SHARE).then(|| {
        format!(
            "the correct option is the longest in {longest_correct} of {} single/multi questions ({:.0}%, limit {:.0}%); vary option lengths",
            items.len(),
            share * 100.0,
            LONGEST_SHARE * 100.0
        )
    })
}

/// Chi-square goodness of fit of correct positions against "every position equally likely".
///
/// A question with `n` options and `k` correct contributes `k/n` expected answers to each of its
/// positions. When some position expects fewer than [`MIN_EXPECTED`] answers the approximation
/// is poor, so the simpler rule applies instead: warn when one position holds more than half of
/// all correct answers.
fn position_warning(items: &[(&[Choice], usize)]) -> Option<String> {
    let width = items.iter().map(|(o, _)| o.len()).max().unwrap_or(0);
    let mut observed = vec![0.0_f64; width];
    let mut expected = vec![0.0_f64; width];
    for (options, k) in items {
        let share = *k as f64 / options.len() as f64;
        for (i, c) in options.iter().enumerate() {
            expected[i] += share;
            if c.correct {
                observed[i] += 1.0;
            }
        }
    }
    let counts = observed
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{} {o}", position_name(i)))
        .collect::<Vec<_>>()
        .join(", ");
    let total: f64 = observed.iter().sum();
    if expected.iter().all(|&e| e >= MIN_EXPECTED) {
        let stat: f64 = observed
            .iter()
            .zip(&expected)
            .map(|(o, e)| (o - e).powi(2) / e)
            .sum();
        let p = ChiSquared::new((width - 1) as f64).ok()?.sf(stat);
        (p < ALPHA).then(|| {
            format!(
                "correct answers are unevenly spread over option positions ({counts}; chi-square p = {p:.3}); move some correct options"
            )
        })
    } else {
        let (top, most) =
            observed.iter().enumerate().fold(
                (0, 0.0),
                |best, (i, &o)| if o > best.1 { (i, o) } else { best },
            );
        (most * 2.0 > total).then(|| {
            format!(
                "more than half of the correct answers sit at position {} ({counts}); move some correct options",
                position_name(top)
            )
        })
    }
}

/// Positions as the learner sees them: A, B, C...
fn position_name(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::content::model::SourceRef;

    fn single(correct_at: usize, lens: [usize; 4]) -> Question {
        let options = (0..4)
            .map(|i| Choice {
                text: "x".repeat(lens[i]),
                correct: i == correct_at,
                why: String::new(),
            })
            .collect();
        Question {
            id: "drift-001".into(),
            kind: QuestionKind::Single { options },
            difficulty: 1,
            guide: None,
            topics: vec![],
            exams: vec![],
            lab: None,
            case: None,
            drill_only: false,
            scenario: String::new(),
            prompt: String::new(),
            explanation: String::new(),
            references: vec![],
            source: SourceRef {
                path: PathBuf::new(),
                line: 1,
            },
        }
    }

    fn run(qs: &[Question]) -> Vec<String> {
        warnings(&qs.iter().collect::<Vec<_>>())
    }

    #[test]
    fn even_positions_and_lengths_pass() {
        let qs: Vec<_> = (0..20).map(|i| single(i % 4, [5, 5, 5, 5])).collect();
        assert!(run(&qs).is_empty());
    }

    #[test]
    fn too_few_items_are_not_judged() {
        let qs: Vec<_> = (0..4).map(|_| single(0, [1, 1, 1, 1])).collect();
        assert!(run(&qs).is_empty());
    }

    #[test]
    fn correct_longest_is_flagged_above_a_quarter() {
        let mut qs: Vec<_> = (0..12).map(|i| single(i % 4, [5, 5, 5, 5])).collect();
        for (i, q) in qs.iter_mut().enumerate().take(4) {
            *q = single(i % 4, {
                let mut l = [5; 4];
                l[i % 4] = 9;
                l
            });
        }
        let w = run(&qs);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("the correct option is the longest in 4 of 12"),
            "{w:?}"
        );
        // Three of twelve (25%) is at the limit, not above it.
        qs[3] = single(0, [5, 5, 5, 5]);
        assert!(run(&qs).is_empty());
    }

    #[test]
    fn skewed_positions_fail_the_chi_square_test() {
        // 24 items expect 6 per position; 12 at B is far off (p < 0.01).
        let qs: Vec<_> = (0..24)
            .map(|i| single(if i < 12 { 1 } else { i % 4 }, [5; 4]))
            .collect();
        let w = run(&qs);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("A 3, B 15, C 3, D 3; chi-square p = 0.000"),
            "{w:?}"
        );
    }

    #[test]
    fn small_files_use_the_majority_rule() {
        let qs: Vec<_> = (0..8)
            .map(|i| single(if i < 5 { 2 } else { 0 }, [5; 4]))
            .collect();
        let w = run(&qs);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with(
                "more than half of the correct answers sit at position C (A 3, B 0, C 5, D 0"
            ),
            "{w:?}"
        );
    }
}
