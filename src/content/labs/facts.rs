//! The World readings a computed checkpoint question may name (`alarm.errors.value`,
//! `drift.scoring.income.score`, ...), as the content layer knows them: their names and shapes,
//! so `check` refuses a name that could never be read. The lab runtime reads them from a World
//! (`crate::lab::computed`).

use crate::world::pipeline::StepName;
use crate::world::vocabulary::ServeMode;

/// One number read from the learner's World.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// `data.rows`: rows in the current table.
    Rows,
    /// `data.present.<column>`: the share of rows with a value in the column (0 to 1).
    Present(String),
    /// `schema.<column>.min_fraction`: the share of rows the schema requires a value in.
    MinFraction(String),
    /// `run.<run-id>.<metric>`: a run's last value of a metric.
    RunMetric(String, String),
    /// `runs.best.<metric>`: the highest value of a metric over the finished runs.
    BestMetric(String),
    /// `runs.finished`: how many runs finished.
    RunsFinished,
    /// `alarm.<name>.value`: the figure the alarm saw when it last fired.
    AlarmValue(String),
    /// `alarm.<name>.threshold`: the threshold it compared against then.
    AlarmThreshold(String),
    /// `alarm.<name>.version`: the model version whose figure breached.
    AlarmVersion(String),
    /// `traffic.<endpoint>.v<N>`: the percent of live traffic version N takes now.
    Traffic(String, u32),
    /// `endpoint.<name>.requests`: live requests served so far.
    Requests(String),
    /// `endpoint.<name>.errors`: failed requests so far.
    Errors(String),
    /// `drift.<endpoint>.<feature>.score`: the latest monitor window's score for the feature.
    DriftScore(String, String),
    /// `drift.<endpoint>.<feature>.threshold`: the threshold it was compared with.
    DriftThreshold(String, String),
    /// `realised.<endpoint>.accuracy`: the latest realised accuracy (labels arrived).
    Realised(String),
    /// `estimated.<endpoint>.accuracy`: what CBPE estimated, without labels, for the same
    /// requests as the latest realised accuracy (the pair a monitor line shows side by side).
    Estimated(String),
    /// `pipeline.last.<step>.attempts`: attempts of a step in the latest pipeline run.
    Attempts(StepName),
    /// `abtest.<endpoint>.<field>`: the endpoint's latest A/B test.
    AbTest(String, AbField),
    /// `bias.latest.<field>`: the latest bias report: `di` (disparate impact), `dppl`,
    /// `rate_a` / `rate_d` (approved shares of everyone else / of facet d).
    Bias(BiasField),
    /// `importance.<run-id>.<column>`: the run's drop in test AUC when the column is shuffled.
    Importance(String, String),
    /// `attribution.<endpoint>.ndcg`: the endpoint's latest attribution drift NDCG.
    AttributionNdcg(String),
    /// `served.<endpoint>.day<N>`: the version that answered most of served day N's requests.
    Served(String, u32),
    /// `scaling.<endpoint>.<field>`: the endpoint's scaling record over the hours kept;
    /// `scaling.<endpoint>.day.<field>` (the `true`): over its last served day only.
    Scaling(String, ScalingField, bool),
    /// `serve.<name>.<field>` / `serve.<name>.<mode>.<field>`: the workload's latest
    /// `serve_mode` day (in that mode, if named).
    Serve(String, Option<ServeMode>, ServeField),
    /// `skew.<feature>.value`: the latest training-serving skew check's distance for the feature.
    SkewValue(String),
    /// `skew.<feature>.threshold`: the threshold that check compared it with.
    SkewThreshold(String),
}

/// What a `scaling.<endpoint>.<field>` fact reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalingField {
    /// `replicas_min` / `replicas_max`: fewest / most desired replicas in any served hour.
    Replicas(bool),
    /// `p95_ms_peak`: the worst hourly p95 latency, ms.
    P95Peak,
    /// `events`: hours whose replica count differs from the hour before.
    Events,
    /// `replica_hours`: replicas summed over the served hours (what instances are billed by).
    ReplicaHours,
    /// `cold_starts`: wakes from zero replicas, each a cold start some caller waited for.
    ColdStarts,
}

