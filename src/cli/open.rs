//! `inferplan open` (and a bare `inferplan` on a terminal): the planner.

use super::{Failure, plan_path, refused, say};
use crate::tui::terminal::Ended;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan open` takes.
#[derive(Debug, Default, clap::Args)]
pub struct OpenArgs {
    /// The plan file (or a plan of the library, by name).
    #[arg(value_parser = plan_path)]
    plan: Option<PathBuf>,
}

/// Runs the planner until the user quits or it is stopped.
pub fn run(args: OpenArgs, _out: &mut dyn Write) -> Result<(), Failure> {
    let app = crate::tui::terminal::start(args.plan)?;
    match crate::tui::terminal::run(app).map_err(refused)? {
        Ended::Quit => {}
        Ended::Stopped { by, rescued } => {
            let kept = rescued.map_or(String::new(), |p| {
                format!("; unsaved changes are in {}", p.display())
            });
            say(&format!("stopped by {by}{kept}"));
        }
    }
    Ok(())
}
