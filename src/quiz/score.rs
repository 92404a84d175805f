//! Scores: the end-of-session report per domain, and the learner's standing per exam from the
//! whole history (domain counts, a readiness estimate with an interval, the trend by day).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::session::{Outcome, Session};
use crate::clock::Timestamp;
use crate::content::{Bank, Exam, Question};
use crate::store::AttemptRecord;

/// Fewer distinct questions than this and readiness says "not enough data".
pub const MIN_READINESS_QUESTIONS: u32 = 20;

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

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
}

/// Readiness for one exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Readiness {
    /// Too little evidence for an estimate.
    NotEnoughData {
        /// Distinct questions answered for this exam.
        questions: u32,
        /// Distinct questions needed.
        needed: u32,
        /// Domains (ids) with no answered question yet.
        domains_without_answers: Vec<String>,
    },
    /// A blueprint-weighted accuracy with a 95% interval, each in 0..=1.
    Estimate {
        /// The point estimate.
        estimate: f64,
        /// Lower bound of the 95% interval.
        low: f64,
        /// Upper bound of the 95% interval.
        high: f64,
        /// Distinct questions behind it.
        questions: u32,
        /// `likely_pass` (low bound at or above the pass mark), `unlikely_pass` (high bound
        /// below it) or `borderline`.
        verdict: &'static str,
    },
}

/// Answers on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    /// `YYYY-MM-DD` (UTC).
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
    /// Per UTC day with answers, oldest first.
    pub trend: Vec<TrendPoint>,
}

/// Per-exam progress from the whole answer history. Attempts on questions no longer in the
/// bank are ignored.
pub fn exam_progress(bank: &Bank, attempts: &[AttemptRecord]) -> Vec<ExamProgress> {
    bank.catalog()
        .exams
        .iter()
        .map(|exam| one_exam(bank, exam, attempts))
        .collect()
}

fn one_exam(bank: &Bank, exam: &Exam, attempts: &[AttemptRecord]) -> ExamProgress {
    let mut domains: Vec<DomainProgress> = exam
        .domains
        .iter()
        .map(|d| DomainProgress {
            id: d.id.clone(),
            title: d.title.clone(),
            weight: d.weight,
            answered: 0,
            correct: 0,
        })
        .collect();
    let (mut answered, mut correct) = (0, 0);
    let mut by_day: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    // Latest answer per question: repeats of one question are not new evidence of breadth.
    let mut latest: HashMap<&str, (Timestamp, bool)> = HashMap::new();
    for a in attempts {
        let Some(q) = bank.question(&a.question_id) else {
            continue;
        };
        if !q.is_for_exam(&exam.id) {
            continue;
        }
        answered += 1;
        correct += u32::from(a.correct);
        let day = by_day.entry(a.answered_at.day()).or_default();
        day.0 += 1;
        day.1 += u32::from(a.correct);
        for d in domains
            .iter_mut()
            .filter(|d| q.is_for_domain(&exam.id, &d.id))
        {
            d.answered += 1;
            d.correct += u32::from(a.correct);
        }
        let entry = latest
            .entry(q.id.as_str())
            .or_insert((a.answered_at, a.correct));
        if a.answered_at >= entry.0 {
            *entry = (a.answered_at, a.correct);
        }
    }
    let readiness = readiness(bank, exam, &latest);
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
        readiness,
        domains,
        trend: by_day
            .into_iter()
            .map(|(day, (answered, correct))| TrendPoint {
                date: Timestamp(day * crate::clock::DAY_MS).date_string(),
                answered,
                correct,
            })
            .collect(),
    }
}

