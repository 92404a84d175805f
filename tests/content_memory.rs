//! Loading a content pack takes at most three times the pack's size in heap memory, so an 8 MiB
//! file (the per-file limit) cannot push a small machine into swap. Measured with dhat's heap
//! profiler in testing mode: the peak of live heap bytes while the pack loads, above what was
//! live before, less the peak of loading the shipped content alone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::BTreeSet;
use std::fmt::Write as _;

use mlops_lab::content::FileKind;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Every question of the shipped bank `copies` times over, each copy under fresh ids (ids the
/// shipped bank does not use), as question files of about 1 MiB: a pack of real items.
fn pack_of_copies(copies: usize) -> Vec<String> {
    let shipped = mlops_lab::content::shipped_files();
    let taken: BTreeSet<String> = shipped
        .iter()
        .flat_map(|f| f.text.lines())
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect();
    let topics = [
        "drift",
        "monitoring",
        "serving",
        "deployment",
        "retraining",
        "cicd",
    ];
    let mut fresh = topics
        .iter()
        .flat_map(|t| (0..1000).map(move |n| format!("{t}-{n:03}")))
        .filter(|id| !taken.contains(id));
    let mut files = Vec::new();
    for _ in 0..copies {
        let mut text = String::from("format_version = 1\n");
        for file in shipped.iter().filter(|f| f.kind == FileKind::Questions) {
            for line in file
                .text
                .lines()
                .skip_while(|l| !l.starts_with("[[question]]"))
            {
                if line.starts_with("id = \"") {
                    writeln!(text, "id = \"{}\"", fresh.next().unwrap()).unwrap();
                } else {
                    writeln!(text, "{line}").unwrap();
                }
            }
        }
        files.push(text);
    }
    files
}

/// The peak of live heap bytes while `work` runs, above what was live before it.
fn peak_while<T>(work: impl FnOnce() -> T) -> (T, usize) {
    // dhat's peak counts from the profiler's start: one profiler around the work alone.
    let profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().curr_bytes;
    let out = work();
    let peak = dhat::HeapStats::get().max_bytes;
    drop(profiler);
    (out, peak.saturating_sub(before))
}

/// Both measurements in one test: dhat allows one profiler at a time in a process. (Measured
/// in allocations, not time: the same figures on every run and machine.)
#[test]
fn content_loads_in_at_most_three_times_its_size() {
    a_pack_of_several_files();
    one_large_file();
}

fn a_pack_of_several_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = pack_of_copies(4);
    let size: usize = files.iter().map(String::len).sum();
    for (i, text) in files.iter().enumerate() {
        std::fs::write(dir.path().join(format!("copy-{i}.toml")), text).unwrap();
    }
    measure("pack", size, dir.path());
}

fn one_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = pack_of_copies(4);
    let mut text = files[0].clone();
    for more in &files[1..] {
        text.push_str(more.trim_start_matches("format_version = 1\n"));
    }
    std::fs::write(dir.path().join("big.toml"), &text).unwrap();
    measure("file", text.len(), dir.path());
}

/// Loads the shipped content plus the pack at `dir` and checks the pack's share of the peak.
fn measure(what: &str, size: usize, dir: &std::path::Path) {
    let ((shipped, _), shipped_peak) =
        peak_while(|| mlops_lab::content::load_shipped(&[]).unwrap());
    let ((bank, diags), peak) =
        peak_while(|| mlops_lab::content::load_shipped(&[dir.to_path_buf()]).unwrap());
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
    // Every copy made it into the bank: the pack was read, not refused.
    assert_eq!(bank.questions().len(), 5 * shipped.questions().len());
    let pack_peak = peak.saturating_sub(shipped_peak);
    eprintln!("{what} of {size} bytes: peak above the shipped content {pack_peak} bytes");
    assert!(
        pack_peak <= 3 * size,
        "loading a {size}-byte {what} peaked at {pack_peak} bytes ({:.1}x)",
        pack_peak as f64 / size as f64
    );
}
