//! Readable lines for the operations events: endpoints, rollouts, alarms, days of traffic,
//! incidents and monitoring.

use crate::world::Event;

fn split(parts: &[(String, u32)]) -> String {
    parts
        .iter()
        .map(|(d, p)| format!("{d} {p}%"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `x` of `n` as a percent (0 for no requests).
fn pct(x: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        x as f64 * 100.0 / n as f64
    }
}

/// The event as one line, or `None` when it is not an operations event.
// One arm per event kind keeps every rendering in one place.
#[allow(clippy::too_many_lines)]
pub fn describe(event: &Event) -> Option<String> {
    Some(match event {
        Event::EndpointCreated {
            endpoint,
            model,
            requests_per_day,
            label_delay_days,
            active_hours,
        } => format!(
            "endpoint {endpoint} serves {model}: {requests_per_day} requests a day{}, labels \
             after {label_delay_days} days",
            active_hours
                .as_ref()
                .map_or(String::new(), |h| format!(" between hours {h}"))
        ),
        Event::DeploymentCreated {
            endpoint,
            deployment,
            version,
            image,
            replicas,
            strategy,
        } => format!(
            "{endpoint}: deployment {deployment} runs version {version} as image {image} on \
             {replicas} pod{} ({strategy})",
            if *replicas == 1 { "" } else { "s" }
        ),
        Event::TrafficShifted {
            endpoint,
            traffic,
            mirror,
            reason,
        } => {
            let mirror = if mirror.is_empty() {
                String::new()
            } else {
                format!(", mirror {}", split(mirror))
            };
            format!("{endpoint} traffic: {}{mirror} ({reason})", split(traffic))
        }
        Event::RolloutCompleted {
            endpoint,
            version,
            strategy,
            removed,
        } => format!(
            "{endpoint}: {strategy} rollout of version {version} completed{}",
            removed
                .as_ref()
                .map(|r| format!(", {r} removed"))
                .unwrap_or_default()
        ),
        Event::RolledBack {
            endpoint, reason, ..
        } => format!("ROLLED BACK {endpoint}: {reason}"),
        Event::AlarmSet {
            endpoint,
            alarm,
            description,
        } => format!("alarm {alarm} on {endpoint}: {description}"),
        Event::AlarmFired { firing } => format!(
            "ALARM {}: {} (version {}) {} = {:.4} {} {}",
            firing.alarm,
            firing.deployment,
            firing.version,
            firing.metric,
            firing.value,
            firing.comparison,
            firing.threshold
        ),
        Event::Scaled {
            endpoint,
            deployment,
            from,
            to,
            reason,
        } => format!(
            "{endpoint}/{deployment} scaled {from} -> {to} pod{}: {reason}",
            if *to == 1 { "" } else { "s" }
        ),
        Event::DayServed {
            endpoint,
            day,
            requests,
            errors,
            deployments,
            unrouted,
            labels_arrived,
        } => {
            let per: Vec<String> = deployments
                .iter()
                .map(|d| {
                    // A shadow answers no caller: its line counts the copies it got and how often
                    // its class agreed with the live answer, the online figures a shadow exists for.
                    let shadow = if d.mirrored > 0 {
                        let agreement = d
                            .shadow_agreement
                            .map(|a| format!(", agrees with live {:.1}%", a * 100.0))
                            .unwrap_or_default();
                        format!(", {} mirrored{agreement}", d.mirrored)
                    } else {
                        String::new()
                    };
                    format!(
                        "{} {} requests{shadow}, {} errors, p95 {:.0} ms",
                        d.deployment, d.requests, d.errors, d.max_latency_p95_ms
                    )
                })
                .collect();
            format!(
                "{endpoint} day {day}: {requests} requests, {errors} failed ({unrouted} found no \
                 ready pod), {labels_arrived} labels arrived; {}",
                per.join("; ")
            )
        }
        Event::Conversions {
            endpoint,
            day,
            variants,
        } => {
            let per: Vec<String> = variants
                .iter()
                .map(|v| {
                    format!(
                        "v{} converted {} of {} ({:.1}%), p95 {:.0} ms",
                        v.version,
                        v.conversions,
                        v.requests,
                        pct(v.conversions, v.requests),
                        v.latency_p95_ms
                    )
                })
                .collect();
            format!("{endpoint} day {day} conversions: {}", per.join("; "))
        }
        Event::AbTestLook { endpoint, look } => {
            let (c, t) = (&look.control, &look.treatment);
            let test = match (look.p_value, look.ci) {
                (Some(p), Some((lo, hi))) => format!(
                    "difference {:+.1} points, {:.0}% CI [{:+.1}, {:+.1}], p = {p:.3}",
                    (pct(t.conversions, t.requests) - pct(c.conversions, c.requests)),
                    (1.0 - look.alpha) * 100.0,
                    lo * 100.0,
                    hi * 100.0
                ),
                _ => "no comparison yet".into(),
            };
            format!(
                "{endpoint} A/B day {}: v{} {}/{} ({:.1}%), v{} {}/{} ({:.1}%); {test}; {} and {} of {} planned per arm",
                look.day,
                c.version,
                c.conversions,
                c.requests,
                pct(c.conversions, c.requests),
                t.version,
                t.conversions,
                t.requests,
                pct(t.conversions, t.requests),
                c.requests,
                t.requests,
                look.n_per_arm
            )
        }
        Event::IncidentInjected { id, description } => format!("incident {id}: {description}"),
        Event::MonitorConfigured {
            endpoint,
            description,
        } => format!("monitor on {endpoint}: {description}"),
        Event::MonitorRan { report } => {
            let drifted: Vec<&str> = report
                .features
                .iter()
                .filter(|f| f.drifted)
                .map(|f| f.feature.as_str())
                .collect();
            // Estimates and outcomes are paired by prediction day: the window's own CBPE
            // estimate with its realised accuracy once its labels are in, and the latest
            // labelled days with the estimate for those same requests.
            let same_days = report
                .realised
                .as_ref()
                .filter(|r| (r.from_day, r.to_day) == (report.from_day, report.to_day));
            let estimated = report
                .estimated
                .as_ref()
                .map(|e| {
                    let outcome = same_days.map_or_else(
                        || "realised not yet: labels pending".to_string(),
                        |r| format!("realised {:.3}", r.accuracy),
                    );
                    format!(", accuracy CBPE {:.3} ({outcome})", e.accuracy)
                })
                .unwrap_or_default();
            let realised = report
                .realised
                .as_ref()
                .filter(|_| same_days.is_none())
                .map(|r| {
                    let est = r
                        .estimated
                        .as_ref()
                        .map(|e| format!(" vs CBPE {:.3}", e.accuracy))
                        .unwrap_or_default();
                    format!(
                        "; labelled days {}-{}: realised accuracy {:.3}{est}",
                        r.from_day, r.to_day, r.accuracy
                    )
                })
                .unwrap_or_default();
            format!(
                "monitor {} days {}-{} vs {}: {} rows, drift share {:.2}{}{estimated}{realised}",
                report.endpoint,
                report.from_day,
                report.to_day,
                report.reference,
                report.rows,
                report.drift_share,
                if drifted.is_empty() {
                    String::new()
                } else {
                    format!(" (drifted: {})", drifted.join(", "))
                }
            )
        }
        Event::AlertRaised { alert } => format!("ALERT: {}", alert.explanation),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::serving::AlarmFiring;

    #[test]
    fn an_alarm_reads_as_its_comparison() {
        let firing = AlarmFiring {
            alarm: "errors".into(),
            endpoint: "scoring".into(),
            deployment: "v2".into(),
            version: 2,
            metric: "error_rate".into(),
            value: 0.3,
            comparison: ">".into(),
            threshold: 0.05,
            at: 0,
        };
        assert_eq!(
            describe(&Event::AlarmFired { firing }).unwrap(),
            "ALARM errors: v2 (version 2) error_rate = 0.3000 > 0.05"
        );
    }

    #[test]
    fn traffic_lists_live_and_mirrored_shares() {
        let event = Event::TrafficShifted {
            endpoint: "scoring".into(),
            traffic: vec![("v1".into(), 90), ("v2".into(), 10)],
            mirror: vec![("v3".into(), 20)],
            reason: "canary".into(),
        };
        assert_eq!(
            describe(&event).unwrap(),
            "scoring traffic: v1 90%, v2 10%, mirror v3 20% (canary)"
        );
        assert_eq!(describe(&Event::Note { text: "x".into() }), None);
    }

    #[test]
    fn a_shadow_day_shows_its_copies_and_agreement() {
        use crate::world::traffic::DeploymentDay;
        let day = |name: &str, requests, mirrored, errors, agreement| DeploymentDay {
            deployment: name.into(),
            version: 1,
            requests,
            mirrored,
            errors,
            max_latency_p95_ms: 50.0,
            ready_pods: 2,
            replicas: 2,
            shadow_agreement: agreement,
        };
        let event = Event::DayServed {
            endpoint: "scoring".into(),
            day: 3,
            requests: 2000,
            errors: 0,
            deployments: vec![
                day("v1", 2000, 0, 0, None),
                day("v2", 0, 2000, 390, Some(0.9312)),
            ],
            unrouted: 0,
            labels_arrived: 0,
        };
        assert_eq!(
            describe(&event).unwrap(),
            "scoring day 3: 2000 requests, 0 failed (0 found no ready pod), 0 labels arrived; \
             v1 2000 requests, 0 errors, p95 50 ms; \
             v2 0 requests, 2000 mirrored, agrees with live 93.1%, 390 errors, p95 50 ms"
        );
    }

    fn report(from: u32, to: u32, realised: Option<(u32, u32, f64)>) -> Event {
        use crate::world::monitoring::{Estimate, MonitorReport, Realised};
        let estimate = |a: f64| Estimate {
            accuracy: a,
            auc: None,
            rows: 100,
        };
        Event::MonitorRan {
            report: MonitorReport {
                endpoint: "scoring".into(),
                from_day: from,
                to_day: to,
                reference: "training".into(),
                rows: 100,
                features: Vec::new(),
                prediction: None,
                missing_columns: Vec::new(),
                new_columns: Vec::new(),
                drift_share: 0.0,
                share_threshold: 0.5,
                dataset_drift: false,
                estimated: Some(estimate(0.82)),
                realised: realised.map(|(f, t, a)| Realised {
                    from_day: f,
                    to_day: t,
                    rows: 100,
                    accuracy: a,
                    auc: None,
                    estimated: Some(estimate(0.87)),
                }),
                baseline_accuracy: Some(0.88),
            },
        }
    }

    #[test]
    fn estimates_and_outcomes_pair_by_prediction_day() {
        // Day 7's estimate is not set beside day 4's outcome: day 4's outcome goes with the
        // estimate for day 4's own requests, and day 7 says its labels are pending.
        let line = describe(&report(7, 7, Some((4, 4, 0.80)))).unwrap();
        assert!(
            line.ends_with("accuracy CBPE 0.820 (realised not yet: labels pending); labelled days 4-4: realised accuracy 0.800 vs CBPE 0.870"),
            "{line}"
        );
        let same = describe(&report(7, 7, Some((7, 7, 0.80)))).unwrap();
        assert!(
            same.ends_with("accuracy CBPE 0.820 (realised 0.800)"),
            "{same}"
        );
    }
}
