//! The panel shown when every step of a lab has passed: what was done, how long it took, which
//! exam domains it maps to, and where to practise the questions on the same topics.

use ratatui::text::{Line, Span};

use super::progress::status;
use crate::content::resolve_tag;
use crate::lab::Lab;
use crate::tui::context::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;

/// The figures of a finished lab, read when it finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Minutes from the first step (since the last full reset) to now.
    pub minutes: i64,
    /// `exam domain: title`, one per exam tag.
    pub domains: Vec<String>,
}

impl Completion {
    /// Reads the time from the store and resolves the lab's exam tags.
    pub fn new(lab: &Lab, ctx: &Ctx) -> Completion {
        let rows = ctx.store.lab_steps(&lab.id).unwrap_or_default();
        // A full reset writes `reset` on step 0: the attempt that finished starts after it.
        let start = rows
            .iter()
            .rposition(|r| r.step == 0 && r.status == status::RESET)
            .map_or(0, |i| i + 1);
        let minutes = rows
            .get(start)
            .map_or(0, |r| (ctx.now().0 - r.at.0).max(0) / 60_000);
        let catalog = ctx.bank.catalog();
        let domains = lab
            .exams
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
            .collect();
        Completion { minutes, domains }
    }

    /// The panel's lines at `width` columns.
    pub fn lines(&self, lab: &Lab, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = wrap(
            &format!("Lab complete: {}", lab.title),
            width,
            "✓ ",
            theme.good,
            theme.title,
        );
        out.push(Line::from(Span::styled(
            format!("{} steps in {} min", lab.steps.len(), self.minutes),
            theme.muted,
        )));
        out.push(Line::from(Span::styled("What you did", theme.title)));
        for (i, s) in lab.steps.iter().enumerate() {
            out.extend(wrap(
                &s.title,
                width,
                &format!("✓ {} ", i + 1),
                theme.good,
                theme.text,
            ));
        }
        out.push(Line::from(Span::styled("Exam domains", theme.title)));
        for d in &self.domains {
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
            "X resets the lab to play it again; Esc goes back.",
            width,
            "",
            theme.muted,
            theme.muted,
        ));
        out
    }
}
