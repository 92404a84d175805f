//! Checks `[[case]]` entries of `cases.toml` and builds the checked [`Case`]s.

use std::collections::{BTreeSet, HashMap};

use super::catalog::{check_text, resolve_tags};
use super::model::{Case, Catalog, SourceRef};
use super::parse::{Diagnostics, Item};
use super::raw::RawCase;
use super::source::SourceFile;
use super::text::{Lines, is_kebab_id};

/// Checks every case of every cases file; returns the cases without errors, and the ids of
/// every case that could be read (what questions may name without a cascade of errors).
pub fn check_cases(
    files: &[(&SourceFile, Vec<Item<RawCase>>)],
    catalog: &Catalog,
    out: &mut Diagnostics,
) -> (Vec<Case>, BTreeSet<String>) {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut cases = Vec::new();
    for (file, items) in files {
        for item in items {
            let before = out.error_count();
            let raw = &item.value;
            let id = raw.id.get_ref();
            let line = file.position(item.header).0;
            if !is_kebab_id(id) {
                out.error(
                    file,
                    item.at(&raw.id),
                    format!("case id `{id}` must be lower-case kebab-case"),
                );
            }
            if let Some(first) = seen.get(id) {
                out.error(
                    file,
                    item.at(&raw.id),
                    format!("duplicate case id `{id}` (first defined at {first})"),
                );
            } else {
                seen.insert(id.clone(), format!("{}:{line}", file.path.display()));
            }
            check_text(
                file,
                item.at(&raw.title),
                "`title`",
                raw.title.get_ref(),
                Lines::One,
                out,
            );
            check_text(
                file,
                item.at(&raw.scenario),
                "`scenario`",
                raw.scenario.get_ref(),
                Lines::Many,
                out,
            );
            let tags = raw
                .exams
                .as_ref()
                .map_or(&[][..], |l| l.get_ref().as_slice());
            let exams = resolve_tags(file, item, tags, catalog, out);
            if out.error_count() == before && !item.recovered {
                cases.push(Case {
                    id: id.clone(),
                    title: raw.title.get_ref().clone(),
                    scenario: raw.scenario.get_ref().clone(),
                    exams,
                    source: SourceRef {
                        path: file.path.clone(),
                        line,
                    },
                });
            }
        }
    }
    let ids = seen.into_keys().collect();
    (cases, ids)
}
