//! The rollout chart of the serving view: hour by hour, each version's share of live traffic
//! (left) and its error rate (right) with the error-rate alarm's threshold as a line, and every
//! automatic rollback marked where it happened. Rollout steps, bakes and alarms act per hour,
//! so the x axis is in hours; it covers the last three days, reaching back to the latest
//! rollback when that is older.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};

use super::common::{short_number, when};
use crate::data::table::DAY;
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::serving::Endpoint;
use crate::world::serving::history::{HourPoint, VersionHour};
use crate::world::vocabulary::AlarmMetric;

/// Points of one line: (hours from the window's start, value).
type Series = Vec<(f64, f64)>;

/// Hours shown when nothing older needs to be in sight.
const WINDOW_HOURS: i64 = 72;
/// Hours shown before a rollback that is older than the window.
const LEAD_HOURS: i64 = 6;

/// The served hours the chart covers.
pub(super) fn window<'a>(e: &'a Endpoint, rollbacks: &[i64]) -> &'a [HourPoint] {
    let Some(last) = e.hours.last() else {
        return &[];
    };
    let mut from = last.at - (WINDOW_HOURS - 1) * 3600;
    if let Some(at) = rollbacks.last() {
        from = from.min(at - LEAD_HOURS * 3600);
    }
    &e.hours[e.hours.partition_point(|p| p.at < from)..]
}

/// Times of the automatic rollbacks on this endpoint (the hour whose alarm caused each).
pub(super) fn rollbacks(world: &World, e: &Endpoint) -> Vec<i64> {
    world
        .serving()
        .rollbacks
        .iter()
        .filter(|(ep, _)| *ep == e.name)
        .map(|(_, at)| *at)
        .collect()
}

/// Each version's style: the theme's chart colours in turn (the rollback and the threshold
/// keep `bad` and `warn` for themselves).
fn version_style(i: usize, t: &Theme) -> Style {
    [t.info, t.accent, t.good, t.title][i % 4]
}

/// The versions seen in the window, in order.
fn versions(hours: &[HourPoint]) -> Vec<u32> {
    let mut v: Vec<u32> = hours
        .iter()
        .flat_map(|p| p.versions.keys().copied())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// An hour as `d93 01h`: short, because the first label sets the width of the chart's left
/// margin.
fn hour_label(at: i64) -> String {
    format!("d{} {:02}h", at.div_euclid(DAY), at.rem_euclid(DAY) / 3600)
}

/// Hours from the window's start.
fn x(at: i64, x0: i64) -> f64 {
    (at - x0) as f64 / 3600.0
}

/// A version's share in every hour of the window (0 when it had no deployment).
fn shares(hours: &[HourPoint], version: u32, x0: i64) -> Vec<(f64, f64)> {
    hours
        .iter()
        .map(|p| {
            let pct = p.versions.get(&version).map_or(0, |v| v.percent);
            (x(p.at, x0), f64::from(pct))
        })
        .collect()
}

/// A version's error rate in the hours it handled requests, cut into runs of consecutive
/// hours so that a line never bridges hours in which the version saw nothing.
fn error_runs(hours: &[HourPoint], version: u32, x0: i64) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut last: Option<i64> = None;
    for p in hours {
        let Some(rate) = p.versions.get(&version).and_then(VersionHour::error_rate) else {
            continue;
        };
        if last != Some(p.at - 3600) || runs.is_empty() {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push((x(p.at, x0), rate));
        }
        last = Some(p.at);
    }
    runs
}

/// The error-rate thresholds of the endpoint's alarms.
fn thresholds(e: &Endpoint) -> Vec<f64> {
    e.alarms
        .iter()
        .filter(|a| a.metric == AlarmMetric::ErrorRate)
        .map(|a| a.threshold)
        .collect()
}

/// The legend as a title: each version in its colour, then the extra marks.
fn legend(what: &str, vs: &[u32], extra: Vec<Span<'static>>, t: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(format!(" {what} "), t.title)];
    for (i, v) in vs.iter().enumerate() {
        spans.push(Span::styled(format!("━ v{v} "), version_style(i, t)));
    }
    spans.extend(extra);
    Line::from(spans)
}

/// Draws the two charts side by side (stacked when the area is narrow).
pub(super) fn render(frame: &mut Frame, area: Rect, world: &World, e: &Endpoint, t: &Theme) {
    let backs = rollbacks(world, e);
    let hours = window(e, &backs);
    let (Some(first), Some(last)) = (hours.first(), hours.last()) else {
        return;
    };
    let [left, right] = if area.width >= 60 {
        Layout::horizontal([Constraint::Percentage(50); 2]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(50); 2]).areas(area)
    };
    let x0 = first.at;
    let x1 = x(last.at, x0).max(1.0);
    let vs = versions(hours);
    let marks: Vec<f64> = backs
        .iter()
        .filter(|at| **at >= x0 && **at <= last.at)
        .map(|at| x(*at, x0))
        .collect();
    let back_note: Vec<Span<'static>> = backs
        .iter()
        .rev()
        .find(|at| **at >= x0)
        .map(|at| Span::styled(format!("│ rollback {} ", when(*at)), t.bad))
        .into_iter()
        .collect();
    let x_axis = || {
        Axis::default()
            .bounds([0.0, x1])
            .labels(vec![
                Span::raw(hour_label(x0)),
                Span::raw(format!("{} · hourly", hour_label(last.at))),
            ])
            .style(t.muted)
    };
    render_shares(
        frame,
        left,
        hours,
        &vs,
        &marks,
        (x_axis(), legend("traffic %", &vs, back_note.clone(), t)),
        t,
    );
    let limits = thresholds(e);
    let mut extra: Vec<Span<'static>> = limits
        .iter()
        .map(|l| Span::styled(format!("─ alarm > {} ", short_number(*l)), t.warn))
        .collect();
    extra.extend(back_note);
    render_errors(
        frame,
        right,
        hours,
        (&vs, &marks, &limits),
        (x_axis(), legend("error rate", &vs, extra, t)),
        t,
    );
}