impl ScalingField {
    const NAMES: [(&'static str, ScalingField); 6] = [
        ("replicas_min", ScalingField::Replicas(false)),
        ("replicas_max", ScalingField::Replicas(true)),
        ("p95_ms_peak", ScalingField::P95Peak),
        ("events", ScalingField::Events),
        ("replica_hours", ScalingField::ReplicaHours),
        ("cold_starts", ScalingField::ColdStarts),
    ];
}

/// What a `bias.latest.<field>` fact reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BiasField {
    /// `di`: `q_d` / `q_a`.
    DisparateImpact,
    /// `dppl`: `q_a` - `q_d`.
    Dppl,
    /// `rate_a` / `rate_d`: the approved share of facet a (false) or d (true).
    Rate(bool),
}

/// What a `serve.` fact reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServeField {
    /// `cost`: dollars billed.
    Cost,
    /// `instance_hours`: instance-hours billed.
    InstanceHours,
    /// `p50_ms` / `p95_ms`: time from arrival to result.
    Latency(bool),
    /// `hours`: the p95 time to a result in hours (freshness).
    Hours,
    /// `max_queue`: most requests waiting at once.
    MaxQueue,
    /// `timeouts`: requests that got no result.
    Timeouts,
    /// `requests`: requests in the day.
    Requests,
}

impl ServeField {
    const NAMES: [(&'static str, ServeField); 8] = [
        ("cost", ServeField::Cost),
        ("instance_hours", ServeField::InstanceHours),
        ("p50_ms", ServeField::Latency(false)),
        ("p95_ms", ServeField::Latency(true)),
        ("hours", ServeField::Hours),
        ("max_queue", ServeField::MaxQueue),
        ("timeouts", ServeField::Timeouts),
        ("requests", ServeField::Requests),
    ];
}

/// The field named `field` in a fact's table of field names, or an error naming the known ones.
fn named<T: Copy>(names: &[(&str, T)], name: &str, what: &str, field: &str) -> Result<T, String> {
    names
        .iter()
        .find(|(n, _)| *n == field)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let known: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            format!(
                "`{name}`: unknown {what} field `{field}` (known: {})",
                known.join(", ")
            )
        })
}

/// What an `abtest.<endpoint>.<field>` fact reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbField {
    /// `n_per_arm`: the requests per arm the plan needs.
    NPerArm,
    /// `days`: daily looks so far.
    Days,
    /// `control_requests` / `treatment_requests`: requests counted per arm.
    Requests(bool),
    /// `control_rate` / `treatment_rate`: observed conversion rates.
    Rate(bool),
    /// `difference`: treatment minus control.
    Difference,
    /// `p_value`: the latest look's two-sided p-value.
    PValue,
    /// `ci_low` / `ci_high`: the latest look's interval of the difference.
    Ci(bool),
    /// `at_horizon`: 1 when the test ended with both arms at the planned size, else 0.
    AtHorizon,
}

