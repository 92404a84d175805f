//! The World views shared by the lab player and the sandbox: pipeline, data, validation,
//! training, registry, serving and monitoring, each drawn from a `&World` and its own
//! [`ViewState`], with the tab bar that switches between them.
//!
//! Each view lives in `views/<name>.rs` with a `render` function that only reads; every state
//! change happens in [`handle_view`] (`views/handle.rs`).

mod common;
mod data;
mod handle;
mod monitoring;
mod pipeline;
mod registry;
mod serving;
mod serving_chart;
mod training;
mod validation;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

pub use self::handle::{handle_view, show_view};
pub use self::training::{RunSort, SORT_COLUMNS};
use super::theme::Theme;
use crate::world::{Command, World};

/// One view of the World.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// The pipeline DAG with step states and cache hits.
    Pipeline,
    /// The data table and per-feature histograms.
    Data,
    /// Validation anomalies with counts and examples.
    Validation,
    /// Runs table, `MLflow` search, ROC curve, training progress.
    Training,
    /// Versions, lineage, aliases and alias history.
    Registry,
    /// Pods by state, traffic split, rollout progress, alarms.
    Serving,
    /// Drift timeline per feature, alerts, why each fired.
    Monitoring,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 7] = [
        View::Pipeline,
        View::Data,
        View::Validation,
        View::Training,
        View::Registry,
        View::Serving,
        View::Monitoring,
    ];

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            View::Pipeline => "Pipeline",
            View::Data => "Data",
            View::Validation => "Validation",
            View::Training => "Training",
            View::Registry => "Registry",
            View::Serving => "Serving",
            View::Monitoring => "Monitoring",
        }
    }

    /// The view that shows what `command` changes, so the World pane follows the work: data
    /// after `generate`, training after `train`, serving after `deploy`, monitoring after days
    /// of traffic.
    pub fn for_command(command: &Command) -> Option<View> {
        use Command as C;
        Some(match command {
            C::Generate { .. } | C::CorruptData { .. } => View::Data,
            C::InferSchema | C::Expect { .. } | C::Validate => View::Validation,
            C::Train { .. } | C::Sweep { .. } | C::SearchRuns { .. } | C::SetTag { .. } => {
                View::Training
            }
            C::EvaluateGate { .. }
            | C::RegisterModel { .. }
            | C::SetAlias { .. }
            | C::Rollback { .. }
            | C::TransitionStage { .. } => View::Registry,
            C::CreateEndpoint { .. }
            | C::Deploy(_)
            | C::SetTraffic { .. }
            | C::Scale { .. }
            | C::Autoscale { .. }
            | C::SetAlarm(_)
            | C::SetConversion { .. }
            | C::PlanAbTest(_)
            | C::StartAbTest { .. }
            | C::ServeMode(_) => View::Serving,
            C::AdvanceDays { .. }
            | C::AdvanceClock { .. }
            | C::InjectDrift(_)
            | C::ConfigureMonitor(_)
            | C::RunMonitor { .. } => View::Monitoring,
            C::SetPipeline(_)
            | C::SetRetries(_)
            | C::SetTrigger(_)
            | C::FailStep(_)
            | C::RunPipeline(_)
            | C::BackfillPipeline(_)
            | C::InjectIncident(_) => View::Pipeline,
            _ => return None,
        })
    }

    /// A shorter title for narrow panes.
    pub fn short_title(self) -> &'static str {
        match self {
            View::Pipeline => "Pipe",
            View::Data => "Data",
            View::Validation => "Valid",
            View::Training => "Train",
            View::Registry => "Reg",
            View::Serving => "Serve",
            View::Monitoring => "Mon",
        }
    }
}

/// Work in progress that the views show as a live gauge (commands running in the background,
/// training above all). Set by the screen that runs the work, read by the views.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Busy {
    /// What is running, e.g. `train logistic (sweep 3 of 6)` or `advance_days 7`.
    pub label: String,
    /// Units done.
    pub done: usize,
    /// Units in all.
    pub total: usize,
}

/// The runs search box of the training view (`MLflow` filter grammar).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchBox {
    /// The text being typed.
    pub text: String,
    /// True while the box has the focus.
    pub editing: bool,
    /// The filter in force (empty: every run).
    pub applied: String,
    /// The parser's message for the last filter that did not parse.
    pub error: Option<String>,
}

