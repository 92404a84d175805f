//! The app shell driven by actions and events: home, help, theme, too-small, quit.

use crate::lab::record::Setup;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::testing::{app, screen_text};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn home_at_80x24() {
    let (app, _dir, _clock) = app(&Target::Home, 80, 24);
    insta::assert_snapshot!(screen_text(&app, 80, 24));
}

#[test]
fn home_at_160x48() {
    let (app, _dir, _clock) = app(&Target::Home, 160, 48);
    insta::assert_snapshot!(screen_text(&app, 160, 48));
}

#[test]
fn help_lists_the_screens_keys_and_closes_with_esc() {
    let (mut app, _dir, _clock) = app(&Target::Home, 100, 40);
    assert_eq!(app.on_event(&key('?')), Flow::Redraw);
    let text = screen_text(&app, 100, 40);
    assert!(text.contains("Keys (Esc or ? to close)"), "{text}");
    assert!(text.contains("do the next thing"), "{text}");
    assert!(text.contains("choose your target exam"), "{text}");
    // While help is open, q still quits but other keys only scroll or close it.
    assert_eq!(app.on_action(Action::Back), Flow::Redraw);
    assert!(!screen_text(&app, 100, 40).contains("Keys (Esc"));
}

#[test]
fn the_theme_key_cycles_and_the_choice_is_saved() {
    let (mut app, _dir, _clock) = app(&Target::Home, 80, 24);
    app.on_event(&key('T'));
    assert_eq!(app.ctx.theme.name, "light");
    assert_eq!(
        app.ctx.store.setting(THEME_SETTING).unwrap().as_deref(),
        Some("light")
    );
    assert!(screen_text(&app, 80, 24).contains("Theme: light (saved)"));
}

#[test]
fn below_80x24_a_notice_replaces_the_screens_and_only_quit_works() {
    let (mut app, _dir, _clock) = app(&Target::Home, 40, 10);
    let text = screen_text(&app, 40, 10);
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(text.contains("40x10 here"), "{text}");
    assert_eq!(app.on_event(&key('j')), Flow::Idle);
    assert_eq!(app.on_event(&key('q')), Flow::Quit);
    // Even a 1x1 terminal draws without panicking.
    app.resize(Rect::new(0, 0, 1, 1));
    screen_text(&app, 1, 1);
}

#[test]
fn a_resize_takes_effect_on_the_next_frame() {
    let (mut app, _dir, _clock) = app(&Target::Home, 40, 10);
    assert_eq!(app.on_event(&Event::Resize(90, 30)), Flow::Redraw);
    assert!(screen_text(&app, 90, 30).contains("Readiness"));
}

#[test]
fn esc_on_the_only_screen_does_not_quit_but_q_does() {
    let (mut app, _dir, _clock) = app(&Target::Home, 80, 24);
    assert_ne!(app.on_action(Action::Back), Flow::Quit);
    assert_eq!(app.on_event(&key('q')), Flow::Quit);
}

#[test]
fn clicking_a_menu_row_chooses_it() {
    let (mut app, _dir, _clock) = app(&Target::Home, 80, 24);
    // Row 0 is the header, row 1 the next-thing line, row 2 the panel border, row 3 the first
    // item, row 9 "Help".
    app.on_action(Action::Click { column: 5, row: 9 });
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("How this works"),
        "the help overlay opens: {text}"
    );
}

#[test]
fn readiness_and_due_reviews_come_from_the_store() {
    let (mut app, _dir, _clock) = app(&Target::Home, 100, 30);
    let text = screen_text(&app, 100, 30);
    assert!(
        text.contains("aws-mla-c01  ○ not enough evidence: 0/60 · 4 domains short"),
        "{text}"
    );
    crate::tui::testing::pad_bank(&mut app.ctx, "aws-mla-c01", 16);
    let ids: Vec<String> = app
        .ctx
        .bank
        .questions()
        .iter()
        .filter(|q| q.is_for_exam("aws-mla-c01"))
        .map(|q| q.id.clone())
        .collect();
    // Record answers as a quiz would, then come back to home.
    crate::tui::testing::answer_all(&mut app.ctx, &ids, true);
    app.stack[0].resumed(&mut app.ctx);
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("likely pass"), "{text}");
}

