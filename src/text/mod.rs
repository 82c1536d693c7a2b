//! Figures out: numbers, money, volumes and the engine's answers as people
//! read them (`format`), and as JSON and CSV carry them (`figures`).

pub mod figures;
pub mod format;
