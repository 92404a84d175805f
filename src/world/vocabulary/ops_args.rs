//! The argument types of the serving, traffic, incident and monitoring commands: deployment
//! strategies, Kubernetes counts ("25%" or 2), alarm metrics and comparisons, and per-feature
//! monitoring overrides.

use serde::{Deserialize, Serialize};

/// How a new version reaches traffic (`SageMaker` deployment guardrails, Azure endpoints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Strategy {
    /// A new fleet takes 100% at once. With a baking period the old fleet is kept through the
    /// bake and an alarm during it sends 100% back (`SageMaker`'s all-at-once guardrail); without
    /// one (the default) the old fleet is removed at once.
    AllAtOnce {
        /// Baking period in simulated hours (default 0: no bake).
        #[serde(default)]
        bake_hours: Option<i64>,
        /// Or in simulated days.
        #[serde(default)]
        bake_days: Option<i64>,
    },
    /// A green fleet beside blue: 100% shifts to green, then a bake; an alarm during the bake
    /// sends 100% back to blue.
    BlueGreen {
        /// Baking period in simulated hours (default 24).
        #[serde(default)]
        bake_hours: Option<i64>,
        /// Or in simulated days.
        #[serde(default)]
        bake_days: Option<i64>,
    },
    /// A canary step (at most 50%) baked, then the rest, baked again.
    Canary {
        /// Canary share, 1 to 50.
        percent: i64,
        /// Baking period in simulated hours (default 24).
        #[serde(default)]
        bake_hours: Option<i64>,
        /// Or in simulated days.
        #[serde(default)]
        bake_days: Option<i64>,
    },
    /// Equal steps of 10 to 50% each, each baked.
    Linear {
        /// Step size, 10 to 50.
        step_percent: i64,
        /// Baking period in simulated hours (default 24).
        #[serde(default)]
        bake_hours: Option<i64>,
        /// Or in simulated days.
        #[serde(default)]
        bake_days: Option<i64>,
    },
    /// Kubernetes rolling update of the serving deployment's image, honouring maxSurge and
    /// maxUnavailable. With a baking period, the release controller (as a pipeline running
    /// `kubectl rollout undo`, or Argo Rollouts) undoes it when an alarm fires before the bake
    /// ends; without one (the default) it completes when every pod runs the new image.
    Rolling {
        /// Baking period in simulated hours (default 0: no bake).
        #[serde(default)]
        bake_hours: Option<i64>,
        /// Or in simulated days.
        #[serde(default)]
        bake_days: Option<i64>,
    },
    /// Mirror a share of traffic (up to 100%) to the new version; its responses are discarded.
    Shadow {
        /// Mirrored share, 1 to 100.
        percent: i64,
    },
}

/// The baking period in hours from `bake_hours` or `bake_days` (24 hours when neither is
/// given), 0 to 30 days.
pub fn bake_hours(hours: Option<i64>, days: Option<i64>) -> Result<i64, String> {
    let h = match (hours, days) {
        (Some(_), Some(_)) => return Err("give bake_hours or bake_days, not both".into()),
        (Some(h), None) => h,
        (None, Some(d)) => d.saturating_mul(24),
        (None, None) => 24,
    };
    if (0..=24 * 30).contains(&h) {
        Ok(h)
    } else {
        Err(format!(
            "the baking period must be 0 to 720 hours (30 days), got {h} hours"
        ))
    }
}

impl Strategy {
    /// The strategy's name as written.
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::AllAtOnce { .. } => "all_at_once",
            Strategy::BlueGreen { .. } => "blue_green",
            Strategy::Canary { .. } => "canary",
            Strategy::Linear { .. } => "linear",
            Strategy::Rolling { .. } => "rolling",
            Strategy::Shadow { .. } => "shadow",
        }
    }
}

/// When an A/B test ends.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stopping {
    /// At the planned horizon: both arms reached the sample size the plan computed.
    #[default]
    FixedHorizon,
    /// At the first daily look with p below alpha (peeking), shipping the arm ahead; at the
    /// horizon when no look gets there.
    FirstSignificant,
}

/// A Kubernetes `IntOrString`: an absolute count or a percentage of the replicas ("25%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum IntOrPercent {
    /// An absolute number of pods.
    Int(i64),
    /// A percentage such as `"25%"`.
    Text(String),
}

