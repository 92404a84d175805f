//! The fixed vocabularies of content files: study topics and item types.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// An item type a vendor uses (and that the quiz engine can present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// One correct option.
    Single,
    /// Several correct options, pick N.
    Multi,
    /// Put steps in order.
    Order,
    /// Match left items to right items.
    Match,
    /// Several questions on one shared case study.
    Case,
}

impl ItemType {
    /// Every item type, in display order.
    pub const ALL: [ItemType; 5] = [
        ItemType::Single,
        ItemType::Multi,
        ItemType::Order,
        ItemType::Match,
        ItemType::Case,
    ];

    /// The name used in TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Single => "single",
            ItemType::Multi => "multi",
            ItemType::Order => "order",
            ItemType::Match => "match",
            ItemType::Case => "case",
        }
    }
}

impl FromStr for ItemType {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or(())
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The study topics questions and labs are filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// Data validation.
    DataValidation,
    /// Feature stores.
    FeatureStore,
    /// Experiment tracking.
    ExperimentTracking,
    /// Model registries.
    ModelRegistry,
    /// CI/CD for ML.
    Cicd,
    /// Containers.
    Containers,
    /// Pipeline orchestration.
    Orchestration,
    /// Deployment strategies.
    Deployment,
    /// Model serving.
    Serving,
    /// Monitoring.
    Monitoring,
    /// Data and concept drift.
    Drift,
    /// Retraining.
    Retraining,
    /// Data engineering.
    DataEngineering,
    /// Model development.
    ModelDevelopment,
    /// Responsible AI.
    ResponsibleAi,
    /// Security.
    Security,
    /// Generative-AI operations.
    GenaiOps,
}

impl Topic {
    /// Every topic, in DESIGN.md order.
    pub const ALL: [Topic; 17] = [
        Topic::DataValidation,
        Topic::FeatureStore,
        Topic::ExperimentTracking,
        Topic::ModelRegistry,
        Topic::Cicd,
        Topic::Containers,
        Topic::Orchestration,
        Topic::Deployment,
        Topic::Serving,
        Topic::Monitoring,
        Topic::Drift,
        Topic::Retraining,
        Topic::DataEngineering,
        Topic::ModelDevelopment,
        Topic::ResponsibleAi,
        Topic::Security,
        Topic::GenaiOps,
    ];

    /// The name used in TOML, e.g. `data-validation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::DataValidation => "data-validation",
            Topic::FeatureStore => "feature-store",
            Topic::ExperimentTracking => "experiment-tracking",
            Topic::ModelRegistry => "model-registry",
            Topic::Cicd => "cicd",
            Topic::Containers => "containers",
            Topic::Orchestration => "orchestration",
            Topic::Deployment => "deployment",
            Topic::Serving => "serving",
            Topic::Monitoring => "monitoring",
            Topic::Drift => "drift",
            Topic::Retraining => "retraining",
            Topic::DataEngineering => "data-engineering",
            Topic::ModelDevelopment => "model-development",
            Topic::ResponsibleAi => "responsible-ai",
            Topic::Security => "security",
            Topic::GenaiOps => "genai-ops",
        }
    }
}

impl FromStr for Topic {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or(())
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for t in Topic::ALL {
            assert_eq!(t.as_str().parse::<Topic>(), Ok(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        for t in ItemType::ALL {
            assert_eq!(t.as_str().parse::<ItemType>(), Ok(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        assert!("Drift".parse::<Topic>().is_err());
    }
}
