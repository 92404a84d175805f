//! One content file in memory: its path as shown to the user, what it holds, and its text.

use std::path::{Path, PathBuf};

/// What a content file holds, decided by its name, its folder and its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `exams.toml`: the exam catalog.
    Exams,
    /// `cases.toml`: case studies.
    Cases,
    /// Any other `.toml` outside a `labs/` folder: questions.
    Questions,
    /// A guided lab: a `.toml` file inside a `labs/` folder, or any file with `[[step]]` tables.
    Lab,
    /// An instructor's incident timeline: any file with `[[incident]]` tables.
    Incidents,
}

impl FileKind {
    /// Classifies a file: `exams.toml`, `cases.toml`, anything under `labs/` or holding a
    /// `[[step]]` table is a lab, else questions. `check FILE` and `run FILE` both use this, so
    /// they agree on what a file is wherever it lies.
    pub fn detect(path: &Path, text: &str) -> FileKind {
        match FileKind::of(path) {
            FileKind::Questions if has_table(text, "[[step]]") => FileKind::Lab,
            FileKind::Questions if has_table(text, "[[incident]]") => FileKind::Incidents,
            kind => kind,
        }
    }

    /// Classifies a file by name alone: `exams.toml`, `cases.toml`, anything under `labs/`, else
    /// questions.
    pub fn of(path: &Path) -> FileKind {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let in_labs = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|p| p == "labs");
        match name {
            _ if in_labs => FileKind::Lab,
            "exams.toml" => FileKind::Exams,
            "cases.toml" => FileKind::Cases,
            _ => FileKind::Questions,
        }
    }
}

/// Whether a line of the text opens the array-of-tables `header` (spaces inside the brackets
/// allowed, as TOML allows them).
fn has_table(text: &str, header: &str) -> bool {
    // Compared character by character as the line is read: most lines differ at their first
    // character, and no line is copied (every content file is classified at every start).
    text.lines().any(|line| {
        line.chars()
            .take_while(|&c| c != '#')
            .filter(|c| !c.is_whitespace())
            .eq(header.chars())
    })
}

/// A content file's path, kind and text, with its line starts for positions.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (shipped files: `questions/<name>.toml`).
    pub path: PathBuf,
    /// What the file holds.
    pub kind: FileKind,
    /// The whole text.
    pub text: String,
    /// Whether the file is part of the shipped bank (embedded, or its working copy in a source
    /// tree): shipped questions must cite references and state their guide.
    pub shipped: bool,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file of the kind its path and tables imply ([`FileKind::detect`]).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let path = path.into();
        let text = text.into();
        let kind = FileKind::detect(&path, &text);
        Self::with_kind(path, kind, text)
    }

    /// A file of an explicit kind.
    pub fn with_kind(path: impl Into<PathBuf>, kind: FileKind, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path: path.into(),
            kind,
            text,
            shipped: false,
            line_starts,
        }
    }

    /// The 1-based (line, column) of a byte offset; the column counts characters, not bytes.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        // An offset inside a multi-byte character counts that character.
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let f = SourceFile::new("q.toml", "ab\nçd\n\nx");
        assert_eq!(f.position(0), (1, 1));
        assert_eq!(f.position(2), (1, 3));
        assert_eq!(f.position(3), (2, 1));
        // 'ç' is two bytes: 'd' starts at byte 5 and is the second character.
        assert_eq!(f.position(5), (2, 2));
        assert_eq!(f.position(7), (3, 1));
        assert_eq!(f.position(8), (4, 1));
        assert_eq!(f.position(100), (4, 2));
    }

    #[test]
    fn kind_follows_name_and_folder() {
        assert_eq!(
            FileKind::of(Path::new("questions/exams.toml")),
            FileKind::Exams
        );
        assert_eq!(FileKind::of(Path::new("cases.toml")), FileKind::Cases);
        assert_eq!(
            FileKind::of(Path::new("pack/labs/drift.toml")),
            FileKind::Lab
        );
        assert_eq!(
            FileKind::of(Path::new("questions/drift.toml")),
            FileKind::Questions
        );
        assert_eq!(FileKind::of(Path::new("mine.toml")), FileKind::Questions);
    }

    #[test]
    fn a_file_with_step_tables_is_a_lab_wherever_it_lies() {
        let lab = "format_version = 1\nid = \"x\"\n\n[[ step ]] # first\ntext = \"Go.\"\n";
        assert_eq!(
            FileKind::detect(Path::new("/tmp/mine.toml"), lab),
            FileKind::Lab
        );
        // A table whose name merely starts with `step`, or a commented-out one, is not a step.
        let questions = "[[steps]]\n# [[step]]\ntext = \"[[step]]\"\n";
        assert_eq!(
            FileKind::detect(Path::new("mine.toml"), questions),
            FileKind::Questions
        );
        // Name rules come first: a catalog stays a catalog.
        assert_eq!(
            FileKind::detect(Path::new("exams.toml"), lab),
            FileKind::Exams
        );
    }
}
