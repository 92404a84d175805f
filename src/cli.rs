//! Command-line definitions (clap). Every subcommand here works; none is a placeholder.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod export;

pub use export::{
    BankFormat, ClassFormat, ClassReportArgs, ExportArgs, ExportBankArgs, ExportCommand,
    ExportProgressArgs, ProgressFormat,
};

/// An offline, seeded terminal lab for `MLOps` certifications.
#[derive(Debug, Parser)]
#[command(name = "mlops-lab", version, about, long_about = None)]
pub struct Cli {
    /// Options for every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The subcommand; none opens the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options that apply to every subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Folder for the progress store (default: the user's data folder; env MLOPS_LAB_HOME).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Extra content pack (labs and questions) to load beside the shipped content.
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Vec<PathBuf>,
    /// Disable colour (NO_COLOR is honoured as well).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Presenter mode for a projector: the lab player and the sandbox show fewer panes with
    /// more room for the step, events appear one at a time (Space), and the theme is
    /// high-contrast. `P` turns it on or off in the app.
    #[arg(long, global = true)]
    pub present: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Per-column drift report comparing two CSV or Parquet files (Evidently's tests and
    /// thresholds).
    Drift(DriftArgs),
    /// Validate content files: exams, cases, questions and labs (shipped content when no path).
    Check(CheckArgs),
    /// Exam-style questions: practice, timed exam, drill, missed and spaced review.
    Quiz(QuizArgs),
    /// Per-exam readiness and per-domain answer counts from the progress store.
    Progress(ProgressArgs),
    /// Run a lab's commands headless: per step its real-platform equivalents, its computed
    /// checkpoint questions, the events and the check (exit 0 when all pass).
    Run(RunArgs),
    /// Open a guided lab in the lab player (the list of labs when no id is given).
    Lab(LabArgs),
    /// Play a saved lab session (`:save FILE` in the player) again, line by line, exactly.
    Replay(ReplayArgs),
    /// Open the sandbox: every knob of the simulated platform, with days of traffic.
    Sandbox(SandboxArgs),
    /// Export the question bank (Moodle XML, GIFT, QTI, Anki, CSV) or your progress (JSON,
    /// CSV) to a file.
    Export(ExportArgs),
    /// Merge students' progress exports into per-student, per-domain and per-question tables.
    ClassReport(ClassReportArgs),
}

/// Arguments of `mlops-lab replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// A session log written by `:save FILE` in the lab player.
    #[arg(value_name = "LOG")]
    pub log: std::path::PathBuf,
    /// Replay only the first N lines (to see the World as it was then).
    #[arg(long, value_name = "N")]
    pub lines: Option<usize>,
}

/// Arguments of `mlops-lab lab`.
#[derive(Debug, Clone, Args)]
pub struct LabArgs {
    /// A shipped lab's id (e.g. drift-detection) or the path of a lab file.
    pub id: Option<String>,
    /// Play line by line on stdin/stdout (for pipes, scripts and screen readers); also used
    /// when stdout is not a terminal or TERM=dumb.
    #[arg(long)]
    pub plain: bool,
    /// Start the lab over instead of resuming where it was left.
    #[arg(long)]
    pub restart: bool,
    /// Seed for the World (default: the lab's own); a shared seed gives a room the same World.
    #[arg(long, requires = "id")]
    pub seed: Option<u64>,
    /// An instructor's incident timeline (docs/classroom.md), written for the lab's scenario.
    #[arg(long, value_name = "FILE", requires = "id")]
    pub incidents: Option<std::path::PathBuf>,
    /// With --incidents: this student's variant of the timeline's numbers (its `vary` ranges).
    #[arg(long, value_name = "ID", requires = "incidents")]
    pub student: Option<String>,
}

