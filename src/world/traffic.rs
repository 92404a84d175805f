//! Time and traffic: `advance_days` moves the simulated clock a day at a time. Each endpoint's
//! requests for the day are drawn from the production distribution (scenario plus incidents)
//! with the World's seeded RNG and served hour by hour: pods tick, each request is routed by a
//! seeded draw over the live split (then to a ready pod, or fails with 503 when none is ready),
//! mirrored copies go to shadow deployments, alarms watch the hour's figures, the rollout moves
//! on and the HPA scales. Labels arrive after the endpoint's delay; monitors run at window ends.

pub mod requests;
pub mod scoring;

use std::collections::BTreeMap;

use rand::Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

use super::event::Event;
use super::incidents::{Effect, day_rng};
use super::serving::{AlarmFiring, Endpoint, HourFigures, rollout};
use super::{World, rejected};
use crate::data::table::{DAY, Table};

/// Requests one ready pod handles in an hour before it saturates.
pub const POD_CAPACITY_PER_HOUR: f64 = 60.0;
/// Latency of an idle pod, ms.
pub const BASE_LATENCY_MS: f64 = 20.0;
/// Most days one command may advance.
pub const MAX_DAYS: i64 = 365;

/// One endpoint's served day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayLog {
    /// Served-day index on this endpoint, from 0.
    pub day: u32,
    /// Absolute simulated day.
    pub abs_day: i64,
    /// The requests as received (raw inputs) with their true labels.
    pub requests: Table,
    /// Version that answered each request (0: failed).
    pub version: Vec<u32>,
    /// Probability returned to the caller (NaN: failed).
    pub proba: Vec<f64>,
    /// Absolute day when the labels become known.
    pub labels_at: i64,
}

/// A deployment's day in figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentDay {
    /// Deployment.
    pub deployment: String,
    /// Desired version.
    pub version: u32,
    /// Live requests answered.
    pub requests: u64,
    /// Mirrored copies received (responses discarded).
    pub mirrored: u64,
    /// Failed requests.
    pub errors: u64,
    /// Worst hourly p95 latency, ms.
    pub max_latency_p95_ms: f64,
    /// Ready pods at the end of the day.
    pub ready_pods: u32,
    /// Desired replicas at the end of the day.
    pub replicas: u32,
}

/// The deployment a draw `u` in `0..100` lands on: cumulative percents in name order.
pub fn pick_deployment(traffic: &BTreeMap<String, u32>, u: u32) -> Option<&str> {
    let mut acc = 0;
    for (d, p) in traffic {
        acc += p;
        if u < acc {
            return Some(d);
        }
    }
    None
}

fn p95(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 * 0.95).ceil() as usize).clamp(1, v.len()) - 1]
}

/// An hour's figures per deployment: counts, rows answered live, versions of mirrored copies.
type Figures = BTreeMap<String, (HourFigures, Vec<usize>, Vec<u32>)>;

/// Copies one request to each shadow deployment whose seeded draw falls under its percent.
fn continue_mirror(
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
                Some(pods) => f.2.push(pods[rng.gen_range(0..pods.len())]),
                None => f.0.errors += 1,
            }
        }
    }
}

impl World {
    pub(crate) fn advance_days(&mut self, days: i64) -> Vec<Event> {
        if !(1..=MAX_DAYS).contains(&days) {
            return rejected(
                "advance_days",
                format!("days must be between 1 and {MAX_DAYS}, got {days}"),
            );
        }
        let mut events = Vec::new();
        for _ in 0..days {
            let day_start = self.now.div_euclid(DAY) * DAY;
            let names: Vec<String> = self.serving.endpoints.keys().cloned().collect();
            for name in names {
                events.extend(self.serve_day(&name, day_start));
                events.extend(self.monitor_if_due(&name));
            }
            self.now = day_start + DAY;
        }
        events.push(Event::ClockAdvanced { now: self.now });
        events
    }

