//! The views as a learner sees them: snapshots of every view at 80x24 and 160x48 on populated
//! and empty Worlds, and the behaviour the learner relies on (tabs, sort, search, why panel).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::fixtures;
use super::*;
use crate::tui::action::Action;
use crate::world::monitoring::AlertKind;

fn theme() -> Theme {
    Theme::named("dark", false).unwrap()
}

/// The views drawn in a `w` x `h` area, as text.
fn text(world: &World, state: &ViewState, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| render_view(f, Rect::new(0, 0, w, h), world, state, &theme()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn on(view: View) -> ViewState {
    ViewState {
        tab: View::ALL.iter().position(|v| *v == view).unwrap(),
        ..ViewState::default()
    }
}

const AREA: Rect = Rect {
    x: 0,
    y: 0,
    width: 160,
    height: 48,
};

/// The World each view is shown on when populated.
fn populated(view: View) -> &'static str {
    match view {
        View::Pipeline | View::Validation => "broken-batch",
        View::Data => "first-pipeline",
        View::Training | View::Registry | View::Serving => "canary-rollback",
        View::Monitoring => "drifting",
    }
}

fn world(name: &str) -> World {
    match name {
        "drifting" => fixtures::drifting(),
        "empty" => fixtures::empty(),
        "canary-rollback" => fixtures::rolled_back_canary(),
        lab => fixtures::lab(lab),
    }
}

#[test]
fn every_view_at_80x24_and_160x48_populated_and_empty() {
    let mut worlds = std::collections::BTreeMap::new();
    for view in View::ALL {
        for name in [populated(view), "empty"] {
            let w = worlds.entry(name).or_insert_with(|| world(name));
            for (cols, rows) in [(80, 24), (160, 48)] {
                let shot = text(w, &on(view), cols, rows);
                let id = format!("{}_{}_{cols}x{rows}", view.title().to_lowercase(), name);
                insta::assert_snapshot!(id, shot);
            }
        }
    }
}

#[test]
fn every_view_draws_in_narrow_and_tiny_panes() {
    for name in ["broken-batch", "drifting"] {
        let w = world(name);
        for view in View::ALL {
            for (cols, rows) in [(40, 20), (52, 18), (20, 6), (1, 1), (200, 2)] {
                let mut s = on(view);
                s.busy = Some(Busy::default());
                let screen = text(&w, &s, cols, rows);
                assert_eq!(screen.lines().count(), usize::from(rows));
            }
        }
    }
}

#[test]
fn empty_views_say_what_creates_their_content() {
    let w = fixtures::empty();
    for view in View::ALL {
        let s = text(&w, &on(view), 80, 24);
        let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("type it in the console"), "{view:?}:\n{s}");
    }
}

#[test]
fn a_click_on_a_tab_opens_it_at_every_width() {
    let w = fixtures::empty();
    for width in [160, 60, 30] {
        // Drawn at the origin; clicked in an area placed at (3, 2) as a pane would be.
        let area = Rect::new(3, 2, width, 20);
        let row = format!(
            "{} ",
            text(&w, &ViewState::default(), width, 20)
                .lines()
                .next()
                .unwrap()
        );
        for (i, label) in tab_labels(width).into_iter().enumerate() {
            let at = row
                .match_indices(&format!(" {label} "))
                .map(|m| row[..m.0].chars().count() + 1)
                .map(|c| u16::try_from(c).unwrap() + 3)
                .find(|c| tab_at(area, *c) == Some(i))
                .unwrap_or_else(|| panic!("{label} not clickable at width {width}: {row}"));
            let mut s = ViewState::default();
            let click = Action::Click { column: at, row: 2 };
            assert!(handle_view(&mut s, click, &w, area) || i == 0);
            assert_eq!(s.view(), View::ALL[i], "width {width}");
        }
        let mut s = ViewState::default();
        assert!(!handle_view(
            &mut s,
            Action::Click { column: 2, row: 2 },
            &w,
            area
        ));
    }
}

#[test]
fn tabs_remember_each_views_row() {
    let w = fixtures::lab("first-pipeline");
    let mut s = on(View::Data);
    for _ in 0..5 {
        handle_view(&mut s, Action::Down, &w, AREA);
    }
    assert_eq!(s.scroll, 5);
    handle_view(&mut s, Action::NextTab, &w, AREA);
    assert_eq!((s.view(), s.scroll), (View::Validation, 0));
    handle_view(&mut s, Action::PrevTab, &w, AREA);
    assert_eq!((s.view(), s.scroll), (View::Data, 5));
    handle_view(&mut s, Action::Bottom, &w, AREA);
    assert_eq!(usize::from(s.scroll), w.data().unwrap().n_rows() - 1);
    assert!(!handle_view(&mut s, Action::Down, &w, AREA), "already last");
}

