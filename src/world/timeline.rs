//! An instructor's incident timeline inside the World: incidents scheduled by simulated day
//! (counted from the World's start, as `from_day` is on a fresh World) fire at the start of
//! their day, before its traffic is served. Every World loaded with the same timeline and seed
//! shows the same incident at the same moment, whatever the learner typed in between; an
//! incident that cannot apply then (its endpoint does not exist yet) is refused with the day
//! and the file's place named.

use super::event::Event;
use super::vocabulary::Command;
use super::{World, rejected};

/// One incident of a timeline: when, what, and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduled {
    /// Days after the World's start (0: the first day served).
    pub day: i64,
    /// `inject_drift` or `inject_incident`, its `from_day` left at 0.
    pub command: Command,
    /// Where the timeline says it (`file:line`), for refusals.
    pub place: String,
}

/// A whole timeline as a value screens can carry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schedule(pub Vec<Scheduled>);

// A timeline's numbers come from a checked file (finite, never NaN), so equality is reflexive.
impl Eq for Schedule {}

/// A scheduled incident waiting for its absolute day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pending {
    at_day: i64,
    day: i64,
    command: Command,
    place: String,
}

impl World {
    /// Schedules a timeline's incidents, counted from the World's start. Scheduling after time
    /// has moved still counts from the start: an incident whose day has passed never fires.
    pub fn schedule(&mut self, timeline: &[Scheduled]) {
        let start = crate::data::generate::HISTORY_DAYS;
        for s in timeline {
            self.timeline.push(Pending {
                at_day: start + s.day,
                day: s.day,
                command: s.command.clone(),
                place: s.place.clone(),
            });
        }
        // Same day: the file's order.
        self.timeline.sort_by_key(|p| p.at_day);
    }

    /// Incidents still waiting, as (day from the start, command).
    pub fn scheduled(&self) -> impl Iterator<Item = (i64, &Command)> {
        self.timeline.iter().map(|p| (p.day, &p.command))
    }

    /// Fires the incidents due at the start of absolute day `abs_day` (and drops any whose day
    /// has passed, which only a timeline scheduled late can hold).
    pub(crate) fn fire_timeline(&mut self, abs_day: i64) -> Vec<Event> {
        let split = self.timeline.partition_point(|p| p.at_day <= abs_day);
        let due: Vec<Pending> = self.timeline.drain(..split).collect();
        let mut events = Vec::new();
        for p in due.into_iter().filter(|p| p.at_day == abs_day) {
            let fired = match &p.command {
                Command::InjectDrift(a) => self.inject_drift(a),
                Command::InjectIncident(a) => self.inject_incident(a),
                _ => rejected(
                    "timeline",
                    "a timeline schedules only inject_drift and inject_incident",
                ),
            };
            events.extend(fired.into_iter().map(|e| match e {
                Event::Rejected { command, reason } => Event::Rejected {
                    command,
                    reason: format!(
                        "the incident timeline's day {} incident ({}) could not apply: {reason}",
                        p.day, p.place
                    ),
                },
                e => e,
            }));
        }
        events
    }
}
