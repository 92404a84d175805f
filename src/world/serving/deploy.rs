//! Deploying a version: the image is built from the registry and the feature store, the
//! Kubernetes settings and the strategy are checked (canary at most 50%, linear steps of 10 to
//! 50%, mirror at most 100% in total, and on `SageMaker` its bake limits), then the new
//! deployment starts pending and its rollout waits for ready pods.

use super::Deployment;
use super::commands::DeploySpec;
use super::kube::{Count, DEFAULT_PERCENT, KubeDeployment};
use super::rollout::Rollout;
use crate::world::World;
use crate::world::event::Event;
use crate::world::vocabulary::{IntOrPercent, Strategy, bake_hours as bake};

impl World {
    // The strategies share validation and the endpoint borrow; one function keeps the order of
    // checks (and so which rule a learner hears about first) visible.
    #[allow(clippy::too_many_lines, clippy::needless_pass_by_value)]
    pub(super) fn try_deploy(&mut self, s: DeploySpec) -> Result<Vec<Event>, String> {
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
            Strategy::AllAtOnce {
                bake_hours,
                bake_days,
            }
            | Strategy::Rolling {
                bake_hours,
                bake_days,
            } => {
                // No bake unless one is asked for: then an alarm during it rolls back, as
                // SageMaker's all-at-once guardrail and a release controller over a rolling
                // update do.
                let b = if bake_hours.is_none() && bake_days.is_none() {
                    0
                } else {
                    bake(bake_hours, bake_days)?
                };
                (vec![100], b, b > 0)
            }
            Strategy::Shadow { .. } => (vec![100], 0, false),
            Strategy::BlueGreen {
                bake_hours,
                bake_days,
            } => (vec![100], bake(bake_hours, bake_days)?, true),
            Strategy::Canary {
                percent,
                bake_hours,
                bake_days,
            } => {
                if !(1..=50).contains(&percent) {
                    return Err(format!(
                        "a canary takes 1 to 50 percent of traffic, got {percent}"
                    ));
                }
                (
                    vec![percent as u32, 100],
                    bake(bake_hours, bake_days)?,
                    true,
                )
            }
            Strategy::Linear {
                step_percent,
                bake_hours,
                bake_days,
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
                (v, bake(bake_hours, bake_days)?, true)
            }
        };
        let e = self
            .serving
            .endpoints
            .get_mut(&s.endpoint)
            .ok_or("endpoint vanished")?;
        if auto {
            e.platform.check_bake(bake_hours, steps.len())?;
        }
        e.images.insert(version, image);
        if let Strategy::Rolling { .. } = s.strategy {
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
            let previous = d.kube.version;
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
            // The rollout follows the update until every pod runs the new image, then bakes.
            let mut r = Rollout::new(
                "rolling",
                version,
                None,
                current.clone(),
                steps,
                self.clock.now(),
            );
            r.bake_seconds = bake_hours * 3600;
            r.auto_rollback = auto;
            r.previous = Some(previous);
            e.rollout = Some(r);
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
            // SageMaker shadow variants sample up to 100% of requests.
            if !(1..=100).contains(&percent) || total > 100 {
                return Err(format!(
                    "mirrored traffic may total at most 100 percent, this would make {total}"
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
        // A first deployment has nothing to shift traffic from: whatever the strategy, it
        // takes all of it once its pods are ready.
        let steps = if live.is_empty() { vec![100] } else { steps };
        let mut r = Rollout::new(
            s.strategy.name(),
            version,
            live.first().cloned(),
            name,
            steps,
            self.clock.now(),
        );
        r.bake_seconds = bake_hours * 3600;
        r.auto_rollback = auto && !live.is_empty();
        e.rollout = Some(r);
        if live.is_empty() {
            events.push(Event::Note {
                text: format!(
                    "{} is Creating: no requests reach it until this first deployment's pods pass their readiness probe; then it takes 100% of traffic",
                    e.name
                ),
            });
        }
        Ok(events)
    }
}
