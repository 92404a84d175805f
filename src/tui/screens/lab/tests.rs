//! The lab player and the labs list, driven by actions as a learner would: snapshots of what
//! they see, and flows that check what they rely on (every step passes, progress is saved and
//! resumed with the same World, resets, hints, checkpoint questions).

use super::*;
use crate::tui::app::App;
use crate::tui::screens::Target;
use crate::tui::testing::{app, ctx, screen_text};

/// Lets the background work finish, as the app's ticks would.
fn settle_app(app: &mut App) {
    while app.tick_every().is_some() {
        app.on_tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn lab_app(w: u16, h: u16) -> (App, tempfile::TempDir) {
    let (mut app, dir, _clock) = app(&Target::Lab("first-pipeline".into()), w, h);
    settle_app(&mut app);
    (app, dir)
}

fn player(ctx: &mut Ctx) -> LabPlayer {
    ctx.body = Rect::new(0, 1, 120, 37);
    let mut p = LabPlayer::open("first-pipeline", ctx).unwrap();
    p.settle(ctx);
    p
}

fn act(p: &mut LabPlayer, ctx: &mut Ctx, action: Action) {
    p.handle(action, ctx);
    p.settle(ctx);
}

#[test]
fn labs_list_at_80x24() {
    let (app, _dir, _clock) = app(&Target::Labs, 80, 24);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn labs_list_at_160x48() {
    let (app, _dir, _clock) = app(&Target::Labs, 160, 48);
    insta::assert_snapshot!(screen_text(&app, 160, 48));
}

fn hints_and_check(w: u16, h: u16) -> String {
    let (mut app, _dir) = lab_app(w, h);
    app.on_action(Action::Hint);
    app.on_action(Action::Hint);
    app.on_action(Action::Submit);
    screen_text(&app, w, h)
}

#[test]
fn lab_player_with_hints_and_a_check_at_80x24() {
    let text = hints_and_check(80, 24);
    assert!(text.contains("✗"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn lab_player_with_hints_and_a_check_at_160x48() {
    let text = hints_and_check(160, 48);
    assert!(text.contains("2. Ask for 5,000 rows"), "{text}");
    assert!(text.contains("missing: no data yet"), "{text}");
    insta::assert_snapshot!(text);
}

fn checkpoint(w: u16, h: u16) -> String {
    let (mut app, _dir) = lab_app(w, h);
    app.on_action(Action::Next);
    app.on_action(Action::Pick(2));
    let before = screen_text(&app, w, h);
    assert!(before.contains("● 2 "), "the pick shows: {before}");
    app.on_action(Action::Select);
    screen_text(&app, w, h)
}

#[test]
fn a_checkpoint_question_answered_at_80x24() {
    insta::assert_snapshot!(checkpoint(80, 24));
}

#[test]
fn a_checkpoint_question_answered_at_160x48() {
    insta::assert_snapshot!(checkpoint(160, 48));
}

#[test]
fn every_step_of_the_first_pipeline_runs_and_passes_and_the_store_knows() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(&mut ctx);
    let n = p.lab.steps.len();
    for i in 0..n {
        assert_eq!(p.step(), i);
        act(&mut p, &mut ctx, Action::Run);
        act(&mut p, &mut ctx, Action::Submit);
        let check = p.checks[i].clone().unwrap();
        assert!(check.passed, "step {}: {}", i + 1, check.detail);
        if i + 1 < n {
            act(&mut p, &mut ctx, Action::Next);
        }
    }
    assert!(p.completion.is_some());
    let status = ctx.store.lab_status("first-pipeline").unwrap();
    assert_eq!(status.len(), n);
    assert!(status.values().all(|s| s == "passed"), "{status:?}");
    let rows = ctx.store.lab_steps("first-pipeline").unwrap();
    assert_eq!(rows.iter().filter(|r| r.status == "ran").count(), n);
    let (lines, _) = p.left_lines(80, &ctx.theme);
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|l| l.contains("Lab complete")), "{text:?}");
    assert!(
        text.iter()
            .any(|l| l.contains("mlops-lab quiz --topic data-validation"))
    );
}

#[test]
fn reopening_resumes_at_the_first_step_not_passed_with_the_same_world() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(&mut ctx);
    for _ in 0..6 {
        act(&mut p, &mut ctx, Action::Run);
        act(&mut p, &mut ctx, Action::Submit);
        act(&mut p, &mut ctx, Action::Next);
    }
    // Step 7 ran but its check was never asked.
    act(&mut p, &mut ctx, Action::Run);
    let versions = |w: &World| w.registry().models["scorer"].versions.len();
    let before = (versions(p.world()), p.world().tracking().runs.len());
    drop(p);
    let again = LabPlayer::open("first-pipeline", &mut ctx).unwrap();
    assert!(again.busy(), "the World is rebuilt in the background");
    let mut again = again;
    again.settle(&mut ctx);
    assert_eq!(again.step(), 6);
    assert_eq!(
        (versions(again.world()), again.world().tracking().runs.len()),
        before
    );
    // Step 7's run is part of the replay: checking it now passes without running it again.
    act(&mut again, &mut ctx, Action::Submit);
    assert!(again.checks[6].as_ref().unwrap().passed);
}

#[test]
fn resetting_a_step_rewinds_the_world_to_before_it() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(&mut ctx);
    for _ in 0..3 {
        act(&mut p, &mut ctx, Action::Run);
        act(&mut p, &mut ctx, Action::Next);
    }
    act(&mut p, &mut ctx, Action::Run);
    assert_eq!(p.world().tracking().runs.len(), 4);
    act(&mut p, &mut ctx, Action::ResetStep);
    assert!(p.world().tracking().runs.is_empty());
    assert!(p.world().training_set().is_some(), "earlier steps are kept");
    assert_eq!(p.progress.ran, 3);
    act(&mut p, &mut ctx, Action::Run);
    assert_eq!(p.world().tracking().runs.len(), 4);
    // The whole lab, after a confirmation.
    act(&mut p, &mut ctx, Action::ResetLab);
    assert!(p.world().data().is_some(), "one X only asks");
    act(&mut p, &mut ctx, Action::ResetLab);
    assert!(p.world().data().is_none());
    assert_eq!(p.step(), 0);
}

#[test]
fn hints_come_one_tier_at_a_time_and_are_saved() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(&mut ctx);
    let text = |p: &LabPlayer, ctx: &Ctx| {
        let (lines, _) = p.left_lines(100, &ctx.theme);
        lines
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(text(&p, &ctx).contains("Hints (0 of 3 shown)"));
    act(&mut p, &mut ctx, Action::Hint);
    let one = text(&p, &ctx);
    assert!(one.contains("1. The command that creates"), "{one}");
    assert!(!one.contains("2. Ask for"), "{one}");
    act(&mut p, &mut ctx, Action::Hint);
    act(&mut p, &mut ctx, Action::Hint);
    act(&mut p, &mut ctx, Action::Hint);
    assert!(text(&p, &ctx).contains("Hints (3 of 3 shown)"));
    let hints: Vec<String> = ctx
        .store
        .lab_steps("first-pipeline")
        .unwrap()
        .into_iter()
        .filter(|r| r.status.starts_with("hint-"))
        .map(|r| r.status)
        .collect();
    assert_eq!(hints, ["hint-1", "hint-2", "hint-3"]);
    assert!(ctx.notice.as_ref().unwrap().text.contains("All 3 hints"));
}

#[test]
fn a_checkpoint_answer_is_graded_explained_and_recorded_like_a_quiz_answer() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(&mut ctx);
    act(&mut p, &mut ctx, Action::Next);
    let (_, q) = p.question.as_ref().unwrap();
    let item = q.session.current();
    let QuestionKind::Single { options } = &item.question.kind else {
        panic!("a single-answer question")
    };
    let right = item
        .shown
        .items
        .iter()
        .position(|&i| options[i].correct)
        .unwrap();
    act(
        &mut p,
        &mut ctx,
        Action::Pick(u8::try_from(right + 1).unwrap()),
    );
    act(&mut p, &mut ctx, Action::Select);
    let feedback = p.question.as_ref().unwrap().1.result.clone().unwrap();
    assert!(feedback.correct);
    let attempts = ctx.store.attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].question_id, "data-validation-001");
    assert!(attempts[0].correct);
    // Recorded as a lab checkpoint, so readiness leaves it out: the lab had just explained it.
    assert_eq!(attempts[0].mode, "lab");
    assert!(ctx.store.card("data-validation-001").unwrap().is_some());
    // Enter again shows the step's second question.
    act(&mut p, &mut ctx, Action::Select);
    assert_eq!(p.question.as_ref().unwrap().0, 1);
}

