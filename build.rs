//! Embeds the shipped content (`questions/`, `labs/`) in the binary, so an installed binary works
//! from any folder: writes `$OUT_DIR/embedded_content.rs` with one `include_str!` per file.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const CONTENT_DIRS: [&str; 2] = ["questions", "labs"];

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let mut files = Vec::new();
    for dir in CONTENT_DIRS {
        let path = root.join(dir);
        // A folder (not each file) so that added and removed files trigger a rebuild too.
        println!("cargo::rerun-if-changed={dir}");
        if path.is_dir() {
            collect(&path, &mut files)?;
        }
    }
    files.sort();
    let mut code = String::from(
        "/// Shipped content files: (path, text).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let rel = file.strip_prefix(&root)?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )?;
    }
    code.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR")?).join("embedded_content.rs"),
        code,
    )?;
    Ok(())
}

fn collect(dir: &Path, into: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, into)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            into.push(path);
        }
    }
    Ok(())
}
