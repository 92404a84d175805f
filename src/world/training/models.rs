//! Model families on linfa, with linfa's `ParamGuard` idea for hyperparameters: a params map as a
//! user writes it is checked once into a [`ModelConfig`]; fitting then cannot meet a bad value.
//! Logistic regression standardises its inputs internally (as a scaler in a pipeline would);
//! the decision tree is our own scikit-learn-faithful CART ([`super::tree`]) whose
//! probabilities are its leaves' training class fractions, as sklearn's `predict_proba`;
//! Gaussian naive Bayes comes from linfa-bayes.

use std::collections::BTreeMap;

use linfa::prelude::*;
use linfa_bayes::{GaussianNb, NaiveBayes};
use linfa_logistic::{FittedLogisticRegression, LogisticRegression};
use ndarray::{Array1, Array2, Axis};

use super::tree::{Limits, Tree};

use crate::world::vocabulary::{ModelKind, ParamValue};

/// Checked hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ModelConfig {
    /// L2-regularised logistic regression.
    Logistic {
        /// L2 penalty strength (>= 0).
        alpha: f64,
        /// LBFGS iterations (>= 1).
        max_iterations: u64,
    },
    /// CART decision tree (Gini).
    Tree {
        /// Maximum depth (>= 1).
        max_depth: usize,
        /// Minimum samples to split a node (>= 2).
        min_samples_split: usize,
    },
    /// Gaussian naive Bayes.
    NaiveBayes {
        /// Share of the largest feature variance added to every variance (sklearn: 1e-9).
        var_smoothing: f64,
    },
}

impl ModelConfig {
    /// Checks `params` for `kind`; the error names the offending parameter.
    pub fn check(kind: ModelKind, params: &BTreeMap<String, ParamValue>) -> Result<Self, String> {
        let known: &[&str] = match kind {
            ModelKind::Logistic => &["alpha", "max_iterations"],
            ModelKind::Tree => &["max_depth", "min_samples_split"],
            ModelKind::NaiveBayes => &["var_smoothing"],
        };
        if let Some(k) = params.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "unknown hyperparameter {k:?} for {}; known: {}",
                kind.name(),
                known.join(", ")
            ));
        }
        let int = |name: &str, default: i64, min: i64, max: i64| -> Result<i64, String> {
            match params.get(name) {
                None => Ok(default),
                Some(ParamValue::Int(i)) if (min..=max).contains(i) => Ok(*i),
                Some(v) => Err(format!(
                    "{name} must be an integer from {min} to {max}, got {}",
                    v.to_param_string()
                )),
            }
        };
        Ok(match kind {
            ModelKind::Logistic => {
                let alpha = match params.get("alpha") {
                    None => 1.0,
                    Some(v) => match v.as_f64() {
                        Some(a) if a >= 0.0 && a.is_finite() => a,
                        _ => {
                            return Err(format!(
                                "alpha must be a number >= 0, got {}",
                                v.to_param_string()
                            ));
                        }
                    },
                };
                ModelConfig::Logistic {
                    alpha,
                    max_iterations: int("max_iterations", 100, 1, 10_000)? as u64,
                }
            }
            ModelKind::Tree => ModelConfig::Tree {
                max_depth: int("max_depth", 5, 1, 64)? as usize,
                min_samples_split: int("min_samples_split", 2, 2, 1_000_000_000)? as usize,
            },
            ModelKind::NaiveBayes => match params.get("var_smoothing") {
                None => ModelConfig::NaiveBayes {
                    var_smoothing: 1e-9,
                },
                Some(v) => match v.as_f64() {
                    Some(s) if s >= 0.0 && s.is_finite() => {
                        ModelConfig::NaiveBayes { var_smoothing: s }
                    }
                    _ => {
                        return Err(format!(
                            "var_smoothing must be a number >= 0, got {}",
                            v.to_param_string()
                        ));
                    }
                },
            },
        })
    }

    /// The params as `MLflow` would log them (strings), including defaults.
    pub fn params(&self) -> Vec<(String, String)> {
        match self {
            ModelConfig::Logistic {
                alpha,
                max_iterations,
            } => vec![
                ("alpha".into(), ParamValue::Float(*alpha).to_param_string()),
                ("max_iterations".into(), max_iterations.to_string()),
                ("model".into(), "logistic".into()),
            ],
            ModelConfig::Tree {
                max_depth,
                min_samples_split,
            } => vec![
                ("max_depth".into(), max_depth.to_string()),
                ("min_samples_split".into(), min_samples_split.to_string()),
                ("model".into(), "tree".into()),
            ],
            ModelConfig::NaiveBayes { var_smoothing } => vec![
                (
                    "var_smoothing".into(),
                    ParamValue::Float(*var_smoothing).to_param_string(),
                ),
                ("model".into(), "naive_bayes".into()),
            ],
        }
    }

    #[must_use]
    /// The same family with its capacity scaled to `k` of `of` (for the learning curve).
    pub fn at_step(&self, k: usize, of: usize) -> ModelConfig {
        let scale = |v: usize| (v * k).div_ceil(of).max(1);
        match *self {
            ModelConfig::Logistic {
                alpha,
                max_iterations,
            } => ModelConfig::Logistic {
                alpha,
                max_iterations: scale(max_iterations as usize) as u64,
            },
            ModelConfig::Tree {
                max_depth,
                min_samples_split,
            } => ModelConfig::Tree {
                max_depth: scale(max_depth),
                min_samples_split,
            },
            ModelConfig::NaiveBayes { .. } => *self,
        }
    }

    /// Simulated seconds a fit on `rows` x `cols` takes (a cost model, never the wall clock).
    pub fn simulated_seconds(&self, rows: usize, cols: usize) -> i64 {
        let work = (rows * cols.max(1)) as f64;
        let s = match self {
            ModelConfig::Logistic { max_iterations, .. } => work * *max_iterations as f64 * 4e-8,
            ModelConfig::Tree { max_depth, .. } => {
                work * *max_depth as f64 * (rows.max(2) as f64).log2() * 2e-8
            }
            ModelConfig::NaiveBayes { .. } => work * 5e-8,
        };
        s.ceil().max(1.0) as i64
    }
}

