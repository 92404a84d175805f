//! The drift options as the user gives them ([`DriftParams`]) and checked ([`DriftConfig`]):
//! which method and threshold each column gets, resolved as Evidently's `DataDriftPreset`
//! resolves `stattest`, `num_stattest`/`cat_stattest` and `per_column_stattest` (and their
//! thresholds): per column first, then per type, then every column, then the automatic choice
//! and the method's own threshold.

use std::collections::BTreeMap;

use crate::stats::Method;

use super::{ColumnKind, DriftError};

/// How each column's method is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodChoice {
    /// Evidently's automatic choice per column (by type, reference size, unique values).
    Auto,
    /// This method.
    Fixed(Method),
}

/// The options of a drift report as the user gave them.
#[derive(Debug, Clone)]
pub struct DriftParams {
    /// `auto` or one of Evidently's method names, for every column (`stattest`).
    pub method: String,
    /// The method for numerical columns (`num_stattest`), over `method`.
    pub num_method: Option<String>,
    /// The method for categorical columns (`cat_stattest`), over `method`.
    pub cat_method: Option<String>,
    /// `column=method` entries (`per_column_stattest`), over everything else.
    pub per_column: Vec<String>,
    /// A threshold for every column; `None` uses each method's default.
    pub threshold: Option<f64>,
    /// The threshold for numerical columns, over `threshold`.
    pub num_threshold: Option<f64>,
    /// The threshold for categorical columns, over `threshold`.
    pub cat_threshold: Option<f64>,
    /// `column=threshold` entries, over everything else.
    pub per_column_threshold: Vec<String>,
    /// Share of drifted columns at or above which the dataset counts as drifted.
    pub drift_share: f64,
    /// Only these columns; empty means every column in both files.
    pub columns: Vec<String>,
    /// Columns to read as categories even when every value is a number.
    pub categorical: Vec<String>,
    /// A category seen only in the current data makes its column drift, whatever the score.
    pub new_category_drift: bool,
}

impl Default for DriftParams {
    fn default() -> Self {
        DriftParams {
            method: "auto".to_string(),
            num_method: None,
            cat_method: None,
            per_column: Vec::new(),
            threshold: None,
            num_threshold: None,
            cat_threshold: None,
            per_column_threshold: Vec::new(),
            drift_share: 0.5,
            columns: Vec::new(),
            categorical: Vec::new(),
            new_category_drift: false,
        }
    }
}

/// Which option chose a column's method, for messages that tell the user what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodSource {
    /// `--method`.
    All,
    /// `--num-method` or `--cat-method`.
    Kind,
    /// `--per-column`.
    Column,
}

/// Checked drift options: every field is known to be valid.
#[derive(Debug, Clone)]
pub struct DriftConfig {
    method: MethodChoice,
    num_method: Option<MethodChoice>,
    cat_method: Option<MethodChoice>,
    per_column: BTreeMap<String, MethodChoice>,
    threshold: Option<f64>,
    num_threshold: Option<f64>,
    cat_threshold: Option<f64>,
    per_column_threshold: BTreeMap<String, f64>,
    pub(super) drift_share: f64,
    pub(super) columns: Vec<String>,
    pub(super) categorical: Vec<String>,
    pub(super) new_category_drift: bool,
}

/// The methods that apply to categorical columns, for messages.
const CATEGORICAL_METHODS: &str = "chisquare, z, jensenshannon, psi, kl_div";

fn parse_choice(flag: &str, value: &str) -> Result<MethodChoice, DriftError> {
    if value.eq_ignore_ascii_case("auto") {
        return Ok(MethodChoice::Auto);
    }
    value
        .parse::<Method>()
        .map(MethodChoice::Fixed)
        .map_err(|e| DriftError::Option(format!("{flag}: {e}")))
}

fn check_threshold(flag: &str, t: f64) -> Result<f64, DriftError> {
    if !t.is_finite() || t < 0.0 {
        return Err(DriftError::Option(format!(
            "{flag} {t}: expected a number of 0 or more (0.05 for tests, 0.1 for distances)"
        )));
    }
    Ok(t)
}

/// Splits `column=value` entries into a map, refusing empty names and repeated columns.
fn per_column<T>(
    flag: &str,
    entries: &[String],
    parse: impl Fn(&str, &str) -> Result<T, DriftError>,
) -> Result<BTreeMap<String, T>, DriftError> {
    let mut map = BTreeMap::new();
    for entry in entries {
        // Values never hold '=', column names may: split at the last one.
        let Some((name, value)) = entry.rsplit_once('=') else {
            return Err(DriftError::Option(format!(
                "{flag} '{entry}': expected column=value (e.g. {flag} age=psi,city=chisquare)"
            )));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(DriftError::Option(format!(
                "{flag} '{entry}': the column name is empty"
            )));
        }
        let value = parse(&format!("{flag} {name}"), value.trim())?;
        if map.insert(name.to_string(), value).is_some() {
            return Err(DriftError::Option(format!(
                "{flag}: column '{name}' is given twice"
            )));
        }
    }
    Ok(map)
}

