//! Tables of data: reading a user's CSV files, and (in the simulated world) synthetic scenarios.

pub mod csv_table;
pub mod generate;
pub mod scenario;
pub mod table;
