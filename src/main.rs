//! The `mlops-lab` binary: parse the command line, dispatch, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use mlops_lab::cli::Cli;
use mlops_lab::display::escape_lines;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // First, while the process has one thread: see `local_utc_offset`.
    let offset = mlops_lab::commands::local_utc_offset();
    match mlops_lab::commands::dispatch(cli, offset) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            // Messages quote file names, headers and values: escaped here, once, at the edge.
            eprintln!("mlops-lab: {}", escape_lines(&err.to_string()));
            ExitCode::from(err.exit_code())
        }
    }
}
