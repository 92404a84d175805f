//! Inference modes: one day of a workload served by a registered model as a real-time endpoint
//! (always-on instances, a synchronous reply within 60 s, payloads up to 6 MB: `SageMaker`
//! `InvokeEndpoint`), an asynchronous endpoint (a queue in front of instances that scale to zero
//! when idle, payloads up to 1 GB, up to an hour per request: `SageMaker` Asynchronous Inference)
//! or a batch job over the day's requests once they are all in (`SageMaker` Batch Transform, Vertex batch
//! prediction, Azure ML batch endpoints). Each request's processing time is drawn around the
//! workload's mean; requests queue first come, first served on the instances; the bill is the
//! instance-hours each mode keeps running times a price per instance-hour the lab sets.

mod commands;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::world::vocabulary::{Arrival, ServeMode};

/// `SageMaker` real-time: the container must answer within 60 s, or the request fails.
pub const REAL_TIME_TIMEOUT_S: f64 = 60.0;
/// `SageMaker` real-time: request payloads up to 6 MB.
pub const REAL_TIME_MAX_PAYLOAD_MB: f64 = 6.0;
/// `SageMaker` Asynchronous Inference: payloads up to 1 GB.
pub const ASYNC_MAX_PAYLOAD_MB: f64 = 1000.0;
/// `SageMaker` Asynchronous Inference: `InvocationTimeoutSeconds` at most 3,600 s.
pub const ASYNC_TIMEOUT_S: f64 = 3600.0;
/// `SageMaker` Batch Transform: `MaxPayloadInMB` at most 100 MB per mini-batch.
pub const BATCH_MAX_PAYLOAD_MB: f64 = 100.0;
/// The World's time to bring an instance up (an async scale-out from zero, a batch job's
/// provisioning): a few minutes on the real platforms.
pub const STARTUP_S: f64 = 300.0;
/// The World's idle time before an async instance scales in (to zero at the last one).
pub const COOLDOWN_S: f64 = 600.0;
/// Seconds in the served day.
#[allow(clippy::cast_precision_loss)] // 86,400 is exact in an f64
pub const DAY_S: f64 = crate::data::table::DAY as f64;

/// What one day in one mode gave.
#[derive(Debug, Clone, PartialEq)]
pub struct ModeReport {
    /// The mode.
    pub mode: ServeMode,
    /// Requests in the day.
    pub requests: u64,
    /// Requests that got no result (real-time over 60 s, async over an hour).
    pub timeouts: u64,
    /// Instances (always on, most at once, or the job's).
    pub instances: u32,
    /// Instance-hours billed.
    pub instance_hours: f64,
    /// Price per instance-hour used.
    pub price: f64,
    /// Median time from a request's arrival to its result, ms.
    pub p50_ms: f64,
    /// 95th percentile of the same, ms.
    pub p95_ms: f64,
    /// Most requests waiting at once.
    pub max_queue: u64,
}

impl ModeReport {
    /// Dollars billed: instance-hours times the price.
    pub fn cost(&self) -> f64 {
        self.instance_hours * self.price
    }
    /// The p95 time to a result in hours: how fresh the answers are.
    pub fn freshness_hours(&self) -> f64 {
        self.p95_ms / 3_600_000.0
    }
}

/// Every workload's servings, latest last, by workload name.
#[derive(Debug, Clone, Default)]
pub struct Servings {
    /// Reports by workload.
    pub by_name: BTreeMap<String, Vec<ModeReport>>,
}

impl Servings {
    /// The latest serving of a workload, in `mode` if given.
    pub fn latest(&self, name: &str, mode: Option<ServeMode>) -> Option<&ModeReport> {
        self.by_name
            .get(name)?
            .iter()
            .rev()
            .find(|r| mode.is_none_or(|m| r.mode == m))
    }
}

/// A day's workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    /// Requests in the day.
    pub requests: u64,
    /// How they arrive.
    pub arrival: Arrival,
    /// Mean processing time of one request on one instance, seconds.
    pub seconds_per_request: f64,
}

