//! Rollouts and alarms, after `SageMaker` deployment guardrails: the green fleet is provisioned
//! first, then traffic shifts in steps (all at once, canary, linear), each held for a baking
//! period; an alarm that fires during a bake sends 100% back to blue and removes green; after the
//! last bake blue is removed. Alarms compare hourly figures of a deployment with a threshold and
//! fire when they enter the ALARM state: N breaching datapoints out of the last M, as
//! `CloudWatch`'s `DatapointsToAlarm` and `EvaluationPeriods` (1 of 1 by default).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Endpoint, HourFigures};
use crate::world::event::Event;
use crate::world::vocabulary::{AlarmMetric, Comparison};

/// A `CloudWatch`-style alarm on a deployment figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    /// Name.
    pub name: String,
    /// What it watches.
    pub metric: AlarmMetric,
    /// How the value is compared with the threshold.
    pub comparison: Comparison,
    /// Threshold.
    pub threshold: f64,
    /// The deployment it watches (`None`: each deployment).
    pub deployment: Option<String>,
    /// Deployments currently in ALARM.
    pub in_alarm: Vec<String>,
    /// `CloudWatch`'s `EvaluationPeriods` (M): recent datapoints looked at.
    #[serde(default = "one")]
    pub evaluation_periods: u32,
    /// `CloudWatch`'s `DatapointsToAlarm` (N): breaching datapoints among them that fire.
    #[serde(default = "one")]
    pub datapoints_to_alarm: u32,
    /// The latest datapoints per deployment, breaching or not, newest last.
    #[serde(default)]
    pub recent: BTreeMap<String, Vec<bool>>,
}

fn one() -> u32 {
    1
}

/// An alarm entering the ALARM state, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmFiring {
    /// Alarm name.
    pub alarm: String,
    /// Endpoint.
    pub endpoint: String,
    /// Deployment whose figure breached.
    pub deployment: String,
    /// Its model version.
    pub version: u32,
    /// Metric name.
    pub metric: String,
    /// The hour's value.
    pub value: f64,
    /// `>`, `>=`, `<` or `<=`.
    pub comparison: String,
    /// Threshold.
    pub threshold: f64,
    /// When, simulated seconds.
    pub at: i64,
}

impl Alarm {
    /// Evaluates the hour's figures; returns the deployments that just entered ALARM.
    pub fn evaluate(&mut self, figures: &[(String, u32, HourFigures)]) -> Vec<(String, u32, f64)> {
        let mut fired = Vec::new();
        for (d, version, f) in figures {
            if self.deployment.as_ref().is_some_and(|w| w != d) {
                continue;
            }
            let value = match self.metric {
                AlarmMetric::ErrorRate => f.error_rate(),
                AlarmMetric::LatencyP95Ms => f.latency_p95_ms,
                AlarmMetric::RequestsPerPod => f.requests_per_pod(),
            };
            // An idle deployment has no datapoint: CloudWatch keeps the previous state.
            if f.requests + f.mirrored == 0 {
                continue;
            }
            // N out of M: the alarm is in ALARM while at least N of the last M datapoints
            // breach (missing datapoints of an idle hour are skipped, not counted as good).
            let recent = self.recent.entry(d.clone()).or_default();
            recent.push(self.comparison.breached(value, self.threshold));
            let keep = self.evaluation_periods.max(1) as usize;
            if recent.len() > keep {
                recent.drain(..recent.len() - keep);
            }
            let breaching = recent.iter().filter(|b| **b).count() as u32;
            let breach = breaching >= self.datapoints_to_alarm.max(1);
            let was = self.in_alarm.contains(d);
            if breach && !was {
                self.in_alarm.push(d.clone());
                fired.push((d.clone(), *version, value));
            } else if !breach && was {
                self.in_alarm.retain(|x| x != d);
            }
        }
        fired
    }
}

/// A rollout in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollout {
    /// Strategy name.
    pub strategy: String,
    /// Version being rolled out.
    pub version: u32,
    /// The deployment serving before (`None` on a first deployment).
    pub blue: Option<String>,
    /// The new deployment.
    pub green: String,
    /// Green's live percent at each step.
    pub steps: Vec<u32>,
    /// Current step; `None` while green is being provisioned.
    pub step: Option<usize>,
    /// When the current step started.
    pub step_started: i64,
    /// Baking period per step, seconds.
    pub bake_seconds: i64,
    /// Whether an alarm during a bake rolls back.
    pub auto_rollback: bool,
    /// The registered model whose `champion` alias moves to this version when the rollout
    /// completes (set by a pipeline's deploy step).
    #[serde(default)]
    pub promote: Option<String>,
}

