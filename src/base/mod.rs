//! Foundations every layer may use: money ranges, calendar days, a fast map, text safe
//! for a terminal, and reading a text file with limits.

pub mod atomic;
pub mod date;
pub mod hash;
pub mod money;
pub mod safe_text;
pub mod textfile;
