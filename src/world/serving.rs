//! Serving: endpoints with named deployments (one container image per model version, e.g.
//! `credit-risk:v3`), a traffic split that must sum to 100, mirrored (shadow) traffic of up to
//! 100% whose responses never reach callers, rollouts with baking periods and automatic rollback,
//! alarms, and a Kubernetes-style Deployment under each deployment (`kube`).
//!
//! The command handlers live in `commands`, the rollout state machine and alarms in `rollout`,
//! the hour-by-hour record the serving chart draws in `history`.

pub mod active_hours;
pub mod commands;
mod deploy;
pub mod history;
pub mod hpa;
pub mod kube;
pub mod rollout;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use self::active_hours::ActiveHours;
use self::history::HourPoint;
use self::kube::KubeDeployment;
pub use self::rollout::{Alarm, AlarmFiring, Rollout};
use super::features::FeatureView;
use super::vocabulary::{Platform, Strategy};

/// Most requests an endpoint may receive per simulated day.
pub const MAX_REQUESTS_PER_DAY: i64 = 10_000;

/// One model deployment of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    /// Its pods.
    pub kube: KubeDeployment,
    /// Container image of the desired version.
    pub image: String,
}

/// What a version's container holds: the model (by run) and the feature pipeline it serves.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Model version.
    pub version: u32,
    /// Tag, e.g. `scorer:v3`.
    pub tag: String,
    /// The run whose model it serves.
    pub run_id: String,
    /// The feature views baked into the image, as registered at deploy time.
    pub views: Vec<FeatureView>,
}

/// A deployment's figures for one simulated hour.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct HourFigures {
    /// Requests it answered (live traffic).
    pub requests: u64,
    /// Requests it received as mirror copies.
    pub mirrored: u64,
    /// Failed requests (live and mirrored).
    pub errors: u64,
    /// 95th-percentile latency in ms (0 when idle).
    pub latency_p95_ms: f64,
    /// Ready pods.
    pub ready_pods: u32,
}

impl HourFigures {
    /// Errors over all requests handled (0 when idle).
    pub fn error_rate(&self) -> f64 {
        let n = self.requests + self.mirrored;
        if n == 0 {
            0.0
        } else {
            self.errors as f64 / n as f64
        }
    }

    /// Requests handled per ready pod.
    pub fn requests_per_pod(&self) -> f64 {
        (self.requests + self.mirrored) as f64 / f64::from(self.ready_pods.max(1))
    }
}

/// An online endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Name.
    pub name: String,
    /// Registered model it serves.
    pub model: String,
    /// Requests per simulated day.
    pub requests_per_day: u32,
    /// Days until a request's true label is known.
    pub label_delay_days: u32,
    /// Deployments by name.
    pub deployments: BTreeMap<String, Deployment>,
    /// Live traffic percent per deployment; sums to 100 once anything is deployed.
    pub traffic: BTreeMap<String, u32>,
    /// Mirrored percent per deployment; sums to at most 100.
    pub mirror: BTreeMap<String, u32>,
    /// The rollout in progress.
    pub rollout: Option<Rollout>,
    /// Alarms.
    pub alarms: Vec<Alarm>,
    /// Images by version.
    pub images: BTreeMap<u32, Image>,
    /// Latest hour's figures per deployment.
    pub last_hour: BTreeMap<String, HourFigures>,
    /// Every served hour's traffic share and errors per version, oldest first (the last
    /// [`history::MAX_HOURS_KEPT`]).
    pub hours: Vec<HourPoint>,
    /// Injected faults per version: (extra error rate, extra latency ms).
    pub faults: BTreeMap<u32, (f64, f64)>,
    /// Versions whose pods fail their readiness probe.
    pub unready: BTreeSet<u32>,
    /// Days served so far (the next day's index).
    pub days_served: u32,
    /// The strategy and replicas of the last deployment that shifted live traffic (not a
    /// shadow): what a pipeline's deploy step reuses when it names no strategy.
    pub last_strategy: Option<(Strategy, u32)>,
    /// The platform whose limits apply (bake per step and deployment time on `SageMaker`).
    pub platform: Platform,
    /// Hours of the day its callers send requests.
    pub active_hours: ActiveHours,
}

impl Endpoint {
    /// `InService` once a deployment takes live traffic; `Creating` before (no request reaches
    /// it).
    pub fn in_service(&self) -> bool {
        !self.traffic.is_empty()
    }

    /// Percent of live traffic whose deployment targets `version`.
    pub fn version_percent(&self, version: u32) -> u32 {
        self.traffic
            .iter()
            .filter(|(d, _)| {
                self.deployments
                    .get(*d)
                    .is_some_and(|x| x.kube.version == version)
            })
            .map(|(_, p)| *p)
            .sum()
    }

