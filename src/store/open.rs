//! Opening the store file: pragmas for safe sharing, recognising a file that is not ours, moving
//! such a file aside, and migrating.

use std::path::{Path, PathBuf};
use std::time::Duration;

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
    // SQLite happily treats a short file as an empty database and would then write over it,
    // so check the header ourselves: a non-empty file must start with SQLite's magic string.
    if !has_sqlite_header_or_is_empty(path)? {
        return Ok(Verdict::Invalid("not an SQLite database".into()));
    }
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The first read of the header is where SQLite notices a file that is not a database.
    let app_id: i32 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if is_not_a_database(&e) => {
            return Ok(Verdict::Invalid("not an SQLite database".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let version = schema::version(&conn)?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
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

/// True when the file is missing, empty, or starts with "SQLite format 3\0".
fn has_sqlite_header_or_is_empty(path: &Path) -> Result<bool, StoreError> {
    use std::io::Read;
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(head.is_empty() || head == MAGIC)
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
