//! The hour-by-hour record of an endpoint that the serving chart draws: for every served hour,
//! each version's share of live traffic (as the split stood while the hour was routed) and the
//! requests and errors it handled. Rollout steps and alarms act per hour, so hours (not days) are
//! the grain at which a canary's rise and its rollback can be seen.

use std::collections::BTreeMap;

use super::{Endpoint, HourFigures};
use crate::data::table::DAY;
use crate::world::traffic::DayLog;

/// Served hours kept per endpoint: two weeks, enough to see any rollout whose bakes fit the
/// simulation's limits, while an endpoint served for a year stays small.
pub const MAX_HOURS_KEPT: usize = 14 * 24;

/// One version's hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VersionHour {
    /// Percent of live traffic routed to deployments running this version.
    pub percent: u32,
    /// Live requests it answered or failed.
    pub requests: u64,
    /// Mirrored copies it received.
    pub mirrored: u64,
    /// Failed requests, live and mirrored.
    pub errors: u64,
}

impl VersionHour {
    /// Errors over everything handled; `None` for an idle hour (no datapoint, as an alarm sees
    /// it).
    pub fn error_rate(&self) -> Option<f64> {
        let n = self.requests + self.mirrored;
        (n > 0).then(|| self.errors as f64 / n as f64)
    }
}

/// One served hour of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourPoint {
    /// Start of the hour, simulated seconds.
    pub at: i64,
    /// Each version with a deployment on the endpoint during the hour.
    pub versions: BTreeMap<u32, VersionHour>,
    /// Desired replicas over all deployments as the hour was served (what is billed).
    pub replicas: u32,
    /// The worst p95 latency of any deployment that handled requests this hour, whole ms
    /// rounded up (kept whole so a point stays comparable byte for byte).
    pub p95_ms: u32,
    /// Deployments woken from zero replicas by a request this hour.
    pub cold_starts: u32,
}

/// The hour's point from its per-deployment figures (deployment, desired version, figures),
/// taken before the rollout moves on, so the split is the one the hour was routed with.
pub fn point(e: &Endpoint, at: i64, hour: &[(String, u32, HourFigures)]) -> HourPoint {
    let mut versions: BTreeMap<u32, VersionHour> = BTreeMap::new();
    let replicas = e.deployments.values().map(|d| d.kube.replicas).sum();
    let worst = hour
        .iter()
        .map(|(_, _, f)| f.latency_p95_ms)
        .fold(0.0, f64::max);
    for (d, v, f) in hour {
        let x = versions.entry(*v).or_default();
        x.percent += e.traffic.get(d).copied().unwrap_or(0);
        x.requests += f.requests;
        x.mirrored += f.mirrored;
        x.errors += f.errors;
    }
    HourPoint {
        at,
        versions,
        replicas,
        p95_ms: worst.ceil() as u32,
        cold_starts: 0,
    }
}

/// An endpoint's scaling record over the hours kept: the fewest and most replicas, the worst
/// hourly p95, how often the replica count changed from one hour to the next, and the replica
/// hours paid for (a pod-hour is the unit every platform bills instances by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScalingRecord {
    /// Fewest desired replicas in any hour.
    pub min_replicas: u32,
    /// Most desired replicas in any hour.
    pub max_replicas: u32,
    /// Worst hourly p95 latency, ms.
    pub p95_ms_peak: u32,
    /// Hours whose replica count differs from the hour before.
    pub events: u32,
    /// Replicas summed over the hours.
    pub replica_hours: u64,
    /// Wakes from zero replicas (each one a cold start some caller waited for).
    pub cold_starts: u32,
}

/// The record of `hours`; `None` before any hour was served.
pub fn scaling(hours: &[HourPoint]) -> Option<ScalingRecord> {
    let first = hours.first()?;
    let mut r = ScalingRecord {
        min_replicas: first.replicas,
        ..ScalingRecord::default()
    };
    for (i, h) in hours.iter().enumerate() {
        r.min_replicas = r.min_replicas.min(h.replicas);
        r.max_replicas = r.max_replicas.max(h.replicas);
        r.p95_ms_peak = r.p95_ms_peak.max(h.p95_ms);
        r.replica_hours += u64::from(h.replicas);
        r.cold_starts += h.cold_starts;
        if i > 0 && hours[i - 1].replicas != h.replicas {
            r.events += 1;
        }
    }
    Some(r)
}

/// The hours kept of one served day of `e`, with its served-day index: day `n` as the day
/// lines number it, or the last one served (`day` `None`); `None` before that day is served.
/// `logs` are the endpoint's served days, which map a served-day index to a simulated day.
pub fn served_day<'a>(
    e: &'a Endpoint,
    logs: &[DayLog],
    day: Option<u32>,
) -> Option<(u32, &'a [HourPoint])> {
    let served = match day {
        None => logs.last(),
        Some(n) => logs.iter().find(|d| d.day == n),
    }?;
    let start = served.abs_day * DAY;
    let from = e.hours.partition_point(|h| h.at < start);
    let to = e.hours.partition_point(|h| h.at < start + DAY);
    Some((served.day, &e.hours[from..to]))
}

/// Appends a point, dropping the oldest beyond [`MAX_HOURS_KEPT`].
pub fn record(hours: &mut Vec<HourPoint>, p: HourPoint) {
    hours.push(p);
    if hours.len() > MAX_HOURS_KEPT {
        hours.drain(..hours.len() - MAX_HOURS_KEPT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_keeps_the_latest_two_weeks() {
        let mut hours = Vec::new();
        for h in 0..(MAX_HOURS_KEPT as i64 + 5) {
            record(
                &mut hours,
                HourPoint {
                    at: h * 3600,
                    versions: BTreeMap::new(),
                    replicas: 1,
                    p95_ms: 20,
                    cold_starts: 0,
                },
            );
        }
        assert_eq!(hours.len(), MAX_HOURS_KEPT);
        assert_eq!(hours[0].at, 5 * 3600);
    }

    #[test]
    fn the_scaling_record_counts_changes_and_replica_hours() {
        let at = |replicas, p95_ms| HourPoint {
            at: 0,
            versions: BTreeMap::new(),
            replicas,
            p95_ms,
            cold_starts: u32::from(replicas == 1),
        };
        assert_eq!(scaling(&[]), None);
        let hours = [
            at(2, 30),
            at(2, 90),
            at(6, 40),
            at(6, 25),
            at(3, 22),
            at(1, 9000),
        ];
        assert_eq!(
            scaling(&hours),
            Some(ScalingRecord {
                min_replicas: 1,
                max_replicas: 6,
                p95_ms_peak: 9000,
                events: 3,
                replica_hours: 20,
                cold_starts: 1,
            })
        );
    }

    #[test]
    fn an_idle_version_has_no_error_rate() {
        let idle = VersionHour::default();
        assert_eq!(idle.error_rate(), None);
        let busy = VersionHour {
            percent: 10,
            requests: 8,
            mirrored: 2,
            errors: 3,
        };
        assert_eq!(busy.error_rate(), Some(0.3));
    }
}
