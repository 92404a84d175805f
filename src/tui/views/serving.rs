//! The serving view of the endpoint chosen with `←`/`→`: its deployments (image, version, the
//! traffic split as bars, mirror %, pods ● ◐ ○, replicas, HPA, p95 latency, error rate), the
//! rollout in progress (strategy, step, bake time left), canaries rolled back, and the alarms
//! with every firing. `↑↓` scroll the firings. Above the alarms, the rollout chart
//! (`serving_chart`): traffic share and error rate per version, hour by hour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::ViewState;
use super::common::{Tone, draw_lines, duration, fit, teach, when};
use crate::tui::theme::Theme;
use crate::tui::widgets::chart::bar;
use crate::world::World;
use crate::world::serving::active_hours::ActiveHours;
use crate::world::serving::kube::PodState;
use crate::world::serving::{AlarmFiring, Endpoint, Rollout};

/// The chosen endpoint.
fn endpoint(world: &World, choice: usize) -> Option<&Endpoint> {
    let eps = &world.serving().endpoints;
    eps.values().nth(choice.min(eps.len().saturating_sub(1)))
}

/// Lines the lower part scrolls through (alarms and firings).
pub(super) fn rows(world: &World, choice: usize) -> usize {
    endpoint(world, choice).map_or(0, |e| lower_lines(world, e).len())
}

/// Rollbacks on this endpoint: when, and the alarm firing that caused it.
fn rolled_back<'a>(world: &'a World, e: &Endpoint) -> Vec<(i64, Option<&'a AlarmFiring>)> {
    let s = world.serving();
    s.rollbacks
        .iter()
        .filter(|(ep, _)| *ep == e.name)
        .map(|(_, at)| {
            let firing = s
                .firings
                .iter()
                .rev()
                .find(|f| f.endpoint == e.name && f.at <= *at);
            (*at, firing)
        })
        .collect()
}

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    let Some(e) = endpoint(world, state.choice()) else {
        teach(
            frame,
            body,
            t,
            "No endpoint yet.",
            &[
                "`create_endpoint` makes one for a registered model, `deploy` puts a version behind it (all at once, canary, linear, blue/green or rolling), `advance_days` serves traffic (type it in the console: `:`).",
                "`set_alarm` watches error rate, p95 latency or requests per pod; an alarm during a bake rolls back.",
            ],
        );
        return;
    };
    let n = world.serving().endpoints.len();
    let dep_h = u16::try_from(e.deployments.len() + rolled_back(world, e).len()).unwrap_or(9) + 1;
    let rollout_h = if e.rollout.is_some() { 2 } else { 1 };
    let [header, deps, rollout, lower] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(dep_h.max(2)),
        Constraint::Length(rollout_h),
        Constraint::Min(0),
    ])
    .areas(body);
    let mut head = vec![
        Span::styled(format!("{} ", e.name), t.title),
        Span::styled(
            format!(
                "· model {} · {} req/day{} · labels after {} day(s) · {} day(s) served",
                e.model,
                e.requests_per_day,
                if e.active_hours == ActiveHours::ALL {
                    String::new()
                } else {
                    format!(" in hours {}", e.active_hours)
                },
                e.label_delay_days,
                e.days_served
            ),
            t.muted,
        ),
    ];
    if n > 1 {
        head.push(Span::styled(
            format!(" · ←/→ endpoint {}/{n}", state.choice().min(n - 1) + 1),
            t.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(head)), header);
    render_deployments(frame, deps, world, e, t);
    render_rollout(frame, rollout, world, e, t);
    let lower = render_chart(frame, lower, world, e, t);
    let lines = lower_lines(world, e);
    let first = usize::from(state.scroll).min(lines.len().saturating_sub(1));
    draw_lines(frame, lower, &lines, first, t);
}

