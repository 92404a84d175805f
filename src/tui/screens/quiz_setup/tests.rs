//! The set-up screens: what they offer, how ← → change the choices, and what Start asks for.

use super::*;
use crate::quiz::Mode;
use crate::tui::app::App;
use crate::tui::screens::Target;
use crate::tui::testing::{self, ctx, screen_text};

fn setup(kind: SetupKind) -> (Setup, Ctx, tempfile::TempDir) {
    let (mut ctx, dir, _clock) = ctx();
    ctx.body = crate::tui::app::areas(Rect::new(0, 0, 80, 24)).body;
    (Setup::new(kind, &mut ctx), ctx, dir)
}

fn select(s: &mut Setup, row: Row) {
    s.menu.selected = s.rows().iter().position(|r| *r == row).unwrap();
}

#[test]
fn quiz_setup_at_80x24_and_160x48() {
    let (app, _dir, _clock) = testing::app(&Target::Quiz, 80, 24);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
    let (app, _dir, _clock) = testing::app(&Target::Quiz, 160, 48);
    insta::assert_snapshot!(screen_text(&app, 160, 48));
}

#[test]
fn exam_setup_at_80x24_and_160x48() {
    let (app, _dir, _clock) = testing::app(&Target::Exam, 80, 24);
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("60 questions, 120 min (full length)"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    let (app, _dir, _clock) = testing::app(&Target::Exam, 160, 48);
    let text = screen_text(&app, 160, 48);
    assert!(
        text.contains("sampled by the blueprint's domain weights"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn review_setup_at_80x24_and_160x48() {
    let (app, _dir, _clock) = testing::app(&Target::Review, 80, 24);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("No review cards yet"), "{text}");
    insta::assert_snapshot!(text);
    let (app, _dir, _clock) = testing::app(&Target::Review, 160, 48);
    insta::assert_snapshot!(screen_text(&app, 160, 48));
}

#[test]
fn a_shorter_exam_scales_its_minutes() {
    let (mut s, mut ctx, _dir) = setup(SetupKind::Exam);
    select(&mut s, Row::Count);
    s.handle(Action::Left, &mut ctx);
    assert_eq!(s.count, 55);
    let item = s.item(Row::Count, &ctx);
    assert!(
        item.detail.contains("55 questions, 110 min (shorter)"),
        "{item:?}"
    );
    let req = s.request(&ctx).unwrap();
    assert_eq!((req.mode, req.count), (Mode::Exam, Some(55)));
}

#[test]
fn retired_exams_are_marked_and_explained() {
    let (mut s, mut ctx, _dir) = setup(SetupKind::Quiz);
    select(&mut s, Row::Exam);
    let retired = s
        .exams
        .iter()
        .position(|id| ctx.bank.exam(id).unwrap().is_retired())
        .unwrap();
    // From the first exam to the retired one (All exams comes before the first).
    for _ in 0..retired {
        s.handle(Action::Right, &mut ctx);
    }
    assert!(s.item(Row::Exam, &ctx).detail.contains("(retired)"));
    let about: Vec<String> = info::lines(&s, Some(Row::Exam), &ctx)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(about.iter().any(|l| l.contains("Retired on")), "{about:?}");
}

#[test]
fn drill_choices_become_the_request() {
    let (mut s, mut ctx, _dir) = setup(SetupKind::Quiz);
    select(&mut s, Row::Mode);
    s.handle(Action::Right, &mut ctx);
    assert!(s.rows().contains(&Row::Domain));
    select(&mut s, Row::Domain);
    s.handle(Action::Right, &mut ctx);
    let req = s.request(&ctx).unwrap();
    assert_eq!(req.mode, Mode::Drill);
    assert_eq!(req.domain.as_deref(), Some("2"));
    select(&mut s, Row::Mode);
    s.handle(Action::Right, &mut ctx);
    assert!(s.rows().contains(&Row::Topic));
    let req = s.request(&ctx).unwrap();
    assert_eq!(
        req.topic.as_deref(),
        Some(crate::content::Topic::ALL[0].as_str())
    );
    // Missed mode with nothing missed says so and stays.
    s.handle(Action::Right, &mut ctx);
    assert!(matches!(
        s.handle(Action::Select, &mut ctx),
        Outcome::Changed
    ));
    assert!(ctx.notice.unwrap().text.contains("no missed questions"));
}

#[test]
fn a_domain_drill_offers_only_the_domains_in_this_product() {
    let (mut s, mut ctx, _dir) = setup(SetupKind::Quiz);
    let ai103 = s.exams.iter().position(|e| e == "azure-ai-103").unwrap();
    s.exam = Some(ai103);
    select(&mut s, Row::Mode);
    s.handle(Action::Right, &mut ctx);
    assert_eq!(s.practice_mode(), PracticeMode::DrillDomain);
    select(&mut s, Row::Domain);
    // Three presses from the first domain: 1, 2, back to 1, and 2 again; never 3 to 5 (vision
    // and text analysis, `in_scope = false` in the catalog).
    let mut seen = vec![s.request(&ctx).unwrap().domain.unwrap()];
    for _ in 0..3 {
        s.handle(Action::Right, &mut ctx);
        seen.push(s.request(&ctx).unwrap().domain.unwrap());
    }
    assert_eq!(seen, ["1", "2", "1", "2"]);
    s.handle(Action::Left, &mut ctx);
    assert_eq!(s.request(&ctx).unwrap().domain.as_deref(), Some("1"));
    let shown = s.item(Row::Domain, &ctx).detail;
    assert!(shown.contains("1 Plan and manage"), "{shown}");
}

#[test]
fn retention_changes_are_saved() {
    let (mut s, mut ctx, _dir) = setup(SetupKind::Review);
    select(&mut s, Row::Retention);
    s.handle(Action::Left, &mut ctx);
    assert_eq!(
        ctx.store.setting(RETENTION_SETTING).unwrap().as_deref(),
        Some("0.89")
    );
}

#[test]
fn the_interrupted_session_is_offered_and_resumes() {
    let (mut app, _dir, _clock) = testing::app(&Target::Quiz, 80, 24);
    app.on_action(Action::Select); // start 10 questions
    app.on_action(Action::Pick(1));
    app.on_action(Action::Back); // leave mid-way
    assert_eq!(app.ctx.store.unfinished_sessions().unwrap().len(), 1);
    let first = crate::tui::screens::open(&Target::Quiz, &mut app.ctx).unwrap();
    let mut app = App::new(first, app.ctx, Rect::new(0, 0, 80, 24));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Resume"), "{text}");
    app.on_action(Action::Pick(1));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Resumed the practice session"), "{text}");
    assert!(text.contains("answered 1/10"), "{text}");
}

#[test]
fn review_with_nothing_due_says_when_the_next_card_is() {
    let (mut s, mut ctx, _dir) = setup(SetupKind::Review);
    s.cards = Cards {
        total: 4,
        due: 0,
        next_due: Some(ctx.now().plus_secs(3 * 86_400)),
    };
    s.handle(Action::Select, &mut ctx);
    let notice = ctx.notice.unwrap().text;
    assert!(
        notice.contains("in 3 days") && notice.contains("4 cards"),
        "{notice}"
    );
}
