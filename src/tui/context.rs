//! What every screen may use: the content, the progress store, the clock, the theme, and the
//! area the body was last drawn in (for mouse clicks). Screens keep their own UI state; this is
//! only the shared services.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::theme::Theme;
use crate::clock::{Clock, Timestamp, UtcOffset};
use crate::content::Bank;
use crate::store::Store;

/// The theme presenter mode uses: the one made for projectors and bright rooms.
pub const PRESENT_THEME: &str = "high-contrast";

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The message.
    pub text: String,
    /// Whether it reports a problem (drawn with ✗ and the theme's `bad` style).
    pub problem: bool,
}

/// Shared services for screens.
pub struct Ctx {
    /// Questions, catalog, cases and labs.
    pub bank: Bank,
    /// The learner's progress; every answer and lab step is written as it happens.
    pub store: Store,
    /// Where the store lives, for a screen that needs its own connection.
    pub data_dir: PathBuf,
    /// The time source (the real clock in the app, a manual one in tests).
    pub clock: Arc<dyn Clock>,
    /// Colours.
    pub theme: Theme,
    /// Whether colour is off (`NO_COLOR` or `--no-color`): the theme stays monochrome.
    pub no_color: bool,
    /// The body area of the last frame: screens map clicks with the same layout they draw.
    pub body: Rect,
    /// The status bar message, if any.
    pub notice: Option<Notice>,
    /// The seed for new Worlds and quiz samples when the learner did not pick one.
    pub seed: u64,
    /// The learner's time zone (found by the binary at start-up), for every date shown.
    pub utc_offset: UtcOffset,
    /// Presenter mode (`--present` or `P`): the lab player and the sandbox use the projector
    /// layout and events appear one at a time; the theme is high-contrast.
    pub present: bool,
    /// The theme to go back to when presenter mode ends.
    pub theme_before_present: Option<Theme>,
}

impl Ctx {
    /// The current time from the injected clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Shows `text` in the status bar.
    pub fn tell(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            problem: false,
        });
    }

    /// Turns presenter mode on or off: on, the high-contrast theme (kept monochrome when colour
    /// is off) replaces the learner's for the session without being saved; off, the learner's
    /// comes back.
    pub fn set_present(&mut self, on: bool) {
        if on == self.present {
            return;
        }
        self.present = on;
        if on {
            let contrast = Theme::named(PRESENT_THEME, self.no_color);
            if let Ok(t) = contrast {
                self.theme_before_present = Some(std::mem::replace(&mut self.theme, t));
            }
        } else if let Some(t) = self.theme_before_present.take() {
            self.theme = t;
        }
    }

    /// Shows a problem in the status bar.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            problem: true,
        });
    }
}
