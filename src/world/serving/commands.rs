//! Command handlers for serving: create an endpoint, deploy a version with a strategy, set the
//! traffic split and mirror, scale or autoscale a deployment, and set alarms. Every rule the
//! learner can break (a split that is not 100, a canary over 50%, an unknown version) is a
//! `Rejected` event that says which rule and by how much.

use std::collections::BTreeMap;

use super::kube::{Count, DEFAULT_PERCENT, Hpa, KubeDeployment};
use super::rollout::{Alarm, Rollout};
use super::{Deployment, Endpoint, Image, MAX_REQUESTS_PER_DAY, check_split};
use crate::world::event::Event;
use crate::world::vocabulary::{AlarmMetric, Comparison, IntOrPercent, Strategy};
use crate::world::{World, rejected};

/// A deploy command's arguments.
#[derive(Debug, Clone)]
pub struct DeploySpec {
    /// Endpoint.
    pub endpoint: String,
    /// Model version.
    pub version: i64,
    /// Deployment name (default `v<version>`).
    pub deployment: Option<String>,
    /// Strategy.
    pub strategy: Strategy,
    /// Pods.
    pub replicas: i64,
    /// maxSurge.
    pub max_surge: Option<IntOrPercent>,
    /// maxUnavailable.
    pub max_unavailable: Option<IntOrPercent>,
}

impl World {
    pub(crate) fn create_endpoint(
        &mut self,
        name: &str,
        model: &str,
        requests_per_day: i64,
        label_delay_days: i64,
    ) -> Vec<Event> {
        let cmd = "create_endpoint";
        if name.trim().is_empty() {
            return rejected(cmd, "an endpoint needs a name");
        }
        if self.serving.endpoints.contains_key(name) {
            return rejected(cmd, format!("endpoint {name:?} already exists"));
        }
        if !self.registry.models.contains_key(model) {
            return rejected(
                cmd,
                format!("no registered model named {model:?}: register one first"),
            );
        }
        if !(1..=MAX_REQUESTS_PER_DAY).contains(&requests_per_day) {
            return rejected(
                cmd,
                format!(
                    "requests_per_day must be 1 to {MAX_REQUESTS_PER_DAY}, got {requests_per_day}"
                ),
            );
        }
        if !(0..=365).contains(&label_delay_days) {
            return rejected(
                cmd,
                format!("label_delay_days must be 0 to 365, got {label_delay_days}"),
            );
        }
        self.serving.endpoints.insert(
            name.to_string(),
            Endpoint {
                name: name.to_string(),
                model: model.to_string(),
                requests_per_day: requests_per_day as u32,
                label_delay_days: label_delay_days as u32,
                deployments: BTreeMap::new(),
                traffic: BTreeMap::new(),
                mirror: BTreeMap::new(),
                rollout: None,
                alarms: Vec::new(),
                images: BTreeMap::new(),
                last_hour: BTreeMap::new(),
                faults: BTreeMap::new(),
                days_served: 0,
            },
        );
        vec![Event::EndpointCreated {
            endpoint: name.to_string(),
            model: model.to_string(),
            requests_per_day: requests_per_day as u32,
            label_delay_days: label_delay_days as u32,
        }]
    }

    /// The image for a version: its run's model and the feature views it was trained with.
    fn build_image(&self, model: &str, version: i64) -> Result<(Image, Vec<Event>), String> {
        let v = self.registry.version(model, version)?;
        let run_id = v.lineage.run_id.clone();
        if !self.models.contains_key(&run_id) {
            return Err(format!("the model of {run_id} is not available"));
        }
        let mut notes = Vec::new();
        let mut views = Vec::new();
        for (name, ver) in &v.lineage.feature_views {
            let view = self
                .store
                .views
                .get(name)
                .ok_or_else(|| format!("feature view {name:?} of version {version} is gone"))?;
            if view.version != *ver {
                notes.push(Event::Note { text: format!("{name} is at version {} but the model was trained on version {ver}: the image bakes in the current one (a skew risk)", view.version) });
            }
            views.push(view.clone());
        }
        let image = Image {
            version: v.version,
            tag: format!("{model}:v{}", v.version),
            run_id,
            views,
        };
        Ok((image, notes))
    }

