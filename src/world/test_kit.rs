//! The World's unit-test kit: commands and checks written as the TOML inline tables labs use,
//! runners that fail on a refusal, and the set-ups several test files start from (an endpoint
//! over registered models, a pipeline-made champion already serving).

use serde::de::DeserializeOwned;

use super::World;
use super::event::Event;
use super::vocabulary::{Check, Command};
use crate::data::scenario::Scenario;

/// One value (a command, a check, a strategy) from its inline table; panics naming the text.
pub fn parse<T: DeserializeOwned>(inline: &str) -> T {
    #[derive(serde::Deserialize)]
    struct Wrap<T> {
        c: T,
    }
    toml::from_str::<Wrap<T>>(&format!("c = {inline}"))
        .unwrap_or_else(|e| panic!("{inline}: {e}"))
        .c
}

/// One command, as a lab writes it.
pub fn cmd(inline: &str) -> Command {
    parse(inline)
}

/// Whether the check written as `inline` passes on `w`.
pub fn check(w: &World, inline: &str) -> bool {
    w.check(&parse::<Check>(inline)).passed
}

/// Applies one command, whatever it gives.
pub fn run(w: &mut World, inline: &str) -> Vec<Event> {
    w.apply(cmd(inline))
}

/// Applies one command that must be neither rejected nor blocked.
pub fn ok(w: &mut World, inline: &str) -> Vec<Event> {
    let e = run(w, inline);
    assert!(
        !e.iter()
            .any(|e| matches!(e, Event::Rejected { .. } | Event::Blocked { .. })),
        "{inline}: {e:?}"
    );
    e
}

/// The reason of a single rejection (bad input); anything else fails the test.
pub fn rejection(events: &[Event]) -> String {
    match events {
        [Event::Rejected { reason, .. }] => reason.clone(),
        other => panic!("expected one rejection, got {other:?}"),
    }
}

/// The reason of a single rejection or block (a rule the learner broke).
pub fn refusal(events: &[Event]) -> String {
    match events {
        [Event::Rejected { reason, .. } | Event::Blocked { reason, .. }] => reason.clone(),
        other => panic!("expected one rejection, got {other:?}"),
    }
}

/// Credit data, validated, one view `fin` over every feature, a training set and a 60/20/20
/// split: ready to train.
pub fn training_world(seed: u64) -> World {
    let mut w = World::new(Scenario::CreditRisk, seed);
    ok(&mut w, r#"{ do = "generate", rows = 3000 }"#);
    ok(&mut w, r#"{ do = "infer_schema" }"#);
    ok(&mut w, r#"{ do = "validate" }"#);
    ok(
        &mut w,
        r#"{ do = "define_entity", name = "applicant", join_key = "applicant_id" }"#,
    );
    ok(
        &mut w,
        r#"{ do = "define_feature_view", name = "fin", entity = "applicant", ttl_hours = 0, features = [{ column = "age" }, { column = "income", transform = "log" }, { column = "loan_amount", transform = "log" }, { column = "debt_to_income" }, { column = "credit_history_years" }, { column = "late_payments" }, { column = "employment", transform = "one_hot" }, { column = "home_ownership", transform = "one_hot" }] }"#,
    );
    ok(&mut w, r#"{ do = "build_training_set", views = ["fin"] }"#);
    ok(
        &mut w,
        r#"{ do = "split", train = 0.6, validation = 0.2, test = 0.2 }"#,
    );
    w
}

/// [`training_world`] with `models` logistic runs registered as versions 1..=models of
/// `scorer`, and an endpoint `ep` (label delay `delay` days) with nothing deployed.
pub fn serving_world(seed: u64, models: usize, delay: i64) -> World {
    let mut w = training_world(seed);
    for k in 1..=models {
        ok(
            &mut w,
            &format!(
                r#"{{ do = "train", model = "logistic", params = {{ alpha = {}, max_iterations = 100 }} }}"#,
                0.01 * k as f64
            ),
        );
        ok(
            &mut w,
            &format!(r#"{{ do = "register_model", name = "scorer", run_id = "run-{k:03}" }}"#),
        );
    }
    ok(
        &mut w,
        &format!(
            r#"{{ do = "create_endpoint", name = "ep", model = "scorer", requests_per_day = 1200, label_delay_days = {delay} }}"#
        ),
    );
    w
}

/// The `set_pipeline` command of [`served_champion`] (model `scorer`, view `fin`, a test-AUC
/// gate), with `extra` keys appended (start them with `, `).
pub fn scorer_pipeline(extra: &str) -> String {
    format!(
        r#"{{ do = "set_pipeline", name = "scorer", rows = 3000, views = ["fin"], label_delay_hours = 24, model = "logistic", thresholds = {{ test_auc = {{ threshold = 0.6, greater_is_better = true }} }}{extra} }}"#
    )
}

/// A pipeline-made champion (version 1 of `scorer`) served by endpoint `scoring` (labels after
/// one day), one day of traffic served.
pub fn served_champion(seed: u64) -> World {
    let mut w = World::new(Scenario::CreditRisk, seed);
    for c in [
        r#"{ do = "generate", rows = 3000 }"#.to_string(),
        r#"{ do = "define_entity", name = "applicant", join_key = "applicant_id" }"#.into(),
        r#"{ do = "define_feature_view", name = "fin", entity = "applicant", ttl_hours = 720, features = [{ column = "income", transform = "log" }, { column = "loan_amount", transform = "log" }, { column = "debt_to_income" }, { column = "late_payments" }, { column = "employment", transform = "one_hot" }] }"#.into(),
        scorer_pipeline(""),
        r#"{ do = "run_pipeline" }"#.into(),
        r#"{ do = "create_endpoint", name = "scoring", model = "scorer", requests_per_day = 1500, label_delay_days = 1 }"#.into(),
        r#"{ do = "deploy", endpoint = "scoring", version = 1 }"#.into(),
        r#"{ do = "advance_days", days = 1 }"#.into(),
    ] {
        ok(&mut w, &c);
    }
    assert!(check(
        &w,
        r#"{ kind = "alias_points_to", name = "scorer", alias = "champion", version = 1 }"#
    ));
    w
}

/// [`serving_world`] with two models (labels after two days): version 1 deployed as `blue` and
/// serving for a day, then version 2 deployed as `green` with `strategy` (an inline table).
pub fn blue_then_green(seed: u64, strategy: &str) -> World {
    let mut w = serving_world(seed, 2, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "blue" }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        &format!(
            r#"{{ do = "deploy", endpoint = "ep", version = 2, deployment = "green", strategy = {strategy} }}"#
        ),
    );
    w
}
