//! Readiness: an estimate of the exam score a candidate can believe, from evidence that means
//! something, with an interval honest about how much evidence there is.
//!
//! Evidence is the first attempt ever at each question, and only when that first attempt was in
//! practice or exam mode: a lab checkpoint was answered with the lab's explanation on screen,
//! drill/missed/review sessions pick questions by past results, and any later attempt has seen
//! the explanation. Until every weighted domain has [`MIN_DOMAIN_ANSWERS`] such attempts and the
//! exam [`MIN_EXAM_ANSWERS`], readiness says "not enough evidence" and which domains are short.
//!
//! The estimate weights each domain's score by the blueprint. Each domain's accuracy gets a
//! Beta posterior from a Jeffreys prior, `Beta(c + 1/2, n - c + 1/2)`; the weighted sum of those
//! accuracies has no closed form, so its 95% interval is read from [`DRAWS`] Monte-Carlo draws
//! (2.5% and 97.5% quantiles) from an RNG seeded with a constant, so the same history gives the
//! same figures in every process.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution};
use serde::Serialize;

use super::score::ExamProgress;
use crate::content::{Bank, Exam};
use crate::store::AttemptRecord;

/// First attempts a domain with blueprint weight needs before readiness gives an estimate.
pub const MIN_DOMAIN_ANSWERS: u32 = 10;
/// First attempts the whole exam needs before readiness gives an estimate.
pub const MIN_EXAM_ANSWERS: u32 = 60;
/// Monte-Carlo draws behind the interval: the quantiles move by well under a point between
/// seeds at this size.
pub const DRAWS: usize = 4000;
/// The fixed seed of the draws ("READY").
const SEED: u64 = 0x52_4541_4459;

/// Session modes whose first attempts count as evidence.
pub const COUNTED_MODES: [&str; 2] = ["practice", "exam"];

/// A domain with too few first attempts for an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortDomain {
    /// Domain id.
    pub id: String,
    /// First attempts it has.
    pub counted: u32,
    /// How many more it needs.
    pub more: u32,
    /// Questions the loaded bank has for it: when fewer than needed, more content (a
    /// `--content` pack) is the only way to an estimate, and the learner is told so.
    pub in_bank: u32,
}

/// Readiness for one exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Readiness {
    /// Too little evidence for an estimate ("not enough evidence").
    NotEnoughData {
        /// First attempts that count (distinct questions of this exam).
        questions: u32,
        /// First attempts the exam needs.
        needed: u32,
        /// Questions the loaded bank has for the exam.
        in_bank: u32,
        /// First attempts each weighted domain needs.
        domain_needed: u32,
        /// The weighted domains below `domain_needed`, in blueprint order.
        short_domains: Vec<ShortDomain>,
    },
    /// A blueprint-weighted score with a 95% interval, each in 0..=1.
    Estimate {
        /// The point estimate: the weighted posterior mean.
        estimate: f64,
        /// Lower bound of the 95% interval.
        low: f64,
        /// Upper bound of the 95% interval.
        high: f64,
        /// First attempts (distinct questions) behind it.
        questions: u32,
        /// `likely_pass` (low bound at or above the pass mark), `unlikely_pass` (high bound
        /// below it) or `borderline`.
        verdict: &'static str,
    },
}

/// The evidence in one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainEvidence {
    /// Blueprint weight in percent.
    pub weight: u32,
    /// First attempts.
    pub answered: u32,
    /// Of those, right.
    pub correct: u32,
    /// Questions the bank has for the domain.
    pub in_bank: u32,
}

/// The evidence for one exam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence<'e> {
    /// Per domain (id, evidence), in blueprint order.
    pub domains: Vec<(&'e str, DomainEvidence)>,
    /// Distinct questions with a counted first attempt.
    pub questions: u32,
    /// Questions the bank has for the exam.
    pub in_bank: u32,
}

/// The first attempt ever at each question (the earliest; the store's order breaks ties),
/// whatever its mode: a question first met in a lab or a drill has been seen, so no later
/// attempt at it is evidence either.
pub fn first_attempts(attempts: &[AttemptRecord]) -> BTreeMap<&str, &AttemptRecord> {
    let mut first: BTreeMap<&str, &AttemptRecord> = BTreeMap::new();
    for a in attempts {
        let entry = first.entry(a.question_id.as_str()).or_insert(a);
        if a.answered_at < entry.answered_at {
            *entry = a;
        }
    }
    first
}

/// The evidence for `exam` among first attempts: per domain in blueprint order, and the number
/// of distinct questions. Only first attempts in a counted mode are kept.
pub fn evidence<'e>(
    bank: &Bank,
    exam: &'e Exam,
    first: &BTreeMap<&str, &AttemptRecord>,
) -> Evidence<'e> {
    // Domains outside this product have no questions: readiness is over the others.
    let mut domains: Vec<(&str, DomainEvidence)> = exam
        .in_scope_domains()
        .map(|d| {
            let in_bank = bank
                .questions_for_exam(&exam.id)
                .filter(|q| q.is_for_domain(&exam.id, &d.id))
                .count() as u32;
            let e = DomainEvidence {
                weight: d.weight,
                answered: 0,
                correct: 0,
                in_bank,
            };
            (d.id.as_str(), e)
        })
        .collect();
    let mut questions = 0;
    for (id, a) in first {
        if !COUNTED_MODES.contains(&a.mode.as_str()) {
            continue;
        }
        let Some(q) = bank.question(id).filter(|q| q.is_for_exam(&exam.id)) else {
            continue;
        };
        questions += 1;
        for (domain, e) in &mut domains {
            if q.is_for_domain(&exam.id, domain) {
                e.answered += 1;
                e.correct += u32::from(a.correct);
            }
        }
    }
    Evidence {
        domains,
        questions,
        in_bank: bank.questions_for_exam(&exam.id).count() as u32,
    }
}

