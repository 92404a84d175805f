//! The learner's picks on the question on screen, before they are submitted: the option under
//! the cursor, the options ticked (multi), the sequence built so far (order) or the pairs made
//! (match). Pure state in display positions; `response` turns it into the engine's `Response`.

use crate::content::QuestionKind;
use crate::quiz::answer::letter;
use crate::quiz::{Answer, Item, Response};

/// What the picks look like for each kind of question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One option.
    Single,
    /// `choose` options.
    Multi {
        /// How many to pick.
        choose: usize,
    },
    /// Every step once, first step first.
    Order,
    /// Every left item with a different right item.
    Match,
}

/// Picks on one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picks {
    /// The kind of question.
    pub kind: Kind,
    /// How many options, steps or left items there are.
    pub len: usize,
    /// The option (or left item) under the cursor.
    pub cursor: usize,
    /// Single and multi: the ticked options; order: the sequence so far.
    pub chosen: Vec<usize>,
    /// Match: for each left item, the right item paired with it.
    pub pairs: Vec<Option<usize>>,
}

impl Picks {
    /// Fresh picks for an item, pre-filled from the answer it already has (exam mode lets the
    /// learner change an answer, so they start from what they gave).
    pub fn for_item(item: &Item) -> Picks {
        let len = item.shown.items.len();
        let kind = match &item.question.kind {
            QuestionKind::Single { .. } => Kind::Single,
            QuestionKind::Multi { choose, .. } => Kind::Multi { choose: *choose },
            QuestionKind::Order { .. } => Kind::Order,
            QuestionKind::Match { .. } => Kind::Match,
        };
        let screen = |file: usize, order: &[usize]| order.iter().position(|&i| i == file);
        let mut picks = Picks {
            kind,
            len,
            cursor: 0,
            chosen: Vec::new(),
            pairs: vec![None; len],
        };
        match &item.answer {
            Some(Answer::Choices(ids) | Answer::Order(ids)) => {
                picks.chosen = ids
                    .iter()
                    .filter_map(|&i| screen(i, &item.shown.items))
                    .collect();
                if picks.kind != Kind::Order {
                    picks.chosen.sort_unstable();
                }
                picks.cursor = picks.chosen.first().copied().unwrap_or(0);
            }
            Some(Answer::Match(rights)) => {
                for (d, &left) in item.shown.items.iter().enumerate() {
                    picks.pairs[d] = rights
                        .get(left)
                        .and_then(|&r| screen(r, &item.shown.rights));
                }
            }
            None => {}
        }
        picks
    }

    /// Whether the picks themselves (not the cursor) differ from `other`'s.
    pub fn chosen_differ(&self, other: &Picks) -> bool {
        self.chosen != other.chosen || self.pairs != other.pairs
    }

    /// Moves the cursor by `delta`, staying on the options.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.len.saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// The learner chose option (or step, or left item) `d` by its number, a click or the
    /// cursor. Returns whether that completes a single-choice answer (submit at once).
    pub fn choose(&mut self, d: usize) -> Result<bool, String> {
        if d >= self.len {
            return Err(format!(
                "there are {} options: pick 1 to {}",
                self.len, self.len
            ));
        }
        self.cursor = d;
        match self.kind {
            Kind::Single => {
                self.chosen = vec![d];
                return Ok(true);
            }
            Kind::Multi { .. } => {
                if let Some(at) = self.chosen.iter().position(|&c| c == d) {
                    self.chosen.remove(at);
                } else {
                    self.chosen.push(d);
                    self.chosen.sort_unstable();
                }
            }
            Kind::Order => {
                if self.chosen.contains(&d) {
                    return Err(format!(
                        "step {} is already placed; Backspace takes the last one back",
                        d + 1
                    ));
                }
                self.chosen.push(d);
            }
            // Choosing a left item only selects it; ← → or a click on a letter pairs it.
            Kind::Match => {}
        }
        Ok(false)
    }

    /// Match: pairs the left item under the cursor with right item `r`. A right item already
    /// paired elsewhere moves here, and that left item takes this one's old partner, so every
    /// right item stays used at most once.
    pub fn pair(&mut self, r: usize) {
        if self.kind != Kind::Match || r >= self.len {
            return;
        }
        let old = self.pairs[self.cursor];
        if let Some(other) = self.pairs.iter().position(|&p| p == Some(r)) {
            self.pairs[other] = old;
        }
        self.pairs[self.cursor] = Some(r);
    }

    /// Match: the next (or previous) right item for the left item under the cursor, skipping
    /// letters other items already have while any is free (so ← → never undo earlier pairs).
    pub fn cycle(&mut self, forward: bool) {
        if self.kind != Kind::Match || self.len == 0 {
            return;
        }
        let n = self.len;
        let start = self.pairs[self.cursor];
        let step = |r: usize| {
            if forward {
                (r + 1) % n
            } else {
                (r + n - 1) % n
            }
        };
        let first = match start {
            Some(r) => step(r),
            None if forward => 0,
            None => n - 1,
        };
        let taken = |r: usize| {
            self.pairs
                .iter()
                .enumerate()
                .any(|(l, p)| l != self.cursor && *p == Some(r))
        };
        let mut r = first;
        for _ in 0..n {
            if !taken(r) {
                break;
            }
            r = step(r);
        }
        if taken(r) {
            r = first;
        }
        self.pair(r);
    }

