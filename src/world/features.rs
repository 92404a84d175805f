//! The feature store, after Feast: entities, versioned feature views with transformations and a
//! TTL, an offline store with point-in-time-correct joins for training sets, an online store
//! holding the latest values per entity (filled by `materialize`), and a skew check that compares
//! what training saw with what serving computes.

pub mod offline;
pub mod skew;
pub mod transform;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use self::offline::{EntityIndex, point_in_time_join};
pub use self::skew::{SkewFeature, SkewReport};
pub use self::transform::{OutputKind, Transform, fit_standardise};
use super::vocabulary::FeatureSpecParams;
use crate::data::table::{ColumnData, ColumnType, Digest, Table};

/// Longest TTL a view may have (ten years), so time arithmetic cannot overflow.
pub const MAX_TTL_HOURS: i64 = 24 * 3650;

/// A Feast entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Name.
    pub name: String,
    /// Join key column.
    pub join_key: String,
}

/// One feature of a view: a source column, its transformation, and whether the serving path
/// uses the divergent implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureDef {
    /// Source column.
    pub column: String,
    /// Transformation.
    pub transform: Transform,
    /// True when the serving bug is switched on.
    pub serving_bug: bool,
}

/// A registered feature view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureView {
    /// Name.
    pub name: String,
    /// Version, from 1; re-registering bumps it.
    pub version: u32,
    /// Entity name.
    pub entity: String,
    /// TTL in seconds; `None` means never expires.
    pub ttl: Option<i64>,
    /// Features.
    pub features: Vec<FeatureDef>,
}

impl FeatureView {
    /// Output names and kinds, in order.
    pub fn outputs(&self) -> Vec<(String, OutputKind)> {
        self.features
            .iter()
            .flat_map(|f| {
                let k = f.transform.output_kind();
                f.transform
                    .outputs(&f.column)
                    .into_iter()
                    .map(move |o| (o, k))
            })
            .collect()
    }

    /// All outputs for source row `i`, on the training (`serving = false`) or serving path.
    pub fn row(&self, table: &Table, i: usize, serving: bool) -> Vec<f64> {
        let mut out = Vec::new();
        for f in &self.features {
            f.transform
                .apply_row(table, &f.column, i, serving && f.serving_bug, &mut out);
        }
        out
    }

    /// A serialisable summary.
    pub fn summary(&self) -> FeatureViewSummary {
        FeatureViewSummary {
            name: self.name.clone(),
            version: self.version,
            entity: self.entity.clone(),
            ttl_hours: self.ttl.map(|t| t / 3600),
            outputs: self.outputs().into_iter().map(|(o, _)| o).collect(),
        }
    }
}

/// What an event says about a view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureViewSummary {
    /// Name.
    pub name: String,
    /// Version.
    pub version: u32,
    /// Entity.
    pub entity: String,
    /// TTL in hours (`None`: never expires).
    pub ttl_hours: Option<i64>,
    /// Output feature names.
    pub outputs: Vec<String>,
}

/// A training set: joined, transformed features (column-major) and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingSet {
    /// Output feature names.
    pub features: Vec<String>,
    /// How each feature is compared for skew.
    pub kinds: Vec<OutputKind>,
    /// One vector per feature; NaN where the join gave nulls.
    pub columns: Vec<Vec<f64>>,
    /// Labels.
    pub labels: Vec<u8>,
    /// Views and versions joined.
    pub view_versions: Vec<(String, u32)>,
    /// Digest of the source data.
    pub data_digest: String,
    /// Digest of this training set.
    pub digest: String,
    /// The source rows of the entity rows, in the set's order (row k of the set is row k here):
    /// the data the model is trained on, kept with it as the monitor's training reference.
    pub source: Arc<Table>,
    /// The views as they were joined, so a model can be scored again on raw rows.
    pub views: Vec<FeatureView>,
}

/// What an event says about a training set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSetSummary {
    /// Rows.
    pub rows: usize,
    /// Output features.
    pub features: Vec<String>,
    /// Per view: entity rows that got nulls (no feature row within the TTL).
    pub null_rows: Vec<(String, usize)>,
    /// Rows with label 1.
    pub positives: usize,
    /// Rows left out because their label had not arrived by now (event time + label delay).
    #[serde(default)]
    pub label_pending: usize,
    /// Views and versions joined.
    pub view_versions: Vec<(String, u32)>,
    /// Digest of the training set.
    pub digest: String,
}