/// Readiness from the latest answer to each question of the exam.
fn readiness(bank: &Bank, exam: &Exam, latest: &HashMap<&str, (Timestamp, bool)>) -> Readiness {
    let per_domain: Vec<(u32, u32, u32)> = exam
        .domains
        .iter()
        .map(|d| {
            let (mut n, mut c) = (0, 0);
            for (id, &(_, ok)) in latest {
                if bank
                    .question(id)
                    .is_some_and(|q| q.is_for_domain(&exam.id, &d.id))
                {
                    n += 1;
                    c += u32::from(ok);
                }
            }
            (d.weight, n, c)
        })
        .collect();
    let missing: Vec<String> = exam
        .domains
        .iter()
        .zip(&per_domain)
        .filter(|(d, (w, n, _))| *w > 0 && *n == 0 && !d.id.is_empty())
        .map(|(d, _)| d.id.clone())
        .collect();
    let distinct = latest.len() as u32;
    if distinct < MIN_READINESS_QUESTIONS || !missing.is_empty() {
        Readiness::NotEnoughData {
            questions: distinct,
            needed: MIN_READINESS_QUESTIONS,
            domains_without_answers: missing,
        }
    } else {
        let (estimate, low, high) = weighted_wilson(&per_domain);
        let pass = f64::from(exam.pass_percent) / 100.0;
        let verdict = if low >= pass {
            "likely_pass"
        } else if high < pass {
            "unlikely_pass"
        } else {
            "borderline"
        };
        Readiness::Estimate {
            estimate,
            low,
            high,
            questions: distinct,
            verdict,
        }
    }
}

/// Blueprint-weighted accuracy with a Wilson-based 95% interval.
///
/// Input: per domain (weight, questions answered, answered right); domains with weight 0 or no
/// answers are left out. The estimate is the exam's own mix, a stratified proportion:
/// `p = sum_d w_d * c_d / n_d` with the weights normalised to sum to 1. Its variance is
/// `sum_d w_d^2 * p_d * (1 - p_d) / n_d`; a plain proportion's would be `p * (1 - p) / n`, so
/// the stratified sample is worth `n_eff = 1 / sum_d (w_d^2 / n_d)` simple answers (Kish's
/// effective sample size: `n_eff = n` when answers fall in proportion to the weights, less when
/// a domain is under-sampled). The interval is Wilson's score interval for `p` with `n_eff`
/// trials, which stays inside 0..1 and stays sensible at 0% and 100%, where the normal
/// approximation collapses to a point.
pub fn weighted_wilson(domains: &[(u32, u32, u32)]) -> (f64, f64, f64) {
    let used: Vec<(f64, f64, f64)> = domains
        .iter()
        .filter(|(w, n, _)| *w > 0 && *n > 0)
        .map(|&(w, n, c)| (f64::from(w), f64::from(n), f64::from(c)))
        .collect();
    let total_w: f64 = used.iter().map(|(w, _, _)| w).sum();
    if used.is_empty() || total_w <= 0.0 {
        return (0.0, 0.0, 1.0);
    }
    let p: f64 = used.iter().map(|(w, n, c)| w / total_w * c / n).sum();
    let n_eff = 1.0
        / used
            .iter()
            .map(|(w, n, _)| (w / total_w).powi(2) / n)
            .sum::<f64>();
    let (low, high) = wilson(p, n_eff, Z95);
    (p, low, high)
}