/// What an alarm watches, per deployment and per simulated hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlarmMetric {
    /// Failed requests / requests, 0 to 1.
    ErrorRate,
    /// 95th-percentile latency in milliseconds.
    LatencyP95Ms,
    /// Requests (served plus mirrored) per ready pod.
    RequestsPerPod,
}

impl AlarmMetric {
    /// The metric's name as written.
    pub fn name(self) -> &'static str {
        match self {
            AlarmMetric::ErrorRate => "error_rate",
            AlarmMetric::LatencyP95Ms => "latency_p95_ms",
            AlarmMetric::RequestsPerPod => "requests_per_pod",
        }
    }
}

/// A `CloudWatch` comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Comparison {
    /// `GreaterThanThreshold`.
    #[serde(rename = ">")]
    Greater,
    /// `GreaterThanOrEqualToThreshold`.
    #[serde(rename = ">=")]
    GreaterOrEqual,
    /// `LessThanThreshold`.
    #[serde(rename = "<")]
    Less,
    /// `LessThanOrEqualToThreshold`.
    #[serde(rename = "<=")]
    LessOrEqual,
}

impl Comparison {
    /// True when `value` breaches `threshold` (a NaN value never does).
    pub fn breached(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Greater => value > threshold,
            Comparison::GreaterOrEqual => value >= threshold,
            Comparison::Less => value < threshold,
            Comparison::LessOrEqual => value <= threshold,
        }
    }

    /// The operator as text.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
        }
    }
}

/// A per-feature monitoring override (Evidently's `per_column_stattest` and thresholds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureMonitorSpec {
    /// Method name (`ks`, `chisquare`, `z`, `wasserstein`, `jensenshannon`, `psi`, `kl_div`);
    /// Evidently's automatic choice when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Threshold; the method's default when absent.
    #[serde(default)]
    pub threshold: Option<f64>,
}

/// The serving platform an endpoint models, for the limits that differ between platforms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// No platform named: bakes of up to 30 days per step.
    #[default]
    Generic,
    /// Amazon `SageMaker`: a bake of at most 3,600 s per step (`WaitIntervalInSeconds`) within
    /// an 8-hour deployment (`MaximumExecutionTimeoutInSeconds`, 28,800 s).
    Sagemaker,
}

impl Platform {
    /// Checks a rollout's bake against the platform's limits.
    ///
    /// <https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrafficRoutingConfig.html>,
    /// <https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_BlueGreenUpdatePolicy.html>
    pub fn check_bake(self, bake_hours: i64, steps: usize) -> Result<(), String> {
        if self == Platform::Sagemaker {
            if bake_hours * 3600 > 3600 {
                return Err(format!(
                    "SageMaker bakes at most 3,600 s per step (WaitIntervalInSeconds), got {bake_hours} hours"
                ));
            }
            let total = bake_hours * 3600 * steps as i64;
            if total > 28_800 {
                return Err(format!(
                    "SageMaker ends a deployment after at most 28,800 s (MaximumExecutionTimeoutInSeconds): {steps} steps of {bake_hours} h bake take {total} s"
                ));
            }
        }
        Ok(())
    }
}

/// How a model answers a workload (`serve_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServeMode {
    /// A real-time endpoint: always-on instances answer each request within 60 s.
    RealTime,
    /// An asynchronous endpoint: a queue, results written to storage, instances that scale to
    /// zero when idle.
    Async,
    /// A batch job over the day's requests once they are all in.
    Batch,
}

impl ServeMode {
    /// How a report says it ("on a real-time endpoint").
    pub fn phrase(self) -> &'static str {
        match self {
            ServeMode::RealTime => "on a real-time endpoint",
            ServeMode::Async => "through an asynchronous endpoint",
            ServeMode::Batch => "in a batch job",
        }
    }
}

/// When a workload's requests arrive in the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// Spread evenly over 24 hours.
    Steady,
    /// Shop hours, 08:00 to 20:00.
    Daytime,
    /// Four 15-minute bursts, at 02:00, 08:00, 14:00 and 20:00.
    Bursty,
    /// All at 00:00, as a table snapshot.
    Nightly,
}
