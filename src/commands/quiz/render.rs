//! Plain-text rendering of line-mode quiz screens: question, prompt line, feedback, review list,
//! help and the end-of-session report. Meaning is carried by words and symbols, not colour.

use std::io::{self, Write};

use crate::clock::Timestamp;
use crate::content::{Bank, ExamStatus, QuestionKind};
use crate::quiz::answer::{expected_format, letter};
use crate::quiz::feedback::{Detail, Feedback};
use crate::quiz::{Mode, Outcome, ReviewFilter, Session, SessionReport};

/// The first lines: mode, exam, size, time limit and seed (so the session can be replayed).
pub fn header(
    out: &mut dyn Write,
    bank: &Bank,
    session: &Session,
    minutes: Option<u32>,
    seed: u64,
) -> io::Result<()> {
    let n = session.items().len();
    let exam = session
        .exam()
        .and_then(|id| bank.exam(id))
        .map(|e| format!(", {} ({})", e.title, e.id))
        .unwrap_or_default();
    let time = minutes
        .map(|m| format!(", {m} minutes"))
        .unwrap_or_default();
    writeln!(
        out,
        "mlops-lab quiz: {} mode{exam}, {n} question{}{time}, seed {seed}",
        session.mode(),
        if n == 1 { "" } else { "s" }
    )?;
    let exam = session.exam().and_then(|id| bank.exam(id));
    if let Some(exam) = exam
        && session.mode() == Mode::Exam
        && (n as u32) < exam.questions
    {
        writeln!(
            out,
            "(The real exam has {} questions in {} minutes; the time is scaled to {n}.)",
            exam.questions, exam.minutes
        )?;
    }
    if let Some(exam) = exam
        && let ExamStatus::Retired { on } = &exam.status
    {
        let successor = exam
            .successor
            .as_deref()
            .map(|s| format!("; its successor is {s}"))
            .unwrap_or_default();
        writeln!(out, "Note: {} was retired on {on}{successor}.", exam.id)?;
    }
    let how = match session.mode() {
        Mode::Exam => "No feedback until the end. Type ? for help, s to submit.",
        _ => "Feedback after each answer. Type ? for help, q to stop.",
    };
    writeln!(out, "{how}")
}

