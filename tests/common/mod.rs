//! Running the real binary, shared by the command-line tests.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;
use std::process::{Command, Output};

/// Runs `inferplan` with `args`, colour off, in `dir` when given, with the
/// data folder at `data` when given (never the real home folder's).
pub fn run(args: &[&str], dir: Option<&Path>, data: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inferplan"));
    command.args(args).env("NO_COLOR", "1");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    if let Some(data) = data {
        command.env("INFERPLAN_DATA_DIR", data);
    }
    command.output().expect("the binary runs")
}

/// What it printed to stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What it printed to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
