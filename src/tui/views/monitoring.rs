//! The monitoring view: per-feature drift timeline (score per window against the threshold
//! line, with the comparison that means drift spelled out, since a p-value drifts BELOW its
//! threshold), dataset drift share, prediction drift, realised performance against the CBPE
//! estimate, the alerts (`↑↓` select) and why the selected one fired.

mod alerts;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

use self::alerts::{is_p_value, render_alerts, render_why};
use super::ViewState;
use super::common::{block, first_row, fit, inner, num, teach};
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::monitoring::{Alert, MonitorReport};

/// The reports of the endpoint monitored last, oldest first.
fn reports(world: &World) -> Vec<&MonitorReport> {
    let all = &world.monitoring().reports;
    let Some(last) = all.last() else {
        return Vec::new();
    };
    all.iter().filter(|r| r.endpoint == last.endpoint).collect()
}

/// The columns `←`/`→` choose from: the latest report's features, then `prediction`.
pub(super) fn columns(world: &World) -> Vec<String> {
    let Some(r) = world.monitoring().reports.last() else {
        return Vec::new();
    };
    r.features
        .iter()
        .chain(r.prediction.iter())
        .map(|f| f.feature.clone())
        .collect()
}

/// Alerts newest first (row 0 is the latest).
fn alert_at(world: &World, row: usize) -> Option<&Alert> {
    world.monitoring().alerts.iter().rev().nth(row)
}

struct Areas {
    header: Rect,
    chart: Rect,
    alerts: Rect,
    why: Rect,
}

