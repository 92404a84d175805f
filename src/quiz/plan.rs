//! Turning a request (`--mode`, `--exam`, `--domain`, `--topic`, `--count`, `--seed`) into the
//! questions of a session, with one clear message for every request that cannot work.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::select::{blueprint_sample, keep_cases_together, uniform_sample};
use super::session::SessionSpec;
use super::{Mode, QuizError};
use crate::clock::Timestamp;
use crate::content::{Bank, Exam, Question, Topic};

/// Questions in a session when `--count` is not given, outside exam mode.
pub const DEFAULT_COUNT: usize = 10;

/// What the learner asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizRequest {
    /// The mode.
    pub mode: Mode,
    /// `--exam`.
    pub exam: Option<String>,
    /// `--domain` (needs `--exam`: domain ids are the vendor's numbering).
    pub domain: Option<String>,
    /// `--topic`.
    pub topic: Option<String>,
    /// `--count`; default: the exam's question count in exam mode, else [`DEFAULT_COUNT`].
    pub count: Option<usize>,
    /// The seed for drawing and shuffling.
    pub seed: u64,
}

/// What the store knows that selection needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Questions whose latest answer was wrong, most recent first.
    pub missed: Vec<String>,
    /// Questions whose card is due, most overdue first.
    pub due: Vec<String>,
}

/// A session ready to start.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Mode, exam, seed, start and deadline.
    pub spec: SessionSpec,
    /// The questions, in the order they will be asked.
    pub questions: Vec<Question>,
    /// The exam's time limit for this many questions (exam mode).
    pub minutes: Option<u32>,
    /// A short description of the filter, e.g. `domain 3` or `topic drift`, for the store.
    pub filter: Option<String>,
}

