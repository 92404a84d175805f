//! `mlops-lab drift REFERENCE CURRENT`: the per-column drift report on the user's own files.

use std::io::Write;

use crate::cli::{DriftArgs, Format};
use crate::drift::{self, DriftError, DriftParams, DriftReport};

use super::{CommandError, Status};

/// Reads both files, tests every column and writes the report in the chosen format.
pub fn run(args: &DriftArgs, out: &mut dyn Write) -> Result<Status, CommandError> {
    let report = build(args).map_err(|e| CommandError::BadInput(e.to_string()))?;
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)
                .map_err(|e| CommandError::Output(e.into()))?;
            writeln!(out)?;
        }
        Format::Text => drift::render_text(
            &report,
            &args.reference.display().to_string(),
            &args.current.display().to_string(),
            out,
        )?,
    }
    Ok(Status::Success)
}

/// Checks the options, reads both files and computes the report.
fn build(args: &DriftArgs) -> Result<DriftReport, DriftError> {
    let config = DriftParams {
        method: args.method.clone(),
        threshold: args.threshold,
        drift_share: args.drift_share,
        columns: args.columns.clone(),
        categorical: args.categorical.clone(),
    }
    .check()?;
    let (reference, current) = drift::read_pair(&args.reference, &args.current, &config)?;
    drift::compare(reference, current, &config)
}
