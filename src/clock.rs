//! Time as the core sees it: a [`Clock`] trait injected wherever a timestamp or a deadline is
//! needed, so tests control time and the core never reads the wall clock itself.

use std::sync::atomic::{AtomicI64, Ordering};

/// A point in time: milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Milliseconds in one day.
pub const DAY_MS: i64 = 86_400_000;

impl Timestamp {
    /// The timestamp `ms` milliseconds later (earlier when negative).
    #[must_use]
    pub fn plus_ms(self, ms: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }

    /// The timestamp `secs` seconds later.
    #[must_use]
    pub fn plus_secs(self, secs: i64) -> Timestamp {
        self.plus_ms(secs.saturating_mul(1000))
    }

    /// Seconds from `earlier` to `self`, never negative (a clock that stepped back counts as 0).
    pub fn seconds_since(self, earlier: Timestamp) -> f64 {
        (self.0 - earlier.0).max(0) as f64 / 1000.0
    }

    /// The learner's calendar day number at `offset` (days since 1970-01-01 in that zone).
    pub fn day(self, offset: UtcOffset) -> i64 {
        self.0.saturating_add(offset.ms()).div_euclid(DAY_MS)
    }

    /// The learner's calendar date at `offset` as `YYYY-MM-DD`.
    pub fn date_string(self, offset: UtcOffset) -> String {
        date_of_day(self.day(offset))
    }

    /// The first instant of the learner's day number `day` at `offset`.
    pub fn start_of_day(day: i64, offset: UtcOffset) -> Timestamp {
        Timestamp(day.saturating_mul(DAY_MS).saturating_sub(offset.ms()))
    }
}

/// The learner's time zone as an offset from UTC, in minutes east (`+60` in Paris in winter,
/// `-300` in New York). The core never asks the system for it: the binary's edge does, once,
/// and passes it to whatever shows a date, so tests can fix it and output never depends on
/// where a test runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UtcOffset(pub i32);

impl UtcOffset {
    /// UTC itself.
    pub const UTC: UtcOffset = UtcOffset(0);

    /// The offset in milliseconds.
    pub fn ms(self) -> i64 {
        i64::from(self.0) * 60_000
    }
}

/// Day number `day` (since 1970-01-01) as `YYYY-MM-DD`.
pub fn date_of_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Converts a day count since 1970-01-01 into a proleptic Gregorian (year, month, day).
///
/// Howard Hinnant's `civil_from_days`, so reports can show dates without a calendar crate.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The real wall clock. Only the command layer (the binary's edge) constructs one.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Timestamp(ms)
    }
}

/// A clock that only moves when told to: for tests and for replaying a session.
#[derive(Debug, Default)]
pub struct ManualClock {
    ms: AtomicI64,
}

impl ManualClock {
    /// A clock standing at `at`.
    pub fn new(at: Timestamp) -> Self {
        ManualClock {
            ms: AtomicI64::new(at.0),
        }
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: Timestamp) {
        self.ms.store(at.0, Ordering::SeqCst);
    }

    /// Moves the clock forward by `secs` seconds.
    pub fn advance_secs(&self, secs: i64) {
        self.ms
            .fetch_add(secs.saturating_mul(1000), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.ms.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates_in_the_learners_zone() {
        let utc = UtcOffset::UTC;
        assert_eq!(Timestamp(0).date_string(utc), "1970-01-01");
        // 2024-02-29T12:00:00Z, a leap day.
        assert_eq!(Timestamp(1_709_208_000_000).date_string(utc), "2024-02-29");
        assert_eq!(Timestamp(-1).date_string(utc), "1969-12-31");
        // 2026-12-03T23:30Z is already the 4th in Tokyo (+9 h) and still the 3rd in New York.
        let late = Timestamp(1_796_340_600_000);
        assert_eq!(late.date_string(utc), "2026-12-03");
        assert_eq!(late.date_string(UtcOffset(9 * 60)), "2026-12-04");
        assert_eq!(late.date_string(UtcOffset(-5 * 60)), "2026-12-03");
        // A day starts at local midnight.
        let tokyo = UtcOffset(9 * 60);
        let start = Timestamp::start_of_day(late.day(tokyo), tokyo);
        assert_eq!(start.date_string(tokyo), "2026-12-04");
        assert_eq!(start.plus_ms(-1).date_string(tokyo), "2026-12-03");
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(Timestamp(1_000));
        assert_eq!(clock.now(), Timestamp(1_000));
        clock.advance_secs(2);
        assert_eq!(clock.now(), Timestamp(3_000));
        assert!((clock.now().seconds_since(Timestamp(1_000)) - 2.0).abs() < 1e-12);
        assert!(Timestamp(0).seconds_since(Timestamp(5)).abs() < 1e-12);
    }
}
