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
        } => format!(
            "endpoint {endpoint} serves {model}: {requests_per_day} requests a day, labels after \
             {label_delay_days} days"
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
             {replicas} pods ({strategy})"
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
        } => format!("{endpoint}/{deployment} scaled {from} -> {to} pods: {reason}"),
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
                    format!(
                        "{} {} requests, {} errors, p95 {:.0} ms",
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
            let estimated = report
                .estimated
                .as_ref()
                .map(|e| format!(", estimated accuracy {:.3} (CBPE)", e.accuracy))
                .unwrap_or_default();
            let realised = report
                .realised
                .as_ref()
                .map(|r| format!(", realised accuracy {:.3}", r.accuracy))
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
}
