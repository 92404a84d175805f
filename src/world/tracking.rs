//! Experiment tracking after `MLflow`: runs with string params, metrics (latest value and history),
//! tags, the dataset digest and feature-view versions they used, start time and duration on the
//! simulated clock, and a status; searched with `MLflow`'s filter grammar ([`search`]).

pub mod search;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use self::search::{Entity, Field};

/// `MLflow` run statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RunStatus {
    /// Started, not ended.
    Running,
    /// Ended normally.
    Finished,
    /// Ended with an error.
    Failed,
    /// Stopped by the user.
    Killed,
}

impl RunStatus {
    /// `MLflow`'s spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "RUNNING",
            RunStatus::Finished => "FINISHED",
            RunStatus::Failed => "FAILED",
            RunStatus::Killed => "KILLED",
        }
    }
}

/// A tracked run (what an event shows of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Run id.
    pub run_id: String,
    /// Run name.
    pub run_name: String,
    /// Status.
    pub status: RunStatus,
    /// Start, milliseconds on the simulated clock (`MLflow` uses epoch milliseconds).
    pub start_time: i64,
    /// End, milliseconds, once ended.
    pub end_time: Option<i64>,
    /// Params, as strings.
    pub params: BTreeMap<String, String>,
    /// Latest value of each metric.
    pub metrics: BTreeMap<String, f64>,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Digest of the training set the run used (its dataset input).
    pub dataset_digest: String,
    /// Feature views and versions the run used.
    pub feature_views: Vec<(String, u32)>,
    /// Code version at the time.
    pub code_version: String,
}

impl RunSummary {
    /// Duration in simulated seconds, once ended.
    pub fn duration_seconds(&self) -> Option<i64> {
        self.end_time.map(|e| (e - self.start_time) / 1000)
    }

    fn field(&self, entity: Entity, key: &str) -> Option<Field> {
        match entity {
            Entity::Metric => self.metrics.get(key).map(|v| Field::Num(*v)),
            Entity::Param => self.params.get(key).cloned().map(Field::Text),
            Entity::Tag => self.tags.get(key).cloned().map(Field::Text),
            Entity::Dataset => match key {
                "digest" => Some(Field::Text(self.dataset_digest.clone())),
                "name" => Some(Field::Text("training_set".into())),
                "context" => Some(Field::Text("training".into())),
                _ => None,
            },
            Entity::Attribute => match key {
                "start_time" => Some(Field::Num(self.start_time as f64)),
                "end_time" => self.end_time.map(|e| Field::Num(e as f64)),
                "run_id" => Some(Field::Text(self.run_id.clone())),
                "run_name" => Some(Field::Text(self.run_name.clone())),
                "status" => Some(Field::Text(self.status.as_str().into())),
                "user_id" => Some(Field::Text("learner".into())),
                "artifact_uri" => Some(Field::Text(format!("mlruns/0/{}/artifacts", self.run_id))),
                _ => None,
            },
        }
    }
}

/// The tracking store.
#[derive(Debug, Clone, Default)]
pub struct Tracking {
    /// Runs in creation order.
    pub runs: Vec<RunSummary>,
    /// Metric history: (run id, key, step, value).
    pub history: Vec<(String, String, usize, f64)>,
}

/// Most results one search may return (`MLflow`'s cap).
pub const MAX_RESULTS: i64 = 50_000;

impl Tracking {
    /// Starts a run; returns its id (`run-001`, `run-002`...).
    pub fn start(
        &mut self,
        name: Option<String>,
        now: i64,
        dataset_digest: &str,
        views: &[(String, u32)],
        code: &str,
    ) -> String {
        let run_id = format!("run-{:03}", self.runs.len() + 1);
        self.runs.push(RunSummary {
            run_name: name.unwrap_or_else(|| run_id.clone()),
            run_id: run_id.clone(),
            status: RunStatus::Running,
            start_time: now * 1000,
            end_time: None,
            params: BTreeMap::new(),
            metrics: BTreeMap::new(),
            tags: BTreeMap::new(),
            dataset_digest: dataset_digest.to_string(),
            feature_views: views.to_vec(),
            code_version: code.to_string(),
        });
        run_id
    }

