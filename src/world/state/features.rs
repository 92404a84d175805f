//! The features part: the feature store (entities, views, online store) and what was derived
//! from the current data through it: the training set, its split and the latest skew report.
//! A new training set drops the split and skew report made from the old one.

use crate::world::features::{FeatureStore, SkewReport, TrainingSet};
use crate::world::training::Split;

/// Feature store, training set, split and skew report.
#[derive(Debug, Clone, Default)]
pub struct FeatureState {
    store: FeatureStore,
    training_set: Option<TrainingSet>,
    split: Option<Split>,
    skew: Option<SkewReport>,
}

impl FeatureState {
    /// The feature store.
    pub fn store(&self) -> &FeatureStore {
        &self.store
    }
    /// The feature store, to define views and materialise them.
    pub(in crate::world) fn store_mut(&mut self) -> &mut FeatureStore {
        &mut self.store
    }
    /// The current training set.
    pub fn training_set(&self) -> Option<&TrainingSet> {
        self.training_set.as_ref()
    }
    /// The current split.
    pub fn split(&self) -> Option<&Split> {
        self.split.as_ref()
    }
    /// The latest skew report.
    pub fn skew(&self) -> Option<&SkewReport> {
        self.skew.as_ref()
    }
    /// The training set with its split, when both exist.
    pub fn ready(&self) -> Option<(&TrainingSet, &Split)> {
        self.training_set.as_ref().zip(self.split.as_ref())
    }

    /// The data changed: drops the training set, split, skew report and online store. True when
    /// there was a training set or online values to drop.
    pub(in crate::world) fn clear_derived(&mut self) -> bool {
        let had = self.training_set.is_some() || !self.store.online.is_empty();
        self.training_set = None;
        self.split = None;
        self.skew = None;
        self.store.online.clear();
        had
    }
    /// Installs a new training set; the split and skew report of the old one go.
    pub(in crate::world) fn set_training_set(&mut self, set: TrainingSet) {
        self.training_set = Some(set);
        self.split = None;
        self.skew = None;
    }
    pub(in crate::world) fn set_split(&mut self, split: Split) {
        self.split = Some(split);
    }
    pub(in crate::world) fn set_skew(&mut self, report: SkewReport) {
        self.skew = Some(report);
    }
}
