//! What a learner relies on: the bill follows each mode's billing rule, real-time answers in
//! milliseconds but fails past 60 s, async queues and scales to zero, batch answers after its
//! job, and the same seed gives the same day.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;

fn day(mode: ServeMode, requests: u64, arrival: Arrival, secs: f64, n: u32) -> ModeReport {
    let w = Workload {
        requests,
        arrival,
        seconds_per_request: secs,
    };
    serve(mode, &w, n, 0.23, &mut ChaCha8Rng::seed_from_u64(7))
}

#[test]
fn real_time_bills_every_instance_all_day_and_answers_in_milliseconds() {
    let r = day(ServeMode::RealTime, 20_000, Arrival::Daytime, 0.03, 2);
    assert!((r.instance_hours - 48.0).abs() < 1e-9);
    assert!((r.cost() - 48.0 * 0.23).abs() < 1e-9);
    assert_eq!(r.timeouts, 0);
    assert!(r.p95_ms < 100.0 && r.p50_ms >= 10.0, "{r:?}");
}

#[test]
fn real_time_fails_requests_that_wait_past_60_seconds() {
    let r = day(ServeMode::RealTime, 10_000, Arrival::Nightly, 0.03, 1);
    // 10,000 x 0.03 s = 300 s of work at once: only the first ~2,000 answer within 60 s.
    assert!(r.timeouts > 7_000 && r.timeouts < 8_500, "{r:?}");
    assert!(r.p95_ms <= 60_000.0);
}

#[test]
fn async_queues_bursts_and_scales_to_zero_between_them() {
    let r = day(ServeMode::Async, 200, Arrival::Bursty, 120.0, 2);
    assert_eq!(r.timeouts, 0);
    // 200 x 120 s = 6.7 h of work, plus a start-up and a cool-down per burst per instance.
    let work_h = 200.0 * 120.0 / 3600.0;
    assert!(r.instance_hours > work_h && r.instance_hours < work_h + 8.0 * 15.0 / 60.0 + 1.0);
    assert!(r.instance_hours < 24.0);
    assert!(r.max_queue > 10, "{r:?}");
    // The first request of a burst waits for an instance to start.
    assert!(r.p50_ms > STARTUP_S * 1000.0);
}

#[test]
fn batch_answers_when_its_job_ends_and_bills_only_the_job() {
    let r = day(ServeMode::Batch, 100_000, Arrival::Nightly, 0.03, 2);
    let job_h = (STARTUP_S + 100_000.0 * 0.03 / 2.0) / 3600.0;
    assert!((r.freshness_hours() - job_h).abs() < 0.05, "{r:?}");
    assert!((r.instance_hours - 2.0 * r.freshness_hours()).abs() < 1e-6);
    assert_eq!(r.p50_ms, r.p95_ms);
}

#[test]
fn the_same_seed_gives_the_same_day_and_another_seed_another() {
    let w = Workload {
        requests: 500,
        arrival: Arrival::Steady,
        seconds_per_request: 1.0,
    };
    let run = |s| {
        serve(
            ServeMode::Async,
            &w,
            1,
            0.23,
            &mut ChaCha8Rng::seed_from_u64(s),
        )
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7).instance_hours, run(123).instance_hours);
}

#[test]
fn quantiles_take_the_nearest_rank() {
    let v = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(quantile(&v, 0.5), 2.0);
    assert_eq!(quantile(&v, 0.95), 4.0);
    assert_eq!(quantile(&[], 0.5), 0.0);
    assert_eq!(max_queue(&[0.0, 0.0, 0.0], &[0.0, 1.0, 2.0]), 2);
}
