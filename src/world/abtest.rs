//! A/B tests on an endpoint's live split: each version's answered requests convert (a loan offer
//! taken up, a click) by a seeded draw at a true rate the test never sees; a plan fixes the
//! sample size per arm from the baseline rate, the minimum detectable effect, alpha and power;
//! once started, every served day is a look (counts, two-proportion z-test, confidence interval)
//! and the test ends at its planned horizon, or, under the `first_significant` rule, at the first
//! look with p below alpha, shipping the arm that was ahead.

mod commands;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::World;
use super::checks::{CheckOutcome, outcome};
use crate::stats::abtest::Comparison;
use crate::world::vocabulary::Stopping;

/// What a plan fixes before any data is seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Version serving today (A).
    pub control: u32,
    /// Challenger (B).
    pub treatment: u32,
    /// Control's expected conversion rate.
    pub baseline: f64,
    /// Smallest absolute change worth detecting.
    pub mde: f64,
    /// Significance level (two-sided).
    pub alpha: f64,
    /// Power at the minimum detectable effect.
    pub power: f64,
    /// Requests each arm needs.
    pub n_per_arm: u64,
}

/// One arm's running counts.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Arm {
    /// Model version.
    pub version: u32,
    /// Requests answered.
    pub requests: u64,
    /// Of them, converted.
    pub conversions: u64,
    /// Worst daily p95 latency seen, ms.
    pub worst_p95_ms: f64,
}

impl Arm {
    /// Observed conversion rate (0 before any request).
    pub fn rate(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.conversions as f64 / self.requests as f64
        }
    }
}

/// How a test ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The look (test day, from 1) it ended on.
    pub day: u32,
    /// Whether both arms reached the planned sample size.
    pub at_horizon: bool,
    /// The version shipped to 100% of traffic by an early stop.
    pub shipped: Option<u32>,
}

/// An A/B test on one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct AbTest {
    /// The plan.
    pub plan: Plan,
    /// The stopping rule, once started.
    pub stopping: Option<Stopping>,
    /// Served-day index of the endpoint from which requests count.
    pub first_day: u32,
    /// Looks so far (one per served day).
    pub days: u32,
    /// Control's counts.
    pub control: Arm,
    /// Treatment's counts.
    pub treatment: Arm,
    /// The latest look's comparison.
    pub last: Option<Comparison>,
    /// Set once the test ended.
    pub outcome: Option<Outcome>,
}

impl AbTest {
    /// Started and not ended.
    pub fn running(&self) -> bool {
        self.stopping.is_some() && self.outcome.is_none()
    }
}

/// The true conversion rates and the tests, per endpoint.
#[derive(Debug, Clone, Default)]
pub struct Experiments {
    /// True conversion rate per endpoint and version (hidden from every test).
    pub truth: BTreeMap<String, BTreeMap<u32, f64>>,
    /// The latest test per endpoint.
    pub tests: BTreeMap<String, AbTest>,
}

/// One version's day of conversions, as the daily line shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantDay {
    /// Model version.
    pub version: u32,
    /// Requests it answered.
    pub requests: u64,
    /// Of them, converted.
    pub conversions: u64,
    /// Worst hourly p95 latency of its deployments, ms.
    pub latency_p95_ms: f64,
}

/// A daily look at a running test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Look {
    /// Test day, from 1.
    pub day: u32,
    /// Control's counts so far.
    pub control: Arm,
    /// Treatment's counts so far.
    pub treatment: Arm,
    /// Requests each arm needs.
    pub n_per_arm: u64,
    /// Two-sided p-value (none while an arm is empty or nothing varies).
    pub p_value: Option<f64>,
    /// Confidence interval of treatment minus control, at `1 - alpha`.
    pub ci: Option<(f64, f64)>,
    /// The plan's alpha.
    pub alpha: f64,
}

impl World {
    /// The latest A/B test on an endpoint.
    pub fn ab_test(&self, endpoint: &str) -> Option<&AbTest> {
        self.serving.experiments.tests.get(endpoint)
    }

    fn ab_tests_on<'a>(
        &'a self,
        endpoint: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a String, &'a AbTest)> {
        self.serving
            .experiments
            .tests
            .iter()
            .filter(move |(e, _)| endpoint.is_none_or(|n| n == e.as_str()))
    }

    pub(super) fn check_ab_planned(&self, endpoint: Option<&str>) -> CheckOutcome {
        match self.ab_tests_on(endpoint).next() {
            Some((e, t)) => outcome(
                true,
                format!(
                    "{e}: version {} against version {}, {} requests per arm",
                    t.plan.treatment, t.plan.control, t.plan.n_per_arm
                ),
            ),
            None => outcome(false, "no A/B test is planned"),
        }
    }

    pub(super) fn check_ab_concluded(
        &self,
        endpoint: Option<&str>,
        at_horizon: bool,
    ) -> CheckOutcome {
        let ended = self
            .ab_tests_on(endpoint)
            .find_map(|(e, t)| t.outcome.as_ref().map(|o| (e, o)))
            .filter(|(_, o)| o.at_horizon || !at_horizon);
        if let Some((e, o)) = ended {
            return outcome(
                true,
                format!(
                    "the A/B test on {e} ended on day {}{}",
                    o.day,
                    if o.at_horizon {
                        " at its planned horizon"
                    } else {
                        ", stopped early"
                    }
                ),
            );
        }
        let running = self.ab_tests_on(endpoint).find(|(_, t)| t.running());
        outcome(
            false,
            match running {
                Some((e, t)) => format!(
                    "the A/B test on {e} is running: day {}, {} and {} of {} requests per arm",
                    t.days, t.control.requests, t.treatment.requests, t.plan.n_per_arm
                ),
                None if at_horizon => "no A/B test has reached its planned horizon".into(),
                None => "no A/B test has ended".into(),
            },
        )
    }
}
