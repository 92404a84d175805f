//! The pipeline's commands and run loop: configuration, triggers, and one run of the DAG with
//! caching, retries on the simulated clock, fail-fast validation and the gate's short circuit.

use super::spec::{FailStep, PipelineSpec, RetrySpec, RunPipeline, TriggerSpec};
use super::steps::{Ctx, Outcome};
use super::{CacheEntry, PipelineRun, RetryPolicy, StepName, StepRecord, StepState, Trigger};
use crate::data::table::DAY;
use crate::world::monitoring::AlertKind;
use crate::world::{Event, World, rejected};

/// Longest retry delay accepted: one day.
const MAX_DELAY: i64 = 86_400;

fn configured(detail: String) -> Vec<Event> {
    vec![Event::PipelineConfigured { detail }]
}

impl World {
    pub(crate) fn set_pipeline(&mut self, spec: PipelineSpec) -> Vec<Event> {
        let cmd = "set_pipeline";
        if spec.name.trim().is_empty() {
            return rejected(cmd, "a pipeline needs a name");
        }
        if spec.views.is_empty() {
            return rejected(cmd, "name at least one feature view for the features step");
        }
        if spec.thresholds.is_empty() {
            return rejected(cmd, "the gate needs at least one metric threshold");
        }
        let detail = format!(
            "pipeline {} ({} model on views {}), caching {}",
            spec.name,
            spec.model.name(),
            spec.views.join(", "),
            if spec.caching { "on" } else { "off" }
        );
        self.pipeline.spec = Some(spec);
        configured(detail)
    }

    pub(crate) fn set_retries(&mut self, spec: &RetrySpec) -> Vec<Event> {
        let cmd = "set_retries";
        if !(0..=10).contains(&spec.retries) {
            return rejected(
                cmd,
                format!("retries must be between 0 and 10, got {}", spec.retries),
            );
        }
        if !(0..=MAX_DELAY).contains(&spec.retry_delay_seconds) {
            return rejected(
                cmd,
                format!(
                    "retry_delay_seconds must be between 0 and {MAX_DELAY}, got {}",
                    spec.retry_delay_seconds
                ),
            );
        }
        if let Some(cap) = spec.max_retry_delay_seconds
            && !(1..=MAX_DELAY).contains(&cap)
        {
            return rejected(
                cmd,
                format!("max_retry_delay_seconds must be between 1 and {MAX_DELAY}, got {cap}"),
            );
        }
        let policy = RetryPolicy {
            retries: u32::try_from(spec.retries).unwrap_or(0),
            retry_delay: spec.retry_delay_seconds,
            exponential_backoff: spec.exponential_backoff,
            max_retry_delay: spec.max_retry_delay_seconds,
        };
        let target = spec.step.map_or("every step", |s| s.name());
        match spec.step {
            Some(step) => {
                self.pipeline.retries.insert(step, policy);
            }
            None => self.pipeline.default_retry = policy,
        }
        configured(format!(
            "{target}: {} retries, retry_delay {} s{}",
            policy.retries,
            policy.retry_delay,
            if policy.exponential_backoff {
                ", exponential backoff"
            } else {
                ""
            }
        ))
    }

    pub(crate) fn set_trigger(&mut self, spec: &TriggerSpec) -> Vec<Event> {
        let cmd = "set_trigger";
        let trigger = match (spec.trigger.as_str(), spec.every_days) {
            ("manual", None) => Trigger::Manual,
            ("drift_alert", None) => Trigger::DriftAlert,
            ("schedule", Some(d)) if (1..=365).contains(&d) => Trigger::Schedule { every_days: d },
            ("schedule", Some(d)) => {
                return rejected(
                    cmd,
                    format!("every_days must be between 1 and 365, got {d}"),
                );
            }
            ("schedule", None) => return rejected(cmd, "a schedule needs every_days"),
            ("manual" | "drift_alert", Some(_)) => {
                return rejected(cmd, "every_days only applies to the schedule trigger");
            }
            (other, _) => {
                return rejected(
                    cmd,
                    format!("unknown trigger {other:?}: manual, schedule or drift_alert"),
                );
            }
        };
        let alerts = match (&spec.alerts, trigger) {
            (None, _) => Vec::new(),
            (Some(_), Trigger::Manual | Trigger::Schedule { .. }) => {
                return rejected(cmd, "alerts only applies to the drift_alert trigger");
            }
            (Some(kinds), Trigger::DriftAlert) => {
                if kinds.is_empty() {
                    return rejected(
                        cmd,
                        "alerts needs at least one alert kind (or leave it out for every kind)",
                    );
                }
                if let Some(k) = kinds.iter().find(|k| !k.retrains()) {
                    return rejected(
                        cmd,
                        format!(
                            "{} alerts never start a run: retraining on broken inputs would teach the model the breakage",
                            k.name()
                        ),
                    );
                }
                // Declaration order, once each: the same set reads the same in every message.
                AlertKind::ALL
                    .into_iter()
                    .filter(|k| kinds.contains(k))
                    .collect()
            }
        };
        self.pipeline.trigger = trigger;
        self.pipeline.trigger_alerts = alerts;
        self.pipeline.last_scheduled = self.clock.now();
        configured(match trigger {
            Trigger::Schedule { every_days } => format!("trigger: every {every_days} days"),
            Trigger::DriftAlert if self.pipeline.trigger_alerts.is_empty() => {
                "trigger: a drift or performance alert starts a run (continuous training)".into()
            }
            Trigger::DriftAlert => format!(
                "trigger: a {} alert starts a run (continuous training); other alerts do not",
                self.trigger_kinds()
            ),
            Trigger::Manual => "trigger: manual runs only".into(),
        })
    }

