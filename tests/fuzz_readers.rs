//! Property tests that feed arbitrary bytes and near-valid inputs to every reader of user input:
//! the CSV reader, the content loader (questions, labs, catalog, cases), the lab parser, the
//! quiz's answer line, MLflow-style run filters and the progress store opener on a damaged file.
//! Each must return a value or an error with a place: never a panic, never a hang.
//!
//! Seeded (the same cases in every run) and sized for CI: `MLOPS_FUZZ_CASES` sets the cases per
//! reader (default 2,000; `.ci/run` uses the default). The store opener runs a quarter of that:
//! each case creates, damages and reopens a store with durable (fsync'd) writes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::BTreeSet;
use std::sync::OnceLock;

use mlops_lab::content::{self, Bank, Context, SourceFile};
use mlops_lab::data::csv_table::{CsvTable, ReadSpec};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Cases per reader, from `MLOPS_FUZZ_CASES` (default 2,000), always with the same seed.
fn config(divide: u32) -> Config {
    let cases = std::env::var("MLOPS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000u32);
    Config {
        cases: (cases / divide).max(1),
        rng_seed: RngSeed::Fixed(0x006d_6c6f_7073),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Bytes that look like the structure of the format being fuzzed, plus anything at all.
fn snippet(alphabet: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(alphabet).unwrap(),
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// `base` with one range replaced by `insert`: the near-valid input a hand edit produces.
fn mangle(base: &str, cut: usize, len: usize, insert: &str) -> String {
    let mut cut = cut % (base.len() + 1);
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut end = (cut + len).min(base.len());
    while !base.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{insert}{}", &base[..cut], &base[end..])
}

fn shipped(path: &str) -> String {
    content::shipped_files()
        .into_iter()
        .find(|f| f.path.to_str() == Some(path))
        .unwrap_or_else(|| panic!("no shipped file {path}"))
        .text
}

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| content::load_shipped(&[]).unwrap().0)
}

/// Every diagnostic points inside its file: a line that exists and a column from 1.
fn assert_placed(text: &str, diags: &[content::Diagnostic]) -> Result<(), TestCaseError> {
    let lines = u32::try_from(text.lines().count()).unwrap() + 1;
    for d in diags {
        prop_assert!(d.line >= 1 && d.line <= lines && d.col >= 1, "{}", d);
    }
    Ok(())
}

const CSV: &str = "id,income,region,score\n1,52000.5,north,0.7\n2,,\"south, east\",0.1\n3,61000,\"a \"\"quoted\"\" name\",\r\n4,1e5,west,-3\n";

/// A CSV result is a table whose columns all hold one value per row, or an error that starts
/// with the file's name (and names the line where there is one).
fn check_csv(bytes: &[u8]) -> Result<(), TestCaseError> {
    match CsvTable::parse("fuzz.csv", bytes, &ReadSpec::default()) {
        Ok(table) => {
            for column in &table.columns {
                let len = match &column.values {
                    mlops_lab::data::csv_table::ColumnValues::Numbers(v) => v.len(),
                    mlops_lab::data::csv_table::ColumnValues::Text { codes, .. } => codes.len(),
                };
                prop_assert_eq!(len, table.rows, "column {}", column.name);
            }
        }
        Err(e) => prop_assert!(e.to_string().starts_with("fuzz.csv: "), "{}", e),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1))]

    #[test]
    fn csv_reader_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_csv(&bytes)?;
    }

    #[test]
    fn csv_reader_on_near_valid_files(
        cut in 0usize..200, len in 0usize..12, insert in snippet("[\",\r\n a-z0-9.e+-]{0,6}")
    ) {
        check_csv(mangle(CSV, cut, len, &insert).as_bytes())?;
    }

    #[test]
    fn question_files_on_near_valid_text(
        cut in 0usize..30_000, len in 0usize..40,
        insert in snippet("[\\[\\]\"'=\n#a-z0-9., {}\u{e9}\u{1b}\u{2028}]{0,10}")
    ) {
        let text = mangle(&shipped("questions/monitoring.toml"), cut, len, &insert);
        let files = [SourceFile::new("pack/mine.toml", text.clone())];
        let ctx = Context { catalog: Some(bank().catalog().clone()), ..Context::default() };
        let (_, diags) = content::validate(&files, &ctx);
        assert_placed(&text, &diags)?;
    }

    #[test]
    fn content_files_of_every_kind_on_arbitrary_text(
        text in any::<String>(), kind in 0usize..4
    ) {
        let path = ["questions/exams.toml", "questions/cases.toml", "pack/labs/x.toml", "x.toml"][kind];
        let (_, diags) = content::validate(&[SourceFile::new(path, text.clone())], &Context::default());
        assert_placed(&text, &diags)?;
    }

    #[test]
    fn answer_lines_as_typed(line in any::<String>(), pick in 0usize..1_000, n in 0usize..9) {
        let questions = bank().questions();
        let question = &questions[pick % questions.len()];
        if let Err(message) = mlops_lab::quiz::input::parse(&line, question, n) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn run_filters_as_typed(
        filter in prop_oneof![
            any::<String>(),
            snippet("(metrics|params|tags|attributes)\\.[a-z_`\"]{0,6} ?(=|!=|<|>|<=|>=|LIKE|ILIKE|IN)? ?('[a-z%]*'|[0-9.e-]{0,5}|\\([^)]{0,6}\\))( AND )?"),
        ]
    ) {
        if let Err(message) = mlops_lab::world::tracking::search::parse_filter(&filter) {
            prop_assert!(!message.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(config(1))]

    #[test]
    fn lab_files_on_near_valid_text(
        which in 0usize..4, cut in 0usize..8_000, len in 0usize..40,
        insert in snippet("[\\[\\]\"'=\n#a-z0-9._ {}\u{1b}]{0,10}")
    ) {
        let lab = ["first-pipeline", "broken-batch", "canary-rollback", "drift-detection"][which];
        let text = mangle(&shipped(&format!("labs/{lab}.toml")), cut, len, &insert);
        let questions: BTreeSet<String> = bank().questions().iter().map(|q| q.id.clone()).collect();
        let refs = mlops_lab::content::LabRefs { catalog: bank().catalog(), questions: &questions };
        let (_, problems) = mlops_lab::content::parse_lab(&text, refs);
        for (at, message) in problems {
            prop_assert!(at <= text.len() && !message.is_empty(), "{} at {}", message, at);
        }
    }
}

proptest! {
    #![proptest_config(config(4))]

    /// A damaged store file (bytes flipped, cut short, or anything at all) opens: as the store
    /// it still is, or moved aside for a fresh one. Never a panic, never an unusable store.
    #[test]
    fn store_opener_on_a_damaged_file(
        damage in prop_oneof![
            proptest::collection::vec((0usize..40_000, any::<u8>()), 1..6).prop_map(Damage::Flip),
            (0usize..40_000).prop_map(Damage::Cut),
            proptest::collection::vec(any::<u8>(), 0..300).prop_map(Damage::Replace),
        ]
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        drop(mlops_lab::store::Store::open(&path).unwrap());
        let mut bytes = std::fs::read(&path).unwrap();
        match damage {
            Damage::Flip(flips) => {
                for (at, byte) in flips {
                    if !bytes.is_empty() {
                        let i = at % bytes.len();
                        bytes[i] = byte;
                    }
                }
            }
            Damage::Cut(at) => bytes.truncate(at % (bytes.len() + 1)),
            Damage::Replace(new) => bytes = new,
        }
        std::fs::write(&path, &bytes).unwrap();
        let opened = mlops_lab::store::Store::open(&path);
        prop_assert!(opened.is_ok(), "{:?}", opened.err());
        let store = opened.unwrap().store;
        prop_assert_eq!(store.schema_version().unwrap(), mlops_lab::store::SCHEMA_VERSION);
    }
}

#[derive(Debug, Clone)]
enum Damage {
    Flip(Vec<(usize, u8)>),
    Cut(usize),
    Replace(Vec<u8>),
}
