//! `inferplan compare`: two plans side by side, with gates for CI.

use super::{Failure, plan_path, refused};
use crate::base::money::Estimate;
use crate::compare::{self, SavedNote, Side};
use crate::output::compare::CompareFormat;
use crate::plan::Plan;
use crate::store::{plan_file, saved_results};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `inferplan compare` takes.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The plan to compare against (e.g. last quarter's).
    #[arg(value_parser = plan_path)]
    old: PathBuf,
    /// The plan to compare.
    #[arg(value_parser = plan_path)]
    new: PathBuf,
    /// Output format; Markdown is made to paste into a pull request.
    #[arg(long, short, value_enum, default_value_t = CompareFormat::Table)]
    format: CompareFormat,
    /// Which end of each range to compare; the new plan's setting when omitted.
    #[arg(long, short, value_enum)]
    estimate: Option<Estimate>,
    /// Exit with code 3 when any verdict flipped, for CI.
    #[arg(long)]
    fail_on_flip: bool,
    /// Exit with code 3 when any scenario's API or self-host monthly
    /// cost (either end of its range) rose by more than PCT percent, for CI;
    /// the table and Markdown outputs list which.
    #[arg(long, value_name = "PCT", value_parser = super::numbers::rise)]
    fail_above: Option<f64>,
}

/// The comparison, then exit 3 when a gate trips.
pub fn run(args: CompareArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let CompareArgs {
        old,
        new,
        format,
        estimate,
        fail_on_flip,
        fail_above,
    } = args;
    if fail_above.is_some_and(|p| !(p.is_finite() && p >= 0.0)) {
        return Err(Failure::Refused(
            "--fail-above takes a percentage from 0, like 10".into(),
        ));
    }
    let (flips, rose) = compare_files(&old, &new, format, estimate, fail_above, out)?;
    match (fail_on_flip && flips > 0, rose) {
        (true, _) => Err(Failure::Flipped(flips)),
        (false, rose) if rose > 0 => Err(Failure::Rose(rose, fail_above.unwrap_or_default())),
        _ => Ok(()),
    }
}

/// Loads both plans, prints their comparison and returns how many verdicts flipped.
fn compare_files(
    old_path: &Path,
    new_path: &Path,
    format: CompareFormat,
    estimate: Option<Estimate>,
    fail_above: Option<f64>,
    out: &mut dyn Write,
) -> Result<(usize, usize), Failure> {
    let load = |p: &Path| plan_file::load(p).map_err(|e| refused(format!("cannot compare: {e}")));
    // Both files at once: reading a big plan is most of a comparison.
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| load(old_path));
        let new = load(new_path);
        (old.join(), new)
    });
    let old = old.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let new = new?;
    let mut diff = compare::compare(&old, &new, estimate.unwrap_or(new.settings.estimate));
    annotate(&mut diff.old, old_path, &old);
    annotate(&mut diff.new, new_path, &new);
    out.write_all(crate::output::compare::render(&diff, format).as_bytes())?;
    let rises = fail_above.map_or(Vec::new(), |pct| compare::rises(&diff, pct));
    if let (Some(pct), false) = (fail_above, rises.is_empty()) {
        // JSON stays one document; the other formats say which rose.
        let pct = crate::text::format::trim_decimals(pct, 2);
        match format {
            CompareFormat::Json => {}
            CompareFormat::Markdown => {
                writeln!(out, "\n### Costs that rose more than {pct} %\n")?;
                for r in &rises {
                    writeln!(out, "- {}", r.describe())?;
                }
            }
            CompareFormat::Table => {
                writeln!(out, "\nCosts that rose more than {pct} %:")?;
                for r in &rises {
                    writeln!(out, "  {}", r.describe())?;
                }
            }
        }
    }
    Ok((diff.flipped().len(), rises.len()))
}

/// Names the side by its file as the user typed it, and checks its saved results.
fn annotate(side: &mut Side, path: &Path, plan: &Plan) {
    side.file = Some(path.display().to_string());
    side.saved = saved_results::check_beside(path, plan).map(|(file, check)| SavedNote {
        file: file.display().to_string(),
        check,
    });
}