/// Wilson's score interval for a proportion `p` observed over `n` trials.
pub fn wilson(p: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Catalog, Choice, Domain, ExamStatus, ExamTag, QuestionKind, SourceRef};

    #[test]
    fn wilson_matches_published_values() {
        let (lo, hi) = wilson(0.5, 100.0, Z95);
        assert!(
            (lo - 0.4038).abs() < 1e-4 && (hi - 0.5962).abs() < 1e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0.0, 10.0, Z95);
        assert!(lo.abs() < 1e-12 && (hi - 0.2775).abs() < 1e-4, "{lo} {hi}");
    }

    #[test]
    fn weighted_estimate_is_the_blueprint_mix_and_balanced_samples_keep_their_size() {
        // Answers in proportion to the weights: n_eff equals n, so the interval is plain Wilson.
        let (p, lo, hi) = weighted_wilson(&[(50, 50, 40), (50, 50, 20)]);
        assert!((p - 0.6).abs() < 1e-12);
        let (wl, wh) = wilson(0.6, 100.0, Z95);
        assert!((lo - wl).abs() < 1e-12 && (hi - wh).abs() < 1e-12);
        // Same accuracies, but one domain barely sampled: same estimate, wider interval.
        let (p2, lo2, hi2) = weighted_wilson(&[(50, 95, 76), (50, 5, 1)]);
        assert!((p2 - 0.5).abs() < 1e-12);
        assert!(hi2 - lo2 > hi - lo);
        // The weights, not the answer counts, decide the mix.
        let (p3, _, _) = weighted_wilson(&[(80, 10, 10), (20, 90, 0)]);
        assert!((p3 - 0.8).abs() < 1e-12);
    }

    fn bank() -> Bank {
        let exam = Exam {
            id: "x".into(),
            vendor: "v".into(),
            title: "X".into(),
            guide: "g".into(),
            status: ExamStatus::Active,
            successor: None,
            questions: 10,
            minutes: 20,
            pass_percent: 70,
            note: None,
            item_types: Vec::new(),
            domains: ["1", "2"]
                .iter()
                .map(|d| Domain {
                    id: (*d).into(),
                    title: format!("D{d}"),
                    weight: 50,
                    tasks: Vec::new(),
                })
                .collect(),
        };
        let questions = (0..40)
            .map(|i| Question {
                id: format!("drift-{i:03}"),
                kind: QuestionKind::Single {
                    options: vec![Choice {
                        text: "a".into(),
                        correct: true,
                        why: "w".into(),
                    }],
                },
                difficulty: 1,
                topics: Vec::new(),
                exams: vec![ExamTag {
                    exam: "x".into(),
                    domain: if i < 20 { "1" } else { "2" }.into(),
                    task: None,
                }],
                lab: None,
                case: None,
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

    fn attempt(q: usize, correct: bool, day: i64) -> AttemptRecord {
        AttemptRecord {
            session_id: 1,
            mode: "practice".into(),
            exam: None,
            question_id: format!("drift-{q:03}"),
            answer: String::new(),
            correct,
            seconds: 10.0,
            answered_at: Timestamp(day * crate::clock::DAY_MS + q as i64),
        }
    }

    #[test]
    fn readiness_needs_enough_answers_in_every_domain() {
        let bank = bank();
        // 25 answers, all in domain 1: not enough (domain 2 has none).
        let only_one: Vec<_> = (0..20).chain(0..5).map(|q| attempt(q, true, 0)).collect();
        let p = &exam_progress(&bank, &only_one)[0];
        assert_eq!(p.answered, 25);
        assert_eq!(p.domains[0].answered, 25);
        match &p.readiness {
            Readiness::NotEnoughData {
                questions,
                domains_without_answers,
                ..
            } => {
                assert_eq!(*questions, 20, "repeats of a question are one question");
                assert_eq!(domains_without_answers, &vec!["2".to_string()]);
            }
            other @ Readiness::Estimate { .. } => panic!("{other:?}"),
        }
        // 30 questions over both domains, domain 1 all right, domain 2 half right.
        let mut both: Vec<_> = (0..15).map(|q| attempt(q, true, 0)).collect();
        both.extend((20..35).map(|q| attempt(q, q % 2 == 0, 1)));
        let p = &exam_progress(&bank, &both)[0];
        match p.readiness {
            Readiness::Estimate {
                estimate,
                low,
                high,
                questions,
                verdict,
            } => {
                assert_eq!(questions, 30);
                assert!((estimate - (0.5 * 1.0 + 0.5 * 8.0 / 15.0)).abs() < 1e-12);
                assert!(low < estimate && estimate < high);
                assert_eq!(verdict, "borderline");
            }
            ref other @ Readiness::NotEnoughData { .. } => panic!("{other:?}"),
        }
        assert_eq!(
            p.trend,
            vec![
                TrendPoint {
                    date: "1970-01-01".into(),
                    answered: 15,
                    correct: 15
                },
                TrendPoint {
                    date: "1970-01-02".into(),
                    answered: 15,
                    correct: 8
                },
            ]
        );
    }

    #[test]
    fn the_latest_answer_to_a_question_is_the_one_readiness_uses() {
        let bank = bank();
        let mut history: Vec<_> = (0..40).map(|q| attempt(q, false, 0)).collect();
        history.extend((0..40).map(|q| attempt(q, true, 1)));
        let p = &exam_progress(&bank, &history)[0];
        assert_eq!((p.answered, p.correct), (80, 40));
        match p.readiness {
            Readiness::Estimate {
                estimate, verdict, ..
            } => {
                assert!((estimate - 1.0).abs() < 1e-12);
                assert_eq!(verdict, "likely_pass");
            }
            ref other @ Readiness::NotEnoughData { .. } => panic!("{other:?}"),
        }
    }
}
