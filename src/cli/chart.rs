//! `inferplan chart`: one scenario's cost curve, tornado or growth timeline
//! as an SVG for a design doc.

use super::{Failure, load_or_default, say, scenario_row};
use crate::base::date::Date;
use crate::engine::evaluate;
use crate::output::charts::{Kind, Options, svg};
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan chart` takes.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// The plan file (or a plan of the library, by name); the built-in plan when omitted.
    #[arg(value_parser = super::plan_path)]
    pub plan: Option<PathBuf>,
    /// The scenario, by name.
    #[arg(long, value_name = "NAME")]
    scenario: String,
    /// cost: monthly cost by volume (log–log); tornado: what moves the
    /// difference most; timeline: cumulative cost as the volume grows;
    /// day: the replicas and the API's bill hour by hour.
    #[arg(long, value_enum, default_value_t = Kind::Cost)]
    kind: Kind,
    /// The SVG file to write (atomically), or - for standard output.
    #[arg(long, short, value_name = "FILE.svg")]
    output: PathBuf,
    /// The tornado's swing, percent; or `ends`: inputs given as ranges to
    /// their own low and high ends, the rest ±25 %.
    #[arg(long, value_name = "PCT|ends", default_value = "25", value_parser = super::report::swing_arg)]
    swing: crate::analysis::sensitivity::Swing,
    /// Months the timeline covers; the plan's `horizon_months` when omitted.
    #[arg(long, value_name = "N", value_parser = super::numbers::months)]
    months: Option<u32>,
    /// A one-off cost of moving to self-hosting, in the timeline; the
    /// plan's `migration` when omitted.
    #[arg(long, value_name = "AMOUNT", value_parser = super::numbers::money)]
    migration: Option<f64>,
}

/// Draws the chart and writes it.
pub fn run(args: ChartArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let plan = load_or_default(args.plan.as_deref())?;
    let results = evaluate(&plan, plan.settings.estimate);
    let row = scenario_row(&plan, &args.scenario)?;
    let options = Options {
        swing: args.swing,
        months: args.months.unwrap_or(plan.settings.horizon_months),
        migration: args.migration.unwrap_or(plan.settings.migration),
    };
    let date = Date::today().to_string();
    let doc = svg(&plan, &results, row, args.kind, options, &date).map_err(Failure::Refused)?;
    if args.output.as_os_str() == "-" {
        return Ok(out.write_all(doc.as_bytes())?);
    }
    let written = crate::base::atomic::write_atomic(&args.output, &doc)?;
    for note in written.notes {
        say(&note);
    }
    writeln!(out, "wrote {}", args.output.display())?;
    Ok(())
}
