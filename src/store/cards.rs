//! Spaced-repetition cards (one per question), their review log, and the learner's fitted FSRS
//! parameters.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, StoreError};
use crate::clock::Timestamp;

/// The scheduling state of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    /// The question's stable id.
    pub question_id: String,
    /// FSRS stability in days (the interval at which recall probability falls to 90%).
    pub stability: f64,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// When it was last reviewed.
    pub last_review: Timestamp,
    /// When it is next due.
    pub due: Timestamp,
    /// How many reviews it has had.
    pub reps: u32,
    /// How many of those were failures (rated Again) after the first.
    pub lapses: u32,
}

/// One review to record: the log entry and the card state it produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    /// The session the review happened in, if any.
    pub session_id: Option<i64>,
    /// FSRS rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub rating: u8,
    /// Whole days since the previous review (0 for the first).
    pub elapsed_days: u32,
    /// The card after this review (its `last_review` is the review time).
    pub card: CardRow,
}

/// One line of the review log.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewLogRow {
    /// The question's stable id.
    pub question_id: String,
    /// FSRS rating 1..=4.
    pub rating: u8,
    /// When it happened.
    pub reviewed_at: Timestamp,
    /// Whole days since the previous review of the same question.
    pub elapsed_days: u32,
}

impl Store {
    /// The card for a question, if it has ever been reviewed.
    pub fn card(&self, question_id: &str) -> Result<Option<CardRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT question_id, stability, difficulty, last_review, due, reps, lapses
                 FROM cards WHERE question_id = ?1",
                [question_id],
                card_from_row,
            )
            .optional()?)
    }

    /// Every card, soonest due first.
    pub fn cards(&self) -> Result<Vec<CardRow>, StoreError> {
        self.cards_where("1 = 1", None)
    }

    /// Cards due at or before `now`, most overdue first.
    pub fn due_cards(&self, now: Timestamp) -> Result<Vec<CardRow>, StoreError> {
        self.cards_where("due <= ?1", Some(now))
    }

    fn cards_where(
        &self,
        condition: &str,
        now: Option<Timestamp>,
    ) -> Result<Vec<CardRow>, StoreError> {
        let sql = format!(
            "SELECT question_id, stability, difficulty, last_review, due, reps, lapses
             FROM cards WHERE {condition} ORDER BY due, question_id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = match now {
            Some(now) => stmt
                .query_map([now.0], card_from_row)?
                .collect::<Result<_, _>>()?,
            None => stmt
                .query_map([], card_from_row)?
                .collect::<Result<_, _>>()?,
        };
        Ok(rows)
    }

    /// Writes the review log entry and the new card state in one transaction.
    pub fn record_review(&mut self, review: &ReviewRecord) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let c = &review.card;
        tx.execute(
            "INSERT INTO review_log (question_id, session_id, rating, reviewed_at, elapsed_days,
                                     stability, difficulty, due)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.question_id,
                review.session_id,
                review.rating,
                c.last_review.0,
                review.elapsed_days,
                c.stability,
                c.difficulty,
                c.due.0
            ],
        )?;
        tx.execute(
            "INSERT INTO cards (question_id, stability, difficulty, last_review, due, reps, lapses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (question_id) DO UPDATE SET
                 stability = excluded.stability, difficulty = excluded.difficulty,
                 last_review = excluded.last_review, due = excluded.due,
                 reps = excluded.reps, lapses = excluded.lapses",
            params![
                c.question_id,
                c.stability,
                c.difficulty,
                c.last_review.0,
                c.due.0,
                c.reps,
                c.lapses
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The whole review log, grouped by question and oldest first within each.
    pub fn review_log(&self) -> Result<Vec<ReviewLogRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT question_id, rating, reviewed_at, elapsed_days FROM review_log
             ORDER BY question_id, reviewed_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ReviewLogRow {
                question_id: r.get(0)?,
                rating: r.get(1)?,
                reviewed_at: Timestamp(r.get(2)?),
                elapsed_days: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many reviews have been logged.
    pub fn review_count(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM review_log", [], |r| r.get(0))?)
    }

    /// The FSRS weights fitted from this learner's history and how many reviews they were fitted
    /// on; `None` until a fit has been saved.
    pub fn fsrs_parameters(&self) -> Result<Option<(Vec<f32>, u32)>, StoreError> {
        let row: Option<(String, u32)> = self
            .conn
            .query_row(
                "SELECT weights, review_count FROM fsrs_parameters WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(text, count)| {
            // A row that does not parse is treated as absent: defaults are always safe.
            let weights: Vec<f32> = text
                .split(',')
                .map(|w| w.trim().parse::<f32>())
                .collect::<Result<_, _>>()
                .ok()?;
            Some((weights, count))
        }))
    }

    /// Saves fitted FSRS weights.
    pub fn save_fsrs_parameters(
        &mut self,
        weights: &[f32],
        review_count: u32,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let text = weights
            .iter()
            .map(f32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        self.conn.execute(
            "INSERT INTO fsrs_parameters (id, weights, review_count, fitted_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET weights = excluded.weights,
                 review_count = excluded.review_count, fitted_at = excluded.fitted_at",
            params![text, review_count, at.0],
        )?;
        Ok(())
    }
}

fn card_from_row(r: &Row<'_>) -> rusqlite::Result<CardRow> {
    Ok(CardRow {
        question_id: r.get(0)?,
        stability: r.get(1)?,
        difficulty: r.get(2)?,
        last_review: Timestamp(r.get(3)?),
        due: Timestamp(r.get(4)?),
        reps: r.get(5)?,
        lapses: r.get(6)?,
    })
}
