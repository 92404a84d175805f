//! The end of a session: the score against the pass mark, a bar per domain (or topic) with its
//! counts, readiness over all sessions from the store (as `mlops-lab progress` words it), and
//! every question, filtered all / correct / wrong / skipped / flagged, each with the answer
//! given, the key and why every option is right or wrong.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::document::Doc;
use super::question;
use crate::clock::UtcOffset;
use crate::content::Bank;
use crate::quiz::feedback::Feedback;
use crate::quiz::readiness_text;
use crate::quiz::{
    ExamProgress, Live, Mode, Outcome, ResultFilter, Session, SessionReport, exam_progress,
    session_report,
};
use crate::store::Store;
use crate::tui::context::Ctx;
use crate::tui::widgets::bar::{bar, percent};

/// What the results show, computed once when the session ends.
pub struct Results {
    report: SessionReport,
    session: Session,
    /// Every question's feedback, in session order.
    feedback: Vec<Feedback>,
    /// Which of [`ResultFilter::ALL`] lists the questions.
    filter: usize,
    /// Readiness for the exams the session touched, over every session in the store.
    readiness: Vec<ExamProgress>,
    /// Why readiness is missing, when the store could not be read.
    problem: Option<String>,
}

impl Results {
    /// Scores the finished session and reads readiness from the session's store, with days
    /// counted at `offset`.
    pub fn new(live: &mut Live<Store>, bank: &Bank, offset: UtcOffset) -> Results {
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
                exam_progress(bank, &attempts, offset)
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
            feedback: session.all_feedback(),
            filter: 0,
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
        self.questions(&mut doc, ctx);
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

    /// Every question of the filter, each with the answer given, the key and why every option
    /// is right or wrong.
    fn questions(&self, doc: &mut Doc, ctx: &Ctx) {
        let theme = &ctx.theme;
        let mut tabs = vec![Span::styled("Your answers: ", theme.accent)];
        for (i, f) in ResultFilter::ALL.iter().enumerate() {
            let count = self.session.result_list(*f).len();
            let text = format!(" {} ({count}) ", f.name());
            tabs.push(if i == self.filter {
                Span::styled(format!("▸{text}"), theme.selected)
            } else {
                Span::styled(format!(" {text}"), theme.muted)
            });
        }
        tabs.push(Span::styled("  [ ] filter", theme.muted));
        doc.line(Line::from(tabs));
        doc.blank();
        let filter = ResultFilter::ALL[self.filter];
        let list = self.session.result_list(filter);
        if list.is_empty() {
            let none = match filter {
                ResultFilter::All => "No questions.",
                ResultFilter::Correct => "No question answered right.",
                ResultFilter::Wrong => "✓ No wrong answer.",
                ResultFilter::Skipped => "✓ Every question has an answer.",
                ResultFilter::Flagged => "No flagged questions.",
            };
            doc.text(none, theme.muted);
            return;
        }
        let items = self.session.items();
        for i in list {
            let item = &items[i];
            let fb = &self.feedback[i];
            let (mark, style) = match item.correct() {
                Some(true) => ("✓ ", theme.good),
                Some(false) => ("✗ ", theme.bad),
                None => ("– ", theme.muted),
            };
            let flag = if item.flagged { "⚑ " } else { "" };
            let prefix = vec![
                Span::styled(mark, style),
                Span::styled(
                    format!("{}. {flag}[{}] ", i + 1, item.question.id),
                    theme.muted,
                ),
            ];
            doc.item(prefix, item.question.prompt.trim(), theme.text, None);
            let given = fb
                .given_text()
                .unwrap_or_else(|| "none (skipped)".to_owned());
            doc.text(&format!("Your answer: {given}"), theme.accent);
            question::feedback(doc, fb, theme);
            doc.blank();
        }
    }

    /// Shows the next (or previous) filter's questions.
    pub fn cycle(&mut self, forward: bool) {
        let n = ResultFilter::ALL.len();
        self.filter = (self.filter + if forward { 1 } else { n - 1 }) % n;
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
            "Enter: back to the menu · [ ] all / correct / wrong / skipped / flagged",
            Some("↑↓ / PgUp PgDn / mouse wheel scroll"),
            &ctx.theme,
        );
        question::render_more(frame, status, more, &ctx.theme);
    }
}