    pub(crate) fn deploy(&mut self, spec: DeploySpec) -> Vec<Event> {
        match self.try_deploy(spec) {
            Ok(events) => events,
            Err(reason) => rejected("deploy", reason),
        }
    }

    // The strategies share validation and the endpoint borrow; one function keeps the order of
    // checks (and so which rule a learner hears about first) visible.
    #[allow(clippy::too_many_lines, clippy::needless_pass_by_value)]
    fn try_deploy(&mut self, s: DeploySpec) -> Result<Vec<Event>, String> {
        let e = self
            .serving
            .endpoints
            .get(&s.endpoint)
            .ok_or_else(|| format!("unknown endpoint {:?}", s.endpoint))?;
        if let Some(r) = &e.rollout {
            return Err(format!(
                "the {} rollout of version {} is still in progress on {}; wait for it to finish",
                r.strategy, r.version, e.name
            ));
        }
        let (image, mut events) = self.build_image(&e.model.clone(), s.version)?;
        let replicas = u32::try_from(s.replicas)
            .ok()
            .filter(|r| (1..=100).contains(r))
            .ok_or_else(|| format!("replicas must be 1 to 100, got {}", s.replicas))?;
        let pct = IntOrPercent::Text(format!("{DEFAULT_PERCENT}%"));
        let surge = Count::parse(s.max_surge.as_ref().unwrap_or(&pct), "max_surge")?;
        let unavailable = Count::parse(
            s.max_unavailable.as_ref().unwrap_or(&pct),
            "max_unavailable",
        )?;
        if surge.resolve(replicas, true) == 0 && unavailable.resolve(replicas, false) == 0 {
            return Err("max_surge and max_unavailable cannot both be 0 (Kubernetes refuses it: the update could never progress)".into());
        }
        let name = s
            .deployment
            .clone()
            .unwrap_or_else(|| format!("v{}", image.version));
        if name.trim().is_empty() {
            return Err("a deployment needs a name".into());
        }
        let live: Vec<String> = e.traffic.keys().cloned().collect();
        let version = image.version;
        let tag = image.tag.clone();
        let (steps, bake_hours, auto) = match s.strategy {
            Strategy::AllAtOnce | Strategy::Rolling | Strategy::Shadow { .. } => {
                (vec![100], 0, false)
            }
            Strategy::BlueGreen { bake_hours } => (vec![100], bake_hours, true),
            Strategy::Canary {
                percent,
                bake_hours,
            } => {
                if !(1..=50).contains(&percent) {
                    return Err(format!(
                        "a canary takes 1 to 50 percent of traffic, got {percent}"
                    ));
                }
                (vec![percent as u32, 100], bake_hours, true)
            }
            Strategy::Linear {
                step_percent,
                bake_hours,
            } => {
                if !(10..=50).contains(&step_percent) {
                    return Err(format!(
                        "a linear step is 10 to 50 percent, got {step_percent}"
                    ));
                }
                let st = step_percent as u32;
                let mut v: Vec<u32> = (1..=(100 / st))
                    .map(|k| k * st)
                    .filter(|p| *p < 100)
                    .collect();
                v.push(100);
                (v, bake_hours, true)
            }
        };
        if !(0..=24 * 30).contains(&bake_hours) {
            return Err(format!("bake_hours must be 0 to 720, got {bake_hours}"));
        }
        let e = self
            .serving
            .endpoints
            .get_mut(&s.endpoint)
            .ok_or("endpoint vanished")?;
        e.images.insert(version, image);
        if s.strategy == Strategy::Rolling {
            let [current] = &live[..] else {
                return Err(format!(
                    "a rolling update replaces the image of the one serving deployment, but traffic goes to [{}]",
                    live.join(", ")
                ));
            };
            let d = e
                .deployments
                .get_mut(current)
                .ok_or("deployment vanished")?;
            d.kube.max_surge = surge;
            d.kube.max_unavailable = unavailable;
            d.kube.set_image(version);
            d.image.clone_from(&tag);
            events.push(Event::DeploymentCreated {
                endpoint: e.name.clone(),
                deployment: current.clone(),
                version,
                image: tag,
                replicas: d.kube.replicas,
                strategy: "rolling".into(),
            });
            return Ok(events);
        }
        if e.deployments.contains_key(&name) {
            return Err(format!(
                "deployment {name:?} already exists on {}; pick another name",
                e.name
            ));
        }
        if let Strategy::Shadow { percent } = s.strategy {
            let total: i64 = e.mirror.values().map(|p| i64::from(*p)).sum::<i64>() + percent;
            if !(1..=50).contains(&percent) || total > 50 {
                return Err(format!(
                    "mirrored traffic may total at most 50 percent, this would make {total}"
                ));
            }
            if live.is_empty() {
                return Err(
                    "shadow copies live traffic, but nothing serves yet: deploy a first version"
                        .into(),
                );
            }
        } else if live.len() > 1 {
            return Err(format!(
                "traffic is split over [{}]: set_traffic to one deployment before a new rollout",
                live.join(", ")
            ));
        }
        let kube = KubeDeployment::new(&name, version, replicas, surge, unavailable);
        e.deployments.insert(
            name.clone(),
            Deployment {
                kube,
                image: tag.clone(),
            },
        );
        events.push(Event::DeploymentCreated {
            endpoint: e.name.clone(),
            deployment: name.clone(),
            version,
            image: tag,
            replicas,
            strategy: s.strategy.name().into(),
        });
        if let Strategy::Shadow { percent } = s.strategy {
            e.mirror.insert(name, percent as u32);
            events.push(Event::TrafficShifted { endpoint: e.name.clone(), traffic: e.split(), mirror: e.mirror_split(), reason: format!("shadow: {percent}% of requests are copied to v{version}; its responses are discarded") });
            return Ok(events);
        }
        e.rollout = Some(Rollout {
            strategy: s.strategy.name().into(),
            version,
            blue: live.first().cloned(),
            green: name,
            steps,
            step: None,
            step_started: self.now,
            bake_seconds: bake_hours * 3600,
            auto_rollback: auto && !live.is_empty(),
        });
        if live.is_empty() {
            events.push(Event::Note {
                text: "first deployment: it takes 100% of traffic once its pods are ready".into(),
            });
        }
        Ok(events)
    }

