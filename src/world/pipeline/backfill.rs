//! Backfill: runs for past logical days, as Airflow 3's `airflow backfill create --from-date
//! --to-date --reprocess-behavior` creates Dag runs for past dates. As in Airflow, only a
//! pipeline on a time-based schedule can be backfilled, the days are those of the schedule in
//! the range (every day for a daily schedule), and none may lie in the future. Each run's ingest
//! reads the snapshot of its own logical day (the run's date parameter), so a backfilled day
//! trains on the data that day had, not on today's. Whether a day that already has a run is run
//! again follows Airflow's reprocessing behaviour, judged on the day's latest run: `none` (only
//! days with no run), `failed` (also days whose latest run failed) or `completed` (every day).
//! Runs go oldest first, one at a time: a simulated run takes no wall time, so Airflow's
//! `max_active_runs` (how many backfill runs overlap, 10 by default) changes nothing here.

use serde::{Deserialize, Serialize};

use super::Trigger;
use crate::data::table::DAY;
use crate::world::{Event, World, rejected};

/// Which logical days that already have a run are run again (Airflow's `reprocess_behavior`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reprocess {
    /// Only days with no run at all ("Missing Runs"): a failed run still counts as a run.
    None,
    /// Days with no run and days whose latest run failed ("Missing and Errored Runs").
    Failed,
    /// Every day in the range, whatever its runs did ("All Runs").
    Completed,
}

impl Reprocess {
    fn name(self) -> &'static str {
        match self {
            Reprocess::None => "none",
            Reprocess::Failed => "failed",
            Reprocess::Completed => "completed",
        }
    }

    /// Whether a day whose latest run ended `succeeded` (or that has none) runs again.
    fn reruns(self, latest: Option<bool>) -> bool {
        match (self, latest) {
            (_, None) | (Reprocess::Completed, Some(_)) => true,
            (Reprocess::Failed, Some(succeeded)) => !succeeded,
            (Reprocess::None, Some(_)) => false,
        }
    }
}

/// `backfill_pipeline`: runs for past logical days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackfillSpec {
    /// First logical day (inclusive), an absolute simulated day as the clock shows it.
    pub start_day: i64,
    /// Last logical day (inclusive); not after today.
    pub end_day: i64,
    /// Which days that already have a run are run again: `none`, `failed` or `completed`.
    pub reprocess_behavior: Reprocess,
}

/// Longest range one backfill takes: every day is a full pipeline run.
const MAX_DAYS: i64 = 30;

impl World {
    pub(crate) fn backfill_pipeline(&mut self, spec: &BackfillSpec) -> Vec<Event> {
        let cmd = "backfill_pipeline";
        if self.pipeline.spec.is_none() {
            return rejected(cmd, "no pipeline yet: run set_pipeline first");
        }
        let Trigger::Schedule { every_days } = self.pipeline.trigger else {
            return rejected(
                cmd,
                format!(
                    "a backfill creates the runs of a time-based schedule, and the pipeline's trigger is {}: set_trigger trigger=schedule every_days=1 first (Airflow refuses to backfill a Dag without a periodic schedule)",
                    self.pipeline.trigger.name()
                ),
            );
        };
        let today = self.clock.today();
        let (start, end) = (spec.start_day, spec.end_day);
        if start < 0 || start > end {
            return rejected(
                cmd,
                format!("start_day must be between 0 and end_day, got {start}..{end}"),
            );
        }
        if end > today {
            return rejected(
                cmd,
                format!("end_day {end} is in the future: today is day {today}"),
            );
        }
        if end - start + 1 > MAX_DAYS {
            return rejected(
                cmd,
                format!(
                    "a backfill covers at most {MAX_DAYS} days, got {}",
                    end - start + 1
                ),
            );
        }
        let phase = self.schedule_phase();
        let days: Vec<i64> = (start..=end)
            .filter(|d| (d - phase).rem_euclid(every_days) == 0)
            .collect();
        if days.is_empty() {
            return rejected(
                cmd,
                format!(
                    "no scheduled day falls in days {start}..{end}: the schedule runs every {every_days} days, on days like {phase}"
                ),
            );
        }
        let mut events = Vec::new();
        let (mut ran, mut skipped) = (Vec::new(), Vec::new());
        // Oldest first, as Airflow orders a backfill unless told --run-backwards.
        for day in days {
            // Airflow judges a date by its latest run.
            let latest = self
                .pipeline
                .runs
                .iter()
                .rev()
                .find(|r| r.logical_day == day)
                .map(|r| r.succeeded);
            if !spec.reprocess_behavior.reruns(latest) {
                let state = if latest == Some(true) {
                    "succeeded"
                } else {
                    "failed"
                };
                skipped.push(format!("{day} ({state})"));
                continue;
            }
            self.pipeline.logical_day = Some(day);
            events.extend(self.run_pipeline("backfill", None));
            self.pipeline.logical_day = None;
            ran.push(day.to_string());
        }
        events.push(Event::Note {
            text: summary(spec, &ran, &skipped),
        });
        events
    }

    /// A day the schedule fires for, so the schedule's days are those `every_days` apart from
    /// it: `last_scheduled` (when it was set, then each due time) moves by whole periods, and a
    /// scheduled run is for the day it came due.
    fn schedule_phase(&self) -> i64 {
        self.pipeline.last_scheduled.div_euclid(DAY)
    }
}

/// The backfill's one-line account: the days run and the days left as they were.
fn summary(spec: &BackfillSpec, ran: &[String], skipped: &[String]) -> String {
    let runs = match ran {
        [] => String::new(),
        [one] => format!(" for day {one}"),
        many => format!(" for days {}", many.join(", ")),
    };
    let left = if skipped.is_empty() {
        String::new()
    } else {
        format!("; left alone, by their latest run: {}", skipped.join(", "))
    };
    format!(
        "backfill of days {}..{} (reprocess_behavior {}): {} run(s){runs}{left}",
        spec.start_day,
        spec.end_day,
        spec.reprocess_behavior.name(),
        ran.len()
    )
}

#[cfg(test)]
#[path = "backfill_tests.rs"]
mod tests;
