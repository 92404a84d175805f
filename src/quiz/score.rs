//! Scores: the end-of-session report per domain, and the learner's standing per exam from the
//! whole history (domain counts, readiness from [`super::readiness`], the trend by day).

use std::collections::BTreeMap;

use serde::Serialize;

use super::readiness::{Readiness, assess, evidence, first_attempts};
use super::session::{Outcome, Session};
use crate::clock::{UtcOffset, date_of_day};
use crate::content::{Bank, Exam, Question};
use crate::store::AttemptRecord;

/// One row of a session report: a domain of the session's exam, or a topic when the session
/// has no exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    /// Domain id (e.g. `3`) or topic (e.g. `drift`).
    pub id: String,
    /// Domain title, or the topic again.
    pub title: String,
    /// Questions in the session that count toward it.
    pub questions: u32,
    /// How many of them were answered.
    pub answered: u32,
    /// How many were answered right.
    pub correct: u32,
}

/// The report at the end of a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionReport {
    /// How it ended.
    pub outcome: Option<Outcome>,
    /// `domain` when rows are the exam's domains, `topic` otherwise.
    pub grouping: &'static str,
    /// Questions in the session.
    pub questions: u32,
    /// Questions answered.
    pub answered: u32,
    /// Questions answered right (unanswered ones count as wrong, as in the real exam).
    pub correct: u32,
    /// The exam's pass mark in percent, when the session targets an exam.
    pub pass_percent: Option<u32>,
    /// The rows, in the exam's domain order (or topic order).
    pub rows: Vec<ReportRow>,
}

/// Scores a session (finished or not) per domain of its exam, or per topic.
pub fn session_report(session: &Session, bank: &Bank) -> SessionReport {
    let exam = session.exam().and_then(|id| bank.exam(id));
    let mut rows: Vec<ReportRow> = Vec::new();
    let mut add = |id: &str, title: &str, answered: bool, correct: bool| {
        let pos = rows.iter().position(|r| r.id == id).unwrap_or_else(|| {
            rows.push(ReportRow {
                id: id.to_string(),
                title: title.to_string(),
                questions: 0,
                answered: 0,
                correct: 0,
            });
            rows.len() - 1
        });
        let row = &mut rows[pos];
        row.questions += 1;
        row.answered += u32::from(answered);
        row.correct += u32::from(correct);
    };
    for item in session.items() {
        let answered = item.answer.is_some();
        let correct = item.correct().unwrap_or(false);
        match exam {
            Some(exam) => {
                for domain in domains_of(&item.question, exam) {
                    add(&domain.id, &domain.title, answered, correct);
                }
            }
            None => {
                for topic in &item.question.topics {
                    add(topic.as_str(), topic.as_str(), answered, correct);
                }
            }
        }
    }
    match exam {
        Some(exam) => rows.sort_by_key(|r| exam.domains.iter().position(|d| d.id == r.id)),
        None => rows.sort_by(|a, b| a.id.cmp(&b.id)),
    }
    let items = session.items();
    SessionReport {
        outcome: session.outcome(),
        grouping: if exam.is_some() { "domain" } else { "topic" },
        questions: items.len() as u32,
        answered: items.iter().filter(|i| i.answer.is_some()).count() as u32,
        correct: items.iter().filter(|i| i.correct() == Some(true)).count() as u32,
        pass_percent: exam.map(|e| e.pass_percent),
        rows,
    }
}

/// The exam's domains a question is tagged with (each once, in blueprint order).
fn domains_of<'a>(question: &Question, exam: &'a Exam) -> Vec<&'a crate::content::Domain> {
    exam.domains
        .iter()
        .filter(|d| question.is_for_domain(&exam.id, &d.id))
        .collect()
}

/// Answers and right answers in one domain over the whole history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainProgress {
    /// Domain id.
    pub id: String,
    /// Domain title.
    pub title: String,
    /// Blueprint weight in percent.
    pub weight: u32,
    /// Answers given to questions of this domain (every attempt counts).
    pub answered: u32,
    /// Of those, right.
    pub correct: u32,
    /// First attempts in practice or exam mode: the evidence readiness counts.
    pub counted: u32,
}

/// Answers on one day of the learner's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    /// `YYYY-MM-DD`, in the learner's time zone.
    pub date: String,
    /// Answers that day.
    pub answered: u32,
    /// Right answers that day.
    pub correct: u32,
}

/// The learner's standing in one exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamProgress {
    /// Exam id.
    pub id: String,
    /// Exam title.
    pub title: String,
    /// `active` or `retired`.
    pub status: &'static str,
    /// Pass mark in percent (the catalog's; an estimate where the vendor publishes none).
    pub pass_percent: u32,
    /// Answers to this exam's questions, every attempt.
    pub answered: u32,
    /// Of those, right.
    pub correct: u32,
    /// Readiness estimate.
    pub readiness: Readiness,
    /// Per domain, in blueprint order.
    pub domains: Vec<DomainProgress>,
    /// Per day with answers (the learner's calendar), oldest first.
    pub trend: Vec<TrendPoint>,
}

/// Per-exam progress from the whole answer history, with days counted in the learner's time
/// zone (`offset`). Attempts on questions no longer in the bank are ignored.
pub fn exam_progress(
    bank: &Bank,
    attempts: &[AttemptRecord],
    offset: UtcOffset,
) -> Vec<ExamProgress> {
    let first = first_attempts(attempts);
    bank.catalog()
        .exams
        .iter()
        .map(|exam| one_exam(bank, exam, attempts, &first, offset))
        .collect()
}

fn one_exam(
    bank: &Bank,
    exam: &Exam,
    attempts: &[AttemptRecord],
    first: &BTreeMap<&str, &AttemptRecord>,
    offset: UtcOffset,
) -> ExamProgress {
    let evidence = evidence(bank, exam, first);
    let mut domains: Vec<DomainProgress> = exam
        .domains
        .iter()
        .zip(&evidence.domains)
        .map(|(d, (_, e))| DomainProgress {
            id: d.id.clone(),
            title: d.title.clone(),
            weight: d.weight,
            answered: 0,
            correct: 0,
            counted: e.answered,
        })
        .collect();
    let (mut answered, mut correct) = (0, 0);
    let mut by_day: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    for a in attempts {
        let Some(q) = bank.question(&a.question_id) else {
            continue;
        };
        if !q.is_for_exam(&exam.id) {
            continue;
        }
        answered += 1;
        correct += u32::from(a.correct);
        let day = by_day.entry(a.answered_at.day(offset)).or_default();
        day.0 += 1;
        day.1 += u32::from(a.correct);
        for d in domains
            .iter_mut()
            .filter(|d| q.is_for_domain(&exam.id, &d.id))
        {
            d.answered += 1;
            d.correct += u32::from(a.correct);
        }
    }
    ExamProgress {
        id: exam.id.clone(),
        title: exam.title.clone(),
        status: if exam.is_retired() {
            "retired"
        } else {
            "active"
        },
        pass_percent: exam.pass_percent,
        answered,
        correct,
        readiness: assess(&evidence, exam.pass_percent),
        domains,
        trend: by_day
            .into_iter()
            .map(|(day, (answered, correct))| TrendPoint {
                date: date_of_day(day),
                answered,
                correct,
            })
            .collect(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
