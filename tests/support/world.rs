//! The World through its public API for integration tests: commands and checks written as the
//! TOML inline tables labs use.
//!
//! Include it with `#[path = "support/world.rs"] mod world;`.

// Each test binary includes this file and uses only part of it.
#![allow(dead_code)]

use mlops_lab::world::{Check, Command, World};
use serde::de::DeserializeOwned;

/// One value (a command, a check) from its inline table; panics naming the text.
pub fn parse<T: DeserializeOwned>(inline: &str) -> T {
    #[derive(serde::Deserialize)]
    struct Wrap<T> {
        c: T,
    }
    toml::from_str::<Wrap<T>>(&format!("c = {inline}"))
        .unwrap_or_else(|e| panic!("{inline}: {e}"))
        .c
}

/// One command, as a lab writes it.
pub fn command(inline: &str) -> Command {
    parse(inline)
}

/// Whether the check written as `inline` passes on `w`.
pub fn check(w: &World, inline: &str) -> bool {
    w.check(&parse::<Check>(inline)).passed
}
