//! `inferplan import usage FILE…`: traffic a team already has, fitted into
//! a scenario: what was fitted first, then what the scenario became.

use super::Failure;
use super::import::ImportArgs;
use crate::import::usage::{self, ColumnMap, FitOptions, ReadOptions, Window};
use std::io::{BufReader, Write};
use std::path::Path;

/// Fits each file and writes its scenario; the plan is written once, after
/// every file has fitted (nothing is written if one fails).
pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let refused = |e: String| Failure::Refused(e);
    let read = ReadOptions {
        format: usage::Format::parse(&args.usage_format).map_err(refused)?,
        columns: match &args.columns {
            Some(c) => Some(ColumnMap::parse(c).map_err(|e| refused(e.to_string()))?),
            None => None,
        },
    };
    let window = Window::parse(&args.peak_window).map_err(refused)?;
    let mut plan = super::import::base_plan(args)?;
    let mut text = String::new();
    for path in &args.files {
        let fitted = fit_file(path, &read, args.model.as_deref(), window)?;
        let applied =
            usage::apply(&plan, &fitted, args.scenario.as_deref()).map_err(Failure::Refused)?;
        if let Some(problem) = crate::engine::validate(&applied.plan).into_iter().next() {
            return Err(Failure::Refused(format!(
                "{}: the fitted scenario breaks a rule: {problem}",
                path.display()
            )));
        }
        text.push_str(&format!("Fitted from {}:\n", path.display()));
        for line in usage::describe(&fitted) {
            text.push_str(&format!("  {line}\n"));
        }
        let s = &applied.plan.scenarios[applied.row];
        text.push_str(&format!(
            "{} scenario {:?}:\n",
            if applied.added { "Added" } else { "Updated" },
            s.name
        ));
        for change in &applied.changes {
            text.push_str(&format!("  {change}\n"));
        }
        plan = applied.plan;
    }
    super::import::write_plan(args, &plan, &text, true, out)
}

/// Reads one file in a single pass (a trace streams; reports are read whole)
/// and fits it.
fn fit_file(
    path: &Path,
    read: &ReadOptions,
    model: Option<&str>,
    window: Window,
) -> Result<usage::Fitted, Failure> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| Failure::Refused(format!("cannot read {name}: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(Failure::Refused(format!("{name} is not a regular file")));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let data = usage::read_trace(&name, BufReader::with_capacity(1 << 20, file), read)
        .map_err(|e| Failure::Refused(e.to_string()))?;
    usage::fit(&data, &FitOptions { model, window }).map_err(|e| Failure::Refused(e.to_string()))
}
