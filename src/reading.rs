//! The one way the program reads a file a user named (content packs, labs, CSV files): regular
//! files only, so a FIFO, a device such as `/dev/zero`, a folder or a socket is a clear error
//! rather than a hang, and a size limit checked before the work (and again while reading, in
//! case the file grows). Folder walks detect symlink loops.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest content file (questions, labs, catalog) read: far above any real pack file.
pub const CONTENT_LIMIT: u64 = 8 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused (missing, no permission, ...).
    #[error("cannot read {}: {reason}", path.display())]
    Os {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        reason: String,
    },
    /// Not a regular file.
    #[error(
        "cannot read {}: it is {what}, not a regular file",
        path.display()
    )]
    Special {
        /// The path as given.
        path: PathBuf,
        /// "a folder", "a FIFO (named pipe)", ...
        what: &'static str,
    },
    /// Larger than the limit for its kind.
    #[error(
        "cannot read {}: it is larger than {} MiB, the limit for {kind}",
        path.display(),
        limit / (1024 * 1024)
    )]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
        /// What kind of file it was read as.
        kind: &'static str,
    },
    /// A folder walk came back to a folder it was already in.
    #[error(
        "cannot read {}: a symbolic link loop leads back to {}",
        path.display(),
        to.display()
    )]
    Loop {
        /// Where the loop was found.
        path: PathBuf,
        /// The folder it leads back to.
        to: PathBuf,
    },
}

fn os(path: &Path, e: &std::io::Error) -> ReadError {
    ReadError::Os {
        path: path.to_path_buf(),
        reason: os_reason(e),
    }
}

/// An operating-system error in plain words with what to do about it, rather than Rust's
/// "entity not found" or the C library's "(os error 2)".
pub fn os_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder; check the path".into(),
        ErrorKind::PermissionDenied => {
            "permission denied; check the file's and its folders' permissions".into()
        }
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        ErrorKind::InvalidFilename => "the name is too long or not valid here".into(),
        _ => {
            // The OS message without its number: "Input/output error (os error 5)".
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

/// What a non-regular file is, in words.
fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    if meta.is_file() {
        return None;
    }
    if meta.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Opens a regular file for reading in place (a Parquet file is read column by column, not
/// whole); returns it with its size.
pub fn open_regular(path: &Path) -> Result<(fs::File, u64), ReadError> {
    let meta = fs::metadata(path).map_err(|e| os(path, &e))?;
    if let Some(what) = special_kind(&meta) {
        return Err(ReadError::Special {
            path: path.to_path_buf(),
            what,
        });
    }
    let file = fs::File::open(path).map_err(|e| os(path, &e))?;
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `limit` bytes (`kind` names it in the error).
pub fn read_bytes(path: &Path, limit: u64, kind: &'static str) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(|e| os(path, &e))?;
    if let Some(what) = special_kind(&meta) {
        return Err(ReadError::Special {
            path: path.to_path_buf(),
            what,
        });
    }
    let too_large = || ReadError::TooLarge {
        path: path.to_path_buf(),
        limit,
        kind,
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let file = fs::File::open(path).map_err(|e| os(path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| os(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads a UTF-8 content file (at most [`CONTENT_LIMIT`]).
pub fn read_content(path: &Path) -> Result<String, ReadError> {
    let bytes = read_bytes(path, CONTENT_LIMIT, "a content file")?;
    String::from_utf8(bytes).map_err(|_| ReadError::Os {
        path: path.to_path_buf(),
        reason: "it is not UTF-8 text".into(),
    })
}

/// Every file under `dir` whose name ends in `.{ext}` (hidden entries skipped), sorted; a
/// symlink that leads back into a folder being walked is an error, not an endless walk.
pub fn files_under(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, ReadError> {
    let mut out = Vec::new();
    let mut open = BTreeSet::new();
    walk(dir, ext, &mut open, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    ext: &str,
    open: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), ReadError> {
    let real = fs::canonicalize(dir).map_err(|e| os(dir, &e))?;
    if !open.insert(real.clone()) {
        return Err(ReadError::Loop {
            path: dir.to_path_buf(),
            to: real,
        });
    }
    for entry in fs::read_dir(dir).map_err(|e| os(dir, &e))? {
        let path = entry.map_err(|e| os(dir, &e))?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // `metadata` follows links: a link to a folder is walked (loops caught above), a
        // dangling link is reported when read.
        let is_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            walk(&path, ext, open, out)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    open.remove(&real);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_and_an_oversized_file_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bytes(dir.path(), 10, "a test file").unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
        let big = dir.path().join("big.toml");
        fs::write(&big, vec![b'a'; 11]).unwrap();
        let err = read_bytes(&big, 10, "a test file").unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert_eq!(read_bytes(&big, 11, "a test file").unwrap().len(), 11);
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_symlink_loops_do_not_hang() {
        let err = read_bytes(Path::new("/dev/zero"), 10, "a CSV file").unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.toml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = read_content(&fifo).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
        let err = files_under(dir.path(), "toml").unwrap_err();
        assert!(matches!(err, ReadError::Loop { .. }), "{err}");
    }
}
