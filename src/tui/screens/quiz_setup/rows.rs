//! The lines of a set-up screen and how each shows its current value (`◂ value ▸` for the ones
//! ← → change).

use super::{PracticeMode, Setup, SetupKind};
use crate::content::Topic;
use crate::quiz::plan::minutes_for;
use crate::tui::context::Ctx;
use crate::tui::widgets::menu::MenuItem;

/// One line of a set-up screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Take up the interrupted session.
    Resume,
    /// Which exam.
    Exam,
    /// Practice, drill by domain or topic, missed.
    Mode,
    /// The domain of a drill.
    Domain,
    /// The topic of a drill.
    Topic,
    /// How many questions.
    Count,
    /// Desired retention for spaced review.
    Retention,
    /// Start the session.
    Start,
}

fn value(text: &str) -> String {
    format!("◂ {text} ▸")
}

impl Setup {
    /// The menu line for `row`.
    pub(super) fn item(&self, row: Row, ctx: &Ctx) -> MenuItem {
        match row {
            Row::Resume => {
                let (mode, date, done, of) = self.unfinished.as_ref().map_or_else(
                    || (String::new(), String::new(), 0, 0),
                    |u| {
                        (
                            u.row.record.mode.clone(),
                            u.row.record.started_at.date_string(ctx.utc_offset),
                            u.answered,
                            u.row.record.question_count,
                        )
                    },
                );
                MenuItem::new(
                    "Resume",
                    format!("the interrupted {mode} session of {date} ({done} of {of} answered)"),
                )
            }
            Row::Exam => {
                let text = match self.exam_id().and_then(|id| ctx.bank.exam(id)) {
                    Some(e) if e.is_retired() => format!("{} (retired)", e.id),
                    Some(e) => e.id.clone(),
                    None => "all exams".to_owned(),
                };
                MenuItem::new("Exam", value(&text))
            }
            Row::Mode => {
                let text = match self.practice_mode() {
                    PracticeMode::Practice => "practice".to_owned(),
                    PracticeMode::DrillDomain => "drill one domain".to_owned(),
                    PracticeMode::DrillTopic => "drill one topic".to_owned(),
                    PracticeMode::Missed => format!("missed questions ({})", self.missed),
                };
                MenuItem::new("Mode", value(&text))
            }
            Row::Domain => {
                let text = match self.exam_id().and_then(|id| ctx.bank.exam(id)) {
                    Some(_) => self
                        .drill_domain(ctx)
                        .map_or_else(String::new, |d| format!("{} {}", d.id, d.title)),
                    None => "pick an exam first".to_owned(),
                };
                let text: String = text.chars().take(44).collect();
                MenuItem::new("Domain", value(&text))
            }
            Row::Topic => MenuItem::new("Topic", value(Topic::ALL[self.topic].as_str())),
            Row::Count => {
                let text = match self.kind {
                    SetupKind::Exam => {
                        let exam = self.exam_id().and_then(|id| ctx.bank.exam(id));
                        let minutes = exam.map_or(0, |e| minutes_for(e, self.count));
                        let full = exam.is_some_and(|e| self.count >= e.questions as usize);
                        let what = if full { "full length" } else { "shorter" };
                        format!("{} questions, {minutes} min ({what})", self.count)
                    }
                    SetupKind::Review if self.cards.due == 0 => "nothing due".to_owned(),
                    SetupKind::Review => format!("{} of {} due cards", self.count, self.cards.due),
                    SetupKind::Quiz => format!("{} questions", self.count),
                };
                MenuItem::new("Length", value(&text))
            }
            Row::Retention => MenuItem::new(
                "Retention",
                value(&format!("{:.2}", f64::from(self.retention) / 100.0)),
            ),
            Row::Start => {
                let what = match self.kind {
                    SetupKind::Quiz => "begin with these choices",
                    SetupKind::Exam => "begin the timed exam",
                    SetupKind::Review => "review the due cards",
                };
                MenuItem::new("Start", format!("▶ {what}"))
            }
        }
    }
}
