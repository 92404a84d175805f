//! `export progress`: one learner's progress as a file to hand in. The same figures as
//! `progress --format json` (per-exam readiness, per-domain scores, labs) plus every answer with
//! the options chosen, and each lab's latest run step by step. With a student id the file is
//! pseudonymous: the id is the only name in it, and the store's path is left out (nothing
//! else in it names a person, a machine or a folder). The JSON carries `format` and
//! `format_version` so `class-report` can refuse what it cannot read.

use serde::Serialize;

use super::html::letter;
use crate::content::{Bank, QuestionKind};
use crate::lab::progress::LabProgress;
use crate::quiz::{Answer, ExamProgress, Readiness};
use crate::store::{AttemptRecord, LabRunSummary};

/// The `format` field of a progress export.
pub const FORMAT: &str = "mlops-lab-progress";
/// The version of the export's layout; a change that breaks a reader increments it.
pub const FORMAT_VERSION: u32 = 1;

/// Everything the export is made of, gathered by the `progress` command's code.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The loaded bank (question types and option texts).
    pub bank: &'a Bank,
    /// The pseudonym, if given.
    pub student: Option<&'a str>,
    /// The store's path: written only when no pseudonym is given.
    pub store: &'a str,
    /// Spaced-repetition cards due now.
    pub due_reviews: usize,
    /// The FSRS target.
    pub desired_retention: f32,
    /// Reviews the FSRS parameters were fitted on.
    pub fsrs_fitted_on: Option<u32>,
    /// Per-exam progress.
    pub exams: &'a [ExamProgress],
    /// Per-lab progress.
    pub labs: &'a [LabProgress],
    /// Each lab's latest run.
    pub runs: &'a [LabRunSummary],
    /// Every answer, oldest first.
    pub attempts: &'a [AttemptRecord],
}

/// The JSON document (fields documented in docs/export.md).
#[derive(Debug, Serialize)]
pub struct ProgressExport<'a> {
    format: &'static str,
    format_version: u32,
    app_version: &'static str,
    student: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<&'a str>,
    due_reviews: usize,
    desired_retention: f32,
    fsrs_fitted_on: Option<u32>,
    exams: &'a [ExamProgress],
    labs: Vec<LabExport<'a>>,
    answers: Vec<AnswerExport>,
}

/// A lab's progress with its latest run's steps.
#[derive(Debug, Serialize)]
pub struct LabExport<'a> {
    #[serde(flatten)]
    progress: &'a LabProgress,
    steps: Vec<StepExport>,
}

/// One completed step of a lab's latest run.
#[derive(Debug, Serialize)]
pub struct StepExport {
    step: u32,
    how: String,
    hints: u32,
    mistakes: u32,
    seconds: u64,
    choice: Option<String>,
}

/// One answer, with what was chosen in the bank's letters.
#[derive(Debug, Serialize)]
pub struct AnswerExport {
    question_id: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    mode: String,
    exam: Option<String>,
    session: i64,
    correct: bool,
    seconds: f64,
    answered_at: i64,
    chosen: Vec<String>,
    wrong_choices: Vec<WrongChoice>,
}

/// A wrong option picked in a single or multi item.
#[derive(Debug, Serialize)]
pub struct WrongChoice {
    option: String,
    text: String,
}

/// What was chosen: single and multi the options' letters (A is the bank's first option);
/// order the steps' letters in the learner's sequence (A is the first step of the right
/// order); match, for each left item in bank order, the letter of the right item paired.
fn chosen(bank: &Bank, a: &AttemptRecord) -> (Vec<String>, Vec<WrongChoice>) {
    let Ok(answer) = serde_json::from_str::<Answer>(&a.answer) else {
        return (Vec::new(), Vec::new());
    };
    let (Answer::Choices(ids) | Answer::Order(ids) | Answer::Match(ids)) = &answer;
    let letters = ids.iter().map(|&i| letter(i)).collect();
    let wrong = match (bank.question(&a.question_id).map(|q| &q.kind), &answer) {
        (
            Some(QuestionKind::Single { options } | QuestionKind::Multi { options, .. }),
            Answer::Choices(ids),
        ) => ids
            .iter()
            .filter_map(|&i| options.get(i).map(|o| (i, o)))
            .filter(|(_, o)| !o.correct)
            .map(|(i, o)| WrongChoice {
                option: letter(i),
                text: o.text.trim().to_string(),
            })
            .collect(),
        _ => Vec::new(),
    };
    (letters, wrong)
}

