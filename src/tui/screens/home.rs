//! Home: the next thing to do (one line, with the key that does it), the menu, readiness per
//! exam at a glance (the target exam first), what is due for review, and the lab to resume.
//! Figures are read from the store when the screen opens and whenever the learner comes back
//! to it.

use crate::lab::record::Setup;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::data::scenario::Scenario;
use crate::lab::progress::lab_progress;
use crate::next_step::{NextStep, next_step};
use crate::quiz::{ExamProgress, Mode, QuizRequest, Readiness, exam_progress};
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::screens::quiz::QuizLaunch;
use crate::tui::screens::welcome::{Purpose, Welcome};
use crate::tui::screens::{Target, open};
use crate::tui::theme::Theme;
use crate::tui::widgets::menu::{MenuEvent, MenuItem, MenuState, render_menu};

/// The lab the learner touched last and has not finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// Lab id.
    pub id: String,
    /// Lab title.
    pub title: String,
    /// Steps passed so far.
    pub passed: usize,
    /// Steps in the lab.
    pub steps: usize,
}

/// What the home screen shows beside the menu.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Active exams with their readiness.
    pub exams: Vec<ExamProgress>,
    /// Review cards due now.
    pub due: usize,
    /// The lab to resume, if any.
    pub resume: Option<Resume>,
    /// The exam the learner prepares for, when it is in the catalog.
    pub target: Option<String>,
    /// The next thing to do.
    pub next: Option<NextStep>,
}

/// The home screen's state.
pub struct Home {
    menu: MenuState,
    summary: Summary,
}

const ENTRIES: [(&str, &str); 7] = [
    ("Labs", "hands-on: type the commands of an ML platform"),
    ("Quiz", "practice questions with every option explained"),
    ("Exam simulation", "timed, sampled by the exam's blueprint"),
    ("Review", "spaced repetition (FSRS)"),
    ("Sandbox", "every knob of the platform, days of traffic"),
    ("Progress", "per exam and domain, over time"),
    ("Help", "keys and how this works"),
];

impl Home {
    /// Home, with figures read from the store.
    pub fn new(ctx: &mut Ctx) -> Home {
        Home {
            menu: MenuState::default(),
            summary: summary(ctx),
        }
    }

    fn items(&self) -> Vec<MenuItem> {
        ENTRIES
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                let note =
                    match i {
                        0 => self.summary.resume.as_ref().map_or_else(String::new, |r| {
                            format!("{}/{} steps", r.passed, r.steps)
                        }),
                        3 => format!("{} due", self.summary.due),
                        _ => String::new(),
                    };
                MenuItem::new(*label, note)
            })
            .collect()
    }

    /// `n`: does what the Next line says.
    fn do_next(&mut self, ctx: &mut Ctx) -> Outcome {
        // The time of day as the seed, as the quiz set-up does, so each session differs.
        let seed = ctx.now().0.unsigned_abs();
        let quiz = |mode, exam, domain, count| {
            Target::QuizSession(QuizLaunch {
                request: QuizRequest {
                    mode,
                    exam,
                    domain,
                    topic: None,
                    count,
                    seed,
                },
                resume: false,
            })
        };
        let target = match self.summary.next.clone() {
            None => return Outcome::Ignored,
            Some(NextStep::ChooseExam) => {
                return Outcome::Push(Box::new(Welcome::new(Purpose::Change, ctx)));
            }
            // The review set-up's own cap: the most overdue first, at most 50 at a sitting.
            Some(NextStep::Review { due }) => quiz(Mode::Review, None, None, Some(due.min(50))),
            Some(NextStep::Lab { id, .. }) => Target::Lab(id, Setup::default()),
            Some(NextStep::Drill { exam, domain, .. }) => {
                quiz(Mode::Drill, Some(exam), Some(domain), None)
            }
        };
        match open(&target, ctx) {
            Ok(screen) => Outcome::Push(screen),
            Err(why) => {
                ctx.warn(why);
                Outcome::Changed
            }
        }
    }

    fn menu_area(body: Rect) -> Rect {
        let [_, panels] = next_row(body);
        let [left, _] = columns(panels);
        let [menu, _] = menu_rows(inner(left));
        menu
    }
}

