//! Explainability and fairness: permutation importance of a run's inputs on its test split, a
//! bias report on predicted labels per facet (Clarify's DPPL and disparate impact), a model card
//! kept with a registry version, and feature attribution drift on served requests (the NDCG of
//! the live attribution ranking against the training one, alerting below 0.90 as Clarify's
//! explainability monitor does). Attributions here are permutation importances, not SHAP values.

mod commands;
pub mod metrics;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use self::metrics::GroupGap;
use super::World;
use super::checks::{CheckOutcome, outcome};

/// Clarify's explainability monitor logs a violation when NDCG falls below this.
pub const NDCG_ALERT: f64 = 0.90;
/// The four-fifths rule: disparate impact below this is adverse impact.
pub const FOUR_FIFTHS: f64 = 0.8;

/// A run's permutation importance on its test split.
#[derive(Debug, Clone, PartialEq)]
pub struct Importance {
    /// Run explained.
    pub run_id: String,
    /// Test AUC before any shuffle.
    pub base_auc: f64,
    /// Source columns with their mean drop in AUC, largest first.
    pub ranked: Vec<(String, f64)>,
}

/// Group metrics of one run's predicted labels on its test split.
#[derive(Debug, Clone, PartialEq)]
pub struct BiasReport {
    /// Run reported on.
    pub run_id: String,
    /// Facet column.
    pub facet: String,
    /// Facet d as written (`age < 25`, `employment = student`).
    pub group: String,
    /// Approved when the predicted default probability is below this.
    pub threshold: f64,
    /// Counts and favourable shares.
    pub gap: GroupGap,
}

/// A model card attached to one registry version.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCard {
    /// Registered model.
    pub model: String,
    /// Version.
    pub version: u32,
    /// Its run.
    pub run_id: String,
    /// What it is for, and for whom.
    pub intended_use: String,
    /// Known limits.
    pub caveats: String,
    /// Test AUC of the run.
    pub test_auc: f64,
    /// The run's top inputs by importance, if explained.
    pub top_features: Vec<String>,
    /// The run's latest bias report, if any.
    pub bias: Option<BiasReport>,
}

impl ModelCard {
    /// What a complete card still lacks (empty when complete).
    pub fn missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.intended_use.trim().is_empty() {
            m.push("intended use");
        }
        if self.caveats.trim().is_empty() {
            m.push("caveats");
        }
        if self.top_features.is_empty() {
            m.push("feature importance (explain the run)");
        }
        if self.bias.is_none() {
            m.push("bias results (bias_report on the run)");
        }
        m
    }
}

/// One feature attribution drift check on an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionDrift {
    /// Endpoint.
    pub endpoint: String,
    /// Version whose requests were explained.
    pub version: u32,
    /// Served requests used.
    pub rows: usize,
    /// Training (test split) attributions, largest first.
    pub baseline: Vec<(String, f64)>,
    /// Live attributions, largest first.
    pub live: Vec<(String, f64)>,
    /// NDCG of the live ranking against the baseline.
    pub ndcg: f64,
}

impl AttributionDrift {
    /// Below Clarify's 0.90.
    pub fn alert(&self) -> bool {
        self.ndcg < NDCG_ALERT
    }
}

/// Everything explained, reported and carded so far.
#[derive(Debug, Clone, Default)]
pub struct Fairness {
    /// Latest importance per run.
    pub importance: BTreeMap<String, Importance>,
    /// Every bias report, oldest first.
    pub bias: Vec<BiasReport>,
    /// Cards by model and version.
    pub cards: BTreeMap<(String, u32), ModelCard>,
    /// Every attribution drift check, oldest first.
    pub drift: Vec<AttributionDrift>,
}

impl World {
    /// Explanations, bias reports, cards and attribution drift checks.
    pub fn fairness(&self) -> &Fairness {
        &self.fairness
    }

    pub(super) fn check_explained(&self, run_id: Option<&str>) -> CheckOutcome {
        let found = self
            .fairness
            .importance
            .values()
            .find(|i| run_id.is_none_or(|r| r == i.run_id));
        match found {
            Some(i) => outcome(
                true,
                format!(
                    "{} explained: {} matters most",
                    i.run_id,
                    i.ranked.first().map_or("nothing", |(f, _)| f.as_str())
                ),
            ),
            None => outcome(false, "no run has been explained (explain run_id=...)"),
        }
    }

    pub(super) fn check_bias_reported(&self, run_id: Option<&str>) -> CheckOutcome {
        match self
            .fairness
            .bias
            .iter()
            .rev()
            .find(|b| run_id.is_none_or(|r| r == b.run_id))
        {
            Some(b) => outcome(
                true,
                format!(
                    "{} on {}: disparate impact {:.2}, DPPL {:+.3}",
                    b.run_id,
                    b.group,
                    b.gap.disparate_impact(),
                    b.gap.dppl()
                ),
            ),
            None => outcome(
                false,
                "no bias report yet (bias_report run_id=... facet=...)",
            ),
        }
    }

    pub(super) fn check_card_complete(&self, model: &str) -> CheckOutcome {
        let cards: Vec<&ModelCard> = self
            .fairness
            .cards
            .values()
            .filter(|c| c.model == model)
            .collect();
        if let Some(c) = cards.iter().find(|c| c.missing().is_empty()) {
            return outcome(
                true,
                format!("{model} version {} has a complete model card", c.version),
            );
        }
        outcome(
            false,
            match cards.last() {
                Some(c) => format!(
                    "the card of {model} version {} lacks {}",
                    c.version,
                    c.missing().join(", ")
                ),
                None => format!("no model card on {model} yet"),
            },
        )
    }

    pub(super) fn check_attribution_alert(&self, endpoint: Option<&str>) -> CheckOutcome {
        let mine = |d: &&AttributionDrift| endpoint.is_none_or(|e| e == d.endpoint);
        if let Some(d) = self.fairness.drift.iter().filter(mine).find(|d| d.alert()) {
            return outcome(
                true,
                format!(
                    "{}: attribution NDCG {:.3} below {NDCG_ALERT}",
                    d.endpoint, d.ndcg
                ),
            );
        }
        outcome(
            false,
            match self.fairness.drift.iter().rfind(mine) {
                Some(d) => format!(
                    "{}: the latest attribution NDCG is {:.3}, not below {NDCG_ALERT}",
                    d.endpoint, d.ndcg
                ),
                None => "no attribution drift check has run".into(),
            },
        )
    }
}
