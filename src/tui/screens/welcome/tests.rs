//! The first start: the welcome on an empty store only, the exam stored, "start here" first,
//! a skip remembered; home's `e` changes the exam and the next-thing line follows the store.

use ratatui::layout::Rect;

use super::*;
use crate::clock::{Clock, Timestamp};
use crate::store::{CardRow, ReviewRecord};
use crate::tui::app::App;
use crate::tui::screens::Target;
use crate::tui::testing::{ctx, screen_text};

/// The app as `mlops-lab` opens it on this store, `w` x `h`.
fn start(ctx: Ctx, w: u16, h: u16) -> App {
    let mut ctx = ctx;
    let (home, above) = crate::tui::first_screens(&Target::Home, &mut ctx).unwrap();
    let mut app = App::new(home, ctx, Rect::new(0, 0, w, h));
    if let Some(screen) = above {
        app.push(screen);
    }
    app
}

#[test]
fn welcome_at_80x24() {
    let (ctx, _dir, _clock) = ctx();
    let app = start(ctx, 80, 24);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn choosing_an_exam_stores_it_and_offers_start_here_first() {
    let (ctx, _dir, _clock) = ctx();
    let mut app = start(ctx, 100, 30);
    let text = screen_text(&app, 100, 30);
    assert!(text.contains(ABOUT.split(':').next().unwrap()), "{text}");
    // Only active exams, then "not sure yet".
    assert!(text.contains("2 aws-mla-c01"), "{text}");
    assert!(
        !text.contains("aws-mls-c01"),
        "retired exams are not offered: {text}"
    );
    assert!(text.contains("5 not sure yet"), "{text}");
    app.on_action(Action::Pick(2));
    assert_eq!(
        app.ctx.store.target_exam().unwrap().as_deref(),
        Some("aws-mla-c01")
    );
    assert!(!app.ctx.store.needs_welcome().unwrap());
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("✓ Target exam: aws-mla-c01."), "{text}");
    assert!(
        text.contains("▸ 1 Start here  the first lab: Your first pipeline"),
        "{text}"
    );
    // Start here opens the first lab in place of the welcome; Esc from it is home.
    app.on_action(Action::Select);
    assert!(
        screen_text(&app, 100, 30).contains("Home › Your first pipeline"),
        "{}",
        screen_text(&app, 100, 30)
    );
    app.on_action(Action::Back);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains("Target exam: aws-mla-c01 · e changes it"),
        "{text}"
    );
    // The target exam leads the readiness list.
    let first = text
        .lines()
        .find(|l| l.contains("not enough evidence"))
        .unwrap_or_default();
    assert!(first.contains("aws-mla-c01"), "{text}");
}

#[test]
fn a_skip_is_remembered_and_the_welcome_never_shows_again() {
    let (first, dir, _clock) = ctx();
    let mut app = start(first, 80, 24);
    app.on_action(Action::Back);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Welcome skipped"), "{text}");
    assert!(text.contains("No target exam · e chooses one"), "{text}");
    drop(app);
    let (mut again, _dir2, _clock2) = ctx();
    again.store = crate::store::Store::open_in(dir.path()).unwrap().store;
    let app = start(again, 80, 24);
    assert!(!screen_text(&app, 80, 24).contains("Welcome to mlops-lab"));
}

#[test]
fn a_store_already_in_use_gets_no_welcome() {
    let (mut ctx, _dir, _clock) = ctx();
    crate::tui::testing::answer_all(&mut ctx, &["drift-001".to_owned()], true);
    let app = start(ctx, 80, 24);
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("Welcome to mlops-lab"), "{text}");
    assert!(text.contains("Readiness"), "{text}");
}

#[test]
fn e_on_home_changes_the_target_exam_and_the_quiz_set_up_follows() {
    let (mut ctx, _dir, _clock) = ctx();
    ctx.store
        .set_target_exam(Some("gcp-pmle"), Timestamp(1))
        .unwrap();
    let mut app = start(ctx, 100, 30);
    app.on_action(Action::ChooseExam);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains("▸ 1 gcp-pmle"),
        "the current one is selected: {text}"
    );
    app.on_action(Action::Pick(3));
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("Target exam: azure-ai-300 (saved)"), "{text}");
    assert!(
        text.contains("Target exam: azure-ai-300 · e changes it"),
        "{text}"
    );
    // Quiz (menu item 2) opens its set-up on the target exam.
    app.on_action(Action::Pick(2));
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("azure-ai-300"), "{text}");
    // Esc on the change keeps the exam.
    app.on_action(Action::Back);
    app.on_action(Action::ChooseExam);
    app.on_action(Action::Back);
    assert_eq!(
        app.ctx.store.target_exam().unwrap().as_deref(),
        Some("azure-ai-300")
    );
}

#[test]
fn home_says_the_next_thing_and_n_does_it() {
    let (mut ctx, _dir, clock) = ctx();
    ctx.store
        .set_target_exam(Some("gcp-pmle"), Timestamp(1))
        .unwrap();
    let mut app = start(ctx, 100, 30);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains(" n  Next: start here, the lab Your first pipeline"),
        "{text}"
    );
    app.on_action(Action::Next);
    assert!(screen_text(&app, 100, 30).contains("Home › Your first pipeline"));
    app.on_action(Action::Back);
    // A card due now comes before any lab.
    let now = clock.now();
    app.ctx
        .store
        .record_review(&ReviewRecord {
            session_id: None,
            rating: 1,
            elapsed_days: 0,
            card: CardRow {
                question_id: "drift-001".into(),
                stability: 1.0,
                difficulty: 5.0,
                last_review: now,
                due: now,
                reps: 1,
                lapses: 1,
            },
        })
        .unwrap();
    // Home reads the store again whenever the learner comes back to it.
    app.on_action(Action::ChooseExam);
    app.on_action(Action::Back);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains(" n  Next: review the 1 question due now"),
        "{text}"
    );
    app.on_action(Action::Next);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains("Question 1 of 1"),
        "n starts the review: {text}"
    );
}
