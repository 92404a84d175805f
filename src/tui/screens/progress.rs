//! Progress: per exam ([ ] or a click on its tab; the learner's target exam shown first),
//! readiness with its interval and verdict (or which domains need how many more first attempts),
//! a bar per domain with the first attempts readiness counts, answers and accuracy per day (the
//! learner's days) as a chart, and the spaced-review forecast. Everything is read from the store
//! when the screen opens.

mod forecast;
mod labs;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Borders, Paragraph, Wrap};

pub use forecast::Forecast;

use crate::quiz::readiness::MIN_DOMAIN_ANSWERS;
use crate::quiz::readiness_text;
use crate::quiz::{ExamProgress, Readiness, exam_progress};
use crate::tui::action::Action;
use crate::tui::context::Ctx;
use crate::tui::keymap::Scope;
use crate::tui::screen::{Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::bar::{bar, percent};
use crate::tui::widgets::wrap::wrap;

/// The progress screen's state.
pub struct ProgressScreen {
    exams: Vec<ExamProgress>,
    labs: Vec<crate::lab::progress::LabProgress>,
    forecasts: Vec<Forecast>,
    selected: usize,
}

impl ProgressScreen {
    /// Reads progress and the review forecast from the store.
    pub fn new(ctx: &mut Ctx) -> ProgressScreen {
        let mut screen = ProgressScreen {
            exams: Vec::new(),
            labs: Vec::new(),
            forecasts: Vec::new(),
            selected: 0,
        };
        screen.reload(ctx);
        // The learner's target exam is the tab shown first.
        if let Some(target) = ctx.store.target_exam().ok().flatten() {
            screen.selected = screen
                .exams
                .iter()
                .position(|e| e.id == target)
                .unwrap_or(0);
        }
        screen
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        match ctx.store.attempts() {
            Ok(attempts) => {
                let mut exams = exam_progress(&ctx.bank, &attempts, ctx.utc_offset);
                // Active exams first: they are what a learner studies for.
                exams.sort_by_key(|e| e.status == "retired");
                self.exams = exams;
            }
            Err(e) => ctx.warn(format!("could not read progress: {e}")),
        }
        match ctx.store.lab_run_summaries() {
            Ok(played) => self.labs = crate::lab::progress::lab_progress(ctx.bank.labs(), &played),
            Err(e) => ctx.warn(format!("could not read lab progress: {e}")),
        }
        self.forecasts = self
            .exams
            .iter()
            .map(|e| Forecast::read(ctx, &e.id))
            .collect();
        self.selected = self.selected.min(self.exams.len().saturating_sub(1));
    }
}

/// Tabs, readiness (its title line and `readiness` wrapped lines), domains, chart, then the
/// forecast and the labs side by side (`labs` lines tall, within reason).
fn areas(body: Rect, domains: usize, readiness: usize, labs: usize) -> [Rect; 6] {
    let inner = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    let domains = u16::try_from(domains).unwrap_or(8) + 1;
    // Short of evidence, the text names every short domain: it gets up to three lines on a
    // small terminal and six on a tall one, the chart giving up the rows.
    let most = if body.height >= 40 { 6 } else { 3 };
    let readiness = u16::try_from(readiness.clamp(1, most)).unwrap_or(1) + 1;
    let bottom = u16::try_from(labs.clamp(3, most + 2)).unwrap_or(3) + 1;
    let [tabs, readiness, domains, trend, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(readiness),
        Constraint::Length(domains),
        Constraint::Min(4),
        Constraint::Length(bottom),
    ])
    .areas(inner);
    let [forecast, labs] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    [tabs, readiness, domains, trend, forecast, labs]
}

/// The readiness sentence wrapped at `width`, behind its mark (✓ ✗ ~ ○).
fn readiness_lines(e: &ExamProgress, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let (mark, style) = match &e.readiness {
        Readiness::Estimate { verdict, .. } => match *verdict {
            "likely_pass" => ("✓ ", theme.good),
            "unlikely_pass" => ("✗ ", theme.bad),
            _ => ("~ ", theme.warn),
        },
        Readiness::NotEnoughData { .. } => ("○ ", theme.muted),
    };
    let text = format!("Readiness: {}", readiness_text(e));
    wrap(
        &text,
        usize::from(width.saturating_sub(2)),
        mark,
        style,
        theme.text,
    )
}

/// Where each exam's tab is drawn on the tab row: `(exam index, first column, width)`. Tabs
/// before the selected one are dropped when the row is too narrow, so the selection shows.
fn tab_layout(exams: &[ExamProgress], selected: usize, area: Rect) -> Vec<(usize, u16, u16)> {
    let label = |e: &ExamProgress| {
        let retired = if e.status == "retired" {
            " (retired)"
        } else {
            ""
        };
        u16::try_from(e.id.chars().count() + retired.len() + 2).unwrap_or(20)
    };
    let mut first = 0;
    loop {
        let width: u16 = exams[first..=selected.min(exams.len() - 1)]
            .iter()
            .map(|e| label(e) + 1)
            .sum();
        if width <= area.width || first >= selected {
            break;
        }
        first += 1;
    }
    let mut out = Vec::new();
    let mut x = area.x;
    for (i, e) in exams.iter().enumerate().skip(first) {
        let w = label(e);
        if x + w > area.x + area.width {
            break;
        }
        out.push((i, x, w));
        x += w + 1;
    }
    out
}

fn panel<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::TOP)
        .border_type(BorderType::Plain)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title))
}

