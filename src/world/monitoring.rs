//! Monitoring an endpoint's traffic per window (a day or N days) against a reference (the
//! training data or a window of served days): each feature's drift with Evidently's automatic
//! choice and thresholds (overridable per feature), the dataset drift share, prediction drift,
//! data quality (null rates, missing or new columns), realised performance once labels arrive,
//! and a CBPE estimate before they do. Every alert carries its own explanation.

pub mod calibration;
pub mod cbpe;
pub mod drift;
mod report;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use self::cbpe::Estimate;
pub use self::drift::FeatureDrift;
use super::event::Event;
use super::vocabulary::MonitorArgs;
use super::{World, rejected};
use crate::stats::Method;

/// What the window is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reference {
    /// The World's training data.
    Training,
    /// Served days `from..=to` (0-based).
    Window {
        /// First day.
        from: u32,
        /// Last day.
        to: u32,
    },
}

/// An endpoint's monitor settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitorConfig {
    /// Days per window.
    pub window_days: u32,
    /// Reference.
    pub reference: Reference,
    /// Dataset drift share threshold.
    pub drift_share: f64,
    /// Per-feature (method, threshold) overrides.
    pub per_feature: BTreeMap<String, (Option<Method>, Option<f64>)>,
    /// Allowed rise of a null rate.
    pub null_rate_increase: f64,
    /// Allowed fall of accuracy below the model's test accuracy.
    pub accuracy_drop: f64,
}

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// One feature drifted.
    FeatureDrift,
    /// The drifted share reached the dataset threshold.
    DatasetDrift,
    /// The model's outputs drifted.
    PredictionDrift,
    /// A null rate rose.
    DataQuality,
    /// A column went missing or appeared.
    Schema,
    /// Realised accuracy fell (labels arrived).
    Performance,
    /// CBPE-estimated accuracy fell (no labels needed).
    EstimatedPerformance,
}

impl AlertKind {
    /// Every kind, in declaration order.
    pub const ALL: [AlertKind; 7] = [
        AlertKind::FeatureDrift,
        AlertKind::DatasetDrift,
        AlertKind::PredictionDrift,
        AlertKind::DataQuality,
        AlertKind::Schema,
        AlertKind::Performance,
        AlertKind::EstimatedPerformance,
    ];

    /// The kind's name in commands, checks and messages.
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::FeatureDrift => "feature_drift",
            AlertKind::DatasetDrift => "dataset_drift",
            AlertKind::PredictionDrift => "prediction_drift",
            AlertKind::DataQuality => "data_quality",
            AlertKind::Schema => "schema",
            AlertKind::Performance => "performance",
            AlertKind::EstimatedPerformance => "estimated_performance",
        }
    }

    /// Whether the kind may start continuous training: data-quality and schema alerts never
    /// do, because retraining on broken inputs would teach the model the breakage.
    pub fn retrains(self) -> bool {
        !matches!(self, AlertKind::DataQuality | AlertKind::Schema)
    }
}

/// An alert that explains why it fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Kind.
    pub kind: AlertKind,
    /// Endpoint.
    pub endpoint: String,
    /// Feature, when one is concerned.
    pub feature: Option<String>,
    /// Method or metric.
    pub method: String,
    /// Test statistic, when the method has one.
    pub statistic: Option<f64>,
    /// The value compared.
    pub score: f64,
    /// The threshold.
    pub threshold: f64,
    /// The comparison that fired (`<=`, `<`, `>=`, `>`).
    pub comparison: String,
    /// First served day of the window.
    pub from_day: u32,
    /// Last served day of the window.
    pub to_day: u32,
    /// The whole story in one sentence.
    pub explanation: String,
}

/// Realised performance over days whose labels have arrived.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Realised {
    /// First day.
    pub from_day: u32,
    /// Last day.
    pub to_day: u32,
    /// Rows with a prediction.
    pub rows: usize,
    /// Accuracy at 0.5.
    pub accuracy: f64,
    /// ROC AUC.
    pub auc: Option<f64>,
    /// What CBPE estimated for the same rows, for comparison.
    pub estimated: Option<Estimate>,
}

/// One monitoring run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitorReport {
    /// Endpoint.
    pub endpoint: String,
    /// First served day of the window.
    pub from_day: u32,
    /// Last served day.
    pub to_day: u32,
    /// `training` or `days a..b`.
    pub reference: String,
    /// Requests in the window.
    pub rows: usize,
    /// Per feature.
    pub features: Vec<FeatureDrift>,
    /// Prediction drift.
    pub prediction: Option<FeatureDrift>,
    /// Columns expected but absent.
    pub missing_columns: Vec<String>,
    /// Columns not in the reference.
    pub new_columns: Vec<String>,
    /// Drifted columns / tested columns (features and prediction, as Evidently counts).
    pub drift_share: f64,
    /// Threshold for dataset drift.
    pub share_threshold: f64,
    /// `drift_share >= share_threshold`.
    pub dataset_drift: bool,
    /// CBPE for the window.
    pub estimated: Option<Estimate>,
    /// Realised performance for the latest labelled window.
    pub realised: Option<Realised>,
    /// Test accuracy of the model serving most traffic.
    pub baseline_accuracy: Option<f64>,
}