    /// The alert kinds the `drift_alert` trigger listens to, as a sentence part.
    pub(crate) fn trigger_kinds(&self) -> String {
        let names: Vec<&str> = self
            .pipeline
            .trigger_alerts
            .iter()
            .map(|k| k.name())
            .collect();
        match names.as_slice() {
            [] => "drift or performance".into(),
            [one] => (*one).to_string(),
            [head @ .., last] => format!("{} or {last}", head.join(", ")),
        }
    }

    pub(crate) fn fail_step(&mut self, spec: &FailStep) -> Vec<Event> {
        if !(1..=10).contains(&spec.times) {
            return rejected(
                "fail_step",
                format!("times must be between 1 and 10, got {}", spec.times),
            );
        }
        let times = u32::try_from(spec.times).unwrap_or(1);
        *self.pipeline.faults.entry(spec.step).or_default() += times;
        configured(format!(
            "the next {times} attempt(s) of {} will fail with a transient error",
            spec.step.name()
        ))
    }

    pub(crate) fn run_pipeline_command(&mut self, args: &RunPipeline) -> Vec<Event> {
        self.run_pipeline("manual", args.caching)
    }

    /// The monitoring hook for continuous training: a drift alert starts a run when the
    /// pipeline's trigger is `drift_alert`, and otherwise says why nothing retrains.
    pub fn drift_alert(&mut self, reason: &str) -> Vec<Event> {
        let busy = self
            .serving
            .endpoints
            .values()
            .find(|e| e.rollout.as_ref().is_some_and(|r| r.promote.is_some()));
        if let (Trigger::DriftAlert, Some(e)) = (self.pipeline.trigger, busy) {
            // One active run at a time (Airflow's max_active_runs = 1): the last run is not
            // finished while its rollout is.
            return vec![Event::Note {
                text: format!(
                    "drift alert: {reason}; the last run's rollout is still in progress on {}, so no new run starts",
                    e.name
                ),
            }];
        }
        if self.pipeline.trigger == Trigger::DriftAlert && self.pipeline.spec.is_some() {
            let mut events = vec![Event::Note {
                text: format!("drift alert: {reason}; starting continuous training"),
            }];
            events.extend(self.run_pipeline("drift_alert", None));
            events
        } else {
            vec![Event::Note {
                text: format!(
                    "drift alert: {reason}; the pipeline's trigger is {}, so nothing retrains",
                    self.pipeline.trigger.name()
                ),
            }]
        }
    }

    /// Runs the pipeline if the schedule came due while the clock moved (`catchup=False`: only
    /// the latest missed interval runs). The run is for the day it came due (Airflow's logical
    /// date is the scheduled time, however late the scheduler starts the run), so a run the
    /// clock starts at the next day boundary still reads the snapshot of its own day.
    pub(crate) fn fire_schedule(&mut self) -> Vec<Event> {
        let Trigger::Schedule { every_days } = self.pipeline.trigger else {
            return Vec::new();
        };
        let period = every_days * DAY;
        let due = (self.clock.now() - self.pipeline.last_scheduled) / period;
        if due < 1 || self.pipeline.spec.is_none() {
            return Vec::new();
        }
        self.pipeline.last_scheduled += due * period;
        let mut events = Vec::new();
        if due > 1 {
            events.push(Event::Note {
                text: format!(
                    "{due} schedule intervals passed; with catchup off only the latest runs"
                ),
            });
        }
        self.pipeline.logical_day = Some(self.pipeline.last_scheduled.div_euclid(DAY));
        events.extend(self.run_pipeline("schedule", None));
        self.pipeline.logical_day = None;
        events
    }

