//! Disputes: a learner's note that a question looks wrong (`!` in the quiz, `:report` in the
//! plain quiz), listed by `progress --disputes` for the author of the pack to review.

use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError};
use crate::clock::Timestamp;

/// Longest note kept, in characters; a longer one is cut there.
pub const MAX_NOTE_CHARS: usize = 2000;

/// One dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dispute {
    /// The disputed question's id.
    pub question_id: String,
    /// The learner's words.
    pub note: String,
    /// When, as Unix milliseconds (UTC).
    pub at: i64,
}

impl Store {
    /// Records a dispute (its own transaction); the note is trimmed and cut at
    /// [`MAX_NOTE_CHARS`].
    pub fn record_dispute(
        &mut self,
        question_id: &str,
        note: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let note: String = note.trim().chars().take(MAX_NOTE_CHARS).collect();
        self.conn.execute(
            "INSERT INTO disputes (question_id, note, at) VALUES (?1, ?2, ?3)",
            params![question_id, note, at.0],
        )?;
        Ok(())
    }

    /// Every dispute, oldest first.
    pub fn disputes(&self) -> Result<Vec<Dispute>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT question_id, note, at FROM disputes ORDER BY at, id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Dispute {
                question_id: r.get(0)?,
                note: r.get(1)?,
                at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disputes_round_trip_through_a_reopened_store_in_time_order() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut store = Store::open_in(dir.path()).unwrap().store;
            store
                .record_dispute(
                    "monitoring-005",
                    "  Key B looks wrong: the doc says C.  ",
                    Timestamp(20),
                )
                .unwrap();
            store
                .record_dispute("drift-001", &"x".repeat(MAX_NOTE_CHARS + 5), Timestamp(10))
                .unwrap();
        }
        let store = Store::open_in(dir.path()).unwrap().store;
        let got = store.disputes().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].question_id.as_str(), got[0].at), ("drift-001", 10));
        assert_eq!(got[0].note.chars().count(), MAX_NOTE_CHARS);
        assert_eq!(
            got[1],
            Dispute {
                question_id: "monitoring-005".into(),
                note: "Key B looks wrong: the doc says C.".into(),
                at: 20,
            }
        );
    }
}
