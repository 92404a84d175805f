//! The app: a stack of screens over shared services, the help overlay, and the frame around the
//! active screen (header, status line, footer of keys). It turns terminal events into actions
//! and says whether a redraw is needed; it never draws and changes state in the same step.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::action::Action;
use super::context::Ctx;
use super::keymap::{self, Scope};
use super::screen::{Outcome, Screen};
#[cfg(test)]
use super::screens::Target;
use super::theme::Theme;
use super::widgets::{frame as chrome, help};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the screens are laid out for.
pub const MIN_HEIGHT: u16 = 24;

/// Whether the loop should draw, wait or stop after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Something visible changed.
    Redraw,
    /// Nothing changed.
    Idle,
    /// Leave the app.
    Quit,
    /// Give the terminal back and stop until the shell's `fg` (Ctrl-Z).
    Suspend,
}

/// The running app.
pub struct App {
    stack: Vec<Box<dyn Screen>>,
    help: Option<u16>,
    /// The question asked before quitting (a running exam), while it waits for y.
    confirm: Option<String>,
    size: Rect,
    /// Shared services; public so tests can inspect the store and notices.
    pub ctx: Ctx,
}

/// The parts of the terminal: header, body, status line, footer.
pub struct Areas {
    /// One line: where the learner is.
    pub header: Rect,
    /// The active screen.
    pub body: Rect,
    /// One line for notices.
    pub status: Rect,
    /// One line of keys.
    pub footer: Rect,
}

/// Splits the terminal the same way for drawing and for mapping clicks.
pub fn areas(size: Rect) -> Areas {
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(size);
    Areas {
        header,
        body,
        status,
        footer,
    }
}

impl App {
    /// An app showing `first`, sized `size`.
    pub fn new(first: Box<dyn Screen>, mut ctx: Ctx, size: Rect) -> App {
        ctx.body = areas(size).body;
        App {
            stack: vec![first],
            help: None,
            confirm: None,
            size,
            ctx,
        }
    }

    fn too_small(&self) -> bool {
        self.size.width < MIN_WIDTH || self.size.height < MIN_HEIGHT
    }

    /// Opens `screen` on top of the current one.
    pub fn push(&mut self, screen: Box<dyn Screen>) {
        self.stack.push(screen);
    }

    /// How long the loop may sleep before the active screen needs a tick.
    pub fn tick_every(&self) -> Option<Duration> {
        self.stack.last().and_then(|s| s.tick_every())
    }

    /// The keymap scope of the active screen (or of the question waiting for y).
    pub fn scope(&self) -> Scope {
        if self.confirm.is_some() {
            return Scope::Confirm;
        }
        self.stack.last().map_or(Scope::Global, |s| s.scope())
    }

    /// The question waiting for y, if any.
    pub fn confirming(&self) -> Option<&str> {
        self.confirm.as_deref()
    }

    /// q: leaves at once, or first asks when a screen in the stack has work that leaving would
    /// interrupt (a running exam).
    fn quit(&mut self) -> Flow {
        // A terminal too small to show the question quits as before (the exam stays resumable).
        if self.too_small() {
            return Flow::Quit;
        }
        match self.stack.iter().rev().find_map(|s| s.leave_prompt()) {
            Some(question) => {
                self.confirm = Some(question);
                Flow::Redraw
            }
            None => Flow::Quit,
        }
    }

    /// Handles one terminal event.
    pub fn on_event(&mut self, event: &Event) -> Flow {
        match event {
            Event::Resize(w, h) => {
                self.resize(Rect::new(0, 0, *w, *h));
                Flow::Redraw
            }
            // Ctrl-C is an interrupt: it leaves without asking (a running exam stays resumable).
            Event::Key(key)
                if key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('c') =>
            {
                Flow::Quit
            }
            Event::Key(key) if key.kind != KeyEventKind::Release && self.confirm.is_some() => {
                // y leaves; any other key, even one with no binding, answers no.
                let action = keymap::action_for(*key, Scope::Confirm, false);
                self.on_action(action.unwrap_or(Action::Back))
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let typing = self.help.is_none() && self.stack.last().is_some_and(|s| s.typing());
                match keymap::action_for(*key, self.scope(), typing) {
                    Some(action) => self.on_action(action),
                    None => Flow::Idle,
                }
            }
            Event::Paste(text) => self.on_paste(text),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => self.on_action(Action::Click {
                    column: m.column,
                    row: m.row,
                }),
                MouseEventKind::ScrollUp => self.on_action(Action::ScrollUp),
                MouseEventKind::ScrollDown => self.on_action(Action::ScrollDown),
                _ => Flow::Idle,
            },
            _ => Flow::Idle,
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        self.ctx.body = areas(size).body;
    }

    /// Ticks the active screen.
    pub fn on_tick(&mut self) -> Flow {
        let changed = self.stack.last_mut().is_some_and(|s| s.tick(&mut self.ctx));
        if changed { Flow::Redraw } else { Flow::Idle }
    }

