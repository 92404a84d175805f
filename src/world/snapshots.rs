//! Copies of the World at the start of each simulated day, kept only while someone asks for them
//! (the lab player's rewind). The clock serves one day at a time inside a single command, so a
//! command that advances a week passes through seven day starts no caller could otherwise see;
//! the World copies itself at each and the caller takes the copies after the command.

use super::World;
use crate::data::generate::HISTORY_DAYS;

/// The World as a simulated day began.
#[derive(Debug, Clone)]
pub struct DaySnapshot {
    /// The day, counted as timelines count it: 0 is the first day served.
    pub day: i64,
    /// The World before that day's incidents and traffic.
    pub world: World,
}

impl World {
    /// From now on, copy the World at the start of every simulated day it serves.
    pub fn keep_day_snapshots(&mut self) {
        self.day_snapshots.get_or_insert_with(Vec::new);
    }

    /// The copies made since the last call, oldest first (none unless they were asked for).
    pub fn take_day_snapshots(&mut self) -> Vec<DaySnapshot> {
        self.day_snapshots
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Copies the World as the day starting at absolute day `abs_day` begins, when asked to.
    pub(crate) fn snapshot_day(&mut self, abs_day: i64) {
        // The copy leaves the list out: a copy holding copies would grow with every day.
        let Some(mut kept) = self.day_snapshots.take() else {
            return;
        };
        kept.push(DaySnapshot {
            day: abs_day - HISTORY_DAYS,
            world: self.clone(),
        });
        self.day_snapshots = Some(kept);
    }
}

#[cfg(test)]
mod tests {
    use crate::data::scenario::Scenario;
    use crate::world::{Command, World};

    fn advance(days: i64) -> Command {
        crate::world::vocabulary::console::parse_command(&format!("advance_days days={days}"))
            .unwrap()
    }

    #[test]
    fn no_copies_unless_asked() {
        let mut w = World::new(Scenario::CreditRisk, 1);
        w.apply(advance(3));
        assert!(w.take_day_snapshots().is_empty());
    }

    #[test]
    fn one_copy_per_day_each_at_its_day_start() {
        let mut w = World::new(Scenario::CreditRisk, 1);
        w.keep_day_snapshots();
        let start = w.clock.today();
        w.apply(advance(3));
        let snaps = w.take_day_snapshots();
        let days: Vec<i64> = snaps.iter().map(|s| s.day).collect();
        assert_eq!(days, [0, 1, 2]);
        for (i, s) in snaps.iter().enumerate() {
            assert_eq!(s.world.clock.today(), start + i as i64);
            assert!(s.world.day_snapshots.is_none(), "a copy holds no copies");
        }
        assert!(w.take_day_snapshots().is_empty(), "taken once");
    }
}
