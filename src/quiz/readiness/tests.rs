//! Readiness as a candidate relies on it: it waits for enough first attempts in every domain,
//! leaves out lab checkpoints and repeats, and its interval covers the true score of simulated
//! candidates and narrows as they answer more.

use proptest::prelude::*;
use rand::Rng;

use super::*;
use crate::clock::UtcOffset;
use crate::quiz::exam_progress;
use crate::quiz::score::tests::{attempt, bank};

/// The exam used below: four domains weighted 40/30/20/10, 40 questions each.
const DOMAINS: [(&str, u32); 4] = [("1", 40), ("2", 30), ("3", 20), ("4", 10)];

fn readiness_of(history: &[AttemptRecord]) -> Readiness {
    let bank = bank(&DOMAINS, 40);
    exam_progress(&bank, history, UtcOffset::UTC)
        .remove(0)
        .readiness
}

/// `n` first attempts per domain in `mode`, right while `i < right`.
fn answers(n: usize, right: usize, mode: &str, at: i64) -> Vec<AttemptRecord> {
    DOMAINS
        .iter()
        .flat_map(|(d, _)| (0..n).map(move |i| attempt(d, i, mode, i < right, at + i as i64)))
        .collect()
}

#[test]
fn forty_practice_answers_are_not_enough_evidence_and_say_what_is_missing() {
    // 40 answers, 10 in each domain: every domain has its 10, the exam lacks 20.
    let history = answers(10, 10, "practice", 0);
    match readiness_of(&history) {
        Readiness::NotEnoughData {
            questions,
            needed,
            short_domains,
            ..
        } => {
            assert_eq!((questions, needed), (40, 60));
            assert!(short_domains.is_empty());
        }
        other @ Readiness::Estimate { .. } => panic!("{other:?}"),
    }
    // 40 answers crowded into two domains: the others are named with what they lack.
    let mut crowded: Vec<_> = (0..24)
        .map(|i| attempt("1", i, "practice", true, 0))
        .collect();
    crowded.extend((0..10).map(|i| attempt("2", i, "exam", true, 0)));
    crowded.extend((0..6).map(|i| attempt("3", i, "practice", true, 0)));
    let bank = bank(&DOMAINS, 40);
    let p = exam_progress(&bank, &crowded, UtcOffset::UTC).remove(0);
    let text = readiness_text(&p);
    assert_eq!(
        text,
        "not enough evidence: 40 of 60 first attempts; domain 3 needs 4 more, domain 4 needs 10 more"
    );
}

#[test]
fn a_bank_too_small_for_an_estimate_says_so() {
    // Domain 4 has 6 questions, the exam 126: answering all of them cannot reach 10 there.
    let small = bank(&DOMAINS[..3], 40);
    let mut questions = small.questions().to_vec();
    let extra = bank(&[("4", 10)], 6);
    questions.extend(extra.questions().iter().cloned());
    let catalog = bank(&DOMAINS, 1).catalog().clone();
    let bank = Bank::new(catalog, questions, Vec::new());
    let history: Vec<_> = (0..6)
        .map(|i| attempt("4", i, "practice", true, 0))
        .collect();
    let p = exam_progress(&bank, &history, UtcOffset::UTC).remove(0);
    let text = readiness_text(&p);
    assert!(
        text.contains("domain 4 needs 4 more (the bank has 6)"),
        "{text}"
    );
    assert!(!text.contains("first attempts (the bank has"), "{text}");
}

#[test]
fn lab_checkpoints_repeats_and_other_modes_do_not_count() {
    // 15 per domain in practice: an estimate.
    let practice = answers(15, 12, "practice", 1_000);
    assert!(matches!(
        readiness_of(&practice),
        Readiness::Estimate { questions: 60, .. }
    ));
    // The same questions first met in a lab checkpoint (or a drill, or a review): practice
    // later is a repeat, so nothing counts.
    for first in ["lab", "drill", "missed", "review"] {
        let mut history = answers(15, 15, first, 0);
        history.extend(practice.iter().cloned());
        match readiness_of(&history) {
            Readiness::NotEnoughData { questions, .. } => assert_eq!(questions, 0, "{first}"),
            other @ Readiness::Estimate { .. } => panic!("{first}: {other:?}"),
        }
    }
    // Repeats after a first practice attempt change nothing, right or wrong.
    let mut repeated = practice.clone();
    repeated.extend(answers(15, 0, "practice", 50_000));
    repeated.extend(answers(15, 15, "exam", 90_000));
    assert_eq!(readiness_of(&repeated), readiness_of(&practice));
}

