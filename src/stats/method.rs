//! The drift methods by Evidently's names, their thresholds and comparison directions, and
//! Evidently's automatic choice of method.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A per-column drift method, named as Evidently names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Method {
    /// Two-sample Kolmogorov-Smirnov test (`scipy.stats.ks_2samp`); the score is the p-value.
    #[serde(rename = "ks")]
    Ks,
    /// Pearson chi-square test of current counts against reference proportions; p-value.
    #[serde(rename = "chisquare")]
    ChiSquare,
    /// Two-proportion z-test ("first sorted value" against the rest); p-value.
    #[serde(rename = "z")]
    Z,
    /// Wasserstein-1 distance divided by the reference's population SD (floored at 0.001).
    #[serde(rename = "wasserstein")]
    Wasserstein,
    /// Jensen-Shannon distance (natural log) over Evidently's bins.
    #[serde(rename = "jensenshannon")]
    JensenShannon,
    /// Population Stability Index over Evidently's bins with its zero-filling.
    #[serde(rename = "psi")]
    Psi,
    /// Kullback-Leibler divergence of reference from current bins (`scipy.stats.entropy`).
    #[serde(rename = "kl_div")]
    KlDiv,
}

impl Method {
    /// Every method, in Evidently's documentation order.
    pub const ALL: [Method; 7] = [
        Method::Ks,
        Method::ChiSquare,
        Method::Z,
        Method::Wasserstein,
        Method::JensenShannon,
        Method::Psi,
        Method::KlDiv,
    ];

    /// Evidently's registered name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Ks => "ks",
            Method::ChiSquare => "chisquare",
            Method::Z => "z",
            Method::Wasserstein => "wasserstein",
            Method::JensenShannon => "jensenshannon",
            Method::Psi => "psi",
            Method::KlDiv => "kl_div",
        }
    }

    /// Evidently's default threshold: `StatTest` defaults to 0.05; Wasserstein, Jensen-Shannon,
    /// PSI and KL override it with 0.1.
    pub fn default_threshold(self) -> f64 {
        if self.is_p_value() { 0.05 } else { 0.1 }
    }

    /// True when the score is a p-value (drift when small), false for a distance (drift when
    /// large).
    pub fn is_p_value(self) -> bool {
        matches!(self, Method::Ks | Method::ChiSquare | Method::Z)
    }

    /// Evidently's verdict: `ks` drifts when `p <= threshold`, `chisquare` and `z` when
    /// `p < threshold`, the distances when `score >= threshold`. A NaN score never drifts.
    pub fn drifted(self, score: f64, threshold: f64) -> bool {
        match self {
            Method::Ks => score <= threshold,
            Method::ChiSquare | Method::Z => score < threshold,
            Method::Wasserstein | Method::JensenShannon | Method::Psi | Method::KlDiv => {
                score >= threshold
            }
        }
    }

    /// The comparison that means drift, for explanations ("p <= 0.05").
    pub fn comparison(self) -> &'static str {
        match self {
            Method::Ks => "<=",
            Method::ChiSquare | Method::Z => "<",
            _ => ">=",
        }
    }

    /// Words for a report.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Ks => "KS p-value",
            Method::ChiSquare => "chi-square p-value",
            Method::Z => "Z-test p-value",
            Method::Wasserstein => "normed Wasserstein distance",
            Method::JensenShannon => "Jensen-Shannon distance",
            Method::Psi => "PSI",
            Method::KlDiv => "Kullback-Leibler divergence",
        }
    }

    /// True when the method only accepts numerical data (`ks`, `wasserstein`).
    pub fn numerical_only(self) -> bool {
        matches!(self, Method::Ks | Method::Wasserstein)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown method name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown drift method '{0}' (valid: ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div)"
)]
pub struct UnknownMethod(pub String);

impl FromStr for Method {
    type Err = UnknownMethod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| UnknownMethod(s.to_string()))
    }
}

/// The type of a column, which decides the automatic method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Numbers.
    Numerical,
    /// Labels.
    Categorical,
}

/// The most distinct values [`auto_method`] needs to know about: it only asks "more than 5?",
/// so a count that stops at 6 gives the same choice.
pub const AUTO_UNIQUE_CAP: usize = 6;

/// Evidently's `_get_default_stattest`.
///
/// `reference_rows` counts the reference values left after NaN/±inf are dropped (Evidently
/// cleans the column before choosing); `n_unique` counts distinct non-missing values over
/// reference and current together.
///
/// | reference rows | type | n_unique | method |
/// |---|---|---|---|
/// | <= 1000 | numerical | > 5 | ks |
/// | <= 1000 | any | 3..=5 (numerical), > 2 (categorical) | chisquare |
/// | <= 1000 | any | <= 2 | z |
/// | > 1000 | numerical | > 5 | wasserstein |
/// | > 1000 | numerical <= 5, or categorical | | jensenshannon |
pub fn auto_method(column_type: ColumnType, reference_rows: usize, n_unique: usize) -> Method {
    match (reference_rows <= 1000, column_type) {
        (true, ColumnType::Numerical) if n_unique > 5 => Method::Ks,
        (true, _) if n_unique > 2 => Method::ChiSquare,
        (true, _) => Method::Z,
        (false, ColumnType::Numerical) if n_unique > 5 => Method::Wasserstein,
        (false, _) => Method::JensenShannon,
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values are expected")]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_errors_list_valid_names() {
        for m in Method::ALL {
            assert_eq!(m.name().parse::<Method>(), Ok(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.name())
            );
        }
        let err = "kolmogorov".parse::<Method>().unwrap_err().to_string();
        assert!(err.contains("kolmogorov") && err.contains("kl_div") && err.contains("chisquare"));
    }

    #[test]
    fn comparison_directions_follow_evidently() {
        assert!(Method::Ks.drifted(0.05, 0.05));
        assert!(!Method::ChiSquare.drifted(0.05, 0.05));
        assert!(!Method::Z.drifted(0.05, 0.05));
        assert!(Method::Wasserstein.drifted(0.1, 0.1));
        assert!(Method::Psi.drifted(0.1, 0.1));
        assert!(!Method::JensenShannon.drifted(0.099, 0.1));
        assert!(!Method::Ks.drifted(f64::NAN, 0.05));
        assert_eq!(Method::KlDiv.default_threshold(), 0.1);
        assert_eq!(Method::Z.default_threshold(), 0.05);
    }

    #[test]
    fn auto_choice_table() {
        use ColumnType::{Categorical, Numerical};
        assert_eq!(auto_method(Numerical, 1000, 6), Method::Ks);
        assert_eq!(auto_method(Numerical, 1000, 5), Method::ChiSquare);
        assert_eq!(auto_method(Numerical, 1000, 3), Method::ChiSquare);
        assert_eq!(auto_method(Numerical, 1000, 2), Method::Z);
        assert_eq!(auto_method(Categorical, 10, 40), Method::ChiSquare);
        assert_eq!(auto_method(Categorical, 10, 1), Method::Z);
        assert_eq!(auto_method(Numerical, 1001, 6), Method::Wasserstein);
        assert_eq!(auto_method(Numerical, 1001, 5), Method::JensenShannon);
        assert_eq!(auto_method(Categorical, 5000, 2), Method::JensenShannon);
    }
}
