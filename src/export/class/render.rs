//! The class report as Markdown (tables for a wiki or an issue) or as one standalone HTML page
//! (no script, font or style sheet fetched). Every string from the exports is escaped: names,
//! titles and option texts come from files anyone may have edited.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::ClassReport;
use crate::drift::{escape_html, escape_markdown};

fn pct(correct: u32, answered: u32) -> String {
    if answered == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * f64::from(correct) / f64::from(answered))
    }
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

/// One table: its title, header cells and rows of cells (unescaped).
type Table = (&'static str, Vec<&'static str>, Vec<Vec<String>>);

/// The tables, shared by both renderings.
fn tables(r: &ClassReport) -> Vec<Table> {
    let students = r
        .students
        .iter()
        .map(|s| {
            let readiness: Vec<String> = s
                .readiness
                .iter()
                .map(|(x, w)| format!("{x}: {w}"))
                .collect();
            vec![
                s.name.clone(),
                s.answered.to_string(),
                s.correct.to_string(),
                share(s.correct, s.answered),
                s.labs_completed.to_string(),
                if readiness.is_empty() {
                    "-".to_string()
                } else {
                    readiness.join("; ")
                },
            ]
        })
        .collect();
    let domains = r
        .domains
        .iter()
        .map(|d| {
            vec![
                d.exam.clone(),
                format!("{} {}", d.domain, d.title),
                d.students.to_string(),
                d.answered.to_string(),
                d.correct.to_string(),
                pct(d.correct, d.answered),
            ]
        })
        .collect();
    let questions = r
        .questions
        .iter()
        .map(|q| {
            vec![
                q.id.clone(),
                q.students.to_string(),
                q.answered.to_string(),
                q.wrong.to_string(),
                share(q.wrong, q.answered),
                q.top_wrong
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |(label, n)| format!("{label} ({n}x)")),
            ]
        })
        .collect();
    let labs = r
        .labs
        .iter()
        .map(|l| {
            vec![
                format!("{} ({})", l.title, l.id),
                l.completed.to_string(),
                l.in_progress.to_string(),
            ]
        })
        .collect();
    vec![
        (
            "Students",
            vec![
                "Student",
                "Answers",
                "Right",
                "Score",
                "Labs completed",
                "Readiness",
            ],
            students,
        ),
        (
            "Exam domains",
            vec!["Exam", "Domain", "Students", "Answers", "Right", "Score"],
            domains,
        ),
        (
            "Questions, most missed first",
            vec![
                "Question",
                "Students",
                "Answers",
                "Wrong",
                "Wrong %",
                "Most chosen wrong option",
            ],
            questions,
        ),
        ("Labs", vec!["Lab", "Completed", "In progress"], labs),
    ]
}

/// The report as Markdown.
pub fn render_markdown(r: &ClassReport, out: &mut dyn Write) -> io::Result<()> {
    let mut doc = format!(
        "# Class report\n\n{} students, {} answers.\n",
        r.students.len(),
        r.students.iter().map(|s| s.answered).sum::<usize>()
    );
    for (title, header, rows) in tables(r) {
        let _ = write!(doc, "\n## {title}\n\n");
        if rows.is_empty() {
            doc.push_str("None yet.\n");
            continue;
        }
        let _ = writeln!(doc, "| {} |", header.join(" | "));
        let _ = writeln!(doc, "|{}", "---|".repeat(header.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| escape_markdown(c)).collect();
            let _ = writeln!(doc, "| {} |", cells.join(" | "));
        }
    }
    out.write_all(doc.as_bytes())
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}\
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;\
text-align:left;vertical-align:top}th{background:#f2f2f2}";

/// The report as one standalone HTML page.
pub fn render_html(r: &ClassReport, out: &mut dyn Write) -> io::Result<()> {
    let mut doc = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Class report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Class report</h1>\n<p>{} students, {} answers.</p>\n",
        r.students.len(),
        r.students.iter().map(|s| s.answered).sum::<usize>()
    );
    for (title, header, rows) in tables(r) {
        let _ = writeln!(doc, "<h2>{}</h2>", escape_html(title));
        if rows.is_empty() {
            doc.push_str("<p>None yet.</p>\n");
            continue;
        }
        doc.push_str("<table>\n<tr>");
        for h in header {
            let _ = write!(doc, "<th>{}</th>", escape_html(h));
        }
        doc.push_str("</tr>\n");
        for row in rows {
            doc.push_str("<tr>");
            for c in row {
                let _ = write!(doc, "<td>{}</td>", escape_html(&c));
            }
            doc.push_str("</tr>\n");
        }
        doc.push_str("</table>\n");
    }
    doc.push_str("</body>\n</html>\n");
    out.write_all(doc.as_bytes())
}
