//! The World views shared by the lab player and the sandbox: pipeline, data, validation,
//! training, registry, serving and monitoring, each drawn from a `&World` and its own
//! [`ViewState`], with the tab bar that switches between them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};

use super::action::Action;
use super::theme::Theme;
use crate::world::World;

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

/// UI state of the views (scroll, selection, sort, search box), kept by the screen that shows
/// them so each view remembers where the learner was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    /// The active tab (index into [`View::ALL`]).
    pub tab: usize,
    /// Rows scrolled in the active view.
    pub scroll: u16,
    /// Background work to show as a gauge, if any.
    pub busy: Option<Busy>,
}

impl ViewState {
    /// The active view.
    pub fn view(&self) -> View {
        View::ALL[self.tab % View::ALL.len()]
    }

    /// Whether a text box (the runs search) has the focus.
    pub fn typing(&self) -> bool {
        false
    }
}

/// Applies an action to the views drawn in `area`; returns whether anything changed.
pub fn handle_view(state: &mut ViewState, action: Action, _world: &World, area: Rect) -> bool {
    let n = View::ALL.len();
    match action {
        Action::NextTab => state.tab = (state.tab + 1) % n,
        Action::PrevTab => state.tab = (state.tab + n - 1) % n,
        Action::Click { column, row } if row == area.y => {
            let Some(i) = tab_at(area, column) else {
                return false;
            };
            state.tab = i;
        }
        Action::Down | Action::ScrollDown => state.scroll = state.scroll.saturating_add(1),
        Action::Up | Action::ScrollUp => state.scroll = state.scroll.saturating_sub(1),
        _ => return false,
    }
    true
}

/// The tab under a click on the tab row.
pub fn tab_at(area: Rect, column: u16) -> Option<usize> {
    let mut x = area.x;
    for (i, v) in View::ALL.iter().enumerate() {
        // Tabs draws " title " and a one-cell divider.
        let w = u16::try_from(v.title().len()).unwrap_or(0) + 2;
        if column >= x && column < x + w {
            return Some(i);
        }
        x += w + 1;
    }
    None
}

/// Draws the tab bar on the first row of `area` and the active view below it.
pub fn render_view(frame: &mut Frame, area: Rect, world: &World, state: &ViewState, theme: &Theme) {
    let tabs = Tabs::new(View::ALL.iter().map(|v| v.title()))
        .select(state.tab)
        .style(theme.muted)
        .highlight_style(theme.selected);
    frame.render_widget(tabs, Rect { height: 1, ..area });
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let line = Line::from(vec![
        Span::styled(format!("{} ", state.view().title()), theme.title),
        Span::styled(format!("day {}", world.now() / 86_400), theme.muted),
    ]);
    frame.render_widget(Paragraph::new(line), body);
}