/// The rollout chart atop the lower part when it leaves room for the alarms; returns what is
/// left for them.
fn render_chart(frame: &mut Frame, lower: Rect, world: &World, e: &Endpoint, t: &Theme) -> Rect {
    if e.hours.is_empty() || lower.height < 13 {
        return lower;
    }
    let h = (lower.height - 5).min(22);
    let [chart, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(lower);
    super::serving_chart::render(frame, chart, world, e, t);
    rest
}

fn render_deployments(frame: &mut Frame, area: Rect, world: &World, e: &Endpoint, t: &Theme) {
    let wide = area.width >= 120;
    let bar_w = if wide { 20 } else { 8 };
    let mut rows: Vec<Row> = e
        .deployments
        .iter()
        .map(|(name, d)| {
            let pct = e.traffic.get(name).copied().unwrap_or(0);
            let mirror = e.mirror.get(name).copied().unwrap_or(0);
            let k = &d.kube;
            let pods: String = k
                .pods
                .iter()
                .map(|p| match p.state {
                    PodState::Ready => '●',
                    PodState::Pending => '◐',
                    PodState::Terminating => '○',
                })
                .collect();
            let hour = e.last_hour.get(name).copied().unwrap_or_default();
            let hpa = k.hpa.map_or("-".to_owned(), |h| {
                let targets: Vec<String> = [
                    h.target_requests.map(|t| format!("{t:.0}/pod")),
                    h.target_p95_ms.map(|t| format!("{t:.0}ms")),
                ]
                .into_iter()
                .flatten()
                .collect();
                format!(
                    "{}-{} @{}",
                    h.min_replicas,
                    h.max_replicas,
                    targets.join("+")
                )
            });
            let mut cells = vec![
                Cell::from(name.clone()),
                Cell::from(d.image.clone()),
                Cell::from(format!("{} {pct:>3}%", bar(f64::from(pct) / 100.0, bar_w))),
                Cell::from(if mirror > 0 {
                    format!("⇉ {mirror}%")
                } else {
                    "-".into()
                }),
                Cell::from(fit(&pods, if wide { 12 } else { 9 })),
                Cell::from(format!("{}/{}", k.count(PodState::Ready), k.replicas)),
            ];
            if wide {
                cells.push(Cell::from(hpa));
            }
            cells.push(Cell::from(format!("{:.0} ms", hour.latency_p95_ms)));
            cells.push(Cell::from(format!("{:.2}%", 100.0 * hour.error_rate())));
            Row::new(cells).style(t.text)
        })
        .collect();
    for (_, firing) in rolled_back(world, e) {
        let (name, version) =
            firing.map_or(("?".to_owned(), 0), |f| (f.deployment.clone(), f.version));
        let image = e
            .images
            .get(&version)
            .map_or("-".to_owned(), |i| i.tag.clone());
        let mut cells = vec![
            Cell::from(Span::styled(format!("↩ {name}"), t.bad)),
            Cell::from(image),
            Cell::from(format!("{}   0%", bar(0.0, bar_w))),
            Cell::from("-"),
            Cell::from("○ removed"),
            Cell::from("0/0"),
        ];
        if wide {
            cells.push(Cell::from(""));
        }
        rows.push(Row::new(cells).style(t.muted));
    }
    let mut header = vec!["deployment", "image", "traffic", "mirror", "pods", "ready"];
    let mut widths = vec![
        Constraint::Length(if wide { 12 } else { 9 }),
        Constraint::Length(if wide { 14 } else { 10 }),
        Constraint::Length(u16::try_from(bar_w).unwrap_or(10) + 5),
        Constraint::Length(6),
        Constraint::Length(if wide { 12 } else { 9 }),
        Constraint::Length(5),
    ];
    if wide {
        header.push("HPA");
        widths.push(Constraint::Length(14));
    }
    header.extend(["p95", "errors"]);
    widths.extend([Constraint::Length(7), Constraint::Length(6)]);
    let table = Table::new(rows, widths).header(Row::new(header).style(t.title));
    frame.render_widget(table, area);
}

fn render_rollout(frame: &mut Frame, area: Rect, world: &World, e: &Endpoint, t: &Theme) {
    let Some(r) = &e.rollout else {
        let line = match rolled_back(world, e).last() {
            Some((at, Some(f))) => Line::from(vec![
                Span::styled(
                    format!("↩ {} rolled back v{} to 0%: ", when(*at), f.version),
                    t.bad,
                ),
                Span::styled(
                    format!(
                        "{} {} {:.4} {} {}",
                        f.alarm, f.metric, f.value, f.comparison, f.threshold
                    ),
                    t.text,
                ),
            ]),
            _ if e.deployments.is_empty() => Line::from(Span::styled(
                "Nothing deployed: `deploy` a registered version.",
                t.muted,
            )),
            _ => Line::from(Span::styled("No rollout in progress.", t.muted)),
        };
        frame.render_widget(Paragraph::new(line), area);
        return;
    };
    frame.render_widget(Paragraph::new(rollout_lines(world, r, t)), area);
}

fn rollout_lines(world: &World, r: &Rollout, t: &Theme) -> Vec<Line<'static>> {
    let steps: Vec<String> = r.steps.iter().map(|p| format!("{p}%")).collect();
    let Some(step) = r.step else {
        return vec![Line::from(vec![
            Span::styled(format!("▸ {} v{} ", r.strategy, r.version), t.warn),
            Span::styled(
                format!(
                    "provisioning {} (◐ pods not ready yet), then steps {}",
                    r.green,
                    steps.join(" → ")
                ),
                t.text,
            ),
        ])];
    };
    let left = (r.step_started + r.bake_seconds - world.now()).max(0);
    let pct = r.steps.get(step).copied().unwrap_or(0);
    let progress = (step + 1) as f64 / r.steps.len().max(1) as f64;
    vec![
        Line::from(vec![
            Span::styled(format!("▸ {} v{} ", r.strategy, r.version), t.warn),
            Span::styled(
                format!(
                    "step {} of {}: {pct}% to {} · bake {} left{}",
                    step + 1,
                    r.steps.len(),
                    r.green,
                    duration(left),
                    if r.auto_rollback {
                        " · auto-rollback on alarm"
                    } else {
                        ""
                    }
                ),
                t.text,
            ),
        ]),
        Line::from(vec![
            Span::styled(format!("  {} ", bar(progress, 20)), t.info),
            Span::styled(format!("steps {}", steps.join(" → ")), t.muted),
        ]),
    ]
}

