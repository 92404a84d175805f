//! The clock-and-traffic part: simulated time, how far production has been served, each
//! endpoint's served days and the incidents that shape them. Time only runs forward; days are
//! served one at a time and never twice; an endpoint keeps a bounded history of served days.

use std::collections::BTreeMap;

use crate::data::generate::HISTORY_DAYS;
use crate::data::table::DAY;
use crate::world::incidents::{Effect, Incident};
use crate::world::traffic::{DayLog, MAX_RETAINED_DAYS};

/// Simulated time and the traffic served so far.
#[derive(Debug, Clone)]
pub struct Clock {
    now: i64,
    /// Start of the first day not served yet: every clock move serves the days it completes.
    served_until: i64,
    production: BTreeMap<String, Vec<DayLog>>,
    incidents: Vec<Incident>,
}

impl Default for Clock {
    /// The clock starts at the end of the data's history, with nothing served yet.
    fn default() -> Self {
        Clock {
            now: HISTORY_DAYS * DAY,
            served_until: HISTORY_DAYS * DAY,
            production: BTreeMap::new(),
            incidents: Vec::new(),
        }
    }
}

impl Clock {
    /// Simulated time, seconds since the scenario epoch.
    pub fn now(&self) -> i64 {
        self.now
    }
    /// Today, as an absolute day number.
    pub fn today(&self) -> i64 {
        self.now.div_euclid(DAY)
    }
    /// Served days per endpoint.
    pub fn production(&self) -> &BTreeMap<String, Vec<DayLog>> {
        &self.production
    }
    /// An endpoint's served days, oldest first.
    pub fn log(&self, endpoint: &str) -> Option<&[DayLog]> {
        self.production.get(endpoint).map(Vec::as_slice)
    }
    /// Injected incidents, oldest first.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// Time passes within the day with no traffic served (a training run, a retry delay); the
    /// next clock move serves the days it completes.
    pub(in crate::world) fn elapse(&mut self, seconds: i64) {
        self.now += seconds.max(0);
    }

    /// The start of the next day to serve on the way to `target`, if it ends by then.
    pub(in crate::world) fn next_day_by(&self, target: i64) -> Option<i64> {
        (self.served_until + DAY <= target).then_some(self.served_until)
    }

    /// The day starting at `day_start` (the one [`Self::next_day_by`] gave) has been served on
    /// every endpoint: the clock stands at least at its end.
    pub(in crate::world) fn day_done(&mut self, day_start: i64) {
        self.served_until = day_start + DAY;
        self.now = self.now.max(self.served_until);
    }

    /// The clock reaches `target` (never moving back).
    pub(in crate::world) fn reach(&mut self, target: i64) {
        self.now = self.now.max(target);
    }

    /// Keeps a served day of `endpoint` and returns how many requests' labels arrived on it
    /// (those of days whose labels were due the day after `day.abs_day`).
    pub(in crate::world) fn record_day(&mut self, endpoint: &str, day: DayLog) -> usize {
        let log = self.production.entry(endpoint.to_string()).or_default();
        let labels_arrived = log
            .iter()
            .filter(|d| d.labels_at == day.abs_day + 1)
            .map(|d| d.requests.n_rows())
            .sum::<usize>();
        log.push(day);
        // Keep a bounded history: old days fall out of reach of window references.
        if log.len() > MAX_RETAINED_DAYS {
            log.drain(..log.len() - MAX_RETAINED_DAYS);
        }
        labels_arrived
    }

    /// Adds an incident starting `from_day` days from today; returns its id.
    pub(in crate::world) fn add_incident(
        &mut self,
        effect: Effect,
        from_day: i64,
        over_days: i64,
        description: &str,
    ) -> usize {
        let id = self.incidents.len() + 1;
        self.incidents.push(Incident {
            id,
            effect,
            start_day: self.today() + from_day,
            over_days: over_days.max(1),
            description: description.to_string(),
        });
        id
    }
}
