//! `serve_mode`: checks the workload against the mode's limits, serves the day, keeps the report
//! and says what it cost and how long answers took.

use super::{
    ASYNC_MAX_PAYLOAD_MB, ASYNC_TIMEOUT_S, BATCH_MAX_PAYLOAD_MB, ModeReport,
    REAL_TIME_MAX_PAYLOAD_MB, REAL_TIME_TIMEOUT_S, Workload, serve,
};
use crate::world::checks::{CheckOutcome, outcome};
use crate::world::event::Event;
use crate::world::vocabulary::{ServeMode, ServeModeArgs};
use crate::world::{World, rejected};

/// Most requests one `serve_mode` day may hold (a customer table of 200,000 rows).
pub const MAX_REQUESTS: i64 = 200_000;

fn limits(a: &ServeModeArgs) -> Result<(), String> {
    if !(1..=MAX_REQUESTS).contains(&a.requests_per_day) {
        return Err(format!(
            "requests_per_day must be 1 to {MAX_REQUESTS}, got {}",
            a.requests_per_day
        ));
    }
    if !(1..=50).contains(&a.instances) {
        return Err(format!("instances must be 1 to 50, got {}", a.instances));
    }
    if !(a.seconds_per_request > 0.0 && a.seconds_per_request <= 3600.0) {
        return Err(format!(
            "seconds_per_request must be above 0 and at most 3,600, got {}",
            a.seconds_per_request
        ));
    }
    if !(a.price_per_instance_hour >= 0.0 && a.price_per_instance_hour <= 100.0) {
        return Err("price_per_instance_hour must be 0 to 100 dollars".into());
    }
    let (max_mb, what) = match a.mode {
        ServeMode::RealTime => (
            REAL_TIME_MAX_PAYLOAD_MB,
            "a real-time request carries at most 6 MB (InvokeEndpoint); send larger inputs to an asynchronous endpoint through S3",
        ),
        ServeMode::Async => (
            ASYNC_MAX_PAYLOAD_MB,
            "an asynchronous request reads at most 1 GB from S3",
        ),
        ServeMode::Batch => (
            BATCH_MAX_PAYLOAD_MB,
            "a Batch Transform mini-batch is at most 100 MB (MaxPayloadInMB)",
        ),
    };
    if !(a.payload_mb > 0.0 && a.payload_mb <= max_mb) {
        return Err(format!("{what}; got payload_mb={}", a.payload_mb));
    }
    Ok(())
}

/// The p50 and p95 time to a result, in the unit that reads best.
fn wait(r: &ModeReport) -> String {
    if r.p95_ms >= 3_600_000.0 {
        format!(
            "p50 {:.2} h, p95 {:.2} h",
            r.p50_ms / 3_600_000.0,
            r.freshness_hours()
        )
    } else if r.p95_ms >= 10_000.0 {
        format!(
            "p50 {:.0} s, p95 {:.0} s",
            r.p50_ms / 1000.0,
            r.p95_ms / 1000.0
        )
    } else {
        format!("p50 {:.0} ms, p95 {:.0} ms", r.p50_ms, r.p95_ms)
    }
}

fn line(name: &str, r: &ModeReport) -> String {
    let wait = wait(r);
    let failed = match (r.mode, r.timeouts) {
        (_, 0) => String::new(),
        (ServeMode::RealTime, t) => format!(
            "; {t} requests failed: no answer within {REAL_TIME_TIMEOUT_S:.0} s (the callers got errors)"
        ),
        (_, t) => format!(
            "; {t} requests failed: processing over {ASYNC_TIMEOUT_S:.0} s (InvocationTimeoutSeconds)"
        ),
    };
    let billing = match r.mode {
        ServeMode::RealTime => "always on, 24 h each",
        ServeMode::Async => "up only while the queue had work, then scaled to zero",
        ServeMode::Batch => "from provisioning to the job's end",
    };
    format!(
        "{name} served {} requests {}: {} instance(s) ({billing}) billed {:.2} instance-hours x ${:.2} = ${:.2}; time to result {wait}; queue at most {}{failed}",
        r.requests,
        r.mode.phrase(),
        r.instances,
        r.instance_hours,
        r.price,
        r.cost(),
        r.max_queue,
    )
}

impl World {
    pub(crate) fn serve_mode(&mut self, a: &ServeModeArgs) -> Vec<Event> {
        if let Err(e) = self.registry().version(&a.model, a.version) {
            return rejected("serve_mode", e);
        }
        if let Err(e) = limits(a) {
            return rejected("serve_mode", e);
        }
        let w = Workload {
            requests: a.requests_per_day as u64,
            arrival: a.arrival,
            seconds_per_request: a.seconds_per_request,
        };
        let r = serve(
            a.mode,
            &w,
            a.instances as u32,
            a.price_per_instance_hour,
            &mut self.rng,
        );
        let text = line(&a.name, &r);
        self.serving
            .servings
            .by_name
            .entry(a.name.clone())
            .or_default()
            .push(r);
        vec![Event::Note { text }]
    }
}

impl World {
    /// `mode_served`: the workload's latest serving in `mode` answered every request, within
    /// the limits given.
    pub(crate) fn check_mode_served(
        &self,
        name: &str,
        mode: ServeMode,
        max_cost: Option<f64>,
        max_p95_ms: Option<f64>,
        max_hours: Option<f64>,
    ) -> CheckOutcome {
        let Some(r) = self.serving.servings.latest(name, Some(mode)) else {
            return outcome(
                false,
                format!("{name} has not been served {} yet", mode.phrase()),
            );
        };
        let mut missed = Vec::new();
        if r.timeouts > 0 {
            missed.push(format!("{} requests failed", r.timeouts));
        }
        if let Some(c) = max_cost.filter(|c| r.cost() > *c) {
            missed.push(format!("it cost ${:.2}, above ${c:.2}", r.cost()));
        }
        if let Some(m) = max_p95_ms.filter(|m| r.p95_ms > *m) {
            missed.push(format!("p95 {:.0} ms is above {m:.0} ms", r.p95_ms));
        }
        if let Some(h) = max_hours.filter(|h| r.freshness_hours() > *h) {
            missed.push(format!(
                "p95 {:.2} h to a result is above {h} h",
                r.freshness_hours()
            ));
        }
        if missed.is_empty() {
            outcome(
                true,
                format!(
                    "{name} {}: ${:.2}, {}, every request answered",
                    mode.phrase(),
                    r.cost(),
                    wait(r)
                ),
            )
        } else {
            outcome(
                false,
                format!("{name} {}: {}", mode.phrase(), missed.join("; ")),
            )
        }
    }
}
