//! The question being answered: where it sits in the session (position, answered and flagged
//! counts, the exam countdown), the case study and scenario, the prompt, the options with the
//! learner's picks, and in practice modes the feedback once answered. Built as a [`Doc`] so
//! clicks map to the option drawn under them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::document::{Doc, Hit};
use super::picks::{Kind, Picks};
use crate::content::QuestionKind;
use crate::quiz::answer::letter;
use crate::quiz::feedback::{Detail, Feedback};
use crate::quiz::{Item, Mode, Session};
use crate::tui::theme::Theme;

/// Below this many seconds the countdown turns to the warning style.
pub const WARN_SECONDS: f64 = 300.0;

/// The widest the question text runs, so long lines stay readable on a wide terminal.
const MAX_TEXT_WIDTH: u16 = 110;

/// Status line, the scrolling question, and the line saying what to do next.
pub fn areas(body: Rect) -> [Rect; 3] {
    let inner = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2).min(MAX_TEXT_WIDTH),
        ..body
    };
    Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner)
}

/// `12:05` from seconds.
pub fn clock_text(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// What a question screen shows besides the session itself.
pub struct View<'a> {
    /// The picks not yet submitted.
    pub picks: &'a Picks,
    /// Feedback on the answer just given (practice modes).
    pub feedback: Option<&'a Feedback>,
    /// The title of the lab that shows the concept, when the question names one.
    pub lab: Option<&'a str>,
    /// The theme.
    pub theme: &'a Theme,
}

/// The session's position and counts, and the countdown in exam mode.
pub fn render_status(
    frame: &mut Frame,
    area: Rect,
    session: &Session,
    seconds_left: Option<f64>,
    theme: &Theme,
) {
    let n = session.items().len();
    let item = session.current();
    let flagged = session.items().iter().filter(|i| i.flagged).count();
    let mut left = vec![Span::styled(
        format!("Question {} of {n}", session.position() + 1),
        theme.title,
    )];
    let mut what = vec![session.mode().as_str().to_owned()];
    if let Some(exam) = session.exam() {
        what.push(exam.to_owned());
    }
    left.push(Span::styled(format!("  {}", what.join(" · ")), theme.muted));
    let mut right = vec![Span::styled(
        format!("answered {}/{n}", session.answered_count()),
        theme.text,
    )];
    if session.mode() == Mode::Exam {
        right.push(Span::styled(format!("  ⚑ {flagged} flagged"), theme.warn));
    }
    if let Some(s) = seconds_left {
        let style = if s < WARN_SECONDS {
            theme.warn.add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            theme.info
        };
        let warn = if s < WARN_SECONDS { " ⚠" } else { "" };
        right.push(Span::raw("  "));
        right.push(Span::styled(
            format!("⏱ {} left{warn}", clock_text(s)),
            style,
        ));
    }
    let mut marks = Vec::new();
    if item.flagged {
        marks.push(Span::styled("⚑ flagged  ", theme.warn));
    }
    if session.mode() == Mode::Exam && item.answer.is_some() {
        marks.push(Span::styled("● answered (you may change it)", theme.good));
    }
    let [top, bottom] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), top);
    frame.render_widget(
        Paragraph::new(Line::from(right)).alignment(ratatui::layout::Alignment::Right),
        top,
    );
    frame.render_widget(Paragraph::new(Line::from(marks)), bottom);
}

/// The case study, the question's scenario and its prompt with what to choose: the block the
/// practice screen and the class quiz share.
pub fn prompt(doc: &mut Doc, item: &Item, theme: &Theme) {
    if let Some((title, scenario)) = &item.case_scenario {
        doc.text(&format!("Case study: {title}"), theme.title);
        doc.text(scenario, theme.muted);
        doc.blank();
    }
    let q = &item.question;
    if !q.scenario.trim().is_empty() {
        doc.text(q.scenario.trim(), theme.text);
        doc.blank();
    }
    let qualifier = match &q.kind {
        QuestionKind::Single { .. } => "(choose one)".to_owned(),
        QuestionKind::Multi { choose, .. } => format!("(choose {choose})"),
        QuestionKind::Order { .. } => "(put the steps in order, first step first)".to_owned(),
        QuestionKind::Match { .. } => "(pair each item with a letter)".to_owned(),
    };
    doc.text(
        &format!("{} {qualifier}", q.prompt.trim()),
        theme.text.add_modifier(Modifier::BOLD),
    );
    doc.blank();
}