fn first_run_row(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.trim_start().strip_prefix('▸').map(|r| r[..7].to_owned()))
        .unwrap()
}

#[test]
fn the_sort_key_cycles_column_and_direction_and_reorders_runs() {
    let w = fixtures::rolled_back_canary();
    let mut s = on(View::Training);
    let mut seen = vec![s.sort.order_by()];
    for _ in 0..3 {
        assert!(handle_view(&mut s, Action::Sort, &w, AREA));
        seen.push(s.sort.order_by());
    }
    assert_eq!(
        seen,
        [
            "attributes.start_time DESC",
            "attributes.start_time ASC",
            "metrics.test_accuracy DESC",
            "metrics.test_accuracy ASC"
        ]
    );
    // Largest AUC first, then smallest first.
    while s.sort.column != 5 || !s.sort.descending {
        handle_view(&mut s, Action::Sort, &w, AREA);
    }
    let auc = |id: &str| w.tracking().get(id).unwrap().metrics["test_auc"];
    let top = first_run_row(&text(&w, &s, 160, 48));
    handle_view(&mut s, Action::Sort, &w, AREA);
    let bottom = first_run_row(&text(&w, &s, 160, 48));
    assert_ne!(top, bottom);
    assert!(auc(&top) > auc(&bottom), "{top} {bottom}");
    assert!(text(&w, &s, 160, 48).contains("AUC▲"));
}

fn type_text(s: &mut ViewState, w: &World, t: &str) {
    for c in t.chars() {
        assert!(handle_view(s, Action::Input(c), w, AREA));
    }
}