fn shifted(e: &Endpoint, reason: String) -> Event {
    Event::TrafficShifted {
        endpoint: e.name.clone(),
        traffic: e.split(),
        mirror: e.mirror_split(),
        reason,
    }
}

/// Moves the endpoint's rollout on by one hour, given the alarms that fired in that hour.
pub fn advance(e: &mut Endpoint, now: i64, fired: &[AlarmFiring]) -> Vec<Event> {
    let Some(mut r) = e.rollout.take() else {
        return Vec::new();
    };
    let mut events = Vec::new();
    if let (true, Some(f), Some(blue)) = (
        r.step.is_some() && r.auto_rollback,
        fired.first(),
        r.blue.clone(),
    ) {
        e.traffic.clear();
        e.traffic.insert(blue.clone(), 100);
        e.deployments.remove(&r.green);
        e.mirror.remove(&r.green);
        let reason = format!(
            "alarm {} fired during the bake ({} {} = {:.4} {} {}): 100% back to {blue}",
            f.alarm, f.deployment, f.metric, f.value, f.comparison, f.threshold
        );
        events.push(shifted(e, reason.clone()));
        events.push(Event::RolledBack {
            endpoint: e.name.clone(),
            from_version: r.version,
            to_deployment: blue,
            alarm: f.alarm.clone(),
            reason,
        });
        return events;
    }
    let green_ready = e.deployments.get(&r.green).is_some_and(|d| {
        d.kube.count(super::kube::PodState::Ready) as u32 >= d.kube.replicas.max(1)
    });
    let next = match r.step {
        None if green_ready => Some(0),
        Some(s) if now >= r.step_started + r.bake_seconds => Some(s + 1),
        None | Some(_) => None,
    };
    let Some(step) = next else {
        e.rollout = Some(r);
        return events;
    };
    if let Some(&pct) = r.steps.get(step) {
        e.traffic.clear();
        e.traffic.insert(r.green.clone(), pct);
        if let Some(b) = r.blue.as_ref().filter(|_| pct < 100) {
            e.traffic.insert(b.clone(), 100 - pct);
        }
        r.step = Some(step);
        r.step_started = now;
        let bake = if r.bake_seconds > 0 && r.auto_rollback {
            format!(", baking {} h", r.bake_seconds / 3600)
        } else {
            String::new()
        };
        events.push(shifted(
            e,
            format!(
                "{} step {} of {}: {}% to {}{bake}",
                r.strategy,
                step + 1,
                r.steps.len(),
                pct,
                r.green
            ),
        ));
        // A step without a bake completes at once.
        if r.bake_seconds > 0 || step + 1 < r.steps.len() {
            e.rollout = Some(r);
            return events;
        }
    }
    if let Some(b) = &r.blue {
        e.deployments.remove(b);
        e.traffic.remove(b);
    }
    e.traffic.insert(r.green.clone(), 100);
    events.push(Event::RolloutCompleted {
        endpoint: e.name.clone(),
        version: r.version,
        strategy: r.strategy.clone(),
        removed: r.blue.clone(),
    });
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alarm(m: u32, n: u32) -> Alarm {
        Alarm {
            name: "errors".into(),
            metric: AlarmMetric::ErrorRate,
            comparison: Comparison::Greater,
            threshold: 0.05,
            deployment: None,
            in_alarm: Vec::new(),
            evaluation_periods: m,
            datapoints_to_alarm: n,
            recent: BTreeMap::new(),
        }
    }

    /// One hour of `v2` with this many errors out of 100 requests.
    fn hour(errors: u64) -> Vec<(String, u32, HourFigures)> {
        let f = HourFigures {
            requests: 100,
            errors,
            ready_pods: 2,
            ..HourFigures::default()
        };
        vec![("v2".into(), 2, f)]
    }

    #[test]
    fn n_of_m_fires_on_the_nth_breach_and_ignores_a_lone_spike() {
        let mut a = alarm(3, 2);
        assert!(a.evaluate(&hour(10)).is_empty(), "one spike is not enough");
        assert!(a.evaluate(&hour(0)).is_empty());
        let fired = a.evaluate(&hour(9));
        assert_eq!(fired.len(), 1, "2 of the last 3 breach");
        assert!((fired[0].2 - 0.09).abs() < 1e-12);
        assert!(a.evaluate(&hour(8)).is_empty(), "already in ALARM");
        a.evaluate(&hour(0));
        a.evaluate(&hour(0));
        assert!(a.in_alarm.is_empty(), "back to OK with 1 of 3");
        // The default, 1 of 1, fires on the first breaching datapoint.
        assert_eq!(alarm(1, 1).evaluate(&hour(10)).len(), 1);
    }
}
