//! Building one monitoring report from an endpoint's served days, and turning it into alerts
//! that explain themselves (what, which method or metric, the value, the threshold, the
//! comparison and the window).

use super::calibration::Isotonic;
use super::drift::{self, FeatureDrift, Gathered};
use super::{Alert, AlertKind, MonitorConfig, MonitorReport, Realised, Reference, cbpe};
use crate::data::table::Table;
use crate::world::World;
use crate::world::traffic::DayLog;
use crate::world::traffic::scoring;
use crate::world::training::metrics;

fn untestable(name: &str, r: &Gathered, c: &Gathered) -> FeatureDrift {
    FeatureDrift {
        feature: name.to_string(),
        column_type: "unknown".into(),
        method: "untestable".into(),
        score: f64::NAN,
        statistic: None,
        threshold: f64::NAN,
        comparison: String::new(),
        drifted: false,
        n_reference: 0,
        n_current: 0,
        null_rate_reference: r.null_rate(),
        null_rate_current: c.null_rate(),
    }
}

fn probas<'a>(days: impl Iterator<Item = &'a DayLog>) -> Vec<f64> {
    days.flat_map(|d| d.proba.iter().copied()).collect()
}

impl World {
    // The report's parts share the window and reference; splitting them would pass both around.
    #[allow(clippy::too_many_lines)]
    pub(super) fn build_report(
        &self,
        endpoint: &str,
        cfg: &MonitorConfig,
        days: usize,
    ) -> Result<MonitorReport, String> {
        let log = self
            .clock
            .log(endpoint)
            .filter(|l| !l.is_empty())
            .ok_or_else(|| format!("{endpoint} has served no traffic yet: advance_days first"))?;
        let e = self
            .serving
            .endpoints
            .get(endpoint)
            .ok_or_else(|| format!("unknown endpoint {endpoint:?}"))?;
        let window = &log[log.len().saturating_sub(days)..];
        // The version that answered most of the window; before any answer, the one the live
        // split sends most traffic to.
        let mut counts = std::collections::BTreeMap::new();
        for v in window
            .iter()
            .flat_map(|d| d.version.iter())
            .filter(|v| **v > 0)
        {
            *counts.entry(*v).or_insert(0usize) += 1;
        }
        let primary = counts
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(v, _)| *v)
            .or_else(|| {
                e.traffic
                    .iter()
                    .max_by_key(|(_, p)| **p)
                    .and_then(|(d, _)| e.deployments.get(d))
                    .map(|d| d.kube.version)
            });
        let image = primary.and_then(|v| e.images.get(&v));
        let model = image.and_then(|i| self.tracking.model(&i.run_id));
        let (ref_tables, ref_name): (Vec<&Table>, String) = match cfg.reference {
            // The deployed version's own training set, kept with its model: the working table
            // may have changed since, production has not.
            Reference::Training => (
                vec![
                    &*model
                        .ok_or("no deployed version to take the training reference from")?
                        .source,
                ],
                "training".into(),
            ),
            Reference::Window { from, to } => {
                let t: Vec<&Table> = log
                    .iter()
                    .filter(|d| (from..=to).contains(&d.day))
                    .map(|d| &d.requests)
                    .collect();
                if t.is_empty() {
                    return Err(format!(
                        "no served day in the reference window {from}..{to}"
                    ));
                }
                (t, format!("days {from}..{to}"))
            }
        };
        let names = ref_tables[0].column_names();
        let mut features = Vec::new();
        let mut missing_columns = Vec::new();
        for name in &names {
            let r = Gathered::from_tables(ref_tables.iter().copied(), name);
            let c = Gathered::from_tables(window.iter().map(|d| &d.requests), name);
            if !c.present {
                missing_columns.push(name.clone());
                continue;
            }
            let (m, t) = cfg.per_feature.get(name).copied().unwrap_or((None, None));
            features.push(
                drift::compare(name, &r, &c, m, t).unwrap_or_else(|_| untestable(name, &r, &c)),
            );
        }
        let mut new_columns: Vec<String> = window
            .iter()
            .flat_map(|d| d.requests.column_names())
            .filter(|n| !names.contains(n))
            .collect();
        new_columns.sort();
        new_columns.dedup();
        let current_p = probas(window.iter());
        let reference_p = match (&cfg.reference, image, model) {
            (Reference::Training, Some(i), Some(m)) => {
                let rows: Vec<usize> = (0..m.source.n_rows()).collect();
                Some(scoring::score(i, m, &m.source, &rows, &[]))
            }
            (Reference::Window { from, to }, ..) => Some(probas(
                log.iter().filter(|d| (*from..=*to).contains(&d.day)),
            )),
            _ => None,
        };
        // CBPE calibrates the serving model's scores on held-out labelled data first, as NannyML
        // does on its reference period: the model's validation and test splits (never the rows
        // it was fitted on), or the labelled days of a window reference.
        let calibration = match (&cfg.reference, image, model) {
            (Reference::Training, Some(i), Some(m)) => {
                let rows: Vec<usize> = m
                    .split
                    .validation
                    .iter()
                    .chain(&m.split.test)
                    .copied()
                    .collect();
                let labels: Vec<u8> = rows.iter().map(|&r| m.source.labels[r]).collect();
                Isotonic::fit(&scoring::score(i, m, &m.source, &rows, &[]), &labels)
            }
            (Reference::Window { from, to }, ..) => {
                let known = window.last().map_or(0, |d| d.abs_day + 1);
                let (mut s, mut y) = (Vec::new(), Vec::new());
                for d in log
                    .iter()
                    .filter(|d| (*from..=*to).contains(&d.day) && d.labels_at <= known)
                {
                    for (i, p) in d.proba.iter().enumerate() {
                        if Some(d.version[i]) == primary && p.is_finite() {
                            s.push(*p);
                            y.push(d.requests.labels[i]);
                        }
                    }
                }
                Isotonic::fit(&s, &y)
            }
            (Reference::Training, ..) => None,
        };
        let prediction = reference_p.and_then(|rp| {
            let (m, t) = cfg
                .per_feature
                .get("prediction")
                .copied()
                .unwrap_or((None, None));
            drift::compare(
                "prediction",
                &Gathered::numbers(rp),
                &Gathered::numbers(current_p.clone()),
                m,
                t,
            )
            .ok()
        });
        let tested: Vec<&FeatureDrift> = features
            .iter()
            .chain(prediction.iter())
            .filter(|f| f.method != "untestable")
            .collect();
        let drifted = tested.iter().filter(|f| f.drifted).count();
        let n_tested = tested.len();
        let drift_share = if n_tested == 0 {
            0.0
        } else {
            drifted as f64 / n_tested as f64
        };
        let today = window.last().map_or(0, |d| d.abs_day + 1);
        let labelled: Vec<&DayLog> = log.iter().filter(|d| d.labels_at <= today).collect();
        let labelled = &labelled[labelled.len().saturating_sub(days)..];
        let realised = (!labelled.is_empty())
            .then(|| {
                let (mut y, mut p) = (Vec::new(), Vec::new());
                for d in labelled {
                    for (i, &pi) in d.proba.iter().enumerate() {
                        if pi.is_finite() {
                            y.push(d.requests.labels[i]);
                            p.push(pi);
                        }
                    }
                }
                let m = metrics::evaluate(&y, &p);
                Realised {
                    from_day: labelled[0].day,
                    to_day: labelled[labelled.len() - 1].day,
                    rows: p.len(),
                    accuracy: m.accuracy,
                    auc: m.auc,
                    estimated: cbpe::estimate(&p, calibration.as_ref()),
                }
            })
            .filter(|r| r.rows > 0);
        Ok(MonitorReport {
            endpoint: endpoint.to_string(),
            from_day: window[0].day,
            to_day: window[window.len() - 1].day,
            reference: ref_name,
            rows: window.iter().map(|d| d.requests.n_rows()).sum(),
            features,
            prediction,
            missing_columns,
            new_columns,
            drift_share,
            share_threshold: cfg.drift_share,
            dataset_drift: n_tested > 0 && drift_share >= cfg.drift_share,
            estimated: cbpe::estimate(&current_p, calibration.as_ref()),
            realised,
            baseline_accuracy: model.map(|m| m.outcome.test.accuracy),
        })
    }
}

