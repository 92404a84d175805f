//! The hours of the day an endpoint receives traffic, written as ranges like `9-12,13-17` (from
//! 09:00 to 12:00 and from 13:00 to 17:00) and kept as a 24-bit set. An internal tool used in
//! office hours has idle hours between its sessions and overnight: what scale-to-zero saves and
//! where its cold starts come from.

use std::fmt;

/// A set of hours of the day, bit `h` for the hour starting at `h:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveHours(u32);

impl ActiveHours {
    /// Every hour of the day.
    pub const ALL: ActiveHours = ActiveHours((1 << 24) - 1);

    /// Parses `9-17` or `9-12,13-17`: each range from its first hour to (not including) its
    /// last, 0 to 24; a range may wrap midnight (`22-6`). An empty set is refused: an endpoint
    /// that never receives a request is not a traffic pattern.
    pub fn parse(text: &str) -> Result<ActiveHours, String> {
        let mut mask = 0u32;
        for part in text.split(',').map(str::trim) {
            let (a, b) = part
                .split_once('-')
                .map(|(a, b)| (a.trim().parse::<u32>(), b.trim().parse::<u32>()))
                .and_then(|(a, b)| a.ok().zip(b.ok()))
                .filter(|(a, b)| *a <= 24 && *b <= 24 && a != b)
                .ok_or_else(|| {
                    format!(
                        "active_hours must be ranges of hours 0 to 24 like \"9-17\" or \"9-12,13-17\", got {part:?} in {text:?}"
                    )
                })?;
            let hours: Vec<u32> = if a < b {
                (a..b).collect()
            } else {
                (a..24).chain(0..b).collect()
            };
            for h in hours {
                mask |= 1 << h;
            }
        }
        if mask == 0 {
            return Err(format!("active_hours {text:?} holds no hour of the day"));
        }
        Ok(ActiveHours(mask))
    }

    /// True when the hour starting at `h:00` receives traffic.
    pub fn contains(self, h: usize) -> bool {
        h < 24 && self.0 & (1 << h) != 0
    }

    /// How many hours of the day receive traffic.
    pub fn count(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The rows of a day's `n` requests that arrive in hour `h`: spread evenly over the active
    /// hours, in order, none in the others. With every hour active this is `h*n/24..(h+1)*n/24`,
    /// the split an endpoint without a pattern has always had.
    pub fn rows(self, h: usize, n: usize) -> std::ops::Range<usize> {
        let k = self.count();
        let before = (0..h).filter(|&x| self.contains(x)).count();
        let start = before * n / k;
        if self.contains(h) {
            start..(before + 1) * n / k
        } else {
            start..start
        }
    }
}

impl fmt::Display for ActiveHours {
    /// The ranges back in the form they are written, e.g. `9-12,13-17`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let mut h = 0;
        while h < 24 {
            if self.contains(h) {
                let start = h;
                while h < 24 && self.contains(h) {
                    h += 1;
                }
                parts.push(format!("{start}-{h}"));
            } else {
                h += 1;
            }
        }
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_wrap_and_print_back() {
        let a = ActiveHours::parse("9-12, 13-17").unwrap();
        assert_eq!(a.count(), 7);
        assert!(a.contains(9) && a.contains(11) && !a.contains(12) && a.contains(16));
        assert!(!a.contains(17));
        assert_eq!(a.to_string(), "9-12,13-17");
        let night = ActiveHours::parse("22-2").unwrap();
        assert_eq!(night.count(), 4);
        assert!(night.contains(23) && night.contains(0) && !night.contains(2));
        assert_eq!(ActiveHours::parse("0-24").unwrap(), ActiveHours::ALL);
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        for bad in ["", "9", "9-9", "25-3", "a-b", "9-12,", "-3"] {
            let e = ActiveHours::parse(bad).unwrap_err();
            assert!(e.contains("active_hours"), "{bad}: {e}");
        }
    }

    #[test]
    fn rows_fill_only_the_active_hours_and_keep_the_old_split_when_all_are() {
        let n = 2400;
        for h in 0..24 {
            assert_eq!(
                ActiveHours::ALL.rows(h, n),
                (h * n / 24)..((h + 1) * n / 24)
            );
        }
        let a = ActiveHours::parse("9-12,13-17").unwrap();
        let total: usize = (0..24).map(|h| a.rows(h, 70).len()).sum();
        assert_eq!(total, 70);
        assert_eq!(a.rows(9, 70), 0..10);
        assert!(a.rows(12, 70).is_empty());
        assert!(a.rows(3, 70).is_empty());
        assert_eq!(a.rows(16, 70), 60..70);
    }
}
