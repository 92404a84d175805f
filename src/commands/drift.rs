//! `mlops-lab drift REFERENCE CURRENT`: the per-column drift report on the user's own files.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{DriftArgs, ReportFormat};
use crate::drift::{self, DriftError, DriftParams, DriftReport};

use super::{CommandError, Status};

/// Reads both files, tests every column and writes the report in the chosen format, to
/// standard output or `--output`. With `--fail-on-drift`, dataset drift ends in
/// [`Status::Failure`] (exit 1).
pub fn run(args: &DriftArgs, out: &mut dyn Write) -> Result<Status, CommandError> {
    let report = build(args).map_err(|e| CommandError::BadInput(e.to_string()))?;
    let status = if args.fail_on_drift && report.dataset_drift {
        Status::Failure
    } else {
        Status::Success
    };
    match &args.output {
        None => write_report(args, &report, out)?,
        Some(path) => {
            let mut buf = Vec::new();
            write_report(args, &report, &mut buf)?;
            // An unwritable output is the user's to fix, like a missing input: exit 2, so
            // that --fail-on-drift's exit 1 keeps meaning "drift".
            std::fs::write(path, buf).map_err(|e| {
                CommandError::BadInput(format!(
                    "--output {}: cannot write the report: {}",
                    crate::display::escape(&path.display().to_string()),
                    crate::reading::os_reason(&e)
                ))
            })?;
        }
    }
    Ok(status)
}

fn write_report(
    args: &DriftArgs,
    report: &DriftReport,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let reference = args.reference.display().to_string();
    let current = args.current.display().to_string();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)
                .map_err(|e| CommandError::Output(e.into()))?;
            writeln!(out)?;
        }
        ReportFormat::Text => drift::render_text(report, &reference, &current, out)?,
        ReportFormat::Markdown => drift::render_markdown(report, &reference, &current, out)?,
        ReportFormat::Html => drift::render_html(report, &reference, &current, out)?,
    }
    Ok(())
}

/// Checks the options, reads both files and computes the report.
fn build(args: &DriftArgs) -> Result<DriftReport, DriftError> {
    let config = DriftParams {
        method: args.method.clone(),
        num_method: args.num_method.clone(),
        cat_method: args.cat_method.clone(),
        per_column: args.per_column.clone(),
        threshold: args.threshold,
        num_threshold: args.num_threshold,
        cat_threshold: args.cat_threshold,
        per_column_threshold: args.per_column_threshold.clone(),
        drift_share: args.drift_share,
        columns: args.columns.clone(),
        categorical: args.categorical.clone(),
        new_category_drift: args.new_category_drift,
    }
    .check()?;
    let bar = progress_bar(args);
    let read = drift::read_pair(
        &args.reference,
        &args.current,
        args.input_format,
        &config,
        &|bytes| {
            if let Some(bar) = &bar {
                bar.inc(bytes);
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let (reference, current) = read?;
    drift::compare(reference, current, &config)
}

/// Inputs at least this large together show a progress bar while they are read.
const PROGRESS_BYTES: u64 = 50 * 1024 * 1024;

/// [`PROGRESS_BYTES`], or the byte count in the hidden environment variable
/// `MLOPS_LAB_PROGRESS_MIN_BYTES`: `tests/drift_progress.rs` sets it to see the bar on small
/// fixtures. Not a user setting, so not in `--help`.
fn progress_min_bytes() -> u64 {
    std::env::var("MLOPS_LAB_PROGRESS_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PROGRESS_BYTES)
}

/// A bar on stderr for large inputs, only when stderr is a terminal and the report is not JSON
/// (a script reading JSON wants nothing else).
fn progress_bar(args: &DriftArgs) -> Option<ProgressBar> {
    if args.format == ReportFormat::Json || !std::io::stderr().is_terminal() {
        return None;
    }
    let total: u64 = [&args.reference, &args.current]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if total < progress_min_bytes() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("reading {bar:40} {binary_bytes}/{binary_total_bytes} {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}
