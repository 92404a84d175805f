//! Setting up a session: practice and drills (exam, mode, domain or topic, count), the exam
//! simulation (exam, full or shorter length), and spaced review (the due queue), each with the
//! interrupted session to resume when there is one and the desired retention. The exam starts
//! at the learner's target exam. The right-hand panel explains the current choices.

mod choices;
mod info;
mod rows;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

pub use rows::Row;

use crate::clock::Timestamp;
use crate::quiz::live::RETENTION_SETTING;
use crate::quiz::schedule::DEFAULT_RETENTION;
use crate::store::SessionRow;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::screens::quiz::{self, start::NotStarted};
use crate::tui::theme::Theme;
use crate::tui::widgets::menu::{MenuEvent, MenuState, render_menu};

/// Which set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupKind {
    /// Practice, drills and missed questions.
    Quiz,
    /// The timed exam simulation.
    Exam,
    /// Spaced review of due cards.
    Review,
}

/// The practice modes offered on the Quiz set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeMode {
    /// Any questions, feedback after each.
    Practice,
    /// One domain of an exam.
    DrillDomain,
    /// One topic.
    DrillTopic,
    /// The questions last answered wrong.
    Missed,
}

/// Every practice mode, in the order ← → cycles.
pub const PRACTICE_MODES: [PracticeMode; 4] = [
    PracticeMode::Practice,
    PracticeMode::DrillDomain,
    PracticeMode::DrillTopic,
    PracticeMode::Missed,
];

/// The interrupted session on offer.
#[derive(Debug, Clone)]
pub struct Unfinished {
    /// Its row.
    pub row: SessionRow,
    /// Answers already saved.
    pub answered: usize,
}

/// The learner's spaced-review cards.
#[derive(Debug, Clone, Default)]
pub struct Cards {
    /// Every card.
    pub total: usize,
    /// Due now.
    pub due: usize,
    /// When the next one is due, if none is due now.
    pub next_due: Option<Timestamp>,
}

/// The set-up screen's state.
pub struct Setup {
    kind: SetupKind,
    menu: MenuState,
    /// Exam ids: active ones first, then retired ones.
    exams: Vec<String>,
    /// Index into `exams`; `None` is "all exams" (practice only).
    exam: Option<usize>,
    mode: usize,
    domain: usize,
    topic: usize,
    count: usize,
    /// Desired retention in hundredths.
    retention: u32,
    unfinished: Option<Unfinished>,
    missed: usize,
    cards: Cards,
}

impl Setup {
    /// A set-up screen with what the store knows (interrupted session, missed questions, cards).
    pub fn new(kind: SetupKind, ctx: &mut Ctx) -> Setup {
        let mut exams: Vec<&crate::content::Exam> = ctx.bank.catalog().exams.iter().collect();
        exams.sort_by_key(|e| e.is_retired());
        let exams: Vec<String> = exams.into_iter().map(|e| e.id.clone()).collect();
        // The learner's target exam first, else the first active one.
        let target = ctx
            .store
            .target_exam()
            .ok()
            .flatten()
            .and_then(|t| exams.iter().position(|e| *e == t))
            .unwrap_or(0);
        let mut setup = Setup {
            kind,
            menu: MenuState::default(),
            exam: if kind == SetupKind::Exam || kind == SetupKind::Quiz {
                Some(target)
            } else {
                None
            },
            exams,
            mode: 0,
            domain: 0,
            topic: 0,
            count: 10,
            retention: 90,
            unfinished: None,
            missed: 0,
            cards: Cards::default(),
        };
        setup.reload(ctx);
        if kind == SetupKind::Exam {
            setup.count = setup.full_count_in(ctx);
        }
        setup.menu.selected = setup
            .rows()
            .iter()
            .position(|r| *r == Row::Start)
            .unwrap_or(0);
        setup
    }

    /// Re-reads the store: after a session the interrupted one, missed questions and cards change.
    fn reload(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        let store = &ctx.store;
        let read = || -> Result<_, crate::store::StoreError> {
            let unfinished = match store.unfinished_sessions()?.into_iter().next() {
                Some(row) => {
                    let answered = store.session_attempts(row.id)?.len();
                    Some(Unfinished { row, answered })
                }
                None => None,
            };
            let cards = store.cards()?;
            let due = cards.iter().filter(|c| c.due <= now).count();
            let next_due = cards.iter().map(|c| c.due).filter(|d| *d > now).min();
            let retention = store
                .setting(RETENTION_SETTING)?
                .and_then(|v| v.parse::<f32>().ok())
                .unwrap_or(DEFAULT_RETENTION);
            Ok((
                unfinished,
                store.missed_questions()?.len(),
                Cards {
                    total: cards.len(),
                    due,
                    next_due,
                },
                retention,
            ))
        };
        match read() {
            Ok((unfinished, missed, cards, retention)) => {
                self.unfinished = unfinished;
                self.missed = missed;
                self.cards = cards;
                self.retention = (retention * 100.0).round() as u32;
            }
            Err(e) => ctx.warn(format!("could not read progress: {e}")),
        }
        if self.kind == SetupKind::Review {
            self.count = self.cards.due.clamp(1, 50);
        }
    }

