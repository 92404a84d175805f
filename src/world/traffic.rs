//! Time and traffic: `advance_days` moves the simulated clock a day at a time. Each endpoint's
//! requests for the day are drawn from the production distribution (scenario plus incidents)
//! with the World's seeded RNG and served hour by hour: pods tick, each request is routed by a
//! seeded draw over the live split (then to a ready pod, or fails with 503 when none is ready),
//! mirrored copies go to shadow deployments, alarms watch the hour's figures, the rollout moves
//! on and the HPA scales. Labels arrive after the endpoint's delay; monitors run at window ends.

mod cold_start;
mod hour;
pub mod requests;
pub mod scoring;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::event::Event;
use super::incidents::{Effect, day_rng};

use super::{World, rejected};
use crate::data::table::{DAY, Table};

/// Requests one ready pod handles in an hour before it saturates.
pub const POD_CAPACITY_PER_HOUR: f64 = 60.0;
/// Latency of an idle pod, ms.
pub const BASE_LATENCY_MS: f64 = 20.0;
/// Served days kept per endpoint (each keeps its requests for monitoring).
pub const MAX_RETAINED_DAYS: usize = 180;
/// Most days one command may advance.
pub const MAX_DAYS: i64 = 365;
/// The most a day's requests may be multiplied by spikes together (one spike may ask 10x).
pub const MAX_SPIKE: f64 = 10.0;

/// The last day a World's clock may reach: a year of traffic and then some, for any lab or
/// sandbox session (longer timelines start a new World).
pub const HORIZON_DAYS: i64 = 400;

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
    /// For a shadow: share of mirrored copies whose class (p >= 0.5) matches the live answer.
    pub shadow_agreement: Option<f64>,
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

impl World {
    pub(crate) fn advance_days(&mut self, days: i64) -> Vec<Event> {
        if !(1..=MAX_DAYS).contains(&days) {
            return rejected(
                "advance_days",
                format!("days must be between 1 and {MAX_DAYS}, got {days}"),
            );
        }
        // Whole days: finish the current day, then `days - 1` more.
        let target = self.clock.today() * DAY + days * DAY;
        Self::within_horizon("advance_days", target).unwrap_or_else(|| self.move_clock(target))
    }

    pub(crate) fn advance_clock(&mut self, hours: i64) -> Vec<Event> {
        if !(0..=24 * MAX_DAYS).contains(&hours) {
            return rejected(
                "advance_clock",
                format!(
                    "hours must be between 0 and {} ({MAX_DAYS} days), got {hours}",
                    24 * MAX_DAYS
                ),
            );
        }
        let target = self.clock.now() + hours * 3600;
        Self::within_horizon("advance_clock", target).unwrap_or_else(|| self.move_clock(target))
    }

    /// A refusal when `target` lies past the simulation's horizon ([`HORIZON_DAYS`] from its
    /// start): every simulated day costs real work, so the limit is checked before any of it.
    fn within_horizon(command: &str, target: i64) -> Option<Vec<Event>> {
        (target > HORIZON_DAYS * DAY).then(|| {
            rejected(
                command,
                format!(
                    "the simulation covers {HORIZON_DAYS} days and this would move the clock to \
                     day {}; reset the World to start a new timeline",
                    target.div_euclid(DAY)
                ),
            )
        })
    }