#[test]
fn keys_wait_while_commands_run() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(&mut ctx);
    p.handle(Action::Run, &mut ctx);
    assert!(p.busy());
    assert!(p.tick_every().is_some());
    p.handle(Action::Submit, &mut ctx);
    assert!(ctx.notice.as_ref().unwrap().text.starts_with("running…"));
    p.settle(&mut ctx);
    assert!(!p.busy());
    assert!(p.world().data().is_some());
}

#[test]
fn a_lab_file_path_opens_and_a_bad_id_says_why() {
    let (mut ctx, _dir, _clock) = ctx();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/labs/broken-batch.toml");
    let p = LabPlayer::open(path, &mut ctx).unwrap();
    assert_eq!(p.lab.id, "broken-batch");
    let Err(why) = LabPlayer::open("no-such-lab", &mut ctx) else {
        panic!("an unknown lab must not open")
    };
    assert!(why.contains("unknown lab `no-such-lab`"), "{why}");
}

use crate::content::QuestionKind;

#[test]
fn the_list_shows_progress_preselects_the_lab_touched_last_and_enter_opens_it() {
    use crate::store::LabStepRow;
    let (mut ctx, _dir, clock) = ctx();
    for (lab, step, status) in [
        ("first-pipeline", 0, "passed"),
        ("broken-batch", 0, "passed"),
        ("broken-batch", 1, "passed"),
    ] {
        clock.advance_secs(60);
        let at = ctx.now();
        ctx.store
            .record_lab_step(&LabStepRow {
                lab_id: lab.into(),
                step,
                status: status.into(),
                at,
            })
            .unwrap();
    }
    let labs = crate::tui::screens::labs::Labs::new(&mut ctx);
    let mut app = App::new(Box::new(labs), ctx, Rect::new(0, 0, 100, 30));
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("▸ 1 Catch a broken batch"), "{text}");
    assert!(text.contains("● 2/6 steps"), "{text}");
    assert!(text.contains("● 1/8 steps"), "{text}");
    app.on_action(Action::Select);
    settle_app(&mut app);
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("Labs › Catch a broken batch"), "{text}");
    assert!(text.contains("Step 3 of 6"), "{text}");
}