    fn exam_id(&self) -> Option<&str> {
        self.exam
            .and_then(|i| self.exams.get(i))
            .map(String::as_str)
    }

    fn practice_mode(&self) -> PracticeMode {
        PRACTICE_MODES[self.mode]
    }

    /// The rows on screen for this kind and these choices.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        if self.unfinished.is_some() {
            rows.push(Row::Resume);
        }
        match self.kind {
            SetupKind::Quiz => {
                rows.extend([Row::Exam, Row::Mode]);
                match self.practice_mode() {
                    PracticeMode::DrillDomain => rows.push(Row::Domain),
                    PracticeMode::DrillTopic => rows.push(Row::Topic),
                    _ => {}
                }
                rows.extend([Row::Count, Row::Retention]);
            }
            SetupKind::Exam => rows.extend([Row::Exam, Row::Count]),
            SetupKind::Review => rows.extend([Row::Count, Row::Retention]),
        }
        rows.push(Row::Start);
        rows
    }

    fn go(&mut self, row: Row, ctx: &mut Ctx) -> Outcome {
        let started = if row == Row::Resume {
            quiz::resume(ctx, false)
        } else {
            if self.kind == SetupKind::Review && self.cards.due == 0 {
                ctx.tell(info::nothing_due(&self.cards, ctx.now(), ctx.utc_offset));
                return Outcome::Changed;
            }
            match self.request(ctx) {
                Ok(req) => quiz::start(ctx, &req, false),
                Err(msg) => Err(NotStarted::Failed(msg)),
            }
        };
        match started {
            Ok(screen) => Outcome::Replace(Box::new(screen)),
            Err(NotStarted::Nothing(msg)) => {
                ctx.tell(msg);
                Outcome::Changed
            }
            Err(NotStarted::Failed(msg)) => {
                ctx.warn(msg);
                Outcome::Changed
            }
        }
    }
}

/// The list of choices and the panel explaining them: side by side when wide, stacked otherwise.
fn panels(body: Rect, rows: usize) -> [Rect; 2] {
    if body.width >= 120 {
        Layout::horizontal([Constraint::Length(64), Constraint::Min(0)]).areas(body)
    } else {
        let height = u16::try_from(rows).unwrap_or(8) + 2;
        Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(body)
    }
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

fn panel<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

impl Screen for Setup {
    fn title(&self) -> String {
        match self.kind {
            SetupKind::Quiz => "Quiz set-up",
            SetupKind::Exam => "Exam simulation set-up",
            SetupKind::Review => "Spaced review",
        }
        .to_owned()
    }

    fn scope(&self) -> Scope {
        Scope::Menu
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let rows = self.rows();
        let [list, about] = panels(area, rows.len());
        frame.render_widget(panel("↑↓ choose · ← → change · Enter start", theme), list);
        let items = rows.iter().map(|r| self.item(*r, ctx)).collect::<Vec<_>>();
        render_menu(frame, inner(list), &items, self.menu, theme);
        let text = info::lines(self, rows.get(self.menu.selected).copied(), ctx);
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .block(panel("About", theme)),
            about,
        );
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        let rows = self.rows();
        let [list, _] = panels(ctx.body, rows.len());
        let selected = rows.get(self.menu.selected).copied().unwrap_or(Row::Start);
        match action {
            // Enter starts from any line (Resume resumes), so defaults are one key away.
            Action::Select => {
                return self.go(
                    if selected == Row::Resume {
                        Row::Resume
                    } else {
                        Row::Start
                    },
                    ctx,
                );
            }
            Action::Left | Action::Right => {
                self.change(selected, action == Action::Right, ctx);
                return Outcome::Changed;
            }
            _ => {}
        }
        match self.menu.handle(action, rows.len(), inner(list)) {
            MenuEvent::Ignored => Outcome::Ignored,
            MenuEvent::Moved => Outcome::Changed,
            // A number or a click on a value line steps it forward; on Start or Resume, goes.
            MenuEvent::Chosen(i) => match rows[i] {
                row @ (Row::Start | Row::Resume) => self.go(row, ctx),
                row => {
                    self.change(row, true, ctx);
                    Outcome::Changed
                }
            },
        }
    }

    fn resumed(&mut self, ctx: &mut Ctx) {
        self.reload(ctx);
        let len = self.rows().len();
        self.menu.selected = self.menu.selected.min(len - 1);
    }
}

#[cfg(test)]
mod tests;
