//! Training: a seeded train / validation / test split whose fractions must sum to 1, a design
//! matrix with missing values imputed by train-split means, a fit that reports a learning curve
//! (validation log loss at four growing capacities) and metrics on validation and test, and
//! grid or seeded random sweeps over hyperparameter lists.

pub mod metrics;
pub mod models;
pub mod tree;

use std::collections::BTreeMap;

use ndarray::Array2;
use rand::Rng;
use rand::seq::SliceRandom;

pub use self::metrics::Metrics;
pub use self::models::{Fitted, ModelConfig};
use super::features::TrainingSet;
use super::vocabulary::{ParamValue, SweepStrategy};

/// Steps on the learning curve of one training run.
pub const CURVE_STEPS: usize = 4;

/// Row indices of each split.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Train rows.
    pub train: Vec<usize>,
    /// Validation rows.
    pub validation: Vec<usize>,
    /// Test rows.
    pub test: Vec<usize>,
}

/// Checks split fractions: each in (0, 1) and summing to 1 (within 1e-9).
pub fn check_fractions(train: f64, validation: f64, test: f64) -> Result<(), String> {
    for (name, v) in [("train", train), ("validation", validation), ("test", test)] {
        if !(v > 0.0 && v < 1.0) {
            return Err(format!(
                "{name} fraction must be between 0 and 1 (exclusive), got {v}"
            ));
        }
    }
    let sum = train + validation + test;
    if (sum - 1.0).abs() > 1e-9 {
        return Err(format!(
            "split fractions must sum to 1, but {train} + {validation} + {test} = {sum}"
        ));
    }
    Ok(())
}

/// Shuffles `0..n` with `rng` and cuts it by the fractions; every part gets at least one row.
pub fn make_split(
    n: usize,
    train: f64,
    validation: f64,
    rng: &mut impl Rng,
) -> Result<Split, String> {
    if n < 3 {
        return Err(format!("need at least 3 rows to split, have {n}"));
    }
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(rng);
    let n_train = ((n as f64 * train).round() as usize).clamp(1, n - 2);
    let n_val = ((n as f64 * validation).round() as usize).clamp(1, n - n_train - 1);
    let test = idx.split_off(n_train + n_val);
    let validation = idx.split_off(n_train);
    Ok(Split {
        train: idx,
        validation,
        test,
    })
}

/// Means of each feature over `rows`, ignoring NaN (0 when a column has no value).
pub fn column_means(set: &TrainingSet, rows: &[usize]) -> Vec<f64> {
    set.columns
        .iter()
        .map(|c| {
            let (n, s) = rows
                .iter()
                .map(|&i| c[i])
                .filter(|x| x.is_finite())
                .fold((0.0, 0.0), |(n, s), x| (n + 1.0, s + x));
            if n > 0.0 { s / n } else { 0.0 }
        })
        .collect()
}

/// The rows' features as a matrix, NaN replaced by `fill`.
pub fn design(set: &TrainingSet, rows: &[usize], fill: &[f64]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), set.columns.len()), |(r, c)| {
        let v = set.columns[c][rows[r]];
        if v.is_finite() { v } else { fill[c] }
    })
}

/// What one training produced.
#[derive(Debug, Clone)]
pub struct TrainOutcome {
    /// The fitted model.
    pub model: Fitted,
    /// Imputation values (train means) the model expects.
    pub fill: Vec<f64>,
    /// Validation log loss after each learning-curve step.
    pub curve: Vec<f64>,
    /// Validation metrics.
    pub validation: Metrics,
    /// Test metrics.
    pub test: Metrics,
    /// Test ROC curve `(fpr, tpr, threshold)`.
    pub roc: Vec<(f64, f64, f64)>,
    /// Simulated seconds the training took.
    pub seconds: i64,
}

