//! A Kubernetes-style Deployment under each model deployment: pods that are pending, ready or
//! terminating, a replica count, a rolling update that honours maxSurge (rounded up) and
//! maxUnavailable (rounded down), a Service that routes only to ready pods, and an HPA that
//! scales on requests per pod and/or p95 latency (`desired = ceil(current * metric / target)`,
//! 10% tolerance, the largest proposal wins), damps scale-ins with a stabilization window and
//! may scale an idle deployment to zero.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::world::vocabulary::IntOrPercent;

/// Kubernetes' default maxSurge and maxUnavailable.
pub const DEFAULT_PERCENT: u32 = 25;
/// The HPA's default tolerance: no scaling while metric / target is within 1 +- 0.1.
pub const HPA_TOLERANCE: f64 = 0.1;

/// A pod's phase as the Service sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PodState {
    /// Created; its readiness probe has not passed yet (next tick).
    Pending,
    /// Passing its readiness probe: the Service routes to it.
    Ready,
    /// Being removed: no traffic, gone next tick.
    Terminating,
}

/// One pod.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pod {
    /// Name, e.g. `green-7`.
    pub name: String,
    /// Model version of its image.
    pub version: u32,
    /// Phase.
    pub state: PodState,
}

/// A count written as an absolute number or a percentage of the replicas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    /// Pods.
    Pods(u32),
    /// Percent of the desired replicas.
    Percent(u32),
}

impl Count {
    /// Parses `2` or `"25%"`.
    pub fn parse(v: &IntOrPercent, what: &str) -> Result<Count, String> {
        match v {
            IntOrPercent::Int(n) => u32::try_from(*n)
                .ok()
                .filter(|n| *n <= 1000)
                .map(Count::Pods)
                .ok_or_else(|| format!("{what} must be between 0 and 1000 pods, got {n}")),
            IntOrPercent::Text(s) => s
                .strip_suffix('%')
                .and_then(|p| p.trim().parse::<u32>().ok())
                .filter(|p| *p <= 100)
                .map(Count::Percent)
                .ok_or_else(|| {
                    format!("{what} must be a count or a percentage like \"25%\", got {s:?}")
                }),
        }
    }

    /// Resolves against `replicas`, rounding a percentage up (surge) or down (unavailable).
    pub fn resolve(self, replicas: u32, round_up: bool) -> u32 {
        match self {
            Count::Pods(n) => n,
            Count::Percent(p) => {
                let x = u64::from(replicas) * u64::from(p);
                let q = if round_up { x.div_ceil(100) } else { x / 100 };
                u32::try_from(q).unwrap_or(u32::MAX)
            }
        }
    }
}

/// Recommendations kept for the scale-down window: a day of hourly decisions.
pub const MAX_WINDOW_HOURS: u32 = 24;

/// HPA settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hpa {
    /// Fewest replicas; 0 lets an idle deployment scale to zero.
    pub min_replicas: u32,
    /// Most replicas.
    pub max_replicas: u32,
    /// Target requests per pod per simulated hour, when it tracks load.
    pub target_requests: Option<f64>,
    /// Target hourly p95 latency in ms, when it tracks latency.
    pub target_p95_ms: Option<f64>,
    /// Hours a scale-in looks back over: it goes only as low as the highest recommendation of
    /// this hour and the `n - 1` before it (0 and 1: this hour's alone).
    pub scale_down_window_hours: u32,
    /// Time a pod takes to start and load the model when the deployment scales up from zero, ms.
    pub cold_start_ms: f64,
}

/// What the HPA decided at the end of an hour, with the arithmetic a learner reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Desired replicas after the decision.
    pub to: u32,
    /// The metrics, the formula and the bound or window that settled it.
    pub reason: String,
    /// True when the scale-down window alone kept the count above the hour's recommendation.
    pub held_by_window: bool,
}

/// The Deployment object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KubeDeployment {
    /// Name (the model deployment's name).
    pub name: String,
    /// Desired image version.
    pub version: u32,
    /// Desired replicas.
    pub replicas: u32,
    /// maxSurge.
    pub max_surge: Count,
    /// maxUnavailable.
    pub max_unavailable: Count,
    /// Pods.
    pub pods: Vec<Pod>,
    /// Autoscaler, if any.
    pub hpa: Option<Hpa>,
    /// The autoscaler's recent hourly recommendations, newest last (the scale-down window
    /// reads them).
    #[serde(default)]
    pub recommendations: Vec<u32>,
    next_pod: u32,
}

