//! Types a written command or check ([`Node`]) against the registry: the unknown name (with the
//! nearest known one), the unknown, missing or mistyped argument and what it allows, each at the
//! place it was written. What passes becomes a TOML value that deserialises into the World's
//! types, so serde's own messages are only a last resort and never parsed.

use std::fmt::Write as _;
use std::ops::Range;

use serde::de::DeserializeOwned;

use super::node::{Entry, Node, NodeValue};
use super::registry::{Arg, Shape, Tagged, Word, describe};

/// A problem at a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub span: Range<usize>,
    /// What, in an author's words.
    pub message: String,
}

fn problem(span: &Range<usize>, message: String) -> Problem {
    Problem {
        span: span.clone(),
        message,
    }
}

/// Types `node` as one of `vocabulary`'s words (`what` is "command" or "check") and builds it.
pub fn build<T: DeserializeOwned>(
    node: &Node,
    vocabulary: &Tagged,
    what: &str,
) -> Result<T, Problem> {
    let NodeValue::Table(entries) = &node.value else {
        return Err(problem(
            &node.span,
            format!("a {what} must be an inline table"),
        ));
    };
    let tag = &vocabulary.tag;
    let Some(name_entry) = entries.iter().find(|e| &e.key == tag) else {
        return Err(problem(
            &node.span,
            format!("a {what} needs `{tag} = \"...\"`"),
        ));
    };
    let (NodeValue::Text(name) | NodeValue::Bare(name)) = &name_entry.node.value else {
        return Err(problem(
            &name_entry.node.span,
            format!("`{tag}` must be a string"),
        ));
    };
    let Some(word) = vocabulary.variant(name) else {
        return Err(problem(
            &name_entry.node.span,
            unknown(what, name, vocabulary.names()),
        ));
    };
    let typer = Typer {
        label: format!("{what} `{name}`"),
    };
    let mut table = typer.record(&node.span, entries, &word.args, Some(tag), "")?;
    table.insert(tag.clone(), toml::Value::String(name.clone()));
    toml::Value::Table(table).try_into::<T>().map_err(|e| {
        let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
        problem(&node.span, format!("{}: {message}", typer.label))
    })
}

/// "unknown command `trian` (did you mean `train`?)".
pub fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str>) -> String {
    match nearest(name, known) {
        Some(n) => format!("unknown {what} `{name}` (did you mean `{n}`?)"),
        None => format!("unknown {what} `{name}`"),
    }
}

/// The known name closest to `name`, if it is close enough to be a typo.
pub fn nearest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (distance(name, k), k))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The argument that takes hyperparameters, also written loose beside the others.
const PARAMS: &str = "params";

struct Typer {
    /// "command `generate`".
    label: String,
}

impl Typer {
    /// The arguments of a table with fixed arguments (a word, a record, a tagged variant).
    fn record(
        &self,
        span: &Range<usize>,
        entries: &[Entry],
        args: &[Arg],
        tag: Option<&String>,
        path: &str,
    ) -> Result<toml::map::Map<String, toml::Value>, Problem> {
        let mut out = toml::map::Map::new();
        // Hyperparameters may be written beside the other arguments (`train model=tree
        // max_depth=5`): a word with a `params` table takes the keys it has no argument for.
        let params = args
            .iter()
            .find(|a| a.name == PARAMS)
            .and_then(|a| match &a.shape {
                Shape::Map(item) => Some(item.as_ref()),
                _ => None,
            });
        let mut loose = toml::map::Map::new();
        for e in entries {
            if Some(&e.key) == tag {
                continue;
            }
            if out.contains_key(&e.key) || loose.contains_key(&e.key) {
                return Err(problem(
                    &e.key_span,
                    format!("{}: argument `{path}{}` is given twice", self.label, e.key),
                ));
            }
            let Some(arg) = args.iter().find(|a| a.name == e.key) else {
                let typo = args.iter().any(|a| distance(&e.key, &a.name) <= 2);
                if let Some(item) = params.filter(|_| path.is_empty() && !typo) {
                    let value = self.value(&e.node, item, &format!("{PARAMS}.{}", e.key))?;
                    loose.insert(e.key.clone(), value);
                    continue;
                }
                return Err(problem(&e.key_span, self.no_such(path, &e.key, args)));
            };
            let value = self.value(&e.node, &arg.shape, &format!("{path}{}", e.key))?;
            out.insert(e.key.clone(), value);
        }
        if !loose.is_empty() {
            let entry = out
                .entry(PARAMS)
                .or_insert_with(|| toml::Value::Table(toml::map::Map::new()));
            if let toml::Value::Table(given) = entry {
                for (k, v) in loose {
                    if given.contains_key(&k) {
                        return Err(problem(
                            span,
                            format!("{}: hyperparameter `{k}` is given twice", self.label),
                        ));
                    }
                    given.insert(k, v);
                }
            }
        }
        if let Some(missing) = args
            .iter()
            .find(|a| a.required && !out.contains_key(&a.name))
        {
            return Err(problem(
                span,
                format!(
                    "{}: missing argument `{path}{}` (expected {})",
                    self.label,
                    missing.name,
                    describe(&missing.shape)
                ),
            ));
        }
        Ok(out)
    }

