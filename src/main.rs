//! The `mlops-lab` binary: parse the command line, dispatch, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use mlops_lab::cli::Cli;
use mlops_lab::commands::Status;
use mlops_lab::display::escape_lines;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // First, while the process has one thread: see `local_utc_offset`.
    let offset = mlops_lab::commands::local_utc_offset();
    match mlops_lab::commands::dispatch(cli, offset) {
        Ok(status) => {
            if let Status::Signalled(signal) = status {
                // Everything is cleaned up by now: end as the signal would have ended us.
                mlops_lab::tui::input::end_by(signal);
            }
            ExitCode::from(status.code())
        }
        Err(err) => {
            // Messages quote file names, headers and values: escaped here, once, at the edge.
            eprintln!("mlops-lab: {}", escape_lines(&err.to_string()));
            ExitCode::from(err.exit_code())
        }
    }
}
