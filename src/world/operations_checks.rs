//! Lab checks on serving, traffic and monitoring: drift alerts (or their absence), alert kinds,
//! who takes how much traffic, rollbacks, alarms, realised performance and ready pods.

use super::World;
use super::checks::{CheckOutcome, outcome};
use super::monitoring::{AlertKind, MonitorReport};
use super::serving::history;
use super::serving::kube::PodState;
use super::vocabulary::{Check, ReferenceKind};

impl World {
    /// Evaluates an operations check (the others are in `checks`).
    // One arm per check keeps the vocabulary's meaning in one place, as in `checks`.
    #[allow(clippy::too_many_lines)]
    pub(super) fn check_operations(&self, check: &Check) -> CheckOutcome {
        let alerts = &self.monitoring.alerts;
        let drift_on = |f: &Option<String>| {
            alerts
                .iter()
                .filter(|a| a.kind == AlertKind::FeatureDrift)
                .filter(|a| f.as_ref().is_none_or(|f| a.feature.as_ref() == Some(f)))
                .collect::<Vec<_>>()
        };
        let on = |f: &Option<String>| f.as_ref().map_or(String::new(), |f| format!(" on {f}"));
        let percent = |endpoint: &Option<String>, version: i64| {
            self.serving
                .endpoints
                .values()
                .filter(|e| endpoint.as_ref().is_none_or(|n| *n == e.name))
                .map(|e| {
                    (
                        e.name.clone(),
                        u32::try_from(version).map_or(0, |v| e.version_percent(v)),
                    )
                })
                .collect::<Vec<_>>()
        };
        match check {
            Check::DriftAlert { feature } => {
                let hits = drift_on(feature);
                match hits.last() {
                    Some(a) => outcome(true, a.explanation.clone()),
                    None => outcome(
                        false,
                        format!(
                            "no drift alert{} yet ({} monitoring runs)",
                            on(feature),
                            self.monitoring.reports.len()
                        ),
                    ),
                }
            }
            Check::NoDriftAlert { feature } => {
                let runs = self.monitoring.reports.len();
                match drift_on(feature).last() {
                    _ if runs == 0 => outcome(false, "no monitor has run yet"),
                    Some(a) => outcome(false, format!("an alert fired: {}", a.explanation)),
                    None => outcome(
                        true,
                        format!("{runs} monitoring runs, no drift alert{}", on(feature)),
                    ),
                }
            }
            Check::AlertRaised {
                alert,
                feature,
                method,
            } => {
                let hit = alerts.iter().rev().find(|a| {
                    a.kind == *alert
                        && feature
                            .as_ref()
                            .is_none_or(|f| a.feature.as_ref() == Some(f))
                        && method.as_ref().is_none_or(|m| *m == a.method)
                });
                let by = method
                    .as_ref()
                    .map_or(String::new(), |m| format!(" by {m}"));
                match hit {
                    Some(a) => outcome(true, a.explanation.clone()),
                    None => outcome(
                        false,
                        format!("no {} alert{}{by} yet", alert.name(), on(feature)),
                    ),
                }
            }
            Check::DriftCleared {
                feature,
                endpoint,
                reference,
            } => {
                let kind = |r: &MonitorReport| {
                    if r.reference == "training" {
                        ReferenceKind::Training
                    } else {
                        ReferenceKind::Window
                    }
                };
                let last = self.monitoring.reports.iter().rev().find(|r| {
                    endpoint.as_ref().is_none_or(|e| *e == r.endpoint)
                        && reference.is_none_or(|k| k == kind(r))
                });
                let Some(r) = last else {
                    return outcome(
                        false,
                        match reference {
                            Some(ReferenceKind::Window) => {
                                "no monitor has run against a window of served days yet"
                            }
                            Some(ReferenceKind::Training) => {
                                "no monitor has run against the training data yet"
                            }
                            None => "no monitor has run yet",
                        },
                    );
                };
                let drifted: Vec<&str> = r
                    .features
                    .iter()
                    .filter(|f| f.drifted)
                    .filter(|f| feature.as_ref().is_none_or(|n| *n == f.feature))
                    .map(|f| f.feature.as_str())
                    .collect();
                let window = format!(
                    "the latest monitor run ({} days {}..{} vs {})",
                    r.endpoint, r.from_day, r.to_day, r.reference
                );
                if drifted.is_empty() {
                    outcome(true, format!("{window} found no drift{}", on(feature)))
                } else {
                    outcome(
                        false,
                        format!("{window} found drift on {}", drifted.join(", ")),
                    )
                }
            }
            Check::RealisedAccuracy {
                version,
                min,
                endpoint,
            } => match version.or_else(|| self.serving_most(endpoint.as_deref())) {
                Some(v) => self.realised_accuracy(v, *min, endpoint.as_deref()),
                None => outcome(false, "no version takes live traffic"),
            },
            Check::DeploymentServing {
                version,
                min_percent,
                endpoint,
            } => {
                let p = percent(endpoint, *version);
                let best = p.iter().map(|(_, x)| *x).max().unwrap_or(0);
                outcome(
                    i64::from(best) >= *min_percent,
                    format!(
                        "version {version} takes {best}% of live traffic (need {min_percent}%)"
                    ),
                )
            }
            Check::Traffic {
                version,
                percent: want,
                endpoint,
            } => {
                let p = percent(endpoint, *version);
                let hit = p.iter().any(|(_, x)| i64::from(*x) == *want);
                let found: Vec<String> = p.iter().map(|(e, x)| format!("{e}: {x}%")).collect();
                outcome(
                    hit,
                    format!(
                        "version {version} takes [{}] (want {want}%)",
                        found.join(", ")
                    ),
                )
            }
            Check::RolledBack { endpoint } => {
                let hit = self
                    .serving
                    .rollbacks
                    .iter()
                    .any(|(e, _)| endpoint.as_ref().is_none_or(|n| n == e));
                outcome(
                    hit,
                    if hit {
                        "a rollout was rolled back automatically"
                    } else {
                        "nothing has been rolled back"
                    },
                )
            }
            Check::AlarmFired { alarm } => match self
                .serving
                .firings
                .iter()
                .rev()
                .find(|f| alarm.as_ref().is_none_or(|a| *a == f.alarm))
            {
                Some(f) => outcome(
                    true,
                    format!(
                        "{} fired: {} {} = {:.4} {} {}",
                        f.alarm, f.deployment, f.metric, f.value, f.comparison, f.threshold
                    ),
                ),
                None => outcome(false, "no alarm has fired"),
            },
            Check::PerformanceKnown { endpoint } => {
                let r = self
                    .monitoring
                    .reports
                    .iter()
                    .rev()
                    .filter(|r| endpoint.as_ref().is_none_or(|e| *e == r.endpoint))
                    .find_map(|r| r.realised);
                match r {
                    Some(p) => outcome(
                        true,
                        format!(
                            "realised accuracy {:.4} on days {}..{}",
                            p.accuracy, p.from_day, p.to_day
                        ),
                    ),
                    None => outcome(false, "no labels have arrived in a monitored window yet"),
                }
            }
            Check::ColdStarts {
                endpoint,
                day,
                min,
                max,
            } => self.check_cold_starts(endpoint, *day, *min, *max),
            Check::PodsReady {
                endpoint,
                deployment,
                min,
                max,
            } => {
                let d = self
                    .serving
                    .endpoints
                    .get(endpoint)
                    .and_then(|e| e.deployments.get(deployment));
                match d {
                    Some(d) => {
                        let n = d.kube.count(PodState::Ready);
                        let r = d.kube.replicas;
                        let most = max.map_or(String::new(), |m| format!(", at most {m} replicas"));
                        outcome(
                            n as i64 >= *min && max.is_none_or(|m| i64::from(r) <= m),
                            format!("{deployment} has {n} ready pods of {r} (need {min}{most})"),
                        )
                    }
                    None => outcome(false, format!("no deployment {deployment} on {endpoint}")),
                }
            }
            _ => outcome(false, "not an operations check"),
        }
    }
}

