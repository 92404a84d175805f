//! The progress screen after answers: readiness, domains, the chart and the forecast.

use super::*;
use crate::tui::screens::Target;
use crate::tui::testing::{self, answer_all, screen_text};

fn ids_for(ctx: &Ctx, exam: &str) -> Vec<String> {
    ctx.bank
        .questions()
        .iter()
        .filter(|q| q.is_for_exam(exam))
        .map(|q| q.id.clone())
        .collect()
}

#[test]
fn progress_at_80x24_and_160x48_before_any_answer() {
    let (app, _dir, _clock) = testing::app(&Target::Progress, 80, 24);
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("not enough evidence: 0 of 60 first attempts"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    let (app, _dir, _clock) = testing::app(&Target::Progress, 160, 48);
    insta::assert_snapshot!(screen_text(&app, 160, 48));
}

#[test]
fn progress_after_answers_shows_readiness_domains_trend_and_forecast() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, _dir, clock) = testing::app(&Target::Home, w, h);
        testing::pad_bank(&mut app.ctx, "gcp-pmle", 15);
        let ids = ids_for(&app.ctx, "gcp-pmle");
        answer_all(&mut app.ctx, &ids[..ids.len() / 2], true);
        clock.advance_secs(86_400);
        answer_all(&mut app.ctx, &ids[ids.len() / 2..], false);
        app.on_action(Action::Pick(6));
        let text = screen_text(&app, w, h);
        assert!(text.contains("Readiness:"), "{text}");
        assert!(text.contains("95% interval"), "{text}");
        assert!(text.contains("Domain"), "{text}");
        assert!(text.contains("Spaced review forecast"), "{text}");
        insta::assert_snapshot!(format!("progress_after_answers_{w}x{h}"), text);
    }
}

#[test]
fn brackets_and_clicks_switch_the_exam() {
    let (mut app, _dir, _clock) = testing::app(&Target::Progress, 160, 48);
    let first = screen_text(&app, 160, 48);
    app.on_action(Action::NextTab);
    let second = screen_text(&app, 160, 48);
    assert_ne!(first, second);
    assert!(second.contains("▸aws-mla-c01"), "{second}");
    // The tab row is the first body row; the first tab starts one column in.
    app.on_action(Action::Click { column: 3, row: 1 });
    assert_eq!(screen_text(&app, 160, 48), first);
}

#[test]
fn the_forecast_counts_cards_made_by_a_quiz() {
    let (mut app, _dir, _clock) = testing::app(&Target::Quiz, 80, 24);
    app.on_action(Action::Select);
    app.on_action(Action::Pick(1));
    let f = Forecast::read(&app.ctx, "gcp-pmle");
    assert!(f.all_cards >= 1, "{f:?}");
    assert_eq!(f.fitted_on, None);
    assert!((f.retention - 0.9).abs() < 1e-6);
}
