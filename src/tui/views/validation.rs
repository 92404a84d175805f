//! The validation view: the latest report (pass or fail), its TFDV anomalies with kind, column,
//! row count and an example value, its Great Expectations results with `mostly`, and the schema
//! the data was checked against. `↑↓` scroll.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::ViewState;
use super::common::{Tone, draw_lines, teach};
use crate::data::table::ColumnType;
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::validation::{Schema, ValidationReport};

type Lines = Vec<Vec<(Tone, String)>>;

/// Lines the view scrolls through.
pub(super) fn rows(world: &World) -> usize {
    lines(world).len()
}

fn lines(world: &World) -> Lines {
    let mut out: Lines = Vec::new();
    let reports = world.validations();
    if let Some(r) = reports.last() {
        report_lines(&mut out, r, reports.len());
    }
    if let Some(schema) = world.schema() {
        if reports.is_empty() {
            out.push(vec![(
                Tone::Muted,
                "Not validated yet: `validate` checks the data against this schema.".into(),
            )]);
        }
        schema_lines(&mut out, schema);
    }
    out
}

fn report_lines(out: &mut Lines, r: &ValidationReport, count: usize) {
    let (mark, tone) = if r.passed {
        ("✓ passed", Tone::Good)
    } else {
        ("✗ failed", Tone::Bad)
    };
    out.push(vec![
        (tone, mark.to_owned()),
        (
            Tone::Muted,
            format!(
                " · report {count} · {} rows · data {}",
                r.rows, r.data_digest
            ),
        ),
    ]);
    out.push(vec![]);
    out.push(vec![(
        Tone::Title,
        "Anomalies (TFDV, against the schema)".into(),
    )]);
    if r.anomalies.is_empty() {
        out.push(vec![(Tone::Good, "✓ none".into())]);
    }
    for a in &r.anomalies {
        out.push(vec![
            (Tone::Bad, format!("✗ {:<16} ", a.column)),
            (Tone::Text, a.kind.tfdv_name().to_owned()),
            (Tone::Muted, format!(" · {} row(s)", a.rows)),
            (
                Tone::Muted,
                a.example
                    .as_ref()
                    .map(|e| format!(" · e.g. {e}"))
                    .unwrap_or_default(),
            ),
        ]);
        out.push(vec![(Tone::Muted, format!("    {}", a.description))]);
    }
    out.push(vec![]);
    out.push(vec![(
        Tone::Title,
        "Expectations (Great Expectations)".into(),
    )]);
    if r.expectations.is_empty() {
        out.push(vec![(
            Tone::Muted,
            "None in the suite: `expect` adds one (e.g. not null, mostly 0.95).".into(),
        )]);
    }
    for e in &r.expectations {
        let (mark, tone) = if e.success {
            ("✓", Tone::Good)
        } else {
            ("✗", Tone::Bad)
        };
        out.push(vec![
            (tone, format!("{mark} {:<16} ", e.column)),
            (Tone::Text, e.expectation.clone()),
        ]);
        let mut detail = format!(
            "    {:.1}% conform (mostly {}) · {} unexpected of {}",
            100.0 * e.conforming_fraction,
            e.mostly,
            e.unexpected_count,
            e.element_count
        );
        if e.missing_count > 0 {
            let _ = write!(detail, " · {} missing", e.missing_count);
        }
        if let Some(x) = &e.example {
            let _ = write!(detail, " · e.g. {x}");
        }
        if let Some(n) = &e.note {
            let _ = write!(detail, " · {n}");
        }
        out.push(vec![(Tone::Muted, detail)]);
    }
    out.push(vec![]);
}

fn schema_lines(out: &mut Lines, schema: &Schema) {
    out.push(vec![(Tone::Title, "Schema".into())]);
    for f in &schema.features {
        let rule = match f.kind {
            // Inference sets no range (as TFDV); only `set_domain` does.
            ColumnType::Numeric if f.min.is_none() && f.max.is_none() => {
                "numeric, no range set".to_owned()
            }
            ColumnType::Numeric => format!(
                "numeric in [{}, {}]",
                f.min.map_or("-∞".into(), |v| format!("{v:.3}")),
                f.max.map_or("∞".into(), |v| format!("{v:.3}"))
            ),
            ColumnType::Categorical => format!("one of {{{}}}", f.domain.join(", ")),
        };
        out.push(vec![
            (Tone::Text, format!("  {:<20} ", f.name)),
            (
                Tone::Muted,
                format!("{rule} · present ≥ {:.2}", f.min_fraction),
            ),
        ]);
    }
}

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    let all = lines(world);
    if all.is_empty() {
        let how: &[&str] = if world.data().is_some() {
            &[
                "`infer_schema` learns one from the data, then `validate` checks the data against it (type it in the console: `:`).",
            ]
        } else {
            &[
                "`generate` some data first, then `infer_schema` and `validate` (type it in the console: `:`).",
            ]
        };
        teach(frame, body, t, "No validation report yet.", how);
        return;
    }
    let first = usize::from(state.scroll).min(all.len().saturating_sub(1));
    draw_lines(frame, body, &all, first, t);
}
