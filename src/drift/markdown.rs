//! The drift report as Markdown for a pull-request comment: a summary line and one table row
//! per column (drifted columns first). Every string from the user's files is escaped so that
//! a header cannot break the table, inject links or raw HTML.

use std::io::{self, Write};

use super::render::new_categories;
use super::summary::number;
use super::{ColumnDrift, ColumnKind, DriftReport};
use crate::display;

/// `text` safe inside a Markdown table cell: controls escaped visibly, HTML's special
/// characters as entities, Markdown punctuation backslash-escaped, `|` escaped.
pub fn escape_markdown(text: &str) -> String {
    let clean = display::escape(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Enough for a table cell: no emphasis, code, link or strike-through can open.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Writes the summary line, the table, and the columns with new categories.
pub fn render_markdown(
    report: &DriftReport,
    reference: &str,
    current: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "**Dataset drift: {}** ({} of {} columns drifted, share {:.2} {} {:.2}); reference {} \
         ({} rows), current {} ({} rows)\n",
        if report.dataset_drift {
            "detected"
        } else {
            "not detected"
        },
        report.drifted_columns.len(),
        report.columns.len(),
        report.drift_share,
        if report.dataset_drift { ">=" } else { "<" },
        report.share_threshold,
        escape_markdown(reference),
        report.reference_rows,
        escape_markdown(current),
        report.current_rows,
    )?;
    writeln!(
        out,
        "| column | type | method | score | threshold | drifted | reference | current |"
    )?;
    writeln!(out, "|---|---|---|---:|---:|---|---|---|")?;
    for c in drifted_first(report) {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            escape_markdown(&c.name),
            kind_name(c.kind),
            c.method.name(),
            number(c.score),
            number(c.threshold),
            if c.drifted { "**yes**" } else { "no" },
            escape_markdown(&c.summary.reference.headline()),
            escape_markdown(&c.summary.current.headline()),
        )?;
    }
    let with_new: Vec<&ColumnDrift> = report
        .columns
        .iter()
        .filter(|c| c.new_category_count > 0)
        .collect();
    if !with_new.is_empty() {
        writeln!(out, "\nNew categories:\n")?;
        for c in with_new {
            writeln!(
                out,
                "- {}: {}",
                escape_markdown(&c.name),
                escape_markdown(&new_categories(c))
            )?;
        }
    }
    Ok(())
}

/// The columns with the drifted ones first, each group in file order.
pub fn drifted_first(report: &DriftReport) -> impl Iterator<Item = &ColumnDrift> {
    let drifted = report.columns.iter().filter(|c| c.drifted);
    drifted.chain(report.columns.iter().filter(|c| !c.drifted))
}

/// "numerical" or "categorical".
pub fn kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Numerical => "numerical",
        ColumnKind::Categorical => "categorical",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(escape_markdown("a|b"), "a\\|b");
        assert_eq!(
            escape_markdown("<script>[x](http://e)"),
            "&lt;script&gt;\\[x\\](http://e)"
        );
        assert_eq!(escape_markdown("line\nbreak"), "line\\\\nbreak");
        assert_eq!(escape_markdown("**b**"), "\\*\\*b\\*\\*");
    }
}