impl AbField {
    const NAMES: [(&'static str, AbField); 11] = [
        ("n_per_arm", AbField::NPerArm),
        ("days", AbField::Days),
        ("control_requests", AbField::Requests(false)),
        ("treatment_requests", AbField::Requests(true)),
        ("control_rate", AbField::Rate(false)),
        ("treatment_rate", AbField::Rate(true)),
        ("difference", AbField::Difference),
        ("p_value", AbField::PValue),
        ("ci_low", AbField::Ci(false)),
        ("ci_high", AbField::Ci(true)),
        ("at_horizon", AbField::AtHorizon),
    ];
}

/// The shapes of the names, for messages and docs.
pub const FACT_SHAPES: &str = "data.rows, data.present.<column>, schema.<column>.min_fraction, \
run.<run-id>.<metric>, runs.best.<metric>, runs.finished, alarm.<name>.value|threshold|version, \
traffic.<endpoint>.v<N>, endpoint.<name>.requests|errors, \
drift.<endpoint>.<feature>.score|threshold, realised.<endpoint>.accuracy, \
estimated.<endpoint>.accuracy, pipeline.last.<step>.attempts, abtest.<endpoint>.n_per_arm|days|control_requests|\
treatment_requests|control_rate|treatment_rate|difference|p_value|ci_low|ci_high|at_horizon, \
bias.latest.di|dppl|rate_a|rate_d, importance.<run-id>.<column>, attribution.<endpoint>.ndcg, \
served.<endpoint>.day<N>, scaling.<endpoint>[.day].replicas_min|replicas_max|p95_ms_peak|events|replica_hours|cold_starts, \
serve.<name>[.real_time|async|batch].cost|instance_hours|p50_ms|p95_ms|hours|max_queue|timeouts|requests, \
skew.<feature>.value|threshold";

fn word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl Fact {
    /// Reads a fact's name; `Err` says what is wrong with it.
    pub fn parse(name: &str) -> Result<Fact, String> {
        let parts: Vec<&str> = name.split('.').collect();
        if !parts.iter().all(|p| word(p)) {
            return Err(format!(
                "`{name}` is not a fact name (known: {FACT_SHAPES})"
            ));
        }
        let s = |i: usize| parts[i].to_owned();
        let fact = match parts.as_slice() {
            ["data", "rows"] => Fact::Rows,
            ["data", "present", _] => Fact::Present(s(2)),
            ["schema", _, "min_fraction"] => Fact::MinFraction(s(1)),
            ["run", _, _] => Fact::RunMetric(s(1), s(2)),
            ["runs", "finished"] => Fact::RunsFinished,
            ["runs", "best", _] => Fact::BestMetric(s(2)),
            ["alarm", _, "value"] => Fact::AlarmValue(s(1)),
            ["alarm", _, "threshold"] => Fact::AlarmThreshold(s(1)),
            ["alarm", _, "version"] => Fact::AlarmVersion(s(1)),
            ["traffic", _, v] => {
                let n = v
                    .strip_prefix('v')
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        format!("`{name}`: a traffic fact names a version as v1, v2, ...")
                    })?;
                Fact::Traffic(s(1), n)
            }
            ["endpoint", _, "requests"] => Fact::Requests(s(1)),
            ["endpoint", _, "errors"] => Fact::Errors(s(1)),
            ["drift", _, _, "score"] => Fact::DriftScore(s(1), s(2)),
            ["drift", _, _, "threshold"] => Fact::DriftThreshold(s(1), s(2)),
            ["realised", _, "accuracy"] => Fact::Realised(s(1)),
            ["skew", _, "value"] => Fact::SkewValue(s(1)),
            ["skew", _, "threshold"] => Fact::SkewThreshold(s(1)),
            ["estimated", _, "accuracy"] => Fact::Estimated(s(1)),
            ["pipeline", "last", step, "attempts"] => {
                let step = StepName::ALL
                    .into_iter()
                    .find(|n| n.name() == *step)
                    .ok_or_else(|| {
                        let known: Vec<&str> = StepName::ALL.iter().map(|n| n.name()).collect();
                        format!(
                            "`{name}`: unknown pipeline step `{step}` (known: {})",
                            known.join(", ")
                        )
                    })?;
                Fact::Attempts(step)
            }
            ["abtest", _, field] => Fact::AbTest(s(1), named(&AbField::NAMES, name, "A/B", field)?),
            _ => parse_lab_fact(name, &parts)?,
        };
        Ok(fact)
    }
}

