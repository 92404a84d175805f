//! Rollouts and alarms, after `SageMaker` deployment guardrails: the green fleet is provisioned
//! first, then traffic shifts in steps (all at once, canary, linear), each held for a baking
//! period; an alarm that fires during a bake sends 100% back to blue and removes green; after the
//! last bake blue is removed. Alarms compare hourly figures of a deployment with a threshold and
//! fire when they enter the ALARM state: N breaching datapoints out of the last M, as
//! `CloudWatch`'s `DatapointsToAlarm` and `EvaluationPeriods` (1 of 1 by default).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::kube::PodState;
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
    /// For an in-place rolling update, the version the deployment ran before: what
    /// `kubectl rollout undo` returns to.
    #[serde(default)]
    pub previous: Option<u32>,
    /// When the rollout last made progress (a new pod became ready), simulated seconds.
    #[serde(default)]
    pub progress_at: i64,
    /// Ready pods of the new version at that time.
    #[serde(default)]
    pub progress_ready: u32,
}

/// Kubernetes' default `progressDeadlineSeconds`: a rollout that makes no progress for this
/// long is marked failed (`ProgressDeadlineExceeded`). Kubernetes itself does not roll back; the
/// World's release controller, like a pipeline running `kubectl rollout undo` or Argo
/// Rollouts, does.
/// <https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds>
pub const PROGRESS_DEADLINE_SECONDS: i64 = 600;

impl Rollout {
    /// A rollout of `version` to `green` that starts provisioning at `now`, with no bake.
    pub fn new(
        strategy: &str,
        version: u32,
        blue: Option<String>,
        green: String,
        steps: Vec<u32>,
        now: i64,
    ) -> Self {
        Rollout {
            strategy: strategy.to_string(),
            version,
            blue,
            green,
            steps,
            step: None,
            step_started: now,
            bake_seconds: 0,
            auto_rollback: false,
            promote: None,
            previous: None,
            progress_at: now,
            progress_ready: 0,
        }
    }

    /// Ready pods of the new version in the green deployment.
    fn new_ready(&self, e: &Endpoint) -> u32 {
        e.deployments.get(&self.green).map_or(0, |d| {
            d.kube
                .pods
                .iter()
                .filter(|p| p.version == self.version && p.state == PodState::Ready)
                .count() as u32
        })
    }

    /// True when the green deployment runs the new version on every desired replica.
    fn green_ready(&self, e: &Endpoint) -> bool {
        e.deployments.get(&self.green).is_some_and(|d| {
            self.new_ready(e) >= d.kube.replicas.max(1)
                && (self.previous.is_none() || !d.kube.rolling())
        })
    }
}

/// Undoes the rollout: an in-place update goes back to the previous image (`kubectl rollout
/// undo`), a new fleet loses its traffic to blue and is removed. `None` when there is nothing to
/// return to (a first deployment).
fn roll_back(e: &mut Endpoint, r: &Rollout, cause: &str, why: &str) -> Option<Vec<Event>> {
    if let Some(prev) = r.previous {
        let tag = e.images.get(&prev).map(|i| i.tag.clone());
        let d = e.deployments.get_mut(&r.green)?;
        d.kube.set_image(prev);
        if let Some(t) = tag {
            d.image = t;
        }
        let reason = format!(
            "{why}: kubectl rollout undo, {} goes back to version {prev}",
            r.green
        );
        return Some(vec![Event::RolledBack {
            endpoint: e.name.clone(),
            from_version: r.version,
            to_deployment: r.green.clone(),
            alarm: cause.to_string(),
            reason,
        }]);
    }
    let blue = r.blue.clone()?;
    e.traffic.clear();
    e.traffic.insert(blue.clone(), 100);
    e.deployments.remove(&r.green);
    e.mirror.remove(&r.green);
    let reason = format!("{why}: 100% back to {blue}");
    Some(vec![
        shifted(e, reason.clone()),
        Event::RolledBack {
            endpoint: e.name.clone(),
            from_version: r.version,
            to_deployment: blue,
            alarm: cause.to_string(),
            reason,
        },
    ])
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
    // An in-place update is watched while it rolls as well: its pods take traffic at once.
    let watching = r.auto_rollback && (r.step.is_some() || r.previous.is_some());
    if let (true, Some(f)) = (watching, fired.first()) {
        let when = if r.step.is_some() {
            "during the bake"
        } else {
            "while the update rolled out"
        };
        let why = format!(
            "alarm {} fired {when} ({} {} = {:.4} {} {})",
            f.alarm, f.deployment, f.metric, f.value, f.comparison, f.threshold
        );
        if let Some(undone) = roll_back(e, &r, &f.alarm, &why) {
            return undone;
        }
    }
    let green_ready = r.green_ready(e);
    if r.step.is_none() && !green_ready {
        let ready = r.new_ready(e);
        if ready > r.progress_ready {
            r.progress_ready = ready;
            r.progress_at = now;
        } else if now - r.progress_at > PROGRESS_DEADLINE_SECONDS {
            let why = format!(
                "no new pod of version {} became ready for {} s, past progressDeadlineSeconds ({PROGRESS_DEADLINE_SECONDS} s): Kubernetes marks the rollout failed (ProgressDeadlineExceeded) and the release controller rolls it back",
                r.version,
                now - r.progress_at
            );
            if let Some(undone) = roll_back(e, &r, "ProgressDeadlineExceeded", &why) {
                return undone;
            }
        }
    }
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
