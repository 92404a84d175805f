//! One simulated hour of an endpoint's data plane: pods tick, each request is routed by a
//! seeded draw over the live split and then to a ready pod (503 when none is ready), copies go
//! to shadow deployments, errors and latency follow load and faults, alarms watch the hour's
//! figures, the rollout moves on and the HPA scales.

use std::collections::BTreeMap;

use rand::Rng;
use rand_distr::StandardNormal;

use super::cold_start::{REQUEST_TIMEOUT_MS, Wakes, wake_if_idle};
use super::{BASE_LATENCY_MS, DeploymentDay, POD_CAPACITY_PER_HOUR, p95, pick_deployment};
use crate::world::World;
use crate::world::event::Event;
use crate::world::serving::{AlarmFiring, Endpoint, HourFigures, history, rollout};

/// An hour's figures per deployment: counts, rows answered live, mirrored copies (row, version).
type Figures = BTreeMap<String, (HourFigures, Vec<usize>, Vec<(usize, u32)>)>;

/// A deployment's day: its figures and the mirrored copies it answered (row, version).
pub(super) type Days = BTreeMap<String, (DeploymentDay, Vec<(usize, u32)>)>;

/// Copies one request to each shadow deployment whose seeded draw falls under its percent.
fn continue_mirror(
    i: usize,
    mirror: &BTreeMap<String, u32>,
    ready: &BTreeMap<String, Vec<u32>>,
    figures: &mut Figures,
    rng: &mut impl Rng,
) {
    for (d, p) in mirror {
        let hit = rng.gen_range(0..100) < *p;
        if let (true, Some(f)) = (hit, figures.get_mut(d)) {
            f.0.mirrored += 1;
            match ready.get(d).filter(|pods| !pods.is_empty()) {
                Some(pods) => f.2.push((i, pods[rng.gen_range(0..pods.len())])),
                None => f.0.errors += 1,
            }
        }
    }
}

/// The model whose champion a pipeline rollout in progress promotes, and the version.
fn promotion(e: &Endpoint) -> Option<(String, u32)> {
    let r = e.rollout.as_ref()?;
    Some((r.promote.clone()?, r.version))
}

