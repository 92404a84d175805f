//! The progress store as the learner relies on it: nothing lost, nothing overwritten, two
//! running copies at once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;

use mlops_lab::clock::Timestamp;
use mlops_lab::store::{
    AttemptRecord, CardRow, FILE_NAME, ReviewRecord, SCHEMA_VERSION, SessionRecord, Store,
    StoreError,
};

fn session(seed: u64) -> SessionRecord {
    SessionRecord {
        mode: "practice".into(),
        exam: Some("aws-mla-c01".into()),
        filter: None,
        seed,
        question_count: 3,
        started_at: Timestamp(1_000),
        deadline: None,
        questions: vec!["drift-001".into(), "drift-002".into()],
    }
}

fn attempt(session_id: i64, question: &str, correct: bool, at: i64) -> AttemptRecord {
    AttemptRecord {
        session_id,
        mode: "practice".into(),
        exam: Some("aws-mla-c01".into()),
        question_id: question.into(),
        answer: r#"{"choice":[0]}"#.into(),
        correct,
        seconds: 12.5,
        answered_at: Timestamp(at),
    }
}

fn open(dir: &Path) -> Store {
    let opened = Store::open_in(dir).unwrap();
    assert!(opened.notice.is_none(), "{:?}", opened.notice);
    opened.store
}

#[test]
fn answers_and_sessions_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut store = open(dir.path());
        let id = store.start_session(&session(u64::MAX)).unwrap();
        store
            .record_attempt(&attempt(id, "drift-001", true, 2_000))
            .unwrap();
        store
            .record_attempt(&attempt(id, "drift-002", false, 3_000))
            .unwrap();
        store
            .finish_session(id, "submitted", Timestamp(4_000))
            .unwrap();
        id
    };
    let store = open(dir.path());
    let attempts = store.attempts().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1], attempt(id, "drift-002", false, 3_000));
    let row = store.session(id).unwrap().unwrap();
    assert_eq!(row.record, session(u64::MAX), "the seed keeps all 64 bits");
    assert_eq!(row.outcome.as_deref(), Some("submitted"));
    assert_eq!(row.finished_at, Some(Timestamp(4_000)));
}

#[test]
fn changing_an_answer_in_the_same_session_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let id = store.start_session(&session(1)).unwrap();
    store
        .record_attempt(&attempt(id, "drift-001", false, 2_000))
        .unwrap();
    store
        .record_attempt(&attempt(id, "drift-001", true, 2_500))
        .unwrap();
    let all = store.session_attempts(id).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].correct);
    // A new session is a new attempt.
    let id2 = store.start_session(&session(2)).unwrap();
    store
        .record_attempt(&attempt(id2, "drift-001", false, 5_000))
        .unwrap();
    assert_eq!(store.attempts().unwrap().len(), 2);
}

#[test]
fn missed_questions_are_those_whose_latest_answer_was_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let s1 = store.start_session(&session(1)).unwrap();
    store
        .record_attempt(&attempt(s1, "a-001", false, 10))
        .unwrap();
    store
        .record_attempt(&attempt(s1, "b-001", false, 20))
        .unwrap();
    store
        .record_attempt(&attempt(s1, "c-001", true, 30))
        .unwrap();
    let s2 = store.start_session(&session(2)).unwrap();
    store
        .record_attempt(&attempt(s2, "a-001", true, 40))
        .unwrap();
    store
        .record_attempt(&attempt(s2, "c-001", false, 50))
        .unwrap();
    assert_eq!(store.missed_questions().unwrap(), vec!["c-001", "b-001"]);
}

#[test]
fn reviews_update_the_card_and_the_log_together() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let card = |due: i64, reps: u32| CardRow {
        question_id: "drift-001".into(),
        stability: 2.3,
        difficulty: 2.1,
        last_review: Timestamp(100),
        due: Timestamp(due),
        reps,
        lapses: 0,
    };
    store
        .record_review(&ReviewRecord {
            session_id: None,
            rating: 3,
            elapsed_days: 0,
            card: card(500, 1),
        })
        .unwrap();
    store
        .record_review(&ReviewRecord {
            session_id: None,
            rating: 4,
            elapsed_days: 0,
            card: card(900, 2),
        })
        .unwrap();
    assert_eq!(store.card("drift-001").unwrap(), Some(card(900, 2)));
    assert_eq!(store.review_count().unwrap(), 2);
    assert_eq!(store.due_cards(Timestamp(899)).unwrap(), vec![]);
    assert_eq!(store.due_cards(Timestamp(900)).unwrap().len(), 1);
    let log = store.review_log().unwrap();
    assert_eq!(log.iter().map(|r| r.rating).collect::<Vec<_>>(), vec![3, 4]);
}

