//! The console line: a command name, then `key=value` pairs. A value is a bare word (`5000`,
//! `canary`, `income,age`: typed by the argument it is given to), a quoted string, or any TOML
//! inline value (`features=[{column="income", transform="log"}]`); a dotted key reaches into a
//! table (`strategy.kind=canary strategy.percent=10`). The line becomes the same [`Node`] a lab
//! file's inline table does, so both are typed by one registry with the same messages.

use std::ops::Range;

use super::node::{Entry, Node, NodeValue, from_toml};
use super::registry::{Tagged, Word, registry};
use super::typing::{Problem, build};
use super::{Check, Command};

/// Parses a console line into a command.
pub fn parse_command(line: &str) -> Result<Command, Problem> {
    let node = parse_line(line, "do")
        .map_err(|e| unknown_name(line, &registry().commands, "command", e))?;
    build(&node, &registry().commands, "command")
}

/// Parses a console line naming a check (`metric_at_least metric=test_auc min=0.7`).
pub fn parse_check(line: &str) -> Result<Check, Problem> {
    let node =
        parse_line(line, "kind").map_err(|e| unknown_name(line, &registry().checks, "check", e))?;
    build(&node, &registry().checks, "check")
}

/// A line that does not parse but whose first word names nothing known is a misspelt name
/// first (`advance_day 1` is "did you mean `advance_days`?", not a complaint about the `1`).
fn unknown_name(line: &str, words: &Tagged, what: &str, e: Problem) -> Problem {
    let start = line.len() - line.trim_start().len();
    let name = line[start..].split_whitespace().next().unwrap_or("");
    if name.is_empty() || words.names().any(|n| n == name) {
        return e;
    }
    problem(
        start..start + name.len(),
        super::typing::unknown(what, name, words.names()),
    )
}

fn problem(span: Range<usize>, message: impl Into<String>) -> Problem {
    Problem {
        span,
        message: message.into(),
    }
}

/// The untyped tree of a console line; the name goes under `tag`.
pub fn parse_line(line: &str, tag: &str) -> Result<Node, Problem> {
    let mut s = Scanner { line, at: 0 };
    s.skip_space();
    let start = s.at;
    let name = s.word();
    if name.is_empty() {
        return Err(problem(
            start..start,
            "type a command, such as `generate rows=5000`",
        ));
    }
    let mut entries = vec![Entry {
        key: tag.to_owned(),
        key_span: start..s.at,
        node: Node {
            span: start..s.at,
            value: NodeValue::Bare(name.to_owned()),
        },
    }];
    loop {
        s.skip_space();
        if s.done() {
            break;
        }
        let key_start = s.at;
        let key = s.key();
        if key.is_empty() || !s.eat('=') {
            let word_start = key_start;
            s.at = key_start;
            let w = s.word();
            return Err(problem(
                word_start..word_start + w.len().max(1),
                format!("expected `key=value` here, found `{w}`"),
            ));
        }
        let key_span = key_start..key_start + key.len();
        if key.split('.').any(str::is_empty) {
            return Err(problem(
                key_span,
                format!(
                    "`{key}` is not a key: a dotted key needs a name on each side of every dot"
                ),
            ));
        }
        let node = s.value()?;
        insert(&mut entries, key, key_span, node)?;
    }
    Ok(Node {
        span: start..line.len(),
        value: NodeValue::Table(entries),
    })
}

