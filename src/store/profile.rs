//! The learner's profile: the exam they prepare for, chosen on the welcome screen at the first
//! start (or later from home), and whether the welcome was answered at all.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::clock::Timestamp;

/// The tables that hold anything the learner did; a store with a row in any of them is not a
/// first start, whether the welcome was answered or not (a store from before the welcome
/// existed, or one used only through `quiz --plain`). Settings are left out: choosing a colour
/// theme on the welcome screen is not yet a start.
const ACTIVITY_TABLES: [&str; 5] = ["sessions", "lab_runs", "lab_progress", "cards", "disputes"];

impl Store {
    /// The exam the learner prepares for; `None` when they said "not sure yet", skipped the
    /// welcome, or were never asked. The id is as stored: callers check it against the catalog
    /// (a content pack that defined it may be gone).
    pub fn target_exam(&self) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> = self
            .conn
            .query_row("SELECT target_exam FROM profile WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(found.flatten())
    }

    /// Records the learner's answer (an exam id, or `None` for "not sure yet" or a skip),
    /// replacing any earlier one; from then on the welcome is not shown again.
    pub fn set_target_exam(&mut self, exam: Option<&str>, at: Timestamp) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO profile (id, target_exam, answered_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET target_exam = excluded.target_exam,
                                           answered_at = excluded.answered_at",
            params![exam, at.0],
        )?;
        Ok(())
    }

    /// Whether this is a first start: the welcome was never answered and the store holds no
    /// session, answer, review card, lab play or dispute.
    pub fn needs_welcome(&self) -> Result<bool, StoreError> {
        let answered: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM profile)", [], |r| r.get(0))?;
        if answered {
            return Ok(false);
        }
        for table in ACTIVITY_TABLES {
            let used: bool = self.conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table})"),
                [],
                |r| r.get(0),
            )?;
            if used {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap().store;
        (dir, store)
    }

    #[test]
    fn a_new_store_needs_the_welcome_until_it_is_answered() {
        let (dir, mut store) = store();
        assert!(store.needs_welcome().unwrap());
        assert_eq!(store.target_exam().unwrap(), None);
        // A theme chosen on the welcome screen does not count as a start.
        store.set_setting("theme", "light").unwrap();
        assert!(store.needs_welcome().unwrap());
        store
            .set_target_exam(Some("gcp-pmle"), Timestamp(5))
            .unwrap();
        assert!(!store.needs_welcome().unwrap());
        drop(store);
        let mut store = Store::open_in(dir.path()).unwrap().store;
        assert_eq!(store.target_exam().unwrap().as_deref(), Some("gcp-pmle"));
        store
            .set_target_exam(Some("aws-mla-c01"), Timestamp(6))
            .unwrap();
        assert_eq!(store.target_exam().unwrap().as_deref(), Some("aws-mla-c01"));
    }

    #[test]
    fn not_sure_yet_is_an_answer_and_no_exam() {
        let (_dir, mut store) = store();
        store.set_target_exam(None, Timestamp(5)).unwrap();
        assert!(!store.needs_welcome().unwrap());
        assert_eq!(store.target_exam().unwrap(), None);
    }

    #[test]
    fn a_store_already_used_is_not_a_first_start() {
        let (_dir, mut store) = store();
        store
            .record_dispute("drift-001", "the key looks wrong", Timestamp(5))
            .unwrap();
        assert!(!store.needs_welcome().unwrap());
        assert_eq!(store.target_exam().unwrap(), None);
    }
}
