//! Every change to [`ViewState`]: tabs (keys and clicks), the selected row of each view, the
//! `←`/`→` choice, the runs sort and the search box.

use ratatui::layout::Rect;

use super::{View, ViewState, monitoring, pipeline, registry, serving, tab_at, training};
use super::{validation, view_body};
use crate::tui::action::Action;
use crate::world::World;

/// Applies an action to the views drawn in `area`; returns whether anything changed.
pub fn handle_view(state: &mut ViewState, action: Action, world: &World, area: Rect) -> bool {
    if state.search.editing {
        return typing(state, action, world);
    }
    let n = View::ALL.len();
    match action {
        Action::NextTab => switch(state, (state.tab + 1) % n),
        Action::PrevTab => switch(state, (state.tab + n - 1) % n),
        Action::Click { column, row } if row == area.y => match tab_at(area, column) {
            Some(i) => switch(state, i),
            None => return false,
        },
        Action::Click { row, .. } => return click(state, world, area, row),
        Action::Up | Action::ScrollUp => return step(state, world, -1),
        Action::Down | Action::ScrollDown => return step(state, world, 1),
        Action::PageUp => return step(state, world, -10),
        Action::PageDown => return step(state, world, 10),
        Action::Top => return step(state, world, -i64::from(u16::MAX)),
        Action::Bottom => return step(state, world, i64::from(u16::MAX)),
        Action::Left => return choose(state, world, -1),
        Action::Right => return choose(state, world, 1),
        Action::Search => {
            switch(state, 3);
            // Without runs the view teaches how to make one and shows no box to type into.
            if world.tracking().runs.is_empty() {
                return true;
            }
            state.search.text.clone_from(&state.search.applied);
            state.search.editing = true;
        }
        Action::Sort if state.view() == View::Training => {
            state.sort = state.sort.next();
            state.scroll = 0;
        }
        _ => return false,
    }
    true
}

/// Keys while the search box has the focus: text, Enter applies, Esc closes.
fn typing(state: &mut ViewState, action: Action, world: &World) -> bool {
    let s = &mut state.search;
    match action {
        Action::Input(c) => s.text.push(c),
        Action::Backspace => {
            s.text.pop();
        }
        Action::Back => s.editing = false,
        Action::Select => {
            let filter = s.text.trim().to_owned();
            match world.tracking().search(&filter, &[], 1) {
                Ok(_) => {
                    s.applied = filter;
                    s.error = None;
                    s.editing = false;
                    state.scroll = 0;
                }
                Err(e) => s.error = Some(e),
            }
        }
        _ => return false,
    }
    true
}

/// Shows `view` (the World pane following the work), keeping each view's place.
pub fn show_view(state: &mut ViewState, view: View) {
    if let Some(i) = View::ALL.iter().position(|v| *v == view)
        && i != state.tab
    {
        switch(state, i);
    }
}

fn switch(state: &mut ViewState, tab: usize) {
    let n = View::ALL.len();
    state.rows[state.tab % n] = state.scroll;
    state.tab = tab % n;
    state.scroll = state.rows[state.tab];
}

/// Rows the active view can select or scroll through.
fn rows(state: &ViewState, world: &World) -> usize {
    let choice = state.choice();
    match state.view() {
        View::Pipeline => pipeline::rows(world),
        View::Data => world.data().map_or(0, crate::data::table::Table::n_rows),
        View::Validation => validation::rows(world),
        View::Training => training::shown_runs(world, state).len(),
        View::Registry => registry::rows(world, choice),
        View::Serving => serving::rows(world, choice),
        View::Monitoring => world.monitoring().alerts.len(),
    }
}

/// Things `←`/`→` choose between in the active view.
fn choices(state: &ViewState, world: &World) -> usize {
    match state.view() {
        View::Data => world.data().map_or(0, |d| d.columns.len()),
        View::Registry => world.registry().models.len(),
        View::Serving => world.serving().endpoints.len(),
        View::Monitoring => monitoring::columns(world).len(),
        View::Pipeline | View::Validation | View::Training => 0,
    }
}

fn step(state: &mut ViewState, world: &World, by: i64) -> bool {
    let len = rows(state, world);
    if len == 0 {
        return false;
    }
    let last = i64::try_from(len - 1)
        .unwrap_or(i64::MAX)
        .min(i64::from(u16::MAX));
    let to = (i64::from(state.scroll) + by).clamp(0, last);
    let to = u16::try_from(to).unwrap_or(0);
    let moved = to != state.scroll;
    state.scroll = to;
    moved
}

fn choose(state: &mut ViewState, world: &World, by: i64) -> bool {
    let len = choices(state, world);
    if len < 2 {
        return false;
    }
    let i = state.tab % View::ALL.len();
    let len = i64::try_from(len).unwrap_or(1);
    let now = i64::try_from(state.choice[i]).unwrap_or(0);
    state.choice[i] = usize::try_from((now + by).rem_euclid(len)).unwrap_or(0);
    if matches!(state.view(), View::Registry | View::Serving) {
        state.scroll = 0;
    }
    true
}

/// A click in the body selects the row under it in the views with a list.
fn click(state: &mut ViewState, world: &World, area: Rect, row: u16) -> bool {
    let body = view_body(area, state);
    let hit = match state.view() {
        View::Training => training::row_at(body, world, state, row),
        View::Monitoring => monitoring::row_at(body, world, state, row),
        View::Pipeline => pipeline::row_at(body, world, state, row),
        View::Registry => registry::row_at(body, world, state, row),
        View::Data | View::Validation | View::Serving => None,
    };
    match hit.and_then(|i| u16::try_from(i).ok()) {
        Some(i) if i != state.scroll => {
            state.scroll = i;
            true
        }
        _ => false,
    }
}
