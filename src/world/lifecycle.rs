//! Command handlers from training onwards: split, train and sweep (tracked as runs), run search
//! and tags, the CI/CD gate, and the model registry. Promoting a model whose run failed its gate
//! (or has none) to `champion` or Production is refused with the gate's own explanation.

use std::collections::BTreeMap;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::event::Event;
use super::gates::{self, GateCheck, GateResult};
use super::registry::Lineage;
use super::tracking::RunStatus;
use super::training::{self, ModelConfig};
use super::vocabulary::{ModelKind, ParamValue, Stage, SweepStrategy, ThresholdSpec};
use super::{TrainedModel, World, rejected};

/// Default split when a learner trains before splitting.
const DEFAULT_SPLIT: (f64, f64, f64) = (0.7, 0.15, 0.15);

impl World {
    pub(super) fn split(&mut self, train: f64, validation: f64, test: f64) -> Vec<Event> {
        if let Err(e) = training::check_fractions(train, validation, test) {
            return rejected("split", e);
        }
        let Some(set) = &self.training_set else {
            return rejected(
                "split",
                "there is no training set: run build_training_set first",
            );
        };
        match training::make_split(set.labels.len(), train, validation, &mut self.rng) {
            Ok(s) => {
                let event = Event::SplitCreated {
                    train: s.train.len(),
                    validation: s.validation.len(),
                    test: s.test.len(),
                };
                self.split = Some(s);
                vec![event]
            }
            Err(e) => rejected("split", e),
        }
    }

    /// Checks what every training needs; returns notes (e.g. a default split) or the blocking events.
    fn ready_to_train(&mut self, command: &str) -> Result<Vec<Event>, Vec<Event>> {
        self.validated_data(command)?;
        if self.training_set.is_none() {
            return Err(rejected(
                command,
                "there is no training set: run build_training_set first",
            ));
        }
        if self.split.is_some() {
            return Ok(Vec::new());
        }
        let (a, b, c) = DEFAULT_SPLIT;
        let mut events = vec![Event::Note {
            text: format!("no split yet: using train {a}, validation {b}, test {c}"),
        }];
        events.extend(self.split(a, b, c));
        Ok(events)
    }

    pub(super) fn train(
        &mut self,
        kind: ModelKind,
        params: &BTreeMap<String, ParamValue>,
        name: Option<String>,
    ) -> Vec<Event> {
        let cfg = match ModelConfig::check(kind, params) {
            Ok(c) => c,
            Err(e) => return rejected("train", e),
        };
        let mut events = match self.ready_to_train("train") {
            Ok(e) => e,
            Err(e) => return e,
        };
        events.extend(self.run_one(&cfg, name, &[]));
        events
    }

    /// Trains one configuration as a tracked run.
    fn run_one(
        &mut self,
        cfg: &ModelConfig,
        name: Option<String>,
        tags: &[(String, String)],
    ) -> Vec<Event> {
        let (Some(set), Some(split)) = (&self.training_set, &self.split) else {
            return rejected("train", "there is no training set or split");
        };
        let run_id = self.tracking.start(
            name,
            self.now,
            &set.digest,
            &set.view_versions,
            &self.code_version,
        );
        let params = cfg.params();
        if let Some(r) = self.tracking.get_mut(&run_id) {
            r.params.extend(params.iter().cloned());
            r.tags.extend(tags.iter().cloned());
            r.tags
                .insert("mlflow.source.git.commit".into(), self.code_version.clone());
        }
        let mut events = vec![Event::RunStarted {
            run_id: run_id.clone(),
            model: params.last().map(|p| p.1.clone()).unwrap_or_default(),
            params,
        }];
        let outcome = match training::train(cfg, set, split) {
            Ok(o) => o,
            Err(reason) => {
                self.tracking.end(&run_id, RunStatus::Failed, self.now);
                events.push(Event::RunFailed { run_id, reason });
                return events;
            }
        };
        let total = outcome.curve.len();
        for (k, loss) in outcome.curve.iter().enumerate() {
            self.tracking
                .log_metric(&run_id, "val_log_loss", k + 1, *loss);
            events.push(Event::TrainingProgress {
                run_id: run_id.clone(),
                step: k + 1,
                total,
                val_log_loss: *loss,
            });
        }
        self.now += outcome.seconds;
        for (prefix, m) in [("val", &outcome.validation), ("test", &outcome.test)] {
            let mut log = |k: &str, v: f64| {
                self.tracking
                    .log_metric(&run_id, &format!("{prefix}_{k}"), total, v);
            };
            log("accuracy", m.accuracy);
            log("precision", m.precision);
            log("recall", m.recall);
            log("f1", m.f1);
            log("log_loss", m.log_loss);
            if let Some(auc) = m.auc {
                log("auc", auc);
            }
        }
        self.tracking.end(&run_id, RunStatus::Finished, self.now);
        let model = TrainedModel {
            outcome,
            data_digest: set.data_digest.clone(),
            training_set_digest: set.digest.clone(),
        };
        self.models.insert(run_id.clone(), model);
        if let Some(run) = self.tracking.get(&run_id) {
            events.push(Event::RunFinished { run: run.clone() });
        }
        events
    }

