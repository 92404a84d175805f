//! The `mlops-lab` binary: parse the command line, dispatch, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use mlops_lab::cli::Cli;
use mlops_lab::commands::Status;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match mlops_lab::commands::dispatch(cli) {
        Ok(status) => {
            if let Status::Signalled(signal) = status {
                // Everything is cleaned up by now: end as the signal would have ended us.
                mlops_lab::tui::input::end_by(signal);
            }
            ExitCode::from(status.code())
        }
        Err(err) => {
            eprintln!("mlops-lab: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