#[test]
fn q_during_a_running_exam_asks_first_and_only_y_leaves() {
    use crate::quiz::{Mode, QuizRequest};
    use crate::tui::screens::quiz::QuizLaunch;
    let launch = QuizLaunch {
        request: QuizRequest {
            mode: Mode::Exam,
            exam: Some("gcp-pmle".into()),
            domain: None,
            topic: None,
            count: Some(3),
            seed: 1,
        },
        resume: false,
    };
    let (mut app, _dir, _clock) = app(&Target::QuizSession(launch), 100, 30);
    assert_eq!(app.on_event(&key('q')), Flow::Redraw);
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("? Leave the exam?"), "{text}");
    assert!(
        text.contains("y yes, leave  Esc stay (any other key too)"),
        "{text}"
    );
    // Any other key stays, bound (n) or not (z), and is not acted on.
    for other in ['n', 'z', 'q'] {
        assert_eq!(app.on_event(&key(other)), Flow::Redraw);
        assert!(app.confirming().is_none());
        let text = screen_text(&app, 100, 30);
        assert!(text.contains("Question 1 of 3"), "{other}: {text}");
        app.on_event(&key('q'));
    }
    assert_eq!(app.on_event(&key('y')), Flow::Quit);
    // The session was left unfinished: it can be resumed.
    assert_eq!(app.ctx.store.unfinished_sessions().unwrap().len(), 1);
    // Ctrl-C is an interrupt and never asks.
    app.on_event(&key('n'));
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app.on_event(&ctrl_c), Flow::Quit);
}

#[test]
fn q_on_an_ordinary_screen_quits_at_once() {
    let (mut app, _dir, _clock) = app(&Target::Home, 80, 24);
    assert_eq!(app.on_event(&key('q')), Flow::Quit);
}

/// The sandbox with the platform built (Enter), so the training view has runs to search.
fn sandbox(width: u16, height: u16) -> (App, tempfile::TempDir) {
    let target = Target::Sandbox {
        scenario: crate::data::scenario::Scenario::CreditRisk,
        seed: 42,
        timeline: crate::world::timeline::Schedule::default(),
    };
    let (mut app, dir, _clock) = app(&target, width, height);
    app.on_action(Action::Select);
    // The build runs on a worker thread; the ticks collect it.
    while app.tick_every().is_some() {
        app.on_tick();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (app, dir)
}

#[test]
fn slash_before_any_run_shows_how_to_make_one_and_keys_stay_keys() {
    let target = Target::Sandbox {
        scenario: crate::data::scenario::Scenario::CreditRisk,
        seed: 42,
        timeline: crate::world::timeline::Schedule::default(),
    };
    let (mut app, _dir, _clock) = app(&target, 160, 48);
    app.on_event(&key('/'));
    assert!(screen_text(&app, 160, 48).contains("No runs yet."));
    assert_eq!(app.on_event(&Event::Paste("x".to_owned())), Flow::Idle);
    assert_eq!(app.on_event(&key('q')), Flow::Quit);
}

#[test]
fn a_paste_lands_in_the_search_box_as_text_never_as_keys() {
    let (mut app, _dir) = sandbox(160, 48);
    // `/` opens the runs search from either pane.
    app.on_event(&key('/'));
    // A `q` would quit and `d` advance the clock if they were keys.
    let flow = app.on_event(&Event::Paste("params.model = 'dq'\r\n".to_owned()));
    assert_eq!(flow, Flow::Redraw);
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("/ params.model = 'dq' ▏"), "{text}");
}

#[test]
fn a_paste_without_a_text_box_does_nothing() {
    let (mut app, _dir) = sandbox(160, 48);
    let before = screen_text(&app, 160, 48);
    assert_eq!(app.on_event(&Event::Paste("qqq".to_owned())), Flow::Idle);
    assert_eq!(screen_text(&app, 160, 48), before);
    let (mut home, _dir, _clock) = crate::tui::testing::app(&Target::Home, 80, 24);
    assert_eq!(home.on_event(&Event::Paste("q".to_owned())), Flow::Idle);
}