impl KubeDeployment {
    /// A Deployment whose pods start pending.
    pub fn new(name: &str, version: u32, replicas: u32, surge: Count, unavailable: Count) -> Self {
        let mut d = KubeDeployment {
            name: name.to_string(),
            version,
            replicas,
            max_surge: surge,
            max_unavailable: unavailable,
            pods: Vec::new(),
            hpa: None,
            recommendations: Vec::new(),
            next_pod: 1,
        };
        d.reconcile();
        d
    }

    /// Pods in `state`.
    pub fn count(&self, state: PodState) -> usize {
        self.pods.iter().filter(|p| p.state == state).count()
    }

    /// Ready pods per image version.
    pub fn ready_versions(&self) -> Vec<u32> {
        self.pods
            .iter()
            .filter(|p| p.state == PodState::Ready)
            .map(|p| p.version)
            .collect()
    }

    /// True while pods of another image remain or the replica count is not met.
    pub fn rolling(&self) -> bool {
        self.pods
            .iter()
            .any(|p| p.version != self.version && p.state != PodState::Terminating)
    }

    /// One tick of the controller: terminating pods go, pending pods pass readiness (unless their
    /// version is in `unready`: a crash loop), then the
    /// `ReplicaSets` are reconciled once.
    pub fn tick(&mut self, unready: &BTreeSet<u32>) {
        self.pods.retain(|p| p.state != PodState::Terminating);
        for p in &mut self.pods {
            if p.state == PodState::Pending && !unready.contains(&p.version) {
                p.state = PodState::Ready;
            }
        }
        self.reconcile();
    }

    /// Kubernetes' rolling-update arithmetic: scale the new `ReplicaSet` up to
    /// `min(replicas + surge - all pods, replicas - new pods)`, then remove unready old pods and
    /// as many ready old pods as keep `replicas - maxUnavailable` available.
    fn reconcile(&mut self) {
        let r = self.replicas;
        let surge = self.max_surge.resolve(r, true);
        let unavailable = self.max_unavailable.resolve(r, false);
        let live = |p: &&Pod| p.state != PodState::Terminating;
        let is_new = |p: &&Pod| p.version == self.version;
        let total = self.pods.iter().filter(live).count() as u32;
        let new = self.pods.iter().filter(live).filter(is_new).count() as u32;
        let old = total - new;
        if old == 0 && new > r {
            self.terminate(new - r);
            return;
        }
        let room = (r + surge).saturating_sub(total);
        let create = room.min(r.saturating_sub(new));
        for _ in 0..create {
            self.pods.push(Pod {
                name: format!("{}-{}", self.name, self.next_pod),
                version: self.version,
                state: PodState::Pending,
            });
            self.next_pod += 1;
        }
        if old == 0 {
            return;
        }
        let v = self.version;
        for p in &mut self.pods {
            if p.version != v && p.state == PodState::Pending {
                p.state = PodState::Terminating;
            }
        }
        let ready = self.count(PodState::Ready) as u32;
        let mut removable = ready.saturating_sub(r.saturating_sub(unavailable));
        for p in &mut self.pods {
            if removable == 0 {
                break;
            }
            if p.version != v && p.state == PodState::Ready {
                p.state = PodState::Terminating;
                removable -= 1;
            }
        }
    }

    /// Marks `n` pods of the desired version terminating, pending ones first.
    fn terminate(&mut self, mut n: u32) {
        for state in [PodState::Pending, PodState::Ready] {
            for p in self.pods.iter_mut().rev() {
                if n > 0 && p.state == state {
                    p.state = PodState::Terminating;
                    n -= 1;
                }
            }
        }
    }

    /// Sets the desired replicas (a scale or an HPA decision) and reconciles.
    pub fn scale(&mut self, replicas: u32) {
        self.replicas = replicas;
        self.reconcile();
    }

    /// Starts a rolling update to another image.
    pub fn set_image(&mut self, version: u32) {
        self.version = version;
        self.reconcile();
    }

    /// Starts one pod at once, ready when the cold start is over: the activator's answer to
    /// a request that finds the deployment at zero replicas.
    pub fn wake(&mut self) {
        self.scale(1);
        for p in &mut self.pods {
            if p.state == PodState::Pending {
                p.state = PodState::Ready;
            }
        }
    }