/// Entities, views and the online store.
#[derive(Debug, Clone, Default)]
pub struct FeatureStore {
    /// Declared entities.
    pub entities: Vec<Entity>,
    /// Latest version of each view, by name.
    pub views: BTreeMap<String, FeatureView>,
    /// Online store: per view, entity -> (event time, source row) of the latest value.
    pub online: BTreeMap<String, BTreeMap<u64, (i64, usize)>>,
}

impl FeatureStore {
    /// Checks feature specs against the data and builds the view (version chosen by caller).
    pub fn check_view(
        &self,
        table: &Table,
        name: &str,
        entity: &str,
        ttl_hours: i64,
        specs: &[FeatureSpecParams],
    ) -> Result<FeatureView, String> {
        if !self.entities.iter().any(|e| e.name == entity) {
            return Err(format!(
                "unknown entity {entity:?}: define it with define_entity first"
            ));
        }
        if !(0..=MAX_TTL_HOURS).contains(&ttl_hours) {
            return Err(format!(
                "ttl_hours must be between 0 and {MAX_TTL_HOURS}, got {ttl_hours}"
            ));
        }
        if specs.is_empty() {
            return Err("a feature view needs at least one feature".into());
        }
        let features = specs
            .iter()
            .map(|s| check_feature(table, s))
            .collect::<Result<Vec<_>, _>>()?;
        let version = self.views.get(name).map_or(1, |v| v.version + 1);
        let view = FeatureView {
            name: name.to_string(),
            version,
            entity: entity.to_string(),
            ttl: (ttl_hours > 0).then_some(ttl_hours * 3600),
            features,
        };
        let outs = view.outputs();
        let unique: BTreeSet<&String> = outs.iter().map(|(o, _)| o).collect();
        if unique.len() != outs.len() {
            return Err("two features of the view produce the same output name".into());
        }
        Ok(view)
    }

    /// Joins `views` for every row of `table` whose label has arrived by `now`.
    ///
    /// As Feast's `get_historical_features`, the entity row's timestamp T is the row's own event
    /// (prediction) time: the features are those known when the prediction was made. When the
    /// label arrives never moves T; a label delay only leaves out the rows whose label is still
    /// pending (`event_ts + delay > now`).
    /// <https://docs.feast.dev/getting-started/concepts/point-in-time-joins>
    pub fn build_training_set(
        &self,
        table: &Table,
        views: &[&FeatureView],
        delay: i64,
        now: i64,
    ) -> (TrainingSet, TrainingSetSummary) {
        let index = EntityIndex::new(&table.entity_ids, &table.event_ts);
        let kept: Vec<usize> = (0..table.n_rows())
            .filter(|&i| table.event_ts[i].saturating_add(delay) <= now)
            .collect();
        let entity_rows: Vec<(u64, i64)> = kept
            .iter()
            .map(|&i| (table.entity_ids[i], table.event_ts[i]))
            .collect();
        let mut features = Vec::new();
        let mut kinds = Vec::new();
        let mut columns: Vec<Vec<f64>> = Vec::new();
        let mut null_rows = Vec::new();
        for view in views {
            let outs = view.outputs();
            let start = columns.len();
            for (o, k) in &outs {
                features.push(o.clone());
                kinds.push(*k);
                columns.push(Vec::with_capacity(entity_rows.len()));
            }
            let joined = point_in_time_join(&index, &entity_rows, view.ttl);
            null_rows.push((
                view.name.clone(),
                joined.iter().filter(|j| j.is_none()).count(),
            ));
            for j in joined {
                let row = match j {
                    Some(i) => view.row(table, i, false),
                    None => vec![f64::NAN; outs.len()],
                };
                for (c, v) in columns[start..].iter_mut().zip(row) {
                    c.push(v);
                }
            }
        }
        let mut d = Digest::new();
        d.bytes(table.digest().as_bytes());
        for (name, col) in features.iter().zip(&columns) {
            d.bytes(name.as_bytes());
            d.words(col.iter().map(|x| x.to_bits()));
        }
        let view_versions: Vec<(String, u32)> =
            views.iter().map(|v| (v.name.clone(), v.version)).collect();
        let source = table.take(&kept);
        let set = TrainingSet {
            features,
            kinds,
            columns,
            labels: source.labels.clone(),
            view_versions: view_versions.clone(),
            data_digest: table.digest(),
            digest: format!("{:016x}", d.finish()),
            views: views.iter().map(|v| (*v).clone()).collect(),
            source: Arc::new(source),
        };
        let summary = TrainingSetSummary {
            rows: set.labels.len(),
            features: set.features.clone(),
            null_rows,
            positives: set.source.positives(),
            label_pending: table.n_rows() - kept.len(),
            view_versions,
            digest: set.digest.clone(),
        };
        (set, summary)
    }

