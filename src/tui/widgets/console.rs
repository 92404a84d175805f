//! The one-line console of the lab player and the sandbox: a World command typed as
//! `name key=value ...` with Tab completion (names, arguments, values from the registry and the
//! World), the signature of the command with the argument under the cursor, history on ↑/↓,
//! Ctrl-R to search it, and pasted text. `handle` changes the state; `lines` only reads it.

use ratatui::text::{Line, Span};

use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::vocabulary::complete::{Names, complete, signature};

/// Lines kept in the history.
const HISTORY_KEEP: usize = 200;

/// What the console did with an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Not a console key.
    Ignored,
    /// The line or the help changed: redraw.
    Changed,
    /// Enter on a line: run it.
    Submit(String),
    /// Esc: the focus leaves the console (the text stays).
    Leave,
}

/// Tab pressed again on the same candidates: the next one replaces the last.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cycle {
    start: usize,
    candidates: Vec<String>,
    index: usize,
}

/// A Ctrl-R search of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Search {
    query: String,
    /// The history entry matched, if any.
    found: Option<usize>,
    /// The line before the search, restored on Esc.
    before: String,
}

/// The console's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Console {
    text: String,
    /// Byte offset of the cursor in `text`.
    cursor: usize,
    history: Vec<String>,
    /// The history entry shown while browsing with ↑/↓.
    recall: Option<usize>,
    /// The line being typed before browsing began.
    draft: String,
    search: Option<Search>,
    cycle: Option<Cycle>,
    /// What the last ambiguous Tab offered, shown under the line.
    offered: Vec<String>,
    /// The last Tab found nothing to complete.
    nothing: bool,
}

impl Console {
    /// The line typed so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Puts a line back to edit or send again (one that could not run yet).
    pub fn restore(&mut self, line: String) {
        self.set_text(line);
    }

    /// The lines entered, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Adds lines to the history (a resumed lab's earlier lines).
    pub fn remember(&mut self, lines: impl IntoIterator<Item = String>) {
        for l in lines {
            self.push_history(l);
        }
    }

    fn push_history(&mut self, line: String) {
        if line.trim().is_empty() || self.history.last() == Some(&line) {
            return;
        }
        self.history.push(line);
        let excess = self.history.len().saturating_sub(HISTORY_KEEP);
        self.history.drain(..excess);
    }

    /// Handles one action while the console has the focus; `extra` are the player's own words
    /// offered with the command names.
    pub fn handle(&mut self, action: Action, world: &World, extra: &[&str]) -> Reply {
        if self.search.is_some() {
            return self.handle_search(action);
        }
        if !matches!(action, Action::NextPane | Action::PrevPane) {
            self.cycle = None;
            self.offered.clear();
            self.nothing = false;
        }
        match action {
            Action::Input(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                self.recall = None;
            }
            Action::Backspace => {
                let Some(c) = self.text[..self.cursor].chars().next_back() else {
                    return Reply::Ignored;
                };
                self.cursor -= c.len_utf8();
                self.text.remove(self.cursor);
            }
            Action::Delete => {
                if self.cursor >= self.text.len() {
                    return Reply::Ignored;
                }
                self.text.remove(self.cursor);
            }
            Action::Left => {
                let Some(c) = self.text[..self.cursor].chars().next_back() else {
                    return Reply::Ignored;
                };
                self.cursor -= c.len_utf8();
            }
            Action::Right => {
                let Some(c) = self.text[self.cursor..].chars().next() else {
                    return Reply::Ignored;
                };
                self.cursor += c.len_utf8();
            }
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = self.text.len(),
            Action::Up => return self.recall_older(),
            Action::Down => return self.recall_newer(),
            Action::HistorySearch => {
                self.search = Some(Search {
                    query: String::new(),
                    found: None,
                    before: self.text.clone(),
                });
            }
            Action::NextPane => self.complete(world, extra, true),
            Action::PrevPane => self.complete(world, extra, false),
            Action::Select => {
                let line = std::mem::take(&mut self.text);
                self.cursor = 0;
                self.recall = None;
                if line.trim().is_empty() {
                    return Reply::Changed;
                }
                self.push_history(line.clone());
                return Reply::Submit(line);
            }
            Action::Back => return Reply::Leave,
            _ => return Reply::Ignored,
        }
        Reply::Changed
    }

    fn set_text(&mut self, text: String) {
        self.cursor = text.len();
        self.text = text;
    }

    fn recall_older(&mut self) -> Reply {
        let at = match self.recall {
            None if self.history.is_empty() => return Reply::Ignored,
            None => {
                self.draft = self.text.clone();
                self.history.len() - 1
            }
            Some(0) => return Reply::Ignored,
            Some(i) => i - 1,
        };
        self.recall = Some(at);
        self.set_text(self.history[at].clone());
        Reply::Changed
    }

