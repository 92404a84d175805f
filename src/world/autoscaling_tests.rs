//! The autoscaler as the Kubernetes HPA and Knative behave, through whole served days: several
//! metrics take the largest proposal, a latency target below what an idle pod answers in pins
//! the fleet at its maximum, the scale-down window holds a replica through a short gap, and a
//! deployment allowed to reach zero replicas is woken by the next request, which waits for the
//! cold start (or fails past the 60 s request timeout).
//! <https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details>
//! <https://knative.dev/docs/serving/autoscaling/scale-to-zero/>

use super::World;
use super::event::Event;
use super::test_kit::{check, ok, rejection, run, serving_world};

/// The Scaled events of `endpoint` in `events`: (from, to, reason).
fn scaled(events: &[Event], endpoint: &str) -> Vec<(u32, u32, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Scaled {
                endpoint: ep,
                from,
                to,
                reason,
                ..
            } if ep == endpoint => Some((*from, *to, reason.clone())),
            _ => None,
        })
        .collect()
}

/// The day line of `endpoint` in `events`: its failed requests and its first deployment's
/// worst hourly p95.
fn served(events: &[Event], endpoint: &str) -> (usize, f64) {
    events
        .iter()
        .find_map(|e| match e {
            Event::DayServed {
                endpoint: ep,
                errors,
                deployments,
                ..
            } if ep == endpoint => Some((*errors, deployments[0].max_latency_p95_ms)),
            _ => None,
        })
        .expect("a day line")
}

/// An office-hours endpoint `office` on version 1 of `scorer`, one replica, served from the
/// next day: 90 requests in the hours 9-12, 13-15 and 16-18.
fn office(seed: u64) -> World {
    let mut w = serving_world(seed, 1, 2);
    ok(
        &mut w,
        r#"{ do = "create_endpoint", name = "office", model = "scorer", requests_per_day = 90, active_hours = "9-12,13-15,16-18" }"#,
    );
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "office", version = 1, replicas = 1 }"#,
    );
    w
}

#[test]
fn a_p95_target_below_the_idle_latency_pins_the_fleet_at_its_maximum() {
    let mut w = serving_world(3, 1, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, replicas = 2 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "autoscale", endpoint = "ep", deployment = "v1", min_replicas = 2, max_replicas = 6, target_p95_ms = 15 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let moves = scaled(&e, "ep");
    assert!(
        moves.iter().all(|(from, to, _)| to > from),
        "never scales in: {moves:?}"
    );
    assert_eq!(moves.last().map(|m| m.1), Some(6), "{moves:?}");
    assert!(
        moves[0].2.contains("ms p95 vs target 15 ms"),
        "{}",
        moves[0].2
    );
    assert!(check(
        &w,
        r#"{ kind = "pods_ready", endpoint = "ep", deployment = "v1", min = 6 }"#
    ));
}

#[test]
fn an_idle_hour_scales_to_zero_and_the_next_request_waits_for_the_cold_start() {
    let mut w = office(5);
    ok(
        &mut w,
        r#"{ do = "autoscale", endpoint = "office", deployment = "v1", min_replicas = 0, max_replicas = 2, target_requests_per_pod = 50, cold_start_ms = 45000 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let wakes: Vec<String> = scaled(&e, "office")
        .into_iter()
        .filter(|(from, _, _)| *from == 0)
        .map(|m| m.2)
        .collect();
    assert_eq!(wakes.len(), 3, "one per session: {wakes:?}");
    assert!(wakes[0].contains("at 09:02"), "{}", wakes[0]);
    assert!(wakes[0].contains("longest 45.0 s"), "{}", wakes[0]);
    let day = served(&e, "office");
    assert_eq!(day.0, 0, "45 s is within the 60 s timeout: nobody fails");
    assert!(day.1 > 45_000.0, "the wait is in the p95: {}", day.1);
    assert!(check(
        &w,
        r#"{ kind = "cold_starts", endpoint = "office", day = 0, min = 3, max = 3 }"#
    ));
    let hours = &w.serving().endpoints["office"].hours;
    let billed: u32 = hours.iter().rev().take(24).map(|h| h.replicas).sum();
    assert!(
        billed < 24,
        "scale to zero pays only the hours a pod ran: {billed}"
    );
}

#[test]
fn a_cold_start_past_the_request_timeout_fails_the_first_callers() {
    let mut w = office(5);
    ok(
        &mut w,
        r#"{ do = "autoscale", endpoint = "office", deployment = "v1", min_replicas = 0, max_replicas = 2, target_requests_per_pod = 50, cold_start_ms = 300000 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let wake = scaled(&e, "office")
        .into_iter()
        .find(|(from, _, _)| *from == 0)
        .unwrap();
    assert!(
        wake.2.contains("past the 60 s request timeout and failed"),
        "{}",
        wake.2
    );
    assert!(
        served(&e, "office").0 > 0,
        "five minutes of start fail its callers"
    );
}

#[test]
fn a_two_hour_scale_down_window_keeps_the_replica_through_one_hour_breaks() {
    let mut w = office(5);
    ok(
        &mut w,
        r#"{ do = "autoscale", endpoint = "office", deployment = "v1", min_replicas = 0, max_replicas = 2, target_requests_per_pod = 50, scale_down_window_hours = 2, cold_start_ms = 45000 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(check(
        &w,
        r#"{ kind = "cold_starts", endpoint = "office", min = 1, max = 1 }"#
    ));
    assert!(
        !check(
            &w,
            r#"{ kind = "cold_starts", endpoint = "office", day = 5, max = 3 }"#
        ),
        "a day not served yet does not pass"
    );
    let held = e
        .iter()
        .filter(|e| matches!(e, Event::Note { text } if text.contains("2-hour scale-down window")))
        .count();
    assert!(held >= 3, "held at lunch, at 15:00 and at 18:00: {held}");
}

#[test]
fn autoscale_refuses_what_the_hpa_would_not_accept() {
    let mut w = office(5);
    for (args, says) in [
        ("min_replicas = 1, max_replicas = 2", "give a target"),
        (
            "min_replicas = 1, max_replicas = 2, target_p95_ms = -5",
            "target_p95_ms must be positive",
        ),
        (
            "min_replicas = 0, max_replicas = 0, target_requests_per_pod = 5",
            "max_replicas 1 to 100",
        ),
        (
            "min_replicas = 1, max_replicas = 2, target_requests_per_pod = 5, cold_start_ms = 100",
            "set min_replicas=0",
        ),
        (
            "min_replicas = 1, max_replicas = 2, target_requests_per_pod = 5, scale_down_window_hours = 48",
            "scale_down_window_hours must be 0 to 24",
        ),
    ] {
        let why = rejection(&run(
            &mut w,
            &format!(r#"{{ do = "autoscale", endpoint = "office", deployment = "v1", {args} }}"#),
        ));
        assert!(why.contains(says), "{args}: {why}");
    }
    let why = rejection(&run(
        &mut w,
        r#"{ do = "create_endpoint", name = "night", model = "scorer", active_hours = "22-22" }"#,
    ));
    assert!(why.contains("active_hours"), "{why}");
}
