//! Completion and signature help for console lines, read from the [`registry`] and the names
//! the current World holds (endpoints, runs, models, feature views, columns): what Tab offers at
//! the cursor, and which argument the cursor is on with its type and meaning. Pure functions of
//! the line, so the TUI console and the tests share them.

use std::collections::BTreeSet;
use std::ops::Range;

use super::registry::{Arg, Shape, Word, label, registry};
use crate::data::scenario::Scenario;
use crate::world::World;

/// Names from the World that arguments refer to, by argument name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    endpoints: Vec<String>,
    deployments: Vec<String>,
    runs: Vec<String>,
    models: Vec<String>,
    views: Vec<String>,
    columns: Vec<String>,
    aliases: Vec<String>,
}

impl Names {
    /// The names `world` holds now (sorted, without repeats).
    pub fn of(world: &World) -> Names {
        let sorted = |it: &mut dyn Iterator<Item = String>| -> Vec<String> {
            it.collect::<BTreeSet<_>>().into_iter().collect()
        };
        let serving = &world.serving().endpoints;
        let registry = &world.registry().models;
        Names {
            endpoints: sorted(&mut serving.keys().cloned()),
            deployments: sorted(&mut serving.values().flat_map(|e| e.deployments.keys().cloned())),
            runs: sorted(&mut world.tracking().runs.iter().map(|r| r.run_id.clone())),
            models: sorted(&mut registry.keys().cloned()),
            views: sorted(&mut world.feature_store().views.keys().cloned()),
            columns: sorted(&mut columns(world.scenario())),
            aliases: sorted(
                &mut ["champion", "challenger"]
                    .into_iter()
                    .map(str::to_owned)
                    .chain(registry.values().flat_map(|m| m.aliases.keys().cloned())),
            ),
        }
    }

    /// The World names an argument called `arg` takes, if it names something.
    fn for_arg(&self, arg: &str) -> &[String] {
        match arg {
            "endpoint" => &self.endpoints,
            "deployment" => &self.deployments,
            "run_id" => &self.runs,
            "model" => &self.models,
            "view" | "views" => &self.views,
            "column" | "feature" | "columns" | "features" => &self.columns,
            "alias" => &self.aliases,
            _ => &[],
        }
    }
}

fn columns(scenario: Scenario) -> Box<dyn Iterator<Item = String>> {
    Box::new(scenario.features().iter().map(|f| f.name.to_owned()))
}

/// What Tab can put at the cursor: the text in `span` is replaced by one of `candidates`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// The byte range of the line the candidate replaces (ends at the cursor).
    pub span: Range<usize>,
    /// The candidates, in the order offered. A name that takes a value ends in `=`.
    pub candidates: Vec<String>,
}

/// The completions at byte `cursor` of `line`; `extra` are words the player adds to the
/// command names (`:hint`, `:solution`...).
pub fn complete(line: &str, cursor: usize, names: &Names, extra: &[&str]) -> Completion {
    let cursor = floor_char(line, cursor);
    let before = &line[..cursor];
    if open_quote(before) {
        return Completion::default();
    }
    let start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let token = &before[start..];
    let first = before[..start].trim().is_empty();
    if first {
        let candidates = registry()
            .commands
            .names()
            .chain(extra.iter().copied())
            .filter(|n| n.starts_with(token))
            .map(str::to_owned)
            .collect();
        return Completion {
            span: start..cursor,
            candidates,
        };
    }
    let Some(word) = command_word(line) else {
        return Completion::default();
    };
    match token.split_once('=') {
        None => Completion {
            span: start..cursor,
            candidates: keys(word, &given(before))
                .into_iter()
                .filter(|k| k.starts_with(token))
                .collect(),
        },
        Some((key, value)) => {
            let Some(shape) = shape_at(word, key) else {
                return Completion::default();
            };
            let last = key.rsplit('.').next().unwrap_or(key);
            // In a comma list, complete the last item only.
            let item_at = value.rfind(',').map_or(0, |i| i + 1);
            let typed = &value[item_at..];
            let value_start = start + key.len() + 1 + item_at;
            Completion {
                span: value_start..cursor,
                candidates: values(shape, last, names)
                    .into_iter()
                    .filter(|v| v.starts_with(typed))
                    .collect(),
            }
        }
    }
}

