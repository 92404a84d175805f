//! The training view: the runs table (sortable, filtered with `MLflow`'s search grammar through
//! the World's own tracking search), the ROC curve of the selected run against the diagonal,
//! and the selected run's params, metrics and inputs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Cell, Chart, Dataset, GraphType, LegendPosition, Paragraph, Row, Table, Wrap,
};

use super::ViewState;
use super::common::{block, duration, elide_middle, first_row, fit, inner, num, teach};
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::tracking::{MAX_RESULTS, RunStatus, RunSummary};

/// The sortable columns: (header, `MLflow` `order_by` key).
pub const SORT_COLUMNS: [(&str, &str); 7] = [
    ("started", "attributes.start_time"),
    ("acc", "metrics.test_accuracy"),
    ("prec", "metrics.test_precision"),
    ("rec", "metrics.test_recall"),
    ("F1", "metrics.test_f1"),
    ("AUC", "metrics.test_auc"),
    ("loss", "metrics.test_log_loss"),
];

/// How the runs table is sorted: a column of [`SORT_COLUMNS`] and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSort {
    /// Index into [`SORT_COLUMNS`].
    pub column: usize,
    /// Largest (or newest) first.
    pub descending: bool,
}

impl Default for RunSort {
    /// Newest first, as `MLflow` lists runs.
    fn default() -> Self {
        RunSort {
            column: 0,
            descending: true,
        }
    }
}

impl RunSort {
    /// The next sort: the other direction, then the next column largest first.
    #[must_use]
    pub fn next(self) -> RunSort {
        if self.descending {
            RunSort {
                descending: false,
                ..self
            }
        } else {
            RunSort {
                column: (self.column + 1) % SORT_COLUMNS.len(),
                descending: true,
            }
        }
    }

    /// The `MLflow` `order_by` clause, e.g. `metrics.test_auc DESC`.
    pub fn order_by(self) -> String {
        let key = SORT_COLUMNS[self.column % SORT_COLUMNS.len()].1;
        format!("{key} {}", if self.descending { "DESC" } else { "ASC" })
    }
}

/// The runs the table shows: the applied filter and the sort, through the tracking search.
pub(super) fn shown_runs(world: &World, state: &ViewState) -> Vec<RunSummary> {
    let order = [state.sort.order_by()];
    world
        .tracking()
        .search(&state.search.applied, &order, MAX_RESULTS)
        // The applied filter parsed when it was applied; fall back to every run regardless.
        .or_else(|_| world.tracking().search("", &order, MAX_RESULTS))
        .unwrap_or_default()
}

/// Rows of the table area: the search line, the error line when there is one, then the table.
struct Areas {
    search: Rect,
    table: Rect,
    bottom: Rect,
}

fn areas(body: Rect, state: &ViewState, runs: usize) -> Areas {
    let top = 1 + u16::from(state.search.error.is_some());
    let rest = body.height.saturating_sub(top);
    // Table: header plus the runs, at most half of what is left (the chart needs room).
    let want = u16::try_from(runs).unwrap_or(u16::MAX).saturating_add(1);
    let table_h = want.min((rest / 2).max(4)).min(rest);
    let [search, table, bottom] = Layout::vertical([
        Constraint::Length(top),
        Constraint::Length(table_h),
        Constraint::Min(0),
    ])
    .areas(body);
    Areas {
        search,
        table,
        bottom,
    }
}

