//! World-level tests of serving, traffic, incidents and monitoring: rollouts and rollbacks,
//! routing that loses no request, each incident seen by the monitor, and bad input rejected.

use super::event::Event;
use super::test_kit::{blue_then_green, check, ok, rejection, run, serving_world};

fn served(events: &[Event]) -> Vec<(usize, usize)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::DayServed {
                requests, errors, ..
            } => Some((*requests, *errors)),
            _ => None,
        })
        .collect()
}

#[test]
fn first_deployment_takes_all_traffic_once_ready() {
    let mut w = serving_world(5, 1, 2);
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 1 }"#);
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 1, percent = 100 }"#
    ));
    assert!(check(
        &w,
        r#"{ kind = "pods_ready", endpoint = "ep", deployment = "v1", min = 2 }"#
    ));
    let days = served(&e);
    // The endpoint is Creating until the pods are ready: no request reaches it before, so
    // none fails for want of a pod, and every request of both days is answered.
    assert_eq!(days, vec![(1200, 0), (1200, 0)]);
    assert!(
        e.iter()
            .any(|x| matches!(x, Event::Note { text } if text.contains("InService")))
    );
}

#[test]
fn an_endpoint_whose_first_pods_never_get_ready_takes_no_requests() {
    let mut w = serving_world(5, 1, 2);
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "faulty_build", endpoint = "ep", version = 1, fails_readiness = true }"#,
    );
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 1 }"#);
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(served(&e).is_empty(), "{e:?}");
    assert!(
        e.iter()
            .any(|x| matches!(x, Event::Note { text } if text.contains("still Creating")))
    );
    assert!(!w.serving().endpoints["ep"].in_service());
    assert!(w.production().get("ep").is_none_or(Vec::is_empty));
}

#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn bad_input_is_rejected_with_reasons() {
    let mut w = blue_then_green(13, r#"{ kind = "shadow", percent = 10 }"#);
    let cases = [
        (
            r#"{ do = "set_traffic", endpoint = "ep", traffic = { blue = 90, green = 20 } }"#,
            "sum to 100",
        ),
        (
            r#"{ do = "set_traffic", endpoint = "ep", traffic = { blue = 100 }, mirror = { green = 101 } }"#,
            "0 to 100",
        ),
        (
            r#"{ do = "set_traffic", endpoint = "ep", traffic = { red = 100 } }"#,
            "red",
        ),
        (
            r#"{ do = "set_traffic", endpoint = "nope", traffic = { blue = 100 } }"#,
            "unknown endpoint",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", strategy = { kind = "canary", percent = 60 } }"#,
            "1 to 50",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", strategy = { kind = "linear", step_percent = 5 } }"#,
            "10 to 50",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", strategy = { kind = "shadow", percent = 95 } }"#,
            "at most 100",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 9 }"#,
            "not 9",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", replicas = 0 }"#,
            "replicas",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", max_surge = 0, max_unavailable = "0%" }"#,
            "both be 0",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", max_surge = "lots" }"#,
            "percentage",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", strategy = { kind = "blue_green", bake_hours = 5, bake_days = 1 } }"#,
            "not both",
        ),
        (
            r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "c", strategy = { kind = "canary", percent = 5, bake_days = 31 } }"#,
            "720 hours",
        ),
        (r#"{ do = "advance_days", days = -1 }"#, "days"),
        (r#"{ do = "advance_days", days = 0 }"#, "days"),
        (
            r#"{ do = "scale", endpoint = "ep", deployment = "purple", replicas = 2 }"#,
            "purple",
        ),
        (
            r#"{ do = "autoscale", endpoint = "ep", deployment = "blue", min_replicas = 5, max_replicas = 2, target_requests_per_pod = 10 }"#,
            "min_replicas",
        ),
        (
            r#"{ do = "inject_drift", kind = "covariate", feature = "salary", shift = 1 }"#,
            "unknown feature",
        ),
        (
            r#"{ do = "inject_drift", kind = "covariate", feature = "income" }"#,
            "shift",
        ),
        (
            r#"{ do = "inject_drift", kind = "sideways" }"#,
            "covariate, concept or prior",
        ),
        (
            r#"{ do = "inject_drift", kind = "prior", positive_rate = 1.5 }"#,
            "positive_rate",
        ),
        (
            r#"{ do = "inject_incident", kind = "unit_change", feature = "employment", factor = 100 }"#,
            "categorical",
        ),
        (
            r#"{ do = "inject_incident", kind = "schema_change", feature = "age", change = "exploded" }"#,
            "new_column",
        ),
        (
            r#"{ do = "inject_incident", kind = "serving_skew", feature = "age_squared" }"#,
            "unknown feature output",
        ),
        (
            r#"{ do = "configure_monitor", endpoint = "ep", features = { salary = { method = "ks" } } }"#,
            "unknown feature",
        ),
        (
            r#"{ do = "configure_monitor", endpoint = "ep", features = { age = { method = "kolmogorov" } } }"#,
            "kolmogorov",
        ),
        (
            r#"{ do = "configure_monitor", endpoint = "ep", reference = "window" }"#,
            "reference_from_day",
        ),
        (
            r#"{ do = "run_monitor", endpoint = "ep" }"#,
            "configure_monitor",
        ),
        (
            r#"{ do = "create_endpoint", name = "ep2", model = "ghost" }"#,
            "ghost",
        ),
    ];
    for (c, want) in cases {
        let why = rejection(&run(&mut w, c));
        assert!(why.contains(want), "{c}: {why}");
    }
    assert!(
        check(&w, r#"{ kind = "traffic", version = 1, percent = 100 }"#)
            || w.serving().endpoints["ep"].traffic.is_empty()
    );
}