    /// The HPA's decision at the end of an hour, if it changes anything or the scale-down
    /// window held a scale-in back. Each metric proposes `ceil(replicas x observed / target)`
    /// (its current count while within the 10% tolerance; nothing when it has no datapoint,
    /// e.g. no p95 in an idle hour); the largest proposal wins, clamped to min and max; a
    /// scale-in then goes no lower than the highest recommendation in the window. This is
    /// the Kubernetes HPA's algorithm, at one decision an hour.
    pub fn autoscale(&mut self, requests_per_pod: f64, p95_ms: Option<f64>) -> Option<Decision> {
        let hpa = self.hpa?;
        let current = self.replicas;
        let metrics = [
            (
                "requests per pod",
                "",
                Some(requests_per_pod),
                hpa.target_requests,
            ),
            ("p95", " ms", p95_ms, hpa.target_p95_ms),
        ];
        let mut parts = Vec::new();
        let mut raw: Option<u32> = None;
        for (name, unit, observed, target) in metrics {
            let (Some(observed), Some(target)) = (observed, target) else {
                continue;
            };
            let ratio = observed / target;
            if !ratio.is_finite() {
                continue;
            }
            let observed = if unit.is_empty() {
                format!("{observed:.1}")
            } else {
                format!("{observed:.0}")
            };
            let proposal = if (ratio - 1.0).abs() <= HPA_TOLERANCE {
                parts.push(format!(
                    "{observed}{unit} {name} vs target {target}{unit}: within 10%, {current}"
                ));
                current
            } else {
                let wanted = (f64::from(current) * ratio).ceil().max(0.0);
                parts.push(format!(
                    "{observed}{unit} {name} vs target {target}{unit}: ceil({current} x {ratio:.2}) = {wanted}"
                ));
                wanted.min(f64::from(u32::MAX)) as u32
            };
            raw = Some(raw.map_or(proposal, |r| r.max(proposal)));
        }
        let raw = raw?;
        let clamped = raw.clamp(hpa.min_replicas, hpa.max_replicas);
        self.recommendations.push(clamped);
        let keep = MAX_WINDOW_HOURS as usize;
        if self.recommendations.len() > keep {
            self.recommendations
                .drain(..self.recommendations.len() - keep);
        }
        let window = hpa.scale_down_window_hours.max(1) as usize;
        let highest = self
            .recommendations
            .iter()
            .rev()
            .take(window)
            .copied()
            .max()
            .unwrap_or(clamped);
        let to = if clamped < current {
            highest.min(current)
        } else {
            clamped
        };
        let mut reason = format!("HPA: {}", parts.join("; "));
        if parts.len() > 1 {
            let _ = write!(reason, "; the larger: {raw}");
        }
        if raw > clamped {
            let _ = write!(reason, ", held to max {}", hpa.max_replicas);
        } else if raw < clamped {
            let _ = write!(reason, ", held to min {}", hpa.min_replicas);
        }
        let held_by_window = to > clamped;
        if held_by_window {
            let _ = write!(
                reason,
                ", held at {to} by the {}-hour scale-down window (highest recommendation in it: {highest})",
                hpa.scale_down_window_hours
            );
        }
        (to != current || held_by_window).then_some(Decision {
            to,
            reason,
            held_by_window,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(d: &KubeDeployment, v: u32) -> usize {
        d.pods
            .iter()
            .filter(|p| p.version == v && p.state == PodState::Ready)
            .count()
    }

    #[test]
    fn percentages_round_as_kubernetes_does() {
        assert_eq!(Count::Percent(25).resolve(10, true), 3);
        assert_eq!(Count::Percent(25).resolve(10, false), 2);
        assert_eq!(Count::Percent(25).resolve(1, true), 1);
        assert_eq!(Count::Percent(25).resolve(1, false), 0);
        assert!(Count::parse(&IntOrPercent::Text("150%".into()), "maxSurge").is_err());
        assert_eq!(
            Count::parse(&IntOrPercent::Text("30%".into()), "x"),
            Ok(Count::Percent(30))
        );
    }

    #[test]
    fn rolling_update_keeps_availability_and_surge_bounds() {
        let p = Count::Percent(DEFAULT_PERCENT);
        let mut d = KubeDeployment::new("web", 1, 4, p, p);
        d.tick(&BTreeSet::new());
        assert_eq!(ready(&d, 1), 4);
        d.set_image(2);
        let mut ticks = 0;
        while d.rolling() || d.count(PodState::Ready) < 4 {
            let live = d
                .pods
                .iter()
                .filter(|p| p.state != PodState::Terminating)
                .count();
            assert!(live <= 5, "surge 1 over 4 replicas: {live} pods");
            d.tick(&BTreeSet::new());
            assert!(
                d.count(PodState::Ready) >= 3,
                "maxUnavailable 1: {:?}",
                d.pods
            );
            ticks += 1;
            assert!(ticks < 20);
        }
        assert_eq!(ready(&d, 2), 4);
        assert_eq!(ready(&d, 1), 0);
        assert!(ticks >= 3, "one pod at a time takes several ticks");
    }

    #[test]
    fn service_routes_only_to_ready_pods_and_hpa_follows_load() {
        let p = Count::Percent(DEFAULT_PERCENT);
        let mut d = KubeDeployment::new("web", 1, 2, p, p);
        assert!(d.ready_versions().is_empty());
        d.hpa = Some(hpa(1, 10, Some(50.0), None, 0));
        assert_eq!(to(&mut d, 100.0, None), Some(4));
        assert_eq!(to(&mut d, 52.0, None), None, "within the 10% tolerance");
        assert_eq!(to(&mut d, 1000.0, None), Some(10));
        assert_eq!(to(&mut d, 10.0, None), Some(1));
    }

    fn hpa(min: u32, max: u32, rpp: Option<f64>, p95: Option<f64>, window: u32) -> Hpa {
        Hpa {
            min_replicas: min,
            max_replicas: max,
            target_requests: rpp,
            target_p95_ms: p95,
            scale_down_window_hours: window,
            cold_start_ms: 10_000.0,
        }
    }

    /// The count the HPA would move to, leaving the deployment where it was.
    fn to(d: &mut KubeDeployment, rpp: f64, p95: Option<f64>) -> Option<u32> {
        d.autoscale(rpp, p95).map(|x| x.to)
    }

    #[test]
    fn several_metrics_take_the_largest_proposal() {
        let p = Count::Percent(DEFAULT_PERCENT);
        let mut d = KubeDeployment::new("web", 1, 2, p, p);
        d.hpa = Some(hpa(1, 10, Some(50.0), Some(60.0), 0));
        // Requests want ceil(2 x 1.5) = 3; p95 wants ceil(2 x 3.0) = 6.
        let x = d.autoscale(75.0, Some(180.0)).unwrap();
        assert_eq!(x.to, 6);
        assert!(x.reason.contains("ceil(2 x 3.00) = 6"), "{}", x.reason);
        assert!(x.reason.contains("the larger: 6"), "{}", x.reason);
        // An idle hour has no p95: the request metric alone decides.
        assert_eq!(to(&mut d, 10.0, None), Some(1));
        // Latency within its tolerance proposes the current count, which outvotes a scale-in.
        assert_eq!(to(&mut d, 10.0, Some(63.0)), None);
    }

    #[test]
    fn the_scale_down_window_keeps_the_highest_recent_recommendation() {
        let p = Count::Percent(DEFAULT_PERCENT);
        let mut d = KubeDeployment::new("web", 1, 2, p, p);
        d.hpa = Some(hpa(1, 10, Some(50.0), None, 3));
        let up = d.autoscale(200.0, None).unwrap();
        assert_eq!(up.to, 8, "scale-up is never delayed");
        d.scale(8);
        // Two quiet hours: the 8 recommended an hour or two ago still stands.
        for _ in 0..2 {
            let held = d.autoscale(6.25, None).unwrap();
            assert!(held.held_by_window && held.to == 8, "{held:?}");
            assert!(
                held.reason.contains("3-hour scale-down window"),
                "{}",
                held.reason
            );
        }
        // The third quiet hour: the window holds only quiet recommendations.
        assert_eq!(to(&mut d, 6.25, None), Some(1));
        // Without a window the first quiet hour scales in.
        let mut e = KubeDeployment::new("web", 1, 8, p, p);
        e.hpa = Some(hpa(1, 10, Some(50.0), None, 0));
        assert_eq!(to(&mut e, 6.25, None), Some(1));
    }

    #[test]
    fn an_idle_hour_scales_to_zero_and_a_wake_starts_one_ready_pod() {
        let p = Count::Percent(DEFAULT_PERCENT);
        let mut d = KubeDeployment::new("web", 1, 1, p, p);
        d.tick(&BTreeSet::new());
        d.hpa = Some(hpa(0, 2, Some(50.0), None, 0));
        assert_eq!(to(&mut d, 0.0, None), Some(0));
        d.scale(0);
        d.tick(&BTreeSet::new());
        assert!(d.ready_versions().is_empty());
        d.wake();
        assert_eq!(d.ready_versions(), vec![1]);
        assert_eq!(d.replicas, 1);
    }
}
