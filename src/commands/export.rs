//! `mlops-lab export bank|progress` and `mlops-lab class-report`: build the file in the core
//! ([`crate::export`]) and put it where it was asked for, saying on standard error what a format
//! left out.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::progress::gather;
use super::{CommandError, Status, load_bank};
use crate::cli::{
    ClassFormat, ClassReportArgs, ExportArgs, ExportBankArgs, ExportCommand, ExportProgressArgs,
    GlobalArgs, ProgressFormat,
};
use crate::clock::UtcOffset;
use crate::export::progress::{CSV_HEADER, Sources, csv_rows, document};
use crate::export::{class, export_bank};

/// Runs `mlops-lab export`.
pub fn run(
    args: &ExportArgs,
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    match &args.what {
        ExportCommand::Bank(a) => bank(a, global, out),
        ExportCommand::Progress(a) => progress(a, global, offset, out),
    }
}

/// Writes `bytes` to `--output` or standard output.
fn deliver(output: Option<&Path>, bytes: &[u8], out: &mut dyn Write) -> Result<(), CommandError> {
    match output {
        None => {
            out.write_all(bytes)?;
            out.flush()?;
        }
        // An unwritable output is the user's to fix, like a missing input: exit 2.
        Some(path) => std::fs::write(path, bytes).map_err(|e| {
            CommandError::BadInput(format!(
                "--output {}: cannot write: {}",
                path.display(),
                crate::reading::os_reason(&e)
            ))
        })?,
    }
    Ok(())
}

fn bank(
    args: &ExportBankArgs,
    global: &GlobalArgs,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let name = clap::ValueEnum::to_possible_value(&args.format)
        .map_or_else(String::new, |v| v.get_name().to_string());
    if args.format.is_binary() && args.output.is_none() {
        return Err(CommandError::BadInput(format!(
            "--format {name} writes a zip archive: give --output FILE (it is not written to \
             standard output)"
        )));
    }
    let bank = load_bank(global)?;
    let export = export_bank(&bank, args.format).map_err(|e| CommandError::Store(e.to_string()))?;
    deliver(args.output.as_deref(), &export.bytes, out)?;
    let place = args.output.as_ref().map_or_else(
        || "standard output".to_string(),
        |p| p.display().to_string(),
    );
    eprintln!(
        "mlops-lab: {} questions exported as {name} to {place}",
        export.exported
    );
    let mut reasons: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in &export.skipped {
        reasons.entry(&s.reason).or_default().push(&s.id);
    }
    for (reason, ids) in reasons {
        eprintln!(
            "mlops-lab: skipped {} ({reason}): {}",
            ids.len(),
            ids.join(", ")
        );
    }
    Ok(Status::Success)
}

fn progress(
    args: &ExportProgressArgs,
    global: &GlobalArgs,
    offset: UtcOffset,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let g = gather(global, offset)?;
    let doc = document(&Sources {
        bank: &g.bank,
        student: args.student.as_deref(),
        store: &g.path,
        due_reviews: g.review.due,
        desired_retention: g.review.retention,
        fsrs_fitted_on: g.review.fitted_on,
        exams: &g.exams,
        labs: &g.labs,
        runs: &g.runs,
        attempts: &g.attempts,
    });
    let bytes = match args.format {
        ProgressFormat::Json => {
            let mut text = serde_json::to_vec_pretty(&doc).map_err(std::io::Error::other)?;
            text.push(b'\n');
            text
        }
        ProgressFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let write = |w: &mut csv::Writer<Vec<u8>>| -> Result<(), csv::Error> {
                w.write_record(CSV_HEADER)?;
                for row in csv_rows(&doc) {
                    w.write_record(row.iter().map(|c| crate::export::csv_guard(c)))?;
                }
                Ok(())
            };
            write(&mut w).map_err(|e| CommandError::Output(std::io::Error::other(e)))?;
            w.into_inner()
                .map_err(|e| CommandError::Output(e.into_error()))?
        }
    };
    deliver(args.output.as_deref(), &bytes, out)?;
    Ok(Status::Success)
}

/// Runs `mlops-lab class-report`.
pub fn class_report(args: &ClassReportArgs, out: &mut dyn Write) -> Result<Status, CommandError> {
    let mut students = Vec::new();
    for path in &args.files {
        let student = class::read_export(path).map_err(CommandError::BadInput)?;
        students.push((path.display().to_string(), student));
    }
    let report = class::merge(&students).map_err(CommandError::BadInput)?;
    let mut bytes = Vec::new();
    match args.format {
        ClassFormat::Markdown => class::render_markdown(&report, &mut bytes)?,
        ClassFormat::Html => class::render_html(&report, &mut bytes)?,
    }
    deliver(args.output.as_deref(), &bytes, out)?;
    Ok(Status::Success)
}
