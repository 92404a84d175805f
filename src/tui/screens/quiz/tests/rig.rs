//! The quiz tests' rig: a quiz screen outside the app, driven by actions, with the session,
//! store and clock in reach, and the requests and questions the tests start from.

use super::super::*;
use crate::clock::ManualClock;
use crate::content::{Question, QuestionKind};
use crate::quiz::{Plan, QuizRequest, SessionSpec};
use crate::tui::app::areas;
use crate::tui::keymap;
use crate::tui::testing::{NOW, ctx};
use crate::tui::widgets::frame as chrome;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::sync::Arc;

/// A quiz screen outside the app, so tests can read its session while driving it.
pub(super) struct Rig {
    pub(super) screen: QuizScreen,
    pub(super) ctx: Ctx,
    pub(super) clock: Arc<ManualClock>,
    pub(super) _dir: tempfile::TempDir,
}

pub(super) fn size(w: u16, h: u16) -> Rect {
    Rect::new(0, 0, w, h)
}

impl Rig {
    pub(super) fn start(request: &QuizRequest) -> Rig {
        let (mut ctx, dir, clock) = ctx();
        ctx.body = areas(size(80, 24)).body;
        let screen = match start(&mut ctx, request, false) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        Rig {
            screen,
            ctx,
            clock,
            _dir: dir,
        }
    }

    /// A practice session over exactly these questions.
    pub(super) fn with(questions: Vec<Question>, mode: Mode) -> Rig {
        let (mut ctx, dir, clock) = ctx();
        ctx.body = areas(size(80, 24)).body;
        let plan = Plan {
            spec: SessionSpec {
                mode,
                exam: None,
                seed: 3,
                started_at: NOW,
                deadline: None,
            },
            questions,
            minutes: None,
            filter: None,
        };
        let store = Store::open_in(&ctx.data_dir).unwrap().store;
        let scheduler = crate::quiz::Scheduler::new(None, 0.9).unwrap();
        let live = Live::start(store, plan, ctx.bank.cases(), scheduler).unwrap();
        let screen = QuizScreen::new(live, &mut ctx, false);
        Rig {
            screen,
            ctx,
            clock,
            _dir: dir,
        }
    }

    pub(super) fn act(&mut self, action: Action) -> Go {
        self.ctx.notice = None;
        self.screen.handle(action, &mut self.ctx)
    }

    pub(super) fn resize(&mut self, w: u16, h: u16) {
        self.ctx.body = areas(size(w, h)).body;
    }

    /// The frame as the app draws it: header, this screen, status line, footer.
    pub(super) fn text(&mut self, w: u16, h: u16) -> String {
        self.resize(w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| {
                let a = areas(f.area());
                let theme = &self.ctx.theme;
                chrome::render_header(f, a.header, &[self.screen.title()], theme);
                self.screen.render(f, a.body, &self.ctx);
                chrome::render_status(f, a.status, self.ctx.notice.as_ref(), theme);
                chrome::render_footer(f, a.footer, &keymap::footer(self.screen.scope()), theme);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..h {
            let line: String = (0..w).map(|x| buffer[(x, y)].symbol()).collect();
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    pub(super) fn item(&self) -> &crate::quiz::Item {
        self.screen.live.session().current()
    }

    /// The actions that answer the current question right (or wrong).
    pub(super) fn answer_actions(&self, right: bool) -> Vec<Action> {
        let item = self.item();
        let shown = &item.shown;
        let n = shown.items.len();
        let pick = |d: usize| Action::Pick(u8::try_from(d + 1).unwrap());
        match &item.question.kind {
            QuestionKind::Single { options } => {
                let d = (0..n)
                    .find(|&d| options[shown.items[d]].correct == right)
                    .unwrap();
                vec![pick(d)]
            }
            QuestionKind::Multi { options, choose } => {
                let mut ds: Vec<usize> = (0..n)
                    .filter(|&d| options[shown.items[d]].correct)
                    .collect();
                if !right {
                    let wrong = (0..n).find(|d| !ds.contains(d)).unwrap();
                    ds[0] = wrong;
                }
                assert_eq!(ds.len(), *choose);
                ds.into_iter().map(pick).chain([Action::Submit]).collect()
            }
            QuestionKind::Order { .. } => {
                let mut seq: Vec<usize> = (0..n)
                    .map(|k| shown.items.iter().position(|&i| i == k).unwrap())
                    .collect();
                if !right {
                    seq.swap(0, 1);
                }
                seq.into_iter().map(pick).chain([Action::Submit]).collect()
            }
            QuestionKind::Match { .. } => Vec::new(),
        }
    }

    /// Answers a matching question by selecting each item and clicking its letter.
    pub(super) fn answer_match(&mut self, right: bool) {
        let shown = self.item().shown.clone();
        let n = shown.items.len();
        for d in 0..n {
            let mut r = shown
                .rights
                .iter()
                .position(|&i| i == shown.items[d])
                .unwrap();
            if !right && d < 2 {
                // Swap the first two items' letters.
                let other = 1 - d;
                r = shown
                    .rights
                    .iter()
                    .position(|&i| i == shown.items[other])
                    .unwrap();
            }
            self.act(Action::Pick(u8::try_from(d + 1).unwrap()));
            let [_, body, _] = question::areas(self.ctx.body);
            let doc = self.screen.doc(&self.ctx, body.width);
            let line = doc.first_line_of(Hit::Right(r)).unwrap();
            self.screen.scroll = line.saturating_sub(2);
            let row = body.y + u16::try_from(line - self.screen.scroll).unwrap();
            self.act(Action::Click {
                column: body.x + 5,
                row,
            });
        }
        self.act(Action::Submit);
    }

    pub(super) fn answer(&mut self, right: bool) {
        if matches!(self.item().question.kind, QuestionKind::Match { .. }) {
            self.answer_match(right);
            return;
        }
        for a in self.answer_actions(right) {
            self.act(a);
        }
    }

    pub(super) fn results(&self) -> bool {
        matches!(self.screen.phase, Phase::Results(_))
    }
}

pub(super) fn practice(count: usize) -> QuizRequest {
    QuizRequest {
        mode: Mode::Practice,
        exam: Some("gcp-pmle".into()),
        domain: None,
        topic: None,
        count: Some(count),
        seed: 7,
    }
}

pub(super) fn exam(count: usize) -> QuizRequest {
    QuizRequest {
        mode: Mode::Exam,
        exam: Some("gcp-pmle".into()),
        domain: None,
        topic: None,
        count: Some(count),
        seed: 11,
    }
}

pub(super) fn first_of(kind: fn(&QuestionKind) -> bool) -> Question {
    let (ctx, _dir, _) = ctx();
    ctx.bank
        .questions()
        .iter()
        .find(|q| kind(&q.kind) && q.case.is_none())
        .unwrap()
        .clone()
}

pub(super) fn single() -> Question {
    first_of(|k| matches!(k, QuestionKind::Single { .. }))
}

pub(super) fn multi() -> Question {
    first_of(|k| matches!(k, QuestionKind::Multi { .. }))
}

pub(super) fn order() -> Question {
    first_of(|k| matches!(k, QuestionKind::Order { .. }))
}

pub(super) fn matching() -> Question {
    first_of(|k| matches!(k, QuestionKind::Match { .. }))
}
