//! A lab run in the store: opening one (resuming the learner's unfinished run, or starting a new
//! one), saving each typed line before it is answered, and each completed step and the lab's end
//! as the session reports them. The plain line mode and the TUI player both record through it,
//! so `progress` sees a lab the same whichever way it was played.

use super::session::{Output, Session};
use crate::clock::Timestamp;
use crate::content::Lab;
use crate::store::{LabRunStart, LabStepResult, Store, StoreError};

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

impl LabRecord {
    /// Opens the learner's unfinished run of `lab`, or starts a new one (always with `restart`).
    pub fn open(
        store: &mut Store,
        lab: Lab,
        restart: bool,
        now: Timestamp,
    ) -> Result<Opened, StoreError> {
        let open = if restart {
            None
        } else {
            store.open_lab_run(&lab.id)?
        };
        if let Some(open) = open {
            return Ok(Opened {
                record: LabRecord { run: open.id },
                session: Session::new(lab, open.seed),
                replay: open.inputs,
            });
        }
        let start = LabRunStart {
            id: &lab.id,
            title: &lab.title,
            steps: u32::try_from(lab.steps.len()).unwrap_or(u32::MAX),
            seed: lab.seed,
        };
        let run = store.start_lab_run(&start, now)?;
        let seed = lab.seed;
        Ok(Opened {
            record: LabRecord { run },
            session: Session::new(lab, seed),
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