/// A fitted model.
#[derive(Debug, Clone)]
pub enum Fitted {
    /// Logistic regression with its input scaler.
    Logistic {
        /// Per-column mean.
        mean: Array1<f64>,
        /// Per-column sd.
        sd: Array1<f64>,
        /// linfa model.
        model: FittedLogisticRegression<f64, usize>,
    },
    /// CART tree; every node keeps its training rows' positive fraction.
    Tree(Tree),
    /// Gaussian naive Bayes.
    NaiveBayes {
        /// linfa-bayes model.
        model: GaussianNb<f64, usize>,
    },
}

/// Fits `cfg` on rows `x` with labels `y` (0/1).
pub fn fit(cfg: &ModelConfig, x: &Array2<f64>, y: &[u8]) -> Result<Fitted, String> {
    fit_from(cfg, x, y, None)
}

/// Fits `cfg`, a logistic regression starting from `warm`'s weights when given (so a learning
/// curve costs one fit's iterations in total, not one fit per point).
pub fn fit_from(
    cfg: &ModelConfig,
    x: &Array2<f64>,
    y: &[u8],
    warm: Option<&Fitted>,
) -> Result<Fitted, String> {
    let targets: Array1<usize> = y.iter().map(|&v| usize::from(v)).collect();
    if targets.iter().all(|&t| t == targets[0]) {
        return Err("the training split has a single class; a classifier needs both".into());
    }
    match *cfg {
        ModelConfig::Logistic {
            alpha,
            max_iterations,
        } => {
            let (mean, sd) = match warm {
                Some(Fitted::Logistic { mean, sd, .. }) => (mean.clone(), sd.clone()),
                _ => (
                    x.mean_axis(Axis(0))
                        .unwrap_or_else(|| Array1::zeros(x.ncols())),
                    x.std_axis(Axis(0), 0.0)
                        .mapv(|s| if s > 0.0 { s } else { 1.0 }),
                ),
            };
            let xs = (x - &mean) / &sd;
            let mut params = LogisticRegression::default()
                .alpha(alpha)
                .max_iterations(max_iterations);
            if let Some(Fitted::Logistic { model, .. }) = warm {
                let mut w = model.params().to_vec();
                w.push(model.intercept());
                params = params.initial_params(Array1::from(w));
            }
            let model = params
                .fit(&Dataset::new(xs, targets))
                .map_err(|e| format!("logistic regression failed: {e}"))?;
            Ok(Fitted::Logistic { mean, sd, model })
        }
        ModelConfig::Tree {
            max_depth,
            min_samples_split,
        } => {
            let columns: Vec<Vec<f64>> = x.columns().into_iter().map(|c| c.to_vec()).collect();
            Ok(Fitted::Tree(Tree::fit(
                &columns,
                y,
                Limits {
                    max_depth,
                    min_samples_split,
                    min_samples_leaf: 1,
                },
            )))
        }
        ModelConfig::NaiveBayes { var_smoothing } => {
            let model = GaussianNb::params()
                .var_smoothing(var_smoothing)
                .fit(&Dataset::new(x.clone(), targets))
                .map_err(|e| format!("naive Bayes failed: {e}"))?;
            Ok(Fitted::NaiveBayes { model })
        }
    }
}

impl Fitted {
    /// Probability of the positive class for each row.
    pub fn predict_proba(&self, x: &Array2<f64>) -> Vec<f64> {
        self.predict_proba_at_depth(x, u32::MAX)
    }