#[test]
fn an_mlflow_filter_keeps_only_the_matching_runs() {
    let w = fixtures::rolled_back_canary();
    let mut s = on(View::Pipeline);
    assert!(handle_view(&mut s, Action::Search, &w, AREA));
    assert_eq!(
        s.view(),
        View::Training,
        "/ opens the training view's search box"
    );
    assert!(s.typing());
    type_text(
        &mut s,
        &w,
        r#"params.model = "tree" and metrics.test_auc > 0.5"#,
    );
    assert!(text(&w, &s, 160, 48).contains(r#"/ params.model = "tree""#));
    assert!(handle_view(&mut s, Action::Select, &w, AREA));
    assert!(!s.typing());
    let screen = text(&w, &s, 160, 48);
    assert!(screen.contains("(1 of 2)"), "{screen}");
    assert!(
        screen.contains("run-002") && !screen.contains("run-001"),
        "{screen}"
    );
    // Excluding every run says so.
    handle_view(&mut s, Action::Search, &w, AREA);
    assert_eq!(
        s.search.text, s.search.applied,
        "the box opens on the filter in force"
    );
    type_text(&mut s, &w, " and metrics.test_auc > 2");
    handle_view(&mut s, Action::Select, &w, AREA);
    assert!(text(&w, &s, 160, 48).contains("No run matches the filter."));
}

#[test]
fn a_bad_filter_shows_the_parsers_message_and_keeps_the_old_one() {
    let w = fixtures::rolled_back_canary();
    let mut s = on(View::Training);
    handle_view(&mut s, Action::Search, &w, AREA);
    let bad = "metrics.test_auc > 0.5 or params.model = 'tree'";
    type_text(&mut s, &w, bad);
    handle_view(&mut s, Action::Select, &w, AREA);
    let expected = w.tracking().search(bad, &[], 1).unwrap_err();
    assert_eq!(s.search.error.as_deref(), Some(expected.as_str()));
    assert!(s.typing(), "the box stays open to fix the filter");
    let screen = text(&w, &s, 160, 48);
    let shown: String = expected.chars().take(60).collect();
    assert!(screen.contains(&format!("✗ {shown}")), "{screen}");
    assert!(handle_view(&mut s, Action::Back, &w, AREA));
    assert!(!s.typing());
    assert_eq!(s.search.applied, "");
    assert!(text(&w, &s, 160, 48).contains("(2 of 2)"));
}

#[test]
fn the_why_panel_explains_a_real_drift_alert() {
    let w = fixtures::drifting();
    let alerts = &w.monitoring().alerts;
    let (row, alert) = alerts
        .iter()
        .rev()
        .enumerate()
        .find(|(_, a)| {
            a.kind == AlertKind::FeatureDrift && a.feature.as_deref() == Some("debt_to_income")
        })
        .expect("the drift fixture raises a drift alert on debt_to_income");
    let mut s = on(View::Monitoring);
    for _ in 0..row {
        handle_view(&mut s, Action::Down, &w, AREA);
    }
    let screen = text(&w, &s, 160, 48);
    let why: String = screen
        .lines()
        .skip_while(|l| !l.contains("Why did it fire?"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        why.contains(&format!("method     {}", alert.method)),
        "{why}"
    );
    assert!(
        why.contains(&format!("threshold  {}", alert.threshold)),
        "{why}"
    );
    assert!(
        why.contains(&format!("score      {:.4}", alert.score)),
        "{why}"
    );
    assert!(
        why.contains(&format!("{} {}", alert.comparison, alert.threshold)),
        "{why}"
    );
    assert!(why.contains("statistic"), "{why}");
    assert!(why.contains(&format!("served days {}-{}", alert.from_day, alert.to_day)));
    assert!(why.contains("reference  training"), "{why}");
}

#[test]
fn a_p_value_timeline_says_drift_is_below_the_line() {
    let w = fixtures::drifting();
    let mut s = on(View::Monitoring);
    let cols = monitoring::columns(&w);
    let age = cols.iter().position(|c| c == "age").unwrap();
    let dti = cols.iter().position(|c| c == "debt_to_income").unwrap();
    s.choice[6] = age;
    let screen = text(&w, &s, 160, 48);
    assert!(
        screen.contains("age") && screen.contains("BELOW the line"),
        "{screen}"
    );
    while s.choice[6] != dti {
        handle_view(&mut s, Action::Right, &w, AREA);
    }
    let screen = text(&w, &s, 160, 48);
    assert!(screen.contains("above the line") && !screen.contains("BELOW the line"));
}

#[test]
fn the_rolled_back_canary_shows_at_zero_percent() {
    let w = fixtures::rolled_back_canary();
    for (cols, rows) in [(80, 24), (160, 48)] {
        let screen = text(&w, &on(View::Serving), cols, rows);
        let line = screen
            .lines()
            .find(|l| l.contains('↩'))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(line.contains("0%") && line.contains("scorer:v2"), "{line}");
        assert!(screen.contains("rolled back v2 to 0%"), "{screen}");
        let live = screen.lines().find(|l| l.contains("100%")).unwrap();
        assert!(live.contains("v1"), "{live}");
        assert!(screen.contains("● ") && screen.contains("errors error_rate > 0.05"));
    }
}

#[test]
fn the_busy_gauge_shows_above_the_view() {
    let w = fixtures::empty();
    let mut s = on(View::Training);
    s.busy = Some(Busy {
        label: "train logistic".into(),
        done: 2,
        total: 4,
    });
    let screen = text(&w, &s, 80, 24);
    assert!(
        screen
            .lines()
            .nth(1)
            .unwrap()
            .contains("▸ train logistic 2/4"),
        "{screen}"
    );
    assert!(screen.contains("No runs yet"));
}

#[test]
fn a_click_selects_a_run_and_the_roc_follows() {
    let w = fixtures::rolled_back_canary();
    let mut s = on(View::Training);
    let screen = text(&w, &s, 160, 48);
    let row = screen.lines().position(|l| l.starts_with(" run-")).unwrap();
    let click = Action::Click {
        column: 3,
        row: u16::try_from(row).unwrap(),
    };
    assert!(handle_view(&mut s, click, &w, AREA));
    let screen = text(&w, &s, 160, 48);
    let picked = first_run_row(&screen);
    assert!(screen.contains(&format!("ROC {picked}")), "{screen}");
}

/// Prints the views at terminal sizes, to look at them in a real terminal:
/// `cargo test --lib tui::views::tests::print -- --ignored --nocapture`.
#[test]
#[ignore = "prints the views for a look in tmux"]
fn print_views_at_120x40_and_200x60() {
    let w = fixtures::drifting();
    for (cols, rows) in [(120, 40), (200, 60)] {
        for view in View::ALL {
            println!("{}", text(&w, &on(view), cols, rows));
        }
    }
}

#[test]
fn the_serving_chart_shows_the_canary_its_alarm_line_and_the_rollback() {
    let w = fixtures::rolled_back_canary();
    let s = text(&w, &on(View::Serving), 160, 48);
    let at = w.serving().rollbacks.last().unwrap().1;
    let when = super::common::when(at);
    assert!(s.contains("traffic %"), "{s}");
    assert!(s.contains("━ v1") && s.contains("━ v2"), "{s}");
    assert!(s.contains("alarm > 0.05"), "{s}");
    assert!(s.contains(&format!("rollback {when}")), "{s}");
}
