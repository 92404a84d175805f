//! An exam keeps what the candidate did: picks on a multi or a match survive moving to another
//! question and back (n / p and the review list's jump), and the match keys keep working.

use super::*;
use crate::content::QuestionKind;

/// An exam over a multi, a match and an order question.
fn exam_rig() -> Rig {
    Rig::with(vec![multi(), matching(), order()], Mode::Exam)
}

#[test]
fn half_made_picks_come_back_after_next_and_previous() {
    let mut rig = exam_rig();
    // One of the multi's two picks, then away and back.
    rig.act(Action::Pick(2));
    assert_eq!(rig.screen.picks.chosen, vec![1]);
    rig.act(Action::Next);
    assert_eq!(rig.screen.live.session().position(), 1);
    // The match: the first item gets a letter, the second too.
    rig.act(Action::Right);
    rig.act(Action::Down);
    rig.act(Action::Right);
    let pairs = rig.screen.picks.pairs.clone();
    assert_eq!(pairs.iter().filter(|p| p.is_some()).count(), 2, "{pairs:?}");
    rig.act(Action::Prev);
    assert_eq!(rig.screen.picks.chosen, vec![1], "the multi's pick is kept");
    assert!(rig.text(80, 24).contains("1 more to pick"));
    rig.act(Action::Next);
    assert_eq!(rig.screen.picks.pairs, pairs, "the match's pairs are kept");
    // ← → still pair the item under the cursor after the round trip.
    rig.act(Action::Down);
    rig.act(Action::Down);
    rig.act(Action::Right);
    let now = rig.screen.picks.pairs.clone();
    assert_eq!(now.iter().filter(|p| p.is_some()).count(), 3, "{now:?}");
    assert!(rig.text(160, 48).contains("→ "), "the pair shows");
    rig.act(Action::Left);
    assert_ne!(rig.screen.picks.pairs, now, "← changes the letter");
}

#[test]
fn picks_survive_a_jump_from_the_review_list_and_answers_stay_answers() {
    let mut rig = exam_rig();
    rig.act(Action::Pick(1));
    rig.act(Action::Next);
    rig.act(Action::Right);
    let pairs = rig.screen.picks.pairs.clone();
    rig.act(Action::Review);
    rig.act(Action::Up);
    rig.act(Action::Up);
    rig.act(Action::Select); // Q1
    assert_eq!(rig.screen.live.session().position(), 0);
    assert_eq!(rig.screen.picks.chosen, vec![0]);
    // Finish the multi properly: submitting moves on, and the match is as it was left.
    let actions = rig.answer_actions(true);
    rig.act(Action::Backspace);
    for a in actions {
        rig.act(a);
    }
    assert_eq!(rig.screen.live.session().answered_count(), 1);
    assert_eq!(rig.screen.live.session().position(), 1);
    assert_eq!(rig.screen.picks.pairs, pairs);
    // Back on the answered multi: its answer, not a stale draft.
    rig.act(Action::Prev);
    let answered = Picks::for_item(rig.screen.live.session().current());
    assert_eq!(rig.screen.picks.chosen, answered.chosen);
    assert_eq!(rig.screen.picks.chosen.len(), 2);
}

#[test]
fn the_results_list_every_question_by_filter_with_answer_key_and_whys() {
    let mut rig = Rig::start(&exam(5));
    rig.act(Action::Flag);
    rig.answer(true);
    rig.answer(false);
    rig.act(Action::Finish);
    rig.act(Action::Finish);
    assert!(rig.results());
    let page = |rig: &mut Rig| -> String {
        // The whole page, scrolled through: the results are longer than a screen.
        let [_, body, _] = question::areas(rig.ctx.body);
        let Phase::Results(r) = &rig.screen.phase else {
            panic!("results")
        };
        let doc = r.doc(&rig.ctx, body.width);
        doc.lines
            .iter()
            .map(|l| l.line.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    rig.resize(120, 40);
    let all = page(&mut rig);
    for tab in [
        "Your answers: ▸ all (5)",
        " correct (1) ",
        " wrong (1) ",
        " skipped (3) ",
        " flagged (1) ",
    ] {
        assert!(all.contains(tab), "{tab}: {all}");
    }
    assert_eq!(all.matches("Your answer: ").count(), 5, "{all}");
    assert_eq!(
        all.matches("Your answer: none (skipped)").count(),
        3,
        "{all}"
    );
    assert!(all.contains("✓ 1. ⚑ ["), "{all}");
    // ] walks the filters; each lists only its questions, with the key and every option's why.
    let expect = [
        ("correct", 1, "✓ 1. "),
        ("wrong", 1, "✗ 2. "),
        ("skipped", 3, "– 3. "),
        ("flagged", 1, "✓ 1. "),
    ];
    for (name, n, first) in expect {
        rig.act(Action::NextTab);
        let text = page(&mut rig);
        assert!(text.contains(&format!("▸ {name} ({n})")), "{name}: {text}");
        assert_eq!(text.matches("Your answer: ").count(), n, "{name}: {text}");
        assert!(text.contains(first), "{name}: {text}");
        assert!(text.contains("The answer: "), "{name}: {text}");
        assert!(text.contains("Why: "), "{name}: {text}");
        if name == "wrong" {
            let q = &rig.screen.live.session().items()[1].question;
            let whys: Vec<&str> = match &q.kind {
                QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
                    options.iter().map(|o| o.why.as_str()).collect()
                }
                QuestionKind::Order { steps } => steps.iter().map(|s| s.why.as_str()).collect(),
                QuestionKind::Match { .. } => Vec::new(),
            };
            for why in whys {
                let start: String = why.chars().take(15).collect();
                assert!(text.contains(&start), "every option's why: {start}\n{text}");
            }
        }
    }
    rig.act(Action::NextTab);
    assert!(page(&mut rig).contains("▸ all (5)"), "back to all");
    rig.act(Action::PrevTab);
    assert!(page(&mut rig).contains("▸ flagged (1)"), "[ goes back");
    let screen = rig.text(80, 24);
    assert!(screen.contains("[ ]"), "{screen}");
}
