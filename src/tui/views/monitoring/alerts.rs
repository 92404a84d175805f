//! The monitoring view's alerts list (newest first, `↑↓` select) and the "why did it fire"
//! panel: method, statistic, score, threshold, comparison, window and reference of one alert.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::common::{block, first_row, fit, inner, short_number};
use crate::stats::Method;
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::monitoring::Alert;

pub(super) fn render_alerts(frame: &mut Frame, area: Rect, world: &World, sel: usize, t: &Theme) {
    let alerts = &world.monitoring().alerts;
    let b = block(format!("Alerts ({}) ↑↓", alerts.len()), t);
    let list = inner(area);
    frame.render_widget(b, area);
    if alerts.is_empty() {
        frame.render_widget(Paragraph::new("✓ None so far.").style(t.good), list);
        return;
    }
    let first = first_row(sel, alerts.len(), usize::from(list.height));
    let lines: Vec<Line> = alerts
        .iter()
        .rev()
        .enumerate()
        .skip(first)
        .take(usize::from(list.height))
        .map(|(i, a)| {
            let text = format!(
                "{}⚠ days {}-{} {:?} {} {:.3} {} {}",
                if i == sel { "▸" } else { " " },
                a.from_day,
                a.to_day,
                a.kind,
                a.feature.as_deref().unwrap_or(""),
                a.score,
                a.comparison,
                short_number(a.threshold)
            );
            let style = if i == sel { t.selected } else { t.bad };
            Line::from(Span::styled(fit(&text, usize::from(list.width)), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// Whether a method's score is a p-value (drift when it is small).
pub(super) fn is_p_value(method: &str) -> bool {
    method.parse::<Method>().is_ok_and(Method::is_p_value)
}

/// What the alert's window was compared with, from the report of the same window.
fn reference(world: &World, a: &Alert) -> String {
    world
        .monitoring()
        .reports
        .iter()
        .rev()
        .find(|r| r.endpoint == a.endpoint && r.from_day == a.from_day && r.to_day == a.to_day)
        .map_or_else(|| "-".to_owned(), |r| r.reference.clone())
}

pub(super) fn render_why(
    frame: &mut Frame,
    area: Rect,
    world: &World,
    alert: Option<&Alert>,
    t: &Theme,
) {
    let b = block("Why did it fire?", t);
    let inside = inner(area);
    frame.render_widget(b, area);
    let Some(a) = alert else {
        frame.render_widget(
            Paragraph::new(
                "Select an alert to see its method, statistic, threshold and comparison.",
            )
            .style(t.muted)
            .wrap(Wrap { trim: true }),
            inside,
        );
        return;
    };
    let field = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<11}"), t.muted),
            Span::styled(v, t.text),
        ])
    };
    let direction = match (is_p_value(&a.method), a.comparison.starts_with('<')) {
        (true, _) => "a p-value BELOW the threshold means drift",
        (false, true) => "BELOW the threshold fires",
        (false, false) => "at or ABOVE the threshold fires",
    };
    let lines = vec![
        field("method", a.method.clone()),
        field(
            "statistic",
            a.statistic.map_or("-".into(), |s| format!("{s:.4}")),
        ),
        field("score", format!("{:.4}", a.score)),
        field("threshold", short_number(a.threshold)),
        field(
            "comparison",
            format!(
                "{:.4} {} {}: {direction}",
                a.score,
                a.comparison,
                short_number(a.threshold)
            ),
        ),
        field("window", format!("served days {}-{}", a.from_day, a.to_day)),
        field("reference", reference(world, a)),
        field(
            "column",
            a.feature.clone().unwrap_or_else(|| "(dataset)".into()),
        ),
        Line::from(Span::styled(a.explanation.clone(), t.text)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inside);
}
