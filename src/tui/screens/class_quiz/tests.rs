//! Class quiz mode driven through the app: the question and revealed screens as the room sees
//! them, the countdown from the injected clock, and a whole session that leaves the store as it
//! found it.

use crate::quiz::class::ClassRequest;
use crate::tui::action::Action;
use crate::tui::screens::Target;
use crate::tui::testing::{app, screen_text};

fn class(count: usize, seconds: u32) -> Target {
    Target::ClassQuiz(ClassRequest {
        exam: Some("gcp-pmle".into()),
        domain: None,
        topic: None,
        count: Some(count),
        seed: 3,
        seconds,
    })
}

#[test]
fn the_question_screen_counts_down_from_the_clock_and_says_when_time_is_up() {
    let (mut app, _dir, clock) = app(&class(3, 60), 100, 32);
    let start = screen_text(&app, 100, 32);
    assert!(start.contains("Question 1 of 3"), "{start}");
    assert!(start.contains("⏱ 1:00"), "{start}");
    clock.advance_secs(18);
    app.on_tick();
    let later = screen_text(&app, 100, 32);
    assert!(later.contains("⏱ 0:42"), "{later}");
    insta::assert_snapshot!("class_question_100x32", later);
    clock.advance_secs(60);
    app.on_tick();
    let up = screen_text(&app, 100, 32);
    assert!(
        up.contains("Time is up: Space or r reveals the answer"),
        "{up}"
    );
    // Time up does not reveal the key by itself.
    assert!(!up.contains("The answer:"), "{up}");
}

#[test]
fn a_key_press_reveals_the_key_and_every_options_why() {
    let (mut app, _dir, clock) = app(&class(3, 60), 100, 40);
    clock.advance_secs(30);
    app.on_action(Action::Reveal);
    let shown = screen_text(&app, 100, 40);
    assert!(shown.contains("The answer:"), "{shown}");
    assert!(!shown.contains("Not answered"), "{shown}");
    insta::assert_snapshot!("class_revealed_100x40", shown);
    // Next: a new question, hidden again, with its full time.
    app.on_action(Action::Next);
    let next = screen_text(&app, 100, 40);
    assert!(next.contains("Question 2 of 3"), "{next}");
    assert!(next.contains("⏱ 1:00"), "{next}");
    assert!(!next.contains("The answer:"), "{next}");
}

#[test]
fn a_whole_class_session_records_nothing_in_the_store() {
    let (mut app, _dir, clock) = app(&class(4, 10), 100, 40);
    for _ in 0..4 {
        clock.advance_secs(12);
        app.on_tick();
        app.on_action(Action::Reveal);
        app.on_action(Action::Next);
    }
    app.on_action(Action::Prev);
    let store = &app.ctx.store;
    assert!(store.sessions().unwrap().is_empty());
    assert!(store.attempts().unwrap().is_empty());
    assert!(store.cards().unwrap().is_empty());
    assert!(store.review_log().unwrap().is_empty());
    assert!(store.disputes().unwrap().is_empty());
    // A second connection (as another screen would open) sees nothing either.
    let other = crate::store::Store::open_in(&app.ctx.data_dir)
        .unwrap()
        .store;
    assert!(other.sessions().unwrap().is_empty());
    assert!(other.attempts().unwrap().is_empty());
}
