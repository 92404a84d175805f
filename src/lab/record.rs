//! A lab run in the store: opening one (resuming the learner's unfinished run, or starting a new
//! one), saving each typed line before it is answered, and each completed step and the lab's end
//! as the session reports them. The plain line mode and the TUI player both record through it,
//! so `progress` sees a lab the same whichever way it was played.

use super::log::TimelineSource;
use super::session::{Output, Session};
use crate::clock::Timestamp;
use crate::content::Lab;
use crate::store::{LabRunStart, LabStepResult, RunTimeline, Store, StoreError};

/// The store's run of a lab being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabRecord {
    run: i64,
}

/// A run opened: the record, a fresh session at the run's seed, and the lines typed so far,
/// which replayed into the session bring it back to where the learner left.
pub struct Opened {
    /// Where the rest of the run is saved.
    pub record: LabRecord,
    /// The session at its first step.
    pub session: Session,
    /// Lines to replay, oldest first, with the time each was typed.
    pub replay: Vec<(String, Timestamp)>,
}

/// An unfinished run found: its id, a fresh session on its seed and timeline, and its lines.
type Resumed = (i64, Session, Vec<(String, Timestamp)>);

/// What the learner asked the lab to play: a seed and an instructor's timeline, each optional
/// (`lab ID --seed N --incidents FILE --student ID`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    /// The World seed (default: the lab's).
    pub seed: Option<u64>,
    /// The timeline (default: none).
    pub timeline: Option<TimelineSource>,
}

impl Setup {
    fn asks_anything(&self) -> bool {
        self.seed.is_some() || self.timeline.is_some()
    }
}

/// Why a lab run could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The options do not fit: a timeline for another scenario, or an unfinished run played
    /// with other options (resuming it would not be what was asked; starting over would drop it
    /// unasked).
    #[error("{0}")]
    Setup(String),
}

impl LabRecord {
    /// Whether [`LabRecord::open`] would succeed, without starting a run: the CLI asks before
    /// it takes over the terminal, so a refusal is a message and an exit status.
    pub fn check(store: &Store, lab: &Lab, setup: &Setup, restart: bool) -> Result<(), OpenError> {
        if Self::resumable(store, lab, setup, restart)?.is_none() {
            Session::with_timeline(lab.clone(), 0, setup.timeline.clone())
                .map_err(OpenError::Setup)?;
        }
        Ok(())
    }

    /// The unfinished run to resume, as its id, a fresh session on its seed and timeline and
    /// its lines; `None` when a new run starts.
    fn resumable(
        store: &Store,
        lab: &Lab,
        setup: &Setup,
        restart: bool,
    ) -> Result<Option<Resumed>, OpenError> {
        let open = if restart {
            None
        } else {
            store.open_lab_run(&lab.id)?
        };
        let Some(open) = open else {
            return Ok(None);
        };
        let timeline = open.timeline.map(|t| TimelineSource {
            file: t.file,
            text: t.text,
            student: t.student,
        });
        if setup.asks_anything()
            && (setup.seed.unwrap_or(lab.seed) != open.seed || setup.timeline != timeline)
        {
            return Err(OpenError::Setup(format!(
                "lab {} has an unfinished run played at seed {}{}; add --restart to start a new \
                 run with these options (or leave them out to resume it)",
                lab.id,
                open.seed,
                timeline
                    .as_ref()
                    .map_or_else(String::new, |t| format!(" with the timeline {}", t.file))
            )));
        }
        let session =
            Session::with_timeline(lab.clone(), open.seed, timeline).map_err(OpenError::Setup)?;
        Ok(Some((open.id, session, open.inputs)))
    }

    /// Opens the learner's unfinished run of `lab`, or starts a new one (always with
    /// `restart`) with `setup`'s seed and timeline.
    pub fn open(
        store: &mut Store,
        lab: Lab,
        setup: &Setup,
        restart: bool,
        now: Timestamp,
    ) -> Result<Opened, OpenError> {
        if let Some((id, session, replay)) = Self::resumable(store, &lab, setup, restart)? {
            return Ok(Opened {
                record: LabRecord { run: id },
                session,
                replay,
            });
        }
        let seed = setup.seed.unwrap_or(lab.seed);
        // Checked before the run is stored: a timeline that does not fit leaves no empty run.
        let session =
            Session::with_timeline(lab, seed, setup.timeline.clone()).map_err(OpenError::Setup)?;
        let timeline = setup.timeline.as_ref().map(|t| RunTimeline {
            file: t.file.clone(),
            text: t.text.clone(),
            student: t.student.clone(),
        });
        let lab = session.lab();
        let start = LabRunStart {
            id: &lab.id,
            title: &lab.title,
            steps: u32::try_from(lab.steps.len()).unwrap_or(u32::MAX),
            seed,
            timeline: timeline.as_ref(),
        };
        let run = store.start_lab_run(&start, now)?;
        Ok(Opened {
            record: LabRecord { run },
            session,
            replay: Vec::new(),
        })
    }

    /// Saves a typed line (before it is answered: a player killed mid-command loses nothing).
    pub fn input(self, store: &mut Store, line: &str, at: Timestamp) -> Result<(), StoreError> {
        store.add_lab_input(self.run, line, at)
    }

    /// Saves what the session's answer to a line completed: each step done, and the run's end.
    pub fn outputs(
        self,
        store: &mut Store,
        session: &Session,
        outputs: &[Output],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        for o in outputs {
            match o {
                Output::StepDone { step, how } => {
                    let r = &session.records()[*step];
                    let result = LabStepResult {
                        step: u32::try_from(*step).unwrap_or(u32::MAX),
                        how: how.name().to_owned(),
                        hints: u32::try_from(r.hints).unwrap_or(u32::MAX),
                        choice: r.choice.clone(),
                        mistakes: r.mistakes,
                        seconds: r.seconds,
                    };
                    store.add_lab_step_result(self.run, &result, at)?;
                }
                Output::LabDone => store.complete_lab_run(self.run, at)?,
                _ => {}
            }
        }
        Ok(())
    }
}
