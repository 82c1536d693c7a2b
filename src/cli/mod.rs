//! The command line: headless subcommands for scripts, CI and pull requests.

mod chart;
mod import;
mod solve;

use crate::analysis::sensitivity::{SWING, Swing};
use crate::analysis::uncertainty::Shape;
use crate::base::atomic;
use crate::base::money::Estimate;
use crate::base::safe_text::{self, SafeWriter, shown};
use crate::compare::{self, SavedNote, Side};
use crate::engine::evaluate;
use crate::output::compare::CompareFormat;
use crate::output::report::{self, Format, TextTable};
use crate::plan::{self, Plan, PlanError};
use crate::store::library;
use crate::store::plan_file;
use crate::store::saved_results;
use crate::tui::tab::Tab;
use crate::tui::terminal::Ended;
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
    Report(ReportArgs),
    /// Bring real data into a plan: API prices from price catalogs (LiteLLM,
    /// OpenRouter, models.dev, genai-prices, CSV), GPU prices from cloud
    /// tables, capacity from `vllm bench serve` runs. Prints what changed
    /// (old → new), what was added, skipped and flagged.
    Import(import::ImportArgs),
    /// The value of one input of a scenario at which self-hosting costs what
    /// the API does (on the plan's verdict basis), solved exactly.
    Solve(solve::SolveArgs),
    /// Draw one scenario's cost curve, tornado or growth timeline as an SVG
    /// for a design doc: axes, labels, legend, the plan's name and the date,
    /// the same figures as the planner and the reports.
    Chart(chart::ChartArgs),
    /// Compare two plans: verdicts that flipped, figures that moved, inputs that changed.
    ///
    /// Exits 0 whether or not they differ (3 with --fail-on-flip when a verdict flipped).
    Compare {
        /// The plan to compare against (e.g. last quarter's).
        old: PathBuf,
        /// The plan to compare.
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
        #[arg(long, value_name = "PCT")]
        fail_above: Option<f64>,
    },
    /// List the plans in the plan library (the user's data folder).
    List,
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
        /// The tab to draw.
        #[arg(long, value_enum, default_value_t = Tab::Scenarios)]
        tab: Tab,
        /// Terminal size as WIDTHxHEIGHT.
        #[arg(long, default_value = "120x40", value_parser = parse_size)]
        size: (u16, u16),
        /// The plan file; the built-in plan when omitted.
        plan: Option<PathBuf>,
        /// A plan to compare it with, as the Compare tab shows it (the
        /// Compare tab is drawn unless --tab says otherwise).
        #[arg(long, value_name = "PLAN")]
        against: Option<PathBuf>,
    },
    /// Print a completion script for a shell (e.g. `inferplan completions bash
    /// > ~/.local/share/bash-completion/completions/inferplan`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `inferplan man | man -l -`).
    Man,
    /// Write the built-in plan to a new file, to edit from there.
    New {
        /// Where to write it.
        #[arg(required_unless_present = "library")]
        path: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// Write it into the plan library under this name instead (never
        /// replaces a plan: a taken name gets a numbered file).
        #[arg(long, value_name = "NAME", conflicts_with_all = ["path", "force"])]
        library: Option<String>,
    },
}

/// What `inferplan report` prints.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The plan file; the built-in plan when omitted.
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
    /// Months the timeline covers.
    #[arg(long, value_name = "N", default_value_t = 24, requires = "timeline")]
    months: u32,
    /// A one-off cost of moving to self-hosting, in the timeline's totals.
    #[arg(
        long,
        value_name = "AMOUNT",
        default_value_t = 0.0,
        requires = "timeline"
    )]
    migration: f64,
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
        requires = "uncertainty"
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
        requires = "uncertainty"
    )]
    triangular: Option<f64>,
}