/// The export document.
pub fn document<'a>(s: &Sources<'a>) -> ProgressExport<'a> {
    let labs = s
        .labs
        .iter()
        .map(|p| LabExport {
            progress: p,
            steps: s
                .runs
                .iter()
                .find(|r| r.lab_id == p.id)
                .map(|r| {
                    r.steps
                        .iter()
                        .map(|st| StepExport {
                            step: st.step + 1,
                            how: st.how.clone(),
                            hints: st.hints,
                            mistakes: st.mistakes,
                            seconds: st.seconds,
                            choice: st.choice.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    let answers = s
        .attempts
        .iter()
        .map(|a| {
            let (chosen, wrong_choices) = chosen(s.bank, a);
            AnswerExport {
                question_id: a.question_id.clone(),
                kind: s
                    .bank
                    .question(&a.question_id)
                    .map(|q| q.kind.item_type().to_string()),
                mode: a.mode.clone(),
                exam: a.exam.clone(),
                session: a.session_id,
                correct: a.correct,
                seconds: a.seconds,
                answered_at: a.answered_at.0,
                chosen,
                wrong_choices,
            }
        })
        .collect();
    ProgressExport {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION"),
        student: s.student,
        store: if s.student.is_some() {
            None
        } else {
            Some(s.store)
        },
        due_reviews: s.due_reviews,
        desired_retention: s.desired_retention,
        fsrs_fitted_on: s.fsrs_fitted_on,
        exams: s.exams,
        labs,
        answers,
    }
}

/// The CSV header: one row per record, `kind` says which (docs/export.md has each kind's use of
/// the columns).
pub const CSV_HEADER: [&str; 11] = [
    "student", "kind", "exam", "id", "title", "answered", "correct", "score", "status", "detail",
    "at",
];

/// One CSV row: the student, the kind, then the nine other cells in header order.
type Row = [String; 11];

fn row(student: &str, kind: &str, cells: [String; 9]) -> Row {
    let mut all = [student.to_string(), kind.to_string()]
        .into_iter()
        .chain(cells);
    std::array::from_fn(|_| all.next().unwrap_or_default())
}

/// The export as CSV rows: the format row, then readiness and domains per exam, labs and their
/// steps, answers.
pub fn csv_rows(doc: &ProgressExport<'_>) -> Vec<Row> {
    let student = doc.student.unwrap_or_default();
    let e = String::new;
    let mut rows = vec![row(
        student,
        "export",
        [
            e(),
            e(),
            FORMAT.into(),
            e(),
            e(),
            e(),
            FORMAT_VERSION.to_string(),
            e(),
            e(),
        ],
    )];
    for x in doc.exams {
        exam_rows(student, x, &mut rows);
    }
    for l in &doc.labs {
        lab_rows(student, l, &mut rows);
    }
    for a in &doc.answers {
        rows.push(row(
            student,
            "answer",
            [
                a.exam.clone().unwrap_or_default(),
                a.question_id.clone(),
                a.kind.clone().unwrap_or_default(),
                "1".into(),
                u8::from(a.correct).to_string(),
                e(),
                a.mode.clone(),
                a.chosen.join(" "),
                a.answered_at.to_string(),
            ],
        ));
    }
    rows
}

/// An exam's readiness row and its domains' rows.
fn exam_rows(student: &str, x: &ExamProgress, rows: &mut Vec<Row>) {
    let e = String::new;
    let (answered, score, status, detail) = match &x.readiness {
        Readiness::Estimate {
            estimate,
            low,
            high,
            questions,
            verdict,
        } => (
            questions.to_string(),
            format!("{estimate:.3}"),
            (*verdict).to_string(),
            format!("95% interval {low:.3} to {high:.3}"),
        ),
        Readiness::NotEnoughData {
            questions, needed, ..
        } => (
            questions.to_string(),
            e(),
            "not_enough_data".to_string(),
            format!("{questions} of {needed} first attempts"),
        ),
    };
    rows.push(row(
        student,
        "readiness",
        [
            x.id.clone(),
            e(),
            x.title.clone(),
            answered,
            e(),
            score,
            status,
            detail,
            e(),
        ],
    ));
    for d in &x.domains {
        let score = if d.answered == 0 {
            e()
        } else {
            format!("{:.3}", f64::from(d.correct) / f64::from(d.answered))
        };
        rows.push(row(
            student,
            "domain",
            [
                x.id.clone(),
                d.id.clone(),
                d.title.clone(),
                d.answered.to_string(),
                d.correct.to_string(),
                score,
                e(),
                format!("counted {}", d.counted),
                e(),
            ],
        ));
    }
}

/// A lab's row and its latest run's step rows.
fn lab_rows(student: &str, l: &LabExport<'_>, rows: &mut Vec<Row>) {
    let e = String::new;
    let p = l.progress;
    let status = if p.completed {
        "completed"
    } else if p.steps_done > 0 {
        "in_progress"
    } else {
        "not_started"
    };
    rows.push(row(
        student,
        "lab",
        [
            e(),
            p.id.clone(),
            p.title.clone(),
            p.steps_done.to_string(),
            p.steps_total.to_string(),
            e(),
            status.into(),
            format!(
                "unaided {}, with hints {}, with solution {}, minutes {}",
                p.unaided, p.with_hints, p.with_solution, p.minutes
            ),
            e(),
        ],
    ));
    for st in &l.steps {
        rows.push(row(
            student,
            "lab_step",
            [
                e(),
                p.id.clone(),
                format!("step {}", st.step),
                e(),
                e(),
                e(),
                st.how.clone(),
                format!(
                    "hints {}, mistakes {}, seconds {}, choice {}",
                    st.hints,
                    st.mistakes,
                    st.seconds,
                    st.choice.as_deref().unwrap_or("-")
                ),
                e(),
            ],
        ));
    }
}
