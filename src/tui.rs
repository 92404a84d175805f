//! The terminal interface: the only part of the crate that uses ratatui and crossterm.
//!
//! [`run`] sets the terminal up (raw mode, alternate screen, mouse, bracketed paste), restores it
//! on exit, on error, on panic and on SIGTERM, SIGHUP or SIGINT, suspends on Ctrl-Z, and drives
//! the [`app::App`]: it sleeps until a key, a click, a paste, a resize, a signal or a screen's own
//! tick (a countdown) arrives, and redraws only when something changed.

pub mod action;
pub mod app;
pub mod context;
pub mod input;
pub mod keymap;
pub mod screen;
pub mod screens;
pub mod term;
#[cfg(test)]
pub mod testing;
pub mod theme;
pub mod views;
pub mod widgets;

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use ratatui::DefaultTerminal;
use ratatui::layout::Rect;

use self::app::{App, Flow, THEME_SETTING};
use self::context::Ctx;
use self::input::{Input, Inputs, Signal};
use self::screen::Screen;
use self::screens::Target;
use self::screens::welcome::{Purpose, Welcome};
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
    /// `--present`: start in presenter mode.
    pub present: bool,
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
    let mut ctx = Ctx {
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
        present: false,
        theme_before_present: None,
    };
    ctx.set_present(launch.present);
    ctx
}

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The learner quit.
    Quit,
    /// SIGTERM, SIGHUP or SIGINT (its number) ended it; the terminal is restored and the store
    /// closed, and the process should now end by that signal ([`input::end_by`]).
    Signal(i32),
}

/// Runs the app until the learner quits or a signal ends it. The terminal is restored whatever
/// happens.
pub fn run(launch: Launch) -> io::Result<Ended> {
    let target = launch.target.clone();
    let mut ctx = context(launch);
    let (home, above) = first_screens(&target, &mut ctx).map_err(io::Error::other)?;
    let inputs = Inputs::listen()?;
    let mut terminal = term::open()?;
    inputs.read_terminal();
    let result = terminal
        .size()
        .map(|s| Rect::new(0, 0, s.width, s.height))
        .and_then(|size| {
            let mut app = App::new(home, ctx, size);
            if let Some(screen) = above {
                app.push(screen);
            }
            // The app (and with it the store's connection) is dropped when the loop returns,
            // before the terminal is given back; every answer was committed as it was given.
            event_loop(&mut terminal, app, &inputs)
        });
    term::close(terminal);
    result
}

/// Home, and the screen over it if any.
pub type FirstScreens = (Box<dyn Screen>, Option<Box<dyn Screen>>);

/// Home, and the screen that opens over it: the one asked for on the command line, or the
/// welcome at a first start (an empty store). Over home, so Esc leads somewhere a newcomer
/// recognises instead of doing nothing. A screen that cannot open is reported in the status
/// bar and home shows alone.
pub fn first_screens(target: &Target, ctx: &mut Ctx) -> Result<FirstScreens, String> {
    let home = screens::open(&Target::Home, ctx)?;
    if *target != Target::Home {
        return match screens::open(target, ctx) {
            Ok(screen) => Ok((home, Some(screen))),
            Err(why) => {
                ctx.warn(why);
                Ok((home, None))
            }
        };
    }
    match ctx.store.needs_welcome() {
        Ok(true) => {
            let welcome = Welcome::new(Purpose::FirstStart, ctx);
            Ok((home, Some(Box::new(welcome))))
        }
        Ok(false) => Ok((home, None)),
        Err(e) => {
            ctx.warn(format!("could not read the progress store: {e}"));
            Ok((home, None))
        }
    }
}

fn event_loop(terminal: &mut DefaultTerminal, mut app: App, inputs: &Inputs) -> io::Result<Ended> {
    let mut dirty = true;
    let mut last_tick = Instant::now();
    // After a Ctrl-Z the app redraws as soon as it runs again; the SIGCONT that follows needs
    // nothing more.
    let mut own_stop = false;
    loop {
        if dirty {
            terminal.draw(|frame| app.render(frame))?;
            dirty = false;
        }
        // Sleep until something arrives, or until the screen's next tick (a countdown) is due.
        let wait = app
            .tick_every()
            .map(|every| every.saturating_sub(last_tick.elapsed()));
        let flow = match inputs.next(wait) {
            None => {
                last_tick = Instant::now();
                app.on_tick()
            }
            Some(Input::Event(event)) => app.on_event(&event),
            Some(Input::Failed(e)) => return Err(e),
            Some(Input::Signal(Signal::End(number))) => return Ok(Ended::Signal(number)),
            Some(Input::Signal(Signal::Suspend)) => Flow::Suspend,
            Some(Input::Signal(Signal::Continued)) => {
                if !std::mem::take(&mut own_stop) {
                    term::reassert(terminal)?;
                }
                Flow::Redraw
            }
        };
        match flow {
            Flow::Quit => return Ok(Ended::Quit),
            Flow::Suspend => {
                own_stop = term::suspend(terminal)?;
                dirty = true;
            }
            Flow::Redraw => dirty = true,
            Flow::Idle => {}
        }
    }
}