    fn recall_newer(&mut self) -> Reply {
        let Some(i) = self.recall else {
            return Reply::Ignored;
        };
        if i + 1 < self.history.len() {
            self.recall = Some(i + 1);
            self.set_text(self.history[i + 1].clone());
        } else {
            self.recall = None;
            let draft = std::mem::take(&mut self.draft);
            self.set_text(draft);
        }
        Reply::Changed
    }

    fn handle_search(&mut self, action: Action) -> Reply {
        let Some(search) = self.search.as_mut() else {
            return Reply::Ignored;
        };
        let find = |history: &[String], query: &str, below: usize| {
            history[..below].iter().rposition(|h| h.contains(query))
        };
        match action {
            Action::Input(c) => {
                search.query.push(c);
                search.found = find(&self.history, &search.query, self.history.len());
            }
            Action::Backspace => {
                search.query.pop();
                search.found = find(&self.history, &search.query, self.history.len());
            }
            Action::HistorySearch => {
                // Again: an older match.
                let below = search.found.unwrap_or(self.history.len());
                if let Some(i) = find(&self.history, &search.query, below) {
                    search.found = Some(i);
                }
            }
            Action::Back => {
                let before = std::mem::take(&mut search.before);
                self.search = None;
                self.set_text(before);
            }
            Action::Select | Action::Left | Action::Right | Action::Top | Action::Bottom => {
                // Take the match into the line, to edit or run with Enter.
                let text = search
                    .found
                    .map_or_else(|| search.before.clone(), |i| self.history[i].clone());
                self.search = None;
                self.set_text(text);
            }
            _ => return Reply::Ignored,
        }
        Reply::Changed
    }

    fn complete(&mut self, world: &World, extra: &[&str], forward: bool) {
        if let Some(cycle) = self.cycle.as_mut() {
            let n = cycle.candidates.len();
            cycle.index = if forward {
                (cycle.index + 1) % n
            } else {
                (cycle.index + n - 1) % n
            };
            let (start, pick) = (cycle.start, cycle.candidates[cycle.index].clone());
            self.replace(start, &pick);
            return;
        }
        let found = complete(&self.text, self.cursor, &Names::of(world), extra);
        let typed = &self.text[found.span.clone()];
        match found.candidates.as_slice() {
            [] => self.nothing = true,
            [one] => {
                let mut pick = one.clone();
                if !pick.ends_with(['=', '.']) && self.text[self.cursor..].is_empty() {
                    pick.push(' ');
                }
                self.replace(found.span.start, &pick);
            }
            many => {
                let prefix = common_prefix(many);
                if prefix.len() > typed.len() {
                    self.replace(found.span.start, &prefix);
                } else {
                    self.replace(found.span.start, &many[0]);
                    self.cycle = Some(Cycle {
                        start: found.span.start,
                        candidates: many.to_vec(),
                        index: 0,
                    });
                }
                self.offered = many.to_vec();
            }
        }
    }

    /// Replaces the text from `start` to the cursor with `with`.
    fn replace(&mut self, start: usize, with: &str) {
        self.text.replace_range(start..self.cursor, with);
        self.cursor = start + with.len();
    }

    /// The help line and the input line, `width` cells wide, and the cursor's column in the
    /// input line (for the terminal cursor, when the console has the focus).
    pub fn lines(&self, width: usize, theme: &Theme, focused: bool) -> (Vec<Line<'static>>, u16) {
        let help = self.help_line(width, theme, focused);
        let (prompt, text, cursor) = match &self.search {
            Some(s) => {
                let shown = s.found.map_or("", |i| self.history[i].as_str());
                let prompt = format!("(search `{}`) ", s.query);
                (prompt, shown.to_owned(), shown.len())
            }
            None => ("› ".to_owned(), self.text.clone(), self.cursor),
        };
        let room = width.saturating_sub(prompt.chars().count() + 1).max(1);
        let before = text[..cursor.min(text.len())].chars().count();
        // Scroll the line so that the cursor stays in sight.
        let skip = before.saturating_sub(room);
        let visible: String = text.chars().skip(skip).take(room).collect();
        let style = if focused { theme.text } else { theme.muted };
        let input = Line::from(vec![
            Span::styled(prompt.clone(), theme.accent),
            Span::styled(visible, style),
        ]);
        let column = prompt.chars().count() + before - skip;
        (vec![help, input], u16::try_from(column).unwrap_or(u16::MAX))
    }

