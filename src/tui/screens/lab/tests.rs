//! The lab player and the labs list, driven by actions as a learner would: typing console lines
//! (with mistakes), hints, the solution key, decisions, checkpoint questions, resuming, and what
//! the store records; snapshots of what they see.

use super::*;
use crate::lab::record::Setup;
use crate::tui::app::App;
use crate::tui::screens::Target;
use crate::tui::testing::{app, ctx, screen_text};
use crate::tui::views::View;

const TWO_STEP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/labs/two-step.toml"
);
const DECISION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/labs/decision.toml"
);

/// Lets the background work finish, as the app's ticks would.
fn settle_app(app: &mut App) {
    while app.tick_every().is_some() {
        app.on_tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn player(target: &str, ctx: &mut Ctx) -> LabPlayer {
    ctx.body = Rect::new(0, 1, 120, 37);
    let mut p = LabPlayer::open(target, &Setup::default(), ctx).unwrap();
    p.settle(ctx);
    p
}

fn act(p: &mut LabPlayer, ctx: &mut Ctx, action: Action) {
    p.handle(action, ctx);
    p.settle(ctx);
}

/// `r` twice: the step's solution (one `r` only asks).
fn solve(p: &mut LabPlayer, ctx: &mut Ctx) {
    act(p, ctx, Action::Run);
    act(p, ctx, Action::Run);
}

/// `:`, the line typed key by key, Enter; then Esc back to the step.
fn type_line(p: &mut LabPlayer, ctx: &mut Ctx, line: &str) {
    p.handle(Action::Console, ctx);
    for c in line.chars() {
        p.handle(Action::Input(c), ctx);
    }
    act(p, ctx, Action::Select);
    p.handle(Action::Back, ctx);
}

fn log_text(p: &LabPlayer) -> String {
    p.log
        .iter()
        .map(|e| format!("{e:?}"))
        .collect::<Vec<_>>()
        .join("\n")
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

fn typed_with_a_mistake(w: u16, h: u16) -> String {
    let (mut app, _dir, _clock) = app(&Target::Lab(TWO_STEP.into(), Setup::default()), w, h);
    settle_app(&mut app);
    app.on_action(Action::Hint);
    settle_app(&mut app);
    app.on_action(Action::Console);
    for c in "generate rows=abc".chars() {
        app.on_action(Action::Input(c));
    }
    app.on_action(Action::Select);
    settle_app(&mut app);
    for c in "generate rows=5000 missing_rate=0.01".chars() {
        app.on_action(Action::Input(c));
    }
    app.on_action(Action::Select);
    settle_app(&mut app);
    for c in "infer_schema ".chars() {
        app.on_action(Action::Input(c));
    }
    screen_text(&app, w, h)
}

#[test]
fn lab_player_typed_with_a_mistake_at_80x24() {
    let text = typed_with_a_mistake(80, 24);
    assert!(text.contains("✓ step 1 done"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn lab_player_typed_with_a_mistake_at_160x48() {
    let text = typed_with_a_mistake(160, 48);
    assert!(text.contains("Step 2 of 2"), "{text}");
    assert!(text.contains("^^^"), "the caret under `abc`: {text}");
    assert!(text.contains("✓ step 1 done (with hints)"), "{text}");
    assert!(
        text.contains("infer_schema"),
        "the signature of what is typed: {text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn a_typed_command_runs_shows_its_event_and_the_world_pane_follows() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    type_line(&mut p, &mut ctx, "generate rows=5000 missing_rate=0.01");
    assert_eq!(
        p.world().data().map(crate::data::table::Table::n_rows),
        Some(5000)
    );
    let log = log_text(&p);
    assert!(
        log.contains("generate rows=5000 missing_rate=0.01"),
        "{log}"
    );
    assert!(log.contains("generated 5000 credit-risk rows"), "{log}");
    assert!(log.contains("✓ step 1 done (unaided)"), "{log}");
    assert_eq!(p.views.view(), View::Data);
    assert_eq!(p.step(), 1);
    type_line(&mut p, &mut ctx, "infer_schema");
    assert_eq!(p.views.view(), View::Validation);
}

#[test]
fn a_mistyped_line_points_at_the_argument_and_counts_as_a_mistake() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    type_line(&mut p, &mut ctx, "generate rows=abc");
    let log = log_text(&p);
    assert!(log.contains("rows"), "{log}");
    assert!(log.contains("\"              ^^^\""), "{log}");
    assert_eq!(p.session.records()[0].mistakes, 1);
    assert!(p.world().data().is_none());
}

#[test]
fn typing_the_whole_lab_completes_it_and_the_store_records_it_unaided() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    for line in [
        "generate rows=5000 missing_rate=0.01",
        "infer_schema",
        "validate",
    ] {
        type_line(&mut p, &mut ctx, line);
    }
    assert!(p.session.complete());
    let runs = ctx.store.lab_run_summaries().unwrap();
    assert_eq!(runs.len(), 1);
    assert!(runs[0].latest_complete);
    let hows: Vec<&str> = runs[0].steps.iter().map(|s| s.how.as_str()).collect();
    assert_eq!(hows, ["unaided", "unaided"]);
    let (width, theme) = (70, &ctx.theme);
    let summary: Vec<String> = p
        .step_lines(width, theme)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        summary.iter().any(|l| l.contains("2 steps: 2 unaided")),
        "{summary:?}"
    );
}

#[test]
fn the_solution_key_and_the_hint_key_are_recorded_as_such() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    act(&mut p, &mut ctx, Action::Hint);
    let lines: Vec<String> = p
        .step_lines(70, &ctx.theme)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("Hints (1 of 2)")),
        "{lines:?}"
    );
    solve(&mut p, &mut ctx);
    solve(&mut p, &mut ctx);
    assert!(p.session.complete());
    let runs = ctx.store.lab_run_summaries().unwrap();
    let hows: Vec<&str> = runs[0].steps.iter().map(|s| s.how.as_str()).collect();
    assert_eq!(hows, ["with_solution", "with_solution"]);
    assert_eq!(runs[0].steps[0].hints, 1);
}

#[test]
fn next_on_an_unfinished_task_says_what_is_missing_and_stays() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    act(&mut p, &mut ctx, Action::Next);
    assert_eq!(p.step(), 0);
    assert!(log_text(&p).contains("not yet"), "{}", log_text(&p));
}

