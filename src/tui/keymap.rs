//! The one table from keys to [`Action`]s. The help overlay and every screen's footer are
//! generated from it, so what the screen says a key does is what it does.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// Where a binding applies: everywhere, or on one kind of screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every screen (a screen binding with the same key wins).
    Global,
    /// The home screen: a menu, plus the next thing to do and the target exam.
    Home,
    /// Menus and lists: labs, quiz set-up, the welcome.
    Menu,
    /// The lab player.
    LabPlayer,
    /// The sandbox.
    Sandbox,
    /// A question being answered.
    Quiz,
    /// Class quiz mode: one question for a room, a countdown, the key on a key press.
    ClassQuiz,
    /// The exam review list.
    QuizReview,
    /// A session's results.
    Results,
    /// The progress screen.
    Progress,
    /// A yes/no question on the status line: y says yes, any other key no.
    Confirm,
}

/// One line of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys that trigger it.
    pub keys: &'static [KeyCode],
    /// How the keys are shown in the footer and help.
    pub shown: &'static str,
    /// What it does.
    pub action: Action,
    /// What it does, in words.
    pub help: &'static str,
    /// Whether the footer shows it (the help overlay shows every binding).
    pub footer: bool,
}

mod table;

use KeyCode::{Backspace, Char, Delete};
use Scope::{Confirm, Global};
pub use table::KEYMAP;

/// The action for a key press on a screen of `scope`. While a text box has the focus
/// (`typing`), printable keys are text and only Enter, Esc, Backspace and arrows keep their
/// meaning. Ctrl-C always quits and Ctrl-Z always suspends: in raw mode the terminal sends them
/// as keys, not as SIGINT and SIGTSTP.
pub fn action_for(key: KeyEvent, scope: Scope, typing: bool) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            Char('c') => Some(Action::Quit),
            Char('z') => Some(Action::Suspend),
            Char('r') if typing => Some(Action::HistorySearch),
            _ => None,
        };
    }
    if typing {
        match key.code {
            Char(c) => return Some(Action::Input(c)),
            Backspace => return Some(Action::Backspace),
            Delete => return Some(Action::Delete),
            _ => {}
        }
    }
    if let Char(c @ '1'..='9') = key.code
        && bindings(scope).any(|b| matches!(b.action, Action::Pick(_)))
    {
        // '1'..='9' fits in u8.
        return Some(Action::Pick(c as u8 - b'0'));
    }
    bindings(scope)
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.action)
        .or(match (scope, key.code) {
            // A letter with no binding in the lab player is most likely the start of a World
            // command typed without `:`; the player says how to type one.
            (Scope::LabPlayer, Char(c)) if c.is_alphanumeric() || c == '_' => {
                Some(Action::Input(c))
            }
            _ => None,
        })
}

/// The bindings that apply on a screen of `scope`: its own, then the global ones (none while a
/// question waits for y: every other key answers no).
pub fn bindings(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    KEYMAP
        .iter()
        .filter(move |b| b.scope == scope && scope != Global)
        .chain(
            KEYMAP
                .iter()
                .filter(move |b| b.scope == Global && scope != Confirm),
        )
}

/// The footer's key hints for `scope`: `(keys, what)` pairs.
pub fn footer(scope: Scope) -> Vec<(&'static str, &'static str)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for b in bindings(scope).filter(|b| b.footer) {
        // A screen's own Enter/Esc replaces the global one in the footer too.
        if b.keys.iter().all(|k| seen.contains(k)) {
            continue;
        }
        seen.extend_from_slice(b.keys);
        out.push((b.shown, b.help));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyCode::{Enter, Esc};
    use Scope::{LabPlayer, Menu, Progress, Quiz, Results, Sandbox};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn screen_bindings_win_over_global_ones() {
        assert_eq!(action_for(key(Enter), Quiz, false), Some(Action::Submit));
        assert_eq!(action_for(key(Enter), Menu, false), Some(Action::Select));
        assert_eq!(
            action_for(key(Char('r')), LabPlayer, false),
            Some(Action::Run)
        );
        assert_eq!(
            action_for(key(Char('r')), Quiz, false),
            Some(Action::Review)
        );
        assert_eq!(action_for(key(Char('q')), Quiz, false), Some(Action::Quit));
        assert_eq!(
            action_for(key(Char('j')), Progress, false),
            Some(Action::Down)
        );
    }

    #[test]
    fn digits_pick_only_where_a_screen_offers_options() {
        assert_eq!(
            action_for(key(Char('3')), Quiz, false),
            Some(Action::Pick(3))
        );
        assert_eq!(action_for(key(Char('3')), Progress, false), None);
    }

    #[test]
    fn typing_turns_letters_into_text_but_keeps_enter_and_esc() {
        assert_eq!(
            action_for(key(Char('q')), Sandbox, true),
            Some(Action::Input('q'))
        );
        assert_eq!(
            action_for(key(Backspace), Sandbox, true),
            Some(Action::Backspace)
        );
        assert_eq!(action_for(key(Esc), Sandbox, true), Some(Action::Back));
        assert_eq!(action_for(key(Enter), Sandbox, true), Some(Action::Select));
    }

    #[test]
    fn an_unbound_letter_in_the_lab_player_reaches_it_as_input() {
        assert_eq!(
            action_for(key(Char('e')), LabPlayer, false),
            Some(Action::Input('e'))
        );
        assert_eq!(
            action_for(key(Char('c')), LabPlayer, false),
            Some(Action::Submit)
        );
        assert_eq!(action_for(key(Char('e')), Menu, false), None);
    }

    #[test]
    fn ctrl_c_always_quits_and_releases_are_ignored() {
        let ctrl_c = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_c, LabPlayer, true), Some(Action::Quit));
        let mut release = key(Char('q'));
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(release, Menu, false), None);
    }

    #[test]
    fn ctrl_z_suspends_on_every_screen_even_while_typing() {
        let ctrl_z = KeyEvent::new(Char('z'), KeyModifiers::CONTROL);
        for scope in [Global, Menu, LabPlayer, Sandbox, Quiz, Results] {
            assert_eq!(action_for(ctrl_z, scope, false), Some(Action::Suspend));
            assert_eq!(action_for(ctrl_z, scope, true), Some(Action::Suspend));
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for b in KEYMAP {
            for k in b.keys {
                let same = KEYMAP
                    .iter()
                    .filter(|o| o.scope == b.scope && o.keys.contains(k))
                    .count();
                assert_eq!(same, 1, "{k:?} bound twice in {:?}", b.scope);
            }
        }
    }

    #[test]
    fn the_footer_shows_a_screens_own_enter_not_the_global_one() {
        let quiz = footer(Quiz);
        assert!(quiz.contains(&("Enter", "submit")));
        assert!(!quiz.contains(&("Enter", "open / confirm")));
        assert!(quiz.contains(&("q", "quit")));
    }
}
