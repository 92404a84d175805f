//! File-level parsing: TOML syntax, `format_version`, top-level keys, then each `[[item]]`
//! deserialized on its own, so one bad question leaves the rest of its file usable.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml_edit::{ImDocument, Item as TomlItem};

use super::diagnostic::Diagnostic;
use super::raw::ItemFile;
use super::source::SourceFile;

/// The only content format this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// Collects diagnostics, turning byte offsets into positions in their file.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// Everything found so far, unsorted.
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at a byte offset of `file`.
    pub fn error(&mut self, file: &SourceFile, offset: usize, message: impl Into<String>) {
        self.list.push(Diagnostic::error(
            &file.path,
            file.position(offset),
            message,
        ));
    }

    /// Records a warning at a byte offset of `file`.
    pub fn warning(&mut self, file: &SourceFile, offset: usize, message: impl Into<String>) {
        self.list.push(Diagnostic::warning(
            &file.path,
            file.position(offset),
            message,
        ));
    }

    /// How many errors so far (to tell whether an item picked up one).
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }
}

/// One `[[key]]` table, deserialized from its own slice of the file.
#[derive(Debug)]
pub struct Item<T> {
    /// The deserialized table; its spans are relative to `base`.
    pub value: T,
    /// Byte offset its spans count from (the whole file, or the slice it was read from).
    pub base: usize,
    /// Byte offset of its `[[key]]` header.
    pub header: usize,
    /// Whether unknown fields had to be dropped to read it (it then has errors already).
    pub recovered: bool,
}

impl<T> Item<T> {
    /// The absolute byte offset of a spanned value inside this item.
    pub fn at<U>(&self, v: &Spanned<U>) -> usize {
        self.base + v.span().start
    }
}

/// Parses one file whose items are `[[key]]` tables, reporting every file-level problem and
/// every item that does not deserialize; returns the items that did.
///
/// A file that deserializes as a whole (the usual case) is read in one pass; otherwise each item
/// is read from its own slice, so one bad item does not hide the others.
pub fn parse_items<F: ItemFile>(file: &SourceFile, out: &mut Diagnostics) -> Vec<Item<F::Item>> {
    let mut items = Vec::new();
    each_item::<F>(file, out, |item, _| items.push(item));
    items
}

/// [`parse_items`], handing each item to `each` as soon as it is read, so that a caller who
/// turns items into something else holds one raw item at a time rather than the whole file's.
pub fn each_item<F: ItemFile>(
    file: &SourceFile,
    out: &mut Diagnostics,
    mut each: impl FnMut(Item<F::Item>, &mut Diagnostics),
) {
    if let Some(pieces) = pieces(file, F::KEY, out) {
        for r in pieces {
            if let Some(item) = parse_one(file, F::KEY, r.start, r.end, out) {
                each(item, out);
            }
        }
        return;
    }
    for item in parse_whole::<F>(file, out) {
        each(item, out);
    }
}

/// The whole-file paths, for files that do not split into pieces.
fn parse_whole<F: ItemFile>(file: &SourceFile, out: &mut Diagnostics) -> Vec<Item<F::Item>> {
    if let Ok(whole) = toml::from_str::<F>(&file.text) {
        let (version, items) = whole.split();
        if !items.is_empty() {
            match version {
                None => out.error(file, 0, missing_version()),
                Some(v) if *v.get_ref() == FORMAT_VERSION => {}
                Some(v) => out.error(file, v.span().start, unsupported_version(v.get_ref())),
            }
            return items
                .into_iter()
                .map(|it| Item {
                    header: it.span().start,
                    base: 0,
                    recovered: false,
                    value: it.into_inner(),
                })
                .collect();
        }
    }
    parse_slices(file, F::KEY, out)
}

/// The usual path: the file split into its preamble and items without a whole-file document
/// ([`super::chunks`]), the preamble checked, and each item's range returned to be read on its
/// own, so memory follows the largest item rather than the file. `None` (nothing reported)
/// when the file does not split cleanly or a piece is not valid TOML: the whole-file paths
/// then read it and report as they always have.
fn pieces(file: &SourceFile, key: &str, out: &mut Diagnostics) -> Option<Vec<Range<usize>>> {
    let (preamble, items) = super::chunks::split(&file.text, key)?;
    if items.is_empty() {
        return None;
    }
    let head = ImDocument::parse(&file.text[preamble]).ok()?;
    if !items
        .iter()
        .all(|r| ImDocument::parse(&file.text[r.clone()]).is_ok())
    {
        return None;
    }
    check_format_version(file, &head, out);
    for (name, item) in head.as_table() {
        if name != "format_version" {
            let at = head
                .as_table()
                .key(name)
                .and_then(toml_edit::Key::span)
                .or_else(|| item.span())
                .map_or(0, |s| s.start);
            out.error(
                file,
                at,
                format!("unknown field `{name}`, expected `format_version` or `{key}`"),
            );
        }
    }
    Some(items)
}