#[test]
fn reopening_resumes_at_the_same_step_with_the_same_world() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    type_line(&mut p, &mut ctx, "generate rows=5000 missing_rate=0.01");
    let digest = p.world().data().map(crate::data::table::Table::digest);
    drop(p);
    let p = player(TWO_STEP, &mut ctx);
    assert_eq!(p.step(), 1);
    assert_eq!(
        p.world().data().map(crate::data::table::Table::digest),
        digest
    );
    assert_eq!(
        p.console.history(),
        ["generate rows=5000 missing_rate=0.01"]
    );
    assert!(
        log_text(&p).contains("resumed at step 2"),
        "{}",
        log_text(&p)
    );
}

#[test]
fn a_digit_chooses_on_a_decision_and_the_choice_plays_out() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(DECISION, &mut ctx);
    type_line(&mut p, &mut ctx, "generate rows=5000");
    assert!(p.session.current().unwrap().is_decision());
    act(&mut p, &mut ctx, Action::Pick(2));
    assert_eq!(
        p.session.records()[1].choice.as_deref(),
        Some("infer-later")
    );
    assert!(
        log_text(&p).contains("you chose: Infer it later"),
        "{}",
        log_text(&p)
    );
    // The damaged table fails validation: the next step must regenerate first.
    type_line(&mut p, &mut ctx, "validate");
    assert_eq!(p.step(), 2);
    for line in ["generate rows=5000", "infer_schema", "validate"] {
        type_line(&mut p, &mut ctx, line);
    }
    assert!(p.session.complete());
    let runs = ctx.store.lab_run_summaries().unwrap();
    assert_eq!(runs[0].steps[1].choice.as_deref(), Some("infer-later"));
}

#[test]
fn x_twice_starts_over_on_a_fresh_world() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    type_line(&mut p, &mut ctx, "generate rows=5000");
    act(&mut p, &mut ctx, Action::ResetLab);
    act(&mut p, &mut ctx, Action::ResetLab);
    assert_eq!(p.step(), 0);
    assert!(p.world().data().is_none());
    drop(p);
    let p = player(TWO_STEP, &mut ctx);
    assert_eq!(p.step(), 0, "the new run is the one resumed");
}

#[test]
fn keys_wait_while_commands_run_and_the_console_keeps_the_line() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    p.handle(Action::Run, &mut ctx);
    p.handle(Action::Run, &mut ctx);
    assert!(p.busy());
    assert!(p.tick_every().is_some());
    p.handle(Action::Submit, &mut ctx);
    assert!(ctx.notice.as_ref().unwrap().text.starts_with("running…"));
    p.handle(Action::Console, &mut ctx);
    p.handle(Action::Input('x'), &mut ctx);
    p.handle(Action::Select, &mut ctx);
    assert_eq!(p.console.text(), "x", "a line sent while busy comes back");
    p.settle(&mut ctx);
    assert!(!p.busy());
    assert!(p.world().data().is_some());
}