impl ReportArgs {
    /// `inferplan report` with no arguments.
    fn of_the_built_in_plan() -> Self {
        Self {
            plan: None,
            format: Format::Table,
            estimate: None,
            save_results: false,
            scenario: None,
            sweep: false,
            timeline: false,
            months: 24,
            migration: 0.0,
            sensitivity: false,
            swing: Swing::by(SWING),
            uncertainty: false,
            draws: 10_000,
            seed: 42,
            triangular: None,
        }
    }
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
    // A bare `inferplan` opens the planner; piped, it prints the report.
    let command = cli.command.unwrap_or(if io::stdout().is_terminal() {
        Command::Open { plan: None }
    } else {
        Command::Report(ReportArgs::of_the_built_in_plan())
    });
    match with_plans_found(command) {
        Command::Open { plan } => {
            let app = crate::tui::terminal::start(plan)?;
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
        Command::Render {
            tab,
            size,
            plan,
            against,
        } => {
            let mut app = crate::tui::app::App::new(load_or_default(plan.as_deref())?, plan);
            if let Some(other) = against {
                crate::tui::app::compare_against(&mut app, other).map_err(Failure::Refused)?;
            }
            // Comparing draws the Compare tab, unless another was asked for.
            if app.compare.is_none() || tab != Tab::Scenarios {
                app.tab = tab;
            }
            Ok(out
                .write_all(crate::tui::terminal::render_to_text(&app, size.0, size.1).as_bytes())?)
        }
        Command::Report(args) => report(args, out),
        Command::Solve(args) => solve::run(args, out),
        Command::Import(args) => import::run(args, out),
        Command::Chart(args) => chart::run(args, out),
        Command::Compare {
            old,
            new,
            format,
            estimate,
            fail_on_flip,
            fail_above,
        } => {
            let gates = Gates {
                fail_on_flip,
                fail_above,
            };
            compare_command(&old, &new, format, estimate, gates, out)
        }
        Command::List => list_library(out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "inferplan", out);
            Ok(())
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            Ok(clap_mangen::Man::new(command).render(out)?)
        }
        Command::Check { plan } => check(&plan, out),
        Command::New {
            path,
            force,
            library,
        } => new(path, force, library, out),
    }
}

/// The command with each plan argument resolved (see `found`).
fn with_plans_found(command: Command) -> Command {
    let find = |p: Option<PathBuf>| p.map(|p| found(&p));
    match command {
        Command::Open { plan } => Command::Open { plan: find(plan) },
        Command::Report(args) => Command::Report(ReportArgs {
            plan: find(args.plan),
            ..args
        }),
        Command::Compare {
            old,
            new,
            format,
            estimate,
            fail_on_flip,
            fail_above,
        } => Command::Compare {
            old: found(&old),
            new: found(&new),
            format,
            estimate,
            fail_on_flip,
            fail_above,
        },
        Command::Check { plan } => Command::Check { plan: found(&plan) },
        Command::Solve(mut args) => {
            args.plan = find(args.plan);
            Command::Solve(args)
        }
        Command::Import(mut args) => {
            args.into = find(args.into);
            Command::Import(args)
        }
        Command::Chart(mut args) => {
            args.plan = find(args.plan);
            Command::Chart(args)
        }
        Command::Render {
            tab,
            size,
            plan,
            against,
        } => Command::Render {
            tab,
            size,
            plan: find(plan),
            against: find(against),
        },
        // No plan to find.
        other @ (Command::List
        | Command::Completions { .. }
        | Command::Man
        | Command::New { .. }) => other,
    }
}