    /// The run with this id.
    pub fn get(&self, run_id: &str) -> Option<&RunSummary> {
        self.runs.iter().find(|r| r.run_id == run_id)
    }

    /// Mutable access to a run.
    pub fn get_mut(&mut self, run_id: &str) -> Option<&mut RunSummary> {
        self.runs.iter_mut().find(|r| r.run_id == run_id)
    }

    /// Logs a metric value at a step (the latest value is what search sees).
    pub fn log_metric(&mut self, run_id: &str, key: &str, step: usize, value: f64) {
        if let Some(r) = self.get_mut(run_id) {
            r.metrics.insert(key.to_string(), value);
            self.history
                .push((run_id.to_string(), key.to_string(), step, value));
        }
    }

    /// Ends a run with a status at `now` (seconds).
    pub fn end(&mut self, run_id: &str, status: RunStatus, now: i64) {
        if let Some(r) = self.get_mut(run_id) {
            r.status = status;
            r.end_time = Some(now * 1000);
        }
    }

    /// Runs matching `filter`, ordered by `order_by` (default: start time descending, then run
    /// id), at most `max_results`.
    pub fn search(
        &self,
        filter: &str,
        order_by: &[String],
        max_results: i64,
    ) -> Result<Vec<RunSummary>, String> {
        if !(1..=MAX_RESULTS).contains(&max_results) {
            return Err(format!(
                "Invalid value {max_results} for parameter 'max_results': it must be between 1 and {MAX_RESULTS}"
            ));
        }
        let clauses = search::parse_filter(filter)?;
        let orders = order_by
            .iter()
            .map(|o| search::parse_order_by(o))
            .collect::<Result<Vec<_>, _>>()?;
        let mut runs: Vec<&RunSummary> = self
            .runs
            .iter()
            .filter(|r| {
                clauses
                    .iter()
                    .all(|c| search::matches(c, r.field(c.entity, &c.key)))
            })
            .collect();
        runs.sort_by(|a, b| {
            b.start_time
                .cmp(&a.start_time)
                .then_with(|| a.run_id.cmp(&b.run_id))
        });
        // Stable sorts applied last clause first, as MLflow does.
        for (entity, key, asc) in orders.iter().rev() {
            runs.sort_by(|a, b| {
                search::order(
                    a.field(*entity, key).as_ref(),
                    b.field(*entity, key).as_ref(),
                    *asc,
                )
            });
        }
        Ok(runs
            .into_iter()
            .take(max_results as usize)
            .cloned()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Tracking {
        let mut t = Tracking::default();
        for (i, (model, depth, auc)) in [
            ("tree", "5", 0.81),
            ("tree", "3", 0.78),
            ("logistic", "", 0.84),
        ]
        .iter()
        .enumerate()
        {
            let id = t.start(None, i as i64 * 10, "abc", &[], "v1");
            let r = t.get_mut(&id).unwrap();
            r.params.insert("model".into(), (*model).into());
            if !depth.is_empty() {
                r.params.insert("max_depth".into(), (*depth).into());
            }
            r.tags.insert("f1-team".into(), "Risk".into());
            t.log_metric(&id, "val_auc", 1, *auc);
            t.end(&id, RunStatus::Finished, i as i64 * 10 + 5);
        }
        t.log_metric("run-002", "f1-score", 1, 0.5);
        t
    }

    fn ids(r: &[RunSummary]) -> Vec<&str> {
        r.iter().map(|r| r.run_id.as_str()).collect()
    }

    #[test]
    fn best_hyperparameters_in_one_query() {
        let r = store()
            .search(
                "attributes.status = 'FINISHED'",
                &["metrics.val_auc DESC".into()],
                1,
            )
            .unwrap();
        assert_eq!(ids(&r), vec!["run-003"]);
        assert_eq!(r[0].params["model"], "logistic");
    }

    #[test]
    fn params_are_strings_and_unquoted_numbers_are_refused() {
        let s = store();
        assert_eq!(
            ids(&s.search("params.max_depth = '5'", &[], 10).unwrap()),
            vec!["run-001"]
        );
        assert_eq!(
            ids(&s.search("params.max_depth = \"3\"", &[], 10).unwrap()),
            vec!["run-002"]
        );
        let e = s.search("params.max_depth = 5", &[], 10).unwrap_err();
        assert!(
            e.contains("Expected a quoted string value for param"),
            "{e}"
        );
        let e = s.search("metrics.val_auc > '0.8'", &[], 10).unwrap_err();
        assert!(e.contains("Expected numeric value type for metric"), "{e}");
        // String comparison: '10' < '5' would hold as text, but only = != LIKE ILIKE are allowed.
        assert!(
            s.search("params.max_depth > '4'", &[], 10)
                .unwrap_err()
                .contains("Invalid comparator")
        );
    }

    #[test]
    fn and_only_or_is_refused_with_the_reason() {
        let s = store();
        let r = s
            .search("metrics.val_auc > 0.79 and params.model = 'tree'", &[], 10)
            .unwrap();
        assert_eq!(ids(&r), vec!["run-001"]);
        let e = s
            .search(
                "params.model = 'tree' OR params.model = 'logistic'",
                &[],
                10,
            )
            .unwrap_err();
        assert!(e.contains("'OR'") && e.contains("only AND"), "{e}");
    }

    #[test]
    fn backticks_like_ilike_and_missing_keys() {
        let s = store();
        assert_eq!(
            ids(&s.search("metrics.`f1-score` >= 0.5", &[], 10).unwrap()),
            vec!["run-002"]
        );
        assert_eq!(
            s.search("tags.`f1-team` LIKE 'ri%'", &[], 10)
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            s.search("tags.`f1-team` ILIKE 'ri%'", &[], 10)
                .unwrap()
                .len(),
            3
        );
        assert_eq!(
            ids(&s.search("params.model LIKE 'tr_e'", &[], 10).unwrap()),
            vec!["run-002", "run-001"]
        );
        // run-003 has no max_depth: it never matches, not even !=.
        assert_eq!(
            s.search("params.max_depth != '5'", &[], 10).unwrap().len(),
            1
        );
        assert_eq!(
            ids(&s
                .search("attributes.run_id IN ('run-001', 'run-003')", &[], 10)
                .unwrap()),
            vec!["run-003", "run-001"]
        );
    }

    #[test]
    fn ordering_defaults_and_missing_values_last() {
        let s = store();
        assert_eq!(
            ids(&s.search("", &[], 10).unwrap()),
            vec!["run-003", "run-002", "run-001"]
        );
        let asc = s.search("", &["params.max_depth ASC".into()], 10).unwrap();
        assert_eq!(ids(&asc), vec!["run-002", "run-001", "run-003"]);
        let desc = s.search("", &["params.max_depth DESC".into()], 10).unwrap();
        assert_eq!(ids(&desc), vec!["run-001", "run-002", "run-003"]);
    }

    #[test]
    fn syntax_errors_are_messages_not_panics() {
        let s = store();
        for bad in [
            "metrics.",
            "foo.bar = 1",
            "metrics.auc >",
            "metrics.auc 0.5",
            "'x' = 1",
            "params.a = 'unterminated",
            "status = 5",
            "nonsense = 'x'",
            "(metrics.a > 1)",
            "metrics.a >> 1",
            "params.a IN ('x')",
        ] {
            assert!(s.search(bad, &[], 10).is_err(), "{bad}");
        }
        assert!(s.search("", &["metrics.auc sideways".into()], 10).is_err());
        assert!(s.search("", &[], 0).is_err());
    }
}