fn render_tabs(frame: &mut Frame, area: Rect, s: &ProgressScreen, theme: &Theme) {
    for (i, x, w) in tab_layout(&s.exams, s.selected, area) {
        let e = &s.exams[i];
        let retired = if e.status == "retired" {
            " (retired)"
        } else {
            ""
        };
        let (text, style) = if i == s.selected {
            (format!("▸{}{retired} ", e.id), theme.selected)
        } else {
            (format!(" {}{retired} ", e.id), theme.muted)
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, style)),
            Rect::new(x, area.y, w, 1),
        );
    }
}

fn render_readiness(frame: &mut Frame, area: Rect, e: &ExamProgress, theme: &Theme) {
    let mut lines = vec![Line::from(vec![
        Span::styled(e.title.clone(), theme.title),
        Span::styled(format!("  pass mark {}%", e.pass_percent), theme.muted),
    ])];
    lines.extend(readiness_lines(e, area.width, theme));
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_domains(frame: &mut Frame, area: Rect, e: &ExamProgress, theme: &Theme) {
    let name_width = usize::from(area.width).saturating_sub(52).clamp(10, 70);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:<name_width$} weight  score       answered correct counted",
            "Domain"
        ),
        theme.accent,
    ))];
    for d in &e.domains {
        let name: String = format!("{} {}", d.id, d.title)
            .chars()
            .take(name_width)
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{name:<name_width$} "), theme.text),
            Span::styled(format!("{:>5}%  ", d.weight), theme.muted),
            Span::styled(bar(d.correct, d.answered, 8), theme.info),
            Span::styled(
                format!(
                    " {:>4} {:>8} {:>7} {:>7}",
                    percent(d.correct, d.answered),
                    d.answered,
                    d.correct,
                    counted(d)
                ),
                theme.text,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// First attempts readiness counts in a domain, with what it needs while short (`4/10`).
fn counted(d: &crate::quiz::score::DomainProgress) -> String {
    if d.weight > 0 && d.counted < MIN_DOMAIN_ANSWERS {
        format!("{}/{MIN_DOMAIN_ANSWERS}", d.counted)
    } else {
        d.counted.to_string()
    }
}

fn render_trend(frame: &mut Frame, area: Rect, e: &ExamProgress, theme: &Theme) {
    let block = panel(
        " Answers per day (bar height), right/answered in the bar ".to_owned(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if e.trend.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "No answers yet for this exam: start a quiz from the home screen.",
                theme.muted,
            )),
            inner,
        );
        return;
    }
    // Bars 5 wide plus a gap: as many recent days as fit.
    let fit = usize::from(inner.width / 6).max(1);
    let bars: Vec<Bar> = e
        .trend
        .iter()
        .rev()
        .take(fit)
        .rev()
        .map(|t| {
            Bar::default()
                .value(u64::from(t.answered))
                .label(Line::from(t.date.get(5..).unwrap_or(&t.date).to_owned()))
                .text_value(format!("{}/{}", t.correct, t.answered))
                .style(theme.info)
                .value_style(theme.info.add_modifier(Modifier::REVERSED))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1)
        .label_style(theme.muted);
    frame.render_widget(chart, inner);
}

fn render_forecast(frame: &mut Frame, area: Rect, f: &Forecast, theme: &Theme) {
    let block = panel(" Spaced review forecast ".to_owned(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(
        Paragraph::new(f.lines(theme)).wrap(Wrap { trim: false }),
        inner,
    );
}

impl Screen for ProgressScreen {
    fn title(&self) -> String {
        "Progress".to_owned()
    }

    fn scope(&self) -> Scope {
        Scope::Progress
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let Some(e) = self.exams.get(self.selected) else {
            frame.render_widget(Paragraph::new("No exams in the catalog."), area);
            return;
        };
        let rows = readiness_lines(e, area.width, theme).len();
        let [tabs, readiness, domains, trend, forecast, labs] =
            areas(area, e.domains.len(), rows, self.labs.len());
        render_tabs(frame, tabs, self, theme);
        render_readiness(frame, readiness, e, theme);
        render_domains(frame, domains, e, theme);
        render_trend(frame, trend, e, theme);
        if let Some(f) = self.forecasts.get(self.selected) {
            render_forecast(frame, forecast, f, theme);
        }
        let block = panel(" Labs ".to_owned(), theme);
        let inner = block.inner(labs);
        frame.render_widget(block, labs);
        frame.render_widget(Paragraph::new(labs::lines(&self.labs, theme)), inner);
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        let n = self.exams.len();
        if n == 0 {
            return Outcome::Ignored;
        }
        match action {
            Action::NextTab | Action::Right => self.selected = (self.selected + 1) % n,
            Action::PrevTab | Action::Left => self.selected = (self.selected + n - 1) % n,
            Action::Click { column, row } => {
                let domains = self.exams[self.selected].domains.len();
                let [tabs, ..] = areas(ctx.body, domains, 1, self.labs.len());
                if row != tabs.y {
                    return Outcome::Ignored;
                }
                let hit = tab_layout(&self.exams, self.selected, tabs)
                    .into_iter()
                    .find(|(_, x, w)| column >= *x && column < x + w);
                match hit {
                    Some((i, _, _)) => self.selected = i,
                    None => return Outcome::Ignored,
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Changed
    }

    fn resumed(&mut self, ctx: &mut Ctx) {
        self.reload(ctx);
    }
}

#[cfg(test)]
mod tests;
