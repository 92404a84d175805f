//! `docs/commands.md`, generated from the registry: every command and check with its summary,
//! its arguments (type, required or default, meaning) and its example as a console line and as
//! a lab file writes it. A test keeps the committed file in step with the types.

use std::fmt::Write as _;

use super::node::{Node, NodeValue};
use super::registry::{Arg, Shape, Tagged, Word, label, registry};

/// The whole reference page.
pub fn commands_markdown() -> String {
    let r = registry();
    let mut out = String::new();
    out.push_str(concat!(
        "# Commands and checks\n\n",
        "<!-- Generated from the World's types by `src/world/vocabulary/docs.rs`; do not edit.\n",
        "     Regenerate with `MLOPS_LAB_WRITE_DOCS=1 cargo test --lib commands_md`. -->\n\n",
        "Every command the World takes and every check a lab step can make. Type a command in the\n",
        "console (`:` in the lab player and the sandbox, or a line in `mlops-lab lab ID --plain`) as\n",
        "its name followed by `key=value` pairs; write it in a lab file as an inline table. The\n",
        "console syntax is described in [console.md](console.md).\n\n",
    ));
    section(&mut out, "Commands", &r.commands, "command");
    section(&mut out, "Checks", &r.checks, "check");
    out
}

fn section(out: &mut String, title: &str, words: &Tagged, what: &str) {
    let _ = writeln!(out, "## {title}\n");
    for w in &words.variants {
        let _ = writeln!(out, "- [`{}`](#{}): {}", w.name, w.name, w.summary);
    }
    out.push('\n');
    for w in &words.variants {
        word(out, w, &words.tag, what);
    }
}

fn word(out: &mut String, w: &Word, tag: &str, what: &str) {
    let _ = writeln!(out, "### {}\n\n{}\n", w.name, w.summary);
    if !w.details.is_empty() {
        let _ = writeln!(out, "{}\n", w.details);
    }
    if w.args.is_empty() {
        let _ = writeln!(out, "This {what} takes no arguments.\n");
    } else {
        out.push_str("| argument | type | | meaning |\n| --- | --- | --- | --- |\n");
        for a in &w.args {
            let need = if a.required {
                "required".to_owned()
            } else {
                a.default.as_ref().map_or_else(
                    || "optional".to_owned(),
                    |d| format!("default `{}`", value(d)),
                )
            };
            let doc = a.doc.split_whitespace().collect::<Vec<_>>().join(" ");
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {need} | {} |",
                a.name,
                label(&a.shape).replace('|', "\\|"),
                doc.replace('|', "\\|")
            );
        }
        out.push('\n');
        for a in &w.args {
            nested(out, a);
        }
    }
    let _ = writeln!(out, "Console:\n\n```text\n{}\n```\n", w.example);
    if let Ok(node) = super::console::parse_line(&w.example, tag) {
        let _ = writeln!(out, "Lab file:\n\n```toml\n{}\n```\n", inline(&node));
    }
}

/// The arguments inside a table-valued argument (a strategy, a feature spec).
fn nested(out: &mut String, a: &Arg) {
    let (shape, each) = match &a.shape {
        Shape::List(item) => (item.as_ref(), "each item of "),
        other => (other, ""),
    };
    match shape {
        Shape::Tagged(t) => {
            let _ = writeln!(
                out,
                "{}`{}` is one of, by `{}`:\n",
                capital(each),
                a.name,
                t.tag
            );
            for v in &t.variants {
                let args = arg_list(&v.args);
                let takes = if args.is_empty() { "" } else { " Takes" };
                let _ = writeln!(out, "- `{}`: {}{takes}{args}", v.name, v.summary);
            }
            out.push('\n');
        }
        Shape::Record(args) => {
            let _ = writeln!(
                out,
                "{}`{}` takes:{}\n",
                capital(each),
                a.name,
                arg_list(args)
            );
        }
        _ => {}
    }
}

/// "Each item of " at the start of a sentence.
fn capital(each: &str) -> String {
    let mut c = each.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// " Arguments: `percent` (int, required), `bake_hours` (int)."
fn arg_list(args: &[Arg]) -> String {
    if args.is_empty() {
        return String::new();
    }
    let items: Vec<String> = args
        .iter()
        .map(|a| {
            let need = if a.required { ", required" } else { "" };
            format!("`{}` ({}{need})", a.name, label(&a.shape))
        })
        .collect();
    format!(" {}.", items.join(", "))
}

/// A default as it would be written (TOML inline, without the unset optional fields).
fn value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(m) => format!(
            "{{ {} }}",
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k} = {}", value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        serde_json::Value::Array(a) => {
            format!("[{}]", a.iter().map(value).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

/// A node as a TOML inline table, keys in the order written.
fn inline(node: &Node) -> String {
    match &node.value {
        NodeValue::Table(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|e| format!("{} = {}", e.key, inline(&e.node)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        NodeValue::List(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        NodeValue::Bare(s) => bare(s),
        NodeValue::Text(s) => toml::Value::String(s.clone()).to_string(),
        NodeValue::Integer(i) => i.to_string(),
        NodeValue::Float(f) => toml::Value::Float(*f).to_string(),
        NodeValue::Boolean(b) => b.to_string(),
        NodeValue::Other(w) => (*w).to_owned(),
    }
}

/// A bare console word as TOML: numbers and booleans stay, comma lists become arrays, the rest
/// is a string.
fn bare(s: &str) -> String {
    if s == "true" || s == "false" || s.parse::<i64>().is_ok() {
        return s.to_owned();
    }
    if s.parse::<f64>().is_ok_and(f64::is_finite) {
        return s.to_owned();
    }
    if s.contains(',') {
        return format!(
            "[{}]",
            s.split(',').map(bare).collect::<Vec<_>>().join(", ")
        );
    }
    toml::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    /// docs/commands.md is the registry's; a change to the types shows up as a stale file.
    #[test]
    fn commands_md_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/commands.md");
        let want = super::commands_markdown();
        if std::env::var_os("MLOPS_LAB_WRITE_DOCS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/commands.md is stale: regenerate it with `MLOPS_LAB_WRITE_DOCS=1 cargo test --lib commands_md`"
        );
    }
}