/// The facts the later labs added (fairness, lineage, scaling, inference modes), apart so
/// `Fact::parse` stays readable.
fn parse_lab_fact(name: &str, parts: &[&str]) -> Result<Fact, String> {
    let s = |i: usize| parts[i].to_owned();
    let fact = match parts {
        ["bias", "latest", field] => Fact::Bias(match *field {
            "di" => BiasField::DisparateImpact,
            "dppl" => BiasField::Dppl,
            "rate_a" => BiasField::Rate(false),
            "rate_d" => BiasField::Rate(true),
            _ => {
                return Err(format!(
                    "`{name}`: unknown bias field `{field}` (known: di, dppl, rate_a, rate_d)"
                ));
            }
        }),
        ["importance", _, _] => Fact::Importance(s(1), s(2)),
        ["attribution", _, "ndcg"] => Fact::AttributionNdcg(s(1)),
        ["scaling", _, field] => Fact::Scaling(
            s(1),
            named(&ScalingField::NAMES, name, "scaling", field)?,
            false,
        ),
        ["scaling", _, "day", field] => Fact::Scaling(
            s(1),
            named(&ScalingField::NAMES, name, "scaling", field)?,
            true,
        ),
        ["served", _, d] => {
            let n = d
                .strip_prefix("day")
                .and_then(|n| n.parse::<u32>().ok())
                .ok_or_else(|| format!("`{name}`: a served fact names a day as day0, day1, ..."))?;
            Fact::Served(s(1), n)
        }
        ["serve", _, field] => {
            Fact::Serve(s(1), None, named(&ServeField::NAMES, name, "serve", field)?)
        }
        ["serve", _, mode, field] => {
            let m = match *mode {
                "real_time" => ServeMode::RealTime,
                "async" => ServeMode::Async,
                "batch" => ServeMode::Batch,
                _ => {
                    return Err(format!(
                        "`{name}`: a serve fact's mode is real_time, async or batch"
                    ));
                }
            };
            Fact::Serve(
                s(1),
                Some(m),
                named(&ServeField::NAMES, name, "serve", field)?,
            )
        }
        _ => return Err(format!("unknown fact `{name}` (known: {FACT_SHAPES})")),
    };
    Ok(fact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_facts_or_say_what_is_known() {
        assert_eq!(
            Fact::parse("alarm.errors.value"),
            Ok(Fact::AlarmValue("errors".into()))
        );
        assert_eq!(
            Fact::parse("traffic.scoring.v2"),
            Ok(Fact::Traffic("scoring".into(), 2))
        );
        assert_eq!(
            Fact::parse("pipeline.last.ingest.attempts"),
            Ok(Fact::Attempts(StepName::Ingest))
        );
        assert_eq!(
            Fact::parse("run.run-001.test_auc"),
            Ok(Fact::RunMetric("run-001".into(), "test_auc".into()))
        );
        assert_eq!(
            Fact::parse("estimated.scoring.accuracy"),
            Ok(Fact::Estimated("scoring".into()))
        );
        assert!(
            Fact::parse("estimated.scoring.auc")
                .unwrap_err()
                .contains("unknown fact")
        );
        assert!(
            Fact::parse("traffic.scoring.two")
                .unwrap_err()
                .contains("v1, v2")
        );
        assert!(
            Fact::parse("pipeline.last.deploi.attempts")
                .unwrap_err()
                .contains("unknown pipeline step `deploi`")
        );
        assert_eq!(
            Fact::parse("abtest.scoring.p_value"),
            Ok(Fact::AbTest("scoring".into(), AbField::PValue))
        );
        assert_eq!(
            Fact::parse("abtest.scoring.ci_high"),
            Ok(Fact::AbTest("scoring".into(), AbField::Ci(true)))
        );
        assert!(
            Fact::parse("abtest.scoring.pvalue")
                .unwrap_err()
                .contains("unknown A/B field `pvalue`")
        );
        assert_eq!(
            Fact::parse("skew.log_loan_amount.value"),
            Ok(Fact::SkewValue("log_loan_amount".into()))
        );
        assert!(Fact::parse("alarm.errors").unwrap_err().contains("known:"));
        assert!(
            Fact::parse("data..rows")
                .unwrap_err()
                .contains("not a fact name")
        );
    }

    #[test]
    fn the_later_labs_facts_read_or_say_what_is_known() {
        assert_eq!(
            Fact::parse("bias.latest.di"),
            Ok(Fact::Bias(BiasField::DisparateImpact))
        );
        assert_eq!(
            Fact::parse("attribution.scoring.ndcg"),
            Ok(Fact::AttributionNdcg("scoring".into()))
        );
        assert!(Fact::parse("bias.latest.ratio").is_err());
        assert_eq!(
            Fact::parse("scaling.scoring.replicas_max"),
            Ok(Fact::Scaling(
                "scoring".into(),
                ScalingField::Replicas(true),
                false
            ))
        );
        assert_eq!(
            Fact::parse("scaling.reports.day.cold_starts"),
            Ok(Fact::Scaling(
                "reports".into(),
                ScalingField::ColdStarts,
                true
            ))
        );
        assert!(
            Fact::parse("scaling.scoring.replicas")
                .unwrap_err()
                .contains("replicas_max")
        );
        assert_eq!(
            Fact::parse("serve.nightly.batch.cost"),
            Ok(Fact::Serve(
                "nightly".into(),
                Some(ServeMode::Batch),
                ServeField::Cost
            ))
        );
        assert_eq!(
            Fact::parse("serve.docs.max_queue"),
            Ok(Fact::Serve("docs".into(), None, ServeField::MaxQueue))
        );
        assert!(Fact::parse("serve.docs.lambda.cost").is_err());
        assert_eq!(
            Fact::parse("served.scoring.day12"),
            Ok(Fact::Served("scoring".into(), 12))
        );
        assert!(
            Fact::parse("served.scoring.12")
                .unwrap_err()
                .contains("day0, day1")
        );
    }
}
