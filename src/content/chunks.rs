//! Splits a content file into its top-level pieces (the lines before the first table header,
//! then one piece per `[[key]]` item with its sub-tables) without building a TOML document.
//!
//! A whole-file TOML document costs eight to twelve times the file's size; each piece parsed
//! on its own costs that much of one item only, which keeps loading a pack within three times
//! its size. The scan follows TOML's string rules far enough to know whether a line starts
//! inside a multi-line string; anything it is not sure of returns `None`, and the caller reads
//! the file whole as before.

use std::ops::Range;

/// Where the scan stands at the start of a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Outside any string.
    Code,
    /// Inside a `"""` string.
    MultiBasic,
    /// Inside a `'''` string.
    MultiLiteral,
}

/// The file's pieces: the preamble (`0..` the first header, possibly empty), then one range per
/// top-level `[[key]]` table, running to the next one or the end. `None` when the file has a
/// top-level header of another name, a quoted header, or strings the scan cannot follow.
pub fn split(text: &str, key: &str) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let mut state = State::Code;
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let name = match (state, header(line)) {
            (State::Code, Header::Named(name)) => Some(name),
            (State::Code, Header::Unsure) => return None,
            _ => None,
        };
        if let Some(name) = name {
            let root = name.split('.').next().unwrap_or("").trim();
            if root != key {
                return None;
            }
            // `[[key]]` opens an item; `[[key.option]]` and `[key.x]` stay inside it.
            if name.trim() == key && line.trim_start().starts_with("[[") {
                starts.push(offset);
            } else if starts.is_empty() {
                return None;
            }
        }
        state = scan(line, state)?;
        offset += line.len();
    }
    if state != State::Code {
        return None;
    }
    let preamble = 0..starts.first().copied().unwrap_or(text.len());
    let items = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(text.len()))
        .collect();
    Some((preamble, items))
}

/// What a line is, as far as table headers go.
enum Header<'a> {
    /// Not a header.
    NotOne,
    /// A header `[a.b]` or `[[a.b]]` with this name.
    Named(&'a str),
    /// A header the scan does not handle (quoted names, no closing bracket).
    Unsure,
}

/// Whether this line opens a table, and its name.
fn header(line: &str) -> Header<'_> {
    let t = line.trim_start();
    if !t.starts_with('[') {
        return Header::NotOne;
    }
    let double = t.starts_with("[[");
    let inner = if double { &t[2..] } else { &t[1..] };
    let close = if double { "]]" } else { "]" };
    match inner.find(close) {
        Some(end) if !inner[..end].contains(['"', '\'', '[']) => Header::Named(&inner[..end]),
        _ => Header::Unsure,
    }
}

/// The state after `line`, starting in `state`; `None` for a line the scan cannot follow
/// (an unterminated single-line string, which the parser will report).
fn scan(line: &str, mut state: State) -> Option<State> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match state {
            State::Code => match b[i] {
                b'#' => return Some(State::Code),
                b'"' if b[i..].starts_with(b"\"\"\"") => {
                    state = State::MultiBasic;
                    i += 3;
                }
                b'\'' if b[i..].starts_with(b"'''") => {
                    state = State::MultiLiteral;
                    i += 3;
                }
                b'"' => {
                    i += 1;
                    loop {
                        match b.get(i)? {
                            b'\\' => i += 2,
                            b'"' => break,
                            b'\n' => return None,
                            _ => i += 1,
                        }
                    }
                    i += 1;
                }
                b'\'' => {
                    // A literal string ends on its line; no closing quote means no safe split.
                    i += 2 + b[i + 1..].iter().position(|&c| c == b'\'')?;
                }
                _ => i += 1,
            },
            State::MultiBasic => match b[i] {
                b'\\' => i += 2,
                b'"' if b[i..].starts_with(b"\"\"\"") => {
                    // Up to two more quotes belong to the string: `""""` ends with one.
                    i += 3;
                    while i < b.len() && b[i] == b'"' {
                        i += 1;
                    }
                    state = State::Code;
                }
                _ => i += 1,
            },
            State::MultiLiteral => {
                if b[i..].starts_with(b"'''") {
                    i += 3;
                    while i < b.len() && b[i] == b'\'' {
                        i += 1;
                    }
                    state = State::Code;
                } else {
                    i += 1;
                }
            }
        }
    }
    Some(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Option<Vec<&str>> {
        let (pre, items) = split(text, "question")?;
        let mut out = vec![&text[pre]];
        out.extend(items.into_iter().map(|r| &text[r]));
        Some(out)
    }

    #[test]
    fn items_run_from_their_header_to_the_next_with_their_sub_tables() {
        let text = "format_version = 1\n\n[[question]]\nid = \"a\"\n[[question.option]]\ntext = \"x\"\n\n[[question]]\nid = \"b\"\n";
        assert_eq!(
            pieces(text).unwrap(),
            vec![
                "format_version = 1\n\n",
                "[[question]]\nid = \"a\"\n[[question.option]]\ntext = \"x\"\n\n",
                "[[question]]\nid = \"b\"\n",
            ]
        );
    }

    #[test]
    fn headers_inside_multi_line_strings_do_not_split() {
        let text = "[[question]]\nscenario = \"\"\"\n[[question]]\nstill \\\"\"\" text\n\"\"\"\"\nprompt = '''\n[[question]]'''\n# [[question]]\nx = \"[[question]]\"\n";
        assert_eq!(pieces(text).unwrap().len(), 2);
    }

    #[test]
    fn anything_unusual_reads_the_file_whole() {
        // Another top-level table, a quoted header, a sub-table before any item, an
        // unterminated string, a multi-line string left open.
        for text in [
            "[[question]]\n[other]\n",
            "[[\"question\"]]\n",
            "[question.option]\n",
            "[[question]]\nid = \"open\n",
            "[[question]]\nscenario = \"\"\"never closed\n",
        ] {
            assert_eq!(pieces(text), None, "{text:?}");
        }
    }
}
