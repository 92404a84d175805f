//! Which questions a session asks: blueprint allocation (largest remainder over the exam's
//! domain weights), seeded sampling within each domain, filters, and keeping a case study's
//! questions together.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::SliceRandom;

use crate::content::{Exam, Question};

/// Splits `count` questions among domains in proportion to `weights` by the largest-remainder
/// (Hamilton) method: everyone gets the floor of their exact quota, and the seats left over go
/// to the largest fractional remainders (ties to the earlier domain, the vendor's order).
pub fn allocate(weights: &[u32], count: usize) -> Vec<usize> {
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    let count = count as u64;
    // Exact integer arithmetic: quota_i = count * w_i / total, remainder kept as a numerator.
    let mut seats: Vec<usize> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u64, usize)> = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let exact = count * u64::from(w);
        seats.push((exact / total) as usize);
        remainders.push((exact % total, i));
    }
    let given: usize = seats.iter().sum();
    let left = count as usize - given;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left) {
        seats[i] += 1;
    }
    seats
}

/// Like [`allocate`], but no domain gets more than it has questions: a domain that runs short
/// gives all it has and the shortfall is re-split among the others by their weights. The total
/// is less than `count` only when the whole pool is smaller.
pub fn allocate_capped(weights: &[u32], available: &[usize], count: usize) -> Vec<usize> {
    let n = weights.len();
    let mut fixed: Vec<Option<usize>> = vec![None; n];
    loop {
        let taken: usize = fixed.iter().flatten().sum();
        let open: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
        let open_weights: Vec<u32> = open.iter().map(|&i| weights[i]).collect();
        let mut share = allocate(&open_weights, count.saturating_sub(taken));
        // When every open domain has weight 0 nobody gets seats; then fill evenly by order.
        if open_weights.iter().all(|&w| w == 0) {
            share = allocate(&vec![1; open.len()], count.saturating_sub(taken));
        }
        let over: Vec<usize> = open
            .iter()
            .zip(&share)
            .filter(|&(&i, &s)| s > available[i])
            .map(|(&i, _)| i)
            .collect();
        if over.is_empty() {
            let mut result: Vec<usize> = fixed.iter().map(|f| f.unwrap_or(0)).collect();
            for (&i, &s) in open.iter().zip(&share) {
                result[i] = s;
            }
            return result;
        }
        for i in over {
            fixed[i] = Some(available[i]);
        }
    }
}

/// The domain a question counts toward in an exam: the domain of its first tag for that exam.
/// Using one domain per question keeps the blueprint counts honest when a question carries two
/// tags of the same exam.
pub fn primary_domain<'a>(question: &'a Question, exam: &str) -> Option<&'a str> {
    question
        .exams
        .iter()
        .find(|t| t.exam == exam)
        .map(|t| t.domain.as_str())
}

/// Draws up to `count` questions from `pool` following the exam's blueprint: allocation by
/// [`allocate_capped`], then a seeded uniform draw inside each domain, then a seeded shuffle of
/// the whole list with case-study questions brought together.
pub fn blueprint_sample<'a, R: Rng>(
    exam: &Exam,
    pool: &[&'a Question],
    count: usize,
    rng: &mut R,
) -> Vec<&'a Question> {
    let mut by_domain: Vec<Vec<&'a Question>> = exam
        .domains
        .iter()
        .map(|d| {
            pool.iter()
                .copied()
                .filter(|q| primary_domain(q, &exam.id) == Some(d.id.as_str()))
                .collect()
        })
        .collect();
    // A domain outside this product has no questions and takes no seats.
    let weights: Vec<u32> = exam
        .domains
        .iter()
        .map(|d| if d.in_scope { d.weight } else { 0 })
        .collect();
    let available: Vec<usize> = by_domain.iter().map(Vec::len).collect();
    let seats = allocate_capped(&weights, &available, count);
    let mut chosen = Vec::with_capacity(count);
    for (questions, &k) in by_domain.iter_mut().zip(&seats) {
        questions.shuffle(rng);
        chosen.extend(questions.iter().take(k).copied());
    }
    chosen.shuffle(rng);
    keep_cases_together(&chosen)
}

