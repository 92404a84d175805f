//! Command handlers for the CI/CD gate and the model registry. Registering a run that failed
//! its gate is refused; promoting a version to `champion` (or the legacy Production stage) needs
//! its run to have passed its latest gate, and the refusal quotes the gate's own explanation.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::TrainedModel;
use super::event::Event;
use super::gates::{self, GateCheck, GateResult};
use super::registry::{Lineage, Why};
use super::traffic::scoring;
use super::training::metrics;
use super::vocabulary::{Stage, ThresholdSpec};
use super::{World, rejected};

impl World {
    pub(super) fn evaluate_gate(
        &mut self,
        model: &str,
        run_id: &str,
        thresholds: &BTreeMap<String, ThresholdSpec>,
    ) -> Vec<Event> {
        let cmd = "evaluate_gate";
        let Some((run, trained)) = self.tracking.finished(run_id) else {
            return rejected(cmd, format!("unknown or unfinished run {run_id:?}"));
        };
        if thresholds.is_empty() {
            return rejected(cmd, "give at least one metric threshold");
        }
        if let Some(e) = thresholds
            .iter()
            .find_map(|(m, s)| gates::check_spec(m, s).err())
        {
            return rejected(cmd, e);
        }
        let validation = self.data.validation_of(&trained.data_digest);
        let mut checks = vec![GateCheck {
            name: "data_validation".into(),
            passed: validation.is_some_and(|v| v.passed),
            candidate: None,
            baseline: None,
            required: None,
            detail: match validation {
                Some(v) if v.passed => "the run's data passed validation".into(),
                Some(v) => format!(
                    "the run's data failed validation: {}",
                    v.failures().join(", ")
                ),
                None => "the run's data was never validated".into(),
            },
        }];
        let champion = self.registry.alias(model, "champion");
        let baseline_model = champion.and_then(|v| self.tracking.model(&v.lineage.run_id));
        let baseline_run = champion.and_then(|v| self.tracking.runs().get(&v.lineage.run_id));
        for (metric, spec) in thresholds {
            // As mlflow.evaluate with a baseline model: both models predict on the same
            // evaluation data (the candidate's current test or validation split); a champion's
            // metric logged on an older test set is never compared.
            let rows = eval_rows(trained, metric);
            let candidate = evaluated(trained, metric).or_else(|| run.metrics.get(metric).copied());
            let base = match (baseline_model, rows) {
                (Some(b), Some(_)) => evaluated_on(b, trained, metric),
                _ => baseline_run.and_then(|r| r.metrics.get(metric).copied()),
            };
            let mut found = gates::metric_checks(metric, spec, candidate, base);
            if let (Some(v), Some(rows), Some(logged)) = (
                champion,
                rows,
                baseline_run.and_then(|r| r.metrics.get(metric)),
            ) {
                // Only the change checks compare with the champion.
                let compares = |c: &GateCheck| c.name.ends_with("_change");
                for c in found.iter_mut().filter(|c| compares(c)) {
                    let _ = write!(
                        c.detail,
                        " (champion v{} scored on this run's {} evaluation rows; it logged {logged:.4} on its own)",
                        v.version,
                        rows.len()
                    );
                }
            }
            checks.extend(found);
        }
        let result = GateResult {
            run_id: run_id.to_string(),
            model: model.to_string(),
            baseline_version: champion.map(|v| v.version),
            passed: checks.iter().all(|c| c.passed),
            checks,
        };
        self.registry.record_gate(result.clone());
        vec![Event::GateEvaluated { result }]
    }

    /// The latest gate for a run and model.
    pub(super) fn register_model(&mut self, name: &str, run_id: &str) -> Vec<Event> {
        if name.trim().is_empty() {
            return rejected("register_model", "a registered model needs a name");
        }
        let Some((run, trained)) = self.tracking.finished(run_id) else {
            return rejected(
                "register_model",
                format!("unknown or unfinished run {run_id:?}"),
            );
        };
        let lineage = Lineage {
            run_id: run_id.to_string(),
            data_digest: trained.data_digest.clone(),
            training_set_digest: trained.training_set_digest.clone(),
            feature_views: run.feature_views.clone(),
            code_version: run.code_version.clone(),
        };
        match self
            .registry
            .register(name, lineage.clone(), self.clock.now())
        {
            Ok(version) => vec![Event::ModelRegistered {
                name: name.to_string(),
                version,
                lineage,
            }],
            Err(e) => rejected("register_model", e),
        }
    }

    pub(super) fn set_alias(
        &mut self,
        name: &str,
        alias: &str,
        version: i64,
        why: Why<'_>,
    ) -> Vec<Event> {
        match self
            .registry
            .set_alias(name, alias, version, why, self.clock.now())
        {
            Ok(change) => vec![Event::AliasMoved { change }],
            Err(e) => rejected("set_alias", e),
        }
    }

    pub(super) fn rollback(&mut self, name: &str, alias: &str, why: Why<'_>) -> Vec<Event> {
        match self.registry.rollback(name, alias, why, self.clock.now()) {
            Ok(change) => vec![Event::AliasMoved { change }],
            Err(e) => rejected("rollback", e),
        }
    }

    pub(super) fn transition_stage(
        &mut self,
        name: &str,
        version: i64,
        stage: Stage,
        archive: bool,
    ) -> Vec<Event> {
        let mut events = vec![Event::Note {
            text: "model stages are deprecated since MLflow 2.9: use aliases (e.g. champion) and tags instead".into(),
        }];
        match self.registry.transition(name, version, stage, archive) {
            Ok((from, archived)) => events.push(Event::StageTransitioned {
                name: name.into(),
                version: version as u32,
                from: format!("{from:?}"),
                to: format!("{stage:?}"),
                archived,
            }),
            Err(e) => events.extend(rejected("transition_stage", e)),
        }
        events
    }
}

/// The candidate's evaluation rows for `metric`: its test split for `test_*`, its validation
/// split for `val_*`; other metrics are not computed by an evaluation.
fn eval_rows<'a>(candidate: &'a TrainedModel, metric: &str) -> Option<&'a [usize]> {
    if metric.starts_with("test_") {
        Some(&candidate.split.test)
    } else if metric.starts_with("val_") {
        Some(&candidate.split.validation)
    } else {
        None
    }
}

/// `metric` of the candidate on its own evaluation rows.
fn evaluated(candidate: &TrainedModel, metric: &str) -> Option<f64> {
    evaluated_on(candidate, candidate, metric)
}

/// `metric` of `model` when it predicts the candidate's evaluation rows.
fn evaluated_on(model: &TrainedModel, candidate: &TrainedModel, metric: &str) -> Option<f64> {
    let rows = eval_rows(candidate, metric)?;
    let name = metric.split_once('_').map_or(metric, |(_, n)| n);
    let data = &candidate.source;
    let p = scoring::score_offline(model, data, rows);
    let y: Vec<u8> = rows.iter().map(|&r| data.labels[r]).collect();
    let m = metrics::evaluate(&y, &p);
    match name {
        "accuracy" => Some(m.accuracy),
        "precision" => Some(m.precision),
        "recall" => Some(m.recall),
        "f1" => Some(m.f1),
        "log_loss" => Some(m.log_loss),
        "auc" => m.auc,
        _ => None,
    }
}
