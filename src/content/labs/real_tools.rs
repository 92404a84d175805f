//! A step's `real_tools` table: what does the same on Vertex AI, `SageMaker` AI, Azure ML and in
//! open source. Each entry given must be plain, non-empty text; an unknown platform is an error
//! at its key (serde's `deny_unknown_fields`). How many steps name all four is the lab's
//! concern ([`coverage`]).

use serde::Deserialize;
use toml::Spanned;

use super::model::{LabStep, RealTools};
use super::parse::{Problem, plain};
use crate::content::text::Lines;

type Text = Spanned<String>;

/// The table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRealTools {
    vertex: Option<Text>,
    sagemaker: Option<Text>,
    azure_ml: Option<Text>,
    open_source: Option<Text>,
}

/// The checked table of step `n`.
pub(super) fn parse(n: usize, raw: &RawRealTools, p: &mut Vec<Problem>) -> RealTools {
    let mut entry = |key: &str, t: &Option<Text>| {
        t.as_ref().map(|t| {
            plain(t, &format!("step {n}: real_tools.{key}"), Lines::One, p);
            t.get_ref().trim().to_owned()
        })
    };
    RealTools {
        vertex: entry("vertex", &raw.vertex),
        sagemaker: entry("sagemaker", &raw.sagemaker),
        azure_ml: entry("azure_ml", &raw.azure_ml),
        open_source: entry("open_source", &raw.open_source),
    }
}

/// The share of steps a lab needs with all four entries, in percent.
pub const MIN_COVERAGE_PERCENT: usize = 80;

/// When fewer than [`MIN_COVERAGE_PERCENT`] of the steps name all four platforms: the message,
/// and the index of the first step that does not.
pub fn coverage(steps: &[LabStep]) -> Option<(String, usize)> {
    let complete = steps
        .iter()
        .filter(|s| s.real_tools.as_ref().is_some_and(RealTools::complete))
        .count();
    if steps.is_empty() || complete * 100 >= steps.len() * MIN_COVERAGE_PERCENT {
        return None;
    }
    let first = steps
        .iter()
        .position(|s| !s.real_tools.as_ref().is_some_and(RealTools::complete))
        .unwrap_or(0);
    Some((
        format!(
            "{complete} of {} steps have a `real_tools` table with all four of vertex, sagemaker, azure_ml and open_source; a lab needs at least {MIN_COVERAGE_PERCENT}% (the first without one is step {})",
            steps.len(),
            first + 1
        ),
        first,
    ))
}
