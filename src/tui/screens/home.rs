//! Home: the menu, readiness per exam at a glance, what is due for review, and the lab to
//! resume. Figures are read from the store when the screen opens and whenever the learner comes
//! back to it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::data::scenario::Scenario;
use crate::quiz::{ExamProgress, Readiness, exam_progress};
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
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

    fn menu_area(body: Rect) -> Rect {
        let [left, _] = columns(body);
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
    s
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
        Scope::Menu
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [left, right] = columns(area);
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
