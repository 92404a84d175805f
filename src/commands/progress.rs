//! `mlops-lab progress`: per-exam readiness (with its interval, or "not enough evidence" and
//! which domains are short) and per-domain answer counts from the progress store, as text or
//! JSON; for one exam (`--exam`, by default the learner's target exam) or every exam.

use std::io::Write;

use serde::Serialize;

use super::{CommandError, Status, load_bank, open_store};
use crate::cli::{Format, GlobalArgs, ProgressArgs};
use crate::clock::{Clock, SystemClock, UtcOffset};
use crate::lab::progress::{LabProgress, lab_progress};
use crate::quiz::live::RETENTION_SETTING;
use crate::quiz::schedule::DEFAULT_RETENTION;
use crate::quiz::{ExamProgress, exam_progress, readiness_text};

/// Days of trend shown in the text report (JSON has them all).
const TREND_DAYS: usize = 7;

/// The JSON document; field names are stable (documented in `progress --help`).
#[derive(Debug, Serialize)]
struct ProgressJson<'a> {
    store: String,
    due_reviews: usize,
    desired_retention: f32,
    fsrs_fitted_on: Option<u32>,
    target_exam: Option<String>,
    exams: &'a [ExamProgress],
    labs: &'a [LabProgress],
}

/// The spaced-repetition state shown beside the exams.
pub(super) struct Review {
    pub due: usize,
    pub retention: f32,
    pub fitted_on: Option<u32>,
}

/// Everything `progress` reports, gathered once for it and for `export progress`.
pub(super) struct Gathered {
    pub bank: crate::content::Bank,
    pub path: String,
    pub review: Review,
    pub exams: Vec<ExamProgress>,
    pub labs: Vec<LabProgress>,
    pub runs: Vec<crate::store::LabRunSummary>,
    pub attempts: Vec<crate::store::AttemptRecord>,
    /// The learner's target exam, when one was chosen.
    pub target_exam: Option<String>,
}

/// Reads the bank and the store and computes per-exam and per-lab progress.
pub(super) fn gather(global: &GlobalArgs, offset: UtcOffset) -> Result<Gathered, CommandError> {
    let bank = load_bank(global)?;
    let store = open_store(global)?;
    let attempts = store.attempts()?;
    let review = Review {
        due: store.due_cards(SystemClock.now())?.len(),
        retention: store
            .setting(RETENTION_SETTING)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_RETENTION),
        fitted_on: store.fsrs_parameters()?.map(|(_, n)| n),
    };
    let exams = exam_progress(&bank, &attempts, offset);
    let runs = store.lab_run_summaries()?;
    let labs = lab_progress(bank.labs(), &runs);
    let path = store.path().display().to_string();
    let target_exam = store.target_exam()?;
    Ok(Gathered {
        bank,
        path,
        review,
        exams,
        labs,
        runs,
        attempts,
        target_exam,
    })
}

