//! Shared by the `check` test files: run `mlops-lab check` from the crate root, and assert that
//! a fixture breaks exactly one rule, with its message at its place.

use assert_cmd::Command;

/// Runs `mlops-lab check ARGS...` from the crate root; returns stdout and the exit code.
pub fn check(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("mlops-lab")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    (String::from_utf8(out.stdout).unwrap(), code)
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
