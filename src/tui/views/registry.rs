//! The registry view: the chosen model's versions (run, data digest, created, stage, aliases,
//! gate), the lineage of the selected version (version → run → training set → data, feature
//! views, code), every alias move with its reason, and the gate results.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::ViewState;
use super::common::{Tone, draw_lines, elide_middle, first_row, fit, teach, when};
use crate::tui::theme::Theme;
use crate::world::World;
use crate::world::gates::GateResult;
use crate::world::registry::{ModelVersion, RegisteredModel};

/// The chosen registered model.
fn model(world: &World, choice: usize) -> Option<(&String, &RegisteredModel)> {
    let models = &world.registry().models;
    models
        .iter()
        .nth(choice.min(models.len().saturating_sub(1)))
}

/// Versions of the chosen model (the rows the view selects).
pub(super) fn rows(world: &World, choice: usize) -> usize {
    model(world, choice).map_or(0, |(_, m)| m.versions.len())
}

/// Newest first: row 0 is the latest version.
fn version_at(m: &RegisteredModel, row: usize) -> Option<&ModelVersion> {
    m.versions.iter().rev().nth(row)
}

struct Areas {
    header: Rect,
    versions: Rect,
    rest: Rect,
}

fn areas(body: Rect, m: &RegisteredModel) -> Areas {
    let n = u16::try_from(m.versions.len()).unwrap_or(99);
    let [header, versions, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length((n + 1).min(body.height.saturating_sub(1) / 3).max(2)),
        Constraint::Min(0),
    ])
    .areas(body);
    Areas {
        header,
        versions,
        rest,
    }
}

/// The version under a click in the versions table.
pub(super) fn row_at(body: Rect, world: &World, state: &ViewState, row: u16) -> Option<usize> {
    let (_, m) = model(world, state.choice())?;
    let a = areas(body, m);
    if row <= a.versions.y || row >= a.versions.y + a.versions.height {
        return None;
    }
    let height = usize::from(a.versions.height - 1);
    let first = first_row(usize::from(state.scroll), m.versions.len(), height);
    let i = first + usize::from(row - a.versions.y - 1);
    (i < m.versions.len()).then_some(i)
}

/// Characters of the run column: `run-042` whole, a longer id cut in the middle (`run…1042`).
const RUN_WIDTH: usize = 8;

/// The latest gate result for a run.
fn gate<'a>(world: &'a World, name: &str, run_id: &str) -> Option<&'a GateResult> {
    world
        .gates()
        .iter()
        .rev()
        .find(|g| g.run_id == run_id && g.model == name)
}

/// Draws the view.
pub(super) fn render(frame: &mut Frame, body: Rect, world: &World, state: &ViewState, t: &Theme) {
    let Some((name, m)) = model(world, state.choice()) else {
        teach(
            frame,
            body,
            t,
            "No registered model yet.",
            &[
                "`register_model` turns a run into version 1, 2, ... of a named model; `evaluate_gate` checks it first (type it in the console: `:`).",
                "`set_alias` points champion or challenger at a version; `rollback` moves an alias back.",
            ],
        );
        return;
    };
    let a = areas(body, m);
    let aliases: Vec<String> = m
        .aliases
        .iter()
        .map(|(k, v)| format!("@{k} → v{v}"))
        .collect();
    let count = world.registry().models.len();
    let mut head = vec![
        Span::styled(format!("{name} "), t.title),
        Span::styled(format!("· {} version(s) · ", m.versions.len()), t.muted),
        Span::styled(
            if aliases.is_empty() {
                "no alias".to_owned()
            } else {
                aliases.join(" ")
            },
            t.accent,
        ),
    ];
    if count > 1 {
        head.push(Span::styled(
            format!(" · ←/→ model {}/{count}", state.choice().min(count - 1) + 1),
            t.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(head)), a.header);
    let sel = usize::from(state.scroll).min(m.versions.len().saturating_sub(1));
    render_versions(frame, a.versions, world, name, m, sel, t);
    let Some(v) = version_at(m, sel) else { return };
    let lines = detail_lines(world, name, m, v);
    if a.rest.width >= 120 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(a.rest);
        let split = lines
            .iter()
            .position(|l| {
                l.first()
                    .is_some_and(|(_, s)| s.starts_with("Alias history"))
            })
            .unwrap_or(lines.len());
        draw_lines(frame, left, &lines[..split], 0, t);
        draw_lines(frame, right, &lines[split..], 0, t);
    } else {
        draw_lines(frame, a.rest, &lines, 0, t);
    }
}

