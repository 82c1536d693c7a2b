//! inferplan: pay a hosted LLM API per token, or rent/own GPUs and serve the
//! model yourself? A pure cost engine, a TOML plan file, headless reports and
//! a terminal planner, all over the same functions.

pub mod app;
pub mod charts;
pub mod cli;
pub mod columns;
pub mod compare;
pub mod date;
pub mod engine;
pub mod explain;
pub mod figures;
pub mod format;
pub mod import;
pub mod insight;
pub mod layout;
pub mod library;
pub mod money;
pub mod parse;
pub mod plan;
pub mod provenance;
pub mod recovery;
pub mod report;
pub mod safe_text;
pub mod saved_results;
pub mod sensitivity;
pub mod session;
pub mod solve;
pub mod textfile;
pub mod tui;
pub mod ui;
pub mod uncertainty;