    pub(super) fn sweep(
        &mut self,
        kind: ModelKind,
        strategy: SweepStrategy,
        grid: &BTreeMap<String, Vec<ParamValue>>,
        trials: Option<i64>,
    ) -> Vec<Event> {
        let mut sub = ChaCha8Rng::seed_from_u64(self.rng.next_u64());
        let combos = match training::sweep_combinations(strategy, grid, trials, &mut sub) {
            Ok(c) => c,
            Err(e) => return rejected("sweep", e),
        };
        let cfgs = match combos
            .iter()
            .map(|c| ModelConfig::check(kind, c))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(c) => c,
            Err(e) => return rejected("sweep", e),
        };
        let mut events = match self.ready_to_train("sweep") {
            Ok(e) => e,
            Err(e) => return e,
        };
        let sweep_id = format!("sweep-{}", self.tracking.runs.len() + 1);
        let strategy_name = if strategy == SweepStrategy::Grid {
            "grid"
        } else {
            "random"
        };
        let mut runs = Vec::new();
        for (k, cfg) in cfgs.iter().enumerate() {
            let tags = [
                ("sweep".to_string(), sweep_id.clone()),
                ("sweep_strategy".to_string(), strategy_name.to_string()),
            ];
            let before = self.tracking.runs.len();
            events.extend(self.run_one(cfg, Some(format!("{sweep_id}-{}", k + 1)), &tags));
            runs.extend(
                self.tracking.runs[before..]
                    .iter()
                    .map(|r| r.run_id.clone()),
            );
        }
        let best = runs
            .iter()
            .filter_map(|id| {
                self.tracking
                    .get(id)
                    .and_then(|r| r.metrics.get("val_auc").map(|a| (id.clone(), *a)))
            })
            .fold(None, |best: Option<(String, f64)>, (id, auc)| match best {
                Some((_, b)) if b >= auc => best,
                _ => Some((id, auc)),
            });
        events.push(Event::SweepFinished {
            strategy: strategy_name.into(),
            runs,
            best_val_auc: best.as_ref().map(|b| b.1),
            best_run: best.map(|b| b.0),
        });
        events
    }

    pub(super) fn search_runs(
        &mut self,
        filter: String,
        order_by: &[String],
        max_results: i64,
    ) -> Vec<Event> {
        match self.tracking.search(&filter, order_by, max_results) {
            Ok(runs) => vec![Event::RunsFound { filter, runs }],
            Err(e) => rejected("search_runs", e),
        }
    }

    pub(super) fn set_tag(&mut self, run_id: String, key: String, value: String) -> Vec<Event> {
        if key.trim().is_empty() {
            return rejected("set_tag", "a tag needs a key");
        }
        let Some(run) = self.tracking.get_mut(&run_id) else {
            return rejected("set_tag", format!("unknown run {run_id:?}"));
        };
        run.tags.insert(key.clone(), value.clone());
        vec![Event::TagSet { run_id, key, value }]
    }

    pub(super) fn evaluate_gate(
        &mut self,
        model: &str,
        run_id: &str,
        thresholds: &BTreeMap<String, ThresholdSpec>,
    ) -> Vec<Event> {
        let cmd = "evaluate_gate";
        let (Some(run), Some(trained)) = (self.tracking.get(run_id), self.models.get(run_id))
        else {
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
        let validation = self
            .validations
            .iter()
            .rev()
            .find(|v| v.data_digest == trained.data_digest);
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
        let baseline_run = champion.and_then(|v| self.tracking.get(&v.lineage.run_id));
        for (metric, spec) in thresholds {
            let base = baseline_run.and_then(|r| r.metrics.get(metric).copied());
            checks.extend(gates::metric_checks(
                metric,
                spec,
                run.metrics.get(metric).copied(),
                base,
            ));
        }
        let result = GateResult {
            run_id: run_id.to_string(),
            model: model.to_string(),
            baseline_version: champion.map(|v| v.version),
            passed: checks.iter().all(|c| c.passed),
            checks,
        };
        self.gates.push(result.clone());
        vec![Event::GateEvaluated { result }]
    }

    /// The latest gate for a run and model.
    fn gate_for(&self, model: &str, run_id: &str) -> Option<&GateResult> {
        self.gates
            .iter()
            .rev()
            .find(|g| g.model == model && g.run_id == run_id)
    }

    /// Refuses promotion unless the version's run passed its latest gate.
    fn require_gate(
        &self,
        command: &str,
        name: &str,
        version: i64,
        target: &str,
    ) -> Result<(), Vec<Event>> {
        let v = self
            .registry
            .version(name, version)
            .map_err(|e| rejected(command, e))?;
        match self.gate_for(name, &v.lineage.run_id) {
            Some(g) if g.passed => Ok(()),
            Some(g) => Err(rejected(
                command,
                format!(
                    "version {version} cannot become {target}: its run {} failed the gate ({})",
                    g.run_id,
                    g.failures()
                ),
            )),
            None => Err(rejected(
                command,
                format!(
                    "version {version} cannot become {target}: its run {} has not been through evaluate_gate",
                    v.lineage.run_id
                ),
            )),
        }
    }

    pub(super) fn register_model(&mut self, name: &str, run_id: &str) -> Vec<Event> {
        if name.trim().is_empty() {
            return rejected("register_model", "a registered model needs a name");
        }
        let (Some(run), Some(trained)) = (self.tracking.get(run_id), self.models.get(run_id))
        else {
            return rejected(
                "register_model",
                format!("unknown or unfinished run {run_id:?}"),
            );
        };
        if let Some(g) = self.gate_for(name, run_id).filter(|g| !g.passed) {
            return rejected(
                "register_model",
                format!("run {run_id} failed its gate for {name}: {}", g.failures()),
            );
        }
        let lineage = Lineage {
            run_id: run_id.to_string(),
            data_digest: trained.data_digest.clone(),
            training_set_digest: trained.training_set_digest.clone(),
            feature_views: run.feature_views.clone(),
            code_version: run.code_version.clone(),
        };
        let version = self.registry.register(name, lineage.clone(), self.now);
        vec![Event::ModelRegistered {
            name: name.to_string(),
            version,
            lineage,
        }]
    }

    pub(super) fn set_alias(
        &mut self,
        name: &str,
        alias: &str,
        version: i64,
        reason: &str,
    ) -> Vec<Event> {
        if alias == "champion"
            && let Err(e) = self.require_gate("set_alias", name, version, "champion")
        {
            return e;
        }
        match self
            .registry
            .set_alias(name, alias, version, reason, self.now)
        {
            Ok(change) => vec![Event::AliasMoved { change }],
            Err(e) => rejected("set_alias", e),
        }
    }

    pub(super) fn rollback(&mut self, name: &str, alias: &str, reason: &str) -> Vec<Event> {
        match self.registry.rollback(name, alias, reason, self.now) {
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
        if stage == Stage::Production
            && let Err(e) = self.require_gate("transition_stage", name, version, "Production")
        {
            events.extend(e);
            return events;
        }
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
