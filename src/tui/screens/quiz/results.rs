//! The end of a session: the score against the pass mark, a bar per domain (or topic) with its
//! counts, readiness over all sessions from the store (as `mlops-lab progress` words it), and
//! the questions to look at again, with their full feedback after an exam.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::document::Doc;
use super::question;
use crate::commands::progress::readiness_text;
use crate::content::Bank;
use crate::quiz::{
    ExamProgress, Live, Mode, Outcome, Session, SessionReport, exam_progress, session_report,
};
use crate::store::Store;
use crate::tui::context::Ctx;
use crate::tui::widgets::bar::{bar, percent};

/// What the results show, computed once when the session ends.
pub struct Results {
    report: SessionReport,
    session: Session,
    /// Readiness for the exams the session touched, over every session in the store.
    readiness: Vec<ExamProgress>,
    /// Why readiness is missing, when the store could not be read.
    problem: Option<String>,
}

impl Results {
    /// Scores the finished session and reads readiness from the session's store.
    pub fn new(live: &mut Live<Store>, bank: &Bank) -> Results {
        let session = live.session().clone();
        let report = session_report(&session, bank);
        let mut exams: Vec<String> = match session.exam() {
            Some(e) => vec![e.to_owned()],
            None => session
                .items()
                .iter()
                .flat_map(|i| i.question.exams.iter().map(|t| t.exam.clone()))
                .collect(),
        };
        exams.sort();
        exams.dedup();
        let (readiness, problem) = match live.store().attempts() {
            Ok(attempts) => (
                exam_progress(bank, &attempts)
                    .into_iter()
                    .filter(|p| {
                        exams.contains(&p.id)
                            && (p.status != "retired" || session.exam() == Some(p.id.as_str()))
                    })
                    .collect(),
                None,
            ),
            Err(e) => (Vec::new(), Some(format!("could not read progress: {e}"))),
        };
        Results {
            report,
            session,
            readiness,
            problem,
        }
    }

    /// The page, laid out for `width` columns.
    pub fn doc(&self, ctx: &Ctx, width: u16) -> Doc {
        let theme = &ctx.theme;
        let r = &self.report;
        let mut doc = Doc::new(width);
        let ended = match r.outcome {
            Some(Outcome::Submitted) => "submitted",
            Some(Outcome::TimedOut) => "time ran out",
            Some(Outcome::Ended) | None => "stopped",
        };
        doc.line(Line::from(vec![
            Span::styled(
                format!(
                    "{} of {} right ({})",
                    r.correct,
                    r.questions,
                    percent(r.correct, r.questions)
                ),
                theme.title.add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  {} answered · {ended}", r.answered), theme.muted),
        ]));
        if let Some(pass) = r.pass_percent {
            let passed = r.correct * 100 >= pass * r.questions;
            let (mark, style, word) = if passed {
                ("✓", theme.good, "at or above")
            } else {
                ("✗", theme.bad, "below")
            };
            doc.line(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::styled(
                    format!("Pass mark {pass}%: this score is {word} it."),
                    theme.text,
                ),
            ]));
        }
        doc.blank();
        self.rows(&mut doc, ctx);
        doc.blank();
        self.readiness(&mut doc, ctx);
        self.missed(&mut doc, ctx);
        doc
    }

    fn rows(&self, doc: &mut Doc, ctx: &Ctx) {
        let theme = &ctx.theme;
        let r = &self.report;
        let by = if r.grouping == "domain" {
            "domain"
        } else {
            "topic"
        };
        doc.text(
            &format!("By {by} (right / questions, answered):"),
            theme.accent,
        );
        let name_width = doc.width.saturating_sub(44).clamp(12, 60);
        for row in &r.rows {
            let name = if r.grouping == "domain" {
                format!("{} {}", row.id, row.title)
            } else {
                row.id.clone()
            };
            let name: String = name.chars().take(name_width).collect();
            doc.line(Line::from(vec![
                Span::styled(format!("  {name:<name_width$} "), theme.text),
                Span::styled(bar(row.correct, row.questions, 10), theme.info),
                Span::styled(
                    format!(
                        " {:>2}/{:<2} right {:>4}  {} answered",
                        row.correct,
                        row.questions,
                        percent(row.correct, row.questions),
                        row.answered
                    ),
                    theme.text,
                ),
            ]));
        }
    }

    fn readiness(&self, doc: &mut Doc, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(p) = &self.problem {
            doc.text(p, theme.bad);
            return;
        }
        if self.readiness.is_empty() {
            return;
        }
        doc.text(
            "Readiness over all your sessions (as in `mlops-lab progress`):",
            theme.accent,
        );
        for e in &self.readiness {
            doc.item(
                vec![Span::styled(format!("  {} ", e.id), theme.text)],
                &readiness_text(e),
                theme.text,
                None,
            );
        }
        doc.blank();
    }

    fn missed(&self, doc: &mut Doc, ctx: &Ctx) {
        let theme = &ctx.theme;
        let items = self.session.items();
        let missed: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].correct() != Some(true))
            .collect();
        if missed.is_empty() {
            doc.text("✓ Nothing missed.", theme.good);
            return;
        }
        doc.text(
            "Questions to look at again (mlops-lab quiz --mode missed retakes them):",
            theme.accent,
        );
        let exam = self.session.mode() == Mode::Exam;
        let feedback = if exam {
            self.session.all_feedback()
        } else {
            Vec::new()
        };
        for i in missed {
            let item = &items[i];
            let (mark, style) = if item.answer.is_some() {
                ("✗ ", theme.bad)
            } else {
                ("– ", theme.muted)
            };
            let prefix = vec![
                Span::styled(format!("  {mark}"), style),
                Span::styled(format!("{}. [{}] ", i + 1, item.question.id), theme.muted),
            ];
            doc.item(prefix, item.question.prompt.trim(), theme.text, None);
            if let Some(fb) = feedback.get(i) {
                question::feedback(doc, fb, theme);
                doc.blank();
            }
        }
    }

    /// Draws the page from `scroll`, with the keys that leave it.
    pub fn render(&self, frame: &mut Frame, area: Rect, scroll: usize, ctx: &Ctx) {
        let [status, body, hint] = question::areas(area);
        let title = if self.session.mode() == Mode::Exam {
            "Exam results"
        } else {
            "Session results"
        };
        frame.render_widget(
            ratatui::widgets::Paragraph::new(Line::from(Span::styled(title, ctx.theme.title))),
            status,
        );
        let doc = self.doc(ctx, body.width);
        doc.render(frame, body, scroll);
        let more = scroll < doc.max_scroll(body.height);
        question::render_hint(
            frame,
            hint,
            "Enter: back to the menu",
            Some("↑↓ / PgUp PgDn / mouse wheel scroll"),
            &ctx.theme,
        );
        question::render_more(frame, status, more, &ctx.theme);
    }
}