    /// The one way simulated time moves forward: every day that ends by `target` and has not
    /// been served yet is served on every endpoint, then the monitors whose window closed run
    /// (at the end of that day) and a schedule that came due fires. A partial day is served
    /// when a later move completes it, so hours and days never serve the same traffic twice.
    pub(crate) fn move_clock(&mut self, target: i64) -> Vec<Event> {
        let mut events = Vec::new();
        while let Some(day_start) = self.clock.next_day_by(target) {
            self.snapshot_day(day_start / DAY);
            // An instructor's timeline fires before the day's traffic, so the whole day has it.
            events.extend(self.fire_timeline(day_start / DAY));
            let names: Vec<String> = self.serving.endpoints.keys().cloned().collect();
            for name in &names {
                events.extend(self.serve_day(name, day_start));
            }
            self.clock.day_done(day_start);
            for name in &names {
                events.extend(self.monitor_if_due(name, day_start / DAY));
            }
            events.extend(self.fire_schedule());
        }
        self.clock.reach(target);
        events.push(Event::ClockAdvanced {
            now: self.clock.now(),
        });
        events.extend(self.fire_schedule());
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
        // A spike multiplies the day's requests; the product is capped so a stack of spikes
        // stays within the work one served day may cost.
        let spike: f64 = self
            .clock
            .incidents()
            .iter()
            .map(|i| i.spike_factor(name, abs_day))
            .product();
        let n = (f64::from(e.requests_per_day) * spike.min(MAX_SPIKE)).round() as usize;
        let table = requests::draw_day(
            self.scenario,
            n,
            abs_day,
            day_start,
            self.clock.incidents(),
            &mut rng,
        );
        for inc in self.clock.incidents() {
            if let Effect::Faulty {
                endpoint,
                version,
                error_rate,
                latency_ms,
                fails_readiness,
            } = &inc.effect
                && *endpoint == e.name
                && inc.intensity(abs_day) > 0.0
            {
                e.faults.insert(*version, (*error_rate, *latency_ms));
                if *fails_readiness {
                    e.unready.insert(*version);
                }
            }
        }
        let mut version = vec![0u32; n];
        let mut failed = vec![false; n];
        let mut sent = vec![true; n];
        let mut days = hour::Days::new();
        let mut unrouted = 0;
        let mut events = Vec::new();
        for h in 0..24usize {
            let now = day_start + h as i64 * 3600;
            let rows = e.active_hours.rows(h, n);
            events.extend(self.serve_hour(
                &mut e,
                now,
                rows,
                &mut version,
                &mut failed,
                &mut sent,
                &mut days,
                &mut unrouted,
                &mut rng,
            ));
        }
        let kept: Vec<usize> = (0..n).filter(|&i| sent[i]).collect();
        let (table, n) = if kept.len() == n {
            (table, n)
        } else {
            let mut position = vec![0; n];
            for (new, &old) in kept.iter().enumerate() {
                position[old] = new;
            }
            for (_, copies) in days.values_mut() {
                for c in copies.iter_mut() {
                    c.0 = position[c.0];
                }
            }
            version = kept.iter().map(|&i| version[i]).collect();
            failed = kept.iter().map(|&i| failed[i]).collect();
            let missed = n - kept.len();
            events.push(Event::Note {
                text: if kept.is_empty() {
                    format!(
                        "{name} is still Creating (no deployment has a ready pod): none of the day's {n} requests could reach it"
                    )
                } else {
                    format!(
                        "{name} was Creating for part of the day: {missed} of {n} requests came before it was in service and never reached it"
                    )
                },
            });
            (table.take(&kept), kept.len())
        };
        if n == 0 {
            self.serving.endpoints.insert(name.to_string(), e);
            return events;
        }
        let mut proba = vec![f64::NAN; n];
        let skewed: Vec<String> = self
            .clock
            .incidents()
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
            let Some(model) = self.tracking.model(&image.run_id) else {
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
        for (dd, copies) in days.values_mut() {
            dd.shadow_agreement = self.shadow_agreement(&e, &table, copies, &proba, &skewed);
        }
        let served_day = e.days_served;
        // Drawn from the day's own generator, after the traffic: an endpoint without true
        // conversion rates draws nothing, so its days replay as before.
        let conversions = self.draw_conversions(name, &version, &mut rng);
        let labels_at = abs_day + 1 + i64::from(e.label_delay_days);
        let labels_arrived = self.clock.record_day(
            name,
            DayLog {
                day: served_day,
                abs_day,
                requests: table,
                version,
                proba,
                labels_at,
            },
        );
        e.days_served += 1;
        let errors = failed.iter().filter(|f| **f).count();
        for (d, (dd, _)) in &mut days {
            if let Some(dep) = e.deployments.get(d) {
                dd.ready_pods = dep.kube.ready_versions().len() as u32;
                dd.replicas = dep.kube.replicas;
            }
        }
        let deployments: Vec<DeploymentDay> = days.into_values().map(|(d, _)| d).collect();
        let ab = (!conversions.is_empty()).then(|| deployments.clone());
        events.push(Event::DayServed {
            endpoint: name.to_string(),
            day: served_day,
            requests: n,
            errors,
            deployments,
            unrouted,
            labels_arrived,
        });
        self.serving.endpoints.insert(name.to_string(), e);
        if let Some(deployments) = ab {
            events.extend(self.ab_day(name, served_day, &conversions, &deployments));
        }
        events
    }

    /// Scores the mirrored copies a shadow answered and compares their classes with the live
    /// answers to the same requests (responses that were never returned to anyone).
    fn shadow_agreement(
        &self,
        e: &super::serving::Endpoint,
        table: &Table,
        copies: &[(usize, u32)],
        live: &[f64],
        skewed: &[String],
    ) -> Option<f64> {
        let (mut same, mut total) = (0usize, 0usize);
        let versions: std::collections::BTreeSet<u32> = copies.iter().map(|c| c.1).collect();
        for v in versions {
            let rows: Vec<usize> = copies
                .iter()
                .filter(|c| c.1 == v && live[c.0].is_finite())
                .map(|c| c.0)
                .collect();
            let image = e.images.get(&v)?;
            let model = self.tracking.model(&image.run_id)?;
            for (i, p) in rows
                .iter()
                .zip(scoring::score(image, model, table, &rows, skewed))
            {
                total += 1;
                same += usize::from((p >= 0.5) == (live[*i] >= 0.5));
            }
        }
        (total > 0).then(|| same as f64 / total as f64)
    }
}