/// Draws up to `count` questions uniformly (seeded), with case-study questions brought together.
pub fn uniform_sample<'a, R: Rng>(
    pool: &[&'a Question],
    count: usize,
    rng: &mut R,
) -> Vec<&'a Question> {
    let mut all: Vec<&'a Question> = pool.to_vec();
    all.shuffle(rng);
    all.truncate(count);
    keep_cases_together(&all)
}

/// Reorders so that the questions of one case study follow each other, placed where the first
/// of them was and in file order, so the learner reads the case once and answers its questions
/// in a row. Everything else keeps its order.
pub fn keep_cases_together<'a>(questions: &[&'a Question]) -> Vec<&'a Question> {
    let mut done: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(questions.len());
    for q in questions {
        match q.case.as_deref() {
            None => out.push(*q),
            Some(case) => {
                if done.insert(case) {
                    let mut group: Vec<&'a Question> = questions
                        .iter()
                        .copied()
                        .filter(|o| o.case.as_deref() == Some(case))
                        .collect();
                    group.sort_by_key(|o| (o.source.path.clone(), o.source.line));
                    out.extend(group);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_gives_every_seat_by_quota() {
        // AWS MLA-C01: 28/26/22/24 over 65 questions: quotas 18.2, 16.9, 14.3, 15.6.
        assert_eq!(allocate(&[28, 26, 22, 24], 65), vec![18, 17, 14, 16]);
        assert_eq!(allocate(&[28, 26, 22, 24], 10), vec![3, 3, 2, 2]);
        // Ties in the remainder go to the earlier domain.
        assert_eq!(allocate(&[1, 1, 1], 2), vec![1, 1, 0]);
        assert_eq!(allocate(&[0, 0], 5), vec![0, 0]);
        for count in 0..200 {
            assert_eq!(
                allocate(&[13, 14, 18, 22, 15, 18], count)
                    .iter()
                    .sum::<usize>(),
                count
            );
        }
    }

    proptest::proptest! {
        /// Largest remainder is quota-respecting: every domain gets the floor or the ceiling of
        /// its exact share, and the seats add up.
        #[test]
        fn allocation_stays_within_one_of_the_exact_quota(
            weights in proptest::collection::vec(0u32..60, 1..8),
            count in 0usize..300,
        ) {
            let seats = allocate(&weights, count);
            let total: u32 = weights.iter().sum();
            if total == 0 {
                proptest::prop_assert!(seats.iter().all(|&s| s == 0));
            } else {
                proptest::prop_assert_eq!(seats.iter().sum::<usize>(), count);
                for (&w, &s) in weights.iter().zip(&seats) {
                    let quota = count as f64 * f64::from(w) / f64::from(total);
                    proptest::prop_assert!((s as f64) >= quota.floor() && (s as f64) <= quota.ceil());
                }
            }
        }

        /// Capped allocation never exceeds what a domain has and fills as much as it can.
        #[test]
        fn capped_allocation_respects_availability(
            domains in proptest::collection::vec((1u32..60, 0usize..20), 1..8),
            count in 0usize..100,
        ) {
            let weights: Vec<u32> = domains.iter().map(|d| d.0).collect();
            let available: Vec<usize> = domains.iter().map(|d| d.1).collect();
            let seats = allocate_capped(&weights, &available, count);
            for (s, a) in seats.iter().zip(&available) {
                proptest::prop_assert!(s <= a);
            }
            let pool: usize = available.iter().sum();
            proptest::prop_assert_eq!(seats.iter().sum::<usize>(), count.min(pool));
        }
    }

    #[test]
    fn a_short_domain_gives_its_seats_to_the_others() {
        assert_eq!(
            allocate_capped(&[28, 26, 22, 24], &[1, 50, 50, 50], 10),
            vec![1, 3, 3, 3]
        );
        assert_eq!(allocate_capped(&[50, 50], &[2, 3], 10), vec![2, 3]);
        assert_eq!(allocate_capped(&[0, 100], &[5, 0], 3), vec![3, 0]);
    }
}