/// Arguments of `mlops-lab sandbox`.
#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// The scenario to start from: credit-risk, churn or fraud.
    #[arg(long, default_value = "credit-risk")]
    pub scenario: String,
    /// Seed for the World (a shared seed lets a room see the same incident).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// An instructor's incident timeline (docs/classroom.md); its scenario is the sandbox's.
    #[arg(long, value_name = "FILE")]
    pub incidents: Option<std::path::PathBuf>,
    /// With --incidents: this student's variant of the timeline's numbers (its `vary` ranges).
    #[arg(long, value_name = "ID", requires = "incidents")]
    pub student: Option<String>,
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

/// Output format of the drift report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// A table for people, with each column's statistics.
    #[default]
    Text,
    /// Machine-readable JSON.
    Json,
    /// A summary line and a table for a pull-request comment.
    Markdown,
    /// One standalone page (no network needed) with a chart per column.
    Html,
}

/// Arguments of `mlops-lab drift`.
#[derive(Debug, Clone, Args)]
pub struct DriftArgs {
    /// The reference data (e.g. the training set): a CSV file with a header row, or a Parquet
    /// file (`.parquet`).
    pub reference: PathBuf,
    /// The current data (e.g. last week's production requests), same columns and format.
    pub current: PathBuf,
    /// Format of both files (default: by extension, `.parquet` for Parquet, else CSV). Parquet
    /// columns keep their types: integers and floats are numerical; strings, booleans and
    /// dictionaries categorical; nulls missing. Nested, date, time and decimal columns are
    /// refused (leave them out with --columns).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<crate::drift::InputFormat>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when dataset drift is detected and 0 when not, to gate a pipeline (bad input
    /// exits 2 either way).
    #[arg(long)]
    pub fail_on_drift: bool,
    /// Method for every column: auto (Evidently's choice per column) or ks, chisquare, z,
    /// wasserstein, jensenshannon, psi, `kl_div`. Refused for a categorical column when the
    /// method is numerical-only (ks, wasserstein): then use --num-method and --cat-method.
    #[arg(long, default_value = "auto", value_name = "M")]
    pub method: String,
    /// Method for numerical columns, over --method (Evidently's `num_stattest`).
    #[arg(long, value_name = "M")]
    pub num_method: Option<String>,
    /// Method for categorical columns, over --method: auto, chisquare, z, jensenshannon, psi or
    /// `kl_div` (Evidently's `cat_stattest`).
    #[arg(long, value_name = "M")]
    pub cat_method: Option<String>,
    /// Method per column, over every other choice (Evidently's `per_column_stattest`).
    #[arg(long, value_delimiter = ',', value_name = "COL=M,...")]
    pub per_column: Vec<String>,
    /// Drift threshold for every column (default: the method's own, 0.05 for tests, 0.1 for distances).
    #[arg(long, allow_negative_numbers = true, value_parser = finite_number)]
    pub threshold: Option<f64>,
    /// Threshold for numerical columns, over --threshold.
    #[arg(long, allow_negative_numbers = true, value_parser = finite_number, value_name = "X")]
    pub num_threshold: Option<f64>,
    /// Threshold for categorical columns, over --threshold.
    #[arg(long, allow_negative_numbers = true, value_parser = finite_number, value_name = "X")]
    pub cat_threshold: Option<f64>,
    /// Threshold per column, over every other threshold.
    #[arg(long, value_delimiter = ',', value_name = "COL=X,...")]
    pub per_column_threshold: Vec<String>,
    /// Share of drifted columns at or above which the whole dataset counts as drifted.
    #[arg(long, default_value_t = 0.5, allow_negative_numbers = true, value_parser = finite_number)]
    pub drift_share: f64,
    /// Only these columns (comma-separated); default: every column in both files.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub columns: Vec<String>,
    /// Treat these columns as categorical even if every value parses as a number.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub categorical: Vec<String>,
    /// Count a column as drifted whenever a category appears only in the current data (by
    /// default, as in Evidently, new categories weigh only through the method's score).
    #[arg(long)]
    pub new_category_drift: bool,
}

