//! `check --stale`: questions written against an older exam guide than the catalog's current one.
//!
//! Guide versions are `YYYY-MM` (the month the vendor's guide took effect), so they order as
//! text. A question's `guide` is the newest guide it was checked against; a tagged exam whose
//! catalog guide is newer may have changed what the question asks about.

use super::model::{Bank, SourceRef};

/// One question written against an older guide of one of its exams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Question id and where it is defined.
    pub id: String,
    /// Where it is defined.
    pub source: SourceRef,
    /// The guide it states.
    pub guide: String,
    /// The exam whose guide moved, and that exam's current guide.
    pub exam: String,
    /// The catalog's current guide of that exam.
    pub current: String,
}

/// Every (question, exam) pair where the exam's current guide is newer than the question's, in
/// bank order. Questions without a `guide` are taken as current.
pub fn stale(bank: &Bank) -> Vec<Stale> {
    let mut out = Vec::new();
    for q in bank.questions() {
        let Some(guide) = &q.guide else { continue };
        let mut exams: Vec<&str> = q.exams.iter().map(|t| t.exam.as_str()).collect();
        exams.dedup();
        for id in exams {
            let Some(exam) = bank.exam(id) else { continue };
            if exam.guide.as_str() > guide.as_str() {
                out.push(Stale {
                    id: q.id.clone(),
                    source: q.source.clone(),
                    guide: guide.clone(),
                    exam: exam.id.clone(),
                    current: exam.guide.clone(),
                });
            }
        }
    }
    out
}

/// One line per stale pair, `path:line: id: ...`, then a count.
pub fn render(list: &[Stale]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for s in list {
        let _ = writeln!(
            out,
            "{}:{}: {}: written against guide {}; {} now follows guide {}: review it and set `guide = \"{}\"`",
            crate::display::escape(&s.source.path.display().to_string()),
            s.source.line,
            s.id,
            crate::display::escape(&s.guide),
            s.exam,
            crate::display::escape(&s.current),
            crate::display::escape(&s.current),
        );
    }
    let _ = writeln!(out, "stale: {} question-exam pair(s)", list.len());
    out
}
