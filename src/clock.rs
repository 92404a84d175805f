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

    /// The UTC day number (days since 1970-01-01).
    pub fn day(self) -> i64 {
        self.0.div_euclid(DAY_MS)
    }

    /// The UTC calendar date as `YYYY-MM-DD`.
    pub fn date_string(self) -> String {
        let (y, m, d) = civil_from_days(self.day());
        format!("{y:04}-{m:02}-{d:02}")
    }
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
    fn dates_are_utc_calendar_dates() {
        assert_eq!(Timestamp(0).date_string(), "1970-01-01");
        // 2024-02-29T12:00:00Z, a leap day.
        assert_eq!(Timestamp(1_709_208_000_000).date_string(), "2024-02-29");
        assert_eq!(Timestamp(-1).date_string(), "1969-12-31");
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