/// Arguments of `mlops-lab check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Content files or folders to check; none checks the shipped content and --content packs.
    /// Question files are checked against the shipped catalog unless an exams.toml is given.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Report every warning (item-writing lints, file balance, missing references) as an error
    /// and fail (exit 1) on it; CI runs this on the shipped bank.
    #[arg(long)]
    pub strict: bool,
    /// Also print, per exam and domain, the questions, their difficulty mix (1/2/3) and their
    /// share of the exam's questions against the blueprint weight.
    #[arg(long)]
    pub coverage: bool,
    /// Also list the questions written against an older exam guide (`guide`) than the one the
    /// catalog now follows for an exam they are tagged to.
    #[arg(long)]
    pub stale: bool,
}

/// Quiz modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum QuizMode {
    /// Feedback and every option's explanation right after each answer.
    #[default]
    Practice,
    /// Timed, sampled by the exam blueprint, flag and review, results at the end (needs --exam).
    Exam,
    /// One domain (--exam and --domain) or one topic (--topic), with feedback.
    Drill,
    /// Only questions whose latest answer was wrong.
    Missed,
    /// Spaced-repetition cards that are due (FSRS).
    Review,
}

/// Arguments of `mlops-lab quiz`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = QUIZ_HELP)]
pub struct QuizArgs {
    /// Line mode on standard input and output instead of the full-screen interface (which
    /// opens only when stdin and stdout are a terminal; otherwise line mode is used anyway).
    #[arg(long)]
    pub plain: bool,
    /// The exam to study for, e.g. aws-mla-c01 or gcp-pmle; `all` for every exam. Default:
    /// your target exam (chosen on the app's welcome screen, or with e on its home screen) in
    /// practice, exam and drill modes without --topic; missed and review span every exam.
    #[arg(long, value_name = "ID")]
    pub exam: Option<String>,
    /// Only this domain of the exam (the vendor's numbering, e.g. 3); needs --exam or a target
    /// exam.
    #[arg(long, value_name = "D")]
    pub domain: Option<String>,
    /// Only this topic, e.g. drift or feature-store.
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// How the session runs.
    #[arg(long, value_enum, default_value_t = QuizMode::Practice)]
    pub mode: QuizMode,
    /// Number of questions (default: the exam's count in exam mode, 10 otherwise).
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// Seed for choosing and shuffling questions (default: from the clock; printed at the start).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Desired retention for spaced review, 0.70 to 0.99 (default 0.9); remembered for later.
    #[arg(long, value_name = "R")]
    pub retention: Option<f32>,
    /// Continue the latest session that was interrupted (the process stopped before its end):
    /// same questions, answers and flags; an exam keeps its original deadline.
    #[arg(long, conflicts_with_all = ["exam", "domain", "topic", "mode", "count", "seed"])]
    pub resume: bool,
    /// Class quiz mode, for a projector: one question at a time full screen with a countdown,
    /// the key and every option's explanation on Space or r, the next question on n or Enter.
    /// No score, nothing saved. Takes --exam, --domain, --topic, --count and --seed.
    #[arg(long, conflicts_with_all = ["plain", "resume", "retention", "mode"])]
    pub class: bool,
    /// Seconds per question in class mode (default 60, 5 to 3600); at zero the screen says
    /// the time is up and waits for the reveal.
    #[arg(long, value_name = "N", requires = "class")]
    pub seconds: Option<u32>,
}

const QUIZ_HELP: &str = "\
In a terminal the quiz opens full screen: the keys for each question are shown under it.
Line mode (--plain, or when input or output is not a terminal) reads typed answers.
Answering in line mode (the prompt line shows the format for each question):
  2            one option (single choice)
  1,3          several options (multiple response: pick exactly the number asked)
  3 1 2        steps in order, first step first (ordering)
  1b 2a 3c     each numbered item with its letter (matching)
Commands:
  n / p        next / previous question (previous: exam mode)
  g N          go to question N (exam mode)
  f            flag or unflag the question for review (exam mode)
  r, r u, r f  review list: all, unanswered, flagged (exam mode)
  s            submit the exam
  q            stop; answers given so far are kept and scored
  ?            help