/// The run under a click in the table, as an index into the shown runs.
pub(super) fn row_at(body: Rect, world: &World, state: &ViewState, row: u16) -> Option<usize> {
    let runs = shown_runs(world, state);
    let a = areas(body, state, runs.len());
    if row <= a.table.y || row >= a.table.y + a.table.height {
        return None;
    }
    let height = usize::from(a.table.height.saturating_sub(1));
    let first = first_row(usize::from(state.scroll), runs.len(), height);
    let i = first + usize::from(row - a.table.y - 1);
    (i < runs.len()).then_some(i)
}

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    if world.tracking().runs.is_empty() {
        teach(
            frame,
            body,
            t,
            "No runs yet.",
            &[
                "A `train` command creates one (type it in the console: `:`); a `sweep` creates one per combination.",
                "Each run logs its params, the validation learning curve and test metrics, as MLflow does.",
            ],
        );
        return;
    }
    let runs = shown_runs(world, state);
    let a = areas(body, state, runs.len());
    render_search(frame, a.search, state, runs.len(), world, t);
    let selected = usize::from(state.scroll).min(runs.len().saturating_sub(1));
    render_table(frame, a.table, &runs, selected, state, t);
    let Some(run) = runs.get(selected) else {
        teach(
            frame,
            a.bottom,
            t,
            "No run matches the filter.",
            &["Press / to change it; an empty filter shows every run."],
        );
        return;
    };
    if a.bottom.width >= 70 {
        let [chart, detail] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(a.bottom);
        render_roc(frame, chart, world, run, t);
        render_detail(frame, detail, run, t);
    } else {
        render_roc(frame, a.bottom, world, run, t);
    }
}

fn render_search(
    frame: &mut Frame,
    area: Rect,
    state: &ViewState,
    shown: usize,
    world: &World,
    t: &Theme,
) {
    let s = &state.search;
    let width = usize::from(area.width);
    let line = if s.editing {
        Line::from(vec![
            Span::styled("/ ", t.accent),
            Span::styled(format!("{}▏", s.text), t.text),
            Span::styled("  Enter apply · Esc close", t.muted),
        ])
    } else {
        let filter = if s.applied.is_empty() {
            "every run".to_owned()
        } else {
            s.applied.clone()
        };
        Line::from(vec![
            Span::styled("filter ", t.muted),
            Span::styled(filter, t.text),
            Span::styled(
                format!(
                    " ({shown} of {}) · sort {} · / search · s sort",
                    world.tracking().runs.len(),
                    state.sort.order_by()
                ),
                t.muted,
            ),
        ])
    };
    let mut lines = vec![line];
    if let Some(e) = &s.error {
        lines.push(Line::from(Span::styled(
            fit(&format!("✗ {e}"), width),
            t.bad,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_table(
    frame: &mut Frame,
    area: Rect,
    runs: &[RunSummary],
    selected: usize,
    state: &ViewState,
    t: &Theme,
) {
    let wide = area.width >= 110;
    // The run column fits the longest id (plus the selection mark) up to a cap; an id longer
    // than that loses its middle, never its number.
    let id_width = runs
        .iter()
        .map(|r| r.run_id.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, 12);
    let mut header = vec!["run".to_owned(), "model".to_owned()];
    if wide {
        header.push("params".to_owned());
    }
    for (i, (name, _)) in SORT_COLUMNS.iter().enumerate().skip(1) {
        let mark = match (state.sort.column == i, state.sort.descending) {
            (true, true) => "▼",
            (true, false) => "▲",
            _ => "",
        };
        header.push(format!("{name}{mark}"));
    }
    header.extend(["time".to_owned(), "status".to_owned()]);
    let height = usize::from(area.height.saturating_sub(1));
    let first = first_row(selected, runs.len(), height);
    let rows = runs
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            let mark = if i == selected { "▸" } else { " " };
            let mut cells = vec![
                Cell::from(format!("{mark}{}", elide_middle(&r.run_id, id_width))),
                Cell::from(r.params.get("model").cloned().unwrap_or_default()),
            ];
            if wide {
                cells.push(Cell::from(params(r)));
            }
            for (_, key) in SORT_COLUMNS.iter().skip(1) {
                let k = key.trim_start_matches("metrics.");
                cells.push(Cell::from(num(r.metrics.get(k).copied())));
            }
            cells.push(Cell::from(
                r.duration_seconds().map(duration).unwrap_or_default(),
            ));
            let (status, style) = status(r.status, t);
            cells.push(Cell::from(Span::styled(status, style)));
            let row = Row::new(cells);
            if i == selected {
                row.style(t.selected)
            } else {
                row.style(t.text)
            }
        });
    let mut widths = vec![
        Constraint::Length(id_width as u16 + 1),
        Constraint::Length(8),
    ];
    if wide {
        widths.push(Constraint::Length(34));
    }
    widths.extend([Constraint::Length(6); 6]);
    widths.extend([Constraint::Length(6), Constraint::Length(10)]);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.title))
        .column_spacing(1);
    frame.render_widget(table, area);
}

fn params(r: &RunSummary) -> String {
    r.params
        .iter()
        .filter(|(k, _)| k.as_str() != "model")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn status(s: RunStatus, t: &Theme) -> (String, Style) {
    match s {
        RunStatus::Finished => ("✓ FINISHED".into(), t.good),
        RunStatus::Running => ("▸ RUNNING".into(), t.warn),
        RunStatus::Failed => ("✗ FAILED".into(), t.bad),
        RunStatus::Killed => ("✗ KILLED".into(), t.bad),
    }
}

fn render_roc(frame: &mut Frame, area: Rect, world: &World, run: &RunSummary, t: &Theme) {
    let title = format!(
        "ROC {} (test AUC {})",
        run.run_id,
        num(run.metrics.get("test_auc").copied())
    );
    let Some(model) = world.models().get(&run.run_id) else {
        let b = block(title, t);
        let msg = Paragraph::new("No fitted model for this run (it failed or is running).")
            .style(t.muted)
            .wrap(Wrap { trim: true });
        frame.render_widget(msg, b.inner(area));
        frame.render_widget(b, area);
        return;
    };
    let curve: Vec<(f64, f64)> = model.outcome.roc.iter().map(|&(f, p, _)| (f, p)).collect();
    let diagonal = [(0.0, 0.0), (1.0, 1.0)];
    let data = vec![
        Dataset::default()
            .name("chance")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.muted)
            .data(&diagonal),
        Dataset::default()
            .name(run.run_id.clone())
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.info)
            .data(&curve),
    ];
    let labels = || vec![Span::raw("0"), Span::raw("0.5"), Span::raw("1")];
    let chart = Chart::new(data)
        .legend_position(Some(LegendPosition::BottomRight))
        .block(block(title, t))
        .x_axis(
            Axis::default()
                .title(Span::styled("FPR", t.muted))
                .bounds([0.0, 1.0])
                .labels(labels())
                .style(t.muted),
        )
        .y_axis(
            Axis::default()
                .title(Span::styled("TPR", t.muted))
                .bounds([0.0, 1.0])
                .labels(labels())
                .style(t.muted),
        );
    frame.render_widget(chart, area);
}

