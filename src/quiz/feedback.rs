//! Feedback on one answer: for every option, whether it was picked, whether it is right, and
//! why, in the order the learner saw them. Practice modes show it at once; exam mode at the end.

use serde::Serialize;

use super::answer::{Answer, Presentation, is_correct, letter};
use crate::content::{Question, QuestionKind};

/// Everything to show after an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    /// The question's id.
    pub question_id: String,
    /// Whether the answer was right (`false` when there was none).
    pub correct: bool,
    /// Whether an answer was given at all.
    pub answered: bool,
    /// Per-option detail.
    pub detail: Detail,
    /// The idea behind the right answer.
    pub explanation: String,
    /// Official documentation backing the answer.
    pub references: Vec<String>,
}

/// Per-option detail, by item type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "items", rename_all = "snake_case")]
pub enum Detail {
    /// Single and multi, in display order.
    Choices(Vec<ChoiceFeedback>),
    /// Order, in display order.
    Order(Vec<StepFeedback>),
    /// Match, left items in display order.
    Match(Vec<PairFeedback>),
}

/// One option of a single or multi item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceFeedback {
    /// 1-based display number.
    pub number: usize,
    /// Option text.
    pub text: String,
    /// Whether this option is part of the right answer.
    pub correct: bool,
    /// Whether the learner picked it.
    pub picked: bool,
    /// Why it is right or wrong.
    pub why: String,
}

/// One step of an order item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepFeedback {
    /// 1-based display number.
    pub number: usize,
    /// Step text.
    pub text: String,
    /// 1-based position in the right order.
    pub position: usize,
    /// 1-based position the learner gave it, if answered.
    pub given: Option<usize>,
    /// Why it belongs where it does.
    pub why: String,
}

/// One left item of a match item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFeedback {
    /// 1-based display number of the left item.
    pub number: usize,
    /// Left text.
    pub left: String,
    /// Display letter and text of the right item that matches.
    pub right: (char, String),
    /// Display letter and text of the right item the learner chose, if answered.
    pub given: Option<(char, String)>,
}

impl Feedback {
    /// The answer given, in the numbers and letters the learner saw: `2, 4` (choices),
    /// `3 → 1 → 2` (an order), `1b 2a 3c` (pairs); `None` when there was no answer.
    pub fn given_text(&self) -> Option<String> {
        if !self.answered {
            return None;
        }
        Some(match &self.detail {
            Detail::Choices(options) => options
                .iter()
                .filter(|o| o.picked)
                .map(|o| o.number.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Detail::Order(steps) => {
                let mut placed: Vec<&StepFeedback> =
                    steps.iter().filter(|s| s.given.is_some()).collect();
                placed.sort_by_key(|s| s.given);
                placed
                    .iter()
                    .map(|s| s.number.to_string())
                    .collect::<Vec<_>>()
                    .join(" → ")
            }
            Detail::Match(pairs) => pairs
                .iter()
                .filter_map(|p| p.given.as_ref().map(|g| format!("{}{}", p.number, g.0)))
                .collect::<Vec<_>>()
                .join(" "),
        })
    }
}

/// Builds the feedback for an answer (or for no answer: then nothing is marked as picked).
pub fn feedback(question: &Question, shown: &Presentation, answer: Option<&Answer>) -> Feedback {
    let detail = match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            let picked: &[usize] = match answer {
                Some(Answer::Choices(p)) => p,
                _ => &[],
            };
            Detail::Choices(
                shown
                    .items
                    .iter()
                    .enumerate()
                    .map(|(d, &i)| ChoiceFeedback {
                        number: d + 1,
                        text: options[i].text.clone(),
                        correct: options[i].correct,
                        picked: picked.contains(&i),
                        why: options[i].why.clone(),
                    })
                    .collect(),
            )
        }
        QuestionKind::Order { steps } => {
            let seq: &[usize] = match answer {
                Some(Answer::Order(s)) => s,
                _ => &[],
            };
            Detail::Order(
                shown
                    .items
                    .iter()
                    .enumerate()
                    .map(|(d, &i)| StepFeedback {
                        number: d + 1,
                        text: steps[i].text.clone(),
                        position: i + 1,
                        given: seq.iter().position(|&s| s == i).map(|p| p + 1),
                        why: steps[i].why.clone(),
                    })
                    .collect(),
            )
        }
        QuestionKind::Match { pairs } => {
            let chosen: &[usize] = match answer {
                Some(Answer::Match(m)) => m,
                _ => &[],
            };
            let shown_right = |file: usize| {
                let d = shown.rights.iter().position(|&r| r == file).unwrap_or(0);
                (letter(d), pairs[file].right.clone())
            };
            Detail::Match(
                shown
                    .items
                    .iter()
                    .enumerate()
                    .map(|(d, &i)| PairFeedback {
                        number: d + 1,
                        left: pairs[i].left.clone(),
                        right: shown_right(i),
                        given: chosen.get(i).map(|&r| shown_right(r)),
                    })
                    .collect(),
            )
        }
    };
    Feedback {
        question_id: question.id.clone(),
        correct: answer.is_some_and(|a| is_correct(question, a)),
        answered: answer.is_some(),
        detail,
        explanation: question.explanation.clone(),
        references: question.references.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fb(answered: bool, detail: Detail) -> Feedback {
        Feedback {
            question_id: "q".into(),
            correct: false,
            answered,
            detail,
            explanation: String::new(),
            references: Vec::new(),
        }
    }

    #[test]
    fn the_answer_given_reads_as_the_learner_typed_it() {
        let choice = |number, picked| ChoiceFeedback {
            number,
            text: String::new(),
            correct: false,
            picked,
            why: String::new(),
        };
        let picks = Detail::Choices(vec![choice(1, false), choice(2, true), choice(3, true)]);
        assert_eq!(
            fb(true, picks.clone()).given_text().as_deref(),
            Some("2, 3")
        );
        assert_eq!(fb(false, picks).given_text(), None);
        let step = |number, given| StepFeedback {
            number,
            text: String::new(),
            position: number,
            given: Some(given),
            why: String::new(),
        };
        let order = Detail::Order(vec![step(1, 2), step(2, 3), step(3, 1)]);
        assert_eq!(fb(true, order).given_text().as_deref(), Some("3 → 1 → 2"));
        let pair = |number, letter| PairFeedback {
            number,
            left: String::new(),
            right: ('a', String::new()),
            given: Some((letter, String::new())),
        };
        let pairs = Detail::Match(vec![pair(1, 'b'), pair(2, 'a')]);
        assert_eq!(fb(true, pairs).given_text().as_deref(), Some("1b 2a"));
    }
}
