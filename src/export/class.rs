//! `class-report`: progress exports of many learners merged into the tables an instructor
//! reads: per student, per exam domain, per question (the most missed first, with the wrong
//! option chosen most often) and per lab. Input files are checked before anything is merged:
//! size, then that each is a progress export of a version this build reads, then its fields;
//! a bad file is one message naming it.

mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::progress::{FORMAT, FORMAT_VERSION};

pub use render::{render_html, render_markdown};

/// The largest export read (a year of daily answers is a few MB).
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Deserialize)]
struct ExportIn {
    student: Option<String>,
    exams: Vec<ExamIn>,
    labs: Vec<LabIn>,
    answers: Vec<AnswerIn>,
}

#[derive(Debug, Deserialize)]
struct ExamIn {
    id: String,
    answered: u32,
    readiness: ReadinessIn,
    domains: Vec<DomainIn>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum ReadinessIn {
    Estimate {
        estimate: f64,
        low: f64,
        high: f64,
        verdict: String,
    },
    NotEnoughData {
        questions: u32,
        needed: u32,
    },
}

#[derive(Debug, Deserialize)]
struct DomainIn {
    id: String,
    title: String,
    answered: u32,
    correct: u32,
}

#[derive(Debug, Deserialize)]
struct LabIn {
    id: String,
    title: String,
    completed: bool,
    steps_done: u32,
}

#[derive(Debug, Deserialize)]
struct AnswerIn {
    question_id: String,
    correct: bool,
    chosen: Vec<String>,
    wrong_choices: Vec<WrongIn>,
}

#[derive(Debug, Deserialize)]
struct WrongIn {
    option: String,
    text: String,
}

/// One learner read from a file.
#[derive(Debug)]
pub struct Student {
    /// The pseudonym, or the file's name when the export has none.
    pub name: String,
    export: ExportIn,
}

/// Reads and checks one export; the error is one line naming the file.
pub fn read_export(path: &Path) -> Result<Student, String> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("{shown}: cannot open: {e}"))?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_BYTES {
        return Err(format!(
            "{shown}: {len} bytes is larger than a progress export can be ({MAX_BYTES} bytes)"
        ));
    }
    let mut bytes = Vec::new();
    // A file that grows while read (or a pipe) still stops at the limit.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{shown}: larger than a progress export can be ({MAX_BYTES} bytes)"
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        format!("{shown}: not a progress export (not JSON: {e}); make one with `mlops-lab export progress --format json`")
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(format!(
            "{shown}: not a progress export (no \"format\": \"{FORMAT}\"); make one with `mlops-lab export progress --format json`"
        ));
    }
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(FORMAT_VERSION)) {
        let found = version.map_or_else(|| "none".to_string(), |v| v.to_string());
        return Err(format!(
            "{shown}: progress export version {found}; this mlops-lab reads version {FORMAT_VERSION}"
        ));
    }
    let export: ExportIn = serde_json::from_value(value)
        .map_err(|e| format!("{shown}: damaged progress export: {e}"))?;
    let name = export.student.clone().unwrap_or_else(|| {
        path.file_stem()
            .map_or_else(|| shown.to_string(), |s| s.to_string_lossy().into_owned())
    });
    Ok(Student { name, export })
}

/// A row of the students table.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentRow {
    /// Pseudonym or file name.
    pub name: String,
    /// Answers given.
    pub answered: usize,
    /// Of those, right.
    pub correct: usize,
    /// Labs completed.
    pub labs_completed: usize,
    /// Per exam with answers: the exam id and its readiness in words.
    pub readiness: Vec<(String, String)>,
}

/// A row of the domains table: one exam domain summed over the class.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainRow {
    /// Exam id.
    pub exam: String,
    /// Domain id.
    pub domain: String,
    /// Domain title.
    pub title: String,
    /// Students with answers in it.
    pub students: usize,
    /// Answers.
    pub answered: u32,
    /// Right answers.
    pub correct: u32,
}

/// A row of the questions table.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    /// Question id.
    pub id: String,
    /// Students who answered it.
    pub students: usize,
    /// Answers.
    pub answered: usize,
    /// Wrong answers.
    pub wrong: usize,
    /// The wrong option (or, for order and match items, the wrong answer) chosen most often,
    /// and how often.
    pub top_wrong: Option<(String, usize)>,
}

/// A row of the labs table.
#[derive(Debug, Clone, PartialEq)]
pub struct LabRow {
    /// Lab id.
    pub id: String,
    /// Lab title.
    pub title: String,
    /// Students who completed it.
    pub completed: usize,
    /// Students part-way through.
    pub in_progress: usize,
}

/// The merged report.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    /// Per student, in the order the files were given.
    pub students: Vec<StudentRow>,
    /// Per exam domain with answers, in the exports' order.
    pub domains: Vec<DomainRow>,
    /// Per question answered, most wrong answers first.
    pub questions: Vec<QuestionRow>,
    /// Per lab anyone started, in the exports' order.
    pub labs: Vec<LabRow>,
}

