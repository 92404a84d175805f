//! Rewind: the session keeps the World as each step began and as each simulated day began (the
//! World copies itself at day starts, even inside one `advance_days`), and `:rewind step N` or
//! `:rewind day D` puts it back there. History is a line: what came after the point is dropped,
//! as an editor's undo does, and the learner replays from there with new commands. Steps from
//! the point on are open again (their hints, mistakes and time stay counted: they happened).

use std::fmt;

use serde::Serialize;

use super::{Output, Session};
use crate::world::World;

/// Most points kept; past it the oldest day starts go first (step starts are always kept), so a
/// session that serves years of traffic cannot hold years of World copies.
pub const MAX_POINTS: usize = 120;

/// A place in the session's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "at", content = "n")]
pub enum Mark {
    /// The start of a step (from 0).
    Step(usize),
    /// The start of a simulated day, counted as timelines count it (0: the first day served).
    Day(i64),
}

impl fmt::Display for Mark {
    /// As `:rewind` takes it: steps from 1, days as the timeline numbers them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mark::Step(s) => write!(f, "step {}", s + 1),
            Mark::Day(d) => write!(f, "day {d}"),
        }
    }
}

/// `:rewind`'s answer: every place, compactly (consecutive days as a range).
pub fn marks_text(marks: &[Mark]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(i64, i64)> = None;
    let flush = |run: &mut Option<(i64, i64)>, parts: &mut Vec<String>| {
        if let Some((a, b)) = run.take() {
            parts.push(if a == b {
                format!("day {a}")
            } else {
                format!("days {a}-{b}")
            });
        }
    };
    for m in marks {
        match *m {
            Mark::Day(d) => match run {
                Some((a, b)) if d == b + 1 => run = Some((a, d)),
                _ => {
                    flush(&mut run, &mut parts);
                    run = Some((d, d));
                }
            },
            Mark::Step(_) => {
                flush(&mut run, &mut parts);
                parts.push(m.to_string());
            }
        }
    }
    flush(&mut run, &mut parts);
    format!(
        "you can go back to the start of: {}. Type :rewind step N or :rewind day D",
        parts.join(", ")
    )
}

/// `:rewind`'s answer once done.
pub fn rewound_text(mark: Mark) -> String {
    format!("⟲ back at the start of {mark}: the World as it was then; carry on from here")
}

/// The World as a step or day began, and the step the learner was on.
#[derive(Clone)]
pub(super) struct Point {
    mark: Mark,
    step: usize,
    world: World,
}

impl Session {
    /// Remembers the World as the current step begins.
    pub(super) fn mark_step(&mut self) {
        self.push(Point {
            mark: Mark::Step(self.step),
            step: self.step,
            world: self.world.clone(),
        });
    }

    /// Takes the World's copies of the days the last line began.
    pub(super) fn mark_days(&mut self) {
        for snap in self.world.take_day_snapshots() {
            self.push(Point {
                mark: Mark::Day(snap.day),
                step: self.step,
                world: snap.world,
            });
        }
    }

    fn push(&mut self, point: Point) {
        self.points.push(point);
        if self.points.len() > MAX_POINTS
            && let Some(i) = self
                .points
                .iter()
                .position(|p| matches!(p.mark, Mark::Day(_)))
        {
            self.points.remove(i);
        }
    }

    /// Where `:rewind` can go, oldest first.
    pub fn marks(&self) -> Vec<Mark> {
        self.points.iter().map(|p| p.mark).collect()
    }

