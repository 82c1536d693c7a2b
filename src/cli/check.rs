//! `inferplan check`: is a plan valid, and what looks like a slip.

use super::{Failure, plan_path};
use crate::base::safe_text::shown;
use crate::store::plan_file;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan check` takes.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The plan file (or a plan of the library, by name).
    #[arg(value_parser = plan_path)]
    plan: PathBuf,
}

/// `inferplan check`: valid, with what the plan holds and what looks like a
/// slip, or the first problem.
pub fn run(args: CheckArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let path = args.plan.as_path();
    let (plan, warnings) = plan_file::load_with_warnings(path)?;
    writeln!(
        out,
        "{}: valid plan \"{}\" ({} GPU tiers, {} models, {} overheads, {} scenarios)",
        shown(&path.display().to_string()),
        shown(&plan.name),
        plan.gpu_tiers.len(),
        plan.models.len(),
        plan.overheads.len(),
        plan.scenarios.len()
    )?;
    for w in warnings {
        writeln!(out, "warning: {}", shown(&w.to_string()))?;
    }
    Ok(())
}
