//! The `!` dispute note, driven by key presses as the app maps them: it opens on the current
//! question, takes letters and digits as text (a digit must not answer), stores the note where
//! `progress --disputes` reads it, and Esc drops it without storing anything.

use super::*;
use crate::tui::keymap::{self, Scope};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Presses `code` as the app would: through the keymap, in the screen's scope and typing state.
fn press(rig: &mut Rig, code: KeyCode) -> Go {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    match keymap::action_for(key, rig.screen.scope(), rig.screen.typing()) {
        Some(action) => rig.act(action),
        None => Go::Ignored,
    }
}

fn type_text(rig: &mut Rig, text: &str) {
    for c in text.chars() {
        press(rig, KeyCode::Char(c));
    }
}

#[test]
fn a_dispute_typed_in_the_quiz_is_stored_with_the_question_id() {
    // Fixed questions rather than a sample, so the snapshot does not move as the bank grows.
    let mut rig = Rig::with(vec![single(), multi()], Mode::Practice);
    let id = rig.item().question.id.clone();
    assert!(!rig.screen.typing());
    press(&mut rig, KeyCode::Char('!'));
    assert!(rig.screen.typing(), "! opens the note");
    type_text(&mut rig, "option 2 is also right, per the docs");
    assert!(
        rig.screen.picks.chosen.is_empty(),
        "the digit was text, not an answer"
    );
    assert!(rig.screen.feedback.is_none());
    press(&mut rig, KeyCode::Backspace);
    type_text(&mut rig, "s");
    insta::assert_snapshot!("dispute_note_80x24", rig.text(80, 24));
    press(&mut rig, KeyCode::Enter);
    assert!(!rig.screen.typing(), "Enter closes the note");
    let notice = rig.ctx.notice.as_ref().unwrap().text.clone();
    assert!(
        notice.contains(&format!("Dispute noted for {id}")),
        "{notice}"
    );
    assert!(notice.contains("progress --disputes"), "{notice}");
    // What `progress --disputes` lists: a fresh connection on the same data folder.
    let store = Store::open_in(&rig.ctx.data_dir).unwrap().store;
    let list = store.disputes().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].question_id, id);
    assert_eq!(list[0].note, "option 2 is also right, per the docs");
    // The session is where it was: the same question, still waiting for its answer.
    assert_eq!(rig.item().question.id, id);
    for a in rig.answer_actions(true) {
        rig.act(a);
    }
    assert!(rig.screen.feedback.as_ref().is_some_and(|f| f.correct));
}

#[test]
fn esc_drops_the_note_and_an_empty_note_is_not_stored() {
    let mut rig = Rig::start(&practice(3));
    press(&mut rig, KeyCode::Char('!'));
    press(&mut rig, KeyCode::Enter);
    assert!(rig.screen.typing(), "an empty note stays open");
    let warning = rig.ctx.notice.as_ref().unwrap();
    assert!(warning.problem && warning.text.contains("Type what looks wrong"));
    type_text(&mut rig, "never mind");
    press(&mut rig, KeyCode::Esc);
    assert!(!rig.screen.typing());
    assert!(
        rig.ctx
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("nothing was stored")
    );
    assert!(rig.ctx.store.disputes().unwrap().is_empty());
    // Esc closed the note, not the session.
    assert!(matches!(rig.screen.phase, Phase::Question));
}

#[test]
fn the_key_is_offered_after_feedback_and_in_an_exam_and_listed_in_help() {
    let mut rig = Rig::start(&practice(3));
    rig.answer(false);
    assert!(rig.text(80, 24).contains("! disputes this question"));
    // A dispute after seeing the answer is about the question answered.
    let id = rig.item().question.id.clone();
    press(&mut rig, KeyCode::Char('!'));
    type_text(&mut rig, "the why of B contradicts the explanation");
    press(&mut rig, KeyCode::Enter);
    assert_eq!(rig.ctx.store.disputes().unwrap()[0].question_id, id);

    let mut rig = Rig::start(&exam(3));
    assert!(rig.text(80, 24).contains("· ! dispute"));
    press(&mut rig, KeyCode::Char('!'));
    type_text(&mut rig, "stem names a retired service");
    press(&mut rig, KeyCode::Enter);
    assert_eq!(rig.ctx.store.disputes().unwrap().len(), 1);
    assert!(
        rig.screen.live.session().deadline().is_some(),
        "the exam runs on"
    );

    let help: Vec<String> = crate::tui::widgets::help::help_lines(Scope::Quiz, &rig.ctx.theme)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        help.iter()
            .any(|l| l.contains('!') && l.contains("dispute")),
        "{help:?}"
    );
}

#[test]
fn control_characters_are_not_typed_and_a_long_note_shows_its_end() {
    let mut rig = Rig::start(&practice(3));
    press(&mut rig, KeyCode::Char('!'));
    rig.act(Action::Input('\u{1b}'));
    rig.act(Action::Input('\u{202e}'));
    type_text(&mut rig, &"a".repeat(100));
    type_text(&mut rig, " END");
    let text = rig.text(80, 24);
    assert!(text.contains(" END▏"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
    press(&mut rig, KeyCode::Enter);
    let note = &rig.ctx.store.disputes().unwrap()[0].note;
    assert_eq!(note.len(), 104);
}
