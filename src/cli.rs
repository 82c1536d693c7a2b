//! The command line: headless subcommands for scripts, CI and pull requests.

use crate::engine::evaluate;
use crate::money::Estimate;
use crate::plan::{self, Plan, PlanError};
use crate::report::{self, Format};
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
    Report {
        /// The plan file; the built-in plan when omitted.
        plan: Option<PathBuf>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Which end of each range to show; the plan's setting when omitted.
        #[arg(long, short, value_enum)]
        estimate: Option<Estimate>,
    },
    /// Validate a plan file: exit 0 when valid, 1 with the problem when not.
    Check {
        /// The plan file.
        plan: PathBuf,
    },
    /// Open the interactive planner on a plan (the last one opened, else the built-in plan).
    Open {
        /// The plan file.
        plan: Option<PathBuf>,
    },
    /// Print one tab of the planner as plain text, drawn by the same code as the TUI.
    Render {
        /// The tab: scenarios, models, tiers or overheads.
        #[arg(long, default_value = "scenarios", value_parser = ["scenarios", "models", "tiers", "overheads"])]
        tab: String,
        /// Terminal size as WIDTHxHEIGHT.
        #[arg(long, default_value = "120x40", value_parser = parse_size)]
        size: (u16, u16),
        /// The plan file; the built-in plan when omitted.
        plan: Option<PathBuf>,
    },
    /// Write the built-in plan to a new file, to edit from there.
    New {
        /// Where to write it.
        path: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Parses the arguments, runs, and prints errors to stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`inferplan report | head`) is not an error of ours.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("inferplan: {e}");
            ExitCode::FAILURE
        }
    }
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
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Plan(e) => write!(f, "{e}"),
            Failure::Refused(m) => f.write_str(m),
            Failure::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl From<PlanError> for Failure {
    fn from(e: PlanError) -> Self {
        Failure::Plan(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Runs a parsed command line, writing results to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    // A bare `inferplan` opens the planner; piped, it prints the report.
    let command = cli.command.unwrap_or(if io::stdout().is_terminal() {
        Command::Open { plan: None }
    } else {
        Command::Report {
            plan: None,
            format: Format::Table,
            estimate: None,
        }
    });
    match command {
        Command::Open { plan } => {
            let app = crate::session::start(plan)?;
            crate::tui::run(app).map_err(|e| Failure::Refused(format!("terminal error: {e}")))?;
        }
        Command::Render { tab, size, plan } => {
            let plan_path = plan.clone();
            let plan = load_or_default(plan.as_deref())?;
            let mut app = crate::app::App::new(plan, plan_path);
            app.tab = crate::tui::tab_from_slug(&tab).unwrap_or(crate::app::Tab::Scenarios);
            out.write_all(crate::tui::render_to_text(&app, size.0, size.1).as_bytes())?;
        }
        Command::Report {
            plan,
            format,
            estimate,
        } => {
            let plan = load_or_default(plan.as_deref())?;
            let results = evaluate(&plan, estimate.unwrap_or(plan.settings.estimate));
            out.write_all(report::render(&plan, &results, format).as_bytes())?;
        }
        Command::Check { plan: path } => {
            let plan = plan::load(&path)?;
            writeln!(
                out,
                "{}: valid plan \"{}\" ({} GPU tiers, {} models, {} overheads, {} scenarios)",
                path.display(),
                plan.name,
                plan.gpu_tiers.len(),
                plan.models.len(),
                plan.overheads.len(),
                plan.scenarios.len()
            )?;
        }
        Command::New { path, force } => {
            if path.exists() && !force {
                return Err(Failure::Refused(format!(
                    "{} already exists; pass --force to replace it",
                    path.display()
                )));
            }
            plan::write_atomic(&path, plan::DEFAULT_PLAN_TOML)?;
            writeln!(out, "wrote the built-in plan to {}", path.display())?;
        }
    }
    Ok(())
}

/// `120x40` → (120, 40).
fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let refuse =
        || format!("\"{text}\" is not a size; expected WIDTHxHEIGHT like 120x40, each 1 to 1000");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(refuse)?;
    let w: u16 = w.trim().parse().map_err(|_| refuse())?;
    let h: u16 = h.trim().parse().map_err(|_| refuse())?;
    if !(1..=1000).contains(&w) || !(1..=1000).contains(&h) {
        return Err(refuse());
    }
    Ok((w, h))
}

/// The plan at `path`, or the built-in plan.
pub fn load_or_default(path: Option<&Path>) -> Result<Plan, PlanError> {
    match path {
        Some(p) => plan::load(p),
        None => Ok(plan::default_plan()),
    }
}