#[test]
fn fitted_parameters_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    assert_eq!(store.fsrs_parameters().unwrap(), None);
    let weights = [0.212_f32, 1.2931, 2.3065, 8.2956];
    store
        .save_fsrs_parameters(&weights, 120, Timestamp(9))
        .unwrap();
    assert_eq!(
        store.fsrs_parameters().unwrap(),
        Some((weights.to_vec(), 120))
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_moved_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let opened = Store::open_in(dir.path()).unwrap();
    let notice = opened.notice.expect("a notice for the learner");
    assert!(notice.contains("not an SQLite database"), "{notice}");
    assert!(notice.contains(".corrupt-1"), "{notice}");
    assert_eq!(
        std::fs::read(dir.path().join(format!("{FILE_NAME}.corrupt-1"))).unwrap(),
        junk
    );
    assert_eq!(opened.store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(opened.store);

    // A second bad file gets the next free number; the first one is kept.
    std::fs::remove_file(&path).unwrap();
    let _ = std::fs::remove_file(dir.path().join(format!("{FILE_NAME}-wal")));
    let _ = std::fs::remove_file(dir.path().join(format!("{FILE_NAME}-shm")));
    std::fs::write(&path, b"x").unwrap();
    let notice = Store::open_in(dir.path()).unwrap().notice.unwrap();
    assert!(notice.contains(".corrupt-2"), "{notice}");
    assert!(dir.path().join(format!("{FILE_NAME}.corrupt-1")).exists());
}

#[test]
fn another_programs_database_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    let opened = Store::open_in(dir.path()).unwrap();
    let notice = opened.notice.unwrap();
    assert!(notice.contains("another program"), "{notice}");
    let moved =
        rusqlite::Connection::open(dir.path().join(format!("{FILE_NAME}.corrupt-1"))).unwrap();
    let name: String = moved
        .query_row("SELECT name FROM recipes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "soup");
}

#[test]
fn an_empty_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), b"").unwrap();
    let store = open(dir.path());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_store_from_a_newer_version_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path());
        drop(store);
        let conn = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
    }
    let err = Store::open_in(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("upgrade mlops-lab"), "{err}");
    assert!(!dir.path().join(format!("{FILE_NAME}.corrupt-1")).exists());
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut store = Store::open_in(&dir).unwrap().store;
                let id = store.start_session(&session(w)).unwrap();
                for i in 0..100 {
                    store
                        .record_attempt(&attempt(id, &format!("q{w}-{i:03}"), i % 2 == 0, i))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = open(dir.path());
    assert_eq!(store.sessions().unwrap().len(), 2);
    assert_eq!(store.attempts().unwrap().len(), 200);
}

#[test]
fn two_copies_creating_the_store_at_once_both_succeed() {
    // Many rounds: the race (a copy reading the new file's header before the other's migration
    // committed and its tables after) shows only now and then.
    for _ in 0..30 {
        let dir = tempfile::tempdir().unwrap();
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || Store::open_in(&dir).map(|o| o.notice))
            })
            .collect();
        for o in openers {
            let notice = o.join().unwrap().unwrap();
            assert!(notice.is_none(), "a new store was moved aside: {notice:?}");
        }
        assert_eq!(open(dir.path()).schema_version().unwrap(), SCHEMA_VERSION);
    }
}

#[test]
fn a_store_locked_by_a_writer_is_waited_for_not_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    // Another process holds the write lock for a moment (an IMMEDIATE transaction).
    let path = dir.path().join(FILE_NAME);
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        holder.execute_batch("COMMIT").unwrap();
    });
    let mut store = Store::open_in(dir.path()).unwrap().store;
    store.start_session(&session(1)).unwrap();
    release.join().unwrap();
    assert!(!dir.path().join(format!("{FILE_NAME}.corrupt-1")).exists());
}

#[test]
fn a_truncated_store_is_moved_aside_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = open(dir.path());
        let id = store.start_session(&session(1)).unwrap();
        for i in 0..200 {
            store
                .record_attempt(&attempt(id, &format!("q-{i:03}"), true, i))
                .unwrap();
        }
    }
    let path = dir.path().join(FILE_NAME);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len().min(5000)]).unwrap();
    let opened = Store::open_in(dir.path()).unwrap();
    let notice = opened.notice.expect("a notice for the learner");
    assert!(notice.contains(".corrupt-1"), "{notice}");
    assert!(notice.contains(&path.display().to_string()), "{notice}");
}

#[cfg(unix)]
#[test]
fn a_folder_or_fifo_where_the_store_belongs_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
    let err = Store::open_in(dir.path()).unwrap_err().to_string();
    assert!(err.contains("is not a regular file"), "{err}");
    assert!(err.contains(FILE_NAME), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join(FILE_NAME);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = Store::open_in(dir.path()).unwrap_err().to_string();
    assert!(err.contains("is not a regular file"), "{err}");
    assert!(!dir.path().join(format!("{FILE_NAME}.corrupt-1")).exists());
}

#[test]
fn a_data_dir_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, b"mine").unwrap();
    let err = Store::open_in(&file).unwrap_err().to_string();
    assert!(err.contains("notes.txt"), "{err}");
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
}
