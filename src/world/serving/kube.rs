//! A Kubernetes-style Deployment under each model deployment: pods that are pending, ready or
//! terminating, a replica count, a rolling update that honours maxSurge (rounded up) and
//! maxUnavailable (rounded down), a Service that routes only to ready pods, and room for the
//! autoscaler (`hpa.rs`) to set the replicas and wake a deployment scaled to zero.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::hpa::Hpa;
use crate::world::vocabulary::IntOrPercent;

/// Kubernetes' default maxSurge and maxUnavailable.
pub const DEFAULT_PERCENT: u32 = 25;

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
}
