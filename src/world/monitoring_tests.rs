//! The monitor responding to each incident kind: drift alerts that explain themselves, silence
//! under concept drift while realised performance drops, CBPE right under covariate shift and
//! wrong under concept drift, data-quality and schema alerts, prediction drift from skew.

use super::World;
use super::event::Event;
use super::monitoring::{Alert, AlertKind, MonitorReport};
use super::test_kit::{check, ok, serving_world};

/// A serving endpoint with a daily monitor against the training data; labels after `delay` days.
fn monitored(seed: u64, delay: i64) -> World {
    let mut w = serving_world(seed, 1, delay);
    ok(&mut w, r#"{ do = "deploy", endpoint = "ep", version = 1 }"#);
    ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    ok(&mut w, r#"{ do = "configure_monitor", endpoint = "ep" }"#);
    w
}

fn alerts(events: &[Event]) -> Vec<Alert> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::AlertRaised { alert } => Some(alert.clone()),
            _ => None,
        })
        .collect()
}

fn reports(events: &[Event]) -> Vec<MonitorReport> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::MonitorRan { report } => Some(report.clone()),
            _ => None,
        })
        .collect()
}

fn drifted(a: &[Alert]) -> Vec<String> {
    let mut f: Vec<String> = a
        .iter()
        .filter(|a| a.kind == AlertKind::FeatureDrift)
        .filter_map(|a| a.feature.clone())
        .collect();
    f.dedup();
    f
}

