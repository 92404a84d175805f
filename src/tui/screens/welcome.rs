//! The welcome at the first start (an empty store): what the app is, the exam the learner
//! prepares for (stored; home, the quiz set-up and progress start from it), then "start here",
//! the first lab of the curriculum. The same exam list, alone, is how home's `e` changes the
//! target exam later. Esc on the first start skips: no exam, and no welcome again.

use crate::lab::record::Setup;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use super::lab::LabPlayer;
use crate::content::Exam;
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::menu::{MenuEvent, MenuItem, MenuState, render_menu};
use crate::tui::widgets::wrap::wrap;

/// What the app is, in two sentences: the welcome's first words.
pub const ABOUT: &str = "mlops-lab teaches MLOps by doing: you operate a simulated ML platform \
    offline in your terminal, with guided labs where pipelines, models and drift respond to the \
    commands you type. It also prepares you for the Google, AWS and Microsoft ML engineering \
    certifications with exam-style questions that explain every option, timed exam simulations \
    and spaced review.";

/// Why the screen is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The first start: the welcome, the exam, then where to begin.
    FirstStart,
    /// Home's `e`: the exam list alone.
    Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Exam,
    Begin,
}

/// One exam on offer.
struct Choice {
    id: String,
    vendor: String,
    about: String,
}

/// The welcome's state.
pub struct Welcome {
    purpose: Purpose,
    stage: Stage,
    /// The active exams, in catalog order; the row after them is "not sure yet".
    exams: Vec<Choice>,
    menu: MenuState,
    /// The first lab of the curriculum: `(id, title, minutes)`.
    start_here: Option<(String, String, u32)>,
    /// What was saved, for the second stage's line.
    chosen: Option<String>,
}

fn choice(exam: &Exam) -> Choice {
    Choice {
        id: exam.id.clone(),
        vendor: exam.vendor.clone(),
        about: format!(
            "{} {}: {} questions, {} minutes",
            exam.vendor, exam.title, exam.questions, exam.minutes
        ),
    }
}

impl Welcome {
    /// The welcome for `purpose`, with the current target exam preselected.
    pub fn new(purpose: Purpose, ctx: &mut Ctx) -> Welcome {
        let exams: Vec<Choice> = ctx
            .bank
            .catalog()
            .exams
            .iter()
            .filter(|e| !e.is_retired())
            .map(choice)
            .collect();
        let current = ctx.store.target_exam().unwrap_or_else(|e| {
            ctx.warn(format!("could not read the target exam: {e}"));
            None
        });
        let selected = match &current {
            Some(id) => exams.iter().position(|e| e.id == *id),
            None if purpose == Purpose::Change => Some(exams.len()),
            None => None,
        };
        let start_here = ctx
            .bank
            .labs()
            .first()
            .map(|l| (l.id.clone(), l.title.clone(), l.minutes));
        Welcome {
            purpose,
            stage: Stage::Exam,
            exams,
            menu: MenuState {
                selected: selected.unwrap_or(0),
            },
            start_here,
            chosen: None,
        }
    }

    fn items(&self) -> Vec<MenuItem> {
        match self.stage {
            Stage::Exam => {
                let mut items: Vec<MenuItem> = self
                    .exams
                    .iter()
                    .map(|e| MenuItem::new(e.id.clone(), e.vendor.clone()))
                    .collect();
                items.push(MenuItem::new("not sure yet", "choose later: e on home"));
                items
            }
            Stage::Begin => {
                let mut items = Vec::new();
                if let Some((_, title, minutes)) = &self.start_here {
                    items.push(MenuItem::new(
                        "Start here",
                        format!("the first lab: {title}, {minutes} min"),
                    ));
                }
                items.push(MenuItem::new(
                    "Home",
                    "labs, quizzes, exam simulation, review, progress",
                ));
                items
            }
        }
    }

