//! Command handlers from training onwards: split, train and sweep (tracked as runs), run search
//! and tags.

use std::collections::BTreeMap;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::event::Event;
use super::progress::Emit;
use super::training::{self, ModelConfig};
use super::vocabulary::{ModelKind, ParamValue, SweepStrategy};
use super::{TrainedModel, World, rejected};

/// Default split when a learner trains before splitting.
const DEFAULT_SPLIT: (f64, f64, f64) = (0.7, 0.15, 0.15);

impl World {
    pub(super) fn split(&mut self, train: f64, validation: f64, test: f64) -> Vec<Event> {
        if let Err(e) = training::check_fractions(train, validation, test) {
            return rejected("split", e);
        }
        let Some(set) = self.features.training_set() else {
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
                self.features.set_split(s);
                vec![event]
            }
            Err(e) => rejected("split", e),
        }
    }

    /// Checks what every training needs; returns notes (e.g. a default split) or the blocking events.
    fn ready_to_train(&mut self, command: &str) -> Result<Vec<Event>, Vec<Event>> {
        self.data.validated(command)?;
        if self.features.training_set().is_none() {
            return Err(rejected(
                command,
                "there is no training set: run build_training_set first",
            ));
        }
        if self.features.split().is_some() {
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
        out: &mut Emit,
    ) {
        let cfg = match ModelConfig::check(kind, params) {
            Ok(c) => c,
            Err(e) => return out.extend(rejected("train", e)),
        };
        match self.ready_to_train("train") {
            Ok(notes) => out.extend(notes),
            Err(e) => return out.extend(e),
        }
        self.run_one(&cfg, name, &[], out);
    }

    /// Trains one configuration as a tracked run; each learning-curve step is emitted as it is
    /// fitted, and the run's end when it ends.
    fn run_one(
        &mut self,
        cfg: &ModelConfig,
        name: Option<String>,
        tags: &[(String, String)],
        out: &mut Emit,
    ) {
        let Some((set, split)) = self.features.ready() else {
            return out.extend(rejected("train", "there is no training set or split"));
        };
        let params = cfg.params();
        let run_id = self.tracking.start(
            name,
            self.clock.now(),
            (&set.digest, &set.view_versions),
            &params,
            tags,
        );
        out.push(Event::RunStarted {
            run_id: run_id.clone(),
            model: params.last().map(|p| p.1.clone()).unwrap_or_default(),
            params,
        });
        let tracking = &mut self.tracking;
        let mut step = |k: usize, total: usize, loss: f64| {
            tracking.log_metric(&run_id, "val_log_loss", k, loss);
            out.push(Event::TrainingProgress {
                run_id: run_id.clone(),
                step: k,
                total,
                val_log_loss: loss,
            });
        };
        let outcome = match training::train(cfg, set, split, &mut step) {
            Ok(o) => o,
            Err(reason) => {
                self.tracking.fail(&run_id, self.clock.now());
                return out.push(Event::RunFailed { run_id, reason });
            }
        };
        let total = outcome.curve.len();
        self.clock.elapse(outcome.seconds);
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
        let test_confusion = outcome.test.confusion;
        let test_roc = outcome.roc.iter().map(|&(f, t, _)| (f, t)).collect();
        let model = TrainedModel {
            outcome,
            data_digest: set.data_digest.clone(),
            training_set_digest: set.digest.clone(),
            source: set.source.clone(),
            views: set.views.clone(),
            split: split.clone(),
        };
        self.tracking.finish(&run_id, model, self.clock.now());
        if let Some(run) = self.tracking.runs().get(&run_id) {
            out.push(Event::RunFinished {
                run: run.clone(),
                test_confusion,
                test_roc,
            });
        }
    }

    /// Trains every combination as its own run; each trial's events leave as it runs.
    pub(super) fn sweep(
        &mut self,
        kind: ModelKind,
        strategy: SweepStrategy,
        grid: &BTreeMap<String, Vec<ParamValue>>,
        trials: Option<i64>,
        out: &mut Emit,
    ) {
        let mut sub = ChaCha8Rng::seed_from_u64(self.rng.next_u64());
        let combos = match training::sweep_combinations(strategy, grid, trials, &mut sub) {
            Ok(c) => c,
            Err(e) => return out.extend(rejected("sweep", e)),
        };
        let cfgs = match combos
            .iter()
            .map(|c| ModelConfig::check(kind, c))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(c) => c,
            Err(e) => return out.extend(rejected("sweep", e)),
        };
        match self.ready_to_train("sweep") {
            Ok(notes) => out.extend(notes),
            Err(e) => return out.extend(e),
        }
        let sweep_id = format!("sweep-{}", self.tracking.runs().runs.len() + 1);
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
            let before = self.tracking.runs().runs.len();
            self.run_one(cfg, Some(format!("{sweep_id}-{}", k + 1)), &tags, out);
            runs.extend(
                self.tracking.runs().runs[before..]
                    .iter()
                    .map(|r| r.run_id.clone()),
            );
        }
        let best = runs
            .iter()
            .filter_map(|id| {
                self.tracking
                    .runs()
                    .get(id)
                    .and_then(|r| r.metrics.get("val_auc").map(|a| (id.clone(), *a)))
            })
            .fold(None, |best: Option<(String, f64)>, (id, auc)| match best {
                Some((_, b)) if b >= auc => best,
                _ => Some((id, auc)),
            });
        out.push(Event::SweepFinished {
            strategy: strategy_name.into(),
            runs,
            best_val_auc: best.as_ref().map(|b| b.1),
            best_run: best.map(|b| b.0),
        });
    }

    pub(super) fn search_runs(
        &mut self,
        filter: String,
        order_by: &[String],
        max_results: i64,
    ) -> Vec<Event> {
        match self.tracking.runs().search(&filter, order_by, max_results) {
            Ok(runs) => vec![Event::RunsFound { filter, runs }],
            Err(e) => rejected("search_runs", e),
        }
    }

    pub(super) fn set_tag(&mut self, run_id: String, key: String, value: String) -> Vec<Event> {
        if key.trim().is_empty() {
            return rejected("set_tag", "a tag needs a key");
        }
        if !self.tracking.set_tag(&run_id, &key, &value) {
            return rejected("set_tag", format!("unknown run {run_id:?}"));
        }
        vec![Event::TagSet { run_id, key, value }]
    }
}
