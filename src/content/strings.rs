//! Every string in a content file, keys included, checked for characters that could drive a
//! terminal (escape sequences, other controls, bidirectional controls, line separators), with
//! its place. Field rules check the fields they know; this walk covers the rest, such as the
//! names and arguments inside lab commands, which reach the screen when a step runs.

use toml_edit::{ImDocument, Item, Value};

use super::diagnostic::Diagnostic;
use super::source::{FileKind, SourceFile};
use crate::display::is_unsafe;

/// One diagnostic per string (or key) holding an unsafe character. Newlines and tabs are
/// allowed here (whether a field may span lines is its own rule); a file that does not parse
/// yields nothing (its syntax error is reported elsewhere).
///
/// Item files (questions, cases, exams) are walked one item at a time ([`super::chunks`]), so
/// memory follows the largest item, not the file; paths and places stay those of the file.
pub fn unsafe_strings(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let key = match file.kind {
        FileKind::Questions => Some("question"),
        FileKind::Cases => Some("case"),
        FileKind::Exams => Some("exam"),
        FileKind::Lab | FileKind::Incidents => None,
    };
    if let Some((preamble, items)) = key.and_then(|k| super::chunks::split(&file.text, k)) {
        let pieces = std::iter::once(preamble).chain(items);
        for (n, range) in pieces.enumerate() {
            let Ok(doc) = ImDocument::parse(&file.text[range.clone()]) else {
                return Vec::new();
            };
            // Piece n holds item n (1-based); its one `[[key]]` is numbered as in the file.
            let at = Place {
                file,
                base: range.start,
                item: n.saturating_sub(1),
            };
            walk_table(&at, doc.as_table(), "", &mut out);
        }
        return out;
    }
    let Ok(doc) = ImDocument::parse(file.text.as_str()) else {
        return Vec::new();
    };
    let at = Place {
        file,
        base: 0,
        item: 0,
    };
    walk_table(&at, doc.as_table(), "", &mut out);
    out
}

/// Where a walked piece sits: its file, the byte offset its spans count from, and how many
/// items come before it (added to the top-level item's number in paths).
struct Place<'a> {
    file: &'a SourceFile,
    base: usize,
    item: usize,
}

fn first_unsafe(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c != '\n' && c != '\t' && c != '\r' && is_unsafe(c))
}

fn report(place: &Place<'_>, at: usize, what: &str, c: char, out: &mut Vec<Diagnostic>) {
    let (file, at) = (place.file, place.base + at);
    let kind = match c {
        '\u{1b}' => "an escape sequence",
        c if c.is_control() => "a control character",
        '\u{2028}' | '\u{2029}' => "a Unicode line separator",
        _ => "a bidirectional control character",
    };
    out.push(Diagnostic::error(
        &file.path,
        file.position(at),
        format!(
            "{what} contains {kind} (U+{:04X}); content must be plain text",
            c as u32
        ),
    ));
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk_table(file: &Place<'_>, table: &toml_edit::Table, path: &str, out: &mut Vec<Diagnostic>) {
    for (key, item) in table {
        let here = join(path, key);
        if let Some(c) = first_unsafe(key) {
            let at = table
                .key(key)
                .and_then(toml_edit::Key::span)
                .map_or(0, |s| s.start);
            report(file, at, &format!("the key `{here}`"), c, out);
            continue;
        }
        walk_item(file, item, &here, out);
    }
}

fn walk_item(file: &Place<'_>, item: &Item, path: &str, out: &mut Vec<Diagnostic>) {
    match item {
        Item::Value(v) => walk_value(file, v, path, out),
        Item::Table(t) => walk_table(file, t, path, out),
        Item::ArrayOfTables(a) => {
            // Only the top-level items are split into pieces; nested arrays count from 1.
            let first = if path.contains('.') || path.contains('[') {
                1
            } else {
                file.item + 1
            };
            for (i, t) in a.iter().enumerate() {
                walk_table(file, t, &format!("{path}[{}]", first + i), out);
            }
        }
        Item::None => {}
    }
}

fn walk_value(file: &Place<'_>, value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::String(s) => {
            if let Some(c) = first_unsafe(s.value()) {
                let at = s.span().map_or(0, |r| r.start);
                report(file, at, &format!("`{path}`"), c, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                walk_value(file, v, &format!("{path}[{}]", i + 1), out);
            }
        }
        Value::InlineTable(t) => {
            for (key, v) in t {
                let here = join(path, key);
                if let Some(c) = first_unsafe(key) {
                    let at = t
                        .key(key)
                        .and_then(toml_edit::Key::span)
                        .map_or(0, |s| s.start);
                    report(file, at, &format!("the key `{here}`"), c, out);
                    continue;
                }
                walk_value(file, v, &here, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        unsafe_strings(&SourceFile::new("labs/x.toml", text))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn strings_deep_in_commands_and_keys_are_checked_with_their_place() {
        let text = "format_version = 1\n[[step]]\ncommands = [{ do = \"train\", run_name = \"a\\u001b]52;c;aGVsbG8=\\u0007b\" }]\n\"k\\u202e\" = 1\n";
        assert_eq!(
            problems(text),
            vec![
                "labs/x.toml:3:40: error: `step[1].commands[1].run_name` contains an escape sequence (U+001B); content must be plain text",
                "labs/x.toml:4:1: error: the key `step[1].k\\u{202e}` contains a bidirectional control character (U+202E); content must be plain text",
            ]
        );
    }

    #[test]
    fn item_files_read_piece_by_piece_keep_the_files_paths_and_places() {
        let text = "format_version = 1\n[[question]]\nid = \"a\"\n[[question]]\nid = \"b\"\n[[question.option]]\ntext = \"ok\"\n[[question.option]]\nwhy = \"x\\u001by\"\n";
        let found: Vec<String> = unsafe_strings(&SourceFile::new("q.toml", text))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "q.toml:9:7: error: `question[2].option[2].why` contains an escape sequence (U+001B); content must be plain text"
            ]
        );
    }

    #[test]
    fn separators_and_arabic_letter_mark_are_caught_newlines_are_not() {
        assert_eq!(
            problems("a = \"x\\u2028y\"\nb = \"\\u061c\"\nc = \"\"\"one\ntwo\"\"\"\n").len(),
            2
        );
    }
}
