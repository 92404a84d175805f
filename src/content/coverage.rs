//! `check --coverage`: how the bank covers each exam's blueprint, domain by domain.

use super::model::{Bank, Exam};

/// One domain's questions against its blueprint weight.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainCoverage {
    /// Domain id.
    pub id: String,
    /// Domain title.
    pub title: String,
    /// Whether this product covers the domain.
    pub in_scope: bool,
    /// Questions tagged to the domain (a task tag counts).
    pub questions: usize,
    /// Of those, at difficulty 1, 2 and 3.
    pub difficulty: [usize; 3],
    /// The domain's questions as a percentage of the exam's.
    pub share: f64,
    /// The blueprint weight in percent.
    pub weight: u32,
    /// The weight as a percentage of the in-scope weights: the share the domain should have.
    pub target: f64,
}

/// One exam's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamCoverage {
    /// Exam id.
    pub id: String,
    /// The guide version its domains follow.
    pub guide: String,
    /// Questions tagged to the exam.
    pub questions: usize,
    /// Every domain in the vendor's order, out-of-scope ones included.
    pub domains: Vec<DomainCoverage>,
}

/// Coverage of every exam in the bank's catalog, in catalog order.
pub fn coverage(bank: &Bank) -> Vec<ExamCoverage> {
    bank.catalog()
        .exams
        .iter()
        .map(|e| exam_coverage(bank, e))
        .collect()
}

fn exam_coverage(bank: &Bank, exam: &Exam) -> ExamCoverage {
    let questions = bank.questions_for_exam(&exam.id).count();
    let in_scope_weight: u32 = exam.in_scope_domains().map(|d| d.weight).sum();
    let percent = |n: f64, of: f64| if of > 0.0 { n * 100.0 / of } else { 0.0 };
    let domains = exam
        .domains
        .iter()
        .map(|d| {
            let mut difficulty = [0; 3];
            let mut n = 0;
            for q in bank.questions_for_domain(&exam.id, &d.id) {
                n += 1;
                difficulty[usize::from(q.difficulty.clamp(1, 3) - 1)] += 1;
            }
            DomainCoverage {
                id: d.id.clone(),
                title: d.title.clone(),
                in_scope: d.in_scope,
                questions: n,
                difficulty,
                share: percent(n as f64, questions as f64),
                weight: d.weight,
                target: if d.in_scope {
                    percent(f64::from(d.weight), f64::from(in_scope_weight))
                } else {
                    0.0
                },
            }
        })
        .collect();
    ExamCoverage {
        id: exam.id.clone(),
        guide: exam.guide.clone(),
        questions,
        domains,
    }
}

/// The coverage as a text table per exam.
pub fn render(exams: &[ExamCoverage]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for e in exams {
        let _ = writeln!(
            out,
            "{} (guide {}): {} questions",
            e.id, e.guide, e.questions
        );
        let _ = writeln!(
            out,
            "  {:<6} {:>9} {:>11} {:>6} {:>6} {:>6}  title",
            "domain", "questions", "difficulty", "share", "weight", "target"
        );
        for d in &e.domains {
            let title = crate::display::escape(&d.title);
            if d.in_scope {
                let mix = format!(
                    "{}/{}/{}",
                    d.difficulty[0], d.difficulty[1], d.difficulty[2]
                );
                let _ = writeln!(
                    out,
                    "  {:<6} {:>9} {:>11} {:>5.0}% {:>5}% {:>5.0}%  {title}",
                    d.id, d.questions, mix, d.share, d.weight, d.target
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {:<6} {:>9} {:>11} {:>6} {:>5}% {:>6}  {title} (out of scope)",
                    d.id, "-", "-", "-", d.weight, "-"
                );
            }
        }
    }
    out
}
