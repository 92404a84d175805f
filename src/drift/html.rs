//! The drift report as one standalone HTML file: no script, font, image or style sheet is
//! fetched, so it opens offline and can be attached to a build. The summary, an overview table
//! (drifted columns first), then per column its method, score and threshold, both sides'
//! statistics and an inline SVG chart of reference against current. Every string from the
//! user's files is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::markdown::{drifted_first, kind_name};
use super::render::{new_categories, reason};
use super::summary::{Bin, SideStats, number, percent};
use super::{ColumnDrift, DriftReport};
use crate::display;

/// `text` safe in HTML text and quoted attributes; controls are escaped visibly first.
pub fn escape_html(text: &str) -> String {
    let clean = display::escape(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}\
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;\
text-align:left}td.n{text-align:right}.yes{color:#b00020;font-weight:bold}.no{color:#1b5e20}\
section{border-top:1px solid #ddd;margin-top:1.5em}.ref{fill:#4e79a7}.cur{fill:#f28e2b}\
svg text{font-size:10px;fill:#444}";

/// Writes the whole document.
pub fn render_html(
    report: &DriftReport,
    reference: &str,
    current: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut doc = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        doc,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Drift report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Drift report</h1>\n<p>Reference <code>{}</code> ({} rows), current <code>{}</code> \
         ({} rows).</p>\n<p class=\"{}\">Dataset drift: {} ({} of {} columns drifted, share {:.2} \
         {} {:.2})</p>\n",
        escape_html(reference),
        report.reference_rows,
        escape_html(current),
        report.current_rows,
        if report.dataset_drift { "yes" } else { "no" },
        if report.dataset_drift {
            "detected"
        } else {
            "not detected"
        },
        report.drifted_columns.len(),
        report.columns.len(),
        report.drift_share,
        if report.dataset_drift {
            "&gt;="
        } else {
            "&lt;"
        },
        report.share_threshold,
    );
    doc.push_str(
        "<table>\n<tr><th>column</th><th>type</th><th>method</th><th>score</th>\
         <th>threshold</th><th>drifted</th></tr>\n",
    );
    for c in drifted_first(report) {
        let _ = writeln!(
            doc,
            "<tr><td><a href=\"#col-{i}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td>{}</tr>",
            escape_html(&c.name),
            kind_name(c.kind),
            c.method.name(),
            number(c.score),
            number(c.threshold),
            verdict_cell(c),
            i = index_of(report, c),
        );
    }
    doc.push_str("</table>\n");
    for c in drifted_first(report) {
        column_section(&mut doc, c, index_of(report, c));
    }
    doc.push_str("</body>\n</html>\n");
    out.write_all(doc.as_bytes())
}

/// The column's position in file order: a stable anchor whatever its name holds.
fn index_of(report: &DriftReport, c: &ColumnDrift) -> usize {
    report
        .columns
        .iter()
        .position(|x| std::ptr::eq(x, c))
        .unwrap_or(0)
}

fn verdict_cell(c: &ColumnDrift) -> &'static str {
    if c.drifted {
        "<td class=\"yes\">yes</td>"
    } else {
        "<td class=\"no\">no</td>"
    }
}

fn column_section(doc: &mut String, c: &ColumnDrift, index: usize) {
    let _ = writeln!(
        doc,
        "<section class=\"column\" id=\"col-{index}\">\n<h2>{}</h2>\n<p>{}, {}: score {} against \
         threshold {}: <span class=\"{}\">{}</span></p>",
        escape_html(&c.name),
        kind_name(c.kind),
        escape_html(c.method.describe()),
        number(c.score),
        number(c.threshold),
        if c.drifted { "yes" } else { "no" },
        if c.drifted { "drifted" } else { "no drift" },
    );
    if c.drifted {
        let _ = writeln!(doc, "<p>Why: {}</p>", escape_html(&reason(c)));
    }
    if c.new_category_count > 0 {
        let _ = writeln!(doc, "<p>{}</p>", escape_html(&new_categories(c)));
    }
    stats_table(doc, &c.summary.reference, &c.summary.current);
    chart(doc, &c.summary.chart, &c.name);
    doc.push_str("</section>\n");
}

fn stats_table(doc: &mut String, reference: &SideStats, current: &SideStats) {
    doc.push_str("<table>\n<tr><th></th><th>reference</th><th>current</th></tr>\n");
    let mut row = |name: &str, r: String, c: String| {
        let _ = writeln!(
            doc,
            "<tr><th>{name}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape_html(&r),
            escape_html(&c)
        );
    };
    match (reference, current) {
        (SideStats::Numbers(r), SideStats::Numbers(c)) => {
            row("count", r.count.to_string(), c.count.to_string());
            row("missing", r.missing.to_string(), c.missing.to_string());
            for (name, f) in [
                (
                    "mean",
                    (|s: &super::NumberStats| s.mean) as fn(&super::NumberStats) -> f64,
                ),
                ("std", |s| s.std),
                ("min", |s| s.min),
                ("25%", |s| s.q25),
                ("50%", |s| s.median),
                ("75%", |s| s.q75),
                ("max", |s| s.max),
            ] {
                row(name, number(f(r)), number(f(c)));
            }
        }
        (SideStats::Categories(r), SideStats::Categories(c)) => {
            row("count", r.count.to_string(), c.count.to_string());
            row("missing", r.missing.to_string(), c.missing.to_string());
            row("categories", r.unique.to_string(), c.unique.to_string());
            for k in 0..r.top.len().max(c.top.len()) {
                let cell = |t: &super::CategoryStats| {
                    t.top.get(k).map_or_else(String::new, |s| {
                        format!("{} ({})", s.label, percent(s.share))
                    })
                };
                row(&format!("top {}", k + 1), cell(r), cell(c));
            }
        }
        _ => {}
    }
    doc.push_str("</table>\n");
}

/// Chart geometry, in SVG user units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 180.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 40.0;

/// Grouped bars, reference then current, per bin; each bar carries its figures as a tooltip.
fn chart(doc: &mut String, bins: &[Bin], name: &str) {
    let _ = write!(
        doc,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" \
         height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\">\
         <title>{}: reference against current</title>\
         <rect class=\"ref\" x=\"4\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"18\" y=\"13\">reference</text>\
         <rect class=\"cur\" x=\"84\" y=\"4\" width=\"10\" height=\"10\"/><text x=\"98\" y=\"13\">current</text>",
        escape_html(name)
    );
    let top = bins
        .iter()
        .map(|b| b.reference.max(b.current))
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let plot = HEIGHT - TOP - BOTTOM;
    let slot = WIDTH / bins.len().max(1) as f64;
    let bar = (slot * 0.4).max(0.5);
    for (k, b) in bins.iter().enumerate() {
        let x = k as f64 * slot + slot * 0.1;
        for (side, class, share, dx) in [
            ("reference", "ref", b.reference, 0.0),
            ("current", "cur", b.current, bar),
        ] {
            let h = plot * share / top;
            let _ = write!(
                doc,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\">\
                 <title>{}: {side} {}</title></rect>",
                x + dx,
                TOP + plot - h,
                escape_html(&b.label),
                percent(share)
            );
        }
        // Labels every few bins, so they do not overlap.
        let every = bins.len().div_ceil(10).max(1);
        if k % every == 0 {
            let label: String = b.label.chars().take(14).collect();
            let _ = write!(
                doc,
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x,
                HEIGHT - BOTTOM + 14.0 + (k / every % 2) as f64 * 12.0,
                escape_html(&label)
            );
        }
    }
    doc.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(
            escape_html("<img src=x onerror='a()'>&\"\u{1b}"),
            "&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;&quot;\\u{1b}"
        );
    }
}