fn render_versions(
    frame: &mut Frame,
    area: Rect,
    world: &World,
    name: &str,
    m: &RegisteredModel,
    sel: usize,
    t: &Theme,
) {
    let height = usize::from(area.height.saturating_sub(1));
    let first = first_row(sel, m.versions.len(), height);
    let rows = m
        .versions
        .iter()
        .rev()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, v)| {
            let aliases: Vec<String> = m
                .aliases
                .iter()
                .filter(|(_, n)| **n == v.version)
                .map(|(k, _)| format!("@{k}"))
                .collect();
            let g = match gate(world, name, &v.lineage.run_id) {
                Some(g) if g.passed => Span::styled("✓ passed", t.good),
                Some(_) => Span::styled("✗ failed", t.bad),
                None => Span::styled("○ none", t.muted),
            };
            let row = Row::new(vec![
                Cell::from(format!(
                    "{}v{}",
                    if i == sel { "▸" } else { " " },
                    v.version
                )),
                Cell::from(elide_middle(&v.lineage.run_id, RUN_WIDTH)),
                Cell::from(fit(&v.lineage.data_digest, 16)),
                Cell::from(when(v.created_at)),
                Cell::from(format!("{:?}", v.stage)),
                Cell::from(g),
                Cell::from(aliases.join(" ")),
            ]);
            if i == sel {
                row.style(t.selected)
            } else {
                row.style(t.text)
            }
        });
    let widths = [
        Constraint::Length(5),
        Constraint::Length(RUN_WIDTH as u16),
        Constraint::Length(16),
        Constraint::Length(13),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Min(10),
    ];
    let header = Row::new([
        "ver",
        "run",
        "data digest",
        "created",
        "stage",
        "gate",
        "aliases",
    ])
    .style(t.title);
    frame.render_widget(Table::new(rows, widths).header(header), area);
}

fn detail_lines(
    world: &World,
    name: &str,
    m: &RegisteredModel,
    v: &ModelVersion,
) -> Vec<Vec<(Tone, String)>> {
    let l = &v.lineage;
    let run = world.tracking().get(&l.run_id);
    let model = run
        .and_then(|r| r.params.get("model"))
        .cloned()
        .unwrap_or_default();
    let views: Vec<String> = l
        .feature_views
        .iter()
        .map(|(n, k)| format!("{n} v{k}"))
        .collect();
    let mut out = vec![
        vec![(Tone::Title, format!("Lineage of v{}", v.version))],
        vec![
            (Tone::Text, format!("v{} ", v.version)),
            (Tone::Muted, "→ run ".into()),
            (Tone::Text, format!("{} ({model})", l.run_id)),
        ],
        vec![
            (Tone::Muted, "   → training set ".into()),
            (Tone::Text, l.training_set_digest.clone()),
        ],
        vec![
            (Tone::Muted, "   → data ".into()),
            (Tone::Text, l.data_digest.clone()),
        ],
        vec![
            (Tone::Muted, "   → feature views ".into()),
            (Tone::Text, views.join(", ")),
        ],
        vec![
            (Tone::Muted, "   → code ".into()),
            (Tone::Text, l.code_version.clone()),
        ],
    ];
    if let Some(g) = gate(world, name, &l.run_id) {
        let (mark, tone) = if g.passed {
            ("✓", Tone::Good)
        } else {
            ("✗", Tone::Bad)
        };
        out.push(vec![(tone, format!("{mark} gate for {}", l.run_id))]);
        for c in &g.checks {
            let (mark, tone) = if c.passed {
                ("✓", Tone::Good)
            } else {
                ("✗", Tone::Bad)
            };
            out.push(vec![
                (tone, format!("  {mark} {} ", c.name)),
                (Tone::Muted, c.detail.clone()),
            ]);
        }
    }
    out.push(vec![]);
    out.push(vec![(Tone::Title, "Alias history".into())]);
    if m.history.is_empty() {
        out.push(vec![(
            Tone::Muted,
            "No alias yet: `set_alias` points champion at a version.".into(),
        )]);
    }
    for h in m.history.iter().rev() {
        let from = h.from.map_or("new".to_owned(), |f| format!("v{f}"));
        out.push(vec![
            (Tone::Muted, format!("{} ", when(h.at))),
            (Tone::Text, format!("@{} {from} → v{} ", h.alias, h.to)),
            (Tone::Muted, h.reason.clone()),
        ]);
    }
    let gates: Vec<&GateResult> = world.gates().iter().filter(|g| g.model == name).collect();
    if !gates.is_empty() {
        out.push(vec![]);
        out.push(vec![(Tone::Title, "Gate results".into())]);
    }
    for g in gates.iter().rev() {
        let (mark, tone) = if g.passed {
            ("✓", Tone::Good)
        } else {
            ("✗", Tone::Bad)
        };
        let why = if g.passed {
            "passed".to_owned()
        } else {
            g.failures()
        };
        out.push(vec![
            (tone, format!("{mark} {} ", g.run_id)),
            (Tone::Muted, why),
        ]);
    }
    out
}