/// Puts `a.b.c = node` into the tree, creating the tables on the way.
fn insert(
    entries: &mut Vec<Entry>,
    key: &str,
    key_span: Range<usize>,
    node: Node,
) -> Result<(), Problem> {
    let (head, rest) = key
        .split_once('.')
        .map_or((key, None), |(h, r)| (h, Some(r)));
    let head_span = key_span.start..key_span.start + head.len();
    let Some(rest) = rest else {
        if entries.iter().any(|e| e.key == head) {
            return Err(problem(head_span, format!("`{head}` is given twice")));
        }
        entries.push(Entry {
            key: head.to_owned(),
            key_span: head_span,
            node,
        });
        return Ok(());
    };
    let index = if let Some(i) = entries.iter().position(|e| e.key == head) {
        i
    } else {
        {
            entries.push(Entry {
                key: head.to_owned(),
                key_span: head_span.clone(),
                node: Node {
                    span: head_span.clone(),
                    value: NodeValue::Table(Vec::new()),
                },
            });
            entries.len() - 1
        }
    };
    let parent = &mut entries[index].node;
    parent.span = parent.span.start.min(key_span.start)..parent.span.end.max(node.span.end);
    let NodeValue::Table(children) = &mut parent.value else {
        return Err(problem(
            head_span,
            format!("`{head}` is given a value and also dotted keys"),
        ));
    };
    let rest_start = key_span.start + head.len() + 1;
    insert(children, rest, rest_start..key_span.end, node)
}

struct Scanner<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn done(&self) -> bool {
        self.at >= self.line.len()
    }

    fn rest(&self) -> &'a str {
        &self.line[self.at..]
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.line.len() - trimmed.len();
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Up to the next whitespace.
    fn word(&mut self) -> &'a str {
        let start = self.at;
        let len = self
            .rest()
            .find(char::is_whitespace)
            .unwrap_or(self.rest().len());
        self.at += len;
        &self.line[start..self.at]
    }

    /// A key: letters, digits, `_`, `-` and dots.
    fn key(&mut self) -> &'a str {
        let start = self.at;
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(self.rest().len());
        self.at += len;
        &self.line[start..self.at]
    }

    /// The value after `=`.
    fn value(&mut self) -> Result<Node, Problem> {
        let start = self.at;
        let end = match self.rest().chars().next() {
            Some('"' | '\'') => self.quoted_end(start)?,
            Some('[' | '{') => self.bracket_end(start)?,
            _ => {
                let w = self.word();
                return Ok(Node {
                    span: start..start + w.len(),
                    value: NodeValue::Bare(w.to_owned()),
                });
            }
        };
        self.at = end;
        toml_value(&self.line[start..end], start)
    }

    /// Where the quoted string starting at `start` ends (after its closing quote).
    fn quoted_end(&self, start: usize) -> Result<usize, Problem> {
        let text = &self.line[start..];
        let quote = text.chars().next().unwrap_or('"');
        let mut escaped = false;
        for (i, c) in text.char_indices().skip(1) {
            match c {
                '\\' if quote == '"' && !escaped => escaped = true,
                c if c == quote && !escaped => return Ok(start + i + 1),
                _ => escaped = false,
            }
        }
        Err(problem(
            start..start + 1,
            format!("the quoted value opened here is never closed (a missing closing {quote})"),
        ))
    }

    /// Where the `[...]` or `{...}` starting at `start` ends, skipping quoted text.
    fn bracket_end(&self, start: usize) -> Result<usize, Problem> {
        let text = &self.line[start..];
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (i, c) in text.char_indices() {
            if let Some(q) = quote {
                match c {
                    '\\' if q == '"' && !escaped => escaped = true,
                    c if c == q && !escaped => quote = None,
                    _ => escaped = false,
                }
                continue;
            }
            match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(start + i + 1);
                    }
                }
                _ => {}
            }
        }
        let open = text.chars().next().unwrap_or('[');
        let close = if open == '[' { ']' } else { '}' };
        Err(problem(
            start..start + 1,
            format!("the {open} opened here is never closed (a missing {close})"),
        ))
    }
}

/// A quoted string or inline TOML value at `start` of the line.
fn toml_value(text: &str, start: usize) -> Result<Node, Problem> {
    const PREFIX: &str = "x = ";
    let wrapped = format!("{PREFIX}{text}");
    let doc = toml_edit::ImDocument::parse(wrapped.as_str()).map_err(|e| {
        let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
        problem(
            start..start + text.len(),
            format!("this value is not valid TOML: {message}"),
        )
    })?;
    match doc.get("x").and_then(toml_edit::Item::as_value) {
        Some(v) => Ok(from_toml(v, start, PREFIX.len())),
        None => Err(problem(
            start..start + text.len(),
            "this value is not valid TOML",
        )),
    }
}

