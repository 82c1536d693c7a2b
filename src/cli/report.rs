//! `inferplan report`: every scenario's costs, verdicts and break-evens, or
//! one scenario explained, with the sweep, timeline, tornado and Monte
//! Carlo run when asked for.

use super::{Failure, load_or_default, plan_path, say};
use crate::analysis::sensitivity::{SWING, Swing};
use crate::analysis::uncertainty::Shape;
use crate::base::money::Estimate;
use crate::engine::evaluate;
use crate::output::report::{self, Format};
use crate::plan::Plan;
use crate::store::saved_results;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan report` prints.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The plan file (or a plan of the library, by name); the built-in plan when omitted.
    #[arg(value_parser = plan_path)]
    plan: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Which end of each range to show; the plan's setting when omitted.
    #[arg(long, short, value_enum)]
    estimate: Option<Estimate>,
    /// Also save the results beside the plan, as `<plan file>.results.json`,
    /// so a later `compare` can tell an engine change from an input change.
    #[arg(long)]
    save_results: bool,
    /// Explain one scenario instead: the replica arithmetic, each side's
    /// cost per million tokens, the verdict and its margin, the
    /// break-even, every input (table or Markdown).
    #[arg(long, value_name = "NAME", conflicts_with = "save_results")]
    scenario: Option<String>,
    /// Add both sides at 1M, 3M, 10M … 10B tokens a day, with the replicas.
    #[arg(long)]
    sweep: bool,
    /// Add each scenario month by month as it grows: volume, replicas,
    /// both sides and their running totals.
    #[arg(long)]
    timeline: bool,
    /// Months the timeline covers; the plan's `horizon_months` (24 unless
    /// it says) when omitted.
    #[arg(long, value_name = "N", requires = "timeline", value_parser = super::numbers::months)]
    months: Option<u32>,
    /// A one-off cost of moving to self-hosting, in the timeline's totals;
    /// the plan's `migration` (0 unless it says) when omitted.
    #[arg(
        long,
        value_name = "AMOUNT",
        requires = "timeline",
        value_parser = super::numbers::money
    )]
    migration: Option<f64>,
    /// Add, per scenario, each input swung down and up (a tornado), ranked
    /// by how far it moves the difference between the sides.
    #[arg(long)]
    sensitivity: bool,
    /// The swing, percent; or `ends`: inputs given as ranges (a replica's
    /// cost, the overheads) to their own low and high ends, the rest ±25 %.
    #[arg(
        long,
        value_name = "PCT|ends",
        default_value = "25",
        value_parser = swing_arg,
        requires = "sensitivity"
    )]
    swing: Swing,
    /// Add, per scenario, a seeded Monte Carlo run over the plan's ranges:
    /// the chance self-hosting is cheaper, each side's p5/p50/p95.
    #[arg(long)]
    uncertainty: bool,
    /// Draws of the Monte Carlo run.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10_000,
        requires = "uncertainty",
        value_parser = super::numbers::draws
    )]
    draws: u32,
    /// Its seed: the same seed, the same figures.
    #[arg(long, value_name = "S", default_value_t = 42, requires = "uncertainty")]
    seed: u64,
    /// Read every range as triangular, most likely PCT % of the way from
    /// its low end to its high (50 when no value is given); uniform without.
    #[arg(
        long,
        value_name = "PCT",
        num_args = 0..=1,
        default_missing_value = "50",
        requires = "uncertainty",
        value_parser = super::numbers::percent
    )]
    triangular: Option<f64>,
}

/// `inferplan report`: the report (or one scenario explained), and the
/// results saved beside the plan.
pub fn run(args: ReportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let ReportArgs {
        plan: path,
        format,
        estimate,
        save_results,
        scenario,
        sweep,
        timeline,
        months,
        migration,
        sensitivity,
        swing,
        uncertainty,
        draws,
        seed,
        triangular,
    } = args;
    let plan = load_or_default(path.as_deref())?;
    let extras = report::Extras {
        sweep,
        timeline: timeline.then_some((
            months.unwrap_or(plan.settings.horizon_months),
            migration.unwrap_or(plan.settings.migration),
        )),
        sensitivity: sensitivity.then_some(swing),
        uncertainty: uncertainty.then_some(crate::analysis::uncertainty::Draws {
            count: draws,
            seed,
            shape: triangular.map_or(Shape::Uniform, |pct| Shape::Triangular(pct / 100.0)),
        }),
    };
    if format == Format::Csv && !extras.is_empty() {
        return Err(Failure::Refused(
            "--sweep, --timeline, --sensitivity and --uncertainty add tables: use --format table, markdown or json".into(),
        ));
    }
    let path = path.as_deref();
    if save_results && path.is_none() {
        return Err(Failure::Refused(
            "--save-results needs a plan file: the built-in plan has no file to save beside (write one with `inferplan new PATH`)".to_string(),
        ));
    }
    let estimate = estimate.unwrap_or(plan.settings.estimate);
    let mut results = evaluate(&plan, estimate);
    results.today = Some(crate::base::date::Date::today());
    if let Some(name) = scenario {
        return explain(&plan, &results, &name, format, out);
    }
    report::write_with(&plan, &results, format, extras, out)?;
    if let (true, Some(path)) = (save_results, path) {
        let saved = saved_results::save(path, &plan, estimate)?;
        // stderr: stdout may be JSON piped into a script.
        say(&format!("saved the results to {}", saved.display()));
    }
    Ok(())
}

/// `report --scenario NAME`: why that scenario's figures came out so.
fn explain(
    plan: &Plan,
    results: &crate::engine::Results,
    name: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let row = super::scenario_row(plan, name)?;
    let markup = match format {
        Format::Table => report::Markup::Text,
        Format::Markdown => report::Markup::Markdown,
        Format::Csv | Format::Json => {
            return Err(Failure::Refused(
                "--scenario explains in words: use --format table or markdown".to_string(),
            ));
        }
    };
    Ok(out.write_all(report::explanation(plan, results, row, markup).as_bytes())?)
}

/// `--swing`: a percent (below 100), or `ends`.
pub(super) fn swing_arg(text: &str) -> Result<Swing, String> {
    if text.trim().eq_ignore_ascii_case("ends") {
        return Ok(Swing {
            share: SWING,
            range_ends: true,
        });
    }
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(pct) if (0.0..100.0).contains(&pct) => Ok(Swing::by(pct / 100.0)),
        _ => Err(format!(
            "expected a percent from 0 to below 100, or `ends`, not {text:?}"
        )),
    }
}
