//! The quiz screens driven by actions: answering every kind of question right and wrong, a
//! practice quiz to its results, the exam's flags, review list and deadline, resuming, and the
//! lab link; with snapshots of what the learner sees at 80x24 and 160x48.

use super::*;
use crate::quiz::QuizRequest;
use crate::tui::screens::Target;
use crate::tui::testing::{ctx, screen_text};

mod dispute;
mod navigation;
mod rig;

use rig::*;

#[test]
fn a_ten_question_practice_quiz_reaches_its_results_and_every_answer_is_stored() {
    let mut rig = Rig::start(&practice(10));
    assert_eq!(rig.screen.live.session().items().len(), 10);
    for i in 0..10 {
        let right = i % 2 == 0;
        rig.answer(right);
        let text = rig.text(100, 40);
        assert!(rig.screen.feedback.is_some(), "question {i}: {text}");
        let fb = rig.screen.feedback.as_ref().unwrap();
        assert_eq!(fb.correct, right, "question {i}");
        // Every option's why is on the page, reachable by scrolling.
        let [_, body, _] = question::areas(rig.ctx.body);
        let doc = rig.screen.doc(&rig.ctx, body.width);
        let all: String = doc
            .lines
            .iter()
            .map(|l| l.line.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(all.contains(if right {
            "✓ Right."
        } else {
            "✗ Not right."
        }));
        assert!(all.contains("Why: "));
        rig.act(Action::Submit);
    }
    assert!(rig.results());
    let text = rig.text(100, 40);
    assert!(text.contains("5 of 10 right (50%)"), "{text}");
    assert!(text.contains("Your answers: ▸ all (10)"), "{text}");
    assert_eq!(rig.ctx.store.attempts().unwrap().len(), 10);
    assert_eq!(
        rig.ctx.store.cards().unwrap().len(),
        10,
        "each answer made a card"
    );
    assert!(matches!(rig.act(Action::Select), Go::Pop));
}

#[test]
fn the_question_screen_at_80x24_and_160x48() {
    let mut rig = Rig::start(&practice(10));
    insta::assert_snapshot!("practice_question_80x24", rig.text(80, 24));
    insta::assert_snapshot!("practice_question_160x48", rig.text(160, 48));
    // Answered at 80x24, so the page scrolls to the verdict as a learner would see it.
    rig.resize(80, 24);
    rig.answer(false);
    insta::assert_snapshot!("practice_feedback_80x24", rig.text(80, 24));
    insta::assert_snapshot!("practice_feedback_160x48", rig.text(160, 48));
}

#[test]
fn the_results_screen_at_80x24_and_160x48() {
    let mut rig = Rig::start(&practice(5));
    for i in 0..5 {
        rig.answer(i != 2);
        rig.act(Action::Submit);
    }
    assert!(rig.results());
    insta::assert_snapshot!("practice_results_80x24", rig.text(80, 24));
    insta::assert_snapshot!("practice_results_160x48", rig.text(160, 48));
}

#[test]
fn a_multiple_choice_says_how_many_are_left_and_scores_right_and_wrong() {
    for right in [true, false] {
        let mut rig = Rig::with(vec![multi()], Mode::Practice);
        let actions = rig.answer_actions(right);
        rig.act(actions[0]);
        let text = rig.text(80, 24);
        assert!(text.contains("1 more to pick"), "{text}");
        // Enter before enough are ticked explains instead of submitting.
        rig.act(Action::Submit);
        assert!(rig.screen.feedback.is_none());
        assert!(
            rig.ctx
                .notice
                .as_ref()
                .unwrap()
                .text
                .contains("more to pick")
        );
        for a in &actions[1..] {
            rig.act(*a);
        }
        assert_eq!(rig.screen.feedback.as_ref().unwrap().correct, right);
        if right {
            insta::assert_snapshot!("multi_right_80x24", rig.text(80, 24));
            insta::assert_snapshot!("multi_right_160x48", rig.text(160, 48));
        }
    }
}

#[test]
fn an_order_question_builds_the_sequence_with_undo() {
    for right in [true, false] {
        let mut rig = Rig::with(vec![order()], Mode::Practice);
        let actions = rig.answer_actions(right);
        rig.act(actions[0]);
        rig.act(actions[1]);
        let text = rig.text(80, 24);
        assert!(text.contains("2 of"), "{text}");
        rig.act(Action::Backspace);
        assert_eq!(
            rig.screen.picks.chosen.len(),
            1,
            "Backspace took the last step back"
        );
        if right {
            insta::assert_snapshot!("order_building_80x24", rig.text(80, 24));
            insta::assert_snapshot!("order_building_160x48", rig.text(160, 48));
        }
        for a in &actions[1..] {
            rig.act(*a);
        }
        assert_eq!(rig.screen.feedback.as_ref().unwrap().correct, right);
    }
}

#[test]
fn a_matching_question_pairs_items_with_letters_by_keys_and_clicks() {
    for right in [true, false] {
        let mut rig = Rig::with(vec![matching()], Mode::Practice);
        // ← → give the selected item a letter; the pair shows on screen.
        rig.act(Action::Right);
        assert!(rig.text(80, 24).contains("→ a"));
        rig.act(Action::Backspace);
        rig.answer_match(right);
        assert_eq!(rig.screen.feedback.as_ref().unwrap().correct, right);
        if !right {
            let text = rig.text(160, 48);
            assert!(text.contains("you chose"), "{text}");
        }
    }
    let mut rig = Rig::with(vec![matching()], Mode::Practice);
    rig.act(Action::Right);
    insta::assert_snapshot!("match_80x24", rig.text(80, 24));
    insta::assert_snapshot!("match_160x48", rig.text(160, 48));
}

#[test]
fn exam_mode_flags_filters_the_review_list_and_jumps() {
    let mut rig = Rig::start(&exam(5));
    let text = rig.text(80, 24);
    assert!(text.contains("Question 1 of 5"), "{text}");
    assert!(text.contains("⏱ 10:00 left"), "{text}");
    rig.act(Action::Flag);
    assert!(rig.text(80, 24).contains("⚑ 1 flagged"));
    // An answer in exam mode gives no feedback and moves on.
    rig.answer(true);
    assert!(rig.screen.feedback.is_none());
    assert_eq!(rig.screen.live.session().position(), 1);
    rig.act(Action::Review);
    assert_eq!(rig.screen.scope(), Scope::QuizReview);
    insta::assert_snapshot!("exam_review_80x24", rig.text(80, 24));
    insta::assert_snapshot!("exam_review_160x48", rig.text(160, 48));
    rig.act(Action::NextTab); // unanswered
    let text = rig.text(80, 24);
    assert!(text.contains("▸ unanswered (4)"), "{text}");
    assert!(!text.contains("Q1 "), "{text}");
    rig.act(Action::NextTab); // flagged
    let text = rig.text(80, 24);
    assert!(text.contains("Q1 "), "{text}");
    rig.act(Action::Select);
    assert_eq!(rig.screen.scope(), Scope::Quiz);
    assert_eq!(rig.screen.live.session().position(), 0);
    assert!(rig.text(80, 24).contains("● answered"));
    // Finishing with unanswered questions asks first.
    rig.act(Action::Finish);
    assert!(!rig.results());
    assert!(
        rig.ctx
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("4 question(s) unanswered")
    );
    rig.act(Action::Finish);
    assert!(rig.results());
    let text = rig.text(100, 40);
    assert!(text.contains("Pass mark 70%"), "{text}");
}

#[test]
fn the_exam_timer_warns_then_submits_at_the_deadline() {
    let mut rig = Rig::start(&exam(5));
    assert_eq!(rig.screen.tick_every(), Some(Duration::from_secs(1)));
    rig.answer(true);
    rig.clock.advance_secs(6 * 60);
    assert!(rig.screen.tick(&mut rig.ctx));
    let text = rig.text(80, 24);
    assert!(text.contains("⏱ 4:00 left ⚠"), "{text}");
    insta::assert_snapshot!("exam_question_80x24", text);
    insta::assert_snapshot!("exam_question_160x48", rig.text(160, 48));
    rig.clock.advance_secs(4 * 60);
    rig.screen.tick(&mut rig.ctx);
    assert!(rig.results());
    assert_eq!(rig.screen.tick_every(), None);
    let text = rig.text(100, 40);
    assert!(text.contains("time ran out"), "{text}");
    assert!(text.contains("1 of 5 right"), "{text}");
    let sessions = rig.ctx.store.sessions().unwrap();
    assert_eq!(sessions[0].outcome.as_deref(), Some("timed_out"));
}

#[test]
fn an_interrupted_session_resumes_where_it_stopped() {
    let mut rig = Rig::start(&practice(10));
    for _ in 0..3 {
        rig.answer(true);
        rig.act(Action::Submit);
    }
    // Esc leaves the session unfinished (as quitting the app would).
    assert!(matches!(rig.act(Action::Back), Go::Pop));
    let mut ctx = rig.ctx;
    drop(rig.screen);
    let resumed = resume(&mut ctx, false).unwrap();
    assert_eq!(resumed.live.session().answered_count(), 3);
    assert_eq!(resumed.live.session().position(), 3);
    assert!(
        ctx.notice
            .as_ref()
            .unwrap()
            .text
            .contains("3 of 10 answered")
    );
}

#[test]
fn open_lab_without_the_lab_screen_says_so_and_does_not_panic() {
    let mut q = multi();
    let (ctx0, _d, _) = ctx();
    let lab = ctx0
        .bank
        .labs()
        .first()
        .map(|l| (l.id.clone(), l.title.clone()));
    let (lab_id, lab_title) = lab.unwrap_or(("drift-detection".into(), "drift-detection".into()));
    q.lab = Some(lab_id);
    let mut unlinked = order();
    unlinked.topics.clear();
    let mut rig = Rig::with(vec![q, unlinked], Mode::Practice);
    rig.act(Action::OpenLab);
    assert!(
        rig.ctx
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Answer first")
    );
    rig.answer(true);
    let [_, body, _] = question::areas(rig.ctx.body);
    let doc = rig.screen.doc(&rig.ctx, body.width);
    let all: Vec<String> = doc.lines.iter().map(|l| l.line.to_string()).collect();
    assert!(
        all.iter()
            .any(|l| l.contains(&format!("o: open the lab \"{lab_title}\""))),
        "{all:?}"
    );
    match rig.act(Action::OpenLab) {
        Go::Push(_) => {}
        Go::Changed => {
            let notice = rig.ctx.notice.clone().unwrap();
            assert!(notice.problem && notice.text.contains("lab"), "{notice:?}");
        }
        _ => panic!("o neither opened the lab nor explained why"),
    }
    // The next question's topics are in no lab: o says so.
    rig.act(Action::Submit);
    rig.act(Action::OpenLab);
    assert!(rig.ctx.notice.as_ref().unwrap().text.contains("No lab"));
}

#[test]
fn clicking_an_option_answers_it() {
    // A single-choice item: one click answers it (multi, order and match items take several).
    let mut rig = Rig::with(vec![single()], Mode::Practice);
    // Tall enough that the option is on screen however long the scenario is.
    rig.resize(160, 48);
    let [_, body, _] = question::areas(rig.ctx.body);
    let doc = rig.screen.doc(&rig.ctx, body.width);
    let line = doc.first_line_of(Hit::Item(1)).unwrap();
    assert!(
        line < usize::from(body.height),
        "option 1 is below the screen"
    );
    let row = body.y + u16::try_from(line).unwrap();
    rig.act(Action::Click {
        column: body.x + 8,
        row,
    });
    assert!(rig.screen.feedback.is_some());
    assert_eq!(rig.screen.live.session().answered_count(), 1);
}

#[test]
fn from_home_a_newcomer_finishes_a_quiz_with_the_keys_on_screen() {
    let (mut app, _dir, _clock) = crate::tui::testing::app(&Target::Home, 80, 24);
    app.on_action(Action::Pick(2)); // Quiz
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Start"), "{text}");
    app.on_action(Action::Select); // Start with the defaults: 10 questions
    for _ in 0..10 {
        // Do what the line under the question says until the feedback shows.
        let mut next = 1;
        for _ in 0..20 {
            let text = screen_text(&app, 80, 24);
            if text.contains("Enter or n:") {
                break;
            }
            if text.contains("press 1-") {
                app.on_action(Action::Pick(1));
            } else if text.contains("more to pick") || text.contains("steps placed") {
                app.on_action(Action::Pick(next));
                next += 1;
            } else if text.contains("still unpaired") {
                app.on_action(Action::Right);
                app.on_action(Action::Down);
            } else {
                app.on_action(Action::Submit);
            }
        }
        let text = screen_text(&app, 80, 24);
        assert!(text.contains("Enter or n:"), "{text}");
        app.on_action(Action::Submit);
    }
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Enter: back to the menu"), "{text}");
    app.on_action(Action::Select);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Readiness"), "{text}");
    assert_eq!(app.ctx.store.attempts().unwrap().len(), 10);
}

#[test]
fn the_command_line_session_opens_and_leaves_to_home() {
    let launch = QuizLaunch {
        request: practice(2),
        resume: false,
    };
    let (mut app, _dir, _clock) = crate::tui::testing::app(&Target::QuizSession(launch), 80, 24);
    assert!(screen_text(&app, 80, 24).contains("Question 1 of 2"));
    app.on_action(Action::Back);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Session paused"), "{text}");
    assert!(text.contains("Readiness"), "{text}");
    let missed = QuizLaunch {
        request: QuizRequest {
            mode: Mode::Missed,
            ..practice(2)
        },
        resume: false,
    };
    let (app, _dir, _clock) = crate::tui::testing::app(&Target::QuizSession(missed), 80, 24);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("no missed questions"), "{text}");
}

#[test]
fn review_mode_asks_the_cards_that_fell_due() {
    let mut rig = Rig::start(&practice(3));
    for _ in 0..3 {
        rig.answer(false);
        rig.act(Action::Submit);
    }
    assert!(rig.results());
    // Nothing is due right after answering; a month later every card is.
    let mut setup = crate::tui::screens::open(&Target::Review, &mut rig.ctx).unwrap();
    setup.handle(Action::Select, &mut rig.ctx);
    assert!(
        rig.ctx
            .notice
            .take()
            .unwrap()
            .text
            .contains("Nothing is due now")
    );
    rig.clock.advance_secs(30 * 86_400);
    let mut setup = crate::tui::screens::open(&Target::Review, &mut rig.ctx).unwrap();
    match setup.handle(Action::Select, &mut rig.ctx) {
        Go::Replace(screen) => assert_eq!(screen.title(), "Review"),
        _ => panic!("{:?}", rig.ctx.notice),
    }
}
