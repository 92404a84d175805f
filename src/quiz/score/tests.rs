//! Per-exam progress from a history: every attempt in the domain table and the trend, days in
//! the learner's time zone; and the bank and attempts the readiness tests build on.

use super::*;
use crate::clock::{DAY_MS, Timestamp, UtcOffset};
use crate::content::{Catalog, Choice, Domain, ExamStatus, ExamTag, QuestionKind, SourceRef};
use crate::quiz::Readiness;

/// An exam `x` with these (domain id, weight) pairs and `per_domain` questions in each, named
/// `q-<domain>-<nnn>`.
pub(crate) fn bank(domains: &[(&str, u32)], per_domain: usize) -> Bank {
    let exam = Exam {
        id: "x".into(),
        vendor: "v".into(),
        title: "X".into(),
        guide: "g".into(),
        status: ExamStatus::Active,
        successor: None,
        questions: 60,
        minutes: 120,
        pass_percent: 70,
        note: None,
        item_types: Vec::new(),
        tools: Vec::new(),
        domains: domains
            .iter()
            .map(|(id, weight)| Domain {
                id: (*id).into(),
                title: format!("D{id}"),
                weight: *weight,
                in_scope: true,
                tasks: Vec::new(),
            })
            .collect(),
    };
    let questions = domains
        .iter()
        .flat_map(|(d, _)| (0..per_domain).map(move |i| (*d, i)))
        .map(|(d, i)| Question {
            id: question_id(d, i),
            kind: QuestionKind::Single {
                options: vec![Choice {
                    text: "a".into(),
                    correct: true,
                    why: "w".into(),
                }],
            },
            difficulty: 1,
            guide: None,
            topics: Vec::new(),
            exams: vec![ExamTag {
                exam: "x".into(),
                domain: d.into(),
                task: None,
            }],
            lab: None,
            case: None,
            drill_only: false,
            scenario: "s".into(),
            prompt: "p?".into(),
            explanation: "e".into(),
            references: Vec::new(),
            source: SourceRef {
                path: "q.toml".into(),
                line: 1,
            },
        })
        .collect();
    Bank::new(Catalog { exams: vec![exam] }, questions, Vec::new())
}

pub(crate) fn question_id(domain: &str, i: usize) -> String {
    format!("q-{domain}-{i:03}")
}

/// An answer to question `i` of `domain` in `mode`, at `at` milliseconds.
pub(crate) fn attempt(domain: &str, i: usize, mode: &str, correct: bool, at: i64) -> AttemptRecord {
    AttemptRecord {
        session_id: 1,
        mode: mode.into(),
        exam: None,
        question_id: question_id(domain, i),
        answer: String::new(),
        correct,
        seconds: 10.0,
        answered_at: Timestamp(at),
    }
}

#[test]
fn every_attempt_fills_the_domain_table_and_the_trend_by_local_day() {
    let bank = bank(&[("1", 50), ("2", 50)], 20);
    // Day 0 at 22:00 UTC and day 1 at 02:00 UTC: two days in UTC, one day in New York (UTC-5).
    let late = 22 * 3_600_000;
    let early = DAY_MS + 2 * 3_600_000;
    let mut history: Vec<_> = (0..5)
        .map(|i| attempt("1", i, "practice", true, late))
        .collect();
    history.extend((0..5).map(|i| attempt("2", i, "drill", i % 2 == 0, early)));
    // A repeat and a lab checkpoint still show in the table: they are answers given.
    history.push(attempt("1", 0, "practice", false, early + 1));
    history.push(attempt("2", 9, "lab", true, early + 2));
    let p = &exam_progress(&bank, &history, UtcOffset::UTC)[0];
    assert_eq!((p.answered, p.correct), (12, 9));
    assert_eq!((p.domains[0].answered, p.domains[0].correct), (6, 5));
    assert_eq!((p.domains[1].answered, p.domains[1].correct), (6, 4));
    // Counted: first attempts in practice or exam mode only.
    assert_eq!((p.domains[0].counted, p.domains[1].counted), (5, 0));
    let days: Vec<(&str, u32, u32)> = p
        .trend
        .iter()
        .map(|t| (t.date.as_str(), t.answered, t.correct))
        .collect();
    assert_eq!(days, [("1970-01-01", 5, 5), ("1970-01-02", 7, 4)]);
    let ny = &exam_progress(&bank, &history, UtcOffset(-5 * 60))[0];
    let days: Vec<(&str, u32)> = ny
        .trend
        .iter()
        .map(|t| (t.date.as_str(), t.answered))
        .collect();
    assert_eq!(days, [("1970-01-01", 12)]);
    assert!(matches!(p.readiness, Readiness::NotEnoughData { .. }));
}

#[test]
fn attempts_at_questions_gone_from_the_bank_are_ignored() {
    let bank = bank(&[("1", 100)], 5);
    let mut gone = attempt("1", 0, "practice", true, 0);
    gone.question_id = "removed-001".into();
    let p = &exam_progress(&bank, &[gone], UtcOffset::UTC)[0];
    assert_eq!(p.answered, 0);
    assert!(p.trend.is_empty());
}