    /// Writes the latest row per entity in `[start, end]` to the online store; an existing newer
    /// value is kept. Returns the number of entity keys written.
    pub fn materialize(&mut self, table: &Table, view: &str, start: i64, end: i64) -> usize {
        let index = EntityIndex::new(&table.entity_ids, &table.event_ts);
        let store = self.online.entry(view.to_string()).or_default();
        let mut written = 0;
        for (e, ts, row) in index.latest_in_window(start, end) {
            let newer = store.get(&e).is_none_or(|&(old, _)| ts >= old);
            if newer {
                store.insert(e, (ts, row));
                written += 1;
            }
        }
        written
    }

    /// Compares the training set with what the serving path computes for the online store's
    /// entities, for every materialised view the training set used.
    pub fn skew(
        &self,
        table: &Table,
        set: &TrainingSet,
        num_t: f64,
        cat_t: f64,
    ) -> Option<SkewReport> {
        let mut features = Vec::new();
        let mut serving_rows = 0;
        for (name, _) in &set.view_versions {
            let (Some(view), Some(online)) = (self.views.get(name), self.online.get(name)) else {
                continue;
            };
            serving_rows = serving_rows.max(online.len());
            let served: Vec<Vec<f64>> = online
                .values()
                .map(|&(_, i)| view.row(table, i, true))
                .collect();
            for (k, (out, kind)) in view.outputs().into_iter().enumerate() {
                let Some(pos) = set.features.iter().position(|f| *f == out) else {
                    continue;
                };
                let serving: Vec<f64> = served.iter().map(|r| r[k]).collect();
                let t = if kind == OutputKind::Numeric {
                    num_t
                } else {
                    cat_t
                };
                features.push(skew::compare(&out, kind, &set.columns[pos], &serving, t));
            }
        }
        (!features.is_empty()).then_some(SkewReport {
            training_rows: set.labels.len(),
            serving_rows,
            features,
        })
    }
}

fn check_feature(table: &Table, s: &FeatureSpecParams) -> Result<FeatureDef, String> {
    let col = table.column(&s.column).ok_or_else(|| {
        format!(
            "unknown feature {:?}; columns are {}",
            s.column,
            table.column_names().join(", ")
        )
    })?;
    let kind = col.data.column_type();
    let numeric_only = |t: Transform| {
        if kind == ColumnType::Numeric {
            Ok(t)
        } else {
            Err(format!(
                "{} is categorical: use transform = \"one_hot\"",
                s.column
            ))
        }
    };
    let transform = match s.transform.as_str() {
        "identity" => numeric_only(Transform::Identity)?,
        "log" => numeric_only(Transform::Log)?,
        "standardise" | "standardize" => match &col.data {
            ColumnData::Numeric(v) => fit_standardise(v),
            ColumnData::Categorical { .. } => numeric_only(Transform::Identity)?,
        },
        "bucketise" | "bucketize" => {
            let b = &s.boundaries;
            if b.is_empty()
                || b.windows(2).any(|w| w[0] >= w[1])
                || b.iter().any(|x| !x.is_finite())
            {
                return Err("bucketise needs boundaries = [..] in strictly ascending order".into());
            }
            numeric_only(Transform::Bucketise {
                boundaries: b.clone(),
            })?
        }
        "one_hot" => match &col.data {
            ColumnData::Categorical { levels, .. } => Transform::OneHot {
                levels: levels.clone(),
            },
            ColumnData::Numeric(_) => {
                return Err(format!(
                    "{} is numeric: one_hot needs a categorical column",
                    s.column
                ));
            }
        },
        "ratio" => {
            let d = s
                .denominator
                .clone()
                .ok_or("ratio needs denominator = \"<column>\"")?;
            match table.column(&d).map(|c| c.data.column_type()) {
                Some(ColumnType::Numeric) => numeric_only(Transform::Ratio { denominator: d })?,
                _ => return Err(format!("ratio denominator {d:?} is not a numeric column")),
            }
        }
        other => {
            return Err(format!(
                "unknown transform {other:?}; use identity, standardise, bucketise, one_hot, log or ratio"
            ));
        }
    };
    Ok(FeatureDef {
        column: s.column.clone(),
        transform,
        serving_bug: false,
    })
}