fn areas(body: Rect) -> Areas {
    let [header, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(body);
    if body.width >= 120 {
        let [chart, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(rest);
        let [alerts, why] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(right);
        Areas {
            header,
            chart,
            alerts,
            why,
        }
    } else {
        let [chart, alerts, why] = Layout::vertical([
            Constraint::Percentage(36),
            Constraint::Percentage(24),
            Constraint::Percentage(40),
        ])
        .areas(rest);
        Areas {
            header,
            chart,
            alerts,
            why,
        }
    }
}

/// The alert under a click in the alerts list.
pub(super) fn row_at(body: Rect, world: &World, state: &ViewState, row: u16) -> Option<usize> {
    let list = inner(areas(body).alerts);
    if row < list.y || row >= list.y + list.height {
        return None;
    }
    let n = world.monitoring().alerts.len();
    let first = first_row(usize::from(state.scroll), n, usize::from(list.height));
    let i = first + usize::from(row - list.y);
    (i < n).then_some(i)
}

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    let reps = reports(world);
    let Some(latest) = reps.last() else {
        let (what, how): (&str, &[&str]) = if world.monitoring().configs.is_empty() {
            (
                "No monitor yet.",
                &[
                    "`configure_monitor` watches an endpoint's traffic against the training data (or a window of days); `advance_days` serves traffic and runs it every window (type it in the console: `:`).",
                    "`inject_drift` shifts a feature or the concept, to watch the monitor catch it (or not).",
                ],
            )
        } else {
            (
                "The monitor has not run yet.",
                &[
                    "`advance_days` serves traffic and runs it at the end of each window; `run_monitor` runs it now.",
                ],
            )
        };
        teach(frame, body, t, what, how);
        return;
    };
    let a = areas(body);
    render_header(frame, a.header, latest, t);
    let cols = columns(world);
    let chosen = cols
        .get(state.choice().min(cols.len().saturating_sub(1)))
        .cloned()
        .unwrap_or_default();
    render_timeline(
        frame,
        a.chart,
        &reps,
        &chosen,
        state.choice(),
        cols.len(),
        t,
    );
    let sel = usize::from(state.scroll).min(world.monitoring().alerts.len().saturating_sub(1));
    render_alerts(frame, a.alerts, world, sel, t);
    render_why(frame, a.why, world, alert_at(world, sel), t);
}

fn render_header(frame: &mut Frame, area: Rect, r: &MonitorReport, t: &Theme) {
    let (mark, style) = if r.dataset_drift {
        ("✗ dataset drift", t.bad)
    } else {
        ("✓ no dataset drift", t.good)
    };
    let cols = r.features.iter().chain(r.prediction.iter());
    let (drifted, tested) = cols.fold((0, 0), |(d, n), f| (d + usize::from(f.drifted), n + 1));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", r.endpoint), t.title),
            Span::styled(
                format!(
                    "· days {}-{} vs {} · {} rows",
                    r.from_day, r.to_day, r.reference, r.rows
                ),
                t.muted,
            ),
        ]),
        Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(
                format!(
                    "share {:.2} = {drifted} of {tested} columns drifted (threshold {})",
                    r.drift_share, r.share_threshold
                ),
                t.text,
            ),
        ]),
    ];
    let mut perf = Vec::new();
    if let Some(p) = &r.prediction {
        let (m, s) = if p.drifted {
            ("✗", t.bad)
        } else {
            ("✓", t.good)
        };
        perf.push(Span::styled(format!("{m} prediction "), s));
        perf.push(Span::styled(
            format!(
                "{} {:.3} (drift when {} {}) · ",
                p.method,
                p.score,
                p.comparison,
                super::common::short_number(p.threshold)
            ),
            t.text,
        ));
    }
    let est = r.estimated.map(|e| e.accuracy);
    match &r.realised {
        Some(real) => perf.push(Span::styled(
            format!(
                "accuracy realised {:.3} (days {}-{}) vs CBPE {}",
                real.accuracy,
                real.from_day,
                real.to_day,
                num(real.estimated.map(|e| e.accuracy))
            ),
            t.text,
        )),
        None => perf.push(Span::styled(
            format!("no labels yet · CBPE estimates accuracy {}", num(est)),
            t.text,
        )),
    }
    perf.push(Span::styled(
        format!(" · test {}", num(r.baseline_accuracy)),
        t.muted,
    ));
    lines.push(Line::from(perf));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| {
            let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            if s.chars().count() > usize::from(area.width) {
                Line::from(Span::styled(fit(&s, usize::from(area.width)), t.text))
            } else {
                l
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_timeline(
    frame: &mut Frame,
    area: Rect,
    reps: &[&MonitorReport],
    feature: &str,
    choice: usize,
    count: usize,
    t: &Theme,
) {
    let points: Vec<(f64, f64, String, f64, String)> = reps
        .iter()
        .filter_map(|r| {
            r.features
                .iter()
                .chain(r.prediction.iter())
                .find(|f| f.feature == feature)
                .map(|f| {
                    (
                        f64::from(r.to_day),
                        f.score,
                        f.method.clone(),
                        f.threshold,
                        f.comparison.clone(),
                    )
                })
        })
        .collect();
    let Some((_, _, method, threshold, cmp)) = points.last().cloned() else {
        teach(frame, area, t, "No score for this column yet.", &[]);
        return;
    };
    let p_value = is_p_value(&method);
    let rule = if p_value {
        format!(
            " p-value: drift when {cmp} {}, BELOW the line ",
            super::common::short_number(threshold)
        )
    } else {
        format!(
            " drift when {cmp} {}, above the line ",
            super::common::short_number(threshold)
        )
    };
    let title = format!(
        "←/→ {feature} {}/{count} · {method}",
        choice.min(count.saturating_sub(1)) + 1
    );
    let scores: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
    let (x0, x1) = (scores[0].0, scores[scores.len() - 1].0);
    let (x0, x1) = if x1 > x0 {
        (x0, x1)
    } else {
        (x0 - 1.0, x1 + 1.0)
    };
    let top = if p_value {
        1.0
    } else {
        scores.iter().map(|s| s.1).fold(threshold, f64::max) * 1.2
    };
    let line = [(x0, threshold), (x1, threshold)];
    let data = vec![
        Dataset::default()
            .name(format!(
                "threshold {}",
                super::common::short_number(threshold)
            ))
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.warn)
            .data(&line),
        Dataset::default()
            .name(method.clone())
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.info)
            .data(&scores),
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.info)
            .data(&scores),
    ];
    let chart = Chart::new(data)
        .legend_position(None)
        .block(
            block(fit(&title, usize::from(area.width.saturating_sub(4))), t)
                .title_bottom(Span::styled(rule, t.warn)),
        )
        .x_axis(
            Axis::default()
                .title(Span::styled("served day", t.muted))
                .bounds([x0, x1])
                .labels(vec![
                    Span::raw(format!("{x0:.0}")),
                    Span::raw(format!("{x1:.0}")),
                ])
                .style(t.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(vec![Span::raw("0"), Span::raw(format!("{top:.2}"))])
                .style(t.muted),
        );
    frame.render_widget(chart, area);
}