/// The question, its options with the picks, and the feedback when there is some.
pub fn build(item: &Item, view: &View, width: u16) -> Doc {
    let theme = view.theme;
    let mut doc = Doc::new(width);
    prompt(&mut doc, item, theme);
    options(&mut doc, item, view);
    if let Some(fb) = view.feedback {
        doc.blank();
        feedback(&mut doc, fb, theme);
        if let Some(title) = view.lab {
            doc.blank();
            doc.line(Line::from(vec![
                Span::styled("o", theme.accent),
                Span::styled(
                    format!(": open the lab \"{title}\" that shows this"),
                    theme.text,
                ),
            ]));
        }
    }
    doc
}

fn options(doc: &mut Doc, item: &Item, view: &View) {
    let theme = view.theme;
    let picks = view.picks;
    let locked = view.feedback.is_some();
    let cursor = |d: usize| {
        if d == picks.cursor && !locked {
            Span::styled("▸ ", theme.accent)
        } else {
            Span::raw("  ")
        }
    };
    let style_for = |on: bool| if on { theme.selected } else { theme.text };
    let q = &item.question;
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            for (d, &i) in item.shown.items.iter().enumerate() {
                let on = picks.chosen.contains(&d);
                let mark = match (&picks.kind, on) {
                    (Kind::Single, true) => "(●)",
                    (Kind::Single, false) => "( )",
                    (_, true) => "[x]",
                    (_, false) => "[ ]",
                };
                let prefix = vec![
                    cursor(d),
                    Span::styled(format!("{mark} "), theme.accent),
                    Span::styled(format!("{}) ", d + 1), theme.muted),
                ];
                doc.item(prefix, &options[i].text, style_for(on), Some(Hit::Item(d)));
            }
        }
        QuestionKind::Order { steps } => {
            for (d, &i) in item.shown.items.iter().enumerate() {
                let place = picks.chosen.iter().position(|&c| c == d);
                let mark = place.map_or_else(|| "[ ]".to_owned(), |p| format!("[{}]", p + 1));
                let prefix = vec![
                    cursor(d),
                    Span::styled(format!("{mark} "), theme.accent),
                    Span::styled(format!("{}) ", d + 1), theme.muted),
                ];
                doc.item(
                    prefix,
                    &steps[i].text,
                    style_for(place.is_some()),
                    Some(Hit::Item(d)),
                );
            }
            let seq: Vec<String> = picks.chosen.iter().map(|d| (d + 1).to_string()).collect();
            doc.blank();
            let shown = if seq.is_empty() {
                "nothing yet".to_owned()
            } else {
                seq.join(" → ")
            };
            doc.text(&format!("Your order: {shown}"), theme.info);
        }
        QuestionKind::Match { pairs } => {
            for (d, &i) in item.shown.items.iter().enumerate() {
                let with = picks
                    .letter_of(d)
                    .map_or_else(|| "→ ?".to_owned(), |c| format!("→ {c}"));
                let prefix = vec![cursor(d), Span::styled(format!("{}) ", d + 1), theme.muted)];
                doc.item(
                    prefix,
                    &format!("{}  {with}", pairs[i].left),
                    style_for(picks.pairs[d].is_some()),
                    Some(Hit::Item(d)),
                );
            }
            doc.blank();
            doc.text("with:", theme.muted);
            for (r, &i) in item.shown.rights.iter().enumerate() {
                let by: Vec<String> = picks
                    .pairs
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p == Some(r))
                    .map(|(l, _)| (l + 1).to_string())
                    .collect();
                let note = if by.is_empty() {
                    String::new()
                } else {
                    format!("  (paired with {})", by.join(", "))
                };
                let prefix = vec![Span::styled(format!("    {}) ", letter(r)), theme.accent)];
                doc.item(
                    prefix,
                    &format!("{}{note}", pairs[i].right),
                    style_for(!by.is_empty()),
                    Some(Hit::Right(r)),
                );
            }
        }
    }
}

fn mark(ok: bool, theme: &Theme) -> Span<'static> {
    if ok {
        Span::styled("✓ ", theme.good)
    } else {
        Span::styled("✗ ", theme.bad)
    }
}

