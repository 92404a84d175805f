//! Backfill: one pipeline run per past logical day, as Airflow's `airflow backfill create
//! --from-date --to-date --reprocess-behavior` creates Dag runs for past dates. Each run's
//! ingest reads the snapshot of its own logical day (the run's date parameter), so a backfilled
//! day trains on the data that day had, not on today's. Whether a day that already has a run is
//! run again follows Airflow's reprocessing behaviour: `none` (only days with no run), `failed`
//! (also days whose latest run failed) or `completed` (every day in the range).

use serde::{Deserialize, Serialize};

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
}

/// `backfill_pipeline`: runs for past logical days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackfillSpec {
    /// First logical day (inclusive), in simulated days.
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
        let mut events = Vec::new();
        let (mut ran, mut skipped) = (Vec::new(), Vec::new());
        // Oldest first, as Airflow runs a backfill unless told --run-backwards.
        for day in start..=end {
            let latest = self
                .pipeline
                .runs
                .iter()
                .rev()
                .find(|r| r.logical_day == day);
            let run_it = match (spec.reprocess_behavior, latest) {
                (_, None) | (Reprocess::Completed, Some(_)) => true,
                (Reprocess::Failed, Some(r)) => !r.succeeded,
                (Reprocess::None, Some(_)) => false,
            };
            if !run_it {
                let state = latest.map_or("", |r| if r.succeeded { "succeeded" } else { "failed" });
                skipped.push(format!("{day} ({state})"));
                continue;
            }
            self.pipeline.logical_day = Some(day);
            events.extend(self.run_pipeline("backfill", None));
            self.pipeline.logical_day = None;
            ran.push(day.to_string());
        }
        let mut text = format!(
            "backfill of days {start}..{end} (reprocess_behavior {}): {} run(s)",
            spec.reprocess_behavior.name(),
            ran.len()
        );
        if !ran.is_empty() {
            text.push_str(&format!(" for days {}", ran.join(", ")));
        }
        if !skipped.is_empty() {
            text.push_str(&format!(
                "; skipped days that already have a run: {}",
                skipped.join(", ")
            ));
        }
        events.push(Event::Note { text });
        events
    }
}

#[cfg(test)]
#[path = "backfill_tests.rs"]
mod tests;
