//! The vocabulary registry: every command and check with its typed arguments, read once from
//! the JSON schema `schemars` derives from the serde types themselves. The types are the one
//! source; the lab-file checker, the console parser, completion, signature help, the in-app help
//! and `docs/commands.md` all read this registry, so none of them keeps a list of its own.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::{Check, Command};

/// What an argument's value must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A whole number.
    Integer,
    /// Any number (an integer is accepted).
    Number,
    /// `true` or `false`.
    Boolean,
    /// Free text.
    Text,
    /// One of a fixed set of names.
    Choice(Vec<Named>),
    /// A list of values of one shape.
    List(Box<Shape>),
    /// A table whose keys the author chooses (hyperparameters, traffic per deployment).
    Map(Box<Shape>),
    /// A table with fixed arguments.
    Record(Vec<Arg>),
    /// A table whose `tag` names one of several argument sets (`kind = "canary"`).
    Tagged(Tagged),
    /// Any of several shapes, tried in order (a hyperparameter value, `2` or `"25%"`).
    AnyOf(Vec<Shape>),
}

/// A name with its one-line meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The name as written.
    pub name: String,
    /// What it means.
    pub doc: String,
}

/// A tagged union: the tag key and each variant's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The key that names the variant (`do`, `kind`, `trigger`).
    pub tag: String,
    /// The variants.
    pub variants: Vec<Word>,
}

impl Tagged {
    /// The variant called `name`.
    pub fn variant(&self, name: &str) -> Option<&Word> {
        self.variants.iter().find(|w| w.name == name)
    }

    /// The variant names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.variants.iter().map(|w| w.name.as_str())
    }
}

/// One argument of a command, a check or a nested table.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Its key.
    pub name: String,
    /// What its value must be.
    pub shape: Shape,
    /// Whether it must be given.
    pub required: bool,
    /// The value it takes when left out (as the types' `Default` gives it), if any is shown.
    pub default: Option<Value>,
    /// What it means, from the type's documentation.
    pub doc: String,
}

/// A command, a check, or one variant of a tagged argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Its name (`generate`, `validation_passed`, `canary`).
    pub name: String,
    /// What it does, in one line.
    pub summary: String,
    /// More about it (may be empty).
    pub details: String,
    /// A console line that uses it (empty for nested variants).
    pub example: String,
    /// Its arguments: required ones first, in declared order, then optional ones by name.
    pub args: Vec<Arg>,
}

impl Word {
    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.name == name)
    }
}

/// Commands and checks.
#[derive(Debug)]
pub struct Registry {
    /// Every command (`do = "..."`).
    pub commands: Tagged,
    /// Every check (`kind = "..."`).
    pub checks: Tagged,
}

/// The registry, built on first use.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let commands = schemars::schema_for!(Command);
        let checks = schemars::schema_for!(Check);
        Registry {
            commands: tagged_root(&commands.to_value(), "do"),
            checks: tagged_root(&checks.to_value(), "kind"),
        }
    })
}

fn tagged_root(root: &Value, tag: &str) -> Tagged {
    let defs = root.get("$defs").and_then(Value::as_object);
    let reader = Reader { defs };
    match reader.shape(root) {
        Shape::Tagged(t) if t.tag == tag => t,
        other => panic!("the vocabulary root is not tagged by `{tag}`: {other:?}"),
    }
}

/// Turns schema nodes into shapes, following `$ref`s into `$defs`.
struct Reader<'a> {
    defs: Option<&'a Map<String, Value>>,
}