/// The verdict, the right answer, every option's `why`, the explanation and the references.
pub fn feedback(doc: &mut Doc, fb: &Feedback, theme: &Theme) {
    let verdict = match (fb.answered, fb.correct) {
        (false, _) => Span::styled("– Not answered.", theme.muted),
        (true, true) => Span::styled("✓ Right.", theme.good.add_modifier(Modifier::BOLD)),
        (true, false) => Span::styled("✗ Not right.", theme.bad.add_modifier(Modifier::BOLD)),
    };
    doc.line(Line::from(verdict));
    answer_detail(doc, fb, theme);
}

/// The right answer, every option's `why`, the explanation and the references, without a
/// verdict (class mode reveals the key to a room that gave no answer). Steps and pairs carry a
/// ✓ or ✗ only when there was an answer to mark.
pub fn answer_detail(doc: &mut Doc, fb: &Feedback, theme: &Theme) {
    let mark_given = |ok: bool| {
        if fb.answered {
            mark(ok, theme)
        } else {
            Span::raw("• ")
        }
    };
    let why_style = theme.muted;
    let indent = || vec![Span::raw("      ")];
    match &fb.detail {
        Detail::Choices(options) => {
            let right: Vec<String> = options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.number.to_string())
                .collect();
            doc.text(&format!("The answer: {}", right.join(", ")), theme.text);
            for o in options {
                let pick = if o.picked { "  (your pick)" } else { "" };
                doc.item(
                    vec![
                        Span::raw("  "),
                        mark(o.correct, theme),
                        Span::styled(format!("{}) ", o.number), theme.muted),
                    ],
                    &format!("{}{pick}", o.text),
                    if o.picked { theme.selected } else { theme.text },
                    None,
                );
                doc.item(indent(), &o.why, why_style, None);
            }
        }
        Detail::Order(steps) => {
            let mut by_place: Vec<_> = steps.iter().collect();
            by_place.sort_by_key(|s| s.position);
            let right: Vec<String> = by_place.iter().map(|s| s.number.to_string()).collect();
            doc.text(&format!("The answer: {}", right.join(" → ")), theme.text);
            for s in by_place {
                let given = s
                    .given
                    .map(|g| format!("  (you put it at {g})"))
                    .unwrap_or_default();
                doc.item(
                    vec![
                        Span::raw("  "),
                        mark_given(s.given == Some(s.position)),
                        Span::styled(format!("step {}: {}) ", s.position, s.number), theme.muted),
                    ],
                    &format!("{}{given}", s.text),
                    theme.text,
                    None,
                );
                doc.item(indent(), &s.why, why_style, None);
            }
        }
        Detail::Match(pairs) => {
            let right: Vec<String> = pairs
                .iter()
                .map(|p| format!("{}{}", p.number, p.right.0))
                .collect();
            doc.text(&format!("The answer: {}", right.join(" ")), theme.text);
            for p in pairs {
                let given = match &p.given {
                    Some(g) if g != &p.right => format!("  (you chose {}) {})", g.0, g.1),
                    _ => String::new(),
                };
                doc.item(
                    vec![
                        Span::raw("  "),
                        mark_given(p.given.as_ref() == Some(&p.right)),
                        Span::styled(format!("{}) ", p.number), theme.muted),
                    ],
                    &format!("{} → {}) {}{given}", p.left, p.right.0, p.right.1),
                    theme.text,
                    None,
                );
            }
        }
    }
    doc.blank();
    doc.item(
        vec![Span::styled("Why: ", theme.accent)],
        fb.explanation.trim(),
        theme.text,
        None,
    );
    if !fb.references.is_empty() {
        doc.item(
            vec![Span::styled("See: ", theme.accent)],
            &fb.references.join(" "),
            theme.muted,
            None,
        );
    }
}

/// The lines under the question: what the keys do right now, and more keys.
pub fn render_hint(frame: &mut Frame, area: Rect, main: &str, extra: Option<&str>, theme: &Theme) {
    let [top, bottom] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(main.to_owned(), theme.info))),
        top,
    );
    if let Some(extra) = extra {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(extra.to_owned(), theme.muted))),
            bottom,
        );
    }
}

/// `▼ more below` at the right of the status area's second line, when the page continues.
pub fn render_more(frame: &mut Frame, status: Rect, more_below: bool, theme: &Theme) {
    if !more_below || status.height < 2 {
        return;
    }
    let line = Rect {
        y: status.y + 1,
        height: 1,
        ..status
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            "▼ more below: PgDn / wheel",
            theme.accent,
        )))
        .alignment(ratatui::layout::Alignment::Right),
        line,
    );
}