    /// Takes back the last pick: the last step placed, the pair of the item under the cursor,
    /// or every tick of a multiple choice.
    pub fn undo(&mut self) -> bool {
        match self.kind {
            Kind::Order => self.chosen.pop().is_some(),
            Kind::Match => self.pairs[self.cursor].take().is_some(),
            Kind::Multi { .. } | Kind::Single => {
                let had = !self.chosen.is_empty();
                self.chosen.clear();
                had
            }
        }
    }

    /// What is still missing before Enter can submit, or `None` when the picks are complete.
    pub fn missing(&self) -> Option<String> {
        match self.kind {
            Kind::Single => None,
            Kind::Multi { choose } => {
                let have = self.chosen.len();
                match have.cmp(&choose) {
                    std::cmp::Ordering::Less => {
                        let more = choose - have;
                        Some(format!(
                            "choose {choose}: {more} more to pick (number keys or Space toggle)"
                        ))
                    }
                    std::cmp::Ordering::Greater => Some(format!(
                        "choose {choose}: {have} are ticked, untick {}",
                        have - choose
                    )),
                    std::cmp::Ordering::Equal => None,
                }
            }
            Kind::Order => (self.chosen.len() < self.len).then(|| {
                format!(
                    "{} of {} steps placed: press the number of the step that comes next",
                    self.chosen.len(),
                    self.len
                )
            }),
            Kind::Match => {
                let open = self.pairs.iter().filter(|p| p.is_none()).count();
                (open > 0).then(|| {
                    format!(
                        "{open} of {} items still unpaired: ← → give the selected item a letter",
                        self.len
                    )
                })
            }
        }
    }

    /// The picks as the engine's response (display positions). Single takes the cursor when
    /// nothing is ticked, so ↑↓ + Enter answers.
    pub fn response(&self) -> Response {
        match self.kind {
            Kind::Single if self.chosen.is_empty() => Response::Choices(vec![self.cursor]),
            Kind::Single | Kind::Multi { .. } => Response::Choices(self.chosen.clone()),
            Kind::Order => Response::Order(self.chosen.clone()),
            Kind::Match => Response::Match(
                self.pairs
                    .iter()
                    .enumerate()
                    .filter_map(|(l, r)| r.map(|r| (l, r)))
                    .collect(),
            ),
        }
    }

    /// The letter paired with left item `l`, if any.
    pub fn letter_of(&self, l: usize) -> Option<char> {
        self.pairs.get(l).copied().flatten().map(letter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picks(kind: Kind, len: usize) -> Picks {
        Picks {
            kind,
            len,
            cursor: 0,
            chosen: Vec::new(),
            pairs: vec![None; len],
        }
    }

    #[test]
    fn multi_toggles_and_says_how_many_are_left() {
        let mut p = picks(Kind::Multi { choose: 2 }, 4);
        assert_eq!(p.choose(2), Ok(false));
        assert!(p.missing().unwrap().contains("1 more to pick"));
        p.choose(0).unwrap();
        assert_eq!(p.missing(), None);
        p.choose(2).unwrap();
        assert_eq!(p.response(), Response::Choices(vec![0]));
        assert!(p.choose(4).is_err());
    }

    #[test]
    fn order_builds_a_sequence_that_backspace_undoes() {
        let mut p = picks(Kind::Order, 3);
        p.choose(2).unwrap();
        p.choose(0).unwrap();
        assert!(p.choose(2).is_err(), "a step is placed once");
        assert!(p.undo());
        p.choose(1).unwrap();
        p.choose(0).unwrap();
        assert_eq!(p.response(), Response::Order(vec![2, 1, 0]));
        assert_eq!(p.missing(), None);
    }

    #[test]
    fn match_pairs_stay_one_to_one() {
        let mut p = picks(Kind::Match, 3);
        p.cycle(true); // item 1 -> a
        p.choose(1).unwrap();
        p.cycle(true); // item 2 skips the taken a
        assert_eq!(p.pairs, vec![Some(0), Some(1), None]);
        p.pair(0); // a click on a: item 2 takes it, item 1 gets item 2's b
        assert_eq!(p.pairs, vec![Some(1), Some(0), None]);
        assert_eq!(p.letter_of(1), Some('a'));
        assert!(p.missing().unwrap().contains("1 of 3"));
    }

    #[test]
    fn single_answers_with_the_cursor_or_a_number() {
        let mut p = picks(Kind::Single, 4);
        p.move_cursor(2);
        assert_eq!(p.response(), Response::Choices(vec![2]));
        assert_eq!(p.choose(3), Ok(true));
        assert_eq!(p.response(), Response::Choices(vec![3]));
    }
}