impl Reader<'_> {
    fn resolve<'v>(&'v self, node: &'v Value) -> &'v Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.trim_start_matches("#/$defs/");
                self.defs
                    .and_then(|d| d.get(name))
                    .unwrap_or_else(|| panic!("schema reference {r} is not defined"))
            }
            None => node,
        }
    }

    fn shape(&self, node: &Value) -> Shape {
        let node = self.resolve(node);
        if let Some(options) = node.get("oneOf").and_then(Value::as_array) {
            return self.one_of(options);
        }
        if let Some(options) = node.get("anyOf").and_then(Value::as_array) {
            let shapes: Vec<Shape> = options
                .iter()
                .filter(|o| !is_null(o))
                .map(|o| self.shape(o))
                .collect();
            return match <[Shape; 1]>::try_from(shapes) {
                Ok([one]) => one,
                Err(many) => Shape::AnyOf(many),
            };
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            let names = values
                .iter()
                .filter_map(Value::as_str)
                .map(|n| Named {
                    name: n.to_owned(),
                    doc: String::new(),
                })
                .collect();
            return Shape::Choice(names);
        }
        match type_name(node) {
            Some("integer") => Shape::Integer,
            Some("number") => Shape::Number,
            Some("boolean") => Shape::Boolean,
            Some("string") => Shape::Text,
            Some("array") => Shape::List(Box::new(
                node.get("items").map_or(Shape::Text, |i| self.shape(i)),
            )),
            Some("object") => match node.get("properties").and_then(Value::as_object) {
                Some(_) => Shape::Record(self.args(node, None)),
                None => Shape::Map(Box::new(
                    node.get("additionalProperties")
                        .filter(|v| v.is_object())
                        .map_or(Shape::Text, |v| self.shape(v)),
                )),
            },
            other => {
                panic!("the vocabulary uses a schema type this reader does not know: {other:?}")
            }
        }
    }

    /// A `oneOf`: string constants make a choice; objects with a common constant key a union.
    fn one_of(&self, options: &[Value]) -> Shape {
        let options: Vec<&Value> = options.iter().map(|o| self.resolve(o)).collect();
        if options.iter().all(|o| o.get("const").is_some()) {
            return Shape::Choice(
                options
                    .iter()
                    .map(|o| Named {
                        name: o["const"].as_str().unwrap_or_default().to_owned(),
                        doc: doc_of(o),
                    })
                    .collect(),
            );
        }
        let tag = options
            .first()
            .and_then(|o| o.get("properties"))
            .and_then(Value::as_object)
            .and_then(|p| p.iter().find(|(_, v)| v.get("const").is_some()))
            .map_or_else(
                || panic!("a oneOf of tables without a tag: {options:?}"),
                |(k, _)| k.clone(),
            );
        let variants = options
            .iter()
            .map(|o| {
                let name = o["properties"][&tag]["const"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let doc = doc_of(o);
                let (summary, details, example) = split_doc(&doc);
                Word {
                    name,
                    summary,
                    details,
                    example,
                    args: self.args(o, Some(&tag)),
                }
            })
            .collect();
        Shape::Tagged(Tagged { tag, variants })
    }

    fn args(&self, node: &Value, tag: Option<&str>) -> Vec<Arg> {
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = node.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        let arg = |name: &str, spec: &Value| Arg {
            name: name.to_owned(),
            shape: self.shape(spec),
            required: required.contains(&name),
            default: spec.get("default").filter(|d| !d.is_null()).cloned(),
            doc: doc_of(spec),
        };
        let mut args: Vec<Arg> = required
            .iter()
            .filter(|r| Some(**r) != tag)
            .filter_map(|r| props.get(*r).map(|spec| arg(r, spec)))
            .collect();
        args.extend(
            props
                .iter()
                .filter(|(k, _)| !required.contains(&k.as_str()) && Some(k.as_str()) != tag)
                .map(|(k, spec)| arg(k, spec)),
        );
        args
    }
}

fn is_null(node: &Value) -> bool {
    node.get("type").and_then(Value::as_str) == Some("null")
}

/// The schema type, ignoring the `null` that optional arguments add.
fn type_name(node: &Value) -> Option<&str> {
    match node.get("type")? {
        Value::String(s) => Some(s),
        Value::Array(a) => a.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

fn doc_of(node: &Value) -> String {
    node.get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Splits a variant's documentation into its summary (the first paragraph, on one line), the
/// rest, and the console example given on a line that starts with `Example:`.
fn split_doc(doc: &str) -> (String, String, String) {
    let mut example = String::new();
    let mut paragraphs: Vec<String> = Vec::new();
    for para in doc.split("\n\n") {
        let line = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(ex) = line.strip_prefix("Example: ") {
            ex.trim_matches('`').clone_into(&mut example);
        } else if !line.is_empty() {
            paragraphs.push(line);
        }
    }
    let summary = paragraphs.first().cloned().unwrap_or_default();
    let details = paragraphs.get(1..).unwrap_or_default().join("\n\n");
    (summary, details, example)
}

/// A short description of a shape, in an author's words ("an integer", "one of: a, b").
pub fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Integer => "an integer".into(),
        Shape::Number => "a number".into(),
        Shape::Boolean => "true or false".into(),
        Shape::Text => "a string".into(),
        Shape::Choice(names) => format!(
            "one of {}",
            names
                .iter()
                .map(|n| format!("`{}`", n.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Shape::List(item) => format!("a list of {}", plural(item)),
        Shape::Map(_) | Shape::Record(_) => "a table".into(),
        Shape::Tagged(t) => format!(
            "a table with `{}` = one of {}",
            t.tag,
            t.names()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Shape::AnyOf(shapes) => shapes.iter().map(describe).collect::<Vec<_>>().join(" or "),
    }
}

fn plural(shape: &Shape) -> String {
    match shape {
        Shape::Integer => "integers".into(),
        Shape::Number => "numbers".into(),
        Shape::Boolean => "booleans".into(),
        Shape::Text => "strings".into(),
        Shape::Choice(_) => "names".into(),
        _ => "tables".into(),
    }
}

/// A short type label for signatures (`int`, `number`, `name`, `[...]`).
pub fn label(shape: &Shape) -> String {
    match shape {
        Shape::Integer => "int".into(),
        Shape::Number => "number".into(),
        Shape::Boolean => "bool".into(),
        Shape::Text => "text".into(),
        Shape::Choice(names) if names.len() <= 4 => names
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join("|"),
        Shape::Choice(_) => "name".into(),
        Shape::List(item) => format!("{},...", label(item)),
        Shape::Map(item) => format!("{{name={},...}}", label(item)),
        Shape::Record(_) | Shape::Tagged(_) => "{...}".into(),
        Shape::AnyOf(shapes) => shapes.iter().map(label).collect::<Vec<_>>().join("|"),
    }
}