    fn help_line(&self, width: usize, theme: &Theme, focused: bool) -> Line<'static> {
        let clip = |s: String| -> String { s.chars().take(width).collect() };
        if !focused {
            return Line::from(Span::styled(
                clip(": or Tab to type a command".into()),
                theme.muted,
            ));
        }
        if self.search.is_some() {
            return Line::from(Span::styled(
                clip("Ctrl-R older match · Enter takes it · Esc cancels".into()),
                theme.muted,
            ));
        }
        if self.nothing {
            return Line::from(Span::styled(clip("no completion here".into()), theme.muted));
        }
        if !self.offered.is_empty() {
            return Line::from(Span::styled(clip(self.offered.join("  ")), theme.info));
        }
        let Some(sig) = signature(&self.text, self.cursor) else {
            // Part of a name typed: the commands it could be.
            let word = self.text.trim_start();
            let matching: Vec<&str> = crate::world::vocabulary::registry::registry()
                .commands
                .names()
                .filter(|n| !word.is_empty() && !word.contains(' ') && n.starts_with(word))
                .collect();
            let text = if matching.is_empty() {
                "a command, then key=value pairs · Tab completes · ↑ history · Ctrl-R search".into()
            } else {
                format!("Tab: {}", matching.join("  "))
            };
            return Line::from(Span::styled(clip(text), theme.muted));
        };
        let mut spans = vec![Span::styled(format!("{} ", sig.name), theme.title)];
        let mut used = sig.name.chars().count() + 1;
        for (text, on) in &sig.args {
            used += text.chars().count() + 1;
            if used > width {
                spans.push(Span::styled("…", theme.muted));
                break;
            }
            spans.push(Span::styled(
                format!("{text} "),
                if *on { theme.accent } else { theme.muted },
            ));
        }
        Line::from(spans)
    }

    /// The argument help for the line: the meaning of the argument under the cursor.
    pub fn doc(&self) -> Option<String> {
        if self.search.is_some() || !self.offered.is_empty() {
            return None;
        }
        signature(&self.text, self.cursor).map(|s| s.doc)
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::scenario::Scenario;

    fn typed(console: &mut Console, text: &str, world: &World) {
        for c in text.chars() {
            console.handle(Action::Input(c), world, &[]);
        }
    }

    #[test]
    fn tab_completes_a_command_then_an_argument_then_a_value() {
        let world = World::new(Scenario::CreditRisk, 7);
        let mut c = Console::default();
        typed(&mut c, "gene", &world);
        c.handle(Action::NextPane, &world, &[]);
        assert_eq!(c.text(), "generate ");
        typed(&mut c, "ro", &world);
        c.handle(Action::NextPane, &world, &[]);
        assert_eq!(c.text(), "generate rows=");
        let mut c = Console::default();
        typed(&mut c, "train model=", &world);
        c.handle(Action::NextPane, &world, &[]);
        // Three kinds share no prefix: the first is put in, Tab again cycles.
        assert_eq!(c.offered.len(), 3);
        let first = c.text().to_owned();
        c.handle(Action::NextPane, &world, &[]);
        assert_ne!(c.text(), first);
        assert!(c.text().starts_with("train model="));
    }

    #[test]
    fn enter_submits_and_the_history_comes_back_with_up_and_ctrl_r() {
        let world = World::new(Scenario::CreditRisk, 7);
        let mut c = Console::default();
        typed(&mut c, "generate rows=5000", &world);
        assert_eq!(
            c.handle(Action::Select, &world, &[]),
            Reply::Submit("generate rows=5000".into())
        );
        assert_eq!(c.text(), "");
        typed(&mut c, "validate", &world);
        c.handle(Action::Select, &world, &[]);
        c.handle(Action::Up, &world, &[]);
        assert_eq!(c.text(), "validate");
        c.handle(Action::Up, &world, &[]);
        assert_eq!(c.text(), "generate rows=5000");
        c.handle(Action::Down, &world, &[]);
        c.handle(Action::Down, &world, &[]);
        assert_eq!(c.text(), "");
        c.handle(Action::HistorySearch, &world, &[]);
        typed(&mut c, "rows", &world);
        c.handle(Action::Select, &world, &[]);
        assert_eq!(c.text(), "generate rows=5000", "Enter takes the match");
    }

    #[test]
    fn editing_moves_by_characters_not_bytes() {
        let world = World::new(Scenario::CreditRisk, 7);
        let mut c = Console::default();
        typed(&mut c, "a é", &world);
        c.handle(Action::Left, &world, &[]);
        c.handle(Action::Backspace, &world, &[]);
        assert_eq!(c.text(), "aé");
        c.handle(Action::Top, &world, &[]);
        c.handle(Action::Delete, &world, &[]);
        assert_eq!(c.text(), "é");
        assert_eq!(c.handle(Action::Back, &world, &[]), Reply::Leave);
    }
}
