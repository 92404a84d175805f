//! Results that travel: the question bank in the formats other tools import ([`bank`]), a
//! learner's progress as a file ([`progress`]) and the class report an instructor builds from
//! many such files ([`class`]). Everything here returns bytes or documents; the commands
//! decide where they go.

pub mod bank;
pub mod class;
pub mod progress;

mod anki;
mod csv_bank;
mod gift;
mod html;
mod moodle;
mod qti;
mod zipped;

pub use bank::{BankExport, BankFormat, ExportError, Skipped, export_bank};
pub use csv_bank::guard as csv_guard;
