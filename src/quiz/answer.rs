//! Answers by identity: how a question's options are shuffled for one attempt, how a learner's
//! on-screen picks map back to the options' identities (their index in the content file), and
//! how an answer is scored.
//!
//! Scoring never looks at screen positions, so a reshuffled retry of the same question is
//! scored against the same truth.

use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::content::{Question, QuestionKind};

/// An answer in terms of the content file's option indices (0-based), never screen positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Single / multi: the chosen options, sorted.
    Choices(Vec<usize>),
    /// Order: the steps in the learner's sequence.
    Order(Vec<usize>),
    /// Match: for each left item (file order), the right item the learner paired with it.
    Match(Vec<usize>),
}

impl Answer {
    /// The answer as stored in the progress store, e.g. `{"choices":[0,2]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A learner's picks as shown on screen (0-based display positions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Single / multi: the display positions picked.
    Choices(Vec<usize>),
    /// Order: display positions in the learner's sequence.
    Order(Vec<usize>),
    /// Match: (display position of a left item, display position of a right item) pairs.
    Match(Vec<(usize, usize)>),
}

/// Why a response cannot be an answer to the question on screen; the message says what the
/// expected format is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Malformed(pub String);

/// How one attempt shows a question: the options (or steps, or left items) and, for match
/// items, the right items, each as a permutation of file indices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presentation {
    /// `items[display position] = file index` of options, steps or left items.
    pub items: Vec<usize>,
    /// Match only: `rights[display letter] = file index` of the right items.
    pub rights: Vec<usize>,
}

/// A random permutation of `0..n`; for order and match items one that is not the identity
/// (when n > 1), so the screen never shows the answer as given.
fn permutation<R: Rng>(n: usize, rng: &mut R, avoid_identity: bool) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    p.shuffle(rng);
    if avoid_identity && n > 1 && p.iter().enumerate().all(|(i, &v)| i == v) {
        p.rotate_left(1);
    }
    p
}

impl Presentation {
    /// Shuffles a question's options for one attempt with the session's seeded RNG.
    pub fn shuffled<R: Rng>(question: &Question, rng: &mut R) -> Self {
        match &question.kind {
            QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
                Presentation {
                    items: permutation(options.len(), rng, false),
                    rights: Vec::new(),
                }
            }
            QuestionKind::Order { steps } => Presentation {
                items: permutation(steps.len(), rng, true),
                rights: Vec::new(),
            },
            QuestionKind::Match { pairs } => {
                let items = permutation(pairs.len(), rng, false);
                let mut rights = permutation(pairs.len(), rng, false);
                // Left i and letter i must not line up everywhere, or the layout gives it away.
                if pairs.len() > 1 && items == rights {
                    rights.rotate_left(1);
                }
                Presentation { items, rights }
            }
        }
    }

    /// Maps on-screen picks to an answer by identity, checking the shape the question needs.
    pub fn to_answer(&self, question: &Question, response: &Response) -> Result<Answer, Malformed> {
        let n = self.items.len();
        let in_range = |d: usize| d < n;
        match (&question.kind, response) {
            (QuestionKind::Single { .. }, Response::Choices(picks)) => {
                if picks.len() != 1 || !in_range(picks[0]) {
                    return Err(Malformed(format!(
                        "pick one option, a number from 1 to {n}"
                    )));
                }
                Ok(Answer::Choices(vec![self.items[picks[0]]]))
            }
            (QuestionKind::Multi { choose, .. }, Response::Choices(picks)) => {
                let mut ids: Vec<usize> = picks
                    .iter()
                    .filter(|&&d| in_range(d))
                    .map(|&d| self.items[d])
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                if ids.len() != *choose || picks.len() != *choose {
                    return Err(Malformed(format!(
                        "pick exactly {choose} different options, e.g. 1,3 (numbers 1 to {n})"
                    )));
                }
                Ok(Answer::Choices(ids))
            }
            (QuestionKind::Order { .. }, Response::Order(seq)) => {
                let mut seen = vec![false; n];
                for &d in seq {
                    if !in_range(d) || std::mem::replace(&mut seen[d], true) {
                        break;
                    }
                }
                if seq.len() != n || seen.iter().any(|s| !s) {
                    return Err(Malformed(format!(
                        "give all {n} step numbers once each, first step first, e.g. 3 1 2"
                    )));
                }
                Ok(Answer::Order(seq.iter().map(|&d| self.items[d]).collect()))
            }
            (QuestionKind::Match { .. }, Response::Match(pairs)) => {
                let mut by_left: Vec<Option<usize>> = vec![None; n];
                let mut right_used = vec![false; n];
                let mut ok = pairs.len() == n;
                for &(l, r) in pairs {
                    if !in_range(l) || !in_range(r) || by_left[l].is_some() || right_used[r] {
                        ok = false;
                        break;
                    }
                    by_left[l] = Some(r);
                    right_used[r] = true;
                }
                if !ok {
                    let last = letter(n - 1);
                    return Err(Malformed(format!(
                        "pair every item 1-{n} with a different letter a-{last}, e.g. 1b 2a 3c"
                    )));
                }
                let mut answer = vec![0; n];
                for (l, r) in by_left.into_iter().enumerate() {
                    answer[self.items[l]] = self.rights[r.unwrap_or(0)];
                }
                Ok(Answer::Match(answer))
            }
            _ => Err(Malformed(expected_format(question, n))),
        }
    }
}