/// Reads the home figures; a store problem is shown in the status bar, not fatal.
pub fn summary(ctx: &mut Ctx) -> Summary {
    let now = ctx.now();
    let attempts = ctx.store.attempts();
    let due = ctx.store.due_cards(now);
    let mut s = Summary::default();
    match (attempts, due) {
        (Ok(attempts), Ok(due)) => {
            s.exams = exam_progress(&ctx.bank, &attempts, ctx.utc_offset)
                .into_iter()
                .filter(|e| e.status != "retired")
                .collect();
            s.due = due.len();
        }
        (Err(e), _) | (_, Err(e)) => ctx.warn(format!("could not read progress: {e}")),
    }
    let played = ctx.store.lab_run_summaries().unwrap_or_default();
    let mut latest = None;
    for lab in ctx.bank.labs() {
        let Some(run) = played.iter().find(|p| p.lab_id == lab.id) else {
            continue;
        };
        if run.latest_complete {
            continue;
        }
        if latest.as_ref().is_none_or(|(at, _)| run.last_at > *at) {
            latest = Some((
                run.last_at,
                Resume {
                    id: lab.id.clone(),
                    title: lab.title.clone(),
                    passed: run.steps.len(),
                    steps: lab.steps.len(),
                },
            ));
        }
    }
    s.resume = latest.map(|(_, r)| r);
    s.target = match ctx.store.target_exam() {
        Ok(t) => t.filter(|id| ctx.bank.exam(id).is_some()),
        Err(e) => {
            ctx.warn(format!("could not read the target exam: {e}"));
            None
        }
    };
    // The target exam leads the list: it is the one the learner studies for.
    if let Some(t) = &s.target {
        s.exams.sort_by_key(|e| e.id != *t);
    }
    let labs = lab_progress(ctx.bank.labs(), &played);
    let target = s.target.as_deref().and_then(|id| {
        let exam = ctx.bank.exam(id)?;
        let progress = s.exams.iter().find(|e| e.id == id)?;
        Some((exam, progress))
    });
    // Only the curriculum's labs: one played from a file is not the next thing to do.
    s.next = Some(next_step(s.due, &labs[..ctx.bank.labs().len()], target));
    s
}

/// The next-thing line, then the panels.
fn next_row(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body)
}

/// `n  Next: ...`: the key first, so it shows however narrow the terminal.
fn next_line(next: &NextStep, ctx: &Ctx) -> Line<'static> {
    let theme = &ctx.theme;
    let (key, what) = match next {
        NextStep::Review { due } => (
            "n",
            format!(
                "review the {due} question{} due now (spaced review)",
                if *due == 1 { "" } else { "s" }
            ),
        ),
        NextStep::Lab { id, title, started } => {
            let first = ctx.bank.labs().first().is_some_and(|l| l.id == *id);
            let how = match (started, first) {
                (true, _) => "go on with the lab",
                (false, true) => "start here, the lab",
                (false, false) => "the next lab,",
            };
            ("n", format!("{how} {title}"))
        }
        NextStep::Drill {
            exam,
            domain,
            title,
        } => (
            "n",
            format!("drill {exam} domain {domain}, your weakest: {title}"),
        ),
        NextStep::ChooseExam => ("e", "choose the exam you prepare for".to_owned()),
    };
    Line::from(vec![
        Span::styled(format!(" {key} "), theme.selected),
        Span::styled(" Next: ", theme.title),
        Span::styled(what, theme.text),
    ])
}

fn columns(body: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Length(36), Constraint::Min(0)]).areas(body)
}

