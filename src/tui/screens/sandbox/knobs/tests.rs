//! The knobs: their values wrap and reset, every setting builds commands the World accepts, and
//! the commands are exactly what the sandbox's former lab-file text said.

use serde::Deserialize;

use super::*;
use crate::world::vocabulary::console::{command_line, parse_command};
use crate::world::{Command, Event, World};

/// Every group that sends commands, in form order.
const GROUPS: [Group; 7] = [
    Group::Data,
    Group::Model,
    Group::Gate,
    Group::Deploy,
    Group::Incident,
    Group::Monitor,
    Group::Retrain,
];

/// A command written as a lab file writes it, parsed as lab files are.
fn lab(text: &str) -> Command {
    #[derive(Deserialize)]
    struct One {
        c: Command,
    }
    match toml::from_str::<One>(&format!("c = {text}")) {
        Ok(one) => one.c,
        Err(e) => panic!("{text}: {e}"),
    }
}

fn labs(texts: &[&str]) -> Vec<Command> {
    texts.iter().map(|t| lab(t)).collect()
}

/// Runs `commands` on `world`: the refusals, or `None` when a gate failed (a high threshold the
/// model does not reach), after which the World refusing to register the run, and all that needs
/// the model, is the gate working; the refusals up to the failed gate are checked still.
fn refusals(world: &mut World, commands: Vec<Command>) -> Option<Vec<Event>> {
    let mut refused = Vec::new();
    for c in commands {
        for e in world.apply(c) {
            match e {
                Event::GateEvaluated { result } if !result.passed => {
                    assert!(refused.is_empty(), "{refused:?}");
                    return None;
                }
                Event::Rejected { .. } => refused.push(e),
                _ => {}
            }
        }
    }
    Some(refused)
}

/// Asserts the World accepted every command (or stopped at a failed gate); false after a
/// failed gate, when what follows would need the model it kept out.
fn accepted(world: &mut World, commands: Vec<Command>, what: &str) -> bool {
    match refusals(world, commands) {
        Some(refused) => {
            assert!(refused.is_empty(), "{what}: {refused:?}");
            true
        }
        None => false,
    }
}

#[test]
fn every_value_of_every_knob_makes_commands_the_world_accepts() {
    let mut gates_failed = Vec::new();
    for (i, knob) in KNOBS.iter().enumerate() {
        let mut s = Settings::new(Scenario::Churn, 1);
        for _ in 0..s.values(i).len() {
            s.turn(i, 1);
            let at = format!("{} = {}", knob.label, s.value(i));
            let mut built = World::new(s.scenario(), s.seed);
            if !accepted(&mut built, s.build(), &format!("build, {at}")) {
                gates_failed.push(knob.group);
                continue;
            }
            // A day served (the `d` key) finishes the build's rollout, so a new one may start.
            let day = vec![Command::AdvanceDays { days: 1 }];
            assert!(accepted(&mut built, day, &format!("a day, {at}")));
            // New data undoes the training set a sweep needs: the data group gets a copy.
            let commands = s.apply(Group::Data, &built);
            assert!(accepted(
                &mut built.clone(),
                commands,
                &format!("Data, {at}")
            ));
            // The rest in form order on one World, as a learner goes down the form: the gate
            // registers the sweep's last run as version 2, which the deployment rolls out.
            for g in &GROUPS[1..] {
                let commands = s.apply(*g, &built);
                if !accepted(&mut built, commands, &format!("{}, {at}", g.title())) {
                    gates_failed.push(knob.group);
                    break;
                }
            }
        }
    }
    // Only the gate's own knobs ask more than the model reaches (a threshold of 0.8, or a
    // sweep's best beating the champion by a margin).
    assert!(!gates_failed.is_empty());
    assert!(
        gates_failed.iter().all(|g| *g == Group::Gate),
        "{gates_failed:?}"
    );
}

