//! The lineage audit an auditor asks for: which version answered an endpoint's requests on a
//! served day, where that version came from (its run, params, code version, data and
//! training-set digests, feature-view versions, as the `MLflow` registry keeps a version's
//! source run), and the model's alias moves up to that day's end with who approved each and
//! why. The same day lookup gives the `served.<endpoint>.day<N>` fact.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::registry::{AliasMove, Lineage};
use super::traffic::DayLog;
use super::{Event, World, rejected};
use crate::data::table::DAY;

/// What `lineage` found for one served day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageAudit {
    /// Endpoint.
    pub endpoint: String,
    /// Registered model it serves.
    pub model: String,
    /// Served day, as the day lines number it.
    pub day: u32,
    /// The same day on the simulated clock.
    pub abs_day: i64,
    /// Requests answered per version that day, most first.
    pub answered: Vec<(u32, usize)>,
    /// Requests that failed that day.
    pub failed: usize,
    /// The version that answered most of the day's requests, with its lineage.
    pub version: Option<(u32, Lineage)>,
    /// The source run's params.
    pub params: BTreeMap<String, String>,
    /// The model's alias moves up to the day's end, oldest first.
    pub history: Vec<AliasMove>,
}

/// The endpoint's log of served day `day`, or a sentence naming the days it has.
fn day_log<'a>(world: &'a World, endpoint: &str, day: i64) -> Result<&'a DayLog, String> {
    let days = world
        .production()
        .get(endpoint)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| format!("the endpoint `{endpoint}` has served no day yet"))?;
    let (first, last) = (days[0].day, days[days.len() - 1].day);
    days.iter()
        .find(|d| i64::from(d.day) == day)
        .ok_or_else(|| {
            format!("{endpoint} has served days {first} to {last}; day {day} is not one of them")
        })
}

/// Answered requests per version, most first (a tie goes to the older version).
fn answered(log: &DayLog) -> Vec<(u32, usize)> {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for v in log.version.iter().filter(|v| **v != 0) {
        *counts.entry(*v).or_default() += 1;
    }
    let mut out: Vec<(u32, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The version that answered most of an endpoint's requests on served day `day` (0 when every
/// request failed).
pub fn served_version(world: &World, endpoint: &str, day: i64) -> Result<u32, String> {
    let log = day_log(world, endpoint, day)?;
    Ok(answered(log).first().map_or(0, |(v, _)| *v))
}

impl World {
    /// Audits served day `day` of `endpoint` and records that it was audited.
    pub(super) fn lineage(&mut self, endpoint: &str, day: i64) -> Vec<Event> {
        let Some(model) = self
            .serving
            .endpoints
            .get(endpoint)
            .map(|e| e.model.clone())
        else {
            return rejected("lineage", format!("no endpoint named {endpoint:?}"));
        };
        let log = match day_log(self, endpoint, day) {
            Ok(log) => log,
            Err(e) => return rejected("lineage", e),
        };
        let answered = answered(log);
        let failed = log.version.iter().filter(|v| **v == 0).count();
        let (served_day, abs_day) = (log.day, log.abs_day);
        let day_end = (abs_day + 1) * DAY;
        let registered = self.registry().models.get(&model);
        let version = answered.first().and_then(|(v, _)| {
            registered
                .and_then(|m| m.versions.get(*v as usize - 1))
                .map(|mv| (*v, mv.lineage.clone()))
        });
        let params = version
            .as_ref()
            .and_then(|(_, l)| self.tracking().get(&l.run_id))
            .map(|r| r.params.clone())
            .unwrap_or_default();
        let history = registered
            .map(|m| {
                m.history
                    .iter()
                    .filter(|h| h.at < day_end)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        self.registry.record_audit(endpoint, served_day);
        vec![Event::LineageAudited {
            audit: LineageAudit {
                endpoint: endpoint.to_owned(),
                model,
                day: served_day,
                abs_day,
                answered,
                failed,
                version,
                params,
                history,
            },
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::test_kit::{check, ok, run, serving_world};

    /// Version 1 serves days 0 and 1 (approved by dana), version 2 days 2 and 3 (by lee).
    fn two_eras() -> World {
        let mut w = serving_world(7, 2, 2);
        for c in [
            r#"{ do = "set_alias", name = "scorer", alias = "live", version = 1, reason = "baseline", by = "dana" }"#,
            r#"{ do = "deploy", endpoint = "ep", version = 1 }"#,
            r#"{ do = "advance_days", days = 2 }"#,
            r#"{ do = "set_alias", name = "scorer", alias = "live", version = 2, reason = "fresh data", by = "lee" }"#,
            r#"{ do = "deploy", endpoint = "ep", version = 2 }"#,
            r#"{ do = "advance_days", days = 2 }"#,
        ] {
            ok(&mut w, c);
        }
        w
    }

    fn audit(w: &mut World, day: i64) -> LineageAudit {
        match &ok(
            w,
            &format!(r#"{{ do = "lineage", endpoint = "ep", day = {day} }}"#),
        )[..]
        {
            [Event::LineageAudited { audit }] => audit.clone(),
            other => panic!("expected one audit, got {other:?}"),
        }
    }

    #[test]
    fn a_day_names_the_version_that_answered_it_and_the_moves_that_led_there() {
        let mut w = two_eras();
        let early = audit(&mut w, 1);
        let (v, lineage) = early.version.clone().unwrap();
        assert_eq!((v, lineage.run_id.as_str()), (1, "run-001"));
        assert_eq!(early.answered, vec![(1, 1200)]);
        assert_eq!(early.params.get("alpha").map(String::as_str), Some("0.01"));
        // Only the moves made by the end of day 1: lee's promotion came later.
        let by: Vec<&str> = early.history.iter().map(|h| h.by.as_str()).collect();
        assert_eq!(by, ["dana"]);
        let late = audit(&mut w, 3);
        assert_eq!(late.version.as_ref().map(|(v, _)| *v), Some(2));
        assert_eq!(late.history.len(), 2);
        assert_eq!(late.history[1].reason, "fresh data");
        assert_eq!(served_version(&w, "ep", 1), Ok(1));
        assert_eq!(served_version(&w, "ep", 3), Ok(2));
        assert!(check(
            &w,
            r#"{ kind = "lineage_audited", endpoint = "ep", day = 3 }"#
        ));
        assert!(!check(
            &w,
            r#"{ kind = "lineage_audited", endpoint = "ep", day = 2 }"#
        ));
    }

    #[test]
    fn a_day_not_served_is_refused_with_the_days_there_are() {
        let mut w = two_eras();
        let e = run(&mut w, r#"{ do = "lineage", endpoint = "ep", day = 9 }"#);
        assert!(
            matches!(&e[..], [Event::Rejected { reason, .. }] if reason.contains("served days 0 to 3")),
            "{e:?}"
        );
        assert!(served_version(&w, "ep", -1).is_err());
        assert!(!check(
            &w,
            r#"{ kind = "lineage_audited", endpoint = "ep", day = 9 }"#
        ));
    }
}