impl Presentation {
    /// An answer written the way the learner would type it for this presentation, e.g. `1,3`,
    /// `3 1 2` or `1b 2a 3c`: shown when they come back to a question they answered.
    pub fn answer_text(&self, answer: &Answer) -> String {
        let screen = |file: usize, order: &[usize]| order.iter().position(|&i| i == file);
        match answer {
            Answer::Choices(ids) => {
                let mut shown: Vec<usize> =
                    ids.iter().filter_map(|&i| screen(i, &self.items)).collect();
                shown.sort_unstable();
                shown
                    .iter()
                    .map(|d| (d + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }
            Answer::Order(seq) => seq
                .iter()
                .filter_map(|&i| screen(i, &self.items))
                .map(|d| (d + 1).to_string())
                .collect::<Vec<_>>()
                .join(" "),
            Answer::Match(rights) => self
                .items
                .iter()
                .enumerate()
                .filter_map(|(d, &left)| {
                    let r = screen(*rights.get(left)?, &self.rights)?;
                    Some(format!("{}{}", d + 1, letter(r)))
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// The letter shown for the right-hand item at a display position: a, b, c...
pub fn letter(position: usize) -> char {
    char::from(b'a' + (position % 26) as u8)
}

/// How to type an answer to this question, for prompts and error messages.
pub fn expected_format(question: &Question, n: usize) -> String {
    match &question.kind {
        QuestionKind::Single { .. } => format!("type one option number (1-{n}), e.g. 2"),
        QuestionKind::Multi { choose, .. } => {
            format!("type {choose} option numbers separated by commas, e.g. 1,3")
        }
        QuestionKind::Order { .. } => {
            format!("type the {n} step numbers in the right order, e.g. 3 1 2")
        }
        QuestionKind::Match { .. } => format!(
            "type each item number with its letter, e.g. 1b 2a 3c (letters a-{})",
            letter(n.saturating_sub(1))
        ),
    }
}

/// Whether an answer is right: single and multi need exactly the correct set (all-or-nothing,
/// as the exams score multiple response), order the exact sequence, match every pair.
pub fn is_correct(question: &Question, answer: &Answer) -> bool {
    match (&question.kind, answer) {
        (
            QuestionKind::Single { options } | QuestionKind::Multi { options, .. },
            Answer::Choices(picked),
        ) => {
            let truth: Vec<usize> = options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| i)
                .collect();
            let mut picked = picked.clone();
            picked.sort_unstable();
            picked.dedup();
            picked == truth
        }
        (QuestionKind::Order { steps }, Answer::Order(seq)) => {
            seq.len() == steps.len() && seq.iter().enumerate().all(|(i, &s)| i == s)
        }
        // Compared by text, so two left items that share a right item both score.
        (QuestionKind::Match { pairs }, Answer::Match(rights)) => {
            rights.len() == pairs.len()
                && rights
                    .iter()
                    .enumerate()
                    .all(|(i, &r)| pairs.get(r).is_some_and(|p| p.right == pairs[i].right))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::content::{Pair, SourceRef, Step};

    fn question(kind: QuestionKind) -> Question {
        Question {
            id: "drift-001".into(),
            kind,
            difficulty: 1,
            guide: None,
            topics: Vec::new(),
            exams: Vec::new(),
            lab: None,
            case: None,
            drill_only: false,
            scenario: "s".into(),
            prompt: "Which is BEST?".into(),
            explanation: "e".into(),
            references: Vec::new(),
            source: SourceRef {
                path: "q.toml".into(),
                line: 1,
            },
        }
    }

    fn order(n: usize) -> Question {
        question(QuestionKind::Order {
            steps: (0..n)
                .map(|i| Step {
                    text: format!("s{i}"),
                    why: "w".into(),
                })
                .collect(),
        })
    }

    fn matching(n: usize) -> Question {
        question(QuestionKind::Match {
            pairs: (0..n)
                .map(|i| Pair {
                    left: format!("l{i}"),
                    right: format!("r{i}"),
                })
                .collect(),
        })
    }

    #[test]
    fn order_and_match_items_never_show_the_answer_as_laid_out() {
        for seed in 0..300 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let shown = Presentation::shuffled(&order(3), &mut rng);
            assert_ne!(shown.items, vec![0, 1, 2], "seed {seed}");
            let shown = Presentation::shuffled(&matching(3), &mut rng);
            assert_ne!(shown.items, shown.rights, "seed {seed}");
        }
    }

    #[test]
    fn screen_positions_map_back_to_file_indices() {
        let q = order(4);
        let shown = Presentation {
            items: vec![2, 0, 3, 1],
            rights: Vec::new(),
        };
        // The learner types the screen numbers of s0, s1, s2, s3: 2 4 1 3.
        let a = shown
            .to_answer(&q, &Response::Order(vec![1, 3, 0, 2]))
            .unwrap();
        assert_eq!(a, Answer::Order(vec![0, 1, 2, 3]));
        assert!(is_correct(&q, &a));
        assert!(
            shown
                .to_answer(&q, &Response::Order(vec![1, 1, 0, 2]))
                .is_err(),
            "a repeat"
        );
        assert!(
            shown
                .to_answer(&q, &Response::Order(vec![1, 3, 0]))
                .is_err(),
            "one missing"
        );
        assert!(
            shown.to_answer(&q, &Response::Choices(vec![1])).is_err(),
            "wrong kind"
        );

        let m = matching(3);
        let shown = Presentation {
            items: vec![1, 2, 0],
            rights: vec![2, 0, 1],
        };
        // Screen 1 is l1 whose match r1 is letter c (position 2), and so on.
        let a = shown
            .to_answer(&m, &Response::Match(vec![(0, 2), (1, 0), (2, 1)]))
            .unwrap();
        assert_eq!(a, Answer::Match(vec![0, 1, 2]));
        assert!(
            shown
                .to_answer(&m, &Response::Match(vec![(0, 2), (0, 0), (2, 1)]))
                .is_err()
        );
        assert!(
            shown
                .to_answer(&m, &Response::Match(vec![(0, 2), (1, 2), (2, 1)]))
                .is_err()
        );
    }

    #[test]
    fn a_given_answer_is_shown_back_as_it_was_typed() {
        let shown = Presentation {
            items: vec![2, 0, 3, 1],
            rights: Vec::new(),
        };
        assert_eq!(shown.answer_text(&Answer::Choices(vec![0, 2])), "1,2");
        assert_eq!(
            shown.answer_text(&Answer::Order(vec![0, 1, 2, 3])),
            "2 4 1 3"
        );
        let shown = Presentation {
            items: vec![1, 2, 0],
            rights: vec![2, 0, 1],
        };
        assert_eq!(shown.answer_text(&Answer::Match(vec![0, 1, 2])), "1c 2a 3b");
    }

    #[test]
    fn answers_are_stored_as_small_json() {
        assert_eq!(
            Answer::Choices(vec![0, 2]).to_json(),
            r#"{"choices":[0,2]}"#
        );
        assert_eq!(Answer::Order(vec![1, 0]).to_json(), r#"{"order":[1,0]}"#);
        assert_eq!(
            Answer::Match(vec![2, 0, 1]).to_json(),
            r#"{"match":[2,0,1]}"#
        );
    }
}
