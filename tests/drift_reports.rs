//! `mlops-lab drift` in a pipeline and for people: `--fail-on-drift` exit codes, `--output`,
//! the Markdown table and the standalone HTML report (parsed by a WHATWG tokenizer).

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::format_push_string)]

use std::path::{Path, PathBuf};

#[path = "support/bin.rs"]
mod bin;

use assert_cmd::Command;
use bin::mlops;
use html5gum::{Token, Tokenizer};
use predicates::prelude::*;
use tempfile::TempDir;

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn drift(reference: &Path, current: &Path) -> Command {
    let mut cmd = mlops();
    cmd.arg("drift").arg(reference).arg(current);
    cmd
}

/// `x` shifts by `shift`; the column named `name` keeps its mix of three labels.
fn pair(dir: &TempDir, shift: i32, name: &str) -> (PathBuf, PathBuf) {
    let mut r = format!("x,{name}\n");
    let mut c = r.clone();
    for i in 0..60 {
        let label = ["a", "b", "c"][i as usize % 3];
        r.push_str(&format!("{i},{label}\n"));
        c.push_str(&format!("{},{label}\n", i + shift));
    }
    (write(dir, "ref.csv", &r), write(dir, "cur.csv", &c))
}

#[test]
fn fail_on_drift_exits_1_on_drift_0_without_and_2_on_bad_input() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir, 50, "c");
    // 1 of 2 columns drifts: share 0.5 reaches the default 0.5.
    drift(&r, &c)
        .arg("--fail-on-drift")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Dataset drift: YES"));
    // Without the flag, drift is still a report that was produced.
    drift(&r, &c).assert().code(0);
    let (r, c) = pair(&dir, 0, "c");
    drift(&r, &c)
        .arg("--fail-on-drift")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Dataset drift: no"));
    drift(&r, &dir.path().join("missing.csv"))
        .arg("--fail-on-drift")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.csv"));
    drift(&r, &c)
        .args(["--fail-on-drift", "--cat-method", "ks"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--cat-method ks"));
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir, 50, "c");
    let out = dir.path().join("report.json");
    drift(&r, &c)
        .args(["--format", "json", "--fail-on-drift", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["dataset_drift"], true);
    drift(&r, &c)
        .arg("--output")
        .arg(dir.path().join("no/such/folder/r.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output "))
        .stderr(predicate::str::contains("cannot write the report"));
}

#[test]
fn markdown_is_a_summary_line_and_a_table_with_drifted_columns_first() {
    let dir = TempDir::new().unwrap();
    let (r, c) = pair(&dir, 50, "city|<b>");
    let md = bin::stdout(drift(&r, &c).args(["--format", "markdown"]));
    let lines: Vec<&str> = md.lines().collect();
    assert!(lines[0].starts_with("**Dataset drift: detected** (1 of 2 columns drifted"));
    assert_eq!(
        lines[2],
        "| column | type | method | score | threshold | drifted | reference | current |"
    );
    assert!(lines[4].starts_with("| x | numerical | ks | "), "{md}");
    assert!(
        lines[4].contains("| **yes** | mean 29.5 | mean 79.5 |"),
        "{md}"
    );
    // The name cannot open a new cell or raw HTML.
    assert!(
        lines[5].starts_with("| city\\|&lt;b&gt; | categorical | chisquare | "),
        "{md}"
    );
    assert!(lines[5].ends_with("| no | a (33.3%) | a (33.3%) |"), "{md}");
    for row in [lines[2], lines[4], lines[5]] {
        assert_eq!(row.matches(" | ").count(), 7, "eight cells: {row}");
    }
}

/// Tokenizes `html` as a browser does: no tokenizer error, every element closed in order.
/// Returns the start tags with their `class` attribute.
fn parse(html: &str) -> Vec<(String, String)> {
    const VOID: [&str; 4] = ["meta", "br", "img", "link"];
    let mut open: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    for token in Tokenizer::new(html) {
        match token.unwrap() {
            Token::Error(e) => panic!("HTML error: {e:?}"),
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                let class = t
                    .attributes
                    .get(b"class".as_slice())
                    .map(|v| String::from_utf8_lossy(v).into_owned())
                    .unwrap_or_default();
                if !t.self_closing && !VOID.contains(&name.as_str()) {
                    open.push(name.clone());
                }
                tags.push((name, class));
            }
            Token::EndTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                assert_eq!(
                    open.pop().as_deref(),
                    Some(name.as_str()),
                    "misnested </{name}>"
                );
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
    tags
}

#[test]
fn html_is_standalone_parses_and_has_one_chart_per_column() {
    let dir = TempDir::new().unwrap();
    // 12 columns (10 numerical, 2 categorical, one with 3,000 labels) and a hostile name.
    let names: Vec<String> = (0..10)
        .map(|i| format!("f{i}"))
        .chain(["city".to_string(), "<script>alert(1)</script>".to_string()])
        .collect();
    let mut r = names.join(",") + "\n";
    let mut c = r.clone();
    for i in 0..3000u32 {
        let row = |shift: u32| {
            let mut cells: Vec<String> = (0..10)
                .map(|k| ((i * (k + 7) + shift) % 997).to_string())
                .collect();
            cells.push(format!("town{}", (i * 7 + shift) % 3000));
            cells.push(["x", "y"][(i % 2) as usize].to_string());
            cells.join(",") + "\n"
        };
        r.push_str(&row(0));
        c.push_str(&row(if i % 3 == 0 { 400 } else { 0 }));
    }
    let (r, c) = (write(&dir, "r.csv", &r), write(&dir, "c.csv", &c));
    let out = dir.path().join("report.html");
    drift(&r, &c)
        .args(["--format", "html", "-o"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    let tags = parse(&html);
    let charts = tags
        .iter()
        .filter(|(n, c)| n == "svg" && c == "chart")
        .count();
    let sections = tags
        .iter()
        .filter(|(n, c)| n == "section" && c == "column")
        .count();
    assert_eq!((charts, sections), (12, 12));
    // Nothing is fetched: no script, external style, image, font or link off the page.
    for banned in [
        "<script",
        "<link",
        "<img",
        "src=",
        "url(",
        "@import",
        "href=\"http",
    ] {
        assert!(!html.contains(banned), "{banned} in the report");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Drifted columns come first, and the file stays small (bins, not points).
    let first = html.find("<section").unwrap();
    assert!(
        html[first..].find("class=\"yes\"").unwrap() < html[first..].find("class=\"no\"").unwrap()
    );
    assert!(html.len() < 200_000, "{} bytes", html.len());
}