/// `inferplan report`: the report (or one scenario explained), and the
/// results saved beside the plan.
fn report(args: ReportArgs, out: &mut dyn Write) -> Result<(), Failure> {
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
    let extras = report::Extras {
        sweep,
        timeline: timeline.then_some((months.clamp(1, 600), migration.max(0.0))),
        sensitivity: sensitivity.then_some(swing),
        uncertainty: uncertainty.then_some(crate::analysis::uncertainty::Draws {
            count: draws.clamp(1, 10_000_000),
            seed,
            shape: triangular.map_or(Shape::Uniform, |pct| {
                Shape::Triangular((pct / 100.0).clamp(0.0, 1.0))
            }),
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
    let plan = load_or_default(path)?;
    let estimate = estimate.unwrap_or(plan.settings.estimate);
    let mut results = evaluate(&plan, estimate);
    results.today = Some(crate::base::date::Date::today());
    if let Some(name) = scenario {
        return explain(&plan, &results, &name, format, out);
    }
    out.write_all(report::render_with(&plan, &results, format, extras).as_bytes())?;
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
    let Some(row) = plan.scenarios.iter().position(|s| s.name == name) else {
        let names: Vec<String> = plan
            .scenarios
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        return Err(Failure::Refused(format!(
            "no scenario \"{name}\" in \"{}\"; it has {}",
            plan.name,
            names.join(", ")
        )));
    };
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

/// `inferplan check`: valid, with what the plan holds and what looks like a
/// slip, or the first problem.
fn check(path: &Path, out: &mut dyn Write) -> Result<(), Failure> {
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

/// `inferplan new`: the built-in plan, to a file or into the library.
fn new(
    path: Option<PathBuf>,
    force: bool,
    library: Option<String>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match (path, library) {
        (_, Some(name)) => {
            let path = library::new_from_default(&name).map_err(refused)?;
            writeln!(
                out,
                "wrote the built-in plan to the library as \"{}\": {}",
                shown(name.trim()),
                path.display()
            )?;
        }
        (None, None) => {
            return Err(Failure::Refused(
                "give a PATH to write to, or --library NAME".to_string(),
            ));
        }
        (Some(path), None) => {
            if path.exists() && !force {
                return Err(Failure::Refused(format!(
                    "{} already exists; pass --force to replace it",
                    path.display()
                )));
            }
            atomic::write_atomic(&path, plan::DEFAULT_PLAN_TOML)?;
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
        Some(p) => plan_file::load(p),
        None => Ok(plan_file::default_plan()),
    }
}

/// The file a plan argument names: as typed, or a library plan of that
/// name; says on stderr which, when a bare name could mean either.
fn found(typed: &Path) -> PathBuf {
    let found = library::find_plan(typed);
    if let Some(note) = &found.note {
        say(note);
    }
    found.path
}

fn refused(e: impl std::fmt::Display) -> Failure {
    Failure::Refused(e.to_string())
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
    let (old, new) = (load(old_path)?, load(new_path)?);
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

/// The row of the scenario named `name`, or a refusal listing the names.
fn scenario_row(plan: &Plan, name: &str) -> Result<usize, Failure> {
    plan.scenarios
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = plan.scenarios.iter().map(|s| s.name.as_str()).collect();
            Failure::Refused(format!(
                "no scenario named \"{}\"; the plan has: {}",
                shown(name),
                shown(&names.join(", "))
            ))
        })
}

/// What fails `compare` for CI.
struct Gates {
    fail_on_flip: bool,
    fail_above: Option<f64>,
}

/// `inferplan compare`: the comparison, then exit 3 when a gate trips.
fn compare_command(
    old: &Path,
    new: &Path,
    format: CompareFormat,
    estimate: Option<Estimate>,
    gates: Gates,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let Gates {
        fail_on_flip,
        fail_above,
    } = gates;
    if fail_above.is_some_and(|p| !(p.is_finite() && p >= 0.0)) {
        return Err(Failure::Refused(
            "--fail-above takes a percentage from 0, like 10".into(),
        ));
    }
    let (flips, rose) = compare_files(old, new, format, estimate, fail_above, out)?;
    match (fail_on_flip && flips > 0, rose) {
        (true, _) => Err(Failure::Flipped(flips)),
        (false, rose) if rose > 0 => Err(Failure::Rose(rose, fail_above.unwrap_or_default())),
        _ => Ok(()),
    }
}

/// Names the side by its file as the user typed it, and checks its saved results.
fn annotate(side: &mut Side, path: &Path, plan: &Plan) {
    side.file = Some(path.display().to_string());
    side.saved = saved_results::check_beside(path, plan).map(|(file, check)| SavedNote {
        file: file.display().to_string(),
        check,
    });
}

/// `inferplan list`: the library's plans as a table, or where it is and that it is empty.
fn list_library(out: &mut dyn Write) -> Result<(), Failure> {
    let dir = library::plans_dir().map_err(refused)?;
    let entries = library::list_in(&dir).map_err(refused)?;
    if entries.is_empty() {
        writeln!(
            out,
            "The plan library is empty ({}).\nStart a plan from the built-in one with: inferplan new --library NAME",
            dir.display()
        )?;
        return Ok(());
    }
    writeln!(out, "Plans in {}", dir.display())?;
    let mut t = TextTable::new(&[
        ("File", false),
        ("Name", false),
        ("Modified", false),
        ("Summary", false),
    ]);
    for e in entries {
        let (name, summary) = match &e.plan {
            Ok(s) => (s.name.clone(), s.figure()),
            Err(err) => ("(cannot read)".to_string(), problem_in_file(err)),
        };
        t.push(vec![
            e.file_name,
            name,
            e.modified.unwrap_or_default(),
            summary,
        ]);
    }
    out.write_all(t.to_text().as_bytes())?;
    Ok(())
}

/// A plan error without its file name, for a row that already names the file.
fn problem_in_file(e: &PlanError) -> String {
    let mut s = String::new();
    if let Some(loc) = e.location {
        s.push_str(&format!("line {}, column {}: ", loc.line, loc.column));
    }
    if let Some(field) = &e.field {
        s.push_str(&format!("{field}: "));
    }
    s.push_str(&e.message);
    s
}
