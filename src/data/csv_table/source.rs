//! Where the fast reader's bytes come from: a slice in memory, or a file read piece by piece
//! with positioned reads on every core, so a large file is never held whole and its reading
//! overlaps its parsing. Either way a piece is whole lines: the lines that start in its range.

use std::cell::RefCell;
use std::fs::File;
use std::io;

/// Bytes read past a piece's end at a time, looking for the end of its last line.
const TAIL_STEP: usize = 64 * 1024;

/// Bytes read at a time to count lines: small enough to stay in the cache.
const COUNT_BLOCK_BYTES: usize = 64 * 1024;

thread_local! {
    /// A block for counting lines, per thread.
    static COUNT_BLOCK: RefCell<Buffer> = const { RefCell::new(Buffer::new()) };
    /// One piece buffer per thread, reused from piece to piece (and file to file): a fresh
    /// buffer per piece would cost a page fault per 4 KiB.
    static PIECE: RefCell<Buffer> = const { RefCell::new(Buffer::new()) };
}

/// A reusable read buffer: its bytes are zeroed once, when it grows, never before each read.
struct Buffer {
    bytes: Vec<u8>,
    len: usize,
}

impl Buffer {
    const fn new() -> Self {
        Buffer {
            bytes: Vec::new(),
            len: 0,
        }
    }

    /// The bytes read since the last [`Buffer::clear`].
    fn filled(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// Appends the file's bytes `from..to`; a file that has shrunk since its size was taken is
    /// an error, never a short piece.
    fn append(&mut self, file: &File, from: u64, to: u64) -> io::Result<()> {
        let n = usize::try_from(to - from).map_err(io::Error::other)?;
        let end = self.len + n;
        if self.bytes.len() < end {
            self.bytes.resize(end, 0);
        }
        read_exact_at(file, &mut self.bytes[self.len..end], from).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                io::Error::other("the file became shorter while it was being read")
            } else {
                e
            }
        })?;
        self.len = end;
        Ok(())
    }
}

/// The bytes of a CSV file.
#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    /// Already in memory.
    Bytes(&'a [u8]),
    /// A regular file of this many bytes, read with positioned reads (any thread, any order).
    File(&'a File, u64),
}

impl Source<'_> {
    /// The size in bytes.
    pub(super) fn len(self) -> u64 {
        match self {
            Source::Bytes(b) => b.len() as u64,
            Source::File(_, len) => len,
        }
    }

    /// Calls `f` with the first `max` bytes (fewer in a shorter file).
    pub(super) fn head<R>(self, max: u64, f: impl FnOnce(&[u8]) -> R) -> io::Result<R> {
        let end = max.min(self.len());
        match self {
            Source::Bytes(b) => Ok(f(&b[..end as usize])),
            Source::File(file, _) => {
                let mut buf = Buffer::new();
                buf.append(file, 0, end)?;
                Ok(f(buf.filled()))
            }
        }
    }

    /// Calls `f` with the whole lines that start in `start..end` (offsets in the file; a line
    /// starts at `body_start` or after a `\n`), the last one with its line end, which may lie
    /// past `end`. `end` is at most the file's length and `start >= body_start`.
    pub(super) fn piece<R>(
        self,
        body_start: u64,
        start: u64,
        end: u64,
        f: impl FnOnce(&[u8]) -> R,
    ) -> io::Result<R> {
        match self {
            Source::Bytes(bytes) => {
                let first = line_start_at_or_after(bytes, body_start, start);
                let last = line_start_at_or_after(bytes, body_start, end).max(first);
                Ok(f(&bytes[first as usize..last as usize]))
            }
            Source::File(file, len) => PIECE.with_borrow_mut(|buf| {
                buf.clear();
                // From the byte before `start`, to see whether a line starts at `start`.
                let from = if start == body_start {
                    start
                } else {
                    start - 1
                };
                buf.append(file, from, end)?;
                let skip = if start == body_start {
                    0
                } else {
                    match memchr::memchr(b'\n', buf.filled()) {
                        Some(i) => i + 1,
                        None => return Ok(f(&[])),
                    }
                };
                if skip < buf.len && buf.filled().last() != Some(&b'\n') {
                    extend_to_line_end(file, end, len, buf)?;
                }
                Ok(f(&buf.filled()[skip.min(buf.len)..]))
            }),
        }
    }

    /// How many lines start in `start..end` (a line starts at `body_start` and after each `\n`
    /// that is not the last byte): the rows of that piece, blank lines included. Reads the
    /// range in blocks that stay in the cache, without looking past it.
    pub(super) fn line_starts(self, body_start: u64, start: u64, end: u64) -> io::Result<usize> {
        // A `\n` at offset q starts a line at q + 1, counted when q + 1 is in the range and
        // is not the end of the file.
        let first = start.saturating_sub(1).max(body_start);
        let last = end.min(self.len()).saturating_sub(1);
        let starts_body = usize::from(start == body_start && body_start < self.len());
        if first >= last {
            return Ok(starts_body);
        }
        let count = match self {
            Source::Bytes(bytes) => {
                memchr::memchr_iter(b'\n', &bytes[first as usize..last as usize]).count()
            }
            Source::File(file, _) => COUNT_BLOCK.with_borrow_mut(|block| {
                let mut count = 0;
                let mut at = first;
                while at < last {
                    let to = (at + COUNT_BLOCK_BYTES as u64).min(last);
                    block.clear();
                    block.append(file, at, to)?;
                    count += memchr::memchr_iter(b'\n', block.filled()).count();
                    at = to;
                }
                Ok::<usize, io::Error>(count)
            })?,
        };
        Ok(count + starts_body)
    }
}

/// The first offset at or after `at` where a line starts (or the end of `bytes`).
fn line_start_at_or_after(bytes: &[u8], body_start: u64, at: u64) -> u64 {
    if at <= body_start {
        return body_start;
    }
    let from = (at - 1) as usize;
    memchr::memchr(b'\n', &bytes[from.min(bytes.len())..])
        .map_or(bytes.len() as u64, |i| (from + i + 1) as u64)
}

/// Appends the file's bytes from `at` up to and including the next `\n` (or to its end).
fn extend_to_line_end(file: &File, mut at: u64, len: u64, buf: &mut Buffer) -> io::Result<()> {
    while at < len {
        let to = (at + TAIL_STEP as u64).min(len);
        let old = buf.len;
        buf.append(file, at, to)?;
        if let Some(i) = memchr::memchr(b'\n', &buf.filled()[old..]) {
            buf.truncate(old + i + 1);
            return Ok(());
        }
        at = to;
    }
    Ok(())
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
