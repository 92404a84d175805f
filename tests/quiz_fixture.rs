//! The quiz fixture pack loads cleanly, so the engine and CLI tests run on valid content.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use mlops_lab::content::{self, Severity};

#[path = "support/bin.rs"]
mod bin;

#[test]
fn the_fixture_pack_has_no_errors_and_all_sixteen_questions() {
    let files = content::read_path(&bin::fixture("quiz")).unwrap();
    let (bank, diags) = content::validate(&files, &content::Context::default());
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(bank.questions().len(), 16);
    assert!(bank.exam("aws-mla-c01").is_some());
    assert_eq!(bank.questions_for_case("quiz-fixture-lending").count(), 2);
}
