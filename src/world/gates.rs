//! CI/CD gates: a data-validation check plus champion-vs-challenger checks with the semantics of
//! `MLflow`'s `MetricThreshold` (`mlflow/models/evaluation/validation.py`): `threshold`,
//! `min_absolute_change` and `min_relative_change`, compared with `>=` when greater is better and
//! `<=` otherwise, all required together; a missing baseline fails any change check; a zero baseline turns
//! the relative check into "better by 1e-10".

use serde::{Deserialize, Serialize};

use super::vocabulary::ThresholdSpec;

/// One line of a gate: what was checked, the numbers, pass or fail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateCheck {
    /// E.g. `data_validation`, `test_auc threshold`.
    pub name: String,
    /// Pass or fail.
    pub passed: bool,
    /// Candidate value.
    pub candidate: Option<f64>,
    /// Baseline (champion) value.
    pub baseline: Option<f64>,
    /// The value the candidate had to reach.
    pub required: Option<f64>,
    /// A sentence.
    pub detail: String,
}

/// A gate's verdict on one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateResult {
    /// Candidate run.
    pub run_id: String,
    /// Registered model compared against.
    pub model: String,
    /// Champion version used as baseline, if any.
    pub baseline_version: Option<u32>,
    /// Every check.
    pub checks: Vec<GateCheck>,
    /// True when every check passed.
    pub passed: bool,
}

impl GateResult {
    /// The failed checks as one sentence.
    pub fn failures(&self) -> String {
        self.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.detail.clone())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The checks `MetricThreshold` performs when it is constructed.
pub fn check_spec(metric: &str, s: &ThresholdSpec) -> Result<(), String> {
    let pre = format!("Could not instantiate MetricThreshold for {metric}");
    if s.threshold.is_none() && s.min_absolute_change.is_none() && s.min_relative_change.is_none() {
        return Err(format!("{pre}: no threshold was specified."));
    }
    if s.min_absolute_change
        .is_some_and(|a| a.is_nan() || a <= 0.0)
    {
        return Err(format!(
            "{pre}: `min_absolute_change` parameter must be a positive number."
        ));
    }
    if s.min_relative_change
        .is_some_and(|r| !(0.0..=1.0).contains(&r))
    {
        return Err(format!(
            "{pre}: `min_relative_change` parameter must be between 0 and 1."
        ));
    }
    Ok(())
}

/// The checks for one metric.
pub fn metric_checks(
    metric: &str,
    s: &ThresholdSpec,
    candidate: Option<f64>,
    baseline: Option<f64>,
) -> Vec<GateCheck> {
    let better = |a: f64, b: f64| if s.greater_is_better { a >= b } else { a <= b };
    let op = if s.greater_is_better { ">=" } else { "<=" };
    let check = |name: &str, passed: bool, required: Option<f64>, detail: String| GateCheck {
        name: format!("{metric} {name}"),
        passed,
        candidate,
        baseline,
        required,
        detail,
    };
    let Some(c) = candidate else {
        return vec![check(
            "present",
            false,
            None,
            format!(
                "metric {metric} was missing from the evaluation result of the candidate model"
            ),
        )];
    };
    let mut out = Vec::new();
    if let Some(t) = s.threshold {
        out.push(check(
            "threshold",
            better(c, t),
            Some(t),
            format!("candidate {metric} = {c:.4} must be {op} threshold {t}"),
        ));
    }
    if s.min_absolute_change.is_none() && s.min_relative_change.is_none() {
        return out;
    }
    let Some(b) = baseline else {
        out.push(check("baseline", false, None, format!("model comparison failed: metric {metric} was missing from the evaluation result of the baseline model (no champion to compare with)")));
        return out;
    };
    let sign = if s.greater_is_better { 1.0 } else { -1.0 };
    if let Some(a) = s.min_absolute_change {
        let req = b + sign * a;
        out.push(check(
            "min_absolute_change",
            better(c, req),
            Some(req),
            format!(
                "candidate {metric} = {c:.4} must be {op} baseline {b:.4} {} {a} = {req:.4}",
                if sign > 0.0 { "+" } else { "-" }
            ),
        ));
    }
    if let Some(r) = s.min_relative_change {
        if b == 0.0 {
            let req = b + sign * 1e-10;
            out.push(check(
                "min_relative_change",
                better(c, req),
                Some(req),
                format!("baseline {metric} is 0, so the candidate ({c:.4}) must simply be better"),
            ));
        } else {
            let change = sign * (c - b) / b;
            out.push(check("min_relative_change", change >= r, Some(b + sign * r * b), format!("relative change of {metric} is {change:.4} (candidate {c:.4} vs baseline {b:.4}); at least {r} is required")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(t: Option<f64>, a: Option<f64>, r: Option<f64>, gib: bool) -> ThresholdSpec {
        ThresholdSpec {
            threshold: t,
            min_absolute_change: a,
            min_relative_change: r,
            greater_is_better: gib,
        }
    }

    fn passed(v: &[GateCheck]) -> Vec<bool> {
        v.iter().map(|c| c.passed).collect()
    }

    #[test]
    fn all_three_checks_are_anded_and_boundaries_pass() {
        let s = spec(Some(0.7), Some(0.3), Some(0.5), true);
        // 0.75 >= 0.7; 0.75 >= 0.5 + 0.3 fails; (0.75 - 0.5) / 0.5 = 0.5 >= 0.5 passes.
        assert_eq!(
            passed(&metric_checks("auc", &s, Some(0.75), Some(0.5))),
            vec![true, false, true]
        );
        // Exactly at the threshold passes.
        assert_eq!(
            passed(&metric_checks(
                "auc",
                &spec(Some(0.8), None, None, true),
                Some(0.8),
                None
            )),
            vec![true]
        );
    }

    #[test]
    fn lower_is_better_flips_every_comparison() {
        let s = spec(Some(0.5), Some(0.1), Some(0.2), false);
        assert_eq!(
            passed(&metric_checks("log_loss", &s, Some(0.3), Some(0.45))),
            vec![true, true, true]
        );
        assert_eq!(
            passed(&metric_checks("log_loss", &s, Some(0.4), Some(0.45))),
            vec![true, false, false]
        );
    }

    #[test]
    fn missing_baseline_and_zero_baseline() {
        let s = spec(Some(0.5), Some(0.01), None, true);
        let v = metric_checks("auc", &s, Some(0.9), None);
        assert_eq!(passed(&v), vec![true, false]);
        assert!(
            v[1].detail
                .contains("missing from the evaluation result of the baseline")
        );
        let z = metric_checks(
            "recall",
            &spec(None, None, Some(0.5), true),
            Some(0.0),
            Some(0.0),
        );
        assert_eq!(passed(&z), vec![false]);
        assert!(!metric_checks("auc", &s, None, Some(0.5))[0].passed);
    }

    #[test]
    fn constructor_rules() {
        assert!(
            check_spec("auc", &spec(None, None, None, true))
                .unwrap_err()
                .contains("no threshold")
        );
        assert!(check_spec("auc", &spec(None, Some(0.0), None, true)).is_err());
        assert!(check_spec("auc", &spec(None, None, Some(1.5), true)).is_err());
        assert!(check_spec("auc", &spec(Some(0.7), None, None, true)).is_ok());
    }
}
