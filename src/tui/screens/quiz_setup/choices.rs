//! How ← → (and a number or a click) change each set-up choice, and the session request the
//! choices make.

use super::{PRACTICE_MODES, PracticeMode, Row, Setup, SetupKind};
use crate::content::{Domain, Topic};
use crate::quiz::live::RETENTION_SETTING;
use crate::quiz::schedule::RETENTION_RANGE;
use crate::quiz::{Mode, QuizRequest};
use crate::tui::context::Ctx;

/// Question counts offered for practice.
const COUNTS: [usize; 8] = [5, 10, 15, 20, 25, 30, 40, 50];

impl Setup {
    /// The session these choices ask for.
    pub fn request(&self, ctx: &Ctx) -> Result<QuizRequest, String> {
        let exam = self.exam_id().map(str::to_owned);
        let (mode, domain, topic) = match (self.kind, self.practice_mode()) {
            (SetupKind::Exam, _) => (Mode::Exam, None, None),
            (SetupKind::Review, _) => (Mode::Review, None, None),
            (SetupKind::Quiz, PracticeMode::Practice) => (Mode::Practice, None, None),
            (SetupKind::Quiz, PracticeMode::Missed) => (Mode::Missed, None, None),
            (SetupKind::Quiz, PracticeMode::DrillTopic) => (
                Mode::Drill,
                None,
                Some(Topic::ALL[self.topic].as_str().to_owned()),
            ),
            (SetupKind::Quiz, PracticeMode::DrillDomain) => {
                if self.exam_id().and_then(|id| ctx.bank.exam(id)).is_none() {
                    return Err("A domain drill needs an exam: pick one on the Exam line.".into());
                }
                (
                    Mode::Drill,
                    self.drill_domain(ctx).map(|d| d.id.clone()),
                    None,
                )
            }
        };
        Ok(QuizRequest {
            mode,
            exam: if self.kind == SetupKind::Review {
                None
            } else {
                exam
            },
            domain,
            topic,
            count: Some(self.count),
            // The time of day as the seed, so each session differs (and the store keeps it).
            seed: ctx.now().0.unsigned_abs(),
        })
    }

    pub(super) fn change(&mut self, row: Row, forward: bool, ctx: &mut Ctx) {
        let step = |i: usize, n: usize| {
            if n == 0 {
                0
            } else if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match row {
            Row::Exam => {
                let n = self.exams.len();
                self.exam = if self.kind == SetupKind::Quiz {
                    // "All exams" sits before the first exam.
                    let all = self.exam.map_or(0, |i| i + 1);
                    let next = step(all, n + 1);
                    next.checked_sub(1)
                } else {
                    Some(step(self.exam.unwrap_or(0), n))
                };
                self.domain = 0;
                if self.kind == SetupKind::Exam {
                    self.count = self.full_count_in(ctx);
                }
            }
            Row::Mode => self.mode = step(self.mode, PRACTICE_MODES.len()),
            Row::Domain => {
                let n = self
                    .exam_id()
                    .and_then(|id| ctx.bank.exam(id))
                    .map_or(0, |e| e.in_scope_domains().count());
                self.domain = step(self.domain, n);
            }
            Row::Topic => self.topic = step(self.topic, Topic::ALL.len()),
            Row::Count => self.count = self.next_count(forward, ctx),
            Row::Retention => {
                let (lo, hi) = RETENTION_RANGE;
                let (lo, hi) = ((lo * 100.0).round() as u32, (hi * 100.0).round() as u32);
                self.retention = if forward {
                    (self.retention + 1).min(hi)
                } else {
                    self.retention.saturating_sub(1).max(lo)
                };
                let value = format!("{:.2}", f64::from(self.retention) / 100.0);
                match ctx.store.set_setting(RETENTION_SETTING, &value) {
                    Ok(()) => ctx.tell(format!("Desired retention {value} (saved)")),
                    Err(e) => ctx.warn(format!("Retention not saved: {e}")),
                }
            }
            Row::Resume | Row::Start => {}
        }
    }

    /// The domain a drill is on: `domain` counts the exam's in-scope domains only, so a domain
    /// outside this product (AI-103's vision and text domains) is never offered, and the id
    /// handed to the quiz is the catalog's, not a position.
    pub(super) fn drill_domain<'a>(&self, ctx: &'a Ctx) -> Option<&'a Domain> {
        self.exam_id()
            .and_then(|id| ctx.bank.exam(id))
            .and_then(|e| e.in_scope_domains().nth(self.domain))
    }

    pub(super) fn full_count_in(&self, ctx: &Ctx) -> usize {
        self.exam_id()
            .and_then(|id| ctx.bank.exam(id))
            .map_or(10, |e| e.questions as usize)
    }

    pub(super) fn next_count(&self, forward: bool, ctx: &Ctx) -> usize {
        let steps: Vec<usize> = match self.kind {
            SetupKind::Exam => {
                let full = self.full_count_in(ctx);
                let mut s: Vec<usize> = (1..=full / 5)
                    .map(|k| k * 5)
                    .filter(|&c| c < full)
                    .collect();
                s.push(full);
                s
            }
            _ => COUNTS.to_vec(),
        };
        let at = steps
            .iter()
            .position(|&c| c >= self.count)
            .unwrap_or(steps.len() - 1);
        if forward {
            steps[(at + usize::from(steps[at] == self.count)).min(steps.len() - 1)]
        } else {
            steps[at.saturating_sub(1)]
        }
    }
}