    /// The lines above the menu, wrapped to `width`.
    fn intro(&self, width: u16, theme: &Theme) -> Vec<Line<'static>> {
        let width = usize::from(width);
        let question = || {
            Line::from(Span::styled(
                "Which exam are you preparing for?",
                theme.title,
            ))
        };
        match (self.purpose, self.stage) {
            (Purpose::FirstStart, Stage::Exam) => {
                let mut lines = wrap(ABOUT, width, "", theme.text, theme.text);
                lines.extend([Line::raw(""), question()]);
                lines
            }
            (Purpose::Change, _) => vec![question()],
            (_, Stage::Begin) => {
                let saved = match &self.chosen {
                    Some(id) => {
                        format!("Target exam: {id}. Home, the quiz and progress start from it.")
                    }
                    None => "No target exam for now: every exam is shown.".to_owned(),
                };
                let mut lines = wrap(&saved, width, "✓ ", theme.good, theme.good);
                lines.extend(wrap(
                    "Press e on the home screen to change it at any time.",
                    width,
                    "",
                    theme.muted,
                    theme.muted,
                ));
                lines.extend([
                    Line::raw(""),
                    Line::from(Span::styled("Where would you like to begin?", theme.title)),
                ]);
                lines
            }
        }
    }

    /// The intro, the menu and what is below it, inside the panel.
    fn areas(&self, area: Rect, theme: &Theme) -> ([Rect; 3], Vec<Line<'static>>) {
        let inside = inner(area);
        let intro = self.intro(inside.width, theme);
        let [top, menu, below] = Layout::vertical([
            Constraint::Length(u16::try_from(intro.len() + 1).unwrap_or(u16::MAX)),
            Constraint::Length(u16::try_from(self.items().len()).unwrap_or(u16::MAX)),
            Constraint::Min(0),
        ])
        .areas(inside);
        ([top, menu, below], intro)
    }

    /// Stores the exam chosen on row `i` (the row after the exams is "not sure yet").
    fn choose_exam(&mut self, i: usize, ctx: &mut Ctx) -> Outcome {
        let exam = self.exams.get(i).map(|e| e.id.clone());
        if let Err(e) = ctx.store.set_target_exam(exam.as_deref(), ctx.now()) {
            ctx.warn(format!("could not save the target exam: {e}"));
            return Outcome::Changed;
        }
        match self.purpose {
            Purpose::Change => {
                ctx.tell(match &exam {
                    Some(id) => format!("Target exam: {id} (saved)"),
                    None => "No target exam (saved): home and the quiz show every exam".into(),
                });
                Outcome::Pop
            }
            Purpose::FirstStart => {
                self.chosen = exam;
                self.stage = Stage::Begin;
                self.menu = MenuState::default();
                Outcome::Changed
            }
        }
    }

    fn begin(&mut self, i: usize, ctx: &mut Ctx) -> Outcome {
        let Some((id, _, _)) = self.start_here.as_ref().filter(|_| i == 0) else {
            return Outcome::Pop;
        };
        match LabPlayer::open(id, &Setup::default(), ctx) {
            Ok(player) => Outcome::Replace(Box::new(player)),
            Err(why) => {
                ctx.warn(why);
                Outcome::Changed
            }
        }
    }
}

fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

fn panel<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn keys<'a>(pairs: &[(&'a str, &'a str)], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, what) in pairs {
        spans.push(Span::styled(*key, theme.accent));
        spans.push(Span::styled(format!(" {what}   "), theme.muted));
    }
    Line::from(spans)
}

impl Screen for Welcome {
    fn title(&self) -> String {
        match self.purpose {
            Purpose::FirstStart => "Welcome".to_owned(),
            Purpose::Change => "Target exam".to_owned(),
        }
    }

    fn scope(&self) -> Scope {
        Scope::Menu
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let title = match self.purpose {
            Purpose::FirstStart => "Welcome to mlops-lab",
            Purpose::Change => "Target exam",
        };
        frame.render_widget(panel(title, theme), area);
        let ([intro, menu, below], intro_lines) = self.areas(area, theme);
        frame.render_widget(Paragraph::new(intro_lines), intro);
        render_menu(frame, menu, &self.items(), self.menu, theme);
        let mut lines = vec![Line::raw("")];
        match self.stage {
            Stage::Exam => {
                if let Some(e) = self.exams.get(self.menu.selected) {
                    lines.push(Line::from(Span::styled(e.about.clone(), theme.text)));
                    lines.push(Line::raw(""));
                }
                let skip = match self.purpose {
                    Purpose::FirstStart => "skip (no exam; this welcome is not shown again)",
                    Purpose::Change => "keep the current one",
                };
                lines.push(keys(&[("Enter", "choose"), ("Esc", skip)], theme));
            }
            Stage::Begin => {
                lines.push(keys(&[("Enter", "go"), ("Esc", "home")], theme));
            }
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), below);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        if action == Action::Back {
            if self.purpose == Purpose::FirstStart && self.stage == Stage::Exam {
                // A skip is an answer too: no exam, and the welcome is not shown again.
                if let Err(e) = ctx.store.set_target_exam(None, ctx.now()) {
                    ctx.warn(format!("could not save the choice: {e}"));
                } else {
                    ctx.tell("Welcome skipped; e on the home screen chooses a target exam.");
                }
            }
            return Outcome::Pop;
        }
        let ([_, menu, _], _) = self.areas(ctx.body, &ctx.theme);
        match self.menu.handle(action, self.items().len(), menu) {
            MenuEvent::Ignored => Outcome::Ignored,
            MenuEvent::Moved => Outcome::Changed,
            MenuEvent::Chosen(i) => match self.stage {
                Stage::Exam => self.choose_exam(i, ctx),
                Stage::Begin => self.begin(i, ctx),
            },
        }
    }
}

#[cfg(test)]
mod tests;
