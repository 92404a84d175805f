//! The drift report as text for people: a table, one line per drifted column saying why in
//! words, and the dataset verdict. Every name and value from the user's files is escaped
//! ([`crate::display::escape`]) so a header cannot drive the terminal.

use std::io::{self, Write};

use super::{ColumnDrift, DriftReport};
use crate::display::{self, escape};

/// Widest column name shown whole in the table; longer names lose their middle there (the
/// "Why" lines and JSON keep them whole).
const NAME_COLUMNS: usize = 40;

/// Writes the report as an aligned table followed by the reasons and the verdict.
pub fn render_text(
    report: &DriftReport,
    reference: &str,
    current: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "Drift report: {} ({} rows) -> {} ({} rows)\n",
        escape(reference),
        report.reference_rows,
        escape(current),
        report.current_rows
    )?;
    let names: Vec<String> = report
        .columns
        .iter()
        .map(|c| display::elide_middle(&escape(&c.name), NAME_COLUMNS).into_owned())
        .collect();
    let name_w = names
        .iter()
        .map(|n| display::width(n))
        .chain(std::iter::once(6))
        .max()
        .unwrap_or(6);
    writeln!(
        out,
        "{}  {:<11}  {:<13}  {:>10}  {:>9}  drifted",
        display::pad("column", name_w),
        "type",
        "method",
        "score",
        "threshold"
    )?;
    for (c, name) in report.columns.iter().zip(&names) {
        writeln!(
            out,
            "{}  {:<11}  {:<13}  {:>10}  {:>9}  {}",
            display::pad(name, name_w),
            kind_name(c),
            c.method.name(),
            format_score(c.score),
            format_score(c.threshold),
            if c.drifted { "✗ yes" } else { "✓ no" }
        )?;
    }
    let drifted: Vec<&ColumnDrift> = report.columns.iter().filter(|c| c.drifted).collect();
    if !drifted.is_empty() {
        writeln!(out, "\nWhy:")?;
        for c in drifted {
            writeln!(out, "  {}: {}", escape(&c.name), escape(&reason(c)))?;
        }
    }
    writeln!(
        out,
        "\nDataset drift: {} ({} of {} columns drifted, share {:.2} {} {:.2})",
        if report.dataset_drift { "YES" } else { "no" },
        report.drifted_columns.len(),
        report.columns.len(),
        report.drift_share,
        if report.dataset_drift { ">=" } else { "<" },
        report.share_threshold
    )
}

fn kind_name(c: &ColumnDrift) -> &'static str {
    match c.kind {
        super::ColumnKind::Numerical => "numerical",
        super::ColumnKind::Categorical => "categorical",
    }
}

/// The reason a column drifted, in words: the method, its score, the comparison and threshold.
pub fn reason(c: &ColumnDrift) -> String {
    let mut parts = Vec::new();
    if c.method.drifted(c.score, c.threshold) {
        let op = comparison(c);
        let stat = c
            .statistic
            .map(|s| format!(" (statistic {})", format_score(s)))
            .unwrap_or_default();
        parts.push(format!(
            "{} {}{stat} {op} {}",
            c.method.describe(),
            format_score(c.score),
            format_score(c.threshold)
        ));
    }
    if !c.new_categories.is_empty() {
        let shown: Vec<String> = c
            .new_categories
            .iter()
            .take(5)
            .map(|s| format!("'{s}'"))
            .collect();
        let more = c.new_categories.len().saturating_sub(5);
        parts.push(format!(
            "{} only in the current data: {}{}",
            if c.new_categories.len() == 1 {
                "a category appears"
            } else {
                "categories appear"
            },
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    parts.join("; ")
}

/// The comparison that made the column drift, in Evidently's direction for the method.
fn comparison(c: &ColumnDrift) -> &'static str {
    if c.method.is_p_value() {
        // ks drifts at p <= threshold; chisquare and z at p < threshold.
        if c.method.drifted(c.threshold, c.threshold) {
            "<="
        } else {
            "<"
        }
    } else {
        ">="
    }
}

/// Four significant decimals, or scientific notation for very small values.
fn format_score(x: f64) -> String {
    if x == 0.0 || x.is_nan() || x.is_infinite() || x.abs() >= 1e-4 {
        if x.is_infinite() {
            return if x > 0.0 { "inf".into() } else { "-inf".into() };
        }
        format!("{x:.4}")
    } else {
        format!("{x:.2e}")
    }
}