fn clock_text(seconds: f64) -> String {
    let s = seconds.ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The current question with its scenario (and the case study's) and options.
pub fn question(out: &mut dyn Write, session: &Session, now: Timestamp) -> io::Result<()> {
    let item = session.current();
    let q = &item.question;
    let mut status = format!(
        "\nQuestion {} of {} [{}]",
        session.position() + 1,
        session.items().len(),
        q.id
    );
    if session.mode() == Mode::Exam {
        if item.answer.is_some() {
            status.push_str(" answered");
        }
        if item.flagged {
            status.push_str(" ⚑ flagged");
        }
        if let Some(left) = session.seconds_left(now) {
            status = format!("{status} - {} left", clock_text(left));
        }
    }
    writeln!(out, "{status}")?;
    if let Some((title, scenario)) = &item.case_scenario {
        writeln!(out, "Case study: {title}\n{scenario}\n")?;
    }
    if !q.scenario.trim().is_empty() {
        writeln!(out, "{}", q.scenario.trim())?;
    }
    writeln!(out, "{}", q.prompt)?;
    let shown = &item.shown;
    let given = item.answer.as_ref().map(|a| shown.answer_text(a));
    match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => {
            for (d, &i) in shown.items.iter().enumerate() {
                writeln!(out, "  {}) {}", d + 1, options[i].text)?;
            }
        }
        QuestionKind::Order { steps } => {
            for (d, &i) in shown.items.iter().enumerate() {
                writeln!(out, "  {}) {}", d + 1, steps[i].text)?;
            }
        }
        QuestionKind::Match { pairs } => {
            for (d, &i) in shown.items.iter().enumerate() {
                writeln!(out, "  {}) {}", d + 1, pairs[i].left)?;
            }
            writeln!(out, "  with")?;
            for (d, &i) in shown.rights.iter().enumerate() {
                writeln!(out, "  {}) {}", letter(d), pairs[i].right)?;
            }
        }
    }
    if let Some(given) = given {
        writeln!(out, "Your answer: {given} (type a new one to change it)")?;
    }
    Ok(())
}

/// The line that says how to answer, then the `> ` prompt.
pub fn prompt(out: &mut dyn Write, session: &Session) -> io::Result<()> {
    let item = session.current();
    let format = expected_format(&item.question, item.shown.items.len());
    let keys = match session.mode() {
        Mode::Exam => "f flag, n/p next/previous, r review, s submit",
        _ => "n skip, q stop",
    };
    write!(out, "({format}; {keys})\n> ")?;
    out.flush()
}

/// Feedback after an answer (or for each question at the end of an exam).
pub fn feedback(out: &mut dyn Write, fb: &Feedback) -> io::Result<()> {
    let verdict = match (fb.answered, fb.correct) {
        (false, _) => "- Not answered.",
        (true, true) => "✓ Right.",
        (true, false) => "✗ Not right.",
    };
    writeln!(out, "{verdict}")?;
    match &fb.detail {
        Detail::Choices(options) => {
            for o in options {
                let mark = if o.correct { "✓" } else { "✗" };
                let pick = if o.picked { " (your pick)" } else { "" };
                writeln!(
                    out,
                    "  {mark} {}) {}{pick}\n      {}",
                    o.number, o.text, o.why
                )?;
            }
        }
        Detail::Order(steps) => {
            let mut by_place: Vec<_> = steps.iter().collect();
            by_place.sort_by_key(|s| s.position);
            for s in by_place {
                let mark = if s.given == Some(s.position) {
                    "✓"
                } else {
                    "✗"
                };
                let given = s
                    .given
                    .map(|g| format!(" (you put it at {g})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {mark} step {}: {}) {}{given}\n      {}",
                    s.position, s.number, s.text, s.why
                )?;
            }
        }
        Detail::Match(pairs) => {
            for p in pairs {
                let mark = if p.given.as_ref() == Some(&p.right) {
                    "✓"
                } else {
                    "✗"
                };
                let given = match &p.given {
                    Some(g) if g != &p.right => format!(" (you chose {}) {})", g.0, g.1),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "  {mark} {}) {} -> {}) {}{given}",
                    p.number, p.left, p.right.0, p.right.1
                )?;
            }
        }
    }
    writeln!(out, "Why: {}", fb.explanation.trim())?;
    if !fb.references.is_empty() {
        writeln!(out, "See: {}", fb.references.join(" "))?;
    }
    Ok(())
}

/// The exam's review list for a filter.
pub fn review_list(out: &mut dyn Write, session: &Session, filter: ReviewFilter) -> io::Result<()> {
    let list = session.review_list(filter);
    let name = match filter {
        ReviewFilter::All => "all questions",
        ReviewFilter::Unanswered => "unanswered questions",
        ReviewFilter::Flagged => "flagged questions",
    };
    writeln!(
        out,
        "Review: {name} ({} of {})",
        list.len(),
        session.items().len()
    )?;
    for i in list {
        let item = &session.items()[i];
        let state = if item.answer.is_some() {
            "answered  "
        } else {
            "unanswered"
        };
        let flag = if item.flagged { " ⚑" } else { "" };
        writeln!(out, "  {:>3}  {state}{flag}  {}", i + 1, item.question.id)?;
    }
    writeln!(
        out,
        "g N to go to a question, r u / r f to filter, s to submit."
    )
}

/// What can be typed.
pub fn help(out: &mut dyn Write, session: &Session, bank: &Bank) -> io::Result<()> {
    writeln!(
        out,
        "Answers: 2 (one option), 1,3 (several), 3 1 2 (order), 1b 2a 3c (matching).\n\
         n next question{}, q stop and score what was answered,\n\
         :report WORDS dispute this question (progress --disputes lists disputes).",
        if session.mode() == Mode::Exam {
            ", p previous, g N go to question N, f flag, r / r u / r f review list, s submit"
        } else {
            ""
        }
    )?;
    if let Some(exam) = session.exam().and_then(|id| bank.exam(id)) {
        writeln!(
            out,
            "Exam: {} ({}), pass mark {}%.",
            exam.title, exam.id, exam.pass_percent
        )?;
    }
    Ok(())
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * f64::from(part) / f64::from(whole))
    }
}

/// The end-of-session report: score, per-domain (or per-topic) rows, and in exam mode the
/// feedback held back until now for each question missed.
pub fn report(out: &mut dyn Write, report: &SessionReport, session: &Session) -> io::Result<()> {
    let ended = match report.outcome {
        Some(Outcome::Submitted) => "submitted",
        Some(Outcome::TimedOut) => "time ran out",
        Some(Outcome::Ended) | None => "stopped",
    };
    writeln!(
        out,
        "\nResult ({ended}): {} of {} right ({}), {} answered.",
        report.correct,
        report.questions,
        percent(report.correct, report.questions),
        report.answered
    )?;
    if let Some(pass) = report.pass_percent {
        let verdict = if report.correct * 100 >= pass * report.questions {
            "at or above"
        } else {
            "below"
        };
        writeln!(out, "Pass mark: {pass}%; this score is {verdict} it.")?;
    }
    let label = if report.grouping == "domain" {
        "Domain"
    } else {
        "Topic"
    };
    writeln!(
        out,
        "\n{label:<52} {:>7} {:>9} {:>6}",
        "Right", "Answered", "Score"
    )?;
    for r in &report.rows {
        let name = if report.grouping == "domain" {
            format!("{} {}", r.id, r.title)
        } else {
            r.id.clone()
        };
        let name: String = name.chars().take(52).collect();
        writeln!(
            out,
            "{name:<52} {:>7} {:>9} {:>6}",
            format!("{}/{}", r.correct, r.questions),
            r.answered,
            percent(r.correct, r.questions)
        )?;
    }
    if session.mode() == Mode::Exam {
        let missed: Vec<_> = session
            .all_feedback()
            .into_iter()
            .enumerate()
            .filter(|(_, f)| !f.correct)
            .collect();
        if !missed.is_empty() {
            writeln!(out, "\nQuestions to look at again:")?;
        }
        for (i, fb) in missed {
            writeln!(
                out,
                "\nQuestion {} [{}]: {}",
                i + 1,
                fb.question_id,
                session.items()[i].question.prompt
            )?;
            feedback(out, &fb)?;
        }
    }
    Ok(())
}
