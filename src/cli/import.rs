//! `inferplan import`: real data into a plan, its summary first.

use super::{Failure, say};
use crate::base::date::Date;
use crate::import::{self, Format, Input, Options, Pick};
use crate::store::plan_file;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan import` takes.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file format (`auto` tells each file's from its contents).
    #[arg(value_enum)]
    format: Format,
    /// The files: price catalogs (several are merged, one model across
    /// them all), GPU price tables, or benchmark runs.
    #[arg(required = true)]
    pub(super) files: Vec<PathBuf>,
    /// The plan to update, saved in place (atomically, comments kept).
    /// Without it the built-in plan is updated and printed as TOML on
    /// stdout, the summary on stderr.
    #[arg(long, value_name = "PLAN", value_parser = super::plan_path)]
    pub(super) into: Option<PathBuf>,
    /// Only models whose name holds PATTERN (`*` wildcards allowed;
    /// case-insensitive), e.g. `--only 'llama*70b'`.
    #[arg(long, value_name = "PATTERN")]
    only: Option<String>,
    /// Which seller's price a model takes: cheapest, median, or a seller
    /// (e.g. deepinfra). The spread of all of them is kept with the model.
    #[arg(
        long,
        default_value = "cheapest",
        value_name = "cheapest|median|PROVIDER"
    )]
    pick: String,
    /// Price catalogs: also take listings priced 0 for both input and
    /// output (free tiers, subscription plans), skipped otherwise; a model
    /// priced 0 is flagged in the summary either way.
    #[arg(long)]
    include_free: bool,
    /// Print the summary and write nothing.
    #[arg(long)]
    pub(super) dry_run: bool,
    /// The day the figures were true (YYYY-MM-DD); the file's date when omitted.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// GPU offers: take spot prices instead of on-demand.
    #[arg(long)]
    spot: bool,
    /// GPU offers: make tiers for GPU types and counts no tier has.
    #[arg(long)]
    new_tiers: bool,
    /// Benchmarks: the GPU tier the runs measured (else the tier of the
    /// plan's model the runs served).
    #[arg(long, value_name = "ID")]
    tier: Option<String>,
    /// Benchmarks: the highest p99 end-to-end latency a run may have, in ms.
    #[arg(long, value_name = "MS")]
    p99_e2el_ms: Option<f64>,
    /// Usage: the scenario to update (made if there is none); a new one
    /// named after the file when omitted.
    #[arg(long, value_name = "NAME")]
    pub(super) scenario: Option<String>,
    /// Usage: fit only this model's traffic; hf-config: the plan's model
    /// the config.json is for (else the one its name matches). Any case.
    #[arg(long, value_name = "NAME")]
    pub(super) model: Option<String>,
    /// Usage: auto, trace, openai, anthropic or litellm-spend.
    #[arg(long = "format", value_name = "FORMAT", default_value = "auto")]
    pub(super) usage_format: String,
    /// Usage: the window the peak is measured over: 1m, 5m, 15m or 1h.
    #[arg(long, value_name = "WINDOW", default_value = "1m")]
    pub(super) peak_window: String,
    /// Usage: a trace's columns, e.g. timestamp=T,input=I,output=O,cached=C,model=M.
    #[arg(long, value_name = "MAP")]
    pub(super) columns: Option<String>,
}

/// Reads, imports, and writes the plan only if the whole import succeeded.
pub fn run(args: ImportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    if args.format == Format::Usage {
        return super::import_usage::run(&args, out);
    }
    let inputs = args
        .files
        .iter()
        .map(|p| {
            crate::base::textfile::read(p)
                .map(|text| Input {
                    name: p.display().to_string(),
                    text,
                })
                .map_err(|e| Failure::Refused(format!("cannot read {}: {e}", p.display())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let options = options(&args)?;
    let base = base_plan(&args)?;
    // A config.json's path is kept in the plan, read from the plan file's
    // folder: written as the plan will find it.
    let inputs = match import::Format::sniff(&inputs[0].text) {
        Some(Format::HfConfig) if matches!(args.format, Format::HfConfig | Format::Auto) => inputs
            .into_iter()
            .zip(&args.files)
            .map(|(i, path)| Input {
                name: from_plan(path, args.into.as_deref()),
                ..i
            })
            .collect(),
        _ => inputs,
    };
    let outcome =
        import::import(args.format, &inputs, &base, &options).map_err(Failure::Refused)?;
    let summary = outcome.summary.text();
    write_plan(
        &args,
        &outcome.plan,
        &summary,
        outcome.summary.changes_anything(),
        out,
    )
}

/// `path` as a plan at `plan` reads it: relative to the plan's folder when
/// it lies within it, else absolute (as given where it cannot be resolved).
fn from_plan(path: &std::path::Path, plan: Option<&std::path::Path>) -> String {
    let Ok(file) = path.canonicalize() else {
        return path.display().to_string();
    };
    let folder = plan
        .and_then(|p| p.canonicalize().ok())
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok());
    match folder.as_deref().and_then(|f| file.strip_prefix(f).ok()) {
        Some(inside) => inside.display().to_string(),
        None => file.display().to_string(),
    }
}

/// The plan imported into: `--into`'s (which must exist), else the built-in.
pub(super) fn base_plan(args: &ImportArgs) -> Result<crate::plan::Plan, Failure> {
    Ok(match &args.into {
        Some(p) if !p.exists() => {
            return Err(Failure::Refused(format!(
                "{} does not exist; make it first with `inferplan new {}`",
                p.display(),
                p.display()
            )));
        }
        Some(p) => plan_file::load(p)?,
        None => plan_file::default_plan(),
    })
}

/// The summary, then the plan: saved into `--into` (when it changed), or
/// printed as TOML with the summary on stderr; with `--dry-run`, nothing.
pub(super) fn write_plan(
    args: &ImportArgs,
    plan: &crate::plan::Plan,
    summary: &str,
    changed: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match (&args.into, args.dry_run) {
        (_, true) => {
            out.write_all(summary.as_bytes())?;
            writeln!(out, "Dry run: nothing written.")?;
        }
        (Some(path), false) => {
            out.write_all(summary.as_bytes())?;
            if changed {
                let saved = plan_file::save(plan, path)?;
                for note in saved.notes {
                    say(&note);
                }
                writeln!(out, "Wrote {}.", path.display())?;
            } else {
                writeln!(out, "{} is unchanged.", path.display())?;
            }
        }
        (None, false) => {
            // The plan is the output; the summary goes where a pipe does not.
            say(&summary.trim_end());
            out.write_all(plan_file::to_toml(plan).as_bytes())?;
        }
    }
    Ok(())
}

fn options(args: &ImportArgs) -> Result<Options, Failure> {
    let today = Date::today();
    let mut o = Options::new(today);
    o.as_of = match &args.as_of {
        Some(d) => Date::parse(d).map_err(|e| Failure::Refused(format!("--as-of: {e}")))?,
        None => args
            .files
            .first()
            .and_then(|f| Date::of_file(f))
            .unwrap_or(today),
    };
    o.only = args.only.clone();
    o.pick = Pick::parse(&args.pick).map_err(Failure::Refused)?;
    o.include_free = args.include_free;
    o.spot = args.spot;
    o.new_tiers = args.new_tiers;
    o.tier = args.tier.clone();
    o.model = args.model.clone();
    o.p99_e2el_ms = match args.p99_e2el_ms {
        Some(ms) if !(ms.is_finite() && ms > 0.0) => {
            return Err(Failure::Refused(
                "--p99-e2el-ms must be a positive number of milliseconds".into(),
            ));
        }
        other => other,
    };
    Ok(o)
}