fn readiness_words(r: &ReadinessIn) -> String {
    match r {
        ReadinessIn::Estimate {
            estimate,
            low,
            high,
            verdict,
        } => format!(
            "{} {:.0}% ({:.0}-{:.0}%)",
            verdict.replace('_', " "),
            estimate * 100.0,
            low * 100.0,
            high * 100.0
        ),
        ReadinessIn::NotEnoughData { questions, needed } => {
            format!("not enough evidence ({questions} of {needed})")
        }
    }
}

/// Per question: students who answered it, answers, wrong answers, and how often each wrong
/// option (or wrong order/match answer) was chosen.
#[derive(Debug, Default)]
struct Tally {
    students: usize,
    answered: usize,
    wrong: usize,
    wrong_options: BTreeMap<String, usize>,
}

/// Adds one student's answers to the per-question tallies.
fn tally<'a>(answers: &'a [AnswerIn], questions: &mut BTreeMap<&'a str, Tally>) {
    let mut answered_here: BTreeSet<&str> = BTreeSet::new();
    for a in answers {
        let entry = questions.entry(&a.question_id).or_default();
        if answered_here.insert(&a.question_id) {
            entry.students += 1;
        }
        entry.answered += 1;
        if a.correct {
            continue;
        }
        entry.wrong += 1;
        if a.wrong_choices.is_empty() {
            *entry
                .wrong_options
                .entry(format!("answer {}", a.chosen.join(" ")))
                .or_default() += 1;
        } else {
            for w in &a.wrong_choices {
                *entry
                    .wrong_options
                    .entry(format!("{}: {}", w.option, w.text))
                    .or_default() += 1;
            }
        }
    }
}

/// Adds one student's started labs to the per-lab counts.
fn count_labs(student_labs: &[LabIn], labs: &mut Vec<LabRow>) {
    for l in student_labs
        .iter()
        .filter(|l| l.completed || l.steps_done > 0)
    {
        let at = labs.iter().position(|r| r.id == l.id).unwrap_or_else(|| {
            labs.push(LabRow {
                id: l.id.clone(),
                title: l.title.clone(),
                completed: 0,
                in_progress: 0,
            });
            labs.len() - 1
        });
        if l.completed {
            labs[at].completed += 1;
        } else {
            labs[at].in_progress += 1;
        }
    }
}

/// Merges the students; two files with the same student name are refused (a file given twice).
pub fn merge(students: &[(String, Student)]) -> Result<ClassReport, String> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, s) in students {
        if let Some(other) = seen.insert(&s.name, file) {
            return Err(format!(
                "{file}: student {:?} is already in {other}; each student's export once",
                s.name
            ));
        }
    }
    let mut rows = Vec::new();
    let mut domains: Vec<DomainRow> = Vec::new();
    let mut labs: Vec<LabRow> = Vec::new();
    // Per question: students, answers, wrong, wrong-option counts.
    let mut questions: BTreeMap<&str, Tally> = BTreeMap::new();
    for (_, s) in students {
        let e = &s.export;
        rows.push(StudentRow {
            name: s.name.clone(),
            answered: e.answers.len(),
            correct: e.answers.iter().filter(|a| a.correct).count(),
            labs_completed: e.labs.iter().filter(|l| l.completed).count(),
            readiness: e
                .exams
                .iter()
                .filter(|x| x.answered > 0)
                .map(|x| (x.id.clone(), readiness_words(&x.readiness)))
                .collect(),
        });
        for x in &e.exams {
            for d in x.domains.iter().filter(|d| d.answered > 0) {
                let at = domains
                    .iter()
                    .position(|r| r.exam == x.id && r.domain == d.id)
                    .unwrap_or_else(|| {
                        domains.push(DomainRow {
                            exam: x.id.clone(),
                            domain: d.id.clone(),
                            title: d.title.clone(),
                            students: 0,
                            answered: 0,
                            correct: 0,
                        });
                        domains.len() - 1
                    });
                let row = &mut domains[at];
                row.students += 1;
                row.answered += d.answered;
                row.correct += d.correct;
            }
        }
        count_labs(&e.labs, &mut labs);
        tally(&e.answers, &mut questions);
    }
    let mut questions: Vec<QuestionRow> = questions
        .into_iter()
        .map(|(id, t)| QuestionRow {
            id: id.to_string(),
            students: t.students,
            answered: t.answered,
            wrong: t.wrong,
            // The most frequent; on a tie the first in name order (the map's order).
            top_wrong: t.wrong_options.into_iter().fold(
                None,
                |best: Option<(String, usize)>, (label, n)| match best {
                    Some((_, m)) if m >= n => best,
                    _ => Some((label, n)),
                },
            ),
        })
        .collect();
    questions.sort_by(|a, b| {
        b.wrong
            .cmp(&a.wrong)
            .then_with(|| (b.wrong * a.answered).cmp(&(a.wrong * b.answered)))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(ClassReport {
        students: rows,
        domains,
        questions,
        labs,
    })
}