impl DriftParams {
    /// Validates the options once, before any file is read.
    pub fn check(self) -> Result<DriftConfig, DriftError> {
        let method = parse_choice("--method", &self.method)?;
        let num_method = self
            .num_method
            .as_deref()
            .map(|m| parse_choice("--num-method", m))
            .transpose()?;
        let cat_method = self
            .cat_method
            .as_deref()
            .map(|m| parse_choice("--cat-method", m))
            .transpose()?;
        if let Some(MethodChoice::Fixed(m)) = cat_method
            && m.numerical_only()
        {
            return Err(DriftError::Option(format!(
                "--cat-method {m}: {m} applies only to numerical columns (for categorical columns: \
                 {CATEGORICAL_METHODS})"
            )));
        }
        let per_column_methods = per_column("--per-column", &self.per_column, parse_choice)?;
        let threshold = self
            .threshold
            .map(|t| check_threshold("--threshold", t))
            .transpose()?;
        let num_threshold = self
            .num_threshold
            .map(|t| check_threshold("--num-threshold", t))
            .transpose()?;
        let cat_threshold = self
            .cat_threshold
            .map(|t| check_threshold("--cat-threshold", t))
            .transpose()?;
        let per_column_threshold = per_column(
            "--per-column-threshold",
            &self.per_column_threshold,
            |f, v| {
                let t = v.parse::<f64>().map_err(|_| {
                    DriftError::Option(format!("{f}={v}: expected a number such as 0.05 or 0.2"))
                })?;
                check_threshold(f, t)
            },
        )?;
        if !(0.0..=1.0).contains(&self.drift_share) {
            return Err(DriftError::Option(format!(
                "--drift-share {}: expected a share between 0 and 1",
                self.drift_share
            )));
        }
        for (flag, list) in [
            ("--columns", &self.columns),
            ("--categorical", &self.categorical),
        ] {
            if let Some(pos) = list.iter().position(|c| c.trim().is_empty()) {
                return Err(DriftError::Option(format!(
                    "{flag}: name {} is empty; give comma-separated column names",
                    pos + 1
                )));
            }
        }
        Ok(DriftConfig {
            method,
            num_method,
            cat_method,
            per_column: per_column_methods,
            threshold,
            num_threshold,
            cat_threshold,
            per_column_threshold,
            drift_share: self.drift_share,
            columns: self.columns,
            categorical: self.categorical,
            new_category_drift: self.new_category_drift,
        })
    }
}

