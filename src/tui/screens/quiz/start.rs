//! Starting a session from a request (the set-up screens or `mlops-lab quiz` options) or taking
//! up an interrupted one, each on its own store connection (see [`super::QuizScreen`]).

use super::QuizScreen;
use crate::quiz::start::Begun;
use crate::quiz::{self, Mode, QuizError, QuizRequest};
use crate::store::Store;
use crate::tui::context::Ctx;
use crate::tui::screen::Screen;
use crate::tui::screens::quiz_setup::{Setup, SetupKind};

/// A session asked for on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizLaunch {
    /// What to ask.
    pub request: QuizRequest,
    /// Take up the interrupted session instead (`--resume`).
    pub resume: bool,
}

/// Why a session did not start.
#[derive(Debug)]
pub enum NotStarted {
    /// Nothing to ask (no missed questions, nothing due): good news, not an error.
    Nothing(String),
    /// The request or the store failed; one line for the status bar.
    Failed(String),
}

/// The session's own store connection (see [`super::QuizScreen`]).
fn own_store(ctx: &Ctx) -> Result<Store, NotStarted> {
    Store::open_in(&ctx.data_dir)
        .map(|o| o.store)
        .map_err(|e| NotStarted::Failed(format!("could not open the progress store: {e}")))
}

fn failed(e: &QuizError) -> NotStarted {
    NotStarted::Failed(e.to_string())
}

/// Plans and starts a new session (the same start as line mode's: [`quiz::start`]).
pub fn start(ctx: &mut Ctx, request: &QuizRequest, root: bool) -> Result<QuizScreen, NotStarted> {
    let now = ctx.now();
    match quiz::start::start(own_store(ctx)?, &ctx.bank, request, now) {
        Ok(Begun::Started(live)) => Ok(QuizScreen::new(live, ctx, root)),
        Ok(Begun::Nothing(msg)) => Err(NotStarted::Nothing(msg)),
        Err(e) => Err(failed(&e)),
    }
}

/// Takes up the latest interrupted session.
pub fn resume(ctx: &mut Ctx, root: bool) -> Result<QuizScreen, NotStarted> {
    let now = ctx.now();
    let (live, row) = quiz::start::resume_latest(own_store(ctx)?, &ctx.bank, now)
        .map_err(|e| failed(&e))?
        .ok_or_else(|| NotStarted::Nothing("No unfinished session to resume.".into()))?;
    let answered = live.session().answered_count();
    let total = live.session().items().len();
    ctx.tell(format!(
        "Resumed the {} session from {}: {answered} of {total} answered.",
        row.record.mode,
        row.record.started_at.date_string(ctx.utc_offset)
    ));
    Ok(QuizScreen::new(live, ctx, root))
}

/// The screen for `mlops-lab quiz` options: the session, or when there is nothing to ask, the
/// matching set-up screen with the reason in the status bar.
pub fn open_launch(launch: &QuizLaunch, ctx: &mut Ctx) -> Result<Box<dyn Screen>, String> {
    let started = if launch.resume {
        resume(ctx, true)
    } else {
        start(ctx, &launch.request, true)
    };
    match started {
        Ok(screen) => Ok(Box::new(screen)),
        Err(NotStarted::Nothing(msg)) => {
            let kind = match launch.request.mode {
                Mode::Review => SetupKind::Review,
                Mode::Exam => SetupKind::Exam,
                _ => SetupKind::Quiz,
            };
            let setup = Setup::new(kind, ctx);
            ctx.tell(msg);
            Ok(Box::new(setup))
        }
        Err(NotStarted::Failed(msg)) => Err(msg),
    }
}
