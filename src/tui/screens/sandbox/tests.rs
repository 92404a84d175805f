//! The sandbox driven by actions: what it looks like, and that building the platform and
//! serving a week of traffic works from the keys on screen.

use super::*;
use crate::tui::app::App;
use crate::tui::screens::Target;
use crate::tui::testing::{app, ctx, screen_text};
use crate::world::timeline::Schedule;

fn target() -> Target {
    Target::Sandbox {
        scenario: Scenario::CreditRisk,
        seed: 42,
        timeline: crate::world::timeline::Schedule::default(),
    }
}

fn settle_app(app: &mut App) {
    while app.tick_every().is_some() {
        app.on_tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn sandbox_at_80x24() {
    let (app, _dir, _clock) = app(&target(), 80, 24);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn sandbox_at_160x48() {
    let (mut app, _dir, _clock) = app(&target(), 160, 48);
    app.on_action(Action::Select);
    settle_app(&mut app);
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("scorer@champion -> version 1"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn building_the_platform_then_a_week_serves_traffic() {
    let (mut ctx, _dir, _clock) = ctx();
    ctx.body = Rect::new(0, 1, 120, 37);
    let mut s = Sandbox::new(Scenario::CreditRisk, 42, Schedule::default(), &mut ctx);
    // The build is preselected: Enter runs it.
    s.handle(Action::Select, &mut ctx);
    s.settle(&mut ctx);
    let w = s.world();
    assert_eq!(
        w.registry().alias("scorer", "champion").map(|v| v.version),
        Some(1)
    );
    assert!(w.serving().endpoints.contains_key("scoring"));
    let start = w.now();
    s.handle(Action::AdvanceWeek, &mut ctx);
    assert!(s.tick_every().is_some());
    s.settle(&mut ctx);
    let w = s.world();
    // Seven served days, each one simulated day (the clock lands just before midnight).
    assert!(w.now() - start > 6 * crate::data::table::DAY);
    let days = &w.production()["scoring"];
    assert_eq!(days.len(), 7);
    assert!(days.iter().all(|d| d.requests.n_rows() > 0));
    assert!(s.log.iter().any(|l| l.contains("day")), "{:?}", s.log);
}

#[test]
fn a_knob_turned_and_applied_becomes_world_commands() {
    let (mut ctx, _dir, _clock) = ctx();
    ctx.body = Rect::new(0, 1, 120, 37);
    let mut s = Sandbox::new(Scenario::Churn, 3, Schedule::default(), &mut ctx);
    s.handle(Action::Top, &mut ctx);
    s.handle(Action::Down, &mut ctx);
    s.handle(Action::Down, &mut ctx);
    // rows: 5000 -> 1000 (one left, then wrapping to the end and back).
    s.handle(Action::Left, &mut ctx);
    s.handle(Action::Left, &mut ctx);
    assert_eq!(s.settings.value(2), "1000");
    // The preview and the log show the commands as the console lines a learner would type.
    let preview = s.log_lines(200, 10, &ctx.theme, false);
    assert_eq!(
        preview[0].to_string(),
        "Enter sends generate rows=1000 missing_rate=0.01; infer_schema; validate"
    );
    s.handle(Action::Select, &mut ctx);
    assert!(
        s.log.contains(
            &"» Data: generate rows=1000 missing_rate=0.01; infer_schema; validate".into()
        ),
        "{:?}",
        s.log
    );
    s.settle(&mut ctx);
    assert_eq!(
        s.world().data().map(crate::data::table::Table::n_rows),
        Some(1000)
    );
    assert!(s.world().schema().is_some());
    assert!(
        s.log
            .iter()
            .any(|l| l.starts_with("generated 1000 churn rows")),
        "{:?}",
        s.log
    );
}

#[test]
fn a_line_typed_in_the_console_runs_and_the_world_pane_follows() {
    let (mut ctx, _dir, _clock) = ctx();
    ctx.body = Rect::new(0, 1, 120, 37);
    let mut s = Sandbox::new(Scenario::CreditRisk, 42, Schedule::default(), &mut ctx);
    s.handle(Action::Console, &mut ctx);
    assert!(s.typing(), "letters type once the console has the focus");
    for c in "generate rows=abc".chars() {
        s.handle(Action::Input(c), &mut ctx);
    }
    s.handle(Action::Select, &mut ctx);
    assert!(
        s.log.iter().any(|l| l == "                ^^^"),
        "{:?}",
        s.log
    );
    assert!(s.world().data().is_none());
    for c in "generate rows=300".chars() {
        s.handle(Action::Input(c), &mut ctx);
    }
    s.handle(Action::Select, &mut ctx);
    s.settle(&mut ctx);
    assert_eq!(
        s.world().data().map(crate::data::table::Table::n_rows),
        Some(300)
    );
    assert_eq!(s.views.view(), crate::tui::views::View::Data);
    s.handle(Action::Back, &mut ctx);
    assert!(!s.typing());
}