/// The slow path: file-level checks, then every item deserialized from its own slice.
fn parse_slices<T: DeserializeOwned>(
    file: &SourceFile,
    key: &str,
    out: &mut Diagnostics,
) -> Vec<Item<T>> {
    let doc = match ImDocument::parse(file.text.as_str()) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            out.error(file, at, format!("invalid TOML: {}", one_line(e.message())));
            return Vec::new();
        }
    };
    check_format_version(file, &doc, out);
    let root = doc.as_table();
    let mut starts = Vec::new();
    let mut tables = Vec::new();
    for (name, item) in root {
        let key_at = root
            .key(name)
            .and_then(toml_edit::Key::span)
            .or_else(|| item.span())
            .map_or(0, |s| s.start);
        match item {
            TomlItem::ArrayOfTables(aot) => {
                starts.extend(aot.iter().filter_map(|t| t.span().map(|s| s.start)));
            }
            TomlItem::Table(t) => starts.push(t.span().map_or(key_at, |s| s.start)),
            _ => {}
        }
        if name == "format_version" {
            continue;
        }
        if name != key {
            out.error(
                file,
                key_at,
                format!("unknown field `{name}`, expected `format_version` or `{key}`"),
            );
            continue;
        }
        match item {
            TomlItem::ArrayOfTables(aot) => {
                tables.extend(aot.iter().filter_map(|t| t.span().map(|s| s.start)));
            }
            _ => out.error(
                file,
                key_at,
                format!("`{key}` must be a list of tables, each written [[{key}]]"),
            ),
        }
    }
    if tables.is_empty() && root.get(key).is_none() {
        out.warning(file, 0, format!("no [[{key}]] entries in this file"));
    }
    starts.sort_unstable();
    tables
        .into_iter()
        .filter_map(|start| {
            // The item runs from its header to the next top-level header (or the end).
            let end = starts
                .iter()
                .copied()
                .find(|&s| s > start)
                .unwrap_or(file.text.len());
            parse_one(file, key, start, end, out)
        })
        .collect()
}

/// How many unknown fields one item may have before the search for more stops.
const MAX_UNKNOWN_FIELDS: usize = 20;

/// Deserializes the slice `start..end`, which begins with the item's `[[key]]` header.
///
/// An unknown field is reported, blanked out (with spaces, so every position holds) and the item
/// read again: its other problems still get found, and the item is marked `recovered` so it stays
/// out of the bank.
fn parse_one<T: DeserializeOwned>(
    file: &SourceFile,
    key: &str,
    start: usize,
    end: usize,
    out: &mut Diagnostics,
) -> Option<Item<T>> {
    let mut slice = file.text.get(start..end)?.to_owned();
    let mut recovered = false;
    for _ in 0..=MAX_UNKNOWN_FIELDS {
        match toml::from_str::<BTreeMap<String, Vec<T>>>(&slice) {
            Ok(mut map) => {
                let value = map.remove(key)?.into_iter().next()?;
                return Some(Item {
                    value,
                    base: start,
                    header: start,
                    recovered,
                });
            }
            Err(e) => {
                // A missing field has no span of its own: point at the item's header.
                out.error(
                    file,
                    start + e.span().map_or(0, |s| s.start),
                    one_line(e.message()),
                );
                let unknown = e.message().starts_with("unknown field");
                let extent = e
                    .span()
                    .filter(|_| unknown)
                    .and_then(|span| key_value_extent(&slice, &span))?;
                blank(&mut slice, extent);
                recovered = true;
            }
        }
    }
    None
}

/// The byte range of `key = value` whose key sits at `key_span`, in any (sub)table.
fn key_value_extent(text: &str, key_span: &Range<usize>) -> Option<Range<usize>> {
    let doc = ImDocument::parse(text).ok()?;
    find_key_value(doc.as_table(), key_span)
}