/// Arrival times in seconds of the day, sorted. `steady` spreads them over 24 hours, `daytime`
/// over 08:00 to 20:00, `bursty` into four 15-minute bursts (02:00, 08:00, 14:00, 20:00), and
/// `nightly` puts the whole table at 00:00, when its snapshot lands.
pub fn arrivals(w: &Workload, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut t: Vec<f64> = (0..w.requests)
        .map(|_| match w.arrival {
            Arrival::Steady => rng.gen_range(0.0..DAY_S),
            Arrival::Daytime => rng.gen_range(8.0 * 3600.0..20.0 * 3600.0),
            Arrival::Bursty => {
                let burst = f64::from(rng.gen_range(0u32..4));
                (2.0 + 6.0 * burst) * 3600.0 + rng.gen_range(0.0..900.0)
            }
            Arrival::Nightly => 0.0,
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t
}

/// One request's processing time: lognormal around the mean (sigma 0.25), as the serving
/// latencies elsewhere in the World.
fn processing(mean: f64, rng: &mut ChaCha8Rng) -> f64 {
    let z: f64 = rng.sample(rand_distr::StandardNormal);
    mean * (0.25 * z - 0.25 * 0.25 / 2.0).exp()
}

/// An instance's state while the day is replayed.
#[derive(Debug, Clone, Copy)]
struct Instance {
    /// When it finishes its current request.
    free_at: f64,
    /// When its current up period started (async), if it has been up.
    up_since: Option<f64>,
}

/// Serves the day in `mode` on `instances` (always on, the most the queue may scale to, or the
/// job's) and bills it.
pub fn serve(
    mode: ServeMode,
    w: &Workload,
    instances: u32,
    price: f64,
    rng: &mut ChaCha8Rng,
) -> ModeReport {
    let arrivals = arrivals(w, rng);
    let work: Vec<f64> = arrivals
        .iter()
        .map(|_| processing(w.seconds_per_request, rng))
        .collect();
    let n = instances.max(1) as usize;
    let (starts, ends, billed_s) = match mode {
        ServeMode::Batch => batch(&work, n, arrivals.last().copied().unwrap_or(0.0)),
        ServeMode::RealTime | ServeMode::Async => {
            queue(&arrivals, &work, n, mode == ServeMode::Async)
        }
    };
    let limit = match mode {
        ServeMode::RealTime => REAL_TIME_TIMEOUT_S,
        ServeMode::Async => ASYNC_TIMEOUT_S,
        ServeMode::Batch => f64::INFINITY,
    };
    let mut waits: Vec<f64> = Vec::with_capacity(arrivals.len());
    let mut timeouts = 0;
    for ((a, s), e) in arrivals.iter().zip(&starts).zip(&ends) {
        // The timeout counts from the request's arrival for real-time (the caller waits), from
        // the start of its processing for async (InvocationTimeoutSeconds).
        let spent = if mode == ServeMode::RealTime {
            e - a
        } else {
            e - s
        };
        if spent > limit {
            timeouts += 1;
        } else {
            waits.push((e - a) * 1000.0);
        }
    }
    waits.sort_by(f64::total_cmp);
    ModeReport {
        mode,
        requests: w.requests,
        timeouts,
        instances: n as u32,
        instance_hours: billed_s / 3600.0,
        price,
        p50_ms: quantile(&waits, 0.5),
        p95_ms: quantile(&waits, 0.95),
        max_queue: max_queue(&arrivals, &starts),
    }
}

/// First come, first served on `n` instances; each request's start and end, and the seconds
/// billed. Real-time instances run all day; async ones start on demand (after [`STARTUP_S`])
/// and stop after [`COOLDOWN_S`] idle, down to zero.
fn queue(
    arrivals: &[f64],
    work: &[f64],
    n: usize,
    scale_to_zero: bool,
) -> (Vec<f64>, Vec<f64>, f64) {
    let mut inst = vec![
        Instance {
            free_at: 0.0,
            up_since: (!scale_to_zero).then_some(0.0),
        };
        n
    ];
    let mut billed = 0.0;
    let (mut starts, mut ends) = (Vec::new(), Vec::new());
    for (&a, &p) in arrivals.iter().zip(work) {
        let start_on = |i: &Instance| match i.up_since {
            Some(_) if !scale_to_zero || i.free_at + COOLDOWN_S >= a => i.free_at.max(a),
            _ => a + STARTUP_S,
        };
        let k = (0..n)
            .min_by(|&x, &y| start_on(&inst[x]).total_cmp(&start_on(&inst[y])))
            .unwrap_or(0);
        let s = start_on(&inst[k]);
        let i = &mut inst[k];
        if scale_to_zero && s == a + STARTUP_S {
            if let Some(up) = i.up_since {
                billed += i.free_at + COOLDOWN_S - up;
            }
            i.up_since = Some(a);
        }
        i.free_at = s + p;
        starts.push(s);
        ends.push(s + p);
    }
    for i in &inst {
        billed += match (scale_to_zero, i.up_since) {
            (false, _) => DAY_S,
            (true, Some(up)) => i.free_at + COOLDOWN_S - up,
            (true, None) => 0.0,
        };
    }
    (starts, ends, billed)
}

/// The day's requests in one job that starts once the last one is in (at 00:00 for a nightly
/// snapshot, near midnight for requests spread over the day) on `n` instances, each taking the
/// next request as it frees up; results land when the job ends. Billed from provisioning to the
/// job's end.
fn batch(work: &[f64], n: usize, start: f64) -> (Vec<f64>, Vec<f64>, f64) {
    let mut free = vec![start + STARTUP_S; n];
    let mut starts = Vec::with_capacity(work.len());
    for &p in work {
        let k = (0..n)
            .min_by(|&x, &y| free[x].total_cmp(&free[y]))
            .unwrap_or(0);
        starts.push(free[k]);
        free[k] += p;
    }
    let end = free.iter().copied().fold(start + STARTUP_S, f64::max);
    let ends = vec![end; work.len()];
    (starts, ends, (end - start) * n as f64)
}

/// The `q` quantile by the nearest rank (0 for no values).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The most requests that had arrived but not started at once.
fn max_queue(arrivals: &[f64], starts: &[f64]) -> u64 {
    let mut begun: Vec<f64> = starts.to_vec();
    begun.sort_by(f64::total_cmp);
    let (mut j, mut most) = (0, 0);
    for (i, &a) in arrivals.iter().enumerate() {
        while j < begun.len() && begun[j] <= a {
            j += 1;
        }
        most = most.max((i + 1).saturating_sub(j));
    }
    most as u64
}