/// Runs `mlops-lab progress`; days are counted in the learner's time zone (`offset`).
pub fn run(
    args: &ProgressArgs,
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    if args.disputes {
        return disputes(args.format, global, offset, out);
    }
    let mut g = gather(global, offset)?;
    let only = super::exam_choice(args.exam.as_deref(), g.target_exam.clone(), &g.bank);
    if let Some(id) = only.as_deref().filter(|id| g.bank.exam(id).is_none()) {
        let known: Vec<&str> = g
            .bank
            .catalog()
            .exams
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        return Err(CommandError::BadInput(format!(
            "unknown exam '{id}'; exams: {}, or all",
            known.join(", ")
        )));
    }
    g.exams
        .retain(|e| only.as_ref().is_none_or(|id| e.id == *id));
    let (review, exams, labs, path) = (&g.review, &g.exams, &g.labs, &g.path);
    match args.format {
        Format::Json => {
            let doc = ProgressJson {
                store: path.clone(),
                due_reviews: review.due,
                desired_retention: review.retention,
                fsrs_fitted_on: review.fitted_on,
                target_exam: g.target_exam.clone(),
                exams,
                labs,
            };
            let text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => {
            text(out, path, review, exams)?;
            if args.exam.is_none() && only.is_some() {
                writeln!(
                    out,
                    "(Your target exam only: --exam ID shows another, --exam all every exam.)"
                )?;
            }
            labs_text(out, labs)?;
        }
    }
    Ok(Status::Success)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn text(
    out: &mut dyn Write,
    path: &str,
    review: &Review,
    exams: &[ExamProgress],
) -> std::io::Result<()> {
    writeln!(out, "Progress store: {path}")?;
    let fit = review.fitted_on.map_or_else(
        || "FSRS default parameters".to_string(),
        |n| format!("FSRS parameters fitted on your {n} reviews"),
    );
    writeln!(
        out,
        "Reviews due now: {} (desired retention {}, {fit})",
        review.due, review.retention
    )?;
    for e in exams {
        let retired = if e.status == "retired" {
            " (retired)"
        } else {
            ""
        };
        writeln!(out, "\n{} ({}){retired}", e.title, e.id)?;
        if e.answered == 0 {
            writeln!(out, "  No answers yet. Try: mlops-lab quiz --exam {}", e.id)?;
            continue;
        }
        writeln!(out, "  Readiness: {}", readiness_text(e))?;
        writeln!(
            out,
            "  {:<50} {:>6} {:>8} {:>7} {:>6} {:>7}",
            "Domain", "Weight", "Answered", "Correct", "Score", "Counted"
        )?;
        for d in &e.domains {
            let name: String = format!("{} {}", d.id, d.title).chars().take(50).collect();
            let score = if d.answered == 0 {
                "-".to_string()
            } else {
                pct(f64::from(d.correct) / f64::from(d.answered))
            };
            writeln!(
                out,
                "  {name:<50} {:>5}% {:>8} {:>7} {score:>6} {:>7}",
                d.weight, d.answered, d.correct, d.counted
            )?;
        }
        writeln!(
            out,
            "  {:<50} {:>6} {:>8} {:>7}",
            "All", "", e.answered, e.correct
        )?;
        let recent: Vec<String> = e
            .trend
            .iter()
            .rev()
            .take(TREND_DAYS)
            .rev()
            .map(|t| format!("{} {}/{}", t.date, t.correct, t.answered))
            .collect();
        writeln!(
            out,
            "  Trend (right/answered by day): {}",
            recent.join(", ")
        )?;
        writeln!(
            out,
            "  (Counted: first attempts in practice or exam mode, the evidence readiness uses.)"
        )?;
    }
    Ok(())
}

fn labs_text(out: &mut dyn Write, labs: &[LabProgress]) -> std::io::Result<()> {
    writeln!(out, "\nLabs")?;
    writeln!(
        out,
        "  {:<34} {:>9} {:>7} {:>6} {:>8} {:>5}  State",
        "Lab", "Steps", "Unaided", "Hints", "Solution", "Min"
    )?;
    for l in labs {
        let name: String = crate::display::escape(&l.title).chars().take(34).collect();
        let state = if l.completed {
            "completed"
        } else if l.steps_done > 0 {
            "in progress"
        } else {
            "not started"
        };
        writeln!(
            out,
            "  {name:<34} {:>4} of {:<2} {:>7} {:>6} {:>8} {:>5}  {state}",
            l.steps_done, l.steps_total, l.unaided, l.with_hints, l.with_solution, l.minutes
        )?;
    }
    Ok(())
}

/// One dispute as `progress --disputes --format json` shows it.
#[derive(Debug, Serialize)]
struct DisputeJson<'a> {
    #[serde(flatten)]
    dispute: &'a crate::store::Dispute,
    date: String,
}

/// `progress --disputes`: every dispute, oldest first, for the author of a pack to review.
fn disputes(
    format: Format,
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let store = open_store(global)?;
    let list = store.disputes()?;
    let date = |at: i64| crate::clock::Timestamp(at).date_string(offset);
    match format {
        Format::Json => {
            let disputes: Vec<DisputeJson<'_>> = list
                .iter()
                .map(|d| DisputeJson {
                    dispute: d,
                    date: date(d.at),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "disputes": disputes }))
                .map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => {
            for d in &list {
                writeln!(
                    out,
                    "{}  {}  {}",
                    date(d.at),
                    crate::display::escape(&d.question_id),
                    crate::display::escape(&d.note)
                )?;
            }
            writeln!(out, "{} dispute(s)", list.len())?;
        }
    }
    Ok(Status::Success)
}
