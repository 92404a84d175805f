//! Events leave the World as they happen: [`super::World::apply_with`] hands each event to a
//! sink the moment it is produced (a training run's learning-curve steps while it fits, each
//! sweep trial as it finishes) and still returns the command's whole event list, the same list
//! [`super::World::apply`] returns. Commands that do their work in one go emit their events
//! when they end.

use super::event::Event;

/// Collects a command's events and shows each to a sink as it is added.
pub(super) struct Emit<'a> {
    events: Vec<Event>,
    sink: &'a mut dyn FnMut(&Event),
}

impl<'a> Emit<'a> {
    pub(super) fn new(sink: &'a mut dyn FnMut(&Event)) -> Self {
        Emit {
            events: Vec::new(),
            sink,
        }
    }

    /// One event, as it happens.
    pub(super) fn push(&mut self, event: Event) {
        (self.sink)(&event);
        self.events.push(event);
    }

    /// Events that happened together.
    pub(super) fn extend(&mut self, events: impl IntoIterator<Item = Event>) {
        for e in events {
            self.push(e);
        }
    }

    /// Every event, in the order they happened.
    pub(super) fn finish(self) -> Vec<Event> {
        self.events
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use crate::world::test_kit::{cmd, training_world};
    use crate::world::tracking::RunStatus;
    use crate::world::{Event, World};

    const SWEEP: &str =
        r#"{ do = "sweep", model = "tree", strategy = "grid", grid = { max_depth = [3, 5, 7] } }"#;

    /// Applies `command`, stopping the World (by a panic in the sink) at the first event `stop`
    /// accepts: what the World holds then is what had happened when that event was emitted.
    fn stopped_at(w: &mut World, command: &str, stop: impl Fn(&Event) -> bool) -> Vec<Event> {
        let mut seen = Vec::new();
        let stopped = catch_unwind(AssertUnwindSafe(|| {
            w.apply_with(cmd(command), &mut |e| {
                seen.push(e.clone());
                assert!(!stop(e), "stop here");
            })
        }));
        assert!(stopped.is_err(), "the stopping event never came");
        seen
    }

    #[test]
    fn learning_curve_steps_are_emitted_while_the_run_is_still_training() {
        let mut w = training_world(3);
        let seen = stopped_at(
            &mut w,
            r#"{ do = "train", model = "logistic", params = { max_iterations = 200 } }"#,
            |e| matches!(e, Event::TrainingProgress { step: 1, .. }),
        );
        assert!(matches!(seen[0], Event::RunStarted { .. }));
        let run = &w.tracking().runs[0];
        assert_eq!(run.status, RunStatus::Running, "the run had not ended");
        assert!(run.metrics.contains_key("val_log_loss"));
        assert!(!run.metrics.contains_key("test_auc"), "no final metric yet");
        assert!(w.models().is_empty());
    }

    #[test]
    fn each_sweep_trial_is_emitted_as_it_finishes_before_the_next_starts() {
        let mut w = training_world(3);
        let seen = stopped_at(&mut w, SWEEP, |e| matches!(e, Event::RunFinished { .. }));
        let started = seen
            .iter()
            .filter(|e| matches!(e, Event::RunStarted { .. }))
            .count();
        assert_eq!(started, 1);
        assert_eq!(w.tracking().runs.len(), 1, "trials 2 and 3 had not started");
        assert_eq!(w.models().len(), 1);
    }

    #[test]
    fn the_sink_sees_exactly_the_events_apply_returns_in_order() {
        let mut direct = training_world(5);
        let expected = direct.apply(cmd(SWEEP));
        let mut streamed = training_world(5);
        let mut seen = Vec::new();
        let returned = streamed.apply_with(cmd(SWEEP), &mut |e| seen.push(e.clone()));
        assert_eq!(returned, expected);
        assert_eq!(seen, expected);
        let progress = seen
            .iter()
            .filter(|e| matches!(e, Event::TrainingProgress { .. }))
            .count();
        assert_eq!(progress, 3 * crate::world::training::CURVE_STEPS);
        assert!(matches!(seen.last(), Some(Event::SweepFinished { .. })));
    }
}
