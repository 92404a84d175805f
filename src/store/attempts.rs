//! Quiz sessions and the answers given in them.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, StoreError};
use crate::clock::Timestamp;

/// A quiz session as it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// `practice`, `exam`, `drill`, `missed` or `review`.
    pub mode: String,
    /// The exam the session targets, if any.
    pub exam: Option<String>,
    /// The domain or topic filter, if any (e.g. `domain 3` or `topic drift`).
    pub filter: Option<String>,
    /// The seed that drew and shuffled the questions, so a session can be replayed.
    pub seed: u64,
    /// How many questions the session holds.
    pub question_count: u32,
    /// When it started.
    pub started_at: Timestamp,
    /// When an exam session auto-submits.
    pub deadline: Option<Timestamp>,
    /// The question ids in the order asked (empty for sessions stored before schema 3).
    pub questions: Vec<String>,
}

/// A stored session, with how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    /// The session id.
    pub id: i64,
    /// The session as it started.
    pub record: SessionRecord,
    /// When it ended; `None` while open or when the process stopped before the end.
    pub finished_at: Option<Timestamp>,
    /// How it ended: `submitted`, `timed_out`, `ended` (input closed).
    pub outcome: Option<String>,
    /// Questions flagged for review (exam mode).
    pub flagged: Vec<String>,
}

/// One answer to one question in one session. Answering the same question again in the same
/// session (exam mode lets the learner change an answer) replaces the earlier row.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRecord {
    /// The session it belongs to.
    pub session_id: i64,
    /// The session's mode.
    pub mode: String,
    /// The session's exam, if any.
    pub exam: Option<String>,
    /// The question's stable id.
    pub question_id: String,
    /// The answer given, by option identity (JSON, see `quiz::Answer`), never by position.
    pub answer: String,
    /// Whether it was right.
    pub correct: bool,
    /// Seconds the question was on screen before this answer (summed over visits).
    pub seconds: f64,
    /// When it was given.
    pub answered_at: Timestamp,
}

impl Store {
    /// Records a new session and its questions (one transaction) and returns its id.
    pub fn start_session(&mut self, s: &SessionRecord) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO sessions (mode, exam, filter, seed, question_count, started_at, deadline_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.mode,
                s.exam,
                s.filter,
                // SQLite integers are signed: keep the seed's bits, reinterpret on the way back.
                s.seed as i64,
                s.question_count,
                s.started_at.0,
                s.deadline.map(|d| d.0)
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (position, question) in s.questions.iter().enumerate() {
            tx.execute(
                "INSERT INTO session_questions (session_id, position, question_id)
                 VALUES (?1, ?2, ?3)",
                params![id, position, question],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Records whether a question of a session is flagged for review.
    pub fn set_flag(
        &mut self,
        session_id: i64,
        question_id: &str,
        flagged: bool,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE session_questions SET flagged = ?3 WHERE session_id = ?1 AND question_id = ?2",
            params![session_id, question_id, flagged],
        )?;
        Ok(())
    }

    /// Sessions that never ended (the process stopped) and can be resumed, newest first.
    pub fn unfinished_sessions(&self) -> Result<Vec<SessionRow>, StoreError> {
        let mut rows = self.sessions()?;
        rows.retain(|r| r.outcome.is_none() && !r.record.questions.is_empty());
        rows.reverse();
        Ok(rows)
    }

    fn with_questions(&self, mut row: SessionRow) -> Result<SessionRow, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT question_id, flagged FROM session_questions WHERE session_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([row.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
        })?;
        for entry in rows {
            let (question, flagged) = entry?;
            if flagged {
                row.flagged.push(question.clone());
            }
            row.record.questions.push(question);
        }
        Ok(row)
    }

    /// Marks a session as ended.
    pub fn finish_session(
        &mut self,
        id: i64,
        outcome: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sessions SET finished_at = ?2, outcome = ?3 WHERE id = ?1",
            params![id, at.0, outcome],
        )?;
        Ok(())
    }

    /// Writes one answer (its own transaction), replacing an earlier answer to the same
    /// question in the same session.
    pub fn record_attempt(&mut self, a: &AttemptRecord) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO attempts
                 (session_id, mode, exam, question_id, answer, correct, seconds, answered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (session_id, question_id) DO UPDATE SET
                 answer = excluded.answer, correct = excluded.correct,
                 seconds = excluded.seconds, answered_at = excluded.answered_at",
            params![
                a.session_id,
                a.mode,
                a.exam,
                a.question_id,
                a.answer,
                a.correct,
                a.seconds,
                a.answered_at.0
            ],
        )?;
        Ok(())
    }

    /// Every answer ever given, oldest first.
    pub fn attempts(&self) -> Result<Vec<AttemptRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT session_id, mode, exam, question_id, answer, correct, seconds, answered_at
             FROM attempts ORDER BY answered_at, id",
        )?;
        let rows = stmt.query_map([], attempt_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The answers given in one session, oldest first.
    pub fn session_attempts(&self, session_id: i64) -> Result<Vec<AttemptRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT session_id, mode, exam, question_id, answer, correct, seconds, answered_at
             FROM attempts WHERE session_id = ?1 ORDER BY answered_at, id",
        )?;
        let rows = stmt.query_map([session_id], attempt_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Questions whose most recent answer was wrong, most recently missed first. A question
    /// leaves this list as soon as it is answered right.
    pub fn missed_questions(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT question_id, correct FROM attempts a
             WHERE id = (SELECT b.id FROM attempts b WHERE b.question_id = a.question_id
                         ORDER BY b.answered_at DESC, b.id DESC LIMIT 1)
             ORDER BY answered_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, correct) = row?;
            if !correct {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// One session by id.
    pub fn session(&self, id: i64) -> Result<Option<SessionRow>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, mode, exam, filter, seed, question_count, started_at, deadline_at,
                        finished_at, outcome FROM sessions WHERE id = ?1",
                [id],
                session_from_row,
            )
            .optional()?;
        row.map(|r| self.with_questions(r)).transpose()
    }

    /// Every session, oldest first.
    pub fn sessions(&self) -> Result<Vec<SessionRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, mode, exam, filter, seed, question_count, started_at, deadline_at,
                    finished_at, outcome FROM sessions ORDER BY started_at, id",
        )?;
        let rows: Vec<SessionRow> = stmt
            .query_map([], session_from_row)?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(|r| self.with_questions(r)).collect()
    }
}

fn attempt_from_row(r: &Row<'_>) -> rusqlite::Result<AttemptRecord> {
    Ok(AttemptRecord {
        session_id: r.get(0)?,
        mode: r.get(1)?,
        exam: r.get(2)?,
        question_id: r.get(3)?,
        answer: r.get(4)?,
        correct: r.get(5)?,
        seconds: r.get(6)?,
        answered_at: Timestamp(r.get(7)?),
    })
}

fn session_from_row(r: &Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        record: SessionRecord {
            mode: r.get(1)?,
            exam: r.get(2)?,
            filter: r.get(3)?,
            seed: r.get::<_, i64>(4)? as u64,
            question_count: r.get(5)?,
            started_at: Timestamp(r.get(6)?),
            deadline: r.get::<_, Option<i64>>(7)?.map(Timestamp),
            questions: Vec::new(),
        },
        finished_at: r.get::<_, Option<i64>>(8)?.map(Timestamp),
        outcome: r.get(9)?,
        flagged: Vec::new(),
    })
}
