//! Command-line definitions (clap). Every subcommand here works; none is a placeholder.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// An offline, seeded terminal lab for MLOps certifications.
#[derive(Debug, Parser)]
#[command(name = "mlops-lab", version, about, long_about = None)]
pub struct Cli {
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The subcommand; none opens the home screen.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options that apply to every subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Folder for the progress store (default: the user's data folder; env `MLOPS_LAB_HOME`).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Extra content pack (labs and questions) to load beside the shipped content.
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Vec<PathBuf>,
    /// Disable colour (`NO_COLOR` is honoured as well).
    #[arg(long, global = true)]
    pub no_color: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Per-column drift report comparing two CSV files (Evidently's tests and thresholds).
    Drift(DriftArgs),
    /// Validate content files: exams, cases, questions and labs (shipped content when no path).
    Check(CheckArgs),
}

/// Output format for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// A table for people.
    #[default]
    Text,
    /// Machine-readable JSON.
    Json,
}

/// Arguments of `mlops-lab drift`.
#[derive(Debug, Clone, Args)]
pub struct DriftArgs {
    /// The reference data (e.g. the training set), a CSV file with a header row.
    pub reference: PathBuf,
    /// The current data (e.g. last week's production requests), same columns.
    pub current: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Statistical test or distance; `auto` picks per column as Evidently does.
    #[arg(long, default_value = "auto")]
    pub method: String,
    /// Drift threshold for every column (default: the method's own, 0.05 for tests, 0.1 for distances).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Share of drifted columns at or above which the whole dataset counts as drifted.
    #[arg(long, default_value_t = 0.5)]
    pub drift_share: f64,
    /// Only these columns (comma-separated); default: every column in both files.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub columns: Vec<String>,
    /// Treat these columns as categorical even if every value parses as a number.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub categorical: Vec<String>,
}

/// Arguments of `mlops-lab check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Content files or folders to check; none checks the shipped content and `--content` packs.
    /// Question files are checked against the shipped catalog unless an exams.toml is given.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
}
