//! Property tests of serving: live traffic always sums to 100 and the mirror to at most 100,
//! routing loses and double-counts no request, the registry never loses a version, and the same
//! seed and commands give the same events.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::World;
use super::event::Event;
use super::test_kit::{cmd, serving_world};
use super::traffic::pick_deployment;

fn base() -> World {
    static BASE: OnceLock<World> = OnceLock::new();
    BASE.get_or_init(|| serving_world(31, 2, 1)).clone()
}

/// A command from a pool that mixes valid and invalid serving, registry and incident commands.
fn command() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["blue", "green", "v1", "v2"]);
    prop_oneof![
        (
            prop::sample::select(vec![("blue", "green"), ("v1", "v2"), ("blue", "v2"), ("green", "v1")]),
            0..=120i64,
        )
            .prop_map(|((a, b), p)| format!(
                r#"{{ do = "set_traffic", endpoint = "ep", traffic = {{ {a} = {p}, {b} = {} }} }}"#,
                100 - p
            )),
        (name.clone(), 0..=120i64).prop_map(|(a, m)| format!(
            r#"{{ do = "set_traffic", endpoint = "ep", traffic = {{ blue = 100 }}, mirror = {{ {a} = {m} }} }}"#
        )),
        (1..=3i64, name.clone(), prop::sample::select(vec![
            r#"{ kind = "all_at_once" }"#.to_string(),
            r#"{ kind = "all_at_once", bake_hours = 4 }"#.to_string(),
            r#"{ kind = "blue_green", bake_hours = 6 }"#.to_string(),
            r#"{ kind = "canary", percent = 30, bake_hours = 3 }"#.to_string(),
            r#"{ kind = "canary", percent = 70 }"#.to_string(),
            r#"{ kind = "linear", step_percent = 20, bake_hours = 2 }"#.to_string(),
            r#"{ kind = "rolling" }"#.to_string(),
            r#"{ kind = "rolling", bake_hours = 2 }"#.to_string(),
            r#"{ kind = "shadow", percent = 25 }"#.to_string(),
        ]))
            .prop_map(|(v, d, s)| format!(
                r#"{{ do = "deploy", endpoint = "ep", version = {v}, deployment = "{d}", strategy = {s} }}"#
            )),
        Just(r#"{ do = "advance_days", days = 1 }"#.to_string()),
        Just(r#"{ do = "set_alarm", endpoint = "ep", name = "e", metric = "error_rate", comparison = ">", threshold = 0.02 }"#.to_string()),
        (1..=2i64).prop_map(|v| format!(r#"{{ do = "inject_incident", kind = "faulty_build", endpoint = "ep", version = {v}, error_rate = 0.2 }}"#)),
        (1..=3i64).prop_map(|v| format!(r#"{{ do = "set_alias", name = "scorer", alias = "champion", version = {v} }}"#)),
        Just(r#"{ do = "rollback", name = "scorer", alias = "champion" }"#.to_string()),
        Just(r#"{ do = "register_model", name = "scorer", run_id = "run-001" }"#.to_string()),
        (name, 0..=5i64).prop_map(|(d, r)| format!(r#"{{ do = "scale", endpoint = "ep", deployment = "{d}", replicas = {r} }}"#)),
    ]
}

fn invariants(w: &World, events: &[Event]) -> Result<(), TestCaseError> {
    for e in w.serving().endpoints.values() {
        let live: u32 = e.traffic.values().sum();
        prop_assert!(e.traffic.is_empty() || live == 100, "live {:?}", e.traffic);
        prop_assert!(
            e.mirror.values().sum::<u32>() <= 100,
            "mirror {:?}",
            e.mirror
        );
        prop_assert!(
            e.traffic
                .keys()
                .chain(e.mirror.keys())
                .all(|d| e.deployments.contains_key(d))
        );
    }
    for ev in events {
        if let Event::DayServed {
            requests,
            errors,
            deployments,
            unrouted,
            ..
        } = ev
        {
            let routed: u64 = deployments.iter().map(|d| d.requests).sum();
            prop_assert_eq!(
                routed as usize + unrouted,
                *requests,
                "every request goes to exactly one place"
            );
            prop_assert!(errors <= requests);
        }
    }
    if let Some(day) = w.production().get("ep").and_then(|l| l.last()) {
        let answered = day.version.iter().filter(|v| **v > 0).count();
        let with_p = day.proba.iter().filter(|p| p.is_finite()).count();
        prop_assert_eq!(
            answered,
            with_p,
            "an answer has exactly one version and one prediction"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn serving_invariants_hold_for_any_command_sequence(cmds in prop::collection::vec(command(), 1..8)) {
        let mut w = base();
        let mut versions = w.registry().models["scorer"].versions.len();
        for c in &cmds {
            let events = w.apply(cmd(c));
            prop_assert!(!events.is_empty());
            invariants(&w, &events)?;
            let now = w.registry().models["scorer"].versions.len();
            prop_assert!(now >= versions, "the registry lost a version after {}", c);
            versions = now;
        }
    }

    #[test]
    fn routing_follows_the_split_exactly(cuts in prop::collection::vec(0u32..=100, 0..4)) {
        let mut cuts = cuts;
        cuts.sort_unstable();
        let mut traffic = BTreeMap::new();
        let mut last = 0;
        for (k, c) in cuts.iter().chain(std::iter::once(&100)).enumerate() {
            traffic.insert(format!("d{k}"), c - last);
            last = *c;
        }
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for u in 0..100 {
            let d = pick_deployment(&traffic, u);
            prop_assert!(d.is_some(), "draw {} lost", u);
            *counts.entry(d.unwrap_or_default().to_string()).or_default() += 1;
        }
        for (d, p) in &traffic {
            prop_assert_eq!(counts.get(d).copied().unwrap_or(0), *p);
        }
    }
}

#[test]
fn same_seed_and_commands_give_the_same_events() {
    let script = [
        r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "blue" }"#,
        r#"{ do = "configure_monitor", endpoint = "ep" }"#,
        r#"{ do = "inject_drift", kind = "covariate", feature = "income", shift = 1.0, over_days = 2 }"#,
        r#"{ do = "advance_days", days = 1 }"#,
        r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "green", strategy = { kind = "canary", percent = 20, bake_hours = 12 } }"#,
        r#"{ do = "advance_days", days = 2 }"#,
    ];
    let play = || {
        let mut w = base();
        let events: Vec<Event> = script.iter().flat_map(|c| w.apply(cmd(c))).collect();
        serde_json::to_string(&events).unwrap()
    };
    let (a, b) = (play(), play());
    assert!(a.contains("alert_raised") && a.contains("rollout_completed"));
    assert_eq!(a, b);
}