/// A vertical line at each rollback, from 0 to `top`.
fn rollback_lines(marks: &[f64], top: f64) -> Vec<[(f64, f64); 2]> {
    marks.iter().map(|m| [(*m, 0.0), (*m, top)]).collect()
}

fn render_shares(
    frame: &mut Frame,
    area: Rect,
    hours: &[HourPoint],
    vs: &[u32],
    marks: &[f64],
    (x_axis, title): (Axis<'static>, Line<'static>),
    t: &Theme,
) {
    let x0 = hours.first().map_or(0, |p| p.at);
    let series: Vec<Vec<(f64, f64)>> = vs.iter().map(|v| shares(hours, *v, x0)).collect();
    let backs = rollback_lines(marks, 100.0);
    let mut data: Vec<Dataset> = backs.iter().map(|l| line(l, t.bad)).collect();
    data.extend(
        series
            .iter()
            .enumerate()
            .map(|(i, s)| line(s, version_style(i, t))),
    );
    let chart = Chart::new(data)
        .legend_position(None)
        .block(framed(title, t))
        .x_axis(x_axis)
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(vec![Span::raw("0"), Span::raw("50"), Span::raw("100")])
                .style(t.muted),
        );
    frame.render_widget(chart, area);
}

fn render_errors(
    frame: &mut Frame,
    area: Rect,
    hours: &[HourPoint],
    (vs, marks, limits): (&[u32], &[f64], &[f64]),
    (x_axis, title): (Axis<'static>, Line<'static>),
    t: &Theme,
) {
    let x0 = hours.first().map_or(0, |p| p.at);
    let x1 = hours.last().map_or(1.0, |p| x(p.at, x0)).max(1.0);
    let runs: Vec<(usize, Vec<Series>)> = vs
        .iter()
        .enumerate()
        .map(|(i, v)| (i, error_runs(hours, *v, x0)))
        .collect();
    let highest = runs
        .iter()
        .flat_map(|(_, r)| r.iter().flatten())
        .map(|p| p.1)
        .chain(limits.iter().copied())
        .fold(0.0, f64::max);
    let top = if highest > 0.0 { highest * 1.2 } else { 0.1 };
    let backs = rollback_lines(marks, top);
    let levels: Vec<[(f64, f64); 2]> = limits.iter().map(|l| [(0.0, *l), (x1, *l)]).collect();
    let mut data: Vec<Dataset> = backs.iter().map(|l| line(l, t.bad)).collect();
    data.extend(levels.iter().map(|l| line(l, t.warn)));
    for (i, rs) in &runs {
        let style = version_style(*i, t);
        for r in rs {
            data.push(line(r, style));
            // A lone hour draws no line: the dot keeps it visible.
            data.push(
                Dataset::default()
                    .marker(Marker::Dot)
                    .graph_type(GraphType::Scatter)
                    .style(style)
                    .data(r),
            );
        }
    }
    let chart = Chart::new(data)
        .legend_position(None)
        .block(framed(title, t))
        .x_axis(x_axis)
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(vec![Span::raw("0"), Span::raw(short_number(top))])
                .style(t.muted),
        );
    frame.render_widget(chart, area);
}

/// A bordered block whose title is the chart's legend.
fn framed(title: Line<'static>, t: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(title)
}

fn line(points: &[(f64, f64)], style: Style) -> Dataset<'_> {
    Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(style)
        .data(points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::fixtures;

    #[test]
    fn the_window_reaches_back_to_an_older_rollback() {
        let mut w = fixtures::rolled_back_canary();
        crate::world::test_kit::ok(&mut w, r#"{ do = "advance_days", days = 6 }"#);
        let e = &w.serving().endpoints["scoring"];
        let backs = rollbacks(&w, e);
        let at = *backs.last().unwrap();
        let hours = window(e, &backs);
        assert_eq!(hours[0].at, at - LEAD_HOURS * 3600);
        assert_eq!(hours.last().unwrap().at, e.hours.last().unwrap().at);
        // Without a rollback, the last three days.
        assert_eq!(window(e, &[]).len(), WINDOW_HOURS as usize);
    }

    #[test]
    fn error_runs_break_where_a_version_saw_nothing() {
        let w = fixtures::rolled_back_canary();
        let e = &w.serving().endpoints["scoring"];
        let hours = window(e, &rollbacks(&w, e));
        let x0 = hours[0].at;
        let canary = error_runs(hours, 2, x0);
        assert_eq!(canary.len(), 1, "one hour of canary traffic");
        assert_eq!(canary[0].len(), 1);
        let stable = error_runs(hours, 1, x0);
        assert_eq!(stable.iter().map(Vec::len).sum::<usize>(), hours.len());
    }
}
