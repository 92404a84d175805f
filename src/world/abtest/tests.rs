//! A/B tests on the World: what the commands refuse, conversions drawn at the true rates, a
//! fixed horizon that waits for its sample, and a peeking rule that stops and ships.

use crate::world::World;
use crate::world::event::Event;
use crate::world::test_kit::{blue_then_green, check, ok, rejection, run};

/// Versions 1 (`blue`) and 2 (`green`) each on 50% of 1,200 requests a day.
fn split_world(seed: u64) -> World {
    let mut w = blue_then_green(seed, r#"{ kind = "shadow", percent = 100 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "set_traffic", endpoint = "ep", traffic = { blue = 50, green = 50 } }"#,
    );
    w
}

fn truth(w: &mut World, v1: f64, v2: f64) {
    ok(
        w,
        &format!(r#"{{ do = "set_conversion", endpoint = "ep", version = 1, rate = {v1} }}"#),
    );
    ok(
        w,
        &format!(r#"{{ do = "set_conversion", endpoint = "ep", version = 2, rate = {v2} }}"#),
    );
}

fn plan(w: &mut World, mde: f64) -> Vec<Event> {
    ok(
        w,
        &format!(
            r#"{{ do = "plan_ab_test", endpoint = "ep", control = 1, treatment = 2, baseline_rate = 0.1, mde = {mde} }}"#
        ),
    )
}

#[test]
fn bad_plans_and_starts_are_refused_with_the_reason() {
    let mut w = blue_then_green(3, r#"{ kind = "shadow", percent = 100 }"#);
    let r = |w: &mut World, c: &str| rejection(&run(w, c));
    assert!(r(&mut w, r#"{ do = "plan_ab_test", endpoint = "nope", control = 1, treatment = 2, baseline_rate = 0.1, mde = 0.02 }"#).contains("unknown endpoint"));
    assert!(r(&mut w, r#"{ do = "plan_ab_test", endpoint = "ep", control = 1, treatment = 1, baseline_rate = 0.1, mde = 0.02 }"#).contains("two different versions"));
    assert!(r(&mut w, r#"{ do = "plan_ab_test", endpoint = "ep", control = 1, treatment = 2, baseline_rate = 0.1, mde = 0 }"#).contains("mde"));
    assert!(r(&mut w, r#"{ do = "start_ab_test", endpoint = "ep" }"#).contains("plan_ab_test"));
    assert!(
        r(
            &mut w,
            r#"{ do = "set_conversion", endpoint = "ep", version = 1, rate = 1.5 }"#
        )
        .contains("0 to 1")
    );
    // Version 2 is only a shadow: a test needs both versions on the live split.
    plan(&mut w, 0.02);
    assert!(check(
        &w,
        r#"{ kind = "ab_test_planned", endpoint = "ep" }"#
    ));
    assert!(r(&mut w, r#"{ do = "start_ab_test", endpoint = "ep" }"#).contains("set_traffic"));
}

#[test]
fn the_plan_states_the_sample_size_and_the_days_it_takes() {
    let mut w = split_world(4);
    let e = plan(&mut w, 0.02);
    let Event::Note { text } = &e[0] else {
        panic!("{e:?}")
    };
    // 3,841 per arm (see stats::abtest); 600 a day per arm: 7 days.
    assert!(text.contains("3841 requests per arm"), "{text}");
    assert!(text.contains("about 600 a day: 7 days"), "{text}");
}

#[test]
fn conversions_are_drawn_at_each_versions_true_rate() {
    let mut w = split_world(5);
    truth(&mut w, 0.3, 0.1);
    let events = ok(&mut w, r#"{ do = "advance_days", days = 5 }"#);
    let (mut n, mut x) = ([0u64; 2], [0u64; 2]);
    for e in &events {
        if let Event::Conversions { variants, .. } = e {
            for v in variants {
                let i = v.version as usize - 1;
                n[i] += v.requests;
                x[i] += v.conversions;
            }
        }
    }
    // About 3,000 requests per version: the observed rates sit within 0.03 of the truth.
    assert!(n[0] > 2500 && n[1] > 2500, "{n:?}");
    let rate = |i: usize| x[i] as f64 / n[i] as f64;
    assert!((rate(0) - 0.3).abs() < 0.03, "{}", rate(0));
    assert!((rate(1) - 0.1).abs() < 0.03, "{}", rate(1));
}

#[test]
fn an_endpoint_without_true_rates_draws_no_conversions() {
    let mut w = split_world(6);
    let events = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Conversions { .. } | Event::AbTestLook { .. }))
    );
}

#[test]
fn a_fixed_horizon_test_waits_for_its_sample_and_leaves_the_split() {
    let mut w = split_world(7);
    truth(&mut w, 0.1, 0.3);
    plan(&mut w, 0.05);
    let n = w.ab_test("ep").unwrap().plan.n_per_arm;
    ok(
        &mut w,
        r#"{ do = "start_ab_test", endpoint = "ep", stopping = "fixed_horizon" }"#,
    );
    // Day 1 is already significant (10% against 30%), but the plan asks for more requests.
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let t = w.ab_test("ep").unwrap();
    assert!(t.last.unwrap().p_value < 0.001 && t.outcome.is_none());
    assert!(rejection(&run(&mut w, r#"{ do = "plan_ab_test", endpoint = "ep", control = 1, treatment = 2, baseline_rate = 0.1, mde = 0.05 }"#)).contains("running"));
    ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let t = w.ab_test("ep").unwrap();
    let o = t.outcome.as_ref().unwrap();
    assert!(o.at_horizon && o.shipped.is_none());
    assert!(t.control.requests >= n && t.treatment.requests >= n);
    let c = t.last.unwrap();
    assert!(c.ci_low > 0.1 && c.p_value < 0.05, "{c:?}");
    assert!(check(
        &w,
        r#"{ kind = "ab_test_concluded", endpoint = "ep", at_horizon = true }"#
    ));
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 50 }"#
    ));
}

#[test]
fn the_peeking_rule_stops_at_the_first_significant_look_and_ships_the_arm_ahead() {
    let mut w = split_world(8);
    truth(&mut w, 0.1, 0.3);
    // An MDE of 1 point needs 14,751 per arm: weeks of traffic the peek never waits for.
    plan(&mut w, 0.01);
    ok(
        &mut w,
        r#"{ do = "start_ab_test", endpoint = "ep", stopping = "first_significant" }"#,
    );
    let events = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let o = w.ab_test("ep").unwrap().outcome.clone().unwrap();
    assert_eq!((o.day, o.at_horizon, o.shipped), (1, false, Some(2)));
    assert!(events.iter().any(
        |e| matches!(e, Event::TrafficShifted { reason, .. } if reason.contains("stopped early"))
    ));
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 100 }"#
    ));
    assert!(check(
        &w,
        r#"{ kind = "ab_test_concluded", endpoint = "ep" }"#
    ));
    assert!(!check(
        &w,
        r#"{ kind = "ab_test_concluded", endpoint = "ep", at_horizon = true }"#
    ));
    // The day after the stop still counts conversions, on version 2 alone.
    let last = events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::Conversions { variants, .. } => Some(variants.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(last.iter().map(|v| v.version).collect::<Vec<_>>(), [2]);
}