    /// As [`Fitted::predict_proba`], with a tree cut at `depth` (greedy CART grows the same top
    /// levels whatever its maximum depth, so this is the shallower tree's prediction).
    pub fn predict_proba_at_depth(&self, x: &Array2<f64>, depth: u32) -> Vec<f64> {
        match self {
            Fitted::Logistic { mean, sd, model } => {
                let xs = (x - mean) / sd;
                // linfa orders the two classes itself; map its probability to class 1.
                let p = model.predict_probabilities(&xs);
                let pos_is_first = model.labels().pos.class == 1;
                p.iter()
                    .map(|&v| if pos_is_first { v } else { 1.0 - v })
                    .collect()
            }
            Fitted::Tree(tree) => x
                .rows()
                .into_iter()
                .map(|r| tree.predict_proba_at_depth(|f| r[f], depth as usize))
                .collect(),
            Fitted::NaiveBayes { model } => {
                let (p, classes) = model.predict_proba(x.view());
                match classes.iter().position(|&&c| c == 1) {
                    Some(col) => p.column(col).to_vec(),
                    None => vec![0.0; x.nrows()],
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, ParamValue)]) -> BTreeMap<String, ParamValue> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn params_are_checked_once() {
        assert!(
            ModelConfig::check(ModelKind::Tree, &p(&[("depth", ParamValue::Int(3))]))
                .unwrap_err()
                .contains("unknown hyperparameter")
        );
        assert!(
            ModelConfig::check(ModelKind::Tree, &p(&[("max_depth", ParamValue::Int(0))])).is_err()
        );
        assert!(
            ModelConfig::check(
                ModelKind::Tree,
                &p(&[("max_depth", ParamValue::Text("deep".into()))])
            )
            .is_err()
        );
        assert!(
            ModelConfig::check(
                ModelKind::Logistic,
                &p(&[("alpha", ParamValue::Float(-1.0))])
            )
            .is_err()
        );
        let ok =
            ModelConfig::check(ModelKind::Logistic, &p(&[("alpha", ParamValue::Int(2))])).unwrap();
        assert_eq!(
            ok,
            ModelConfig::Logistic {
                alpha: 2.0,
                max_iterations: 100
            }
        );
    }

    #[test]
    fn both_families_learn_a_separable_rule() {
        let x = Array2::from_shape_fn((200, 2), |(i, j)| {
            if j == 0 {
                (i % 20) as f64
            } else {
                (i % 7) as f64
            }
        });
        let y: Vec<u8> = (0..200).map(|i| u8::from(i % 20 >= 10)).collect();
        for cfg in [
            ModelConfig::NaiveBayes {
                var_smoothing: 1e-9,
            },
            ModelConfig::Logistic {
                alpha: 0.1,
                max_iterations: 100,
            },
            ModelConfig::Tree {
                max_depth: 3,
                min_samples_split: 2,
            },
        ] {
            let m = fit(&cfg, &x, &y).unwrap();
            let pr = m.predict_proba(&x);
            let correct = pr
                .iter()
                .zip(&y)
                .filter(|(p, y)| (**p >= 0.5) == (**y == 1))
                .count();
            assert!(correct >= 190, "{cfg:?}: {correct}");
            assert!(pr.iter().all(|p| (0.0..=1.0).contains(p)));
        }
    }

    #[test]
    fn depth_zero_is_the_base_rate_and_warm_starts_reach_the_full_fit() {
        let x = Array2::from_shape_fn((100, 1), |(i, _)| (i % 10) as f64);
        let y: Vec<u8> = (0..100).map(|i| u8::from(i % 10 >= 7)).collect();
        let tree = fit(
            &ModelConfig::Tree {
                max_depth: 3,
                min_samples_split: 2,
            },
            &x,
            &y,
        )
        .unwrap();
        assert!(
            tree.predict_proba_at_depth(&x, 0)
                .iter()
                .all(|p| (p - 0.3).abs() < 1e-12)
        );
        // Noisy labels: warm-started quarters end where one full optimisation ends.
        let y: Vec<u8> = (0..100)
            .map(|i| u8::from((i % 10 >= 6) != (i % 7 == 0)))
            .collect();
        let loss = |m: &Fitted| crate::world::training::metrics::log_loss(&y, &m.predict_proba(&x));
        let full = fit(
            &ModelConfig::Logistic {
                alpha: 1.0,
                max_iterations: 100,
            },
            &x,
            &y,
        )
        .unwrap();
        let quarter = ModelConfig::Logistic {
            alpha: 1.0,
            max_iterations: 25,
        };
        let mut m = fit(&quarter, &x, &y).unwrap();
        for _ in 0..3 {
            m = fit_from(&quarter, &x, &y, Some(&m)).unwrap();
        }
        assert!(
            (loss(&m) - loss(&full)).abs() < 1e-6,
            "{} vs {}",
            loss(&m),
            loss(&full)
        );
    }

    #[test]
    fn single_class_is_a_clear_error() {
        let x = Array2::zeros((4, 1));
        assert!(
            fit(
                &ModelConfig::Tree {
                    max_depth: 2,
                    min_samples_split: 2
                },
                &x,
                &[1, 1, 1, 1]
            )
            .unwrap_err()
            .contains("single class")
        );
    }
}