/// Monitors, reports and alerts.
#[derive(Debug, Clone, Default)]
pub struct Monitoring {
    /// Settings per endpoint.
    pub configs: BTreeMap<String, MonitorConfig>,
    /// Every report, oldest first.
    pub reports: Vec<MonitorReport>,
    /// Every alert, oldest first.
    pub alerts: Vec<Alert>,
}

impl World {
    pub(crate) fn configure_monitor(&mut self, a: &MonitorArgs) -> Vec<Event> {
        match self.check_monitor(a) {
            Ok(cfg) => {
                let text = format!(
                    "{}: every {} day(s) against {}, dataset drift at share >= {}",
                    a.endpoint, cfg.window_days, a.reference, cfg.drift_share
                );
                self.monitoring.configs.insert(a.endpoint.clone(), cfg);
                vec![Event::MonitorConfigured {
                    endpoint: a.endpoint.clone(),
                    description: text,
                }]
            }
            Err(e) => rejected("configure_monitor", e),
        }
    }

    fn check_monitor(&self, a: &MonitorArgs) -> Result<MonitorConfig, String> {
        if !self.serving.endpoints.contains_key(&a.endpoint) {
            return Err(format!("unknown endpoint {:?}", a.endpoint));
        }
        let window_days = u32::try_from(a.window_days)
            .ok()
            .filter(|d| (1..=90).contains(d))
            .ok_or_else(|| format!("window_days must be 1 to 90, got {}", a.window_days))?;
        let reference = match (
            a.reference.as_str(),
            a.reference_from_day,
            a.reference_to_day,
        ) {
            ("training", None, None) => Reference::Training,
            ("training", ..) => {
                return Err(
                    "reference_from_day and reference_to_day go with reference = \"window\"".into(),
                );
            }
            ("window", Some(f), Some(t)) if 0 <= f && f <= t && t < 100_000 => Reference::Window {
                from: f as u32,
                to: t as u32,
            },
            ("window", ..) => {
                return Err(
                    "a window reference needs 0 <= reference_from_day <= reference_to_day".into(),
                );
            }
            (other, ..) => {
                return Err(format!(
                    "reference must be \"training\" or \"window\", got {other:?}"
                ));
            }
        };
        if !(a.drift_share > 0.0 && a.drift_share <= 1.0) {
            return Err(format!(
                "drift_share must be in (0, 1], got {}",
                a.drift_share
            ));
        }
        for (name, v) in [
            ("null_rate_increase", a.null_rate_increase),
            ("accuracy_drop", a.accuracy_drop),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between 0 and 1, got {v}"));
            }
        }
        let names: Vec<&str> = self.scenario.features().iter().map(|f| f.name).collect();
        let mut per_feature = BTreeMap::new();
        for (f, spec) in &a.features {
            if !names.contains(&f.as_str()) && f != "prediction" {
                return Err(format!(
                    "unknown feature {f:?}; the {} scenario has {} (and prediction)",
                    self.scenario.name(),
                    names.join(", ")
                ));
            }
            let method = spec
                .method
                .as_deref()
                .map(str::parse::<Method>)
                .transpose()
                .map_err(|e| e.to_string())?;
            if spec.threshold.is_some_and(|t| !(t.is_finite() && t >= 0.0)) {
                return Err(format!("the threshold for {f} must be a number >= 0"));
            }
            per_feature.insert(f.clone(), (method, spec.threshold));
        }
        Ok(MonitorConfig {
            window_days,
            reference,
            drift_share: a.drift_share,
            per_feature,
            null_rate_increase: a.null_rate_increase,
            accuracy_drop: a.accuracy_drop,
        })
    }

    /// Runs the endpoint's monitor when absolute day `day` was served and closed a window.
    pub(crate) fn monitor_if_due(&mut self, endpoint: &str, day: i64) -> Vec<Event> {
        let (Some(cfg), Some(log)) = (
            self.monitoring.configs.get(endpoint),
            self.clock.log(endpoint),
        ) else {
            return Vec::new();
        };
        let Some(last) = log.last().filter(|d| d.abs_day == day) else {
            return Vec::new();
        };
        if (last.day + 1) % cfg.window_days != 0 {
            return Vec::new();
        }
        let window = cfg.window_days;
        self.run_monitor(endpoint, Some(i64::from(window)))
    }

    pub(crate) fn run_monitor(&mut self, endpoint: &str, window_days: Option<i64>) -> Vec<Event> {
        let cmd = "run_monitor";
        let Some(cfg) = self.monitoring.configs.get(endpoint).cloned() else {
            return rejected(
                cmd,
                format!("no monitor on {endpoint:?}: run configure_monitor first"),
            );
        };
        let days = window_days.unwrap_or(i64::from(cfg.window_days));
        if !(1..=90).contains(&days) {
            return rejected(cmd, format!("window_days must be 1 to 90, got {days}"));
        }
        match self.build_report(endpoint, &cfg, days as usize) {
            Ok(report) => {
                let alerts = report::alerts(&report, &cfg);
                self.monitoring.reports.push(report.clone());
                self.monitoring.alerts.extend(alerts.iter().cloned());
                let mut events = vec![Event::MonitorRan { report }];
                let retrain = self.alert_hook(&alerts);
                events.extend(alerts.into_iter().map(|alert| Event::AlertRaised { alert }));
                events.extend(retrain);
                events
            }
            Err(e) => rejected(cmd, e),
        }
    }
}
