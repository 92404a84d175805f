//! The line-mode answer language: `2`, `1,3`, an order `3 1 2`, match pairs `1b 2a 3c`, and the
//! navigation letters. Pure parsing, shared by the line interface and its tests.

use super::answer::{Response, expected_format};
use super::session::ReviewFilter;
use crate::content::{Question, QuestionKind};

/// One line the learner typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An answer, in display positions.
    Respond(Response),
    /// `f`: flag or unflag for review.
    Flag,
    /// `n`: next question.
    Next,
    /// `p`: previous question.
    Prev,
    /// `g N`: go to question N (0-based here).
    Goto(usize),
    /// `r`, `r u`, `r f`: the review list, all / unanswered / flagged.
    Review(ReviewFilter),
    /// `s`: submit the exam.
    Submit,
    /// `?` or `h`: what can be typed.
    Help,
    /// `q`: stop; what was answered is kept and scored.
    Quit,
    /// `:report WORDS`: dispute the question on screen, in the learner's words (case kept).
    Report(String),
}

/// Parses one line typed while `question` (with `n` options, steps or pairs) is on screen.
/// The error message states the format expected.
pub fn parse(line: &str, question: &Question, n: usize) -> Result<Command, String> {
    if let Some(rest) = line.trim_start().strip_prefix(":report") {
        let note = rest.trim();
        if note.is_empty() {
            return Err(
                "type :report and what looks wrong, e.g. :report option 2 is also right".into(),
            );
        }
        return Ok(Command::Report(note.to_owned()));
    }
    let text = line.trim().to_ascii_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [] => return Err(format!("no answer: {}", expected_format(question, n))),
        ["f" | "flag"] => return Ok(Command::Flag),
        ["n" | "next"] => return Ok(Command::Next),
        ["p" | "prev" | "previous"] => return Ok(Command::Prev),
        ["s" | "submit"] => return Ok(Command::Submit),
        ["?" | "h" | "help"] => return Ok(Command::Help),
        ["q" | "quit"] => return Ok(Command::Quit),
        ["r" | "review"] | ["r" | "review", "a" | "all"] => {
            return Ok(Command::Review(ReviewFilter::All));
        }
        ["r" | "review", "u" | "unanswered"] => {
            return Ok(Command::Review(ReviewFilter::Unanswered));
        }
        ["r" | "review", "f" | "flagged"] => return Ok(Command::Review(ReviewFilter::Flagged)),
        ["g" | "go", number] => {
            return match number.parse::<usize>() {
                Ok(k) if k >= 1 => Ok(Command::Goto(k - 1)),
                _ => Err("type g and a question number, e.g. g 5".into()),
            };
        }
        _ => {}
    }
    let bad = || {
        format!(
            "could not read '{}': {}",
            line.trim(),
            expected_format(question, n)
        )
    };
    // 1-based on screen; 0 becomes an out-of-range position that the answer check rejects.
    let position = |s: &str| {
        s.parse::<usize>()
            .map(|k| k.checked_sub(1).unwrap_or(usize::MAX))
    };
    let tokens: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    match &question.kind {
        QuestionKind::Single { .. } | QuestionKind::Multi { .. } | QuestionKind::Order { .. } => {
            let picks: Vec<usize> = tokens
                .iter()
                .map(|t| position(t))
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?;
            Ok(Command::Respond(match question.kind {
                QuestionKind::Order { .. } => Response::Order(picks),
                _ => Response::Choices(picks),
            }))
        }
        QuestionKind::Match { .. } => {
            let mut pairs = Vec::with_capacity(tokens.len());
            for t in tokens {
                let t = t.replace([':', '=', '-'], "");
                let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
                let (num, rest) = t.split_at(split);
                let left = position(num).map_err(|_| bad())?;
                let mut letters = rest.chars();
                let (Some(l), None) = (letters.next(), letters.next()) else {
                    return Err(bad());
                };
                if !l.is_ascii_lowercase() {
                    return Err(bad());
                }
                pairs.push((left, usize::from(l as u8 - b'a')));
            }
            Ok(Command::Respond(Response::Match(pairs)))
        }
    }
}