    /// The traffic as (deployment, percent) pairs, for events.
    pub fn split(&self) -> Vec<(String, u32)> {
        self.traffic.iter().map(|(d, p)| (d.clone(), *p)).collect()
    }

    /// The mirror as (deployment, percent) pairs, for events.
    pub fn mirror_split(&self) -> Vec<(String, u32)> {
        self.mirror.iter().map(|(d, p)| (d.clone(), *p)).collect()
    }
}

/// A checked split: live percent and mirrored percent per deployment.
pub type Split = (BTreeMap<String, u32>, BTreeMap<String, u32>);

/// Checks a live split and a mirror against the endpoint's deployments: known names, whole
/// percents, live traffic summing to exactly 100, mirror at most 100 in total (a shadow may see
/// every request, as `SageMaker` shadow variants and Istio mirroring allow) and never to a
/// deployment that also takes live traffic.
pub fn check_split(
    deployments: &BTreeMap<String, Deployment>,
    traffic: &BTreeMap<String, i64>,
    mirror: &BTreeMap<String, i64>,
) -> Result<Split, String> {
    let convert = |m: &BTreeMap<String, i64>, what: &str| {
        let mut out = BTreeMap::new();
        for (d, p) in m {
            if !deployments.contains_key(d) {
                let known: Vec<&str> = deployments.keys().map(String::as_str).collect();
                return Err(format!(
                    "unknown deployment {d:?} in the {what}; the endpoint has [{}]",
                    known.join(", ")
                ));
            }
            let p = u32::try_from(*p)
                .ok()
                .filter(|p| *p <= 100)
                .ok_or_else(|| format!("{what} for {d} must be 0 to 100 percent, got {p}"))?;
            if p > 0 {
                out.insert(d.clone(), p);
            }
        }
        Ok(out)
    };
    let live = convert(traffic, "traffic")?;
    let shadow = convert(mirror, "mirror")?;
    let sum: i64 = traffic.values().sum();
    if traffic.is_empty() {
        return Err("traffic must sum to 100, but no deployment was given any".into());
    }
    if sum != 100 {
        let parts: Vec<String> = traffic.iter().map(|(d, p)| format!("{d} {p}")).collect();
        return Err(format!(
            "traffic must sum to 100, but {} = {sum}",
            parts.join(" + ")
        ));
    }
    let mirrored: u32 = shadow.values().sum();
    if mirrored > 100 {
        return Err(format!(
            "mirrored traffic may total at most 100 percent, got {mirrored}"
        ));
    }
    if let Some(d) = shadow.keys().find(|d| live.contains_key(*d)) {
        return Err(format!(
            "{d} takes live traffic; mirror only to a deployment with 0% live traffic"
        ));
    }
    Ok((live, shadow))
}

/// The state of every endpoint.
#[derive(Debug, Clone, Default)]
pub struct Serving {
    /// Endpoints by name.
    pub endpoints: BTreeMap<String, Endpoint>,
    /// Every alarm that fired, oldest first.
    pub firings: Vec<AlarmFiring>,
    /// Endpoints rolled back automatically, with the time.
    pub rollbacks: Vec<(String, i64)>,
    /// True conversion rates and A/B tests.
    pub experiments: super::abtest::Experiments,
    /// Days of workloads served per inference mode (`serve_mode`).
    pub servings: super::inference::Servings,
}

#[cfg(test)]
mod tests {
    use super::kube::{Count, KubeDeployment};
    use super::*;

    fn deployments(names: &[&str]) -> BTreeMap<String, Deployment> {
        names
            .iter()
            .map(|n| {
                let p = Count::Percent(25);
                (
                    (*n).to_string(),
                    Deployment {
                        kube: KubeDeployment::new(n, 1, 1, p, p),
                        image: "m:v1".into(),
                    },
                )
            })
            .collect()
    }

    fn map(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
    }

    #[test]
    fn splits_must_sum_to_100_and_explain_why_not() {
        let d = deployments(&["blue", "green"]);
        let e = check_split(&d, &map(&[("blue", 90), ("green", 20)]), &map(&[])).unwrap_err();
        assert!(e.contains("sum to 100") && e.contains("110"), "{e}");
        let e = check_split(&d, &map(&[("blue", 100), ("red", 0)]), &map(&[])).unwrap_err();
        assert!(e.contains("red"), "{e}");
        let e = check_split(&d, &map(&[("blue", 100)]), &map(&[("green", 101)])).unwrap_err();
        assert!(e.contains("100"), "{e}");
        let e = check_split(&d, &map(&[("blue", 100)]), &map(&[("blue", 10)])).unwrap_err();
        assert!(e.contains("live"), "{e}");
        let (live, shadow) = check_split(
            &d,
            &map(&[("blue", 100), ("green", 0)]),
            &map(&[("green", 50)]),
        )
        .unwrap();
        assert_eq!(live.len(), 1);
        assert_eq!(shadow["green"], 50);
    }
}
