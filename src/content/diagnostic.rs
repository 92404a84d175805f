//! Diagnostics: one problem in one content file, located by line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The item (or file) is left out of the bank; `check` fails.
    Error,
    /// A quality concern; `check` fails only with `--strict`.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in a content file.
///
/// Displays as `path:line:col: error: message`, the format editors and CI logs understand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as given on the command line (shipped files: `questions/<name>.toml`).
    pub path: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(path: &Path, (line, col): (u32, u32), message: impl Into<String>) -> Self {
        Self::new(path, line, col, Severity::Error, &message.into())
    }

    /// A warning at a position.
    pub fn warning(path: &Path, (line, col): (u32, u32), message: impl Into<String>) -> Self {
        Self::new(path, line, col, Severity::Warning, &message.into())
    }

    fn new(path: &Path, line: u32, col: u32, severity: Severity, message: &str) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col,
            severity,
            // Messages quote the offending text; quoting an escape sequence must not run it.
            message: defang(message),
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            defang(&self.path.display().to_string()),
            self.line,
            self.col,
            self.severity,
            self.message
        )
    }
}

/// Shows unsafe characters as `\u{1b}` so printing text cannot drive the terminal (the one
/// escaping function, [`crate::display::escape`]).
fn defang(text: &str) -> String {
    crate::display::escape(text).into_owned()
}

/// Sorts diagnostics by path, line, column, then severity and message (a stable, readable order).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.col, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_the_editor_format() {
        let d = Diagnostic::warning(Path::new("q/a.toml"), (3, 7), "too long");
        assert_eq!(d.to_string(), "q/a.toml:3:7: warning: too long");
    }

    #[test]
    fn quoted_escape_sequences_are_shown_not_run() {
        let d = Diagnostic::error(
            Path::new("a\u{7}.toml"),
            (1, 1),
            "unknown topic `\u{1b}[2J\u{202E}x`",
        );
        assert_eq!(d.message, "unknown topic `\\u{1b}[2J\\u{202e}x`");
        assert_eq!(
            d.to_string(),
            "a\\u{7}.toml:1:1: error: unknown topic `\\u{1b}[2J\\u{202e}x`"
        );
    }

    #[test]
    fn sort_orders_by_path_then_position() {
        let p = Path::new("b.toml");
        let mut v = vec![
            Diagnostic::error(p, (2, 1), "x"),
            Diagnostic::error(Path::new("a.toml"), (9, 9), "y"),
            Diagnostic::error(p, (1, 5), "z"),
            Diagnostic::error(p, (1, 2), "w"),
        ];
        sort(&mut v);
        let got: Vec<_> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "a.toml:9:9: error: y",
                "b.toml:1:2: error: w",
                "b.toml:1:5: error: z",
                "b.toml:2:1: error: x"
            ]
        );
    }
}
