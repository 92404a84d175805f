//! The pipeline view: the DAG ingest → … → monitor as boxes with arrows, each step's state in
//! the selected run (✓ ≡ ↻ ✗ ⊘ ○), the trigger, the retry policies, the runs table and what each
//! step of the selected run did.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::ViewState;
use super::common::{duration, first_row, fit, teach, when};
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::pipeline::{
    Pipeline, PipelineRun, RetryPolicy, StepName, StepRecord, StepState, Trigger,
};

const BOX_W: u16 = 12;
const BOX_H: u16 = 4;
const ARROW_W: u16 = 2;

/// Runs the table lists (and the DAG can show), newest first.
pub(super) fn rows(world: &World) -> usize {
    world.pipeline().runs.len()
}

/// The run selected: newest first, so row 0 is the latest run.
fn selected<'a>(p: &'a Pipeline, state: &ViewState) -> Option<&'a PipelineRun> {
    let i = usize::from(state.scroll).min(p.runs.len().saturating_sub(1));
    p.runs.iter().rev().nth(i)
}

/// The symbol, short word and style of a step's state (shape first: meaning never by colour).
fn look(rec: Option<&StepRecord>, t: &Theme) -> (&'static str, String, Style) {
    let Some(r) = rec else {
        return ("○", "not run".into(), t.muted);
    };
    match r.state {
        StepState::Succeeded if r.attempts > 1 => ("✓", format!("↻ {} tries", r.attempts), t.good),
        StepState::Succeeded => ("✓", "succeeded".into(), t.good),
        StepState::Cached => ("≡", "cache hit".into(), t.info),
        StepState::Failed => (
            "✗",
            if r.attempts > 1 {
                format!("✗ {} tries", r.attempts)
            } else {
                "failed".into()
            },
            t.bad,
        ),
        StepState::UpForRetry => ("↻", format!("retry {}", r.attempts + 1), t.warn),
        StepState::Running => ("▸", "running".into(), t.warn),
        StepState::Skipped => ("⊘", "skipped".into(), t.muted),
        StepState::UpstreamFailed => ("⊘", "upstream ✗".into(), t.muted),
        StepState::Pending => ("○", "pending".into(), t.muted),
    }
}

/// Boxes per DAG row that fit in `width`, and how many rows the DAG needs.
fn dag_shape(width: u16) -> (usize, u16) {
    let per_row = usize::from((width + ARROW_W) / (BOX_W + ARROW_W)).max(1);
    let rows = StepName::ALL.len().div_ceil(per_row);
    (per_row, u16::try_from(rows).unwrap_or(9))
}

struct Areas {
    header: Rect,
    dag: Rect,
    policy: Rect,
    runs: Rect,
    steps: Rect,
    boxes: bool,
}

fn areas(body: Rect, p: &Pipeline) -> Areas {
    let (_, dag_rows) = dag_shape(body.width);
    let boxes = dag_rows <= 2;
    let dag_h = if boxes { dag_rows * BOX_H } else { 9 };
    let runs_h = (u16::try_from(p.runs.len()).unwrap_or(99) + 1).clamp(2, 8);
    let [header, dag, policy, runs, steps] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(dag_h),
        Constraint::Length(1),
        Constraint::Length(runs_h),
        Constraint::Min(0),
    ])
    .areas(body);
    Areas {
        header,
        dag,
        policy,
        runs,
        steps,
        boxes,
    }
}

/// The run under a click in the runs table (row 0: the newest).
pub(super) fn row_at(body: Rect, world: &World, state: &ViewState, row: u16) -> Option<usize> {
    let p = world.pipeline();
    let a = areas(body, p);
    if row <= a.runs.y || row >= a.runs.y + a.runs.height {
        return None;
    }
    let height = usize::from(a.runs.height - 1);
    let first = first_row(usize::from(state.scroll), p.runs.len(), height);
    let i = first + usize::from(row - a.runs.y - 1);
    (i < p.runs.len()).then_some(i)
}

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    let p = world.pipeline();
    let Some(spec) = &p.spec else {
        teach(
            frame,
            body,
            t,
            "No pipeline defined yet.",
            &[
                "`set_pipeline` defines the DAG ingest → validate → features → train → evaluate → gate → register → deploy → monitor; `run_pipeline` runs it (type it in the console: `:`).",
                "`set_retries` and `set_trigger` set Airflow-style retries and what starts a run (manual, a schedule, a drift alert).",
            ],
        );
        return;
    };
    let a = areas(body, p);
    let run = selected(p, state);
    let trigger = match p.trigger {
        Trigger::Schedule { every_days } => format!("schedule every {every_days} day(s)"),
        other => other.name().to_owned(),
    };
    let head = Line::from(vec![
        Span::styled(format!("{} ", spec.name), t.title),
        Span::styled(
            format!(
                "· trigger {trigger} · caching {} · {} cached output(s)",
                if spec.caching { "on" } else { "off" },
                p.cache_len()
            ),
            t.muted,
        ),
    ]);
    frame.render_widget(Paragraph::new(head), a.header);
    if a.boxes {
        render_boxes(frame, a.dag, run, t);
    } else {
        render_list(frame, a.dag, run, t);
    }
    frame.render_widget(
        Paragraph::new(Line::from(policy_spans(p, a.policy.width, t))),
        a.policy,
    );
    render_runs(frame, a.runs, p, state, t);
    if let Some(run) = run {
        render_steps(frame, a.steps, run, t);
    }
}