fn render_detail(frame: &mut Frame, area: Rect, run: &RunSummary, t: &Theme) {
    let b = block(format!("{} · {}", run.run_id, run.run_name), t);
    let mut lines = vec![Line::from(vec![
        Span::styled("params ", t.muted),
        Span::styled(
            format!(
                "{} {}",
                run.params.get("model").cloned().unwrap_or_default(),
                params(run)
            ),
            t.text,
        ),
    ])];
    lines.push(Line::from(Span::styled("          val     test", t.muted)));
    for k in ["accuracy", "precision", "recall", "f1", "auc", "log_loss"] {
        let v = run.metrics.get(&format!("val_{k}")).copied();
        let s = run.metrics.get(&format!("test_{k}")).copied();
        lines.push(Line::from(vec![
            Span::styled(format!("{k:<9} "), t.muted),
            Span::styled(format!("{:<7} {}", num(v), num(s)), t.text),
        ]));
    }
    let views: Vec<String> = run
        .feature_views
        .iter()
        .map(|(v, n)| format!("{v} v{n}"))
        .collect();
    lines.push(Line::from(vec![
        Span::styled("dataset ", t.muted),
        Span::styled(run.dataset_digest.clone(), t.text),
    ]));
    lines.push(Line::from(vec![
        Span::styled("views ", t.muted),
        Span::styled(views.join(", "), t.text),
    ]));
    lines.push(Line::from(vec![
        Span::styled("code ", t.muted),
        Span::styled(run.code_version.clone(), t.text),
    ]));
    for (k, v) in run.tags.iter().filter(|(k, _)| !k.starts_with("mlflow.")) {
        lines.push(Line::from(vec![
            Span::styled(format!("tag {k} "), t.muted),
            Span::styled(v.clone(), t.text),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner(area));
    frame.render_widget(b, area);
}
