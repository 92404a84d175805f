//! The progress store: one SQLite file (WAL, versioned schema) holding every quiz session and
//! answer, the spaced-repetition cards and their review log, lab progress, and the learner's
//! profile (the exam they prepare for).
//!
//! Every write is its own transaction, made the moment the learner acts, so killing the process
//! loses nothing already answered. Two running copies share the file safely: WAL lets readers
//! and one writer proceed together and `busy_timeout` makes a second writer wait instead of
//! failing. A file that is not a valid store is renamed aside, never overwritten.

mod attempts;
mod cards;
mod disputes;
mod lab_runs;
mod open;
mod profile;
mod schema;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use attempts::{AttemptRecord, SessionRecord, SessionRow};
pub use cards::{CardRow, ReviewLogRow, ReviewRecord};
pub use disputes::{Dispute, MAX_NOTE_CHARS};
pub use lab_runs::{LabRunStart, LabRunSummary, LabStepResult, OpenLabRun, RunTimeline};
pub use schema::SCHEMA_VERSION;

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// The SQLite `application_id` that marks a file as an mlops-lab store ("MLOP").
pub const APPLICATION_ID: i32 = 0x4D4C_4F50;

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("progress store: {}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// The data folder could not be created, or a bad file could not be moved aside.
    #[error("progress store {path}: {}", crate::reading::os_reason(source))]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file was written by a newer mlops-lab; it is left untouched.
    #[error(
        "progress store {path} has schema version {found}, newer than this mlops-lab knows \
         ({known}); upgrade mlops-lab or use another --data-dir"
    )]
    TooNew {
        /// The store file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// No data folder could be determined.
    #[error("no data folder for the progress store: pass --data-dir DIR or set MLOPS_LAB_HOME")]
    NoHome,
}

/// SQLite's error with what to do about it where the learner can act: a store that cannot be
/// written or opened names the fix rather than only SQLite's words.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => format!(
            "it is read-only ({e}); make the file and its folder writable, or pass \
             --data-dir DIR with a folder you can write"
        ),
        Some(ErrorCode::CannotOpen) => format!(
            "cannot open it ({e}); check that its folder exists and is writable, or pass \
             --data-dir DIR"
        ),
        Some(ErrorCode::DiskFull) => {
            format!("the disk is full ({e}); free some space and try again")
        }
        _ => e.to_string(),
    }
}

/// An open progress store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The result of opening a store: the store and, when a bad file was moved aside, a message
/// for the learner saying where it went.
#[derive(Debug)]
pub struct Opened {
    /// The open store.
    pub store: Store,
    /// Set when the file found was not a valid store and was renamed aside.
    pub notice: Option<String>,
}

/// The data folder: `--data-dir` when given, else `MLOPS_LAB_HOME` when set and not empty,
/// else the platform's data folder for mlops-lab (e.g. `~/.local/share/mlops-lab`).
pub fn resolve_data_dir(
    flag: Option<&Path>,
    env_home: Option<&OsStr>,
) -> Result<PathBuf, StoreError> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(home) = env_home.filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("dev", "mlops-lab", "mlops-lab")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or(StoreError::NoHome)
}

/// Opens the store in the data folder that `--data-dir` (`flag`), then `MLOPS_LAB_HOME`
/// (`env_home`, read by the caller: the core does not read the environment), then the
/// platform's data folder name. [`Opened::notice`] says when a bad file had to be moved aside.
pub fn open_data_dir(flag: Option<&Path>, env_home: Option<&OsStr>) -> Result<Opened, StoreError> {
    let dir = resolve_data_dir(flag, env_home)?;
    Store::open_in(&dir)
}

impl Store {
    /// Opens (creating when needed) the store file `FILE_NAME` inside `dir`.
    pub fn open_in(dir: &Path) -> Result<Opened, StoreError> {
        if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return Err(StoreError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::other(
                    "is a file, not a folder; --data-dir (or MLOPS_LAB_HOME) must name the \
                     folder that holds the progress store",
                ),
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Store::open(&dir.join(FILE_NAME))
    }

    /// Opens (creating when needed) the store at `path`, migrating it to the current schema.
    ///
    /// A file that is not SQLite, is damaged, or belongs to another program is renamed to
    /// `<name>.corrupt-<n>` and a fresh store is created; [`Opened::notice`] says so.
    pub fn open(path: &Path) -> Result<Opened, StoreError> {
        open::open(path)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file (always [`SCHEMA_VERSION`] after opening).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// A setting stored earlier with [`Store::set_setting`].
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores a setting (e.g. `desired_retention`), replacing any earlier value.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// A store SQLite cannot write says so and says what to do; "attempt to write a readonly
    /// database" alone leaves a learner guessing. (Made read-only through SQLite's open flags,
    /// as file permissions do not stop root, whom CI runs as.)
    #[test]
    fn a_read_only_store_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = super::Store::open_in(dir.path())
            .unwrap()
            .store
            .path()
            .to_path_buf();
        let ro = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let err = ro
            .execute_batch("CREATE TABLE t(x)")
            .map_err(super::StoreError::from)
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("progress store: it is read-only ("),
            "{message}"
        );
        assert!(
            message.ends_with("or pass --data-dir DIR with a folder you can write"),
            "{message}"
        );
    }

    #[test]
    fn a_data_folder_under_a_file_is_worded_plainly() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        let Err(err) = super::Store::open_in(&dir.path().join("f/sub")) else {
            panic!("a folder under a file opened")
        };
        let message = err.to_string();
        assert!(
            message.ends_with("a part of the path is a file, not a folder"),
            "{message}"
        );
    }

    use super::*;

    #[test]
    fn data_dir_prefers_flag_then_env_then_platform() {
        let flag = Path::new("/tmp/flag");
        let env = OsStr::new("/tmp/env");
        assert_eq!(resolve_data_dir(Some(flag), Some(env)).unwrap(), flag);
        assert_eq!(
            resolve_data_dir(None, Some(env)).unwrap(),
            Path::new("/tmp/env")
        );
        // An empty MLOPS_LAB_HOME is treated as unset rather than as the current folder.
        if let Ok(dir) = resolve_data_dir(None, Some(OsStr::new(""))) {
            assert!(dir.ends_with("mlops-lab"), "{}", dir.display());
        }
    }

    #[test]
    fn the_data_folder_flag_wins_and_the_store_opens_there() {
        let dir = tempfile::tempdir().unwrap();
        let flag = dir.path().join("flag");
        let opened = open_data_dir(Some(&flag), Some(OsStr::new("/nonexistent/env"))).unwrap();
        assert_eq!(opened.store.path(), flag.join(FILE_NAME));
        assert!(opened.notice.is_none());
        let env = dir.path().join("env");
        let opened = open_data_dir(None, Some(env.as_os_str())).unwrap();
        assert_eq!(opened.store.path(), env.join(FILE_NAME));
    }

    #[test]
    fn settings_round_trip_and_persist() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut store = Store::open_in(dir.path()).unwrap().store;
            assert_eq!(store.setting("desired_retention").unwrap(), None);
            store.set_setting("desired_retention", "0.85").unwrap();
            store.set_setting("desired_retention", "0.8").unwrap();
        }
        let store = Store::open_in(dir.path()).unwrap().store;
        assert_eq!(
            store.setting("desired_retention").unwrap().as_deref(),
            Some("0.8")
        );
    }
}
