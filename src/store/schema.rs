//! The store's schema as an ordered list of migrations; `PRAGMA user_version` records how many
//! have been applied. A migration is never edited once released: changes go in a new one.

use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, StoreError};

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: sessions, attempts, spaced-repetition cards and log, lab progress, settings.
    // Times are Unix milliseconds (UTC) from the injected clock.
    "CREATE TABLE sessions (
        id             INTEGER PRIMARY KEY,
        mode           TEXT    NOT NULL,
        exam           TEXT,
        filter         TEXT,
        seed           INTEGER NOT NULL,
        question_count INTEGER NOT NULL,
        started_at     INTEGER NOT NULL,
        deadline_at    INTEGER,
        finished_at    INTEGER,
        outcome        TEXT
    );
    CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY,
        session_id  INTEGER NOT NULL REFERENCES sessions(id),
        mode        TEXT    NOT NULL,
        exam        TEXT,
        question_id TEXT    NOT NULL,
        answer      TEXT    NOT NULL,
        correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
        seconds     REAL    NOT NULL,
        answered_at INTEGER NOT NULL,
        UNIQUE (session_id, question_id)
    );
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        stability   REAL    NOT NULL,
        difficulty  REAL    NOT NULL,
        last_review INTEGER NOT NULL,
        due         INTEGER NOT NULL,
        reps        INTEGER NOT NULL,
        lapses      INTEGER NOT NULL
    );
    CREATE TABLE review_log (
        id           INTEGER PRIMARY KEY,
        question_id  TEXT    NOT NULL,
        session_id   INTEGER REFERENCES sessions(id),
        rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at  INTEGER NOT NULL,
        elapsed_days INTEGER NOT NULL,
        stability    REAL    NOT NULL,
        difficulty   REAL    NOT NULL,
        due          INTEGER NOT NULL
    );
    CREATE TABLE fsrs_parameters (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        weights      TEXT    NOT NULL,
        review_count INTEGER NOT NULL,
        fitted_at    INTEGER NOT NULL
    );
    CREATE TABLE lab_progress (
        id     INTEGER PRIMARY KEY,
        lab_id TEXT    NOT NULL,
        step   INTEGER NOT NULL,
        status TEXT    NOT NULL,
        at     INTEGER NOT NULL
    );
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 2: indexes for the queries run at every start (missed questions, due cards, lab resume).
    "CREATE INDEX attempts_by_question ON attempts (question_id, answered_at);
    CREATE INDEX cards_by_due ON cards (due);
    CREATE INDEX review_log_by_question ON review_log (question_id, reviewed_at);
    CREATE INDEX lab_progress_by_lab ON lab_progress (lab_id, step, at);",
    // 3: each session's questions in order, with exam flags, so an interrupted session resumes.
    "CREATE TABLE session_questions (
        session_id  INTEGER NOT NULL REFERENCES sessions(id),
        position    INTEGER NOT NULL,
        question_id TEXT    NOT NULL,
        flagged     INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
        PRIMARY KEY (session_id, position)
    );",
    // 4: lab checkpoint questions get their own mode, `lab`, so readiness can leave them out (the
    // lab showed the concept first). Before, they were practice sessions filtered `lab ID step N`.
    "UPDATE sessions SET mode = 'lab' WHERE mode = 'practice' AND filter LIKE 'lab % step %';
    UPDATE attempts SET mode = 'lab' WHERE session_id IN (SELECT id FROM sessions WHERE mode = 'lab');",
    // 5: disputes, a learner's note that a question looks wrong, for the pack's author to review.
    // Self-contained: no other table refers to it or is changed.
    "CREATE TABLE disputes (
        id          INTEGER PRIMARY KEY,
        question_id TEXT    NOT NULL,
        note        TEXT    NOT NULL,
        at          INTEGER NOT NULL
    );
    CREATE INDEX disputes_by_time ON disputes (at, id);",
    // 6: labs played as tasks: each play-through (a run) with its seed, every line the learner
    // typed (replaying them rebuilds the World, so a lab resumes mid-step), and each step's
    // result: how it was done, hints shown, the option chosen, mistakes and time on task.
    "CREATE TABLE lab_runs (
        id           INTEGER PRIMARY KEY,
        lab_id       TEXT    NOT NULL,
        title        TEXT    NOT NULL,
        steps        INTEGER NOT NULL,
        seed         INTEGER NOT NULL,
        started_at   INTEGER NOT NULL,
        completed_at INTEGER
    );
    CREATE INDEX lab_runs_by_lab ON lab_runs (lab_id, started_at);
    CREATE TABLE lab_inputs (
        run_id INTEGER NOT NULL REFERENCES lab_runs(id),
        seq    INTEGER NOT NULL,
        line   TEXT    NOT NULL,
        at     INTEGER NOT NULL,
        PRIMARY KEY (run_id, seq)
    );
    CREATE TABLE lab_step_results (
        run_id   INTEGER NOT NULL REFERENCES lab_runs(id),
        step     INTEGER NOT NULL,
        how      TEXT    NOT NULL CHECK (how IN ('unaided', 'with_hints', 'with_solution')),
        hints    INTEGER NOT NULL,
        choice   TEXT,
        mistakes INTEGER NOT NULL,
        seconds  INTEGER NOT NULL,
        done_at  INTEGER NOT NULL,
        PRIMARY KEY (run_id, step)
    );",
    // 7: the learner's profile, answered on the welcome screen at the first start: the exam
    // they prepare for (NULL: not sure yet), which home, the quiz set-up, progress and the
    // `quiz` and `progress` commands default to, and when it was answered, so the welcome is
    // shown once. One row at most. Self-contained: no other table refers to it or is changed.
    "CREATE TABLE profile (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        target_exam TEXT,
        answered_at INTEGER NOT NULL
    );",
    // 8: a lab run may play an instructor's incident timeline (`lab --incidents FILE
    // [--student ID]`): its file name, text and student are kept with the run, so resuming
    // replays the same incidents even when the file has changed or gone. NULL: no timeline.
    "ALTER TABLE lab_runs ADD COLUMN timeline_file TEXT;
    ALTER TABLE lab_runs ADD COLUMN timeline_text TEXT;
    ALTER TABLE lab_runs ADD COLUMN timeline_student TEXT;",
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version recorded in the file.
pub(super) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Applies every migration the file lacks, up to `target`, each in its own transaction.
///
/// The version is re-read inside an IMMEDIATE transaction, so when two copies start at once
/// on a new file one migrates and the other waits, then finds nothing left to do.
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = version(&tx)?;
        if current >= target {
            return Ok(());
        }
        let index = usize::try_from(current).unwrap_or(0);
        tx.execute_batch(MIGRATIONS[index])?;
        if current == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn an_older_store_is_migrated_in_order_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 1).unwrap();
            assert_eq!(version(&conn).unwrap(), 1);
            conn.execute(
                "INSERT INTO sessions (mode, seed, question_count, started_at) VALUES ('practice', 7, 1, 5)",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO attempts (session_id, mode, question_id, answer, correct, seconds, answered_at)
                 VALUES (1, 'practice', 'drift-001', '{\"choice\":[1]}', 0, 3.5, 6)",
                [],
            )
            .unwrap();
        }
        let opened = Store::open(&path).unwrap();
        assert!(opened.notice.is_none(), "{:?}", opened.notice);
        let store = opened.store;
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(
            store.missed_questions().unwrap(),
            vec!["drift-001".to_string()]
        );
        let indexes: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'cards_by_due'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 1, "migration 2 ran");
    }

    #[test]
    fn lab_checkpoint_answers_from_before_version_4_are_marked_lab() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 3).unwrap();
        for (mode, filter) in [
            ("practice", Some("lab drift-detection step 2")),
            ("practice", None),
        ] {
            conn.execute(
                "INSERT INTO sessions (mode, filter, seed, question_count, started_at)
                 VALUES (?1, ?2, 7, 1, 5)",
                rusqlite::params![mode, filter],
            )
            .unwrap();
            let session = conn.last_insert_rowid();
            conn.execute(
                "INSERT INTO attempts (session_id, mode, question_id, answer, correct, seconds, answered_at)
                 VALUES (?1, 'practice', 'drift-001', '[]', 1, 3.5, 6)",
                [session],
            )
            .unwrap();
        }
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let modes: Vec<String> = conn
            .prepare("SELECT mode FROM attempts ORDER BY session_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(modes, ["lab", "practice"]);
    }

    #[test]
    fn a_version_7_run_resumes_without_a_timeline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 7).unwrap();
            conn.execute(
                "INSERT INTO lab_runs (lab_id, title, steps, seed, started_at)
                 VALUES ('canary-rollback', 'Canary', 8, 42, 5)",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap().store;
        let run = store.open_lab_run("canary-rollback").unwrap().unwrap();
        assert_eq!((run.seed, run.timeline), (42, None));
    }

    #[test]
    fn a_version_6_store_gains_the_profile_and_its_learner_is_not_welcomed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 6).unwrap();
            conn.execute(
                "INSERT INTO lab_runs (lab_id, title, steps, seed, started_at)
                 VALUES ('first-pipeline', 'Your first pipeline', 8, 42, 5)",
                [],
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap().store;
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.target_exam().unwrap(), None);
        assert!(
            !store.needs_welcome().unwrap(),
            "a used store is no first start"
        );
        assert_eq!(store.lab_run_summaries().unwrap().len(), 1, "data kept");
        store
            .set_target_exam(Some("gcp-pmle"), crate::clock::Timestamp(9))
            .unwrap();
        assert_eq!(store.target_exam().unwrap().as_deref(), Some("gcp-pmle"));
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        let app: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
    }
}
