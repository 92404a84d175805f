//! The autoscaler on a Deployment: the Kubernetes HPA at one decision an hour. It scales on
//! requests per pod and/or p95 latency (`desired = ceil(current * metric / target)`, 10%
//! tolerance, the largest proposal wins), damps scale-ins with a stabilization window, and may
//! let an idle deployment reach zero replicas (`traffic/cold_start.rs` wakes it).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::kube::KubeDeployment;
use crate::world::vocabulary::AutoscaleArgs;

/// The HPA's default tolerance: no scaling while metric / target is within 1 +- 0.1.
pub const HPA_TOLERANCE: f64 = 0.1;

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

impl KubeDeployment {
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

/// The `autoscale` arguments checked once, at the edge: bounds 0 to 100 with at least one
/// replica allowed, at least one positive target, a window of at most a day and a cold start of
/// at most ten minutes (the longest a model server here takes to load).
pub(super) fn checked_hpa(a: &AutoscaleArgs) -> Result<Hpa, String> {
    let lo = u32::try_from(a.min_replicas).ok().filter(|n| *n <= 100);
    let hi = u32::try_from(a.max_replicas)
        .ok()
        .filter(|n| (1..=100).contains(n));
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return Err(format!(
            "min_replicas must be 0 to 100 and max_replicas 1 to 100, got {} and {}",
            a.min_replicas, a.max_replicas
        ));
    };
    if lo > hi {
        return Err(format!(
            "need min_replicas <= max_replicas, got {lo} > {hi}"
        ));
    }
    let positive = |t: Option<f64>, name: &str| match t {
        Some(x) if !(x.is_finite() && x > 0.0) => Err(format!("{name} must be positive, got {x}")),
        _ => Ok(t),
    };
    let target_requests = positive(a.target_requests_per_pod, "target_requests_per_pod")?;
    let target_p95_ms = positive(a.target_p95_ms, "target_p95_ms")?;
    if target_requests.is_none() && target_p95_ms.is_none() {
        return Err(
            "give a target to track: target_requests_per_pod, target_p95_ms or both".into(),
        );
    }
    let window = u32::try_from(a.scale_down_window_hours)
        .ok()
        .filter(|w| *w <= MAX_WINDOW_HOURS)
        .ok_or_else(|| {
            format!(
                "scale_down_window_hours must be 0 to {MAX_WINDOW_HOURS}, got {}",
                a.scale_down_window_hours
            )
        })?;
    let cold = match a.cold_start_ms {
        None => DEFAULT_COLD_START_MS,
        Some(c) if c.is_finite() && (0.0..=600_000.0).contains(&c) => c,
        Some(c) => return Err(format!("cold_start_ms must be 0 to 600000, got {c}")),
    };
    if a.cold_start_ms.is_some() && lo > 0 {
        return Err(format!(
            "cold_start_ms applies when the deployment can scale to zero: set min_replicas=0 (it is {lo})"
        ));
    }
    Ok(Hpa {
        min_replicas: lo,
        max_replicas: hi,
        target_requests,
        target_p95_ms,
        scale_down_window_hours: window,
        cold_start_ms: cold,
    })
}

/// A pod's start with its model load when nothing was running: 20 s, the World's figure (real
/// ones run from seconds for a small model server to minutes for a large model on a new node).
pub const DEFAULT_COLD_START_MS: f64 = 20_000.0;

/// The policy in words, for the `Scaled` event that installs it.
pub(super) fn describe_policy(h: &Hpa) -> String {
    let mut targets = Vec::new();
    if let Some(t) = h.target_requests {
        targets.push(format!("{t} requests per pod per hour"));
    }
    if let Some(t) = h.target_p95_ms {
        targets.push(format!("a p95 of {t} ms"));
    }
    let mut s = format!(
        "autoscaling {}..{} pods on {}",
        h.min_replicas,
        h.max_replicas,
        targets.join(" and ")
    );
    if h.scale_down_window_hours > 1 {
        let _ = write!(
            s,
            ", scale-in after {} hours of lower recommendations",
            h.scale_down_window_hours
        );
    }
    if h.min_replicas == 0 {
        let _ = write!(
            s,
            ", scale to zero when idle ({:.1} s cold start)",
            h.cold_start_ms / 1000.0
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::world::serving::kube::{Count, DEFAULT_PERCENT};

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