#[test]
fn search_and_sort_reach_the_runs_view() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    p.handle(Action::Search, &mut ctx);
    assert_eq!(p.views.view(), View::Training);
    assert_eq!(p.focus, Pane::World);
}

#[test]
fn a_lab_file_path_opens_and_a_bad_id_says_why() {
    let (mut ctx, _dir, _clock) = ctx();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/labs/broken-batch.toml");
    let p = LabPlayer::open(path, &Setup::default(), &mut ctx).unwrap();
    assert_eq!(p.session.lab().id, "broken-batch");
    let Err(why) = LabPlayer::open("no-such-lab", &Setup::default(), &mut ctx) else {
        panic!("an unknown lab must not open")
    };
    assert!(why.contains("unknown lab `no-such-lab`"), "{why}");
}

#[test]
fn a_checkpoint_answer_is_graded_and_recorded_like_a_quiz_answer() {
    use crate::content::QuestionKind;
    let (mut ctx, _dir, _clock) = ctx();
    let Some((target, step)) = ctx.bank.labs().iter().find_map(|l| {
        l.steps
            .iter()
            .position(|s| !s.questions.is_empty() && !s.is_decision())
            .map(|i| (l.id.clone(), i))
    }) else {
        return;
    };
    let mut p = player(&target, &mut ctx);
    while p.step() < step {
        solve(&mut p, &mut ctx);
    }
    let (_, _, q) = p.question.as_ref().unwrap();
    let item = q.session.current();
    let id = item.question.id.clone();
    let QuestionKind::Single { options } = &item.question.kind else {
        return;
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
    assert!(
        p.question
            .as_ref()
            .unwrap()
            .2
            .result
            .as_ref()
            .unwrap()
            .correct
    );
    let attempts = ctx.store.attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].question_id, id);
    // Recorded as a lab checkpoint, so readiness leaves it out: the lab had just explained it.
    assert_eq!(attempts[0].mode, "lab");
}

#[test]
fn the_list_shows_progress_and_enter_opens_the_lab_where_it_was_left() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player("broken-batch", &mut ctx);
    solve(&mut p, &mut ctx);
    drop(p);
    let labs = crate::tui::screens::labs::Labs::new(&mut ctx);
    let mut app = App::new(Box::new(labs), ctx, Rect::new(0, 0, 100, 30));
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains("▸ ") && text.contains("Catch a broken batch"),
        "{text}"
    );
    assert!(text.contains("● 1/"), "{text}");
    app.on_action(Action::Select);
    settle_app(&mut app);
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("Labs › Catch a broken batch"), "{text}");
    assert!(text.contains("Step 2 of"), "{text}");
}

#[test]
fn one_r_only_asks_so_a_command_typed_without_a_colon_spends_no_solution() {
    let (mut ctx, _dir, _clock) = ctx();
    let mut p = player(TWO_STEP, &mut ctx);
    // The letters of `create_endpoint` typed as keys: `c` checks, `r` asks, `e` cancels.
    for action in [Action::Submit, Action::Run] {
        act(&mut p, &mut ctx, action);
    }
    assert!(ctx.notice.as_ref().unwrap().text.contains("Press r again"));
    act(&mut p, &mut ctx, Action::Input('e'));
    assert!(
        ctx.notice.as_ref().unwrap().text.contains("press : first"),
        "{:?}",
        ctx.notice
    );
    assert_eq!(p.step(), 0);
    let runs = ctx.store.lab_run_summaries().unwrap();
    assert!(
        runs.iter()
            .all(|r| r.steps.iter().all(|s| s.how != "with_solution"))
    );
    solve(&mut p, &mut ctx);
    assert_eq!(p.step(), 1, "r twice runs it");
}

#[test]
fn page_keys_in_the_console_read_back_through_the_transcript() {
    let (mut app, _dir, _clock) = app(&Target::Lab(TWO_STEP.into(), Setup::default()), 100, 30);
    app.on_action(Action::Console);
    for n in 0..30 {
        for c in format!("no_such_command_{n}").chars() {
            app.on_action(Action::Input(c));
        }
        app.on_action(Action::Select);
        settle_app(&mut app);
    }
    let latest = screen_text(&app, 100, 30);
    assert!(latest.contains("no_such_command_29"), "{latest}");
    app.on_action(Action::PageUp);
    let back = screen_text(&app, 100, 30);
    assert!(!back.contains("no_such_command_29"), "{back}");
    assert!(back.contains("newer line(s) below: PgDn"), "{back}");
    app.on_action(Action::PageDown);
    let again = screen_text(&app, 100, 30);
    assert!(again.contains("no_such_command_29"), "{again}");
    assert!(!again.contains("newer line(s) below"), "{again}");
}
