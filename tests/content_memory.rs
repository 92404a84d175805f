//! Loading a content pack takes at most three times the pack's size in heap memory, so an 8 MiB
//! pack (the per-file limit) cannot push a small machine into swap. Measured with a counting
//! allocator around the real one: the peak of live heap bytes while the pack loads, above
//! what was live before.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same layout contract as our caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TOPICS: [&str; 6] = [
    "drift",
    "monitoring",
    "serving",
    "deployment",
    "retraining",
    "model-development",
];

/// A question file of `count` valid items, each with a scenario of a few hundred bytes.
fn question_file(topic: &str, count: usize) -> String {
    let mut text = String::from("format_version = 1\n");
    let scenario = "A team runs a churn model behind an endpoint and sees the income feature move. "
        .repeat(5);
    for n in 0..count {
        let (a, b) = if n % 2 == 0 { ("true", "false") } else { ("false", "true") };
        write!(
            text,
            r#"
[[question]]
id = "{topic}-{n:03}"
type = "single"
difficulty = 2
topics = ["{topic}"]
exams = ["gcp-pmle:6.2"]
scenario = """{scenario}"""
prompt = "Which action is MOST cost-effective?"
explanation = "Measure before acting: {n}."
references = ["https://example.com/{n}"]
[[question.option]]
text = "Measure the drift of the income feature on the last week."
correct = {a}
why = "Measured {n}."
[[question.option]]
text = "Retrain the churn model on the last week of traffic."
correct = {b}
why = "Retrained {n}."
"#
        )
        .unwrap();
    }
    text
}

/// The tests share the counters, so they take turns.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn peak_while<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = work();
    (out, PEAK.load(Ordering::Relaxed) - before)
}

#[test]
fn a_pack_loads_in_at_most_three_times_its_size() {
    let _turn = TURN.lock().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut size = 0;
    for topic in TOPICS {
        let text = question_file(topic, 999);
        size += text.len();
        std::fs::write(dir.path().join(format!("{topic}.toml")), text).unwrap();
    }
    // The shipped content alone, so that what follows measures the pack.
    drop(mlops_lab::content::load_shipped(&[]).unwrap());
    let ((bank, diags), peak) =
        peak_while(|| mlops_lab::content::load_shipped(&[dir.path().to_path_buf()]).unwrap());
    let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(bank.questions().len() > TOPICS.len() * 999);
    let (_, shipped_peak) = peak_while(|| mlops_lab::content::load_shipped(&[]).unwrap());
    let pack_peak = peak.saturating_sub(shipped_peak);
    eprintln!("pack {size} bytes; peak above the shipped content {pack_peak} bytes");
    assert!(
        pack_peak <= 3 * size,
        "loading a {size}-byte pack peaked at {pack_peak} bytes ({:.1}x)",
        pack_peak as f64 / size as f64
    );
}

#[test]
fn one_large_file_loads_in_at_most_three_times_its_size() {
    let _turn = TURN.lock().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut text = question_file("drift", 999);
    // Up to the 8 MiB file limit with more of the same in other topics' id ranges.
    for topic in &TOPICS[1..] {
        let more = question_file(topic, 999);
        text.push_str(more.trim_start_matches("format_version = 1\n"));
    }
    let size = text.len();
    std::fs::write(dir.path().join("big.toml"), text).unwrap();
    let (_, shipped_peak) = peak_while(|| mlops_lab::content::load_shipped(&[]).unwrap());
    let ((bank, _), peak) =
        peak_while(|| mlops_lab::content::load_shipped(&[dir.path().to_path_buf()]).unwrap());
    assert!(bank.questions().len() > TOPICS.len() * 999);
    let pack_peak = peak.saturating_sub(shipped_peak);
    eprintln!("file {size} bytes; peak above the shipped content {pack_peak} bytes");
    assert!(
        pack_peak <= 3 * size,
        "loading a {size}-byte file peaked at {pack_peak} bytes ({:.1}x)",
        pack_peak as f64 / size as f64
    );
}
