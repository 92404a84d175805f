//! Zip archives that are the same bytes on every run: entries in the order given, each with
//! the fixed date 1980-01-01 00:00 (the earliest a zip can hold) and fixed permissions, so two
//! exports of one bank compare equal and a build can cache them.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// How one entry is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// Deflate-compressed (text: XML, JSON).
    Deflated,
    /// Kept as is (what genanki does for `.apkg` members).
    Stored,
}

/// A zip archive of `entries` (name, bytes, how stored), in that order.
pub fn archive(entries: &[(&str, &[u8], Store)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes, how) in entries {
        let method = match how {
            Store::Deflated => CompressionMethod::Deflated,
            Store::Stored => CompressionMethod::Stored,
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::Read;

    use super::*;

    #[test]
    fn the_same_entries_give_the_same_bytes_and_read_back() {
        let entries = [
            ("a.xml", &b"<a/>"[..], Store::Deflated),
            ("b", &b"raw"[..], Store::Stored),
        ];
        let one = archive(&entries).unwrap();
        assert_eq!(one, archive(&entries).unwrap());
        let mut zip = zip::ZipArchive::new(Cursor::new(one)).unwrap();
        assert_eq!(zip.len(), 2);
        let mut text = String::new();
        zip.by_name("a.xml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<a/>");
        let b = zip.by_name("b").unwrap();
        assert_eq!(b.compression(), CompressionMethod::Stored);
        assert_eq!(b.last_modified(), Some(DateTime::default()));
    }
}
