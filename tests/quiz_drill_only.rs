//! Drill-only questions (recall about a tool no exam guide names, e.g. Evidently's defaults)
//! reach a learner through topic drills and never through practice, exams or domain drills,
//! through the real binary on the shipped bank.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::collections::BTreeSet;

#[path = "support/bin.rs"]
mod bin;

use bin::{mlops, stdout};

/// The shipped questions marked `drill_only`.
const DRILL_ONLY: [&str; 4] = ["drift-001", "drift-002", "drift-004", "feature-store-002"];

/// The ids a plain session shows when every question is skipped (`n`).
fn ids_seen(args: &[&str]) -> BTreeSet<String> {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = mlops();
    cmd.env_remove("MLOPS_LAB_HOME")
        .arg("--data-dir")
        .arg(data.path())
        .args(["quiz", "--plain", "--count", "300", "--seed", "5"])
        .args(args)
        .write_stdin("n\n".repeat(400));
    let out = stdout(&mut cmd);
    out.lines()
        .filter(|l| l.starts_with("Question "))
        .filter_map(|l| Some(l.rsplit_once('[')?.1.trim_end_matches(']').to_owned()))
        .collect()
}

#[test]
fn a_topic_drill_offers_drill_only_questions_on_its_topic() {
    let drift = ids_seen(&["--mode", "drill", "--topic", "drift"]);
    for id in ["drift-001", "drift-002", "drift-004"] {
        assert!(drift.contains(id), "{id} missing from {drift:?}");
    }
    assert!(!drift.contains("feature-store-002"));
    // With an exam chosen too: drill-only questions belong to no exam, the topic decides.
    let with_exam = ids_seen(&[
        "--mode",
        "drill",
        "--topic",
        "feature-store",
        "--exam",
        "gcp-pmle",
    ]);
    assert!(with_exam.contains("feature-store-002"), "{with_exam:?}");
}

#[test]
fn practice_exams_and_domain_drills_never_draw_them() {
    let sessions: [&[&str]; 4] = [
        &["--mode", "practice", "--topic", "drift"],
        &["--mode", "practice", "--exam", "azure-ai-300"],
        &["--mode", "exam", "--exam", "aws-mla-c01"],
        &["--mode", "drill", "--exam", "gcp-pmle", "--domain", "2"],
    ];
    for args in sessions {
        let seen = ids_seen(args);
        assert!(!seen.is_empty(), "{args:?} showed no questions");
        for id in DRILL_ONLY {
            assert!(!seen.contains(id), "{args:?} drew {id}");
        }
    }
}