/// The signature of the command being typed, with the argument under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The command's name.
    pub name: String,
    /// Each argument as `name=type` (`[name=type]` when optional) and whether the cursor is on it.
    pub args: Vec<(String, bool)>,
    /// The meaning of the argument under the cursor, else the command's summary.
    pub doc: String,
}

/// The signature help at byte `cursor` of `line`; `None` until a known command is typed.
pub fn signature(line: &str, cursor: usize) -> Option<Signature> {
    let cursor = floor_char(line, cursor);
    let word = command_word(line)?;
    let before = &line[..cursor];
    // The whole word under the cursor: the key may run on past it (`ro|ws=5000`).
    let after = &line[cursor..];
    let tail = after.split(char::is_whitespace).next().unwrap_or("");
    let head = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let token = format!("{head}{tail}");
    let current = if before.trim_start().contains(char::is_whitespace) {
        token.split(['=', '.']).next().unwrap_or("")
    } else {
        ""
    };
    let args = word
        .args
        .iter()
        .map(|a| {
            let text = format!("{}={}", a.name, label(&a.shape));
            let text = if a.required {
                text
            } else {
                format!("[{text}]")
            };
            (text, !current.is_empty() && a.name == current)
        })
        .collect();
    let doc = word.arg(current).map_or_else(
        || word.summary.clone(),
        |a| format!("{}: {}", a.name, a.doc),
    );
    Some(Signature {
        name: word.name.clone(),
        args,
        doc,
    })
}

fn floor_char(line: &str, cursor: usize) -> usize {
    let mut c = cursor.min(line.len());
    while !line.is_char_boundary(c) {
        c -= 1;
    }
    c
}

/// Whether `text` ends inside a quoted string.
fn open_quote(text: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if c == '\\' && q == '"' && !escaped {
                    escaped = true;
                    continue;
                }
                if c == q && !escaped {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {}
        }
        escaped = false;
    }
    quote.is_some()
}

fn command_word(line: &str) -> Option<&'static Word> {
    let name = line.split_whitespace().next()?;
    registry().commands.variant(name)
}

/// The argument names already given on the line (first segment of each key).
fn given(before: &str) -> BTreeSet<String> {
    before
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.split_once('='))
        .map(|(k, _)| k.split('.').next().unwrap_or(k).to_owned())
        .collect()
}

/// The keys the command takes, as typed before `=`: required ones first; a table's fields as
/// dotted keys.
fn keys(word: &Word, given: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for a in word.args.iter().filter(|a| !given.contains(&a.name)) {
        match &a.shape {
            Shape::Tagged(t) => out.push(format!("{}.{}=", a.name, t.tag)),
            Shape::Record(fields) => {
                out.extend(fields.iter().map(|f| format!("{}.{}=", a.name, f.name)));
            }
            _ => out.push(format!("{}=", a.name)),
        }
    }
    // A tagged table's other fields once its tag is given (`strategy.percent=`).
    for a in word.args.iter().filter(|a| given.contains(&a.name)) {
        if let Shape::Tagged(t) = &a.shape {
            let fields: BTreeSet<&str> = t
                .variants
                .iter()
                .flat_map(|v| v.args.iter().map(|f| f.name.as_str()))
                .collect();
            out.extend(fields.into_iter().map(|f| format!("{}.{f}=", a.name)));
        }
    }
    out
}

/// The shape of the value a (possibly dotted) key takes.
fn shape_at<'a>(word: &'a Word, key: &str) -> Option<&'a Shape> {
    let mut parts = key.split('.');
    let mut shape = &word.arg(parts.next()?)?.shape;
    for part in parts {
        shape = match shape {
            Shape::Record(fields) => &find(fields, part)?.shape,
            Shape::Tagged(t) if part == t.tag => return Some(shape),
            Shape::Tagged(t) => t
                .variants
                .iter()
                .find_map(|v| find(&v.args, part))
                .map(|a| &a.shape)?,
            _ => return None,
        };
    }
    Some(shape)
}

