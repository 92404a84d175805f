//! The tracking part: `MLflow`-style runs, the trained model kept beside each finished run, and
//! the code version new runs record. A run records the code version it ran on, and a model is
//! kept only for a run that finished.

use std::collections::BTreeMap;

use crate::world::TrainedModel;
use crate::world::tracking::{RunStatus, RunSummary, Tracking};

/// Runs, their models and the current code version.
#[derive(Debug, Clone)]
pub struct TrackingState {
    runs: Tracking,
    models: BTreeMap<String, TrainedModel>,
    code_version: String,
}

impl Default for TrackingState {
    fn default() -> Self {
        TrackingState {
            runs: Tracking::default(),
            models: BTreeMap::new(),
            code_version: format!("mlops-lab-{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl TrackingState {
    /// The tracking store.
    pub fn runs(&self) -> &Tracking {
        &self.runs
    }
    /// Trained models by run id.
    pub fn models(&self) -> &BTreeMap<String, TrainedModel> {
        &self.models
    }
    /// The model of a finished run.
    pub fn model(&self, run_id: &str) -> Option<&TrainedModel> {
        self.models.get(run_id)
    }
    /// A finished run and its model.
    pub fn finished(&self, run_id: &str) -> Option<(&RunSummary, &TrainedModel)> {
        self.runs.get(run_id).zip(self.models.get(run_id))
    }
    /// The code version new runs record.
    pub fn code_version(&self) -> &str {
        &self.code_version
    }

    pub(in crate::world) fn set_code_version(&mut self, version: &str) {
        self.code_version = version.to_string();
    }

    /// Starts a run on a training set (digest and feature-view versions) with its parameters
    /// and tags; it records the current code version, as `MLflow` records the git commit.
    pub(in crate::world) fn start(
        &mut self,
        name: Option<String>,
        now: i64,
        (digest, views): (&str, &[(String, u32)]),
        params: &[(String, String)],
        tags: &[(String, String)],
    ) -> String {
        let run_id = self
            .runs
            .start(name, now, digest, views, &self.code_version);
        if let Some(r) = self.runs.get_mut(&run_id) {
            r.params.extend(params.iter().cloned());
            r.tags.extend(tags.iter().cloned());
            r.tags
                .insert("mlflow.source.git.commit".into(), self.code_version.clone());
        }
        run_id
    }

    pub(in crate::world) fn log_metric(&mut self, run_id: &str, key: &str, step: usize, v: f64) {
        self.runs.log_metric(run_id, key, step, v);
    }

    /// Ends a run that produced no model.
    pub(in crate::world) fn fail(&mut self, run_id: &str, now: i64) {
        self.runs.end(run_id, RunStatus::Failed, now);
    }

    /// Ends a run with its model, which is kept beside it.
    pub(in crate::world) fn finish(&mut self, run_id: &str, model: TrainedModel, now: i64) {
        self.runs.end(run_id, RunStatus::Finished, now);
        self.models.insert(run_id.to_string(), model);
    }

    /// Sets a tag on a run; false when there is no such run.
    pub(in crate::world) fn set_tag(&mut self, run_id: &str, key: &str, value: &str) -> bool {
        let Some(run) = self.runs.get_mut(run_id) else {
            return false;
        };
        run.tags.insert(key.to_string(), value.to_string());
        true
    }
}
