//! Presenter mode as an instructor drives it: `P` switches the lab player and the sandbox to the
//! projector layout with the high-contrast theme, a command's events wait for `Space`, and `P`
//! again brings the learner's theme and every held event back. Snapshots of both layouts.

use std::time::Duration;

use crate::data::scenario::Scenario;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::screens::Target;
use crate::tui::testing::{app, screen_text};

const TWO_STEP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/labs/two-step.toml"
);

fn settle(app: &mut App) {
    while app.tick_every().is_some() {
        app.on_tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn type_line(app: &mut App, line: &str) {
    app.on_action(Action::Console);
    for c in line.chars() {
        app.on_action(Action::Input(c));
    }
    app.on_action(Action::Select);
    settle(app);
    // Esc leaves the console, so Space is a key again.
    app.on_action(Action::Back);
}

#[test]
fn the_lab_player_presents_one_event_at_a_time_at_120x40() {
    let (mut app, _dir, _clock) = app(
        &Target::Lab(TWO_STEP.into(), crate::lab::record::Setup::default()),
        120,
        40,
    );
    settle(&mut app);
    app.on_action(Action::Present);
    type_line(&mut app, "generate rows=5000 missing_rate=0.01");
    let held = screen_text(&app, 120, 40);
    assert!(held.contains("theme high-contrast"), "{held}");
    assert!(held.contains("Presenting · Step 2 of 2"), "{held}");
    assert!(
        held.contains("› generate rows=5000"),
        "the typed line shows: {held}"
    );
    assert!(!held.contains("generated 5000"), "its events wait: {held}");
    assert!(held.contains("Space: next event (2 more)"), "{held}");
    app.on_action(Action::Reveal);
    let one = screen_text(&app, 120, 40);
    assert!(one.contains("generated 5000 credit-risk rows"), "{one}");
    assert!(!one.contains("✓ step 1 done"), "{one}");
    assert!(one.contains("Space: next event (1 more)"), "{one}");
    insta::assert_snapshot!(one);
    // Leaving presenter mode shows everything and brings the learner's theme back.
    app.on_action(Action::Present);
    let back = screen_text(&app, 120, 40);
    assert!(back.contains("theme dark"), "{back}");
    assert!(back.contains("✓ step 1 done"), "{back}");
    assert!(!back.contains("Presenting"), "{back}");
}

#[test]
fn space_asks_for_the_next_hint_once_every_event_is_shown() {
    let (mut app, _dir, _clock) = app(
        &Target::Lab(TWO_STEP.into(), crate::lab::record::Setup::default()),
        120,
        40,
    );
    settle(&mut app);
    app.on_action(Action::Present);
    app.on_action(Action::Reveal);
    settle(&mut app);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Hints (1 of"), "the hint in the step: {text}");
    assert!(text.contains("Space: next event (1 more)"), "{text}");
    app.on_action(Action::Reveal);
    let text = screen_text(&app, 120, 40);
    assert!(
        text.contains("hint 1 of 2"),
        "its note in the transcript: {text}"
    );
    assert!(text.contains("Space: next hint"), "{text}");
    app.on_action(Action::Reveal);
    settle(&mut app);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Hints (2 of 2)"), "{text}");
}

#[test]
fn the_sandbox_presents_the_knob_at_hand_and_the_world_at_120x40() {
    let target = Target::Sandbox {
        scenario: Scenario::CreditRisk,
        seed: 42,
        timeline: crate::world::timeline::Schedule::default(),
    };
    let (mut app, _dir, _clock) = app(&target, 120, 40);
    app.on_action(Action::Present);
    app.on_action(Action::Select);
    settle(&mut app);
    let held = screen_text(&app, 120, 40);
    assert!(held.contains("Presenting · Knobs"), "{held}");
    assert!(held.contains("» building the platform"), "{held}");
    assert!(
        !held.contains("Retraining"),
        "only the knob's group: {held}"
    );
    assert!(held.contains("build the platform"), "{held}");
    assert!(held.contains("Space: next event"), "{held}");
    assert!(!held.contains("scorer@champion"), "events wait: {held}");
    for _ in 0..3 {
        app.on_action(Action::Reveal);
    }
    let shown = screen_text(&app, 120, 40);
    insta::assert_snapshot!(shown);
}