fn find<'a>(args: &'a [Arg], name: &str) -> Option<&'a Arg> {
    args.iter().find(|a| a.name == name)
}

/// The values offered for an argument called `arg` of `shape`.
fn values(shape: &Shape, arg: &str, names: &Names) -> Vec<String> {
    match shape {
        Shape::Choice(named) => named.iter().map(|n| n.name.clone()).collect(),
        Shape::Boolean => vec!["true".into(), "false".into()],
        Shape::Tagged(t) => t.names().map(str::to_owned).collect(),
        Shape::List(item) => values(item, arg, names),
        Shape::Text => names.for_arg(arg).to_vec(),
        Shape::AnyOf(shapes) => shapes.iter().flat_map(|s| values(s, arg, names)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::Command;

    fn empty() -> Names {
        Names::default()
    }

    #[test]
    fn the_first_word_completes_command_names_and_player_words() {
        let c = complete("gen", 3, &empty(), &[]);
        assert_eq!(c.span, 0..3);
        assert_eq!(c.candidates, ["generate"]);
        let c = complete(":h", 2, &empty(), &[":hint", ":solution"]);
        assert_eq!(c.candidates, [":hint"]);
        let all = complete("", 0, &empty(), &[]);
        assert_eq!(all.candidates.len(), registry().commands.variants.len());
    }

    #[test]
    fn argument_names_end_in_equals_and_skip_those_given() {
        let c = complete("generate rows=5000 m", 20, &empty(), &[]);
        assert_eq!(c.span, 19..20);
        assert_eq!(c.candidates, ["missing_rate="]);
        let c = complete("generate rows=5000 ", 19, &empty(), &[]);
        assert!(!c.candidates.contains(&"rows=".to_owned()), "{c:?}");
    }

    #[test]
    fn a_tagged_table_offers_its_tag_then_its_fields() {
        let c = complete("deploy endpoint=e version=2 str", 31, &empty(), &[]);
        assert_eq!(c.candidates, ["strategy.kind="]);
        let line = "deploy strategy.kind=";
        let c = complete(line, line.len(), &empty(), &[]);
        assert!(c.candidates.contains(&"canary".to_owned()), "{c:?}");
        let line = "deploy strategy.kind=canary strategy.p";
        let c = complete(line, line.len(), &empty(), &[]);
        assert_eq!(c.candidates, ["strategy.percent="]);
    }

    #[test]
    fn values_come_from_choices_and_from_the_world() {
        let line = "train model=tr";
        let c = complete(line, line.len(), &empty(), &[]);
        assert_eq!(c.span, 12..14);
        assert_eq!(c.candidates, ["tree"]);
        let mut world = World::new(Scenario::CreditRisk, 7);
        world.apply(Command::Generate {
            rows: 200,
            missing_rate: 0.0,
            outlier_rate: 0.0,
        });
        let names = Names::of(&world);
        let line = "corrupt_data issue.kind=drop_column issue.column=inc";
        let c = complete(line, line.len(), &names, &[]);
        assert_eq!(c.candidates, ["income"]);
    }

    #[test]
    fn no_completion_inside_a_quoted_string() {
        let line = "search_runs filter=\"metrics.";
        assert!(
            complete(line, line.len(), &empty(), &[])
                .candidates
                .is_empty()
        );
    }

    #[test]
    fn the_signature_marks_the_argument_under_the_cursor() {
        let line = "generate rows=5000 missing_rate=0.0";
        let s = signature(line, 12).unwrap();
        assert_eq!(s.name, "generate");
        assert_eq!(s.args[0], ("rows=int".to_owned(), true));
        assert!(s.args[1].0.starts_with("[missing_rate=number"), "{s:?}");
        assert!(s.doc.starts_with("rows: Number of rows"), "{}", s.doc);
        let s = signature("generate ", 9).unwrap();
        assert!(s.args.iter().all(|(_, on)| !on));
        assert!(signature("nonsense x=1", 5).is_none());
    }
}
