//! Serving strategies end to end: canary bakes, rollback on an alarm, linear steps, a
//! Kubernetes rolling update, shadow traffic and the HPA.

use super::World;
use super::event::Event;
use super::test_kit::{blue_then_green, check, ok, rejection, run, serving_world};

fn traffic_of(w: &World) -> Vec<(String, u32)> {
    w.serving().endpoints["ep"].split()
}

#[test]
fn canary_bakes_then_shifts_the_rest_then_removes_blue() {
    let mut w = blue_then_green(6, r#"{ kind = "canary", percent = 10, bake_hours = 24 }"#);
    assert!(
        rejection(&run(
            &mut w,
            r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "x" }"#
        ))
        .contains("in progress")
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    assert_eq!(
        traffic_of(&w),
        vec![("blue".into(), 90), ("green".into(), 10)]
    );
    assert!(check(
        &w,
        r#"{ kind = "deployment_serving", version = 2, min_percent = 10 }"#
    ));
    assert!(!check(
        &w,
        r#"{ kind = "deployment_serving", version = 2, min_percent = 11 }"#
    ));
    let day = w.production()["ep"].last().unwrap();
    let v2 = day.version.iter().filter(|v| **v == 2).count() as f64 / day.version.len() as f64;
    assert!((0.06..0.14).contains(&v2), "about 10% answered by v2: {v2}");
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(e.iter().any(
        |e| matches!(e, Event::RolloutCompleted { version: 2, removed: Some(b), .. } if b == "blue")
    ));
    assert_eq!(traffic_of(&w), vec![("green".into(), 100)]);
    assert!(!check(&w, r#"{ kind = "rolled_back" }"#));
}

#[test]
fn an_alarm_during_the_bake_rolls_back_to_blue() {
    let mut w = serving_world(7, 2, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "blue" }"#,
    );
    ok(
        &mut w,
        r#"{ do = "set_alarm", endpoint = "ep", name = "errors", metric = "error_rate", comparison = ">", threshold = 0.05 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    assert!(
        !check(&w, r#"{ kind = "alarm_fired" }"#),
        "a healthy fleet does not alarm"
    );
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "faulty_build", endpoint = "ep", version = 2, error_rate = 0.3 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "green", strategy = { kind = "linear", step_percent = 20, bake_hours = 6 } }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let back = e.iter().find_map(|e| match e {
        Event::RolledBack {
            reason,
            to_deployment,
            ..
        } => Some((reason.clone(), to_deployment.clone())),
        _ => None,
    });
    let (why, to) = back.expect("rolled back");
    assert_eq!(to, "blue");
    assert!(
        why.contains("errors") && why.contains("error_rate") && why.contains('>'),
        "{why}"
    );
    assert!(check(&w, r#"{ kind = "rolled_back", endpoint = "ep" }"#));
    assert!(check(&w, r#"{ kind = "alarm_fired", alarm = "errors" }"#));
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 1, percent = 100 }"#
    ));
    assert!(
        !w.serving().endpoints["ep"]
            .deployments
            .contains_key("green")
    );
}

#[test]
fn linear_steps_without_a_bake_advance_hourly() {
    let mut w = serving_world(8, 2, 2);
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 1 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, strategy = { kind = "linear", step_percent = 25, bake_hours = 0 } }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let steps: Vec<u32> = e
        .iter()
        .filter_map(|e| match e {
            Event::TrafficShifted { traffic, .. } => {
                traffic.iter().find(|(d, _)| d == "v2").map(|(_, p)| *p)
            }
            _ => None,
        })
        .collect();
    assert_eq!(steps, vec![25, 50, 75, 100]);
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 100 }"#
    ));
}

#[test]
fn rolling_update_mixes_versions_then_finishes_on_the_new_image() {
    let mut w = serving_world(9, 2, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, replicas = 4 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let e = ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, strategy = { kind = "rolling" } }"#,
    );
    assert!(
        e.iter()
            .any(|e| matches!(e, Event::DeploymentCreated { image, .. } if image == "scorer:v2"))
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let day = w.production()["ep"].last().unwrap();
    assert!(
        day.version.contains(&1) && day.version.contains(&2),
        "both images answered during the roll"
    );
    let errors = day.version.iter().filter(|v| **v == 0).count();
    assert_eq!(errors, 0, "maxUnavailable keeps pods ready: no 503s");
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 100 }"#
    ));
    assert!(check(
        &w,
        r#"{ kind = "pods_ready", endpoint = "ep", deployment = "v1", min = 4 }"#
    ));
}

#[test]
fn shadow_traffic_is_mirrored_but_never_returned() {
    let mut w = serving_world(10, 2, 2);
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 1 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, strategy = { kind = "shadow", percent = 20 } }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let day = w.production()["ep"].last().unwrap();
    assert!(
        day.version.iter().all(|v| *v == 1),
        "callers only get v1 answers"
    );
    let shadow = e
        .iter()
        .find_map(|e| match e {
            Event::DayServed { deployments, .. } => {
                deployments.iter().find(|d| d.deployment == "v2").cloned()
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(shadow.requests, 0);
    let agreement = shadow.shadow_agreement.unwrap();
    assert!(
        agreement > 0.9,
        "two close models agree on most mirrored requests: {agreement}"
    );
    let share = shadow.mirrored as f64 / 1200.0;
    assert!((0.15..0.25).contains(&share), "{share}");
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 0 }"#
    ));
}

