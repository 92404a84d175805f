//! Lab files, as far as the content layer knows them: TOML syntax, `format_version` and the
//! lab's `id`, which questions may name in `lab = "..."`.
//!
//! This is the hook for the lab module: it owns the lab schema (steps, World commands, checks)
//! and validates the rest; until then a lab file is only read for its id.

use super::parse::{Diagnostics, FORMAT_VERSION};
use super::source::SourceFile;
use super::text::is_kebab_id;

/// The lab id declared by a lab file, reporting syntax, version and id problems.
pub fn lab_id(file: &SourceFile, out: &mut Diagnostics) -> Option<String> {
    let doc = match toml_edit::ImDocument::parse(file.text.as_str()) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            out.error(file, at, format!("invalid TOML: {message}"));
            return None;
        }
    };
    match doc.get("format_version") {
        Some(v) if v.as_integer() == Some(FORMAT_VERSION) => {}
        Some(v) => out.error(
            file,
            v.span().map_or(0, |s| s.start),
            format!("unsupported format_version: this version of mlops-lab reads format_version = {FORMAT_VERSION}"),
        ),
        None => out.error(file, 0, format!("missing `format_version = {FORMAT_VERSION}` at the top of the file")),
    }
    let Some(id) = doc.get("id") else {
        out.error(file, 0, "missing field `id`");
        return None;
    };
    let at = id.span().map_or(0, |s| s.start);
    match id.as_str() {
        Some(s) if is_kebab_id(s) => Some(s.to_owned()),
        _ => {
            out.error(file, at, "lab id must be a lower-case kebab-case string");
            None
        }
    }
}