    // The day's steps share the endpoint taken out of the map and the day's vectors.
    #[allow(clippy::too_many_lines)]
    fn serve_day(&mut self, name: &str, day_start: i64) -> Vec<Event> {
        let abs_day = day_start / DAY;
        let mut rng = day_rng(&mut self.rng);
        let Some(mut e) = self.serving.endpoints.remove(name) else {
            return Vec::new();
        };
        let n = e.requests_per_day as usize;
        let table = requests::draw_day(
            self.scenario,
            n,
            abs_day,
            day_start,
            &self.incidents,
            &mut rng,
        );
        for inc in &self.incidents {
            if let Effect::Faulty {
                endpoint,
                version,
                error_rate,
                latency_ms,
            } = &inc.effect
                && *endpoint == e.name
                && inc.intensity(abs_day) > 0.0
            {
                e.faults.insert(*version, (*error_rate, *latency_ms));
            }
        }
        let mut version = vec![0u32; n];
        let mut failed = vec![false; n];
        let mut days: BTreeMap<String, DeploymentDay> = BTreeMap::new();
        let mut unrouted = 0;
        let mut events = Vec::new();
        for h in 0..24usize {
            let now = day_start + h as i64 * 3600;
            let rows = (h * n / 24)..((h + 1) * n / 24);
            events.extend(self.serve_hour(
                &mut e,
                now,
                rows,
                &mut version,
                &mut failed,
                &mut days,
                &mut unrouted,
                &mut rng,
            ));
        }
        let mut proba = vec![f64::NAN; n];
        let skewed: Vec<String> = self
            .incidents
            .iter()
            .filter(|i| i.intensity(abs_day) > 0.0)
            .filter_map(|i| match &i.effect {
                Effect::Skew { feature } => Some(feature.clone()),
                _ => None,
            })
            .collect();
        let versions: std::collections::BTreeSet<u32> =
            version.iter().copied().filter(|v| *v > 0).collect();
        for v in versions {
            let rows: Vec<usize> = (0..n).filter(|&i| version[i] == v && !failed[i]).collect();
            let Some(image) = e.images.get(&v) else {
                continue;
            };
            let Some(model) = self.models.get(&image.run_id) else {
                continue;
            };
            for (i, p) in rows
                .iter()
                .zip(scoring::score(image, model, &table, &rows, &skewed))
            {
                proba[*i] = p;
            }
        }
        for (i, f) in failed.iter().enumerate() {
            if *f {
                version[i] = 0;
            }
        }
        let log = self.production.entry(name.to_string()).or_default();
        let labels_arrived = log
            .iter()
            .filter(|d| d.labels_at == abs_day + 1)
            .map(|d| d.requests.n_rows())
            .sum::<usize>();
        let served_day = e.days_served;
        let labels_at = abs_day + 1 + i64::from(e.label_delay_days);
        log.push(DayLog {
            day: served_day,
            abs_day,
            requests: table,
            version,
            proba,
            labels_at,
        });
        e.days_served += 1;
        let errors = failed.iter().filter(|f| **f).count();
        for (d, dd) in &mut days {
            if let Some(dep) = e.deployments.get(d) {
                dd.ready_pods = dep.kube.ready_versions().len() as u32;
                dd.replicas = dep.kube.replicas;
            }
        }
        events.push(Event::DayServed {
            endpoint: name.to_string(),
            day: served_day,
            requests: n,
            errors,
            deployments: days.into_values().collect(),
            unrouted,
            labels_arrived,
        });
        self.serving.endpoints.insert(name.to_string(), e);
        events
    }