    /// `:rewind`, `:rewind step N` or `:rewind day D`.
    pub(super) fn rewind(&mut self, words: &[&str]) -> Vec<Output> {
        let wanted = match words {
            [] => return vec![Output::Points(self.marks())],
            ["step", n] => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .map(|n| Mark::Step(n - 1)),
            ["day", d] => d.parse::<i64>().ok().map(Mark::Day),
            _ => None,
        };
        let Some(wanted) = wanted else {
            return vec![Output::Note(format!(
                "`:rewind {}`: say `:rewind step N` (from 1) or `:rewind day D`; `:rewind` alone lists them",
                words.join(" ")
            ))];
        };
        // The latest such point: after an earlier rewind the line of history holds one anyway.
        let Some(i) = self.points.iter().rposition(|p| p.mark == wanted) else {
            return vec![Output::Note(format!(
                "there is no {wanted} to go back to; `:rewind` lists where you can go"
            ))];
        };
        self.points.truncate(i + 1);
        let point = &self.points[i];
        self.world = point.world.clone();
        self.world.keep_day_snapshots();
        self.step = point.step;
        for r in &mut self.records[self.step..] {
            r.done = None;
            r.choice = None;
        }
        vec![Output::Rewound(wanted)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;
    use crate::content::find_lab;

    fn session() -> Session {
        let lab = find_lab("canary-rollback", &[]).unwrap();
        let seed = lab.seed;
        Session::new(lab, seed)
    }

    fn play(s: &mut Session, lines: &[&str]) -> Vec<Output> {
        lines
            .iter()
            .flat_map(|l| s.handle(l, Timestamp(0)))
            .collect()
    }

    fn solve_steps(s: &mut Session, n: usize) {
        for _ in 0..n {
            play(s, &[":solution"]);
        }
    }

    #[test]
    fn each_step_start_is_a_point_and_a_week_is_seven_days() {
        let mut s = session();
        assert_eq!(s.marks(), [Mark::Step(0)]);
        solve_steps(&mut s, 1);
        assert_eq!(s.marks(), [Mark::Step(0), Mark::Step(1)]);
        let out = play(&mut s, &["advance_days days=3"]);
        assert!(matches!(out[0], Output::Events(_)));
        assert_eq!(&s.marks()[2..], [Mark::Day(0), Mark::Day(1), Mark::Day(2)]);
    }

    #[test]
    fn rewinding_to_a_day_is_the_world_that_served_fewer_days() {
        // Three days then back to day 1 is the World that served one day: same state, same
        // next draws, so the same events follow.
        let mut a = session();
        solve_steps(&mut a, 1);
        play(&mut a, &["advance_days days=3"]);
        assert_eq!(
            play(&mut a, &[":rewind day 1"]),
            [Output::Rewound(Mark::Day(1))]
        );
        let mut b = session();
        solve_steps(&mut b, 1);
        play(&mut b, &["advance_days days=1"]);
        assert_eq!(a.world().now(), b.world().now());
        assert_eq!(
            play(&mut a, &["advance_days days=2"]),
            play(&mut b, &["advance_days days=2"])
        );
        assert_eq!(
            a.marks().last(),
            Some(&Mark::Day(2)),
            "history after the point was dropped, then grew again"
        );
    }

    #[test]
    fn rewinding_a_step_reopens_it_and_the_steps_after() {
        let mut s = session();
        solve_steps(&mut s, 3);
        assert_eq!(s.step(), 3);
        assert_eq!(
            play(&mut s, &[":rewind step 2"]),
            [Output::Rewound(Mark::Step(1))]
        );
        assert_eq!(s.step(), 1);
        assert!(s.records()[0].done.is_some());
        assert!(s.records()[1..].iter().all(|r| r.done.is_none()));
        assert_eq!(s.marks(), [Mark::Step(0), Mark::Step(1)]);
    }

    #[test]
    fn the_list_groups_consecutive_days() {
        let marks = [
            Mark::Step(0),
            Mark::Step(1),
            Mark::Day(0),
            Mark::Day(1),
            Mark::Day(2),
            Mark::Step(2),
            Mark::Day(5),
        ];
        assert_eq!(
            marks_text(&marks),
            "you can go back to the start of: step 1, step 2, days 0-2, step 3, day 5. \
             Type :rewind step N or :rewind day D"
        );
    }

    #[test]
    fn a_wrong_rewind_says_how_and_changes_nothing() {
        let mut s = session();
        solve_steps(&mut s, 1);
        for line in [
            ":rewind step 9",
            ":rewind day 4",
            ":rewind step 0",
            ":rewind yesterday",
        ] {
            let out = play(&mut s, &[line]);
            assert!(matches!(&out[..], [Output::Note(_)]), "{line}: {out:?}");
        }
        assert_eq!(s.step(), 1);
        assert_eq!(
            play(&mut s, &[":rewind"]),
            [Output::Points(vec![Mark::Step(0), Mark::Step(1)])]
        );
    }

    #[test]
    fn the_log_with_its_rewinds_replays_to_the_same_session() {
        let lines = [
            ":solution",
            "advance_days days=4",
            ":rewind day 2",
            "advance_days days=1",
            ":rewind step 1",
            ":solution",
        ];
        let mut a = session();
        let out_a = play(&mut a, &lines);
        let mut b = session();
        let replayed: Vec<String> = a.log().to_vec();
        let refs: Vec<&str> = replayed.iter().map(String::as_str).collect();
        let out_b = play(&mut b, &refs);
        assert_eq!(out_a, out_b);
        assert_eq!(a.step(), b.step());
        assert_eq!(a.marks(), b.marks());
    }
}