impl World {
    /// Accuracy at 0.5 of the labelled requests `version` answered (labels that have arrived
    /// by today), compared with `min`.
    /// The version taking the largest share of live traffic (on this endpoint, if named).
    fn serving_most(&self, endpoint: Option<&str>) -> Option<i64> {
        self.serving
            .endpoints
            .values()
            .filter(|e| endpoint.is_none_or(|n| n == e.name))
            .flat_map(|e| {
                e.split()
                    .into_iter()
                    .filter_map(move |(d, p)| e.deployments.get(&d).map(|x| (p, x.kube.version)))
            })
            .max_by_key(|&(p, v)| (p, v))
            .map(|(_, v)| i64::from(v))
    }

    fn realised_accuracy(&self, version: i64, min: f64, endpoint: Option<&str>) -> CheckOutcome {
        let today = self.clock.today();
        let (mut right, mut total) = (0usize, 0usize);
        for (name, log) in self.clock.production() {
            if endpoint.is_some_and(|e| e != name) {
                continue;
            }
            for d in log.iter().filter(|d| d.labels_at <= today) {
                for (i, p) in d.proba.iter().enumerate() {
                    if i64::from(d.version[i]) == version && p.is_finite() {
                        total += 1;
                        right += usize::from(u8::from(*p >= 0.5) == d.requests.labels[i]);
                    }
                }
            }
        }
        if total == 0 {
            return outcome(
                false,
                format!("no labelled request answered by version {version} yet"),
            );
        }
        let acc = right as f64 / total as f64;
        outcome(
            acc >= min,
            format!(
                "version {version} answered {total} labelled requests with realised accuracy {acc:.4} (need {min})"
            ),
        )
    }
}

impl World {
    /// The `cold_starts` check: the wakes from zero in one served day of `endpoint` (day N as
    /// the day lines number it, or the last one served), between `min` and `max`.
    fn check_cold_starts(
        &self,
        endpoint: &str,
        day: Option<i64>,
        min: Option<i64>,
        max: Option<i64>,
    ) -> CheckOutcome {
        let Some(e) = self.serving.endpoints.get(endpoint) else {
            return outcome(false, format!("no endpoint {endpoint}"));
        };
        let logs = self
            .clock
            .production()
            .get(endpoint)
            .map_or(&[][..], Vec::as_slice);
        let wanted = day.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let Some((served, hours)) = history::served_day(e, logs, wanted) else {
            let which = day.map_or("any day".to_owned(), |n| format!("day {n}"));
            return outcome(
                false,
                format!(
                    "{endpoint} has not served {which} yet ({} served so far)",
                    e.days_served
                ),
            );
        };
        let n: u32 = hours.iter().map(|h| h.cold_starts).sum();
        let n = i64::from(n);
        let bounds = match (min, max) {
            (Some(a), Some(b)) if a == b => format!("need {a}"),
            (Some(a), Some(b)) => format!("need {a} to {b}"),
            (Some(a), None) => format!("need at least {a}"),
            (None, Some(b)) => format!("need at most {b}"),
            (None, None) => "any number".into(),
        };
        outcome(
            min.is_none_or(|a| n >= a) && max.is_none_or(|b| n <= b),
            format!(
                "{endpoint} cold-started {n} time{} on its day {} ({bounds})",
                if n == 1 { "" } else { "s" },
                served
            ),
        )
    }
}
