//! Lab progress: a log of step events (started, hint shown, check passed...) per lab.

use std::collections::BTreeMap;

use rusqlite::params;

use super::{Store, StoreError};
use crate::clock::Timestamp;

/// One lab-step event.
#[derive(Debug, Clone, PartialEq)]
pub struct LabStepRow {
    /// The lab's id.
    pub lab_id: String,
    /// The step number (0-based, as in the lab file).
    pub step: u32,
    /// What happened, in the lab player's own words (e.g. `started`, `hint-1`, `passed`).
    pub status: String,
    /// When.
    pub at: Timestamp,
}

impl Store {
    /// Appends one lab-step event (its own transaction).
    pub fn record_lab_step(&mut self, row: &LabStepRow) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO lab_progress (lab_id, step, status, at) VALUES (?1, ?2, ?3, ?4)",
            params![row.lab_id, row.step, row.status, row.at.0],
        )?;
        Ok(())
    }

    /// Every event for a lab, oldest first.
    pub fn lab_steps(&self, lab_id: &str) -> Result<Vec<LabStepRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT lab_id, step, status, at FROM lab_progress WHERE lab_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([lab_id], |r| {
            Ok(LabStepRow {
                lab_id: r.get(0)?,
                step: r.get(1)?,
                status: r.get(2)?,
                at: Timestamp(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest status of each step of a lab, for resuming where the learner left off.
    pub fn lab_status(&self, lab_id: &str) -> Result<BTreeMap<u32, String>, StoreError> {
        Ok(self
            .lab_steps(lab_id)?
            .into_iter()
            .map(|row| (row.step, row.status))
            .collect())
    }
}
