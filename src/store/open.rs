//! Opening the store file: pragmas for safe sharing, recognising a file that is not ours, moving
//! such a file aside, and migrating.
//!
//! Only SQLite reads the store's files. Opening and closing any descriptor of a database file
//! releases every POSIX lock the process holds on it (SQLite's "How To Corrupt An SQLite
//! Database File", 2.2), so a header probe with `std::fs` beside a live connection let another
//! process checkpoint and delete a WAL still in use. A file is recognised by what SQLite says
//! of it: `application_id`, `user_version` and `quick_check`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use super::schema::{self, SCHEMA_VERSION};
use super::{APPLICATION_ID, Opened, Store, StoreError};

/// How long a writer waits for another process's write to finish before giving up. Writes are
/// single small transactions, so waiting this long means the other copy is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// What we found in the file.
enum Verdict {
    /// Ours (or brand new): use it.
    Usable(Connection),
    /// Not a valid store; the reason, for the message.
    Invalid(String),
}

pub(super) fn open(path: &Path) -> Result<Opened, StoreError> {
    // Another process may hold a write lock for a moment (its migration, its answer): wait and
    // try again rather than fail, and never take "busy" for "damaged".
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(5);
    loop {
        match open_once(path) {
            Err(StoreError::Sqlite(e)) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn open_once(path: &Path) -> Result<Opened, StoreError> {
    let mut notice = None;
    // Two rounds at most: after a move aside the file no longer exists, so the second round
    // creates a fresh store.
    for _ in 0..2 {
        match inspect(path)? {
            Verdict::Usable(mut conn) => {
                schema::migrate_to(&mut conn, SCHEMA_VERSION)?;
                let store = Store {
                    conn,
                    path: path.to_path_buf(),
                };
                return Ok(Opened { store, notice });
            }
            Verdict::Invalid(reason) => {
                let moved = move_aside(path)?;
                notice = Some(format!(
                    "{} was not a valid mlops-lab progress store ({reason}); it was moved to {} \
                     and a new, empty store was started",
                    path.display(),
                    moved.display()
                ));
            }
        }
    }
    Err(StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other("the file reappeared after being moved aside"),
    })
}

fn is_not_a_database(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Opens the file and decides whether it is a usable store.
fn inspect(path: &Path) -> Result<Verdict, StoreError> {
    // SQLite takes a one-byte file for an empty database and would write over it; no file
    // shorter than SQLite's 100-byte header can be a database. `metadata` opens nothing.
    if (1..100).contains(&file_size(path)?) {
        return Ok(Verdict::Invalid("not an SQLite database".into()));
    }
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // One statement reads all three, so they come from one snapshot: read one by one, a copy
    // starting beside another that was creating the store saw application_id 0 (before the
    // other's migration committed) and then its tables (after), took the new store for another
    // program's database and moved it aside. The first read is also where SQLite notices a
    // file that is not a database, or a schema page it calls malformed.
    let found = conn.query_row(
        "SELECT a.application_id, v.user_version, \
                (SELECT count(*) FROM sqlite_master WHERE type = 'table') \
         FROM pragma_application_id() AS a, pragma_user_version() AS v",
        [],
        |r| {
            Ok((
                r.get::<_, i32>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    );
    let (app_id, version, tables) = match found {
        Ok(found) => found,
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            return Ok(Verdict::Invalid("not an SQLite database".into()));
        }
        Err(e) if is_not_a_database(&e) => {
            return Ok(Verdict::Invalid(format!("damaged: {e}")));
        }
        Err(e) => return Err(e.into()),
    };
    let fresh = app_id == 0 && version == 0 && tables == 0;
    if !fresh && app_id != APPLICATION_ID {
        return Ok(Verdict::Invalid(
            "an SQLite database that belongs to another program".into(),
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if !fresh {
        let check: String = match conn.query_row("PRAGMA quick_check", [], |r| r.get(0)) {
            Ok(c) => c,
            Err(e) if is_not_a_database(&e) => "unreadable pages".into(),
            Err(e) => return Err(e.into()),
        };
        if check != "ok" {
            return Ok(Verdict::Invalid(format!("damaged: {check}")));
        }
    }
    // WAL: readers never block the writer and a killed writer leaves committed data intact.
    // FULL sync makes each committed answer durable even across a power cut, at a cost that
    // does not matter for one small write per answer.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(Verdict::Usable(conn))
}

/// The file's size, 0 when it does not exist yet. A FIFO, device, socket or folder where the
/// store should be would hang or fail deep inside SQLite, so it is an error here. `metadata`
/// reads the inode without opening the file, so it cannot disturb the locks of a connection
/// already open.
fn file_size(path: &Path) -> Result<u64, StoreError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(meta.len()),
        Ok(_) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(
                "is not a regular file; move it away or choose another --data-dir",
            ),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Renames `path` (and its WAL and shared-memory files) to `<name>.corrupt-<n>` with the first
/// free `n`, returning the new path.
fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 1;
    let target = loop {
        let candidate = path.with_file_name(format!("{name}.corrupt-{n}"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::rename(path, &target).map_err(io)?;
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{suffix}"));
        if side.exists() {
            let side_target = target.with_file_name(format!("{name}.corrupt-{n}{suffix}"));
            std::fs::rename(&side, side_target).map_err(io)?;
        }
    }
    Ok(target)
}
