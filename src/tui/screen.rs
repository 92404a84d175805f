//! The contract every screen keeps: draw from its own state without changing it, turn actions
//! into state changes, and say where the app should go next.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::context::Ctx;
use super::keymap::Scope;

/// What the app does after a screen handled an action.
pub enum Outcome {
    /// Nothing happened: no redraw needed.
    Ignored,
    /// The screen changed: redraw.
    Changed,
    /// Open another screen on top of this one (Esc comes back).
    Push(Box<dyn Screen>),
    /// Replace this screen with another.
    Replace(Box<dyn Screen>),
    /// Close this screen and go back to the one below.
    Pop,
    /// Open the help overlay (every key of this screen and the global ones).
    Help,
    /// Leave the app.
    Quit,
}

/// One screen of the app, holding its own UI state.
pub trait Screen {
    /// Shown in the header: where the learner is.
    fn title(&self) -> String;

    /// Which keymap scope applies.
    fn scope(&self) -> Scope;

    /// Draws the screen into `area` (the body, between header and footer). Reads only.
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);

    /// Handles one action. `ctx.body` is the area the screen was last drawn in, for clicks.
    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome;

    /// Whether a text box has the focus, so letters are typed rather than mapped to actions.
    fn typing(&self) -> bool {
        false
    }

    /// Takes pasted text (already cleaned of control characters) into the focused text box;
    /// returns whether anything changed. By default it is typed in character by character
    /// while [`Screen::typing`] says a box has the focus, and ignored otherwise.
    fn paste(&mut self, text: &str, ctx: &mut Ctx) -> bool {
        if !self.typing() {
            return false;
        }
        let mut changed = false;
        for c in text.chars() {
            changed |= matches!(self.handle(Action::Input(c), ctx), Outcome::Changed);
        }
        changed
    }

    /// How often the screen needs a tick while nothing else happens (a countdown, a training
    /// gauge); `None` means the app sleeps until the next key, click or resize.
    fn tick_every(&self) -> Option<Duration> {
        None
    }

    /// Called on each tick; returns whether anything visible changed.
    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        false
    }

    /// The question to ask before the app quits while this screen is open, when quitting would
    /// interrupt something (a running exam); `None` quits at once.
    fn leave_prompt(&self) -> Option<String> {
        None
    }

    /// Called when the screen above this one closes, so it can refresh what it shows (a menu's
    /// progress figures after a quiz).
    fn resumed(&mut self, _ctx: &mut Ctx) {}
}
