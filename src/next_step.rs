//! What a learner should do next, as home shows it in one line: review cards that are due
//! first (forgetting does not wait), else the first lab in curriculum order never completed,
//! else a drill of the target exam's weakest domain, else choosing a target exam.

use crate::content::Exam;
use crate::lab::progress::LabProgress;
use crate::quiz::{DomainProgress, ExamProgress};

/// The one thing to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Review cards are due now.
    Review {
        /// How many.
        due: usize,
    },
    /// The first lab, in curriculum order, never completed.
    Lab {
        /// Its id.
        id: String,
        /// Its title.
        title: String,
        /// Whether it was begun (steps done in its latest play-through).
        started: bool,
    },
    /// A drill of the target exam's weakest domain.
    Drill {
        /// The exam's id.
        exam: String,
        /// The domain's id (the vendor's numbering).
        domain: String,
        /// The domain's title.
        title: String,
    },
    /// Nothing due, every lab done, and no target exam to drill: choose one.
    ChooseExam,
}

/// The next step from what is due, the labs' progress (in curriculum order) and the target exam
/// with its progress, when there is one.
pub fn next_step(
    due: usize,
    labs: &[LabProgress],
    target: Option<(&Exam, &ExamProgress)>,
) -> NextStep {
    if due > 0 {
        return NextStep::Review { due };
    }
    if let Some(lab) = labs.iter().find(|l| !l.completed) {
        return NextStep::Lab {
            id: lab.id.clone(),
            title: lab.title.clone(),
            started: lab.steps_done > 0,
        };
    }
    match target.and_then(|(exam, progress)| weakest_domain(exam, progress).map(|d| (exam, d))) {
        Some((exam, d)) => NextStep::Drill {
            exam: exam.id.clone(),
            domain: d.id.clone(),
            title: d.title.clone(),
        },
        None => NextStep::ChooseExam,
    }
}

/// The domain of `exam` (in this product's scope, with weight) the learner knows least: the
/// lowest posterior mean accuracy under a Jeffreys prior, (correct + 0.5) / (answered + 1), as
/// readiness uses, so one wrong answer does not outrank ten answers at 40%. With no answers
/// every domain is at 0.5 and the heaviest comes first; ties go to the heavier domain, then
/// to the vendor's order.
pub fn weakest_domain<'a>(exam: &Exam, progress: &'a ExamProgress) -> Option<&'a DomainProgress> {
    let mean = |d: &DomainProgress| (f64::from(d.correct) + 0.5) / (f64::from(d.answered) + 1.0);
    let mut best: Option<&DomainProgress> = None;
    for d in &progress.domains {
        let in_scope = exam.domain(&d.id).is_some_and(|c| c.in_scope);
        if !in_scope || d.weight == 0 {
            continue;
        }
        let better = best.is_none_or(|b| {
            let (m, bm) = (mean(d), mean(b));
            m < bm || (m == bm && d.weight > b.weight)
        });
        if better {
            best = Some(d);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_shipped;
    use crate::quiz::Readiness;

    fn lab(id: &str, completed: bool, steps_done: u32) -> LabProgress {
        LabProgress {
            id: id.to_owned(),
            title: format!("Lab {id}"),
            completed,
            steps_total: 5,
            steps_done,
            unaided: steps_done,
            with_hints: 0,
            with_solution: 0,
            minutes: 0,
            decisions: Vec::new(),
        }
    }

    fn progress(exam: &Exam, scores: &[(u32, u32)]) -> ExamProgress {
        ExamProgress {
            id: exam.id.clone(),
            title: exam.title.clone(),
            status: "active",
            pass_percent: exam.pass_percent,
            answered: 0,
            correct: 0,
            readiness: Readiness::NotEnoughData {
                questions: 0,
                needed: 60,
                in_bank: 0,
                domain_needed: 10,
                short_domains: Vec::new(),
            },
            domains: exam
                .domains
                .iter()
                .zip(scores.iter().chain(std::iter::repeat(&(0, 0))))
                .map(|(d, &(answered, correct))| DomainProgress {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    weight: d.weight,
                    answered,
                    correct,
                    counted: 0,
                })
                .collect(),
            trend: Vec::new(),
        }
    }

    #[test]
    fn due_reviews_come_first_then_the_first_unfinished_lab() {
        let labs = [lab("a", true, 5), lab("b", false, 2), lab("c", false, 0)];
        assert_eq!(next_step(3, &labs, None), NextStep::Review { due: 3 });
        assert_eq!(
            next_step(0, &labs, None),
            NextStep::Lab {
                id: "b".into(),
                title: "Lab b".into(),
                started: true
            }
        );
    }

    #[test]
    fn with_every_lab_done_the_weakest_domain_of_the_target_is_drilled() {
        let (bank, _) = load_shipped(&[]).unwrap();
        let exam = bank.exam("gcp-pmle").unwrap();
        let labs = [lab("a", true, 5)];
        // Domain 2 at 1/10 is weaker than domain 1 at 0/1 (one slip is little evidence).
        let p = progress(exam, &[(1, 0), (10, 1), (10, 9)]);
        let NextStep::Drill {
            exam: id, domain, ..
        } = next_step(0, &labs, Some((exam, &p)))
        else {
            panic!("a drill")
        };
        assert_eq!((id.as_str(), domain.as_str()), ("gcp-pmle", "2"));
        assert_eq!(next_step(0, &labs, None), NextStep::ChooseExam);
    }

    #[test]
    fn with_no_answers_the_heaviest_domain_in_scope_is_the_weakest() {
        let (bank, _) = load_shipped(&[]).unwrap();
        for exam in &bank.catalog().exams {
            let p = progress(exam, &[]);
            let d = weakest_domain(exam, &p).unwrap();
            let heaviest = exam.in_scope_domains().map(|d| d.weight).max().unwrap();
            assert_eq!(d.weight, heaviest, "{}", exam.id);
            assert!(exam.domain(&d.id).unwrap().in_scope, "{}", exam.id);
        }
    }
}