    /// Handles one action: the app's own first (quit, help, theme), then the active screen's.
    pub fn on_action(&mut self, action: Action) -> Flow {
        if self.confirm.take().is_some() {
            return if action == Action::Confirm {
                Flow::Quit
            } else {
                self.ctx.tell("Staying.");
                Flow::Redraw
            };
        }
        match action {
            Action::Quit => return self.quit(),
            Action::Suspend => return Flow::Suspend,
            _ => {}
        }
        if self.too_small() {
            return Flow::Idle;
        }
        if let Some(scroll) = self.help {
            self.help = match action {
                Action::Help | Action::Back | Action::Click { .. } => None,
                Action::Down | Action::ScrollDown => Some(scroll.saturating_add(1)),
                Action::Up | Action::ScrollUp => Some(scroll.saturating_sub(1)),
                Action::PageDown => Some(scroll.saturating_add(10)),
                Action::PageUp => Some(scroll.saturating_sub(10)),
                _ => Some(scroll),
            };
            return Flow::Redraw;
        }
        match action {
            Action::Help => {
                self.help = Some(0);
                return Flow::Redraw;
            }
            Action::CycleTheme => {
                self.cycle_theme();
                return Flow::Redraw;
            }
            _ => {}
        }
        self.ctx.notice = None;
        let Some(screen) = self.stack.last_mut() else {
            return Flow::Quit;
        };
        match screen.handle(action, &mut self.ctx) {
            Outcome::Ignored if action == Action::Back => self.pop(),
            // A dismissed notice still needs a redraw.
            Outcome::Ignored | Outcome::Changed => Flow::Redraw,
            Outcome::Push(next) => {
                self.stack.push(next);
                Flow::Redraw
            }
            Outcome::Replace(next) => {
                self.stack.pop();
                self.stack.push(next);
                Flow::Redraw
            }
            Outcome::Pop => self.pop(),
            Outcome::Help => {
                self.help = Some(0);
                Flow::Redraw
            }
            Outcome::Quit => Flow::Quit,
        }
    }

    /// A bracketed paste: one event however long, so a `q` or a newline in it is text, never a
    /// key. The focused text box takes it, cleaned ([`paste_text`]); without one it is ignored.
    pub fn on_paste(&mut self, text: &str) -> Flow {
        if self.too_small() || self.help.is_some() {
            return Flow::Idle;
        }
        let Some(screen) = self.stack.last_mut() else {
            return Flow::Idle;
        };
        if !screen.typing() {
            return Flow::Idle;
        }
        let (clean, cut) = paste_text(text);
        self.ctx.notice = None;
        let changed = screen.paste(&clean, &mut self.ctx);
        if cut {
            self.ctx.warn(format!(
                "Pasted text cut to its first {MAX_PASTE} characters"
            ));
        }
        if changed || cut {
            Flow::Redraw
        } else {
            Flow::Idle
        }
    }

    fn pop(&mut self) -> Flow {
        if self.stack.len() <= 1 {
            return Flow::Idle;
        }
        self.stack.pop();
        if let Some(s) = self.stack.last_mut() {
            s.resumed(&mut self.ctx);
        }
        Flow::Redraw
    }

    fn cycle_theme(&mut self) {
        if self.ctx.no_color {
            self.ctx
                .tell("Colour is off (NO_COLOR or --no-color): the theme stays monochrome");
            return;
        }
        let next = Theme::next_name(&self.ctx.theme.name);
        match Theme::named(next, false) {
            Ok(theme) => {
                self.ctx.theme = theme;
                match self.ctx.store.set_setting(THEME_SETTING, next) {
                    Ok(()) => self.ctx.tell(format!("Theme: {next} (saved)")),
                    Err(e) => self.ctx.warn(format!("Theme: {next} (not saved: {e})")),
                }
            }
            Err(e) => self.ctx.warn(e.to_string()),
        }
    }

    /// Draws the whole frame. Reads only.
    pub fn render(&self, frame: &mut Frame) {
        let size = frame.area();
        let theme = &self.ctx.theme;
        // The theme's background under everything: screens draw text colours only, and a cell
        // left with the terminal's own background would break the theme's contrast.
        frame.buffer_mut().set_style(size, theme.base);
        if self.too_small() {
            chrome::render_too_small(frame, size, theme);
            return;
        }
        let a = areas(size);
        let trail: Vec<String> = self.stack.iter().map(|s| s.title()).collect();
        chrome::render_header(frame, a.header, &trail, theme);
        if let Some(top) = self.stack.last() {
            top.render(frame, a.body, &self.ctx);
        }
        match &self.confirm {
            Some(question) => chrome::render_question(frame, a.status, question, theme),
            None => chrome::render_status(frame, a.status, self.ctx.notice.as_ref(), theme),
        }
        chrome::render_footer(frame, a.footer, &keymap::footer(self.scope()), theme);
        if let Some(scroll) = self.help {
            help::render_help(frame, a.body, self.scope(), scroll, theme);
        }
    }
}

/// The most characters a paste puts in a text box: the boxes are one line, and a stray paste of
/// a whole file should not stall the screen.
pub const MAX_PASTE: usize = 4096;

/// Pasted text made safe for a one-line box: tabs and line breaks become one space each (a
/// Windows line ending too), other control characters (escape sequences' ESC among them) and
/// the invisible bidirectional overrides are dropped, and at most [`MAX_PASTE`] characters are
/// kept. Returns the text and whether it was cut.
pub fn paste_text(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut kept = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\t' | '\n' | '\r' => ' ',
            // Embeddings, overrides and isolates reorder what is shown without being seen.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        if kept == MAX_PASTE {
            return (out, true);
        }
        out.push(c);
        kept += 1;
    }
    (out, false)
}

/// The store setting that remembers the learner's theme.
pub const THEME_SETTING: &str = "theme";

#[cfg(test)]
mod tests;