#[test]
fn the_verdict_needs_the_whole_interval_on_one_side_of_the_pass_mark() {
    // 20 per domain, all right: well above 70%.
    let Readiness::Estimate { low, verdict, .. } = readiness_of(&answers(20, 20, "exam", 0)) else {
        panic!("80 first attempts give an estimate");
    };
    assert!(low >= 0.7 && verdict == "likely_pass", "{low} {verdict}");
    // 14 of 20 right everywhere: 70% observed, the interval straddles the pass mark.
    let Readiness::Estimate {
        estimate,
        low,
        high,
        verdict,
        ..
    } = readiness_of(&answers(20, 14, "exam", 0))
    else {
        panic!("an estimate");
    };
    assert!(
        low < 0.7 && high > 0.7 && verdict == "borderline",
        "{low} {high}"
    );
    assert!(
        (estimate - 14.5 / 21.0).abs() < 1e-12,
        "weighted posterior mean"
    );
    // 6 of 20: far below.
    let Readiness::Estimate { high, verdict, .. } = readiness_of(&answers(20, 6, "exam", 0)) else {
        panic!("an estimate");
    };
    assert!(high < 0.7 && verdict == "unlikely_pass", "{high}");
}

#[test]
fn the_same_history_gives_the_same_figures_every_time() {
    let history = answers(17, 11, "practice", 0);
    assert_eq!(readiness_of(&history), readiness_of(&history));
    let Readiness::Estimate { low, high, .. } = readiness_of(&history) else {
        panic!("an estimate");
    };
    assert!(low < high);
}

/// Simulates a candidate of per-domain `skill` answering `n[d]` new questions in each domain;
/// returns the 95% interval.
fn simulate(skill: &[f64], weights: &[u32], n: &[u32], rng: &mut ChaCha8Rng) -> (f64, f64) {
    let domains: Vec<DomainEvidence> = skill
        .iter()
        .zip(weights)
        .zip(n)
        .map(|((&p, &weight), &answered)| DomainEvidence {
            weight,
            answered,
            correct: (0..answered).filter(|_| rng.gen_bool(p)).count() as u32,
            in_bank: answered,
        })
        .collect();
    let (_, low, high) = posterior_interval(&domains).unwrap();
    (low, high)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5, ..ProptestConfig::default() })]

    /// For a candidate of known skill in each domain (true score: the blueprint-weighted skill),
    /// answering 10 to 30 questions per domain, the interval contains the true score at least
    /// 90% of the time (nominally 95%), and four times the answers give a narrower interval.
    #[test]
    fn the_interval_covers_the_true_score_and_narrows_with_evidence(
        skill in proptest::collection::vec(0.3f64..0.95, 4),
        weights in proptest::collection::vec(5u32..40, 4),
        n in proptest::collection::vec(10u32..30, 4),
        seed in any::<u64>(),
    ) {
        let total: u32 = weights.iter().sum();
        let truth: f64 = skill
            .iter()
            .zip(&weights)
            .map(|(s, w)| s * f64::from(*w) / f64::from(total))
            .sum();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // 400 candidates: at the nominal 95%, a run below 90% is over four standard deviations
        // away, so the test does not flake.
        let candidates = 400;
        let covered = (0..candidates)
            .filter(|_| {
                let (low, high) = simulate(&skill, &weights, &n, &mut rng);
                low <= truth && truth <= high
            })
            .count();
        prop_assert!(
            covered * 10 >= candidates * 9,
            "covered {covered} of {candidates} (true score {truth:.3})"
        );
        // The same accuracies from four times the answers: a narrower interval.
        let expected = |k: u32| -> Vec<DomainEvidence> {
            skill.iter().zip(&weights).zip(&n).map(|((&p, &weight), &m)| DomainEvidence {
                weight,
                answered: k * m,
                correct: (p * f64::from(k * m)).round() as u32,
                in_bank: k * m,
            }).collect()
        };
        let (_, l1, h1) = posterior_interval(&expected(1)).unwrap();
        let (_, l4, h4) = posterior_interval(&expected(4)).unwrap();
        prop_assert!(h4 - l4 < h1 - l1, "{} vs {}", h4 - l4, h1 - l1);
    }
}

#[test]
fn readiness_is_over_the_in_scope_domains_only() {
    // Domains 3 and 4 leave the product (as AI-103's vision and text domains do): no questions.
    let full = bank(&DOMAINS, 40);
    let mut catalog = full.catalog().clone();
    for d in &mut catalog.exams[0].domains {
        d.in_scope = matches!(d.id.as_str(), "1" | "2");
    }
    let questions = full
        .questions()
        .iter()
        .filter(|q| q.is_for_domain("x", "1") || q.is_for_domain("x", "2"))
        .cloned()
        .collect();
    let scoped = crate::content::Bank::new(catalog, questions, Vec::new());
    let history: Vec<_> = ["1", "2"]
        .iter()
        .flat_map(|d| (0..40).map(move |i| attempt(d, i, "practice", i < 35, i as i64)))
        .collect();
    let r = exam_progress(&scoped, &history, UtcOffset::UTC)
        .remove(0)
        .readiness;
    assert!(
        matches!(
            r,
            Readiness::Estimate {
                verdict: "likely_pass",
                questions: 80,
                ..
            }
        ),
        "{r:?}"
    );
    // In scope, the unanswered domains would keep readiness out of reach.
    let r = exam_progress(&full, &history, UtcOffset::UTC)
        .remove(0)
        .readiness;
    assert!(matches!(r, Readiness::NotEnoughData { .. }), "{r:?}");
}
