//! The pipeline's lab checks: did the latest run succeed, how did a step end, how many runs,
//! does every day of a range have a green run.

use super::{Pipeline, StepName, StepState};
use crate::world::CheckOutcome;
use crate::world::checks::outcome;

impl Pipeline {
    /// The latest run had no failed step.
    pub fn check_succeeded(&self) -> CheckOutcome {
        match self.runs.last() {
            None => outcome(false, "the pipeline has not run yet"),
            Some(r) if r.succeeded => outcome(true, format!("pipeline run {} succeeded", r.number)),
            Some(r) => {
                let failed: Vec<&str> = r
                    .steps
                    .iter()
                    .filter(|s| s.state == StepState::Failed)
                    .map(|s| s.step.name())
                    .collect();
                outcome(
                    false,
                    format!("pipeline run {} failed at {}", r.number, failed.join(", ")),
                )
            }
        }
    }

    /// A step of the latest run ended in `state`.
    pub fn check_step(&self, step: StepName, state: StepState) -> CheckOutcome {
        let Some(run) = self.runs.last() else {
            return outcome(false, "the pipeline has not run yet");
        };
        match run.step(step) {
            Some(s) => outcome(
                s.state == state,
                format!(
                    "in run {}, {} was {} (want {})",
                    run.number,
                    step.name(),
                    s.state.name(),
                    state.name()
                ),
            ),
            None => outcome(
                false,
                format!("run {} has no step {}", run.number, step.name()),
            ),
        }
    }

    /// At least `count` runs, by `trigger` if given.
    pub fn check_runs(&self, count: i64, trigger: Option<&str>) -> CheckOutcome {
        let n = self
            .runs
            .iter()
            .filter(|r| trigger.is_none_or(|t| t == r.trigger))
            .count();
        let by = trigger.map_or(String::new(), |t| format!(" started by {t}"));
        outcome(
            n as i64 >= count,
            format!("{n} pipeline runs{by} (need {count})"),
        )
    }

    /// Every day of `start..=end` has a run for it whose latest one succeeded.
    pub fn check_days(&self, start: i64, end: i64) -> CheckOutcome {
        if start > end {
            return outcome(false, format!("no days in {start}..{end}"));
        }
        let mut missing = Vec::new();
        let mut failed = Vec::new();
        for day in start..=end {
            match self.runs.iter().rev().find(|r| r.logical_day == day) {
                None => missing.push(day.to_string()),
                Some(r) if !r.succeeded => failed.push(day.to_string()),
                Some(_) => {}
            }
        }
        if missing.is_empty() && failed.is_empty() {
            return outcome(
                true,
                format!("every day from {start} to {end} has a successful run"),
            );
        }
        let mut gaps = Vec::new();
        if !missing.is_empty() {
            gaps.push(format!("no run for day {}", missing.join(", ")));
        }
        if !failed.is_empty() {
            gaps.push(format!(
                "the latest run failed for day {}",
                failed.join(", ")
            ));
        }
        outcome(false, gaps.join("; "))
    }
}