#[test]
fn a_quiet_week_raises_no_drift_alert() {
    let mut w = monitored(21, 2);
    let e = ok(&mut w, r#"{ do = "advance_days", days = 4 }"#);
    assert_eq!(reports(&e).len(), 4, "a daily window");
    assert!(drifted(&alerts(&e)).is_empty(), "{:?}", alerts(&e));
    assert!(check(&w, r#"{ kind = "no_drift_alert" }"#));
    assert!(!check(&w, r#"{ kind = "drift_alert" }"#));
    // With more than 1000 reference rows Evidently picks Wasserstein for numbers, JS for categories.
    let r = reports(&e).pop().unwrap();
    let income = r.features.iter().find(|f| f.feature == "income").unwrap();
    assert_eq!(
        (income.method.as_str(), income.threshold),
        ("wasserstein", 0.1)
    );
    let emp = r
        .features
        .iter()
        .find(|f| f.feature == "employment")
        .unwrap();
    assert_eq!(emp.method, "jensenshannon");
    assert!(
        check(&w, r#"{ kind = "performance_known" }"#),
        "labels after 2 days"
    );
}

#[test]
fn covariate_drift_is_flagged_and_cbpe_tracks_the_truth() {
    let mut w = monitored(22, 0);
    ok(
        &mut w,
        r#"{ do = "inject_drift", kind = "covariate", feature = "debt_to_income", shift = 1.5 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let a = alerts(&e);
    assert_eq!(drifted(&a), vec!["debt_to_income".to_string()], "{a:?}");
    let why = &a
        .iter()
        .find(|a| a.kind == AlertKind::FeatureDrift)
        .unwrap()
        .explanation;
    assert!(
        why.contains("wasserstein") && why.contains(">= threshold 0.1") && why.contains("training"),
        "{why}"
    );
    assert!(check(
        &w,
        r#"{ kind = "drift_alert", feature = "debt_to_income" }"#
    ));
    assert!(!check(
        &w,
        r#"{ kind = "no_drift_alert", feature = "debt_to_income" }"#
    ));
    assert!(check(&w, r#"{ kind = "no_drift_alert", feature = "age" }"#));
    let real = reports(&e).pop().unwrap().realised.unwrap();
    let est = real.estimated.unwrap();
    assert!(
        (est.accuracy - real.accuracy).abs() < 0.03,
        "CBPE {est:?} vs realised {real:?}"
    );
}

#[test]
fn gradual_drift_grows_day_by_day() {
    let mut w = monitored(23, 2);
    ok(
        &mut w,
        r#"{ do = "inject_drift", kind = "covariate", feature = "income", scale = 2.0, over_days = 4 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 4 }"#);
    let scores: Vec<f64> = reports(&e)
        .iter()
        .map(|r| {
            r.features
                .iter()
                .find(|f| f.feature == "income")
                .unwrap()
                .score
        })
        .collect();
    assert!(scores.windows(2).all(|p| p[0] < p[1]), "{scores:?}");
}

/// `NannyML` documents that CBPE assumes no concept drift: when P(y | x) changes, the calibrated
/// scores no longer say how often the model is right, and the estimate stays high while the
/// realised accuracy falls
/// (<https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html#assumptions-and-limitations>).
#[test]
fn concept_drift_leaves_the_data_monitor_quiet_but_performance_drops() {
    let mut w = monitored(24, 0);
    ok(
        &mut w,
        r#"{ do = "inject_drift", kind = "concept", feature = "age", effect = -2.5 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 2 }"#);
    let a = alerts(&e);
    assert!(drifted(&a).is_empty(), "inputs did not change: {a:?}");
    let r = reports(&e).pop().unwrap();
    let real = r.realised.unwrap();
    let est = real.estimated.unwrap();
    let base = r.baseline_accuracy.unwrap();
    assert!(
        real.accuracy < base - 0.05,
        "realised {} vs test {base}",
        real.accuracy
    );
    assert!(
        est.accuracy > real.accuracy + 0.05,
        "CBPE {} is fooled, realised {}",
        est.accuracy,
        real.accuracy
    );
    assert!(a.iter().any(|a| a.kind == AlertKind::Performance));
    assert!(!a.iter().any(|a| a.kind == AlertKind::EstimatedPerformance));
    assert!(check(
        &w,
        r#"{ kind = "alert_raised", alert = "performance" }"#
    ));
}

#[test]
fn prior_shift_moves_the_predictions() {
    let mut w = monitored(25, 2);
    ok(
        &mut w,
        r#"{ do = "inject_drift", kind = "prior", positive_rate = 0.6 }"#,
    );
    let e = ok(&mut w, r#"{ do = "advance_days", days = 1 }"#);
    let a = alerts(&e);
    assert!(
        a.iter().any(|a| a.kind == AlertKind::PredictionDrift),
        "{a:?}"
    );
    let day = w.production()["ep"].last().unwrap();
    let rate = day.requests.positives() as f64 / day.requests.n_rows() as f64;
    assert!((0.55..0.65).contains(&rate), "{rate}");
}

#[test]
fn pipeline_incidents_raise_their_own_alerts() {
    let cases = [
        (
            r#"{ do = "inject_incident", kind = "schema_change", feature = "late_payments", change = "missing_column" }"#,
            AlertKind::Schema,
            "late_payments",
        ),
        (
            r#"{ do = "inject_incident", kind = "schema_change", feature = "zip_code", change = "new_column" }"#,
            AlertKind::Schema,
            "zip_code",
        ),
        (
            r#"{ do = "inject_incident", kind = "schema_change", feature = "income", change = "renamed_column", new_name = "annual_income" }"#,
            AlertKind::Schema,
            "annual_income",
        ),
        (
            r#"{ do = "inject_incident", kind = "missing_surge", feature = "age", fraction = 0.4 }"#,
            AlertKind::DataQuality,
            "age",
        ),
        (
            r#"{ do = "inject_incident", kind = "unit_change", feature = "loan_amount", factor = 100 }"#,
            AlertKind::FeatureDrift,
            "loan_amount",
        ),
    ];
    for (incident, kind, feature) in cases {
        let mut w = monitored(26, 2);
        ok(&mut w, incident);
        let a = alerts(&ok(&mut w, r#"{ do = "advance_days", days = 1 }"#));
        assert!(
            a.iter()
                .any(|a| a.kind == kind && a.feature.as_deref() == Some(feature)),
            "{incident}: {a:?}"
        );
    }
}

#[test]
fn serving_skew_shows_as_prediction_drift_not_input_drift() {
    let mut w = monitored(27, 2);
    ok(
        &mut w,
        r#"{ do = "inject_incident", kind = "serving_skew", feature = "log_income" }"#,
    );
    let a = alerts(&ok(&mut w, r#"{ do = "advance_days", days = 1 }"#));
    assert!(drifted(&a).is_empty(), "{a:?}");
    assert!(
        a.iter().any(|a| a.kind == AlertKind::PredictionDrift),
        "{a:?}"
    );
}

#[test]
fn per_feature_method_and_threshold_and_a_window_reference() {
    let mut w = monitored(28, 2);
    ok(
        &mut w,
        r#"{ do = "configure_monitor", endpoint = "ep", window_days = 2, reference = "window", reference_from_day = 0, reference_to_day = 1, features = { income = { method = "psi", threshold = 0.2 } } }"#,
    );
    // Day 0 was served before; windows close after days 1 and 3 (every second day served).
    let e = ok(&mut w, r#"{ do = "advance_days", days = 3 }"#);
    assert_eq!(reports(&e).len(), 2);
    let r = reports(&e).pop().unwrap();
    assert_eq!((r.from_day, r.to_day), (2, 3));
    assert_eq!(r.reference, "days 0..1");
    let income = r.features.iter().find(|f| f.feature == "income").unwrap();
    assert_eq!((income.method.as_str(), income.threshold), ("psi", 0.2));
}
