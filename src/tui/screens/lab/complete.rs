//! The summary shown once every step of a lab is done: how each step went (unaided, with
//! hints, with the solution), the decisions taken, the time on task, the exam domains the lab
//! maps to, and where to practise the questions on the same topics.

use ratatui::text::{Line, Span};

use super::lines::how_words;
use crate::content::resolve_tag;
use crate::display::escape_lines;
use crate::lab::Lab;
use crate::lab::session::{How, Session};
use crate::tui::context::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;

/// `exam domain N: title`, one per exam tag of the lab.
pub fn domains(lab: &Lab, ctx: &Ctx) -> Vec<String> {
    let catalog = ctx.bank.catalog();
    lab.exams
        .iter()
        .map(|tag| match resolve_tag(catalog, tag) {
            Ok(t) => {
                let title = catalog
                    .exam(&t.exam)
                    .and_then(|e| e.domain(&t.domain))
                    .map_or(String::new(), |d| format!(": {}", d.title));
                format!("{} domain {}{title}", t.exam, t.domain)
            }
            Err(_) => tag.clone(),
        })
        .collect()
}

/// The summary's lines at `width` columns.
pub fn lines(
    session: &Session,
    domains: &[String],
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let lab = session.lab();
    let records = session.records();
    let count = |h: How| records.iter().filter(|r| r.done == Some(h)).count();
    let seconds: u64 = records.iter().map(|r| r.seconds).sum();
    let mut out = wrap(
        &format!("Lab complete: {}", escape_lines(&lab.title)),
        width,
        "✓ ",
        theme.good,
        theme.title,
    );
    out.extend(wrap(
        &format!(
            "{} steps: {} unaided, {} with hints, {} with the solution; {} min on task",
            records.len(),
            count(How::Unaided),
            count(How::WithHints),
            count(How::WithSolution),
            seconds / 60
        ),
        width,
        "",
        theme.muted,
        theme.muted,
    ));
    out.push(Line::from(Span::styled("What you did", theme.title)));
    for (i, (s, r)) in lab.steps.iter().zip(records).enumerate() {
        let how = r.done.map_or("not done", how_words);
        let choice = r
            .choice
            .as_ref()
            .and_then(|c| s.options.iter().find(|o| &o.id == c))
            .map_or(String::new(), |o| format!(": chose \"{}\"", o.label));
        out.extend(wrap(
            &escape_lines(&format!("{} ({how}){choice}", s.title)),
            width,
            &format!("✓ {} ", i + 1),
            theme.good,
            theme.text,
        ));
    }
    out.push(Line::from(Span::styled("Exam domains", theme.title)));
    for d in domains {
        out.extend(wrap(d, width, "● ", theme.accent, theme.text));
    }
    out.push(Line::from(Span::styled(
        "Practise the same topics",
        theme.title,
    )));
    for t in &lab.topics {
        out.extend(wrap(
            &format!("mlops-lab quiz --topic {t}"),
            width,
            "▸ ",
            theme.accent,
            theme.text,
        ));
    }
    out.extend(wrap(
        "X twice starts the lab over on a fresh World; Esc goes back.",
        width,
        "",
        theme.muted,
        theme.muted,
    ));
    out
}
