//! A checkpoint question inside a lab step: the question with its options shuffled as a quiz
//! would, picks with the number keys, Enter to answer, then ✓/✗ with the explanation and every
//! option's why. The answer is recorded exactly as the quiz engine records one: a one-question
//! session through [`Live`] in mode `lab`, so it schedules a review but, the concept having
//! just been shown, does not count toward readiness. A question computed from the learner's
//! World is graded the same way but not recorded: its numbers belong to this World, so there is
//! nothing to review later.

use ratatui::text::{Line, Span};

use crate::clock::Timestamp;
use crate::content::{Question, QuestionKind};
use crate::quiz::feedback::{Detail, Feedback};
use crate::quiz::live::scheduler_for;
use crate::quiz::{Live, Mode, Plan, Response, Session, SessionSpec};
use crate::tui::context::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;

/// One question being answered.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    spec: SessionSpec,
    pub(super) session: Session,
    /// Display positions picked: single one, multi a set, order a sequence, match the right
    /// item (display position) for each left item in display order.
    picks: Vec<usize>,
    /// The feedback once answered.
    pub result: Option<Feedback>,
    /// Whether the answer goes to the store (bank questions) or only gets feedback (computed).
    recorded: bool,
}

impl Checkpoint {
    /// The question as shown from `now`, its options shuffled with `seed`; `recorded` when the
    /// answer is saved to the store (a bank question).
    pub fn new(
        question: &Question,
        seed: u64,
        now: Timestamp,
        recorded: bool,
    ) -> Option<Checkpoint> {
        let spec = SessionSpec {
            // Recorded apart from practice: readiness does not count a question the lab just
            // explained.
            mode: Mode::Lab,
            exam: None,
            seed,
            started_at: now,
            deadline: None,
        };
        let session = Session::new(&spec, vec![question.clone()], &[]).ok()?;
        Some(Checkpoint {
            spec,
            session,
            picks: Vec::new(),
            result: None,
            recorded,
        })
    }

    fn question(&self) -> &Question {
        &self.session.current().question
    }

    fn options(&self) -> usize {
        self.session.current().shown.items.len()
    }

    /// Number key `n` (from 1): pick, toggle, or add to the sequence. Returns whether it counted.
    pub fn pick(&mut self, n: u8) -> bool {
        let i = usize::from(n).saturating_sub(1);
        if self.result.is_some() || i >= self.options() {
            return false;
        }
        match self.question().kind {
            QuestionKind::Single { .. } => self.picks = vec![i],
            QuestionKind::Multi { .. } | QuestionKind::Order { .. } => {
                if let Some(at) = self.picks.iter().position(|p| *p == i) {
                    self.picks.remove(at);
                } else {
                    self.picks.push(i);
                }
            }
            QuestionKind::Match { .. } => {
                if self.picks.len() >= self.options() {
                    return false;
                }
                self.picks.push(i);
            }
        }
        true
    }

    /// Takes back the last pick.
    pub fn undo(&mut self) -> bool {
        self.result.is_none() && self.picks.pop().is_some()
    }

    fn response(&self) -> Response {
        match self.question().kind {
            QuestionKind::Order { .. } => Response::Order(self.picks.clone()),
            QuestionKind::Match { .. } => {
                Response::Match(self.picks.iter().copied().enumerate().collect())
            }
            _ => Response::Choices(self.picks.clone()),
        }
    }

    /// Answers and records the attempt; `Err` says what is wrong with the picks (nothing
    /// recorded) or why the store refused it.
    pub fn submit(&mut self, ctx: &mut Ctx, filter: String) -> Result<bool, String> {
        let response = self.response();
        let item = self.session.current();
        item.shown
            .to_answer(&item.question, &response)
            .map_err(|e| e.0)?;
        let now = ctx.now().max(self.spec.started_at);
        if !self.recorded {
            let answered = self
                .session
                .answer(now, &response)
                .map_err(|e| e.to_string())?;
            self.result = answered.feedback;
            return Ok(answered.correct);
        }
        let scheduler = scheduler_for(&mut ctx.store, now).map_err(|e| e.to_string())?;
        let plan = Plan {
            spec: self.spec.clone(),
            questions: vec![item.question.clone()],
            minutes: None,
            filter: Some(filter),
        };
        let mut live = Live::start(&mut ctx.store, plan, ctx.bank.cases(), scheduler)
            .map_err(|e| e.to_string())?;
        let answered = live.answer(now, &response).map_err(|e| e.to_string())?;
        // The only question: moving on ends the session, which records it as submitted.
        live.next(now).map_err(|e| e.to_string())?;
        self.result = answered.feedback;
        Ok(answered.correct)
    }