#[test]
fn every_number_a_knob_offers_reads_as_one() {
    let mut s = Settings::new(Scenario::CreditRisk, 1);
    // Incident kinds change what the size knob offers: visit each.
    for _ in 0..s.values(14).len() {
        for i in [2, 3, 4, 7, 11, 12, 13, 16, 17, 18] {
            for v in s.values(i) {
                assert!(v.parse::<f64>().is_ok(), "{}: {v}", KNOBS[i].label);
            }
        }
        for i in [2, 11, 12, 13, 17, 18] {
            for v in s.values(i) {
                assert!(v.parse::<i64>().is_ok(), "{}: {v}", KNOBS[i].label);
            }
        }
        s.turn(14, 1);
    }
}

#[test]
fn the_build_is_what_its_lab_file_text_said() {
    let s = Settings::new(Scenario::Churn, 1);
    let thresholds = "{ test_auc = { threshold = 0.6, greater_is_better = true } }";
    let expected = [
        r#"{ do = "generate", rows = 5000, missing_rate = 0.01, outlier_rate = 0 }"#.to_owned(),
        r#"{ do = "infer_schema" }"#.to_owned(),
        r#"{ do = "validate" }"#.to_owned(),
        r#"{ do = "define_entity", name = "entity", join_key = "customer_id" }"#.to_owned(),
        r#"{ do = "define_feature_view", name = "features", entity = "entity", ttl_hours = 720, features = [{ column = "tenure_months" }, { column = "monthly_charges" }, { column = "total_charges" }, { column = "support_tickets" }, { column = "data_usage_gb" }, { column = "contract", transform = "one_hot" }, { column = "payment_method", transform = "one_hot" }, { column = "internet_service", transform = "one_hot" }] }"#.to_owned(),
        r#"{ do = "build_training_set", views = ["features"], label_delay_hours = 24 }"#.to_owned(),
        r#"{ do = "split", train = 0.7, validation = 0.15, test = 0.15 }"#.to_owned(),
        r#"{ do = "train", model = "logistic", params = { alpha = 0.01 }, run_name = "baseline" }"#.to_owned(),
        format!(r#"{{ do = "evaluate_gate", model = "scorer", run_id = "run-001", thresholds = {thresholds} }}"#),
        r#"{ do = "register_model", name = "scorer", run_id = "run-001" }"#.to_owned(),
        r#"{ do = "set_alias", name = "scorer", alias = "champion", version = 1, reason = "sandbox build" }"#.to_owned(),
        r#"{ do = "create_endpoint", name = "scoring", model = "scorer" }"#.to_owned(),
        r#"{ do = "deploy", endpoint = "scoring", version = 1, replicas = 2 }"#.to_owned(),
        r#"{ do = "configure_monitor", endpoint = "scoring", window_days = 1, features = {  } }"#.to_owned(),
        format!(r#"{{ do = "set_pipeline", name = "scorer", rows = 5000, missing_rate = 0.01, views = ["features"], label_delay_hours = 24, model = "logistic", params = {{ alpha = 0.01 }}, thresholds = {thresholds} }}"#),
        r#"{ do = "set_trigger", trigger = "manual" }"#.to_owned(),
    ];
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(s.build(), labs(&expected));
}

#[test]
fn turned_knobs_send_what_their_lab_file_text_said() {
    let mut world = World::new(Scenario::CreditRisk, 7);
    let mut s = Settings::new(Scenario::CreditRisk, 7);
    for c in s.build() {
        world.apply(c);
    }
    s.turn(2, 2); // rows 20000
    s.turn(4, 1); // outlier rate 0.005
    assert_eq!(
        s.apply(Group::Data, &world),
        labs(&[
            r#"{ do = "generate", rows = 20000, missing_rate = 0.01, outlier_rate = 0.005 }"#,
            r#"{ do = "infer_schema" }"#,
            r#"{ do = "validate" }"#,
        ])
    );
    s.turn(5, 1); // tree
    s.turn(6, 1); // max_depth = [2, 4, 6, 8]
    assert_eq!(
        s.apply(Group::Model, &world),
        labs(&[
            r#"{ do = "sweep", model = "tree", strategy = "grid", grid = { max_depth = [2, 4, 6, 8] } }"#
        ])
    );
    s.turn(8, 2); // min absolute change 0.01
    s.turn(9, 3); // min relative change 0.1
    assert_eq!(
        s.apply(Group::Gate, &world),
        labs(&[
            r#"{ do = "evaluate_gate", model = "scorer", run_id = "run-001", thresholds = { test_auc = { threshold = 0.6, min_absolute_change = 0.01, min_relative_change = 0.1, greater_is_better = true } } }"#,
            r#"{ do = "register_model", name = "scorer", run_id = "run-001" }"#,
        ])
    );
    s.turn(10, 2); // canary
    s.turn(11, 1); // 25
    s.turn(12, 2); // bake 24 hours
    assert_eq!(
        s.apply(Group::Deploy, &world),
        labs(&[
            r#"{ do = "deploy", endpoint = "scoring", version = 1, deployment = "v1", strategy = { kind = "canary", percent = 25, bake_hours = 24 }, replicas = 2 }"#
        ])
    );
    s.turn(10, 1); // linear
    assert_eq!(
        s.apply(Group::Deploy, &world),
        labs(&[
            r#"{ do = "deploy", endpoint = "scoring", version = 1, deployment = "v1", strategy = { kind = "linear", step_percent = 25, bake_hours = 24 }, replicas = 2 }"#
        ])
    );
    s.turn(14, 1); // concept
    s.turn(16, 2); // effect 2
    s.turn(17, 3); // from day 7
    s.turn(18, 1); // over 3 days
    let feature = s.value(15);
    assert_eq!(
        s.apply(Group::Incident, &world),
        labs(&[&format!(
            r#"{{ do = "inject_drift", kind = "concept", feature = "{feature}", effect = 2, from_day = 7, over_days = 3 }}"#
        )])
    );
    s.turn(14, 3); // unit_change
    assert_eq!(
        s.apply(Group::Incident, &world),
        labs(&[&format!(
            r#"{{ do = "inject_incident", kind = "unit_change", feature = "{feature}", factor = 10, from_day = 7 }}"#
        )])
    );
    s.turn(20, 2); // psi
    s.turn(21, 4); // 0.2
    assert_eq!(
        s.apply(Group::Monitor, &world),
        labs(&[
            &format!(
                r#"{{ do = "configure_monitor", endpoint = "scoring", window_days = 1, features = {{ {feature} = {{ method = "psi", threshold = 0.2 }} }} }}"#
            ),
            r#"{ do = "run_monitor", endpoint = "scoring" }"#,
        ])
    );
    s.turn(22, 1); // every 7 days
    assert_eq!(
        s.apply(Group::Retrain, &world),
        labs(&[r#"{ do = "set_trigger", trigger = "schedule", every_days = 7 }"#])
    );
}

#[test]
fn the_console_lines_shown_read_back_as_the_same_commands() {
    let mut s = Settings::new(Scenario::Fraud, 3);
    let world = World::new(Scenario::Fraud, 3);
    s.turn(10, 2);
    s.turn(20, 1);
    let mut commands = s.build();
    for g in GROUPS {
        commands.extend(s.apply(g, &world));
    }
    for c in commands {
        let line = command_line(&c);
        assert_eq!(parse_command(&line).ok(), Some(c), "{line}");
    }
    // Arguments at their default are left out, as a learner leaves them out.
    let s = Settings::new(Scenario::Churn, 1);
    assert_eq!(
        command_line(&s.build()[0]),
        "generate rows=5000 missing_rate=0.01"
    );
    assert_eq!(
        command_line(&s.build()[12]),
        "deploy endpoint=scoring version=1"
    );
}

#[test]
fn knobs_wrap_around_and_dependent_values_start_over() {
    let mut s = Settings::new(Scenario::CreditRisk, 42);
    s.turn(5, 1);
    assert_eq!(s.value(5), "tree");
    assert!(s.value(6).starts_with("max_depth"));
    s.turn(5, -2);
    assert_eq!(s.value(5), "naive_bayes");
    assert_eq!(s.value(6), "var_smoothing = [1e-9, 1e-6]");
    s.turn(1, -1);
    assert_eq!(s.seed, 41);
    s.turn(14, 2);
    assert_eq!(s.label(16), "positive_rate");
}