#[test]
fn hpa_scales_out_under_load() {
    let mut w = serving_world(12, 1, 2);
    ok(
        &mut w,
        r#"{ do = "create_endpoint", name = "busy", model = "scorer", requests_per_day = 9600 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "busy", version = 1, replicas = 1 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "autoscale", endpoint = "busy", deployment = "v1", min_replicas = 1, max_replicas = 8, target_requests_per_pod = 50 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let first = e.iter().find_map(|e| match e {
        Event::Scaled {
            endpoint,
            from: 1,
            to,
            reason,
            ..
        } if endpoint == "busy" => Some((*to, reason.clone())),
        _ => None,
    });
    let (to, why) = first.expect("the HPA scaled out");
    assert_eq!(to, 8, "ceil(1 x 400 / 50) = 8: {why}");
    assert!(why.contains("ceil"), "{why}");
    assert!(check(
        &w,
        r#"{ kind = "pods_ready", endpoint = "busy", deployment = "v1", min = 8 }"#
    ));
}

/// Kubernetes marks a rollout that makes no progress for `progressDeadlineSeconds` (600 s by
/// default) failed, and does nothing else; the release controller the World plays then runs
/// `kubectl rollout undo`.
/// <https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment>
#[test]
fn a_rolling_update_to_a_crash_looping_image_fails_at_the_progress_deadline_and_is_undone() {
    let mut w = serving_world(14, 2, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, replicas = 4 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "faulty_build", endpoint = "ep", version = 2, fails_readiness = true }"#,
    );
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, strategy = { kind = "rolling" } }"#,
    );
    // In the first hour, maxUnavailable 25% of 4 = 1 (rounded down) and maxSurge 25% of 4 = 1
    // (rounded up) leave 3 ready old pods and 2 new pods that never pass readiness: no progress,
    // so the deadline passes within the hour.
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let ready = |k: &super::serving::kube::KubeDeployment, v: u32| {
        k.pods
            .iter()
            .filter(|p| p.version == v && p.state == super::serving::kube::PodState::Ready)
            .count()
    };
    let undone: Vec<(String, String)> = e
        .iter()
        .filter_map(|e| match e {
            Event::RolledBack { alarm, reason, .. } => Some((alarm.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    let [(cause, why)] = &undone[..] else {
        panic!("one rollback at the deadline: {undone:?}")
    };
    assert_eq!(cause, "ProgressDeadlineExceeded");
    assert!(
        why.contains("kubectl rollout undo") && why.contains("600 s"),
        "{why}"
    );
    let kube = &w.serving().endpoints["ep"].deployments["v1"].kube;
    assert_eq!(kube.version, 1, "the Deployment's template is back at v1");
    assert_eq!((ready(kube, 1), ready(kube, 2)), (4, 0), "{:?}", kube.pods);
    let day = w.production()["ep"].last().unwrap();
    assert!(day.version.iter().all(|v| *v == 1), "only v1 served");
    assert!(w.serving().endpoints["ep"].rollout.is_none());
}

#[test]
fn blue_green_keeps_blue_through_a_bake_counted_in_days() {
    let mut w = blue_then_green(15, r#"{ kind = "blue_green", bake_days = 2 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    assert!(check(
        &w,
        r#"{ kind = "traffic", version = 2, percent = 100 }"#
    ));
    assert!(
        w.serving().endpoints["ep"].deployments.contains_key("blue"),
        "blue stays during the bake"
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    assert!(
        e.iter()
            .any(|e| matches!(e, Event::RolloutCompleted { .. }))
    );
    assert!(!w.serving().endpoints["ep"].deployments.contains_key("blue"));
}

#[test]
fn the_hourly_record_shows_the_canary_share_its_errors_and_the_rollback() {
    let mut w = serving_world(7, 2, 2);
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 1, deployment = "blue" }"#,
    );
    ok(
        &mut w,
        r#"{ do = "set_alarm", endpoint = "ep", name = "errors", metric = "error_rate", comparison = ">", threshold = 0.05 }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "faulty_build", endpoint = "ep", version = 2, error_rate = 0.3 }"#,
    );
    ok(
        &mut w,
        r#"{ do = "deploy", endpoint = "ep", version = 2, deployment = "green", strategy = { kind = "canary", percent = 10, bake_hours = 24 } }"#,
    );
    ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let e = &w.serving().endpoints["ep"];
    let firing = w.serving().firings.last().expect("the alarm fired");
    let fired = e.hours.iter().position(|p| p.at == firing.at).unwrap();
    let canary = e.hours[fired].versions[&2];
    assert_eq!(
        canary.percent, 10,
        "the canary's share in the hour it failed"
    );
    assert_eq!(e.hours[fired].versions[&1].percent, 90);
    assert_eq!(
        canary.error_rate(),
        Some(firing.value),
        "what the alarm saw"
    );
    let after = &e.hours[fired + 1];
    assert_eq!(after.at, firing.at + 3600, "one point per hour");
    assert!(!after.versions.contains_key(&2), "green was removed");
    assert_eq!(after.versions[&1].percent, 100);
    // Every served hour is there, the shares always sum to 100 and never double count.
    assert_eq!(e.hours.len(), 3 * 24);
    for p in &e.hours {
        assert_eq!(p.versions.values().map(|v| v.percent).sum::<u32>(), 100);
    }
    let errors: u64 = e
        .hours
        .iter()
        .flat_map(|p| p.versions.values())
        .map(|v| v.errors)
        .sum();
    let served: usize = w.production()["ep"]
        .iter()
        .map(|d| d.version.iter().filter(|v| **v == 0).count())
        .sum();
    assert_eq!(errors, served as u64, "each failed request counted once");
}
