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

    /// Shows a problem in the status bar.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            problem: true,
        });
    }
}
