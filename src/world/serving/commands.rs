//! Command handlers for serving: create an endpoint, deploy a version with a strategy, set the
//! traffic split and mirror, scale or autoscale a deployment, and set alarms. Every rule the
//! learner can break (a split that is not 100, a canary over 50%, an unknown version) is a
//! `Rejected` event that says which rule and by how much.

use std::collections::BTreeMap;

use super::active_hours::ActiveHours;
use super::hpa::{checked_hpa, describe_policy};
use super::rollout::Alarm;
use super::{Deployment, Endpoint, Image, MAX_REQUESTS_PER_DAY, check_split};
use crate::world::event::Event;
use crate::world::vocabulary::{AlarmArgs, AutoscaleArgs, IntOrPercent, Platform, Strategy};
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
        platform: Platform,
        active_hours: Option<&str>,
    ) -> Vec<Event> {
        let cmd = "create_endpoint";
        let active_hours = match active_hours.map(ActiveHours::parse).transpose() {
            Ok(a) => a,
            Err(e) => return rejected(cmd, e),
        };
        if name.trim().is_empty() {
            return rejected(cmd, "an endpoint needs a name");
        }
        if self.serving.endpoints.contains_key(name) {
            return rejected(cmd, format!("endpoint {name:?} already exists"));
        }
        if !self.registry.has_model(model) {
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
                hours: Vec::new(),
                faults: BTreeMap::new(),
                unready: std::collections::BTreeSet::new(),
                days_served: 0,
                last_strategy: None,
                platform,
                active_hours: active_hours.unwrap_or(ActiveHours::ALL),
            },
        );
        vec![Event::EndpointCreated {
            endpoint: name.to_string(),
            model: model.to_string(),
            requests_per_day: requests_per_day as u32,
            label_delay_days: label_delay_days as u32,
            active_hours: active_hours.map(|a| a.to_string()),
        }]
    }

    /// The image for a version: its run's model and the feature views it was trained with.
    pub(super) fn build_image(
        &self,
        model: &str,
        version: i64,
    ) -> Result<(Image, Vec<Event>), String> {
        let v = self.registry.version(model, version)?;
        let run_id = v.lineage.run_id.clone();
        if self.tracking.model(&run_id).is_none() {
            return Err(format!("the model of {run_id} is not available"));
        }
        let mut notes = Vec::new();
        let mut views = Vec::new();
        for (name, ver) in &v.lineage.feature_views {
            let view = self
                .features
                .store()
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
        let remembered = (!matches!(spec.strategy, Strategy::Shadow { .. }))
            .then(|| (spec.endpoint.clone(), spec.strategy.clone(), spec.replicas));
        match self.try_deploy(spec) {
            Ok(events) => {
                if let Some((name, strategy, replicas)) = remembered
                    && let Some(e) = self.serving.endpoints.get_mut(&name)
                {
                    e.last_strategy = Some((strategy, replicas as u32));
                }
                events
            }
            Err(reason) => rejected("deploy", reason),
        }
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

    pub(crate) fn autoscale(&mut self, a: &AutoscaleArgs) -> Vec<Event> {
        let hpa = match checked_hpa(a) {
            Ok(h) => h,
            Err(e) => return rejected("autoscale", e),
        };
        match self.deployment_mut("autoscale", &a.endpoint, &a.deployment) {
            Ok(d) => {
                d.kube.hpa = Some(hpa);
                d.kube.recommendations.clear();
                let (lo, hi) = (hpa.min_replicas, hpa.max_replicas);
                // A new policy starts from the running fleet: only its bounds move it now. A
                // fleet at zero stays there (the next request wakes it); a running one never
                // drops to zero here (that waits for an idle hour).
                let from = d.kube.replicas;
                let to = if from == 0 && lo == 0 {
                    0
                } else {
                    from.clamp(lo.max(1), hi)
                };
                d.kube.scale(to);
                vec![Event::Scaled {
                    endpoint: a.endpoint.clone(),
                    deployment: a.deployment.clone(),
                    from,
                    to,
                    reason: describe_policy(&hpa),
                }]
            }
            Err(e) => e,
        }
    }

    pub(crate) fn set_alarm(&mut self, a: &AlarmArgs) -> Vec<Event> {
        let cmd = "set_alarm";
        let Some(e) = self.serving.endpoints.get_mut(&a.endpoint) else {
            return rejected(cmd, format!("unknown endpoint {:?}", a.endpoint));
        };
        if a.name.trim().is_empty() || !a.threshold.is_finite() {
            return rejected(cmd, "an alarm needs a name and a finite threshold");
        }
        let m = a.evaluation_periods;
        let n = a.datapoints_to_alarm.unwrap_or(m);
        if !(1..=24 * 7).contains(&m) || !(1..=m).contains(&n) {
            return rejected(
                cmd,
                format!(
                    "need 1 <= datapoints_to_alarm <= evaluation_periods <= 168 hours, got {n} of {m}"
                ),
            );
        }
        e.alarms.retain(|x| x.name != a.name);
        e.alarms.push(Alarm {
            name: a.name.clone(),
            metric: a.metric,
            comparison: a.comparison,
            threshold: a.threshold,
            deployment: a.deployment.clone(),
            in_alarm: Vec::new(),
            evaluation_periods: m as u32,
            datapoints_to_alarm: n as u32,
            recent: std::collections::BTreeMap::new(),
        });
        let periods = if m == 1 {
            String::new()
        } else {
            format!(", {n} of the last {m} hourly datapoints")
        };
        vec![Event::AlarmSet {
            endpoint: a.endpoint.clone(),
            alarm: a.name.clone(),
            description: format!(
                "{} of {} {} {}{periods}",
                a.metric.name(),
                a.deployment.as_deref().unwrap_or("any deployment"),
                a.comparison.symbol(),
                a.threshold
            ),
        }]
    }
}