/// Readiness from an exam's evidence against its pass mark in percent.
pub fn assess(evidence: &Evidence, pass_percent: u32) -> Readiness {
    let questions = evidence.questions;
    let short_domains: Vec<ShortDomain> = evidence
        .domains
        .iter()
        .filter(|(_, d)| d.weight > 0 && d.answered < MIN_DOMAIN_ANSWERS)
        .map(|(id, d)| ShortDomain {
            id: (*id).to_owned(),
            counted: d.answered,
            more: MIN_DOMAIN_ANSWERS - d.answered,
            in_bank: d.in_bank,
        })
        .collect();
    let domains: Vec<DomainEvidence> = evidence.domains.iter().map(|(_, d)| *d).collect();
    // The draws are only made once the evidence is there (home reads every exam at each visit).
    let enough = questions >= MIN_EXAM_ANSWERS && short_domains.is_empty();
    match enough.then(|| posterior_interval(&domains)).flatten() {
        Some((estimate, low, high)) => {
            let pass = f64::from(pass_percent) / 100.0;
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
                questions,
                verdict,
            }
        }
        _ => Readiness::NotEnoughData {
            questions,
            needed: MIN_EXAM_ANSWERS,
            in_bank: evidence.in_bank,
            domain_needed: MIN_DOMAIN_ANSWERS,
            short_domains,
        },
    }
}

/// The blueprint-weighted score: `(point estimate, 2.5% quantile, 97.5% quantile)`, or `None`
/// when no domain has weight.
///
/// The point estimate is the weighted posterior mean `sum_d w_d (c_d + 1/2) / (n_d + 1)`
/// rather than the observed `c_d / n_d`: it lies inside the interval (a perfect 10 of 10
/// would otherwise read 100% above an interval that, rightly, stops short of it), and with
/// the evidence readiness requires the two differ by a few points at most.
pub fn posterior_interval(domains: &[DomainEvidence]) -> Option<(f64, f64, f64)> {
    let total: f64 = domains.iter().map(|d| f64::from(d.weight)).sum();
    if total <= 0.0 {
        return None;
    }
    let mut parts = Vec::new();
    let mut mean = 0.0;
    for d in domains.iter().filter(|d| d.weight > 0) {
        let w = f64::from(d.weight) / total;
        let a = f64::from(d.correct) + 0.5;
        let b = f64::from(d.answered.saturating_sub(d.correct)) + 0.5;
        mean += w * a / (a + b);
        // Both shapes are at least 1/2, which `Beta::new` always accepts.
        parts.push((w, Beta::new(a, b).ok()?));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut draws: Vec<f64> = (0..DRAWS)
        .map(|_| {
            parts
                .iter()
                .map(|(w, beta)| w * beta.sample(&mut rng))
                .sum()
        })
        .collect();
    draws.sort_by(f64::total_cmp);
    Some((mean, quantile(&draws, 0.025), quantile(&draws, 0.975)))
}

/// The `q` quantile of sorted values, interpolating between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let at = q * last as f64;
    let below = at.floor() as usize;
    let above = (below + 1).min(last);
    let frac = at - below as f64;
    sorted[below] * (1.0 - frac) + sorted[above] * frac
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// Readiness in one line, as `progress`, the results screen and line mode say it, e.g.
/// `68% (95% interval 58%-77%) from 72 first attempts; pass mark 72%: borderline` or
/// `not enough evidence: 40 of 60 first attempts; domain 3 needs 4 more`.
pub fn readiness_text(e: &ExamProgress) -> String {
    let pass_percent = e.pass_percent;
    match &e.readiness {
        Readiness::Estimate {
            estimate,
            low,
            high,
            questions,
            verdict,
        } => format!(
            "{} (95% interval {}-{}) from {questions} first attempts; pass mark {pass_percent}%: {}",
            pct(*estimate),
            pct(*low),
            pct(*high),
            verdict.replace('_', " ")
        ),
        Readiness::NotEnoughData {
            questions,
            needed,
            in_bank,
            short_domains,
            ..
        } => {
            let bank = if in_bank < needed {
                format!(" (the bank has {in_bank})")
            } else {
                String::new()
            };
            let mut text =
                format!("not enough evidence: {questions} of {needed} first attempts{bank}");
            let short: Vec<String> = short_domains
                .iter()
                .map(|d| {
                    let bank = if d.in_bank < MIN_DOMAIN_ANSWERS {
                        format!(" (the bank has {})", d.in_bank)
                    } else {
                        String::new()
                    };
                    format!("domain {} needs {} more{bank}", d.id, d.more)
                })
                .collect();
            if !short.is_empty() {
                text.push_str("; ");
                text.push_str(&short.join(", "));
            }
            text
        }
    }
}

#[cfg(test)]
mod tests;