    pub(crate) fn set_traffic(
        &mut self,
        endpoint: &str,
        traffic: &BTreeMap<String, i64>,
        mirror: &BTreeMap<String, i64>,
    ) -> Vec<Event> {
        let Some(e) = self.serving.endpoints.get_mut(endpoint) else {
            return rejected("set_traffic", format!("unknown endpoint {endpoint:?}"));
        };
        match check_split(&e.deployments, traffic, mirror) {
            Ok((live, shadow)) => {
                let mut events = Vec::new();
                if let Some(r) = e.rollout.take() {
                    events.push(Event::Note {
                        text: format!(
                            "the {} rollout of version {} was cancelled by the manual split",
                            r.strategy, r.version
                        ),
                    });
                }
                e.traffic = live;
                e.mirror = shadow;
                events.push(Event::TrafficShifted {
                    endpoint: endpoint.into(),
                    traffic: e.split(),
                    mirror: e.mirror_split(),
                    reason: "set by hand".into(),
                });
                events
            }
            Err(reason) => rejected("set_traffic", reason),
        }
    }

    fn deployment_mut(
        &mut self,
        cmd: &str,
        endpoint: &str,
        deployment: &str,
    ) -> Result<&mut Deployment, Vec<Event>> {
        let e = self
            .serving
            .endpoints
            .get_mut(endpoint)
            .ok_or_else(|| rejected(cmd, format!("unknown endpoint {endpoint:?}")))?;
        let known: Vec<String> = e.deployments.keys().cloned().collect();
        e.deployments.get_mut(deployment).ok_or_else(|| {
            rejected(
                cmd,
                format!(
                    "unknown deployment {deployment:?}; {endpoint} has [{}]",
                    known.join(", ")
                ),
            )
        })
    }