/// A command or check as a console line (the inverse of [`parse_line`]): the name, then
/// `key=value` pairs in written order, tables as dotted keys, simple lists as comma lists,
/// anything else as inline TOML.
pub fn render_line(node: &Node, tag: &str) -> String {
    let NodeValue::Table(entries) = &node.value else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(name) = entries.iter().find(|e| e.key == tag) {
        parts.push(scalar(&name.node.value).unwrap_or_default());
    }
    for e in entries.iter().filter(|e| e.key != tag) {
        pairs(&e.key, &e.node, &mut parts);
    }
    parts.join(" ")
}

/// A command as the console line a learner would type for it: built from the command's serde
/// form, with the arguments left at their default left out, so the line reads as typed by hand
/// and [`parse_command`] turns it back into the same command.
pub fn command_line(command: &Command) -> String {
    let Ok(value) = serde::Serialize::serialize(command, toml_edit::ser::ValueSerializer::new())
    else {
        // Every command serialises to TOML; should one ever not, show it as Rust writes it.
        return format!("{command:?}");
    };
    let mut node = from_toml(&value, 0, 0);
    // Compared in serde's JSON form, the form the registry's defaults come in.
    let json = serde_json::to_value(command).unwrap_or_default();
    if let NodeValue::Table(entries) = &mut node.value {
        let name = entries
            .iter()
            .find(|e| e.key == "do")
            .and_then(|e| scalar(&e.node.value));
        if let Some(word) = name.and_then(|n| registry().commands.variant(&n)) {
            entries.retain(|e| !at_default(word, &e.key, &json));
        }
    }
    render_line(&node, "do")
}

/// Whether argument `key` of a command (in its JSON form) has the value it takes when left out.
fn at_default(word: &Word, key: &str, command: &serde_json::Value) -> bool {
    word.arg(key)
        .and_then(|a| a.default.as_ref())
        .is_some_and(|d| command.get(key) == Some(d))
}

fn pairs(key: &str, node: &Node, out: &mut Vec<String>) {
    match &node.value {
        NodeValue::Table(entries) if !entries.is_empty() => {
            for e in entries {
                pairs(&format!("{key}.{}", e.key), &e.node, out);
            }
        }
        value => out.push(format!("{key}={}", console_value(value))),
    }
}

fn console_value(value: &NodeValue) -> String {
    if let Some(s) = scalar(value) {
        return s;
    }
    match value {
        NodeValue::List(items) => {
            let simple: Option<Vec<String>> = items.iter().map(|i| scalar(&i.value)).collect();
            match simple {
                Some(words)
                    if !words.is_empty() && words.iter().all(|w| !w.contains([',', '"'])) =>
                {
                    words.join(",")
                }
                _ => format!(
                    "[{}]",
                    items
                        .iter()
                        .map(|i| toml_text(&i.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        other => toml_text(other),
    }
}

/// A value that needs no TOML around it: a number, a boolean, or text that reads as one word.
fn scalar(value: &NodeValue) -> Option<String> {
    match value {
        NodeValue::Bare(s) => Some(s.clone()),
        NodeValue::Text(s) if is_word(s) => Some(s.clone()),
        NodeValue::Text(s) => Some(toml::Value::String(s.clone()).to_string()),
        NodeValue::Integer(i) => Some(i.to_string()),
        NodeValue::Float(f) => Some(toml::Value::Float(*f).to_string()),
        NodeValue::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '%' | ':' | '/'))
}

/// A value as TOML (inline tables with `key=value` pairs, as a console line writes them).
fn toml_text(value: &NodeValue) -> String {
    match value {
        NodeValue::Table(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|e| format!("{}={}", e.key, toml_text(&e.node.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        NodeValue::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| toml_text(&i.value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        NodeValue::Text(s) | NodeValue::Bare(s) => toml::Value::String(s.clone()).to_string(),
        other => scalar(other).unwrap_or_default(),
    }
}
