//! The drift report as text for people: a table, one line per drifted column saying why in
//! words, and the dataset verdict. Every name and value from the user's files is escaped
//! ([`crate::display::escape`]) so a header cannot drive the terminal.

use std::io::{self, Write};

use super::summary::{NumberStats, SideStats, Summary, number};
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
    writeln!(out, "\nStatistics (reference -> current):")?;
    for (c, name) in report.columns.iter().zip(&names) {
        writeln!(
            out,
            "  {}  {}",
            display::pad(name, name_w),
            escape(&statistics_line(&c.summary))
        )?;
    }
    let drifted: Vec<&ColumnDrift> = report.columns.iter().filter(|c| c.drifted).collect();
    if !drifted.is_empty() {
        writeln!(out, "\nWhy:")?;
        for c in drifted {
            writeln!(out, "  {}: {}", escape(&c.name), escape(&reason(c)))?;
        }
    }
    let with_new: Vec<&ColumnDrift> = report
        .columns
        .iter()
        .filter(|c| c.new_category_count > 0)
        .collect();
    if !with_new.is_empty() {
        writeln!(out, "\nNew categories:")?;
        for c in with_new {
            writeln!(out, "  {}: {}", escape(&c.name), escape(&new_categories(c)))?;
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

/// One line of both sides' statistics: counts, missing, then mean, std and quartiles, or the
/// number of categories and the top one with its share.
fn statistics_line(s: &Summary) -> String {
    let pair = |a: String, b: String| {
        if a == b { a } else { format!("{a} -> {b}") }
    };
    match (&s.reference, &s.current) {
        (SideStats::Numbers(r), SideStats::Numbers(c)) => format!(
            "n {}, missing {}, mean {}, std {}, q25/50/75 {}",
            pair(r.count.to_string(), c.count.to_string()),
            pair(r.missing.to_string(), c.missing.to_string()),
            pair(number(r.mean), number(c.mean)),
            pair(number(r.std), number(c.std)),
            pair(quartiles(r), quartiles(c)),
        ),
        (SideStats::Categories(r), SideStats::Categories(c)) => format!(
            "n {}, missing {}, categories {}, top {}",
            pair(r.count.to_string(), c.count.to_string()),
            pair(r.missing.to_string(), c.missing.to_string()),
            pair(r.unique.to_string(), c.unique.to_string()),
            pair(s.reference.headline(), s.current.headline()),
        ),
        _ => String::new(),
    }
}

fn quartiles(n: &NumberStats) -> String {
    format!("{}/{}/{}", number(n.q25), number(n.median), number(n.q75))
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
    if c.drifted && parts.is_empty() && c.new_category_count > 0 {
        parts.push(format!("{} (--new-category-drift)", new_categories(c)));
    }
    parts.join("; ")
}

/// "3 categories appear only in the current data: 'a', 'b', 'c'", with at most
/// [`super::NEW_CATEGORIES_SHOWN`] names and "and N more".
pub fn new_categories(c: &ColumnDrift) -> String {
    let shown: Vec<String> = c.new_categories.iter().map(|s| format!("'{s}'")).collect();
    let more = c.new_category_count.saturating_sub(c.new_categories.len());
    format!(
        "{} only in the current data: {}{}",
        if c.new_category_count == 1 {
            "1 category appears".to_string()
        } else {
            format!("{} categories appear", c.new_category_count)
        },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
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