fn find_key_value(table: &toml_edit::Table, key_span: &Range<usize>) -> Option<Range<usize>> {
    for (name, item) in table {
        if table.key(name).and_then(toml_edit::Key::span).as_ref() == Some(key_span) {
            return item.as_value()?.span().map(|v| key_span.start..v.end);
        }
        let found = match item {
            TomlItem::Table(t) => find_key_value(t, key_span),
            TomlItem::ArrayOfTables(a) => a.iter().find_map(|t| find_key_value(t, key_span)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Overwrites a range with spaces of the same byte length, keeping newlines.
fn blank(text: &mut String, range: Range<usize>) {
    let Some(part) = text.get(range.clone()) else {
        return;
    };
    let spaces: String = part
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_owned()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(range, &spaces);
}

fn check_format_version(file: &SourceFile, doc: &ImDocument<&str>, out: &mut Diagnostics) {
    match doc.get("format_version") {
        None => out.error(file, 0, missing_version()),
        Some(item) if item.as_integer() == Some(FORMAT_VERSION) => {}
        Some(item) => {
            let at = item.span().map_or(0, |s| s.start);
            let found = item
                .as_value()
                .map_or_else(|| "a table".to_owned(), |v| v.to_string().trim().to_owned());
            out.error(file, at, unsupported_version(&found));
        }
    }
}

fn missing_version() -> String {
    format!("missing `format_version = {FORMAT_VERSION}` at the top of the file")
}

fn unsupported_version(found: &dyn std::fmt::Display) -> String {
    format!(
        "unsupported format_version {found}: this version of mlops-lab reads format_version = {FORMAT_VERSION}"
    )
}

/// Serde and parser messages can span lines; a diagnostic is one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ThingFile {
        format_version: Option<Spanned<i64>>,
        #[serde(default)]
        thing: Vec<Spanned<T>>,
    }

    impl ItemFile for ThingFile {
        type Item = T;
        const KEY: &'static str = "thing";
        fn split(self) -> (Option<Spanned<i64>>, Vec<Spanned<T>>) {
            (self.format_version, self.thing)
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct T {
        id: Spanned<String>,
        #[allow(dead_code)] // only its presence in the schema matters
        n: Option<i64>,
    }

    fn run(text: &str) -> (Vec<Item<T>>, Vec<String>) {
        let file = SourceFile::new("f.toml", text);
        let mut out = Diagnostics::default();
        let items = parse_items::<ThingFile>(&file, &mut out);
        (items, out.list.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn bad_items_are_reported_and_good_ones_kept() {
        let text = "format_version = 1\n[[thing]]\nid = \"a\"\n\n[[thing]]\nid = \"b\"\nextra = 1\n\n[[thing]]\nid = 3\n[[thing]]\nn = 2\n";
        let (items, diags) = run(text);
        // `b` is read once its unknown field is dropped, but marked so it stays out of the bank.
        let ids: Vec<_> = items
            .iter()
            .map(|i| (i.value.id.get_ref().as_str(), i.recovered))
            .collect();
        assert_eq!(ids, [("a", false), ("b", true)]);
        assert_eq!(items[0].at(&items[0].value.id), text.find("\"a\"").unwrap());
        assert_eq!(
            diags,
            [
                "f.toml:7:1: error: unknown field `extra`, expected `id` or `n`",
                "f.toml:10:6: error: invalid type: integer `3`, expected a string",
                "f.toml:11:1: error: missing field `id`",
            ]
        );
    }

    #[test]
    fn every_unknown_field_of_an_item_is_reported() {
        let text = "format_version = 1\n[[thing]]\nhint = \"\"\"two\nlines é\"\"\"\nid = \"a\"\n[[thing.sub]]\nx = 1\nn = \"not a number\"\n";
        let (items, diags) = run(text);
        assert!(items.is_empty());
        assert_eq!(
            diags,
            [
                "f.toml:3:1: error: unknown field `hint`, expected `id` or `n`",
                "f.toml:6:9: error: unknown field `sub`, expected `id` or `n`",
            ]
        );
    }

    #[test]
    fn a_clean_file_is_read_item_by_item_with_whole_file_positions() {
        let text = "format_version = 1\n\n[[thing]]\nid = \"a\"\n[[thing]]\nn = 1\nid = \"b\"\n";
        let (items, diags) = run(text);
        assert!(diags.is_empty(), "{diags:?}");
        // Each item is read from its own piece (base at its `[[thing]]`), and positions still
        // count from the start of the file.
        assert_eq!(items[1].base, items[1].header);
        assert_eq!(items[1].header, text.rfind("[[thing]]").unwrap());
        assert_eq!(items[1].at(&items[1].value.id), text.find("\"b\"").unwrap());
    }

    #[test]
    fn file_level_problems_are_reported() {
        let (_, diags) = run("format_version = 2\nother = 1\n[[thing]]\nid = \"a\"\n");
        assert_eq!(
            diags,
            [
                "f.toml:1:18: error: unsupported format_version 2: this version of mlops-lab reads format_version = 1",
                "f.toml:2:1: error: unknown field `other`, expected `format_version` or `thing`",
            ]
        );
        let (_, diags) = run("[[thing]]\nid = \"a\"\n");
        assert_eq!(
            diags,
            ["f.toml:1:1: error: missing `format_version = 1` at the top of the file"]
        );
        let (_, diags) = run("format_version = 1\nthing = [\n");
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].starts_with("f.toml:3:1: error: invalid TOML:"),
            "{diags:?}"
        );
    }

    #[test]
    fn a_later_top_level_table_ends_the_item() {
        let (items, diags) = run("format_version = 1\n[[thing]]\nid = \"a\"\n[zzz]\nq = 1\n");
        assert_eq!(items.len(), 1);
        assert_eq!(
            diags,
            ["f.toml:4:2: error: unknown field `zzz`, expected `format_version` or `thing`"]
        );
    }
}
