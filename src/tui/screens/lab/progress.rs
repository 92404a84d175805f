//! A learner's progress through one lab, read back from the store's log of step events.
//!
//! The log is replayed in order: `ran` means the step's commands (and every earlier step's)
//! were applied to the World, `passed` / `failed` are check results, `hint-N` the hint tiers
//! shown, and `reset` at step N rewinds the World to before step N, so steps N and later are
//! neither run nor passed any more. The home screen counts a step done when any `passed` row
//! exists; this reading is the player's, which must rebuild the exact World.

use crate::store::LabStepRow;

/// Statuses written to the store.
pub mod status {
    /// The learner opened the step.
    pub const STARTED: &str = "started";
    /// The step's commands were applied.
    pub const RAN: &str = "ran";
    /// The step's check held.
    pub const PASSED: &str = "passed";
    /// The step's check did not hold.
    pub const FAILED: &str = "failed";
    /// The World was rewound to before this step.
    pub const RESET: &str = "reset";
    /// `hint-N`: hint tier N (from 1) was shown.
    pub const HINT: &str = "hint-";
}

/// Where the learner is in a lab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Steps whose commands are applied: always a prefix, so this is a count.
    pub ran: usize,
    /// Steps whose check held (and were not reset since).
    pub passed: Vec<bool>,
    /// Hint tiers shown per step.
    pub hints: Vec<usize>,
    /// Whether anything was ever recorded.
    pub touched: bool,
}

impl Progress {
    /// Nothing done in a lab of `steps` steps.
    pub fn new(steps: usize) -> Progress {
        Progress {
            ran: 0,
            passed: vec![false; steps],
            hints: vec![0; steps],
            touched: false,
        }
    }

    /// Replays the store's rows (oldest first) for a lab of `steps` steps.
    pub fn from_rows(steps: usize, rows: &[LabStepRow]) -> Progress {
        let mut p = Progress::new(steps);
        for row in rows {
            let i = row.step as usize;
            if i >= steps {
                // The lab file lost steps since: their rows say nothing about the ones left.
                continue;
            }
            p.touched = true;
            p.apply(i, &row.status);
        }
        p
    }

    /// Applies one status to step `i`.
    pub fn apply(&mut self, i: usize, what: &str) {
        match what {
            status::RAN => self.ran = self.ran.max(i + 1),
            status::PASSED => self.passed[i] = true,
            status::FAILED => self.passed[i] = false,
            status::RESET => {
                self.ran = self.ran.min(i);
                for p in &mut self.passed[i..] {
                    *p = false;
                }
            }
            other => {
                if let Some(n) = other
                    .strip_prefix(status::HINT)
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    self.hints[i] = self.hints[i].max(n);
                }
            }
        }
    }

    /// Steps passed.
    pub fn passed_count(&self) -> usize {
        self.passed.iter().filter(|p| **p).count()
    }

    /// Whether every step passed.
    pub fn complete(&self) -> bool {
        self.passed.iter().all(|p| *p)
    }

    /// The step to open: the first not passed, or the last one when all passed.
    pub fn resume_at(&self) -> usize {
        self.passed
            .iter()
            .position(|p| !p)
            .unwrap_or_else(|| self.passed.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;

    fn rows(list: &[(u32, &str)]) -> Vec<LabStepRow> {
        list.iter()
            .enumerate()
            .map(|(i, (step, s))| LabStepRow {
                lab_id: "l".into(),
                step: *step,
                status: (*s).to_string(),
                at: Timestamp(i as i64),
            })
            .collect()
    }

    #[test]
    fn runs_passes_and_hints_add_up_and_resume_at_the_first_step_not_passed() {
        let p = Progress::from_rows(
            4,
            &rows(&[
                (0, "started"),
                (0, "ran"),
                (0, "passed"),
                (1, "hint-1"),
                (1, "hint-2"),
                (1, "ran"),
                (1, "failed"),
            ]),
        );
        assert_eq!(p.ran, 2);
        assert_eq!(p.passed, vec![true, false, false, false]);
        assert_eq!(p.hints, vec![0, 2, 0, 0]);
        assert_eq!(p.resume_at(), 1);
        assert!(p.touched && !p.complete());
    }

    #[test]
    fn a_reset_rewinds_that_step_and_every_later_one() {
        let p = Progress::from_rows(
            3,
            &rows(&[
                (2, "ran"),
                (0, "passed"),
                (1, "passed"),
                (2, "passed"),
                (1, "reset"),
            ]),
        );
        assert_eq!(p.ran, 1);
        assert_eq!(p.passed, vec![true, false, false]);
        assert_eq!(p.resume_at(), 1);
        let all = Progress::from_rows(2, &rows(&[(1, "ran"), (0, "passed"), (1, "passed")]));
        assert!(all.complete());
        assert_eq!(all.resume_at(), 1);
        assert!(!Progress::from_rows(2, &[]).touched);
    }
}
