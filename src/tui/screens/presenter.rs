//! Presenter mode's shared parts for the lab player and the sandbox: the projector split (the
//! World pane wider, the left pane kept to the step or the knob at hand) and the pacer that
//! holds back the events of the latest answer until the instructor reveals them one by one.

use std::ops::Range;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;

/// The left pane and the World pane in presenter mode: `words` percent of the width for the
/// step or the knob (at least 36 columns, so it still reads), the rest for the World and its
/// charts. Unlike the usual split, the words are not capped: a projector's wide screen gives
/// the step longer lines.
pub fn panes(body: Rect, words: u16) -> [Rect; 2] {
    let left = (body.width * words / 100).max(36).min(body.width);
    Layout::horizontal([Constraint::Length(left), Constraint::Min(0)]).areas(body)
}

/// Which lines of a log are held back: those of the latest answer not revealed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pacer {
    /// First line of the held batch.
    start: usize,
    /// One past its last line.
    end: usize,
    /// Lines of the batch revealed so far.
    shown: usize,
}

impl Pacer {
    /// Holds back `lines` (a batch just appended to the log).
    pub fn hold(&mut self, lines: Range<usize>) {
        *self = Pacer {
            start: lines.start,
            end: lines.end,
            shown: 0,
        };
    }

    /// Shows everything (presenter mode left, or a new command sent); the batch is still the
    /// latest one.
    pub fn release(&mut self) {
        self.shown = self.end - self.start;
    }

    /// The lines still held back.
    pub fn hidden(&self) -> Range<usize> {
        (self.start + self.shown).min(self.end)..self.end
    }

    /// How many lines of the batch are still held back.
    pub fn left(&self) -> usize {
        self.hidden().len()
    }

    /// Reveals one more line; false when nothing was held back.
    pub fn reveal(&mut self) -> bool {
        if self.left() == 0 {
            return false;
        }
        self.shown += 1;
        true
    }

    /// The first held line of the latest batch: presenter mode shows the log from there (the
    /// lab from the line typed just before it).
    pub fn first(&self) -> usize {
        self.start
    }

    /// The log lost its first `n` lines (it keeps a bounded number).
    pub fn dropped(&mut self, n: usize) {
        self.start = self.start.saturating_sub(n);
        self.end = self.end.saturating_sub(n);
        self.shown = self.shown.min(self.end - self.start);
    }
}

/// The line under the revealed events saying what Space does next.
pub fn next_line(left: usize, then: &str, theme: &Theme) -> Line<'static> {
    let text = if left > 0 {
        format!("Space: next event ({left} more)")
    } else {
        then.to_owned()
    };
    Line::from(Span::styled(text, theme.accent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_revealed_one_line_at_a_time() {
        let mut p = Pacer::default();
        assert!(p.hidden().is_empty());
        p.hold(3..6);
        assert_eq!(p.hidden(), 3..6);
        assert!(p.reveal());
        assert_eq!(p.hidden(), 4..6);
        assert_eq!(p.left(), 2);
        p.dropped(2);
        assert_eq!(p.hidden(), 2..4, "indices follow the log's trimming");
        assert!(p.reveal() && p.reveal());
        assert!(!p.reveal(), "nothing left to reveal");
        p.hold(7..9);
        p.release();
        assert_eq!(p.left(), 0);
        assert_eq!(p.first(), 7, "released, the batch is still the latest");
    }

    #[test]
    fn the_projector_split_gives_the_world_most_of_the_room() {
        let [left, right] = panes(Rect::new(0, 0, 120, 40), 40);
        assert_eq!(left.width, 48);
        assert_eq!(right.width, 72);
        let [left, _] = panes(Rect::new(0, 0, 60, 20), 40);
        assert_eq!(left.width, 36);
        let [left, _] = panes(Rect::new(0, 0, 200, 50), 50);
        assert_eq!(left.width, 100, "no cap on a wide screen");
    }
}
