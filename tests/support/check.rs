//! Shared by the `check` test files: run `mlops-lab check` from the crate root, and assert that
//! a fixture breaks exactly one rule, with its message at its place.

#[path = "bin.rs"]
mod bin;

/// Runs `mlops-lab check ARGS...` from the crate root; returns stdout and the exit code.
pub fn check(args: &[&str]) -> (String, i32) {
    let (out, _, code) = bin::output(bin::at_root().arg("check").args(args));
    (out, code)
}

/// Checking `args` (`files` files in all) reports exactly one error, `{at}:{expected}`, and
/// exits 1.
pub fn one_error(args: &[&str], files: usize, at: &str, expected: &str) {
    let (out, code) = check(args);
    let noun = if files == 1 { "file" } else { "files" };
    assert_eq!(
        out,
        format!("{at}:{expected}\nchecked {files} {noun}: 1 error, 0 warnings\n")
    );
    assert_eq!(code, 1);
}