    /// What the number keys do for this question, shown under the options.
    fn how(&self) -> String {
        let n = self.options();
        match self.question().kind {
            QuestionKind::Single { .. } => format!("Pick 1-{n}, then Enter to answer."),
            QuestionKind::Multi { choose, .. } => {
                format!("Pick {choose} with 1-{n} (again to unpick), then Enter to answer.")
            }
            QuestionKind::Order { .. } => {
                "Press the steps' numbers in order (again to take one back), then Enter.".to_owned()
            }
            QuestionKind::Match { .. } => {
                "For each item in turn press the number of its match; Backspace takes one back; then Enter.".to_owned()
            }
        }
    }

    /// The question, its options and the picks or the feedback, wrapped at `width`, with the
    /// line where the options (or the feedback) start.
    pub fn lines(&self, width: usize, theme: &Theme) -> (Vec<Line<'static>>, usize) {
        let q = self.question();
        let mut out = Vec::new();
        if let Some((title, text)) = &self.session.current().case_scenario {
            out.extend(wrap(
                &format!("{title}: {text}"),
                width,
                "",
                theme.muted,
                theme.muted,
            ));
        }
        out.extend(wrap(&q.scenario, width, "", theme.text, theme.text));
        out.push(Line::raw(""));
        out.extend(wrap(&q.prompt, width, "", theme.title, theme.title));
        let answer = out.len();
        match &self.result {
            None => self.pick_lines(width, theme, &mut out),
            Some(f) => feedback_lines(f, width, theme, &mut out),
        }
        (out, answer)
    }

    fn pick_lines(&self, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
        let item = self.session.current();
        match &item.question.kind {
            QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
                for (d, &i) in item.shown.items.iter().enumerate() {
                    let on = self.picks.contains(&d);
                    let mark = if on { "●" } else { "○" };
                    let style = if on { theme.selected } else { theme.text };
                    let lead = format!("{mark} {} ", d + 1);
                    out.extend(wrap(&options[i].text, width, &lead, theme.accent, style));
                }
            }
            QuestionKind::Order { steps } => {
                for (d, &i) in item.shown.items.iter().enumerate() {
                    let at = self.picks.iter().position(|p| *p == d);
                    let lead = at.map_or_else(
                        || format!("○ {} ", d + 1),
                        |k| format!("{}→{} ", d + 1, k + 1),
                    );
                    out.extend(wrap(&steps[i].text, width, &lead, theme.accent, theme.text));
                }
            }
            QuestionKind::Match { pairs } => {
                for (d, &i) in item.shown.items.iter().enumerate() {
                    let chosen = self
                        .picks
                        .get(d)
                        .map_or("?".to_owned(), |r| (r + 1).to_string());
                    let lead = format!("{}. [{chosen}] ", d + 1);
                    out.extend(wrap(&pairs[i].left, width, &lead, theme.accent, theme.text));
                }
                out.push(Line::from(Span::styled("matches:", theme.muted)));
                for (r, &i) in item.shown.rights.iter().enumerate() {
                    let lead = format!("  {} ", r + 1);
                    out.extend(wrap(
                        &pairs[i].right,
                        width,
                        &lead,
                        theme.accent,
                        theme.text,
                    ));
                }
            }
        }
        out.extend(wrap(&self.how(), width, "", theme.muted, theme.muted));
    }
}

fn feedback_lines(f: &Feedback, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let (mark, style, word) = if f.correct {
        ("✓ ", theme.good, "Right.")
    } else {
        ("✗ ", theme.bad, "Not quite.")
    };
    out.extend(wrap(
        &format!("{word} {}", f.explanation),
        width,
        mark,
        style,
        theme.text,
    ));
    match &f.detail {
        Detail::Choices(items) => {
            for c in items {
                let mark = match (c.correct, c.picked) {
                    (true, _) => "✓",
                    (false, true) => "✗",
                    (false, false) => "·",
                };
                let picked = if c.picked { " (your pick)" } else { "" };
                let lead = format!("{mark} {} ", c.number);
                let style = if c.correct { theme.good } else { theme.muted };
                out.extend(wrap(
                    &format!("{}{picked}", c.text),
                    width,
                    &lead,
                    style,
                    theme.text,
                ));
                out.extend(wrap(&c.why, width, "    ", theme.muted, theme.muted));
            }
        }
        Detail::Order(steps) => {
            let mut by_position: Vec<_> = steps.iter().collect();
            by_position.sort_by_key(|s| s.position);
            for s in by_position {
                let ok = s.given == Some(s.position);
                let lead = format!("{} {}. ", if ok { "✓" } else { "✗" }, s.position);
                out.extend(wrap(&s.text, width, &lead, theme.accent, theme.text));
                out.extend(wrap(&s.why, width, "    ", theme.muted, theme.muted));
            }
        }
        Detail::Match(pairs) => {
            for p in pairs {
                let ok = p.given.as_ref().is_some_and(|g| g.0 == p.right.0);
                let lead = format!("{} ", if ok { "✓" } else { "✗" });
                let text = format!("{} → {}", p.left, p.right.1);
                out.extend(wrap(&text, width, &lead, theme.accent, theme.text));
            }
        }
    }
}