    fn no_such(&self, path: &str, key: &str, args: &[Arg]) -> String {
        let mut m = if path.is_empty() {
            format!("{} has no argument `{key}`", self.label)
        } else {
            format!(
                "{}: `{}` has no argument `{key}`",
                self.label,
                path.trim_end_matches('.')
            )
        };
        if let Some(n) = nearest(key, args.iter().map(|a| a.name.as_str())) {
            let _ = write!(m, " (did you mean `{n}`?)");
        } else if !args.is_empty() {
            let names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
            let _ = write!(m, " (it takes {})", names.join(", "));
        }
        m
    }

    fn wrong(&self, node: &Node, shape: &Shape, path: &str) -> Problem {
        problem(
            &node.span,
            format!(
                "{}: argument `{path}` must be {}, found {}",
                self.label,
                describe(shape),
                node.value.found()
            ),
        )
    }

    fn value(&self, node: &Node, shape: &Shape, path: &str) -> Result<toml::Value, Problem> {
        use toml::Value as V;
        let wrong = || self.wrong(node, shape, path);
        match (shape, &node.value) {
            (Shape::Integer | Shape::Number, NodeValue::Integer(i)) => Ok(V::Integer(*i)),
            (Shape::Integer, NodeValue::Bare(s)) => s
                .replace('_', "")
                .parse()
                .map(V::Integer)
                .map_err(|_| wrong()),
            (Shape::Number, NodeValue::Float(f)) => Ok(V::Float(*f)),
            (Shape::Number, NodeValue::Bare(s)) => match s.replace('_', "").parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(V::Float(f)),
                _ => Err(wrong()),
            },
            (Shape::Boolean, NodeValue::Boolean(b)) => Ok(V::Boolean(*b)),
            (Shape::Boolean, NodeValue::Bare(s)) => match s.as_str() {
                "true" => Ok(V::Boolean(true)),
                "false" => Ok(V::Boolean(false)),
                _ => Err(wrong()),
            },
            (Shape::Text, NodeValue::Text(s) | NodeValue::Bare(s)) => Ok(V::String(s.clone())),
            (Shape::Choice(names), NodeValue::Text(s) | NodeValue::Bare(s)) => {
                if names.iter().any(|n| &n.name == s) {
                    Ok(V::String(s.clone()))
                } else {
                    let mut p = wrong();
                    if let Some(n) = nearest(s, names.iter().map(|n| n.name.as_str())) {
                        let _ = write!(p.message, " (did you mean `{n}`?)");
                    }
                    Err(p)
                }
            }
            (Shape::List(item), NodeValue::List(items)) => items
                .iter()
                .map(|n| self.value(n, item, path))
                .collect::<Result<_, _>>()
                .map(V::Array),
            (Shape::List(item), NodeValue::Bare(s)) => split_list(s, &node.span)
                .iter()
                .map(|n| self.value(n, item, path))
                .collect::<Result<_, _>>()
                .map(V::Array),
            (Shape::Map(item), NodeValue::Table(entries)) => {
                let mut out = toml::map::Map::new();
                for e in entries {
                    let v = self.value(&e.node, item, &format!("{path}.{}", e.key))?;
                    out.insert(e.key.clone(), v);
                }
                Ok(V::Table(out))
            }
            (Shape::Record(args), NodeValue::Table(entries)) => self
                .record(&node.span, entries, args, None, &format!("{path}."))
                .map(V::Table),
            (Shape::Tagged(t), NodeValue::Table(entries)) => self.tagged(node, t, entries, path),
            (Shape::AnyOf(shapes), _) => shapes
                .iter()
                .find_map(|s| self.value(node, s, path).ok())
                .ok_or_else(wrong),
            _ => Err(wrong()),
        }
    }

    fn tagged(
        &self,
        node: &Node,
        t: &Tagged,
        entries: &[Entry],
        path: &str,
    ) -> Result<toml::Value, Problem> {
        let tag_path = format!("{path}.{}", t.tag);
        let Some(tag_entry) = entries.iter().find(|e| e.key == t.tag) else {
            return Err(problem(
                &node.span,
                format!(
                    "{}: missing argument `{tag_path}` (expected {})",
                    self.label,
                    describe(&names_shape(t))
                ),
            ));
        };
        let word: Option<&Word> = match &tag_entry.node.value {
            NodeValue::Text(s) | NodeValue::Bare(s) => t.variant(s),
            _ => None,
        };
        let Some(word) = word else {
            return Err(self
                .value(&tag_entry.node, &names_shape(t), &tag_path)
                .err()
                .unwrap_or_else(|| self.wrong(&tag_entry.node, &names_shape(t), &tag_path)));
        };
        let mut table = self.record(
            &node.span,
            entries,
            &word.args,
            Some(&t.tag),
            &format!("{path}."),
        )?;
        table.insert(t.tag.clone(), toml::Value::String(word.name.clone()));
        Ok(toml::Value::Table(table))
    }
}

/// A tagged union's variant names as a choice.
fn names_shape(t: &Tagged) -> Shape {
    Shape::Choice(
        t.variants
            .iter()
            .map(|w| super::registry::Named {
                name: w.name.clone(),
                doc: w.summary.clone(),
            })
            .collect(),
    )
}

/// `a,b,c` as three bare words with their own spans (an empty word is no item).
fn split_list(s: &str, span: &Range<usize>) -> Vec<Node> {
    let mut at = span.start;
    let mut out = Vec::new();
    for piece in s.split(',') {
        if !piece.is_empty() {
            out.push(Node {
                span: at..at + piece.len(),
                value: NodeValue::Bare(piece.to_owned()),
            });
        }
        at += piece.len() + 1;
    }
    out
}
