//! Helpers of the `export bank` tests: the shipped bank, an export run on standard output or
//! to a file, zip members, XML children and Moodle's grades.
//!
//! Include it with `#[path = "support/export.rs"] mod export;` after `mod bin;`.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{Cursor, Read};
use std::path::Path;

use mlops_lab::content::{Bank, load_bank};

use super::bin::mlops;

/// Moodle's grades (`question_bank::fraction_options_full`), positive, in percent.
pub const GRADES: [f64; 20] = [
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
];

pub fn legal(fraction: f64) -> bool {
    fraction == 0.0 || GRADES.iter().any(|g| (g - fraction.abs()).abs() < 1e-3)
}

pub fn shipped() -> Bank {
    load_bank(&[]).unwrap().bank
}

/// `export bank --format F` on stdout: the bytes and standard error.
pub fn export(format: &str) -> (Vec<u8>, String) {
    let out = mlops()
        .args(["export", "bank", "--format", format])
        .env_remove("MLOPS_LAB_HOME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, String::from_utf8(out.stderr).unwrap())
}

/// `export bank --format F --output FILE`: the file's bytes.
pub fn export_file(format: &str, dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    mlops()
        .args(["export", "bank", "--format", format, "--output"])
        .arg(&path)
        .env_remove("MLOPS_LAB_HOME")
        .assert()
        .success();
    std::fs::read(path).unwrap()
}

pub fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap()
}

pub fn member(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

pub fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .unwrap_or_else(|| panic!("<{name}> missing in <{}>", node.tag_name().name()))
}

pub fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    child(node, "text").text().unwrap_or_default().to_string()
}

/// `text` HTML-escaped as the exports write content (one line).
pub fn html(text: &str) -> String {
    text.trim()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
