//! The screens, and [`open`]: the one place that turns a destination (from the home menu, the
//! command line or another screen) into a screen.

pub mod class_quiz;
pub mod home;
pub mod lab;
pub mod labs;
pub mod presenter;
#[cfg(test)]
mod presenter_tests;
pub mod progress;
pub mod quiz;
pub mod quiz_setup;
pub mod sandbox;
pub mod welcome;
pub mod worker;

use self::quiz_setup::SetupKind;
use super::context::Ctx;
use super::screen::Screen;
use crate::data::scenario::Scenario;

/// Where the learner can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The home screen.
    Home,
    /// The list of labs.
    Labs,
    /// One lab, by id or lab file path, in the lab player, with the seed and timeline asked
    /// for on the command line (default: the lab's own seed, no timeline).
    Lab(String, crate::lab::record::Setup),
    /// Practice questions (set-up first).
    Quiz,
    /// A timed exam simulation (set-up first).
    Exam,
    /// The spaced-review queue.
    Review,
    /// The sandbox: every knob of the World, starting from a scenario and seed.
    Sandbox {
        /// The scenario.
        scenario: Scenario,
        /// The World's seed.
        seed: u64,
        /// An instructor's incident timeline (empty: none).
        timeline: crate::world::timeline::Schedule,
    },
    /// Progress per exam and domain.
    Progress,
    /// A quiz session asked for on the command line (`mlops-lab quiz` options).
    QuizSession(quiz::QuizLaunch),
    /// Class quiz mode (`mlops-lab quiz --class`): for a projector, nothing recorded.
    ClassQuiz(crate::quiz::class::ClassRequest),
}

/// The screen for `target`, or a one-line reason it cannot open (for the status bar).
pub fn open(target: &Target, ctx: &mut Ctx) -> Result<Box<dyn Screen>, String> {
    match target {
        Target::Home => Ok(Box::new(home::Home::new(ctx))),
        Target::Quiz => Ok(Box::new(quiz_setup::Setup::new(SetupKind::Quiz, ctx))),
        Target::Exam => Ok(Box::new(quiz_setup::Setup::new(SetupKind::Exam, ctx))),
        Target::Review => Ok(Box::new(quiz_setup::Setup::new(SetupKind::Review, ctx))),
        Target::QuizSession(launch) => quiz::open_launch(launch, ctx),
        Target::ClassQuiz(request) => Ok(Box::new(class_quiz::ClassScreen::open(request, ctx)?)),
        Target::Progress => Ok(Box::new(progress::ProgressScreen::new(ctx))),
        Target::Labs => Ok(Box::new(labs::Labs::new(ctx))),
        Target::Lab(id, setup) => Ok(Box::new(lab::LabPlayer::open(id, setup, ctx)?)),
        Target::Sandbox {
            scenario,
            seed,
            timeline,
        } => Ok(Box::new(sandbox::Sandbox::new(
            *scenario,
            *seed,
            timeline.clone(),
            ctx,
        ))),
    }
}
