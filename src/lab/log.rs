//! A lab session as a file: the lab, the World seed, the instructor's timeline (its text, so the
//! file alone reproduces the incidents) and every line handled, `:rewind`s included. The World
//! is deterministic, so replaying the lines on the same seed and timeline reproduces the session
//! exactly: `mlops-lab replay LOG`, and `:save FILE` in the player writes one.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::content::{self, Lab};
use crate::world::timeline::Scheduled;

/// The format this build writes and reads.
pub const LOG_FORMAT: u32 = 1;
/// Most lines a log may hold (a long session is a few hundred).
pub const MAX_LOG_LINES: usize = 100_000;

/// The file of a `:save FILE` line (`Some("")` when it names none). The players answer it
/// themselves: saving is not part of the session, so it is not a line of the log.
pub fn save_target(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix(":save")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// An instructor's timeline as a session keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineSource {
    /// The file it was read from, as given (its problems and refusals name it).
    pub file: String,
    /// The student whose variant of the numbers is played, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
    /// The file's text.
    pub text: String,
}

impl TimelineSource {
    /// Reads and checks the timeline at `path` (with its size limit).
    pub fn read(path: &Path, student: Option<&str>) -> Result<TimelineSource, String> {
        // Read once: the text checked is the text kept.
        let text =
            crate::reading::read_content(path).map_err(|e| format!("{}: {e}", path.display()))?;
        content::timeline_from_text(path, text.clone())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(TimelineSource {
            file: path.display().to_string(),
            student: student.map(str::to_owned),
            text,
        })
    }

    /// The incidents for this student, checked against the lab's scenario.
    pub fn schedule(&self, lab: &Lab) -> Result<Vec<Scheduled>, String> {
        let t = content::timeline_from_text(Path::new(&self.file), self.text.clone())
            .map_err(|e| format!("{}: {e}", self.file))?;
        if t.scenario != lab.scenario {
            return Err(format!(
                "{}: the timeline is written for the {} scenario and lab {} runs {}",
                self.file,
                t.scenario.name(),
                lab.id,
                lab.scenario.name()
            ));
        }
        Ok(t.resolve(&self.file, self.student.as_deref()))
    }
}

/// A saved session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionLog {
    /// [`LOG_FORMAT`].
    pub format_version: u32,
    /// The lab as the learner named it: a shipped lab's id or a lab file's path.
    pub lab: String,
    /// The World seed.
    pub seed: u64,
    /// Every line handled, in order.
    pub lines: Vec<String>,
    /// The instructor's timeline, when one was loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<TimelineSource>,
}

impl SessionLog {
    /// The log of `session`, whose lab the learner named `lab`.
    pub fn of(session: &Session, lab: &str) -> SessionLog {
        SessionLog {
            format_version: LOG_FORMAT,
            lab: lab.to_owned(),
            seed: session.seed(),
            lines: session.log().to_vec(),
            timeline: session.timeline().cloned(),
        }
    }

    /// The file's text.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("# mlops-lab session log: `mlops-lab replay FILE` plays it again\n{body}")
    }

    /// Reads a log's text; `Err` says what is wrong, where TOML can tell.
    pub fn parse(text: &str) -> Result<SessionLog, String> {
        let log: SessionLog = toml::from_str(text).map_err(|e| e.to_string())?;
        if log.format_version != LOG_FORMAT {
            return Err(format!(
                "format_version {} is not one this build reads (it reads {LOG_FORMAT})",
                log.format_version
            ));
        }
        if log.lines.len() > MAX_LOG_LINES {
            return Err(format!(
                "{} lines is more than a session log holds ({MAX_LOG_LINES})",
                log.lines.len()
            ));
        }
        Ok(log)
    }

    /// Writes the log to `path`.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        std::fs::write(path, self.to_toml())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_reads_back_as_written() {
        let log = SessionLog {
            format_version: LOG_FORMAT,
            lab: "canary-rollback".into(),
            seed: 7,
            lines: vec!["generate rows=5000".into(), ":rewind step 1".into()],
            timeline: Some(TimelineSource {
                file: "week3.toml".into(),
                student: Some("ana".into()),
                text: "format_version = 1\n\"quoted\" \\ text\n".into(),
            }),
        };
        assert_eq!(SessionLog::parse(&log.to_toml()), Ok(log));
    }

    #[test]
    fn save_lines() {
        assert_eq!(save_target(":save a b.toml"), Some("a b.toml"));
        assert_eq!(save_target("  :save  "), Some(""));
        assert_eq!(save_target(":saved x"), None);
        assert_eq!(save_target("save x"), None);
    }

    #[test]
    fn a_bad_log_says_what_is_wrong() {
        let e = SessionLog::parse("format_version = 9\nlab = \"x\"\nseed = 1\nlines = []\n")
            .unwrap_err();
        assert!(e.contains("format_version 9"), "{e}");
        let e = SessionLog::parse("format_version = 1\nlab = \"x\"\nseed = -1\nlines = []\n")
            .unwrap_err();
        assert!(e.contains("seed"), "{e}");
        let e =
            SessionLog::parse("format_version = 1\nlab = \"x\"\nseed = 1\nlines = []\nextra = 2\n")
                .unwrap_err();
        assert!(e.contains("extra"), "{e}");
    }
}