impl DriftConfig {
    /// Every column the options name by name (`--columns`, `--categorical`, `--per-column`,
    /// `--per-column-threshold`), each with the flag that named it.
    pub(super) fn named_columns(&self) -> Vec<(&'static str, &str)> {
        let mut named: Vec<(&'static str, &str)> = Vec::new();
        named.extend(self.columns.iter().map(|c| ("--columns", c.as_str())));
        named.extend(
            self.categorical
                .iter()
                .map(|c| ("--categorical", c.as_str())),
        );
        named.extend(self.per_column.keys().map(|c| ("--per-column", c.as_str())));
        named.extend(
            self.per_column_threshold
                .keys()
                .map(|c| ("--per-column-threshold", c.as_str())),
        );
        named
    }

    /// The method for column `name` of type `kind`, and the option that chose it, resolved as
    /// Evidently's `_calculate_stattest`: per column, else per type, else every column.
    pub(super) fn method_for(&self, name: &str, kind: ColumnKind) -> (MethodChoice, MethodSource) {
        if let Some(&m) = self.per_column.get(name) {
            return (m, MethodSource::Column);
        }
        let by_kind = match kind {
            ColumnKind::Numerical => self.num_method,
            ColumnKind::Categorical => self.cat_method,
        };
        match by_kind {
            Some(m) => (m, MethodSource::Kind),
            None => (self.method, MethodSource::All),
        }
    }

    /// The threshold for column `name` of type `kind`, resolved as Evidently's
    /// `_calculate_threshold` (per column, per type, every column); `None` means the method's
    /// own default.
    pub(super) fn threshold_for(&self, name: &str, kind: ColumnKind) -> Option<f64> {
        if let Some(&t) = self.per_column_threshold.get(name) {
            return Some(t);
        }
        let by_kind = match kind {
            ColumnKind::Numerical => self.num_threshold,
            ColumnKind::Categorical => self.cat_threshold,
        };
        by_kind.or(self.threshold)
    }

    /// Refuses a method that cannot apply to the column's type, saying which option to change.
    pub(super) fn check_applies(&self, name: &str, kind: ColumnKind) -> Result<(), DriftError> {
        let (MethodChoice::Fixed(m), source) = self.method_for(name, kind) else {
            return Ok(());
        };
        if kind == ColumnKind::Numerical || !m.numerical_only() {
            return Ok(());
        }
        let hint = match source {
            MethodSource::All => format!(
                "--method {m} applies only to numerical columns; use --num-method {m} for the \
                 numerical columns and --cat-method (one of {CATEGORICAL_METHODS}, or auto) for \
                 the categorical ones, or --per-column {name}=chisquare"
            ),
            // Refused when the options were checked; kept for a complete message.
            MethodSource::Kind => format!("--cat-method {m} applies only to numerical columns"),
            MethodSource::Column => format!(
                "--per-column {name}={m}: {m} applies only to numerical columns (for categorical \
                 columns: {CATEGORICAL_METHODS})"
            ),
        };
        Err(DriftError::Column(format!(
            "column '{name}' is categorical: {hint}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> DriftParams {
        DriftParams::default()
    }

    #[test]
    fn per_column_beats_type_beats_all_as_in_evidently() {
        let c = DriftParams {
            method: "psi".into(),
            cat_method: Some("chisquare".into()),
            per_column: vec!["b=z".into(), "x=y=kl_div".into()],
            threshold: Some(0.3),
            num_threshold: Some(0.2),
            per_column_threshold: vec!["b=0.01".into()],
            ..params()
        }
        .check()
        .unwrap();
        let fixed = MethodChoice::Fixed;
        assert_eq!(
            c.method_for("a", ColumnKind::Numerical).0,
            fixed(Method::Psi)
        );
        assert_eq!(
            c.method_for("a", ColumnKind::Categorical).0,
            fixed(Method::ChiSquare)
        );
        assert_eq!(c.method_for("b", ColumnKind::Numerical).0, fixed(Method::Z));
        assert_eq!(
            c.method_for("x=y", ColumnKind::Numerical).0,
            fixed(Method::KlDiv)
        );
        assert_eq!(c.threshold_for("a", ColumnKind::Numerical), Some(0.2));
        assert_eq!(c.threshold_for("a", ColumnKind::Categorical), Some(0.3));
        assert_eq!(c.threshold_for("b", ColumnKind::Numerical), Some(0.01));
        let none = params().check().unwrap();
        assert_eq!(none.threshold_for("a", ColumnKind::Numerical), None);
        assert_eq!(
            none.method_for("a", ColumnKind::Numerical).0,
            MethodChoice::Auto
        );
    }

    #[test]
    fn a_numerical_only_method_is_refused_where_it_cannot_apply() {
        let c = DriftParams {
            method: "ks".into(),
            ..params()
        }
        .check()
        .unwrap();
        assert!(c.check_applies("n", ColumnKind::Numerical).is_ok());
        let msg = c
            .check_applies("city", ColumnKind::Categorical)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("column 'city' is categorical"), "{msg}");
        assert!(
            msg.contains("--num-method ks") && msg.contains("--cat-method"),
            "{msg}"
        );
        // A categorical method for categorical columns makes --method ks fine.
        let c = DriftParams {
            method: "ks".into(),
            cat_method: Some("auto".into()),
            ..params()
        }
        .check()
        .unwrap();
        assert!(c.check_applies("city", ColumnKind::Categorical).is_ok());
        let err = DriftParams {
            cat_method: Some("wasserstein".into()),
            ..params()
        }
        .check()
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("--cat-method wasserstein: "), "{err}");
    }

    #[test]
    fn malformed_entries_are_named() {
        let cases = [
            (vec!["age"], "--per-column 'age': expected column=value"),
            (vec!["=psi"], "the column name is empty"),
            (vec!["a=psi", "a=ks"], "column 'a' is given twice"),
            (
                vec!["a=ttest"],
                "--per-column a: unknown drift method 'ttest'",
            ),
        ];
        for (entries, want) in cases {
            let err = DriftParams {
                per_column: entries.iter().map(|s| (*s).to_string()).collect(),
                ..params()
            }
            .check()
            .unwrap_err()
            .to_string();
            assert!(err.contains(want), "{err}");
        }
        let err = DriftParams {
            per_column_threshold: vec!["a=much".into()],
            ..params()
        }
        .check()
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("--per-column-threshold a=much: expected a number"),
            "{err}"
        );
        let err = DriftParams {
            num_threshold: Some(-0.1),
            ..params()
        }
        .check()
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("--num-threshold -0.1: "), "{err}");
    }
}