/// Fits `cfg` on the train split, tracing the learning curve on validation; `on_step` hears
/// each curve step (number from 1, steps in all, validation log loss) as soon as it is fitted.
pub fn train(
    cfg: &ModelConfig,
    set: &TrainingSet,
    split: &Split,
    on_step: &mut dyn FnMut(usize, usize, f64),
) -> Result<TrainOutcome, String> {
    let fill = column_means(set, &split.train);
    let x = design(set, &split.train, &fill);
    let y: Vec<u8> = split.train.iter().map(|&i| set.labels[i]).collect();
    let xv = design(set, &split.validation, &fill);
    let yv: Vec<u8> = split.validation.iter().map(|&i| set.labels[i]).collect();
    let mut curve = Vec::with_capacity(CURVE_STEPS);
    let mut record = |loss: f64| {
        curve.push(loss);
        on_step(curve.len(), CURVE_STEPS, loss);
    };
    let seconds = cfg.simulated_seconds(x.nrows(), x.ncols());
    let model = match *cfg {
        // Logistic: continue the same optimisation in quarters (warm starts), so the curve costs
        // one fit's iterations in total.
        ModelConfig::Logistic {
            alpha,
            max_iterations,
        } => {
            let chunk = max_iterations.div_ceil(CURVE_STEPS as u64).max(1);
            let step = ModelConfig::Logistic {
                alpha,
                max_iterations: chunk,
            };
            let mut model: Option<Fitted> = None;
            for _ in 0..CURVE_STEPS {
                let m = models::fit_from(&step, &x, &y, model.as_ref())?;
                record(metrics::log_loss(&yv, &m.predict_proba(&xv)));
                model = Some(m);
            }
            model.ok_or("no learning-curve step ran")?
        }
        // Tree: one fit; shallower trees are its top levels.
        ModelConfig::Tree { .. } => {
            let m = models::fit(cfg, &x, &y)?;
            for k in 1..=CURVE_STEPS {
                let ModelConfig::Tree { max_depth, .. } = cfg.at_step(k, CURVE_STEPS) else {
                    continue;
                };
                record(metrics::log_loss(
                    &yv,
                    &m.predict_proba_at_depth(&xv, max_depth as u32),
                ));
            }
            m
        }
        // Naive Bayes: a learning curve over training-set size (first quarter, half, ...).
        ModelConfig::NaiveBayes { .. } => {
            let mut model = None;
            for k in 1..=CURVE_STEPS {
                let rows = (x.nrows() * k).div_ceil(CURVE_STEPS).max(2);
                let part = x
                    .slice_axis(ndarray::Axis(0), ndarray::Slice::from(..rows))
                    .to_owned();
                let m = models::fit(cfg, &part, &y[..rows])?;
                record(metrics::log_loss(&yv, &m.predict_proba(&xv)));
                model = Some(m);
            }
            model.ok_or("no learning-curve step ran")?
        }
    };
    let validation = metrics::evaluate(&yv, &model.predict_proba(&xv));
    let xt = design(set, &split.test, &fill);
    let yt: Vec<u8> = split.test.iter().map(|&i| set.labels[i]).collect();
    let pt = model.predict_proba(&xt);
    Ok(TrainOutcome {
        test: metrics::evaluate(&yt, &pt),
        roc: metrics::roc_curve(&yt, &pt),
        model,
        fill,
        curve,
        validation,
        seconds,
    })
}

/// Most combinations one sweep may train.
const MAX: usize = 200;