    // One hour of the data plane: routing, mirroring, errors and latency, alarms, rollout, HPA,
    // in that order; the order is the semantics, so it stays in one function.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn serve_hour(
        &mut self,
        e: &mut Endpoint,
        now: i64,
        rows: std::ops::Range<usize>,
        version: &mut [u32],
        failed: &mut [bool],
        days: &mut BTreeMap<String, DeploymentDay>,
        unrouted: &mut usize,
        rng: &mut impl Rng,
    ) -> Vec<Event> {
        let mut events = Vec::new();
        for d in e.deployments.values_mut() {
            d.kube.tick();
        }
        let ready: BTreeMap<String, Vec<u32>> = e
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
        for i in rows {
            let u = rng.gen_range(0..100);
            let Some(d) = pick_deployment(&e.traffic, u) else {
                failed[i] = true; // nothing takes live traffic yet
                *unrouted += 1;
                continue_mirror(&e.mirror, &ready, &mut figures, rng);
                continue;
            };
            let pods = &ready[d];
            let f = figures.get_mut(d);
            if let (Some(f), false) = (f, pods.is_empty()) {
                version[i] = pods[rng.gen_range(0..pods.len())];
                f.0.requests += 1;
                f.1.push(i);
            } else {
                failed[i] = true; // 503: no ready pod behind the Service
                if let Some(f) = figures.get_mut(d) {
                    f.0.requests += 1;
                    f.0.errors += 1;
                }
            }
            continue_mirror(&e.mirror, &ready, &mut figures, rng);
        }
        let mut hour: Vec<(String, u32, HourFigures)> = Vec::new();
        for (d, (mut f, served, mirrored)) in figures {
            let util = f.requests_per_pod() / POD_CAPACITY_PER_HOUR;
            let overload = if util > 1.0 { 1.0 - 1.0 / util } else { 0.0 };
            let mut lat = Vec::new();
            let handled = served
                .iter()
                .map(|&i| (Some(i), version[i]))
                .chain(mirrored.iter().map(|v| (None, *v)));
            for (i, v) in handled {
                let (fault_err, fault_ms) = e.faults.get(&v).copied().unwrap_or((0.0, 0.0));
                let p_err = (fault_err + overload).min(1.0);
                if rng.gen_bool(p_err) {
                    f.errors += 1;
                    if let Some(i) = i {
                        failed[i] = true;
                    }
                }
                let z: f64 = rng.sample(StandardNormal);
                lat.push((BASE_LATENCY_MS * (1.0 + util * util) + fault_ms) * (0.25 * z).exp());
            }
            f.latency_p95_ms = p95(lat);
            let dep = &e.deployments[&d];
            let dd = days.entry(d.clone()).or_insert_with(|| DeploymentDay {
                deployment: d.clone(),
                version: dep.kube.version,
                requests: 0,
                mirrored: 0,
                errors: 0,
                max_latency_p95_ms: 0.0,
                ready_pods: 0,
                replicas: 0,
            });
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
        let rolled = rollout::advance(e, now + 3600, &fired);
        if rolled
            .iter()
            .any(|ev| matches!(ev, Event::RolledBack { .. }))
        {
            self.serving.rollbacks.push((e.name.clone(), now));
        }
        events.extend(rolled);
        for (d, _, f) in &hour {
            let Some(dep) = e.deployments.get_mut(d) else {
                continue;
            };
            if f.ready_pods == 0 {
                continue;
            }
            if let Some(to) = dep.kube.autoscale(f.requests_per_pod()) {
                let from = dep.kube.replicas;
                dep.kube.scale(to);
                events.push(Event::Scaled {
                    endpoint: e.name.clone(),
                    deployment: d.clone(),
                    from,
                    to,
                    reason: format!(
                        "HPA: {:.1} requests per pod vs target {}: ceil({from} x {:.2}) = {to}",
                        f.requests_per_pod(),
                        dep.kube.hpa.map_or(0.0, |h| h.target),
                        f.requests_per_pod() / dep.kube.hpa.map_or(1.0, |h| h.target)
                    ),
                });
            }
        }
        e.last_hour = hour.into_iter().map(|(d, _, f)| (d, f)).collect();
        events
    }
}
