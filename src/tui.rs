//! The terminal interface: the only part of the crate that uses ratatui and crossterm.
//!
//! [`run`] sets the terminal up (raw mode, alternate screen, mouse), restores it on exit, on
//! error and on panic, and drives the [`app::App`]: it sleeps until a key, a click, a resize or a
//! screen's own tick (a countdown) arrives, and redraws only when something changed.

pub mod action;
pub mod app;
pub mod context;
pub mod keymap;
pub mod screen;
pub mod screens;
#[cfg(test)]
pub mod testing;
pub mod theme;
pub mod views;
pub mod widgets;

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;

use self::app::{App, Flow, THEME_SETTING};
use self::context::Ctx;
use self::screens::Target;
use self::theme::Theme;
use crate::clock::{SystemClock, UtcOffset};
use crate::content::Bank;
use crate::store::Store;

/// Everything the app needs to start.
pub struct Launch {
    /// Shipped content plus `--content` packs.
    pub bank: Bank,
    /// The learner's progress store.
    pub store: Store,
    /// The folder the store is in.
    pub data_dir: PathBuf,
    /// `--no-color`, or `NO_COLOR` set in the environment.
    pub no_color: bool,
    /// The first screen (home, a lab, a quiz...).
    pub target: Target,
    /// Seed for new Worlds and samples.
    pub seed: u64,
    /// The learner's time zone, for the dates shown.
    pub utc_offset: UtcOffset,
}

/// The services for a launch: the theme comes from the store's saved choice.
pub fn context(launch: Launch) -> Ctx {
    let saved = launch.store.setting(THEME_SETTING).ok().flatten();
    let theme = saved
        .and_then(|name| Theme::named(&name, launch.no_color).ok())
        .unwrap_or_else(|| {
            // The shipped default always parses (tested), mono is the fallback of last resort.
            Theme::named(theme::THEMES[0].0, launch.no_color).unwrap_or_else(|_| Theme::mono())
        });
    Ctx {
        bank: launch.bank,
        store: launch.store,
        data_dir: launch.data_dir,
        clock: Arc::new(SystemClock),
        theme,
        no_color: launch.no_color,
        body: Rect::default(),
        notice: None,
        seed: launch.seed,
        utc_offset: launch.utc_offset,
    }
}

/// Runs the app until the learner quits. The terminal is restored whatever happens.
pub fn run(launch: Launch) -> io::Result<()> {
    let target = launch.target.clone();
    let mut ctx = context(launch);
    let home = screens::open(&Target::Home, &mut ctx).map_err(io::Error::other)?;
    // A lab, quiz or sandbox opened from the command line sits on top of home, so Esc leads
    // somewhere a newcomer recognises instead of doing nothing.
    let above = if target == Target::Home {
        None
    } else {
        match screens::open(&target, &mut ctx) {
            Ok(screen) => Some(screen),
            Err(why) => {
                ctx.warn(why);
                None
            }
        }
    };
    let mut terminal = init()?;
    let result = terminal
        .size()
        .map(|s| Rect::new(0, 0, s.width, s.height))
        .and_then(|size| {
            let mut app = App::new(home, ctx, size);
            if let Some(screen) = above {
                app.push(screen);
            }
            event_loop(&mut terminal, app)
        });
    restore();
    result
}

/// Raw mode, alternate screen and mouse capture, with a panic hook that undoes them before the
/// panic message prints.
fn init() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(io::stdout(), EnableMouseCapture)?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    Ok(terminal)
}

fn restore() {
    // Best effort: on the way out there is nobody left to report a failure to.
    let _ = execute!(io::stdout(), DisableMouseCapture);
    let _ = ratatui::try_restore();
}

fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> io::Result<()> {
    let mut dirty = true;
    let mut last_tick = Instant::now();
    loop {
        if dirty {
            terminal.draw(|frame| app.render(frame))?;
            dirty = false;
        }
        let flow = match app.tick_every() {
            // No countdown on screen: sleep until something happens.
            None => app.on_event(&event::read()?),
            Some(every) => {
                let wait = every.saturating_sub(last_tick.elapsed());
                if event::poll(wait)? {
                    app.on_event(&event::read()?)
                } else {
                    last_tick = Instant::now();
                    app.on_tick()
                }
            }
        };
        match flow {
            Flow::Quit => return Ok(()),
            Flow::Redraw => dirty = true,
            Flow::Idle => {}
        }
    }
}