fn render_boxes(frame: &mut Frame, area: Rect, run: Option<&PipelineRun>, t: &Theme) {
    let (per_row, _) = dag_shape(area.width);
    for (i, step) in StepName::ALL.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let x = area.x + u16::try_from(col).unwrap_or(0) * (BOX_W + ARROW_W) + ARROW_W;
        let y = area.y + u16::try_from(row).unwrap_or(0) * BOX_H;
        if x + BOX_W > area.x + area.width + ARROW_W || y + BOX_H > area.y + area.height {
            continue;
        }
        let rec = run.and_then(|r| r.step(*step));
        let (sym, word, style) = look(rec, t);
        if i > 0 {
            let arrow = Rect::new(x - ARROW_W, y + 1, ARROW_W, 1);
            frame.render_widget(Paragraph::new(Span::styled("─▶", t.border)), arrow);
        }
        let b = Block::default().borders(Borders::ALL).border_style(style);
        let cell = Rect::new(x, y, BOX_W.min(area.x + area.width - x), BOX_H);
        let text = vec![
            Line::from(Span::styled(format!("{sym} {}", step.name()), style)),
            Line::from(Span::styled(fit(&word, 10), t.muted)),
        ];
        frame.render_widget(Paragraph::new(text).block(b), cell);
    }
}

/// The DAG as a list, for panes too narrow for boxes.
fn render_list(frame: &mut Frame, area: Rect, run: Option<&PipelineRun>, t: &Theme) {
    let lines: Vec<Line> = StepName::ALL
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let (sym, word, style) = look(run.and_then(|r| r.step(*step)), t);
            Line::from(vec![
                Span::styled(if i == 0 { "  " } else { "▶ " }, t.border),
                Span::styled(format!("{sym} {:<9}", step.name()), style),
                Span::styled(word, t.muted),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn policy_text(r: RetryPolicy) -> String {
    let mut s = format!(
        "{} retr{} every {}",
        r.retries,
        if r.retries == 1 { "y" } else { "ies" },
        duration(r.retry_delay)
    );
    if r.exponential_backoff {
        s.push_str(", backoff");
        if let Some(m) = r.max_retry_delay {
            let _ = write!(s, " ≤ {}", duration(m));
        }
    }
    s
}

fn policy_spans(p: &Pipeline, width: u16, t: &Theme) -> Vec<Span<'static>> {
    let mut text = format!("retries: default {}", policy_text(p.default_retry));
    for (step, r) in &p.retries {
        let _ = write!(text, " · {} {}", step.name(), policy_text(*r));
    }
    for (step, n) in p.faults.iter().filter(|(_, n)| **n > 0) {
        let _ = write!(text, " · {} will fail ×{n}", step.name());
    }
    vec![Span::styled(fit(&text, usize::from(width)), t.muted)]
}

fn render_runs(frame: &mut Frame, area: Rect, p: &Pipeline, state: &ViewState, t: &Theme) {
    if p.runs.is_empty() {
        teach(
            frame,
            area,
            t,
            "No run yet.",
            &["`run_pipeline` starts one (type it in the console: `:`)."],
        );
        return;
    }
    let sel = usize::from(state.scroll).min(p.runs.len() - 1);
    let height = usize::from(area.height.saturating_sub(1));
    let first = first_row(sel, p.runs.len(), height);
    let rows = p
        .runs
        .iter()
        .rev()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            let count = |s: StepState| r.steps.iter().filter(|x| x.state == s).count();
            let (mark, style) = if r.succeeded {
                ("✓ ok", t.good)
            } else {
                ("✗ failed", t.bad)
            };
            let row = Row::new(vec![
                Cell::from(format!("{}#{}", if i == sel { "▸" } else { " " }, r.number)),
                Cell::from(r.trigger.clone()),
                Cell::from(when(r.started)),
                Cell::from(duration(r.finished - r.started)),
                Cell::from(Span::styled(mark, style)),
                Cell::from(format!(
                    "{}✓ {}≡ {}✗",
                    count(StepState::Succeeded),
                    count(StepState::Cached),
                    count(StepState::Failed)
                )),
            ]);
            if i == sel {
                row.style(t.selected)
            } else {
                row.style(t.text)
            }
        });
    let widths = [
        Constraint::Length(5),
        Constraint::Length(11),
        Constraint::Length(13),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Min(10),
    ];
    let header = Row::new(["run", "trigger", "started", "took", "result", "steps"]).style(t.title);
    frame.render_widget(Table::new(rows, widths).header(header), area);
}

fn render_steps(frame: &mut Frame, area: Rect, run: &PipelineRun, t: &Theme) {
    if area.height < 2 {
        return;
    }
    let mut lines = vec![Line::from(Span::styled(
        format!("run #{} step by step", run.number),
        t.title,
    ))];
    for r in &run.steps {
        let (sym, _, style) = look(Some(r), t);
        let key = r
            .cache_key
            .as_deref()
            .map(|k| format!(" [key {}]", fit(k, 10)))
            .unwrap_or_default();
        let room = usize::from(area.width).saturating_sub(12);
        lines.push(Line::from(vec![
            Span::styled(format!("{sym} {:<9} ", r.step.name()), style),
            Span::styled(fit(&format!("{}{key}", r.detail), room), t.text),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