/// UI state of the views (scroll, selection, sort, search box), kept by the screen that shows
/// them so each view remembers where the learner was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    /// The active tab (index into [`View::ALL`]).
    pub tab: usize,
    /// The selected row of the active view (runs, versions, alerts...); the first row shown
    /// follows it.
    pub scroll: u16,
    /// Background work to show as a gauge, if any.
    pub busy: Option<Busy>,
    /// The selected row of every other view, kept while another tab is active.
    pub rows: [u16; 7],
    /// What `←`/`→` chose in each view: the feature (data, monitoring), the endpoint
    /// (serving), the registered model (registry).
    pub choice: [usize; 7],
    /// Sort of the runs table.
    pub sort: RunSort,
    /// The runs search box.
    pub search: SearchBox,
}

impl ViewState {
    /// The active view.
    pub fn view(&self) -> View {
        View::ALL[self.tab % View::ALL.len()]
    }

    /// Whether a text box (the runs search) has the focus. While it does, the screen sends
    /// `Input`/`Backspace` for keys, and `Select` (apply) and `Back` (close) to [`handle_view`].
    pub fn typing(&self) -> bool {
        self.search.editing
    }

    /// The `←`/`→` choice of the active view.
    fn choice(&self) -> usize {
        self.choice[self.tab % View::ALL.len()]
    }
}

/// The tab labels that fit in `width`: full titles, short ones, or initials.
fn tab_labels(width: u16) -> Vec<&'static str> {
    let fits = |f: fn(View) -> &'static str| {
        // Tabs draws " title " per tab plus a one-cell divider between tabs.
        let need: usize = View::ALL.iter().map(|v| f(*v).chars().count() + 3).sum();
        need <= usize::from(width) + 1
    };
    let full: fn(View) -> &'static str = View::title;
    let short: fn(View) -> &'static str = View::short_title;
    let pick = if fits(full) {
        full
    } else if fits(short) {
        short
    } else {
        |v: View| &v.title()[..1]
    };
    View::ALL.iter().map(|v| pick(*v)).collect()
}

/// The tab under a click on the tab row.
pub fn tab_at(area: Rect, column: u16) -> Option<usize> {
    let mut x = area.x;
    for (i, label) in tab_labels(area.width).iter().enumerate() {
        let w = u16::try_from(label.chars().count()).unwrap_or(0) + 2;
        if column >= x && column < x + w {
            return Some(i);
        }
        x += w + 1;
    }
    None
}

/// The rows below the tab bar (and the busy gauge, when shown): where the active view draws,
/// and where its clicks are mapped.
fn view_body(area: Rect, state: &ViewState) -> Rect {
    let top = 1 + u16::from(state.busy.is_some());
    Rect {
        y: area.y + top.min(area.height),
        height: area.height.saturating_sub(top),
        ..area
    }
}

/// Draws the tab bar on the first row of `area` and the active view below it.
pub fn render_view(frame: &mut Frame, area: Rect, world: &World, state: &ViewState, theme: &Theme) {
    render_tabs(frame, Rect { height: 1, ..area }, state, theme);
    if let Some(busy) = state.busy.as_ref().filter(|_| area.height > 1) {
        render_busy(
            frame,
            Rect::new(area.x, area.y + 1, area.width, 1),
            busy,
            theme,
        );
    }
    let body = view_body(area, state);
    if body.height == 0 {
        return;
    }
    match state.view() {
        View::Pipeline => pipeline::render(frame, body, world, state, theme),
        View::Data => data::render(frame, body, world, state, theme),
        View::Validation => validation::render(frame, body, world, state, theme),
        View::Training => training::render(frame, body, world, state, theme),
        View::Registry => registry::render(frame, body, world, state, theme),
        View::Serving => serving::render(frame, body, world, state, theme),
        View::Monitoring => monitoring::render(frame, body, world, state, theme),
    }
}

fn render_tabs(frame: &mut Frame, area: Rect, state: &ViewState, theme: &Theme) {
    let mut spans = Vec::new();
    for (i, label) in tab_labels(area.width).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.border));
        }
        let style = if i == state.tab {
            theme.selected
        } else {
            theme.muted
        };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_busy(frame: &mut Frame, area: Rect, busy: &Busy, theme: &Theme) {
    let ratio = if busy.total == 0 {
        0.0
    } else {
        (busy.done as f64 / busy.total as f64).clamp(0.0, 1.0)
    };
    let gauge = LineGauge::default()
        .label(Span::styled(
            format!("▸ {} {}/{} ", busy.label, busy.done, busy.total),
            theme.accent,
        ))
        .ratio(ratio)
        .filled_style(theme.good)
        .unfilled_style(theme.muted);
    frame.render_widget(gauge, area);
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
