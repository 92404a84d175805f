//! Killing `mlops-lab quiz` mid-session loses no answer already given: the real binary is
//! driven through a pipe, killed with SIGKILL (no destructor runs), and the store is read back.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};

use mlops_lab::store::Store;

#[path = "support/bin.rs"]
mod bin;

/// A well-formed answer for the format the prompt line asks for.
fn answer_for(hint: &str) -> String {
    let number_after = |word: &str| -> usize {
        let at = hint.find(word).unwrap() + word.len();
        hint[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    if hint.contains("type one option number") {
        "1".into()
    } else if hint.contains("option numbers separated by commas") {
        let n = number_after("type");
        (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
    } else if hint.contains("step numbers in the right order") {
        let n = number_after("type the");
        (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(" ")
    } else if hint.contains("with its letter") {
        let last = hint
            .split("letters a-")
            .nth(1)
            .unwrap()
            .chars()
            .next()
            .unwrap();
        let n = (last as u8 - b'a' + 1) as usize;
        (0..n)
            .map(|i| format!("{}{}", i + 1, char::from(b'a' + i as u8)))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        panic!("unknown prompt line: {hint}")
    }
}

/// Starts the real binary on a data folder and the quiz fixture pack, stdin and stdout piped.
fn spawn_quiz(data: &Path, args: &[&str]) -> Child {
    bin::spawn_on_data(data)
        .arg("quiz")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Answers every prompt until the quiz exits; returns everything it printed.
fn answer_to_the_end(mut child: Child) -> String {
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut transcript = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        transcript.push_str(&line);
        let text = line.trim_start_matches("> ");
        if text.starts_with("(type ") {
            writeln!(stdin, "{}", answer_for(text)).unwrap();
            stdin.flush().unwrap();
        }
    }
    assert!(child.wait().unwrap().success());
    transcript
}

#[test]
fn every_answer_given_before_a_kill_is_in_the_store() {
    let data = tempfile::tempdir().unwrap();
    let mut child = spawn_quiz(
        data.path(),
        &[
            "--plain",
            "--exam",
            "aws-mla-c01",
            "--count",
            "8",
            "--seed",
            "11",
        ],
    );
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());

    let mut asked: Vec<String> = Vec::new();
    let mut answered = 0;
    let mut line = String::new();
    while answered < 4 {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the quiz ended early"
        );
        let text = line.trim_start_matches("> ");
        if let Some(rest) = text.strip_prefix("Question ") {
            // "Question 2 of 8 [monitoring-913]"
            let id = rest.split('[').nth(1).unwrap().split(']').next().unwrap();
            asked.push(id.to_string());
        }
        if text.starts_with("(type ") {
            // The prompt for the next question appears only after the previous answer was
            // saved and its feedback printed, so `answered` counts committed answers.
            writeln!(stdin, "{}", answer_for(text)).unwrap();
            stdin.flush().unwrap();
            answered += 1;
        }
    }
    // Wait until the 4th answer has been processed (its feedback ends with the next prompt).
    loop {
        line.clear();
        assert!(stdout.read_line(&mut line).unwrap() > 0);
        if line.trim_start_matches("> ").starts_with("(type ") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let store = Store::open_in(data.path()).unwrap();
    assert!(store.notice.is_none(), "the store survived the kill intact");
    let attempts = store.store.attempts().unwrap();
    let stored: Vec<&str> = attempts.iter().map(|a| a.question_id.as_str()).collect();
    assert_eq!(
        stored,
        asked[..4].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let sessions = store.store.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].outcome, None,
        "killed sessions stay open, not falsely finished"
    );
    assert_eq!(
        store.store.cards().unwrap().len(),
        4,
        "each practice answer was also a review"
    );
    drop(store);

    // `quiz --resume` picks the session up at the fifth question and finishes it.
    let transcript = answer_to_the_end(spawn_quiz(data.path(), &["--resume"]));
    assert!(
        transcript.contains("Resuming the session started"),
        "{transcript}"
    );
    assert!(transcript.contains("4 of 8 answered"), "{transcript}");
    assert!(transcript.contains("Question 5 of 8"), "{transcript}");
    assert!(!transcript.contains("Question 1 of 8"), "{transcript}");
    let store = Store::open_in(data.path()).unwrap().store;
    assert_eq!(store.attempts().unwrap().len(), 8);
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 1, "resumed, not restarted");
    assert_eq!(sessions[0].outcome.as_deref(), Some("submitted"));
}
