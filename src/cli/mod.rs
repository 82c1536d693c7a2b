//! The command line: headless subcommands for scripts, CI and pull requests,
//! one file each; clap is used here and nowhere else (`words` offers the
//! library's enums by their words).

mod chart;
mod check;
mod compare;
mod completions;
mod estimate;
mod import;
mod import_usage;
mod list;
mod new;
mod numbers;
mod open;
mod render;
mod report;
mod schema;
mod solve;
mod words;

use crate::base::safe_text::{self, SafeWriter, shown};
use crate::plan::{Plan, PlanError};
use crate::store::{library, plan_file};
use clap::{Parser, Subcommand};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Pay a hosted LLM API per token, or rent/own GPUs and serve it yourself?
///
/// inferplan holds a plan (models with API prices, GPU tiers, overheads, usage
/// scenarios) and computes every monthly total, verdict and break-even volume.
/// With no subcommand it opens the interactive planner on the last plan opened
/// (or the built-in plan); when its output is not a terminal it prints the report.
#[derive(Debug, Parser)]
#[command(name = "inferplan", version, about, long_about)]
pub struct Cli {
    /// What to do; without one, the interactive planner.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every scenario's costs, verdict and break-even, and every model's break-even.
    Report(report::ReportArgs),
    /// Bring real data into a plan: API prices from price catalogs (LiteLLM,
    /// OpenRouter, models.dev, genai-prices, CSV), GPU prices from cloud
    /// tables, capacity from `vllm bench serve` runs. Prints what changed
    /// (old → new), what was added, skipped and flagged.
    Import(import::ImportArgs),
    /// The value of one input of a scenario at which self-hosting costs what
    /// the API does (on the plan's verdict basis), solved exactly.
    Solve(solve::SolveArgs),
    /// What one replica serves for a model on a GPU: memory fit, TTFT, TPOT
    /// and tokens a day, estimated from the model's architecture and the
    /// GPU's specifications and calibrated on measured runs, each with its
    /// error range; with p99 latency limits, the replicas that meet them.
    Estimate(estimate::EstimateArgs),
    /// Draw one scenario's cost curve, tornado or growth timeline as an SVG
    /// for a design doc: axes, labels, legend, the plan's name and the date,
    /// the same figures as the planner and the reports.
    Chart(chart::ChartArgs),
    /// Compare two plans: verdicts that flipped, figures that moved, inputs that changed.
    ///
    /// Exits 0 whether or not they differ (3 with --fail-on-flip when a verdict flipped).
    Compare(compare::CompareArgs),
    /// List the plans in the plan library (the user's data folder).
    List,
    /// Validate a plan file: exit 0 when valid, 1 with the problem when not.
    Check(check::CheckArgs),
    /// Open the interactive planner on a plan (the last one opened, else the built-in plan).
    Open(open::OpenArgs),
    /// Print one tab of the planner as plain text, drawn by the same code as the TUI.
    Render(render::RenderArgs),
    /// Print a completion script for a shell (e.g. `inferplan completions bash
    /// > ~/.local/share/bash-completion/completions/inferplan`).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff; e.g. `inferplan man | man -l -`).
    Man,
    /// Print the JSON Schema (draft 2020-12) of the plan file, which
    /// TOML-aware editors (taplo, Even Better TOML) validate and complete
    /// plan files with; `inferplan new` writes it beside a new plan.
    Schema(schema::SchemaArgs),
    /// Write the built-in plan to a new file, to edit from there.
    New(new::NewArgs),
}

/// Parses the arguments, runs, and prints errors to stderr.
///
/// Everything printed passes through `safe_text`: no control character from
/// a plan, a file name or an argument reaches the terminal as it is.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let mut out = SafeWriter(io::stdout().lock());
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`inferplan report | head`) is not an error of ours.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e @ (Failure::Flipped(_) | Failure::Rose(..))) => {
            say(&e);
            ExitCode::from(3)
        }
        Err(e) => {
            say(&e);
            ExitCode::FAILURE
        }
    }
}

/// A message on stderr, escaped like everything else printed.
pub fn say(message: &dyn std::fmt::Display) {
    eprintln!(
        "inferplan: {}",
        safe_text::for_terminal(&message.to_string())
    );
}