impl World {
    // One hour of the data plane: routing, mirroring, errors and latency, alarms, rollout, HPA,
    // in that order; the order is the semantics, so it stays in one function.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    pub(super) fn serve_hour(
        &mut self,
        e: &mut Endpoint,
        now: i64,
        rows: std::ops::Range<usize>,
        version: &mut [u32],
        failed: &mut [bool],
        sent: &mut [bool],
        days: &mut Days,
        unrouted: &mut usize,
        rng: &mut impl Rng,
    ) -> Vec<Event> {
        let mut events = Vec::new();
        for d in e.deployments.values_mut() {
            d.kube.tick(&e.unready);
        }
        if e.traffic.is_empty() {
            // Creating: a first deployment goes live as soon as its pods pass readiness; until
            // then callers cannot reach the endpoint, so no request is sent to it.
            let promote = promotion(e);
            let moved = rollout::advance(e, now, &[]);
            let settled = self.settle_rollout(promote, &moved);
            events.extend(moved);
            events.extend(settled);
            if e.traffic.is_empty() {
                for i in rows {
                    sent[i] = false;
                }
                return events;
            }
            events.push(Event::Note {
                text: format!(
                    "{} is InService from hour {} of day {}: its first deployment has ready pods, so requests reach it from now on",
                    e.name,
                    (now % crate::data::table::DAY) / 3600,
                    e.days_served
                ),
            });
        }
        let mut waits: BTreeMap<usize, f64> = BTreeMap::new();
        let mut ready: BTreeMap<String, Vec<u32>> = e
            .deployments
            .iter()
            .map(|(k, d)| (k.clone(), d.kube.ready_versions()))
            .collect();
        let mut figures: Figures = e
            .deployments
            .keys()
            .map(|k| {
                (
                    k.clone(),
                    (
                        HourFigures {
                            ready_pods: ready[k].len() as u32,
                            ..HourFigures::default()
                        },
                        Vec::new(),
                        Vec::new(),
                    ),
                )
            })
            .collect();
        let (first, m) = (rows.start, rows.len());
        let mut wakes = Wakes::new();
        for i in rows {
            let u = rng.gen_range(0..100);
            // A live split always sums to 100 once the endpoint is in service.
            let Some(d) = pick_deployment(&e.traffic, u) else {
                sent[i] = false;
                continue;
            };
            // Requests arrive evenly through the hour; this one at `at` seconds past it.
            let at = ((i - first) as f64 + 0.5) / m as f64 * 3600.0;
            if let Some(dep) = e.deployments.get_mut(d)
                && wake_if_idle(dep, at, &mut wakes)
            {
                ready.insert(d.to_string(), dep.kube.ready_versions());
                if let Some(f) = figures.get_mut(d) {
                    f.0.ready_pods = 1;
                }
            }
            let pods = ready.get(d).map_or(&[][..], Vec::as_slice);
            let wait = wakes.get_mut(d).map_or(0.0, |w| w.wait_ms(at));
            let f = figures.get_mut(d);
            if let (Some(f), false, true) = (f, pods.is_empty(), wait <= REQUEST_TIMEOUT_MS) {
                version[i] = pods[rng.gen_range(0..pods.len())];
                f.0.requests += 1;
                f.1.push(i);
                if wait > 0.0 {
                    waits.insert(i, wait);
                }
            } else {
                // 503: no ready pod behind the Service, or the caller gave up waiting for
                // a cold start.
                failed[i] = true;
                *unrouted += usize::from(wait <= REQUEST_TIMEOUT_MS);
                if let Some(f) = figures.get_mut(d) {
                    f.0.requests += 1;
                    f.0.errors += 1;
                }
            }
            continue_mirror(i, &e.mirror, &ready, &mut figures, rng);
        }
        for (d, w) in &wakes {
            events.push(w.summary(&e.name, d, now));
        }
        let mut hour: Vec<(String, u32, HourFigures)> = Vec::new();
        for (d, (mut f, served, mirrored)) in figures {
            let util = f.requests_per_pod() / POD_CAPACITY_PER_HOUR;
            let overload = if util > 1.0 { 1.0 - 1.0 / util } else { 0.0 };
            let mut lat = Vec::new();
            let handled = served
                .iter()
                .map(|&i| (Some(i), version[i]))
                .chain(mirrored.iter().map(|(_, v)| (None, *v)));
            let mut answered_copies = mirrored.iter().copied();
            let mut kept = Vec::new();
            for (i, v) in handled {
                let copy = if i.is_none() {
                    answered_copies.next()
                } else {
                    None
                };
                let (fault_err, fault_ms) = e.faults.get(&v).copied().unwrap_or((0.0, 0.0));
                let p_err = (fault_err + overload).min(1.0);
                if rng.gen_bool(p_err) {
                    f.errors += 1;
                    if let Some(i) = i {
                        failed[i] = true;
                    }
                } else if let Some(c) = copy {
                    kept.push(c);
                }
                let z: f64 = rng.sample(StandardNormal);
                let waited = i.and_then(|i| waits.get(&i)).copied().unwrap_or(0.0);
                lat.push(
                    (BASE_LATENCY_MS * (1.0 + util * util) + fault_ms) * (0.25 * z).exp() + waited,
                );
            }
            f.latency_p95_ms = p95(lat);
            let dep = &e.deployments[&d];
            let (dd, copies) = days.entry(d.clone()).or_insert_with(|| {
                (
                    DeploymentDay {
                        deployment: d.clone(),
                        version: dep.kube.version,
                        requests: 0,
                        mirrored: 0,
                        errors: 0,
                        max_latency_p95_ms: 0.0,
                        ready_pods: 0,
                        replicas: 0,
                        shadow_agreement: None,
                    },
                    Vec::new(),
                )
            });
            copies.extend(kept);
            dd.version = dep.kube.version;
            dd.requests += f.requests;
            dd.mirrored += f.mirrored;
            dd.errors += f.errors;
            dd.max_latency_p95_ms = dd.max_latency_p95_ms.max(f.latency_p95_ms);
            hour.push((d.clone(), dep.kube.version, f));
        }
        let mut fired = Vec::new();
        for a in &mut e.alarms {
            for (d, v, value) in a.evaluate(&hour) {
                fired.push(AlarmFiring {
                    alarm: a.name.clone(),
                    endpoint: e.name.clone(),
                    deployment: d,
                    version: v,
                    metric: a.metric.name().into(),
                    value,
                    comparison: a.comparison.symbol().into(),
                    threshold: a.threshold,
                    at: now,
                });
            }
        }
        for f in &fired {
            events.push(Event::AlarmFired { firing: f.clone() });
        }
        self.serving.firings.extend(fired.iter().cloned());
        // Recorded before the rollout moves on: the split this hour was routed with.
        let mut point = history::point(e, now, &hour);
        point.cold_starts = wakes.len() as u32;
        history::record(&mut e.hours, point);
        let promote = promotion(e);
        let rolled = rollout::advance(e, now + 3600, &fired);
        let settled = self.settle_rollout(promote, &rolled);
        if rolled
            .iter()
            .any(|ev| matches!(ev, Event::RolledBack { .. }))
        {
            self.serving.rollbacks.push((e.name.clone(), now));
        }
        events.extend(rolled);
        events.extend(settled);
        for (d, _, f) in &hour {
            let Some(dep) = e.deployments.get_mut(d) else {
                continue;
            };
            if f.ready_pods == 0 {
                continue;
            }
            let handled = f.requests + f.mirrored > 0;
            let p95 = handled.then_some(f.latency_p95_ms);
            let from = dep.kube.replicas;
            if let Some(x) = dep.kube.autoscale(f.requests_per_pod(), p95) {
                if x.to == from {
                    events.push(Event::Note {
                        text: format!(
                            "{}/{d} stays at {from} pod{}: {}",
                            e.name,
                            if from == 1 { "" } else { "s" },
                            x.reason
                        ),
                    });
                    continue;
                }
                dep.kube.scale(x.to);
                events.push(Event::Scaled {
                    endpoint: e.name.clone(),
                    deployment: d.clone(),
                    from,
                    to: x.to,
                    reason: x.reason,
                });
            }
        }
        e.last_hour = hour.into_iter().map(|(d, _, f)| (d, f)).collect();
        events
    }
}