    /// One run of the DAG.
    pub(super) fn run_pipeline(&mut self, trigger: &str, caching: Option<bool>) -> Vec<Event> {
        let Some(spec) = self.pipeline.spec.clone() else {
            return rejected("run_pipeline", "no pipeline yet: run set_pipeline first");
        };
        let caching = caching.unwrap_or(spec.caching);
        let number = u32::try_from(self.pipeline.runs.len() + 1).unwrap_or(u32::MAX);
        let started = self.clock.now();
        let mut events = vec![Event::PipelineStarted {
            run: number,
            pipeline: spec.name.clone(),
            trigger: trigger.to_string(),
        }];
        let logical_day = self.pipeline.data_day(self.clock.today());
        if logical_day != self.clock.today() {
            events.push(Event::Note {
                text: format!(
                    "run {number} is for logical day {logical_day}: ingest reads that day's snapshot"
                ),
            });
        }
        let mut ctx = Ctx::default();
        let mut records: Vec<StepRecord> = Vec::new();
        let mut failed = false;
        for step in StepName::ALL {
            let record = if failed {
                StepRecord {
                    step,
                    state: StepState::UpstreamFailed,
                    attempts: 0,
                    cache_key: None,
                    detail: "not run: an upstream step failed".into(),
                }
            } else if let Some(why) = ctx.skip_reason(step) {
                StepRecord {
                    step,
                    state: StepState::Skipped,
                    attempts: 0,
                    cache_key: None,
                    detail: why,
                }
            } else {
                self.run_step(step, &spec, caching, &mut ctx, number, &mut events)
            };
            failed |= record.state == StepState::Failed;
            if matches!(record.state, StepState::UpstreamFailed | StepState::Skipped) {
                events.push(step_event(number, &record));
            }
            records.push(record);
        }
        let succeeded = !failed;
        events.push(Event::PipelineFinished {
            run: number,
            succeeded,
            states: records
                .iter()
                .map(|r| (r.step.name().to_string(), r.state))
                .collect(),
        });
        self.pipeline.runs.push(PipelineRun {
            number,
            trigger: trigger.to_string(),
            started,
            finished: self.clock.now(),
            succeeded,
            logical_day,
            steps: records,
        });
        events
    }

    /// One step: a cache hit, or attempts with retries until success or the last failure.
    fn run_step(
        &mut self,
        step: StepName,
        spec: &PipelineSpec,
        caching: bool,
        ctx: &mut Ctx,
        run: u32,
        events: &mut Vec<Event>,
    ) -> StepRecord {
        if step == StepName::Validate {
            events.extend(self.ensure_pipeline_schema());
        }
        let key = self.cache_key(step, spec, ctx);
        if caching
            && let Some(key) = &key
            && let Some(entry) = self.pipeline.cache.get(key).cloned()
            && self.restore(step, &entry, ctx)
        {
            let record = StepRecord {
                step,
                state: StepState::Cached,
                attempts: 0,
                cache_key: Some(key.clone()),
                detail: format!("cache hit: inputs unchanged, reusing {}", entry.output),
            };
            events.push(step_event(run, &record));
            return record;
        }
        let policy = self.pipeline.policy(step);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let fault = self.pipeline.faults.get_mut(&step).filter(|n| **n > 0);
            let outcome = if let Some(n) = fault {
                *n -= 1;
                Outcome::Failed {
                    detail: "transient error: the worker was lost mid-task".into(),
                    retryable: true,
                }
            } else {
                self.execute(step, spec, ctx, events)
            };
            let mut record = StepRecord {
                step,
                state: StepState::Succeeded,
                attempts: attempt,
                cache_key: key.clone(),
                detail: String::new(),
            };
            match outcome {
                Outcome::Done { detail, output } => {
                    if let Some(k) = &key {
                        let data = (step == StepName::Ingest)
                            .then(|| self.data.table().cloned())
                            .flatten();
                        self.pipeline
                            .cache
                            .insert(k.clone(), CacheEntry { output, data });
                    }
                    record.detail = detail;
                }
                Outcome::Failed { detail, retryable } if retryable && attempt <= policy.retries => {
                    let delay = policy.delay_after(attempt);
                    record.state = StepState::UpForRetry;
                    record.detail = format!(
                        "{detail}; retry {attempt} of {} in {delay} s",
                        policy.retries
                    );
                    events.push(step_event(run, &record));
                    self.clock.elapse(delay);
                    continue;
                }
                Outcome::Failed { detail, retryable } => {
                    record.state = StepState::Failed;
                    record.detail = if retryable && policy.retries == 0 {
                        format!("{detail}; no retries configured")
                    } else {
                        detail
                    };
                }
            }
            events.push(step_event(run, &record));
            return record;
        }
    }
}

fn step_event(run: u32, r: &StepRecord) -> Event {
    Event::PipelineStep {
        run,
        step: r.step.name().to_string(),
        state: r.state,
        attempt: r.attempts,
        detail: r.detail.clone(),
    }
}