/// The combinations a sweep trains, in a stable order.
pub fn sweep_combinations(
    strategy: SweepStrategy,
    grid: &BTreeMap<String, Vec<ParamValue>>,
    trials: Option<i64>,
    rng: &mut impl Rng,
) -> Result<Vec<BTreeMap<String, ParamValue>>, String> {
    if grid.is_empty() || grid.values().any(Vec::is_empty) {
        return Err("every hyperparameter in the grid needs at least one value".into());
    }
    // The grid's size is checked before anything is built: two lists of 3,000 values would
    // otherwise allocate nine million maps before the cap could refuse them.
    let size = grid
        .values()
        .try_fold(1usize, |n, v| n.checked_mul(v.len()))
        .ok_or("the grid has more combinations than this machine can count")?;
    // Combination `i` in grid order: the last hyperparameter varies fastest.
    let combination = |mut i: usize| {
        let mut c = BTreeMap::new();
        for (k, values) in grid.iter().rev() {
            c.insert(k.clone(), values[i % values.len()].clone());
            i /= values.len();
        }
        c
    };
    match strategy {
        SweepStrategy::Grid if size > MAX => Err(format!(
            "the grid has {size} combinations; the most one sweep may train is {MAX}"
        )),
        SweepStrategy::Grid => Ok((0..size).map(combination).collect()),
        SweepStrategy::Random => {
            let n = trials.ok_or("a random sweep needs trials = N")?;
            if n < 1 || n as usize > MAX {
                return Err(format!("trials must be between 1 and {MAX}, got {n}"));
            }
            // Sampling without replacement, as scikit-learn's ParameterSampler over lists.
            let n = (n as usize).min(size);
            let mut picked: Vec<usize> = rand::seq::index::sample(rng, size, n).into_vec();
            picked.sort_unstable();
            Ok(picked.into_iter().map(combination).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn fractions_must_sum_to_one() {
        assert!(check_fractions(0.7, 0.15, 0.15).is_ok());
        assert!(
            check_fractions(0.7, 0.2, 0.2)
                .unwrap_err()
                .contains("sum to 1")
        );
        assert!(check_fractions(1.2, -0.1, -0.1).is_err());
    }

    #[test]
    fn split_is_a_seeded_partition() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let s = make_split(100, 0.7, 0.15, &mut rng).unwrap();
        assert_eq!(
            (s.train.len(), s.validation.len(), s.test.len()),
            (70, 15, 15)
        );
        let mut all: Vec<usize> = s
            .train
            .iter()
            .chain(&s.validation)
            .chain(&s.test)
            .copied()
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        let again = make_split(100, 0.7, 0.15, &mut ChaCha8Rng::seed_from_u64(1)).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn a_huge_grid_is_refused_before_it_is_built_and_sampled_without_building_it() {
        let values: Vec<ParamValue> = (0..3000).map(ParamValue::Int).collect();
        let grid: BTreeMap<String, Vec<ParamValue>> = [
            ("alpha".to_string(), values.clone()),
            ("max_iterations".to_string(), values),
        ]
        .into_iter()
        .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let err = sweep_combinations(SweepStrategy::Grid, &grid, None, &mut rng).unwrap_err();
        assert!(err.contains("9000000 combinations"), "{err}");
        // A random sweep draws 5 of the nine million by index; the last key varies fastest.
        let picked = sweep_combinations(SweepStrategy::Random, &grid, Some(5), &mut rng).unwrap();
        assert_eq!(picked.len(), 5);
        let first = sweep_combinations(
            SweepStrategy::Grid,
            &[
                (
                    "a".to_string(),
                    vec![ParamValue::Int(1), ParamValue::Int(2)],
                ),
                (
                    "b".to_string(),
                    vec![ParamValue::Int(7), ParamValue::Int(8)],
                ),
            ]
            .into_iter()
            .collect(),
            None,
            &mut rng,
        )
        .unwrap();
        let pairs: Vec<(i64, i64)> = first
            .iter()
            .map(|c| match (&c["a"], &c["b"]) {
                (ParamValue::Int(a), ParamValue::Int(b)) => (*a, *b),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(pairs, [(1, 7), (1, 8), (2, 7), (2, 8)]);
    }

    #[test]
    fn grid_and_random_sweeps() {
        let grid: BTreeMap<String, Vec<ParamValue>> = [
            (
                "max_depth".to_string(),
                vec![ParamValue::Int(2), ParamValue::Int(4), ParamValue::Int(6)],
            ),
            (
                "min_samples_split".to_string(),
                vec![ParamValue::Int(2), ParamValue::Int(10)],
            ),
        ]
        .into_iter()
        .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        assert_eq!(
            sweep_combinations(SweepStrategy::Grid, &grid, None, &mut rng)
                .unwrap()
                .len(),
            6
        );
        let r = sweep_combinations(SweepStrategy::Random, &grid, Some(4), &mut rng).unwrap();
        assert_eq!(r.len(), 4);
        let mut dedup = r.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), 4);
        assert!(sweep_combinations(SweepStrategy::Random, &grid, None, &mut rng).is_err());
    }
}
