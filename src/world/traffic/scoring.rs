//! Scoring requests the way a deployed image does: its baked-in feature views compute the model
//! inputs on the serving path (with any injected skew switched on), missing inputs are imputed
//! with the training means, and the run's model gives the probability of the positive class.

use ndarray::Array2;

use crate::data::table::Table;
use crate::world::TrainedModel;
use crate::world::features::FeatureView;
use crate::world::serving::Image;

/// The image's views with the serving bug switched on for every skewed output.
fn serving_views(image: &Image, skewed: &[String]) -> Vec<FeatureView> {
    let mut views = image.views.clone();
    for v in &mut views {
        for f in &mut v.features {
            if f.transform
                .outputs(&f.column)
                .iter()
                .any(|o| skewed.contains(o))
            {
                f.serving_bug = true;
            }
        }
    }
    views
}

/// The model inputs of `rows` as the serving path computes them, NaN imputed with `fill`.
pub fn serving_inputs(
    image: &Image,
    fill: &[f64],
    table: &Table,
    rows: &[usize],
    skewed: &[String],
) -> Array2<f64> {
    let views = serving_views(image, skewed);
    let width = fill.len();
    let mut x = Array2::zeros((rows.len(), width));
    for (r, &i) in rows.iter().enumerate() {
        let values = views.iter().flat_map(|v| v.row(table, i, true));
        for (c, v) in values.take(width).enumerate() {
            x[(r, c)] = if v.is_finite() { v } else { fill[c] };
        }
    }
    x
}

/// Positive-class probabilities for `rows`.
pub fn score(
    image: &Image,
    model: &TrainedModel,
    table: &Table,
    rows: &[usize],
    skewed: &[String],
) -> Vec<f64> {
    if rows.is_empty() {
        return Vec::new();
    }
    let x = serving_inputs(image, &model.outcome.fill, table, rows, skewed);
    model.outcome.model.predict_proba(&x)
}

/// Positive-class probabilities for `rows` of `table` as training computed the model's inputs:
/// its own feature views on the offline path, missing inputs imputed with its training means.
/// What `mlflow.evaluate` does with each model it is given: predict on the evaluation data.
pub fn score_offline(model: &TrainedModel, table: &Table, rows: &[usize]) -> Vec<f64> {
    if rows.is_empty() {
        return Vec::new();
    }
    model
        .outcome
        .model
        .predict_proba(&offline_inputs(model, table, rows))
}

/// The model's input matrix for `rows`: its feature views on the offline path, missing inputs
/// imputed with its training means.
pub(crate) fn offline_inputs(model: &TrainedModel, table: &Table, rows: &[usize]) -> Array2<f64> {
    let fill = &model.outcome.fill;
    let mut x = Array2::zeros((rows.len(), fill.len()));
    for (r, &i) in rows.iter().enumerate() {
        let values = model.views.iter().flat_map(|v| v.row(table, i, false));
        for (c, v) in values.take(fill.len()).enumerate() {
            x[(r, c)] = if v.is_finite() { v } else { fill[c] };
        }
    }
    x
}