Every answer is saved the moment it is given. At the end of input the session is submitted
with the answers given and the per-domain report is printed. A session cut short (the
terminal closed, the process killed) continues with --resume.
Class mode (--class) is for a room: Space or r reveals the key and every option's why, n or
Enter shows the next question, p the previous one, q ends; nothing is scored or saved.";

/// Arguments of `mlops-lab run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// A shipped (or --content) lab id, e.g. first-pipeline, or the path of a lab file.
    #[arg(value_name = "LAB")]
    pub lab: String,
    /// World seed (default: the lab's own).
    #[arg(long)]
    pub seed: Option<u64>,
    /// An instructor's incident timeline (docs/classroom.md): its incidents fire on their
    /// simulated days, whatever the steps do in between.
    #[arg(long, value_name = "FILE")]
    pub incidents: Option<std::path::PathBuf>,
    /// With --incidents: this student's variant of the timeline's numbers (its `vary` ranges).
    #[arg(long, value_name = "ID", requires = "incidents")]
    pub student: Option<String>,
    /// Output format: text, or JSON Lines (one object per step, with its `real_tools` and the
    /// questions it asks: id, prompt, key, computed).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Arguments of `mlops-lab progress`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = PROGRESS_HELP)]
pub struct ProgressArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only this exam, e.g. gcp-pmle; `all` for every exam in the catalog. Default: your target
    /// exam (chosen on the app's welcome screen, or with e on its home screen), else every exam.
    #[arg(long, value_name = "ID")]
    pub exam: Option<String>,
    /// List the disputes instead: notes left with `!` in the quiz or `:report` in the plain quiz,
    /// oldest first (JSON: `{"disputes": [{question_id, note, at (Unix ms), date}]}`).
    #[arg(long)]
    pub disputes: bool,
}

const PROGRESS_HELP: &str = "\
JSON fields (stable):
  store            path of the progress store
  due_reviews      spaced-repetition cards due now
  desired_retention  the FSRS target recall probability (set with quiz --retention)
  fsrs_fitted_on   reviews the FSRS parameters were fitted on; null while defaults are used
  target_exam      the exam you prepare for (chosen in the app); null when none is chosen
  exams[]          one per exam in the catalog, or only the one --exam names (by default
                   your target exam, when you have chosen one):
    id, title, status (active|retired), pass_percent
    answered, correct          every answer to the exam's questions
    readiness.status           \"estimate\" or \"not_enough_data\"
      estimate: estimate, low, high (0..1, 95% interval), questions (first attempts),
                verdict (likely_pass|borderline|unlikely_pass)
      not_enough_data: questions (first attempts so far), needed (60), in_bank
                (the exam's questions in the loaded content), domain_needed (10),
                short_domains[]: id, counted, more, in_bank
    domains[]: id, title, weight, answered, correct (every attempt),
               counted (first attempts that count toward readiness)
    trend[]:   date (YYYY-MM-DD, your local time zone), answered, correct
  labs[]           every lab on offer, then any other lab played (from a file):
    id, title, completed (a play-through was ever completed), steps_total,
    steps_done, unaided, with_hints, with_solution (the latest play-through),
    minutes (on task, latest play-through), decisions[]: step (from 1), choice (option id)
Readiness counts only the first attempt at each question, and only when it was in practice or
exam mode (never lab checkpoints, drills, missed or review sessions, never a repeat). It waits
for 10 such attempts in every weighted domain and 60 in the exam. The estimate is the
blueprint-weighted posterior mean of each domain's score (Jeffreys prior), with a 95% interval
from 4000 seeded Monte-Carlo draws; likely_pass needs the whole interval at or above the pass
mark, unlikely_pass the whole interval below it.";

/// A finite number; the message echoes what was typed (`1e309`, not `inf`).
fn finite_number(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(format!("{text} is not a finite number")),
        Err(_) => Err(format!("{text} is not a number")),
    }
}
