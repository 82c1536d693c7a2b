//! `inferplan solve`: one input of one scenario solved where the sides meet.

use super::{Failure, load_or_default, scenario_row};
use crate::analysis::input::ScenarioInput;
use crate::engine::evaluate;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan solve` takes.
#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// The plan file (or a plan of the library, by name); the built-in plan when omitted.
    #[arg(value_parser = super::plan_path)]
    pub plan: Option<PathBuf>,
    /// The scenario, by name.
    #[arg(long, value_name = "NAME")]
    scenario: String,
    /// The input: output_per_mtok, input_per_mtok, api_discount, tokens_per_day,
    /// cloud_monthly, on_prem_monthly, target_utilization,
    /// peak_to_average, capacity (a replica's tokens a day), or
    /// overhead:NAME (one overhead's monthly figure).
    #[arg(long = "for", value_name = "FIELD", value_parser = clap::value_parser!(ScenarioInput))]
    input: ScenarioInput,
    /// text or json.
    #[arg(long, short, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// Solves and prints the answer.
pub fn run(args: SolveArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let plan = load_or_default(args.plan.as_deref())?;
    let results = evaluate(&plan, plan.settings.estimate);
    let row = scenario_row(&plan, &args.scenario)?;
    let answer = crate::analysis::solve::solve(&plan, &results, row, &args.input)
        .map_err(Failure::Refused)?;
    match args.format.as_str() {
        "json" => out.write_all(answer.json().as_bytes())?,
        _ => writeln!(out, "{}", answer.text())?,
    }
    Ok(())
}