#[test]
fn pasted_control_characters_never_reach_the_screen() {
    assert_eq!(
        paste_text("a\tb\u{1b}[31mc\r\nd\u{7}\u{9b}e\u{202e}f"),
        ("a b[31mc def".to_owned(), false)
    );
    let (mut app, _dir) = sandbox(160, 48);
    app.on_event(&key('/'));
    app.on_event(&Event::Paste("x\u{1b}]0;owned\u{7}y".to_owned()));
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("/ x]0;ownedy▏"), "{text}");
}

#[test]
fn a_huge_paste_is_cut_and_says_so() {
    let (text, cut) = paste_text(&"a".repeat(MAX_PASTE + 1));
    assert!(cut);
    assert_eq!(text.len(), MAX_PASTE);
    assert!(!paste_text(&"a".repeat(MAX_PASTE)).1);
    let (mut app, _dir) = sandbox(160, 48);
    app.on_event(&key('/'));
    app.on_event(&Event::Paste("z".repeat(MAX_PASTE * 2)));
    let text = screen_text(&app, 160, 48);
    assert!(text.contains("Pasted text cut"), "{text}");
}

#[test]
fn ctrl_z_asks_the_loop_to_suspend_on_any_screen_and_any_size() {
    let ctrl_z = Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    let (mut app, _dir, _clock) = app(&Target::Home, 100, 40);
    assert_eq!(app.on_event(&ctrl_z), Flow::Suspend);
    app.on_event(&key('?'));
    assert_eq!(app.on_event(&ctrl_z), Flow::Suspend, "help open");
    app.resize(Rect::new(0, 0, 20, 5));
    assert_eq!(app.on_event(&ctrl_z), Flow::Suspend, "too small");
}

/// Terminals of more than 65,535 cells (a 4K screen at a small font is 400 x 200) draw every
/// screen whole: no panic, the footer on the last row, nothing clipped to a u16 cell count.
#[test]
fn every_screen_draws_whole_on_a_terminal_over_65535_cells() {
    let targets = [
        Target::Home,
        Target::Labs,
        Target::Lab("first-pipeline".to_owned(), Setup::default()),
        Target::Quiz,
        Target::Exam,
        Target::Review,
        Target::Progress,
        Target::Sandbox {
            scenario: crate::data::scenario::Scenario::CreditRisk,
            seed: 42,
            timeline: crate::world::timeline::Schedule::default(),
        },
    ];
    for (w, h) in [(400, 200), (1000, 70), (80, 1000)] {
        assert!(u32::from(w) * u32::from(h) > 65_535);
        for target in &targets {
            let (app, _dir, _clock) = app(target, w, h);
            let text = screen_text(&app, w, h);
            let rows: Vec<&str> = text.lines().collect();
            assert_eq!(rows.len(), usize::from(h), "{target:?} at {w}x{h}");
            // The title sits on the first row and the key footer on the last, as they do at
            // the usual height (a u16 cell index would wrap and scatter them).
            let (usual, _dir, _clock) = self::app(target, w, 24);
            let usual = screen_text(&usual, w, 24);
            let usual: Vec<&str> = usual.lines().collect();
            assert_eq!(rows[0], usual[0], "{target:?} at {w}x{h}: title row");
            assert_eq!(
                rows[usize::from(h) - 1],
                usual[23],
                "{target:?} at {w}x{h}: footer row"
            );
            assert!(!usual[23].trim().is_empty());
        }
    }
}

#[test]
fn q_in_an_unfinished_lab_asks_first_because_a_command_typed_as_keys_may_hold_a_q() {
    let (mut app, _dir, _clock) = app(
        &Target::Lab("first-pipeline".to_owned(), Setup::default()),
        120,
        40,
    );
    assert_eq!(app.on_event(&key('q')), Flow::Redraw);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("? Leave the lab?"), "{text}");
    assert!(text.contains("press : first"), "{text}");
    // The next letter of `requests_per_day` answers no.
    assert_eq!(app.on_event(&key('u')), Flow::Redraw);
    assert!(app.confirming().is_none());
    app.on_event(&key('q'));
    assert_eq!(app.on_event(&key('y')), Flow::Quit);
}
