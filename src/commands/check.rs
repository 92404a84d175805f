//! `mlops-lab check [PATH...]`: validate content and print every problem as
//! `path:line:col: error: message`, then a one-line summary.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{CheckArgs, GlobalArgs};
use crate::content::{self, Context, Severity, SourceFile};

use super::{CommandError, Status};

/// Runs the check; exit 1 on any error (with `--strict`, warnings are errors).
pub fn run(
    args: &CheckArgs,
    global: &GlobalArgs,
    out: &mut dyn Write,
) -> Result<Status, CommandError> {
    let (files, mut ctx) = if args.paths.is_empty() {
        let mut files = content::shipped_files();
        files.extend(read_all(&global.content)?);
        (files, Context::default())
    } else {
        // Files checked on their own still refer to the shipped catalog, cases and labs, and
        // must not reuse a shipped question id.
        let mut files = read_all(&args.paths)?;
        content::mark_working_copies(&mut files);
        let ctx = content::shipped_context_beside(&files);
        (files, ctx)
    };
    ctx.lint = true;
    let (bank, mut diagnostics) = content::validate(&files, &ctx);
    if args.strict {
        // Under --strict every warning is an error: CI holds the shipped bank to it.
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    for d in &diagnostics {
        writeln!(out, "{d}")?;
    }
    if args.stale {
        write!(
            out,
            "{}",
            content::currency::render(&content::currency::stale(&bank))
        )?;
    }
    if args.coverage {
        write!(
            out,
            "{}",
            content::coverage::render(&content::coverage::coverage(&bank))
        )?;
        let drill_only = bank.questions().iter().filter(|q| q.drill_only).count();
        if drill_only > 0 {
            writeln!(
                out,
                "drill only (topic drills, no exam): {}",
                plural(drill_only, "question")
            )?;
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    writeln!(
        out,
        "checked {}: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )?;
    let failed = errors > 0;
    Ok(if failed {
        Status::Failure
    } else {
        Status::Success
    })
}

/// Reads every path, each file once even when named twice (directly and through its folder).
fn read_all(paths: &[PathBuf]) -> Result<Vec<SourceFile>, CommandError> {
    let mut files: Vec<SourceFile> = Vec::new();
    for path in paths {
        let read = content::read_path(path).map_err(|e| CommandError::BadInput(e.to_string()))?;
        for file in read {
            if !files.iter().any(|f| same_file(&f.path, &file.path)) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