#[allow(clippy::too_many_arguments)] // an alert's fields, in their order
fn alert(
    r: &MonitorReport,
    kind: AlertKind,
    feature: Option<&str>,
    method: &str,
    statistic: Option<f64>,
    score: f64,
    threshold: f64,
    comparison: &str,
    explanation: String,
) -> Alert {
    Alert {
        kind,
        endpoint: r.endpoint.clone(),
        feature: feature.map(str::to_string),
        method: method.into(),
        statistic,
        score,
        threshold,
        comparison: comparison.into(),
        from_day: r.from_day,
        to_day: r.to_day,
        explanation,
    }
}

/// The alerts a report raises.
pub fn alerts(r: &MonitorReport, cfg: &MonitorConfig) -> Vec<Alert> {
    let window = if r.from_day == r.to_day {
        format!("day {}", r.from_day)
    } else {
        format!("days {}..{}", r.from_day, r.to_day)
    };
    let mut out = Vec::new();
    for f in r
        .features
        .iter()
        .chain(r.prediction.iter())
        .filter(|f| f.drifted)
    {
        let what = if f.feature == "prediction" {
            "the model's predictions drifted"
        } else {
            "drifted"
        };
        let stat = f
            .statistic
            .map(|s| format!(", statistic {s:.4}"))
            .unwrap_or_default();
        let kind = if f.feature == "prediction" {
            AlertKind::PredictionDrift
        } else {
            AlertKind::FeatureDrift
        };
        out.push(alert(r, kind, Some(&f.feature), &f.method, f.statistic, f.score, f.threshold, &f.comparison, format!("{} {what} on {window} vs {}: {} score {:.4} {} threshold {}{stat} ({} {} vs {} values)", f.feature, r.reference, f.method, f.score, f.comparison, f.threshold, f.column_type, f.n_reference, f.n_current)));
    }
    if r.dataset_drift {
        out.push(alert(r, AlertKind::DatasetDrift, None, "drift_share", None, r.drift_share, r.share_threshold, ">=", format!("dataset drift on {window}: {:.0}% of columns drifted, at or above the {:.0}% share", r.drift_share * 100.0, r.share_threshold * 100.0)));
    }
    for f in &r.features {
        let limit = f.null_rate_reference + cfg.null_rate_increase;
        if f.null_rate_current > limit {
            out.push(alert(r, AlertKind::DataQuality, Some(&f.feature), "null_rate", None, f.null_rate_current, limit, ">", format!("{} null rate {:.1}% on {window} > {:.1}% (reference {:.1}% + {:.1} points allowed)", f.feature, f.null_rate_current * 100.0, limit * 100.0, f.null_rate_reference * 100.0, cfg.null_rate_increase * 100.0)));
        }
    }
    for c in &r.missing_columns {
        out.push(alert(r, AlertKind::Schema, Some(c), "missing_column", None, 0.0, 0.0, "=", format!("column {c} is missing from the requests on {window}; the model imputes it with its training mean")));
    }
    for c in &r.new_columns {
        out.push(alert(
            r,
            AlertKind::Schema,
            Some(c),
            "new_column",
            None,
            1.0,
            0.0,
            ">",
            format!("column {c} appeared in the requests on {window} and is not in the reference"),
        ));
    }
    if let Some(base) = r.baseline_accuracy {
        let limit = base - cfg.accuracy_drop;
        if let Some(p) = r.realised.filter(|p| p.accuracy < limit) {
            let est = p
                .estimated
                .map(|e| format!("; CBPE had estimated {:.4}", e.accuracy))
                .unwrap_or_default();
            out.push(alert(r, AlertKind::Performance, None, "accuracy", None, p.accuracy, limit, "<", format!("realised accuracy {:.4} on days {}..{} (labels arrived) < {limit:.4} (test accuracy {base:.4} - {}){est}", p.accuracy, p.from_day, p.to_day, cfg.accuracy_drop)));
        }
        if let Some(e) = r.estimated.filter(|e| e.accuracy < limit) {
            out.push(alert(r, AlertKind::EstimatedPerformance, None, "cbpe_accuracy", None, e.accuracy, limit, "<", format!("CBPE-estimated accuracy {:.4} on {window} (no labels yet) < {limit:.4} (test accuracy {base:.4} - {})", e.accuracy, cfg.accuracy_drop)));
        }
    }
    out
}