    pub(crate) fn scale(&mut self, endpoint: &str, deployment: &str, replicas: i64) -> Vec<Event> {
        let Some(r) = u32::try_from(replicas)
            .ok()
            .filter(|r| (1..=100).contains(r))
        else {
            return rejected(
                "scale",
                format!("replicas must be 1 to 100, got {replicas}"),
            );
        };
        match self.deployment_mut("scale", endpoint, deployment) {
            Ok(d) => {
                let from = d.kube.replicas;
                d.kube.scale(r);
                vec![Event::Scaled {
                    endpoint: endpoint.into(),
                    deployment: deployment.into(),
                    from,
                    to: r,
                    reason: "scaled by hand".into(),
                }]
            }
            Err(e) => e,
        }
    }

    pub(crate) fn autoscale(
        &mut self,
        endpoint: &str,
        deployment: &str,
        min: i64,
        max: i64,
        target: f64,
    ) -> Vec<Event> {
        let ok = |n: i64| u32::try_from(n).ok().filter(|n| (1..=100).contains(n));
        let (Some(lo), Some(hi)) = (ok(min), ok(max)) else {
            return rejected(
                "autoscale",
                format!("min_replicas and max_replicas must be 1 to 100, got {min} and {max}"),
            );
        };
        if lo > hi || !(target.is_finite() && target > 0.0) {
            return rejected(
                "autoscale",
                format!(
                    "need min_replicas <= max_replicas ({min} > {max}?) and a positive target_requests_per_pod ({target})"
                ),
            );
        }
        match self.deployment_mut("autoscale", endpoint, deployment) {
            Ok(d) => {
                d.kube.hpa = Some(Hpa {
                    min_replicas: lo,
                    max_replicas: hi,
                    target,
                });
                let to = d.kube.replicas.clamp(lo, hi);
                let from = d.kube.replicas;
                d.kube.scale(to);
                vec![Event::Scaled {
                    endpoint: endpoint.into(),
                    deployment: deployment.into(),
                    from,
                    to,
                    reason: format!(
                        "autoscaling {lo}..{hi} pods on {target} requests per pod per hour"
                    ),
                }]
            }
            Err(e) => e,
        }
    }

    pub(crate) fn set_alarm(
        &mut self,
        endpoint: &str,
        name: &str,
        metric: AlarmMetric,
        comparison: Comparison,
        threshold: f64,
        deployment: Option<&str>,
    ) -> Vec<Event> {
        let Some(e) = self.serving.endpoints.get_mut(endpoint) else {
            return rejected("set_alarm", format!("unknown endpoint {endpoint:?}"));
        };
        if name.trim().is_empty() || !threshold.is_finite() {
            return rejected("set_alarm", "an alarm needs a name and a finite threshold");
        }
        e.alarms.retain(|a| a.name != name);
        e.alarms.push(Alarm {
            name: name.into(),
            metric,
            comparison,
            threshold,
            deployment: deployment.map(str::to_string),
            in_alarm: Vec::new(),
        });
        vec![Event::AlarmSet {
            endpoint: endpoint.into(),
            alarm: name.into(),
            description: format!(
                "{} of {} {} {threshold}",
                metric.name(),
                deployment.unwrap_or("any deployment"),
                comparison.symbol()
            ),
        }]
    }
}