fn known_exams(bank: &Bank) -> String {
    bank.catalog()
        .exams
        .iter()
        .map(|e| e.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Minutes for `n` questions of an exam: the exam's pace, rounded up, at least one minute.
pub fn minutes_for(exam: &Exam, n: usize) -> u32 {
    if exam.questions == 0 || n as u32 >= exam.questions {
        return exam.minutes;
    }
    let scaled = u64::from(exam.minutes) * n as u64;
    (scaled.div_ceil(u64::from(exam.questions)) as u32).max(1)
}

/// Whether a session of `mode` with these filters may draw `q`.
///
/// Drill-only questions (recall about a tool no exam guide names) carry no exam tags: a topic
/// drill offers them whatever exam is chosen, missed and review sessions without an exam bring
/// them back, and practice, exams and domain drills never draw them.
pub fn in_pool(
    q: &Question,
    mode: Mode,
    exam: Option<&str>,
    domain: Option<&str>,
    topic: Option<Topic>,
) -> bool {
    let on_topic = topic.is_none_or(|t| q.topics.contains(&t));
    if q.drill_only {
        return on_topic
            && domain.is_none()
            && match mode {
                Mode::Drill => topic.is_some(),
                Mode::Missed | Mode::Review => exam.is_none(),
                Mode::Practice | Mode::Exam | Mode::Lab => false,
            };
    }
    exam.is_none_or(|e| q.is_for_exam(e))
        && domain.is_none_or(|d| exam.is_some_and(|e| q.is_for_domain(e, d)))
        && on_topic
}

/// Chooses the session's questions.
///
/// Errors: an unknown exam, domain or topic; `--domain` without `--exam`; exam mode without
/// `--exam` or with a filter; drill without a filter; a count of 0; or nothing to ask.
pub fn plan(
    bank: &Bank,
    req: &QuizRequest,
    history: &History,
    now: Timestamp,
) -> Result<Plan, QuizError> {
    let (exam, topic) = check_request(bank, req)?;
    let matches = |q: &Question| {
        in_pool(
            q,
            req.mode,
            exam.map(|e| e.id.as_str()),
            req.domain.as_deref(),
            topic,
        )
    };
    let count = req.count.unwrap_or(match (req.mode, exam) {
        (Mode::Exam, Some(e)) => e.questions as usize,
        _ => DEFAULT_COUNT,
    });
    let mut rng = ChaCha8Rng::seed_from_u64(req.seed);
    let chosen: Vec<&Question> = match req.mode {
        Mode::Missed | Mode::Review => {
            let ids = if req.mode == Mode::Missed {
                &history.missed
            } else {
                &history.due
            };
            let mut pool: Vec<&Question> = ids
                .iter()
                .filter_map(|id| bank.question(id))
                .filter(|q| matches(q))
                .collect();
            // Missed questions come in a fresh order each time; due cards stay most overdue
            // first, so a short session reviews the most urgent ones.
            if req.mode == Mode::Missed {
                pool.shuffle(&mut rng);
            }
            pool.truncate(count);
            keep_cases_together(&pool)
        }
        _ => {
            let pool: Vec<&Question> = bank.questions().iter().filter(|q| matches(q)).collect();
            match exam {
                // A topic drill is not an exam's blueprint (and may hold drill-only
                // questions, which have no domain): it samples the topic uniformly.
                Some(e) if req.domain.is_none() && req.mode != Mode::Drill => {
                    blueprint_sample(e, &pool, count, &mut rng)
                }
                _ => uniform_sample(&pool, count, &mut rng),
            }
        }
    };
    if chosen.is_empty() {
        return Err(QuizError::NoQuestions(nothing_message(req, exam)));
    }
    let minutes = (req.mode == Mode::Exam)
        .then(|| exam.map(|e| minutes_for(e, chosen.len())))
        .flatten();
    let filter = match (&req.domain, topic) {
        (Some(d), _) => Some(format!("domain {d}")),
        (None, Some(t)) => Some(format!("topic {t}")),
        (None, None) => None,
    };
    Ok(Plan {
        spec: SessionSpec {
            mode: req.mode,
            exam: exam.map(|e| e.id.clone()),
            seed: req.seed,
            started_at: now,
            deadline: minutes.map(|m| now.plus_secs(i64::from(m) * 60)),
        },
        questions: chosen.into_iter().cloned().collect(),
        minutes,
        filter,
    })
}

/// Validates the options; returns the exam and topic they name.
fn check_request<'b>(
    bank: &'b Bank,
    req: &QuizRequest,
) -> Result<(Option<&'b Exam>, Option<Topic>), QuizError> {
    if req.count == Some(0) {
        return Err(QuizError::BadOption("--count must be at least 1".into()));
    }
    let exam = match req.exam.as_deref() {
        None => None,
        Some(id) => Some(bank.exam(id).ok_or_else(|| {
            QuizError::BadOption(format!("unknown exam '{id}'; exams: {}", known_exams(bank)))
        })?),
    };
    if let Some(d) = req.domain.as_deref() {
        let Some(exam) = exam else {
            return Err(QuizError::BadOption(format!(
                "--domain {d} needs --exam ID: domain numbers belong to an exam ({})",
                known_exams(bank)
            )));
        };
        if exam.domain(d).is_none() {
            let ids: Vec<&str> = exam.domains.iter().map(|d| d.id.as_str()).collect();
            return Err(QuizError::BadOption(format!(
                "exam {} has no domain '{d}'; its domains: {}",
                exam.id,
                ids.join(", ")
            )));
        }
    }
    let topic = match req.topic.as_deref() {
        None => None,
        Some(t) => Some(t.parse::<Topic>().map_err(|()| {
            let all: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
            QuizError::BadOption(format!("unknown topic '{t}'; topics: {}", all.join(", ")))
        })?),
    };
    match req.mode {
        Mode::Exam if exam.is_none() => {
            return Err(QuizError::BadOption(format!(
                "exam mode needs --exam ID ({})",
                known_exams(bank)
            )));
        }
        Mode::Exam if req.domain.is_some() || topic.is_some() => {
            return Err(QuizError::BadOption(
                "exam mode follows the whole blueprint; use --mode drill or practice with --domain or --topic"
                    .into(),
            ));
        }
        Mode::Drill if req.domain.is_none() && topic.is_none() => {
            return Err(QuizError::BadOption(
                "drill mode needs --domain D (with --exam ID) or --topic T".into(),
            ));
        }
        _ => {}
    }

    Ok((exam, topic))
}

fn nothing_message(req: &QuizRequest, exam: Option<&Exam>) -> String {
    let mut what = String::new();
    if let Some(e) = exam {
        what = format!(" for exam {}", e.id);
    }
    if let Some(d) = &req.domain {
        what = format!("{what} in domain {d}");
    }
    if let Some(t) = &req.topic {
        what = format!("{what} on topic {t}");
    }
    match req.mode {
        Mode::Missed => format!("no missed questions{what}: nothing to retake"),
        Mode::Review => format!("no review cards are due{what}"),
        _ => format!("no questions{what} in the loaded content"),
    }
}
