//! `mlops-lab`: an offline, seeded terminal lab for `MLOps` certifications.
//!
//! The core (everything here outside `tui`) is pure and deterministic: it never touches the
//! terminal, every random draw comes from a seeded RNG passed in, and simulated time never reads
//! the wall clock. The binary in `main.rs` only parses the command line and dispatches to
//! [`commands`]; [`tui`] is the full-screen interface over the same core.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod content;
pub mod data;
pub mod display;
pub mod drift;
pub mod export;
pub mod lab;
pub mod next_step;
pub mod quiz;
pub mod reading;
pub mod stats;
pub mod store;
pub mod tui;
pub mod world;