/// The menu, then a description of the selected entry.
fn menu_rows(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(area)
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

impl Screen for Home {
    fn title(&self) -> String {
        "Home".to_owned()
    }

    fn scope(&self) -> Scope {
        Scope::Home
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [next, panels] = next_row(area);
        if let Some(step) = &self.summary.next {
            frame.render_widget(Paragraph::new(next_line(step, ctx)), next);
        }
        let [left, right] = columns(panels);
        frame.render_widget(panel("Start", theme), left);
        let [menu, about] = menu_rows(inner(left));
        render_menu(frame, menu, &self.items(), self.menu, theme);
        let (_, what) = ENTRIES[self.menu.selected.min(ENTRIES.len() - 1)];
        let about_text = vec![
            Line::from(Span::styled(what, theme.muted)),
            Line::raw(""),
            Line::from(vec![
                Span::styled("↑↓", theme.accent),
                Span::styled(" choose  ", theme.muted),
                Span::styled("Enter", theme.accent),
                Span::styled(" open  ", theme.muted),
                Span::styled("1-7", theme.accent),
                Span::styled(" jump", theme.muted),
            ]),
        ];
        frame.render_widget(Paragraph::new(about_text).wrap(Wrap { trim: true }), about);
        render_summary(frame, right, &self.summary, theme);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        match action {
            Action::ChooseExam => {
                return Outcome::Push(Box::new(Welcome::new(Purpose::Change, ctx)));
            }
            Action::Next => return self.do_next(ctx),
            _ => {}
        }
        let area = Home::menu_area(ctx.body);
        match self.menu.handle(action, ENTRIES.len(), area) {
            MenuEvent::Ignored => Outcome::Ignored,
            MenuEvent::Moved => Outcome::Changed,
            MenuEvent::Chosen(i) => {
                let target = match i {
                    0 => Target::Labs,
                    1 => Target::Quiz,
                    2 => Target::Exam,
                    3 => Target::Review,
                    4 => Target::Sandbox {
                        scenario: Scenario::CreditRisk,
                        seed: ctx.seed,
                        timeline: crate::world::timeline::Schedule::default(),
                    },
                    5 => Target::Progress,
                    _ => {
                        ctx.tell("? opens this on any screen, with that screen's own keys.");
                        return Outcome::Help;
                    }
                };
                match open(&target, ctx) {
                    Ok(screen) => Outcome::Push(screen),
                    Err(why) => {
                        ctx.warn(why);
                        Outcome::Changed
                    }
                }
            }
        }
    }

    fn resumed(&mut self, ctx: &mut Ctx) {
        self.summary = summary(ctx);
    }
}

fn render_summary(frame: &mut Frame, area: Rect, s: &Summary, theme: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled(
            "Estimated exam score, weighted by the blueprint (95% interval), from first attempts in practice and exams:",
            theme.muted,
        )),
        Line::raw(""),
    ];
    lines.insert(0, Line::raw(""));
    lines.insert(
        0,
        Line::from(match &s.target {
            Some(t) => vec![
                Span::styled("Target exam: ", theme.muted),
                Span::styled(t.clone(), theme.text),
                Span::styled(" · ", theme.muted),
                Span::styled("e", theme.accent),
                Span::styled(" changes it", theme.muted),
            ],
            None => vec![
                Span::styled("No target exam · ", theme.muted),
                Span::styled("e", theme.accent),
                Span::styled(" chooses one", theme.muted),
            ],
        }),
    );
    let id_width = s.exams.iter().map(|e| e.id.len()).max().unwrap_or(0);
    for e in &s.exams {
        let mut line = readiness_line(e, theme);
        line.spans
            .insert(0, Span::styled(format!("{:<id_width$} ", e.id), theme.text));
        lines.push(line);
    }
    if s.exams.is_empty() {
        lines.push(Line::from(Span::styled(
            "No exams in the catalog.",
            theme.muted,
        )));
    }
    lines.push(Line::raw(""));
    let due = if s.due == 0 {
        Span::styled("✓ Nothing due for review", theme.good)
    } else {
        Span::styled(format!("● {} questions due for review", s.due), theme.warn)
    };
    lines.push(Line::from(due));
    if let Some(r) = &s.resume {
        lines.push(Line::from(vec![
            Span::styled("▸ Resume lab: ", theme.accent),
            Span::styled(
                format!("{} (step {} of {})", r.title, r.passed + 1, r.steps),
                theme.text,
            ),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel("Readiness", theme)),
        area,
    );
}

/// `  ███████░░░ 68% [58-77] ~ borderline` or
/// `  ○ not enough evidence: 12/60 · 3 domains short` (first attempts, as the header says).
fn readiness_line(e: &ExamProgress, theme: &Theme) -> Line<'static> {
    match &e.readiness {
        Readiness::Estimate {
            estimate,
            low,
            high,
            verdict,
            ..
        } => {
            let filled = (estimate * 10.0).round().clamp(0.0, 10.0) as usize;
            let (mark, style) = match *verdict {
                "likely_pass" => ("✓", theme.good),
                "unlikely_pass" => ("✗", theme.bad),
                _ => ("~", theme.warn),
            };
            Line::from(vec![
                Span::styled(
                    format!("{}{} ", "█".repeat(filled), "░".repeat(10 - filled)),
                    style,
                ),
                Span::styled(
                    format!(
                        "{:>3.0}% [{:.0}-{:.0}] {mark} {}",
                        estimate * 100.0,
                        low * 100.0,
                        high * 100.0,
                        verdict.replace('_', " ")
                    ),
                    theme.text,
                ),
            ])
        }
        Readiness::NotEnoughData {
            questions,
            needed,
            short_domains,
            ..
        } => {
            let short = match short_domains.len() {
                0 => String::new(),
                1 => " · 1 domain short".to_owned(),
                n => format!(" · {n} domains short"),
            };
            Line::from(Span::styled(
                format!("○ not enough evidence: {questions}/{needed}{short}"),
                theme.muted,
            ))
        }
    }
}