fn lower_lines(world: &World, e: &Endpoint) -> Vec<Vec<(Tone, String)>> {
    let mut out = vec![vec![(Tone::Title, "Alarms".to_owned())]];
    if e.alarms.is_empty() {
        out.push(vec![(
            Tone::Muted,
            "None: `set_alarm` watches error_rate, latency_p95_ms or requests_per_pod.".into(),
        )]);
    }
    let firings: Vec<&AlarmFiring> = world
        .serving()
        .firings
        .iter()
        .filter(|f| f.endpoint == e.name)
        .collect();
    for a in &e.alarms {
        let (state, tone) = if a.in_alarm.is_empty() {
            ("✓ OK   ".to_owned(), Tone::Good)
        } else {
            (format!("● ALARM {}", a.in_alarm.join(",")), Tone::Bad)
        };
        let last = firings
            .iter()
            .rev()
            .find(|f| f.alarm == a.name)
            .map(|f| format!(" · last fired {}", when(f.at)))
            .unwrap_or_default();
        out.push(vec![
            (tone, format!("{state} ")),
            (
                Tone::Text,
                format!(
                    "{} {} {} {}",
                    a.name,
                    a.metric.name(),
                    a.comparison.symbol(),
                    a.threshold
                ),
            ),
            (
                Tone::Muted,
                format!(
                    " on {}{last}",
                    a.deployment.as_deref().unwrap_or("each deployment")
                ),
            ),
        ]);
    }
    if !firings.is_empty() {
        out.push(vec![]);
        out.push(vec![(Tone::Title, "Firings".to_owned())]);
    }
    for f in firings.iter().rev() {
        out.push(vec![
            (Tone::Bad, format!("● {} ", when(f.at))),
            (
                Tone::Text,
                format!(
                    "{} on {} (v{}): {} = {:.4} {} {}",
                    f.alarm, f.deployment, f.version, f.metric, f.value, f.comparison, f.threshold
                ),
            ),
        ]);
    }
    out
}
