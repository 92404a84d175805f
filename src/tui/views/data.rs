//! The data view: the current table (entity, event time, features, label) scrolled with `↑↓`,
//! and the histogram of the feature chosen with `←`/`→`, with its missing values counted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::ViewState;
use super::common::{block, first_row, fit, inner, teach, when};
use crate::data::table::Table as DataTable;
use crate::tui::theme::Theme;
use crate::tui::widgets::chart::{bar, histogram};
use crate::world::World;

const COL_W: u16 = 10;

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    let Some(data) = world.data() else {
        teach(
            frame,
            body,
            t,
            "No data yet.",
            &[
                "A `generate` command draws the scenario's rows (type it in the console: `:`); `corrupt_data` then breaks a batch on purpose.",
                "Each row is one entity seen at one event time, with its features and the label.",
            ],
        );
        return;
    };
    let feature = state.choice().min(data.columns.len().saturating_sub(1));
    let positives = data.positives();
    let head = Line::from(vec![
        Span::styled(format!("{} rows ", data.n_rows()), t.title),
        Span::styled(
            format!(
                "· {} features · label {} ({:.1}% positive) · ←/→ feature · ↑↓ row",
                data.columns.len(),
                data.label_name,
                100.0 * positives as f64 / data.n_rows().max(1) as f64,
            ),
            t.muted,
        ),
    ]);
    let [header, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
    frame.render_widget(Paragraph::new(fit_line(head, header.width)), header);
    let (table, hist) = if rest.width >= 110 {
        let [a, b] = Layout::horizontal([Constraint::Min(60), Constraint::Length(44)]).areas(rest);
        (a, b)
    } else {
        let [a, b] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
        (a, b)
    };
    render_rows(frame, table, data, feature, state, t);
    render_histogram(frame, hist, data, feature, t);
}

fn fit_line(line: Line<'static>, width: u16) -> Line<'static> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.chars().count() <= usize::from(width) {
        return line;
    }
    Line::from(Span::raw(fit(&text, usize::from(width))))
}

fn render_rows(
    frame: &mut Frame,
    area: Rect,
    data: &DataTable,
    feature: usize,
    state: &ViewState,
    t: &Theme,
) {
    // Entity, time and label always show; features from the chosen one on, as many as fit.
    let fixed = 10 + 14 + 6;
    let room = usize::from(area.width.saturating_sub(fixed) / (COL_W + 1));
    let cols: Vec<usize> = (feature..data.columns.len()).take(room.max(1)).collect();
    let mut header = vec![
        Cell::from(data.entity_key.clone()),
        Cell::from("event time"),
    ];
    for &c in &cols {
        let name = fit(&data.columns[c].name, usize::from(COL_W));
        let style = if c == feature { t.accent } else { t.title };
        header.push(Cell::from(Span::styled(name, style)));
    }
    header.push(Cell::from(fit(&data.label_name, 6)));
    let n = data.n_rows();
    let sel = usize::from(state.scroll).min(n.saturating_sub(1));
    let height = usize::from(area.height.saturating_sub(1));
    let first = first_row(sel, n, height);
    let rows = (first..n.min(first + height)).map(|i| {
        let mut cells = vec![
            Cell::from(format!(
                "{}{}",
                if i == sel { "▸" } else { " " },
                data.entity_ids[i]
            )),
            Cell::from(when(data.event_ts[i])),
        ];
        for &c in &cols {
            let d = &data.columns[c].data;
            let cell = if d.is_missing(i) {
                Cell::from(Span::styled("∅ null", t.warn))
            } else {
                Cell::from(fit(&short_value(&d.display(i)), usize::from(COL_W)))
            };
            cells.push(cell);
        }
        cells.push(Cell::from(data.labels[i].to_string()));
        let row = Row::new(cells);
        if i == sel {
            row.style(t.selected)
        } else {
            row.style(t.text)
        }
    });
    let mut widths = vec![Constraint::Length(9), Constraint::Length(13)];
    widths.extend(cols.iter().map(|_| Constraint::Length(COL_W)));
    widths.push(Constraint::Length(6));
    frame.render_widget(
        Table::new(rows, widths).header(Row::new(header).style(t.title)),
        area,
    );
}

/// Numbers with at most four decimals, so a column stays readable.
fn short_value(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(v) if s.contains('.') => format!("{v:.4}").trim_end_matches('0').to_owned(),
        _ => s.to_owned(),
    }
}

fn render_histogram(frame: &mut Frame, area: Rect, data: &DataTable, feature: usize, t: &Theme) {
    let Some(col) = data.columns.get(feature) else {
        return;
    };
    let b = block(
        format!(
            "{} ←/→ feature {}/{}",
            col.name,
            feature + 1,
            data.columns.len()
        ),
        t,
    );
    let inside = inner(area);
    frame.render_widget(b, area);
    let bins = usize::from(inside.height.saturating_sub(1)).clamp(1, 20);
    let h = histogram(&col.data, bins);
    let max = h.bins.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let label_w = h
        .bins
        .iter()
        .map(|b| b.0.chars().count())
        .max()
        .unwrap_or(0)
        .min(12);
    let bar_w = usize::from(inside.width).saturating_sub(label_w + 9).max(1);
    let mut lines: Vec<Line> = h
        .bins
        .iter()
        .map(|(label, n)| {
            Line::from(vec![
                Span::styled(format!("{:>label_w$} ", fit(label, label_w)), t.muted),
                Span::styled(bar(*n as f64 / max as f64, bar_w), t.info),
                Span::styled(format!(" {n}"), t.text),
            ])
        })
        .collect();
    let style = if h.missing > 0 { t.warn } else { t.muted };
    lines.push(Line::from(Span::styled(
        format!(
            "∅ missing {} of {} ({:.1}%)",
            h.missing,
            col.data.len(),
            100.0 * h.missing as f64 / col.data.len().max(1) as f64
        ),
        style,
    )));
    frame.render_widget(Paragraph::new(lines), inside);
}
