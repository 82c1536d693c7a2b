//! inferplan: pay a hosted LLM API per token, or rent/own GPUs and serve the
//! model yourself? A pure cost engine, a TOML plan file, headless reports and
//! a terminal planner, all over the same functions.
//!
//! The modules are layers, each using only those above it in this list
//! (ARCHITECTURE.md has the table, and `tests/architecture.rs` holds it):

pub mod analysis;
pub mod base;
pub mod capacity;
pub mod cli;
pub mod columns;
pub mod compare;
pub mod engine;
pub mod import;
pub mod output;
pub mod plan;
pub mod store;
pub mod text;
pub mod tui;