/// Help and version on stdout as clap prints them (exit 0); a usage error,
/// which may quote a bad argument, on stderr, escaped (exit 2).
fn usage(e: &clap::Error) -> ExitCode {
    if e.use_stderr() {
        eprint!("{}", safe_text::for_terminal(&e.to_string()));
    } else {
        let _ = e.print();
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// A plan could not be read, checked or written.
    Plan(PlanError),
    /// A refusal in the user's words.
    Refused(String),
    /// Writing to stdout failed.
    Io(io::Error),
    /// `compare --fail-on-flip` found this many flipped verdicts (exit code 3).
    Flipped(usize),
    /// `compare --fail-above PCT` found this many costs risen past PCT (exit code 3).
    Rose(usize, f64),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Plan(e) => write!(f, "{e}"),
            Failure::Refused(m) => f.write_str(m),
            Failure::Io(e) => write!(f, "cannot write the output: {e}"),
            Failure::Flipped(1) => f.write_str("1 verdict flipped (--fail-on-flip)"),
            Failure::Flipped(n) => write!(f, "{n} verdicts flipped (--fail-on-flip)"),
            Failure::Rose(n, pct) => write!(
                f,
                "{n} cost{} rose more than {} % (--fail-above)",
                if *n == 1 { "" } else { "s" },
                crate::text::format::trim_decimals(*pct, 2)
            ),
        }
    }
}

impl From<PlanError> for Failure {
    fn from(e: PlanError) -> Self {
        Failure::Plan(e)
    }
}

impl From<crate::base::atomic::WriteError> for Failure {
    fn from(e: crate::base::atomic::WriteError) -> Self {
        Failure::Plan(e.into())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Runs a parsed command line, writing results to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    // A bare `inferplan` opens the planner; piped, it prints the report, as
    // `inferplan report` would (clap's own defaults).
    let command = match cli.command {
        Some(command) => command,
        None if io::stdout().is_terminal() => Command::Open(open::OpenArgs::default()),
        None => match Cli::try_parse_from(["inferplan", "report"]) {
            Ok(Cli {
                command: Some(command),
            }) => command,
            _ => {
                return Err(Failure::Refused(
                    "the report's defaults did not parse".into(),
                ));
            }
        },
    };
    match command {
        Command::Open(args) => open::run(args, out),
        Command::Render(args) => render::run(args, out),
        Command::Report(args) => report::run(args, out),
        Command::Solve(args) => solve::run(args, out),
        Command::Estimate(args) => estimate::run(args, out),
        Command::Import(args) => import::run(args, out),
        Command::Chart(args) => chart::run(args, out),
        Command::Compare(args) => compare::run(args, out),
        Command::List => list::run(out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man => completions::man(out),
        Command::Schema(args) => schema::run(args, out),
        Command::Check(args) => check::run(args, out),
        Command::New(args) => new::run(args, out),
    }
}

/// The plan at `path`, or the built-in plan.
pub fn load_or_default(path: Option<&Path>) -> Result<Plan, PlanError> {
    match path {
        Some(p) => plan_file::load(p),
        None => Ok(plan_file::default_plan()),
    }
}

/// A plan argument as clap parses it: the file as typed, or a library plan
/// of that name; says on stderr which, when a bare name could mean either.
fn plan_path(typed: &str) -> Result<PathBuf, String> {
    let found = library::find_plan(Path::new(typed));
    if let Some(note) = &found.note {
        say(note);
    }
    Ok(found.path)
}

fn refused(e: impl std::fmt::Display) -> Failure {
    Failure::Refused(e.to_string())
}

/// The row of the scenario named `name` (the case need not match when only
/// one scenario is spelt so), or a refusal naming the likeliest one and
/// listing them all.
fn scenario_row(plan: &Plan, name: &str) -> Result<usize, Failure> {
    let names = || plan.scenarios.iter().map(|s| s.name.as_str());
    if let Some(row) = names().position(|s| s == name) {
        return Ok(row);
    }
    let folded = name.to_lowercase();
    let alike: Vec<usize> = names()
        .enumerate()
        .filter(|(_, s)| s.to_lowercase() == folded)
        .map(|(i, _)| i)
        .collect();
    if let [row] = alike[..] {
        return Ok(row);
    }
    let likely = names().find(|s| {
        let s = s.to_lowercase();
        !folded.is_empty() && (s.contains(&folded) || folded.contains(&s))
    });
    let list: Vec<String> = names().map(|s| format!("\"{}\"", shown(s))).collect();
    Err(Failure::Refused(format!(
        "no scenario named \"{}\" in \"{}\"{}; it has {}",
        shown(name),
        shown(&plan.name),
        likely.map_or(String::new(), |s| format!(
            " (did you mean \"{}\"?)",
            shown(s)
        )),
        list.join(", ")
    )))
}
