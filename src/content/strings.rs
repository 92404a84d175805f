//! Every string in a content file, keys included, checked for characters that could drive a
//! terminal (escape sequences, other controls, bidirectional controls, line separators), with
//! its place. Field rules check the fields they know; this walk covers the rest, such as the
//! names and arguments inside lab commands, which reach the screen when a step runs.

use toml_edit::{ImDocument, Item, Value};

use super::diagnostic::Diagnostic;
use super::source::SourceFile;
use crate::display::is_unsafe;

/// One diagnostic per string (or key) holding an unsafe character. Newlines and tabs are
/// allowed here (whether a field may span lines is its own rule); a file that does not parse
/// yields nothing (its syntax error is reported elsewhere).
pub fn unsafe_strings(file: &SourceFile) -> Vec<Diagnostic> {
    let Ok(doc) = ImDocument::parse(file.text.as_str()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_table(file, doc.as_table(), "", &mut out);
    out
}

fn first_unsafe(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c != '\n' && c != '\t' && c != '\r' && is_unsafe(c))
}

fn report(file: &SourceFile, at: usize, what: &str, c: char, out: &mut Vec<Diagnostic>) {
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

fn walk_table(file: &SourceFile, table: &toml_edit::Table, path: &str, out: &mut Vec<Diagnostic>) {
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

fn walk_item(file: &SourceFile, item: &Item, path: &str, out: &mut Vec<Diagnostic>) {
    match item {
        Item::Value(v) => walk_value(file, v, path, out),
        Item::Table(t) => walk_table(file, t, path, out),
        Item::ArrayOfTables(a) => {
            for (i, t) in a.iter().enumerate() {
                walk_table(file, t, &format!("{path}[{}]", i + 1), out);
            }
        }
        Item::None => {}
    }
}

fn walk_value(file: &SourceFile, value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
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
    fn separators_and_arabic_letter_mark_are_caught_newlines_are_not() {
        assert_eq!(
            problems("a = \"x\\u2028y\"\nb = \"\\u061c\"\nc = \"\"\"one\ntwo\"\"\"\n").len(),
            2
        );
    }
}
