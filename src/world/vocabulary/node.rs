//! A command or check as written, before it is typed: keys and values with the byte range each
//! came from, so every problem can point at its place. Lab files (TOML inline tables) and console
//! lines (`train model=tree max_depth=5`) both become this tree.

use std::ops::Range;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// The value.
    pub value: NodeValue,
}

/// A value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// An unquoted console word (`5000`, `canary`, `a,b`): its type comes from the argument.
    Bare(String),
    /// A quoted string.
    Text(String),
    /// An integer literal.
    Integer(i64),
    /// A float literal.
    Float(f64),
    /// A boolean literal.
    Boolean(bool),
    /// A list.
    List(Vec<Node>),
    /// A table, in written order.
    Table(Vec<Entry>),
    /// A TOML value this vocabulary never takes (a date).
    Other(&'static str),
}

/// One `key = value` of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key was written.
    pub key_span: Range<usize>,
    /// Its value.
    pub node: Node,
}

impl NodeValue {
    /// What an author would call this value ("string \"many\"", "an integer").
    pub fn found(&self) -> String {
        match self {
            NodeValue::Bare(s) => format!("`{s}`"),
            NodeValue::Text(s) => format!("string {s:?}"),
            NodeValue::Integer(i) => format!("integer `{i}`"),
            NodeValue::Float(f) => format!("float `{f}`"),
            NodeValue::Boolean(b) => format!("boolean `{b}`"),
            NodeValue::List(_) => "a list".into(),
            NodeValue::Table(_) => "a table".into(),
            NodeValue::Other(what) => (*what).into(),
        }
    }
}

/// The tree of a `toml_edit` value parsed from a wrapper around the source: a span `s` in the
/// parsed text is `s - skip + base` in the source (`skip` is the wrapper's prefix length, `base`
/// where the wrapped slice starts).
pub fn from_toml(value: &toml_edit::Value, base: usize, skip: usize) -> Node {
    let at =
        |s: Range<usize>| s.start.saturating_sub(skip) + base..s.end.saturating_sub(skip) + base;
    let span = value.span().map_or(base..base, at);
    let value = match value {
        toml_edit::Value::String(s) => NodeValue::Text(s.value().clone()),
        toml_edit::Value::Integer(i) => NodeValue::Integer(*i.value()),
        toml_edit::Value::Float(f) => NodeValue::Float(*f.value()),
        toml_edit::Value::Boolean(b) => NodeValue::Boolean(*b.value()),
        toml_edit::Value::Datetime(_) => NodeValue::Other("a date"),
        toml_edit::Value::Array(a) => {
            NodeValue::List(a.iter().map(|v| from_toml(v, base, skip)).collect())
        }
        toml_edit::Value::InlineTable(t) => NodeValue::Table(
            t.iter()
                .map(|(k, v)| {
                    let key_span = t
                        .key(k)
                        .and_then(toml_edit::Key::span)
                        .map_or(span.clone(), at);
                    Entry {
                        key: k.to_owned(),
                        key_span,
                        node: from_toml(v, base, skip),
                    }
                })
                .collect(),
        ),
    };
    Node { span, value }
}
