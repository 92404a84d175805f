//! Tables of data: reading a user's CSV and Parquet files, and (in the simulated world)
//! synthetic scenarios.

pub mod csv_table;
pub mod generate;
pub mod parquet_table;
pub mod scenario;
pub mod table;
