//! `inferplan render`: one tab of the planner as plain text, drawn by the
//! same code as the terminal.

use super::{Failure, load_or_default, plan_path};
use crate::tui::tab::Tab;
use std::io::Write;
use std::path::PathBuf;

/// What `inferplan render` takes.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The tab to draw.
    #[arg(long, value_enum, default_value_t = Tab::Scenarios)]
    tab: Tab,
    /// Terminal size as WIDTHxHEIGHT.
    #[arg(long, default_value = "120x40", value_parser = parse_size)]
    size: (u16, u16),
    /// The plan file (or a plan of the library, by name); the built-in plan when omitted.
    #[arg(value_parser = plan_path)]
    plan: Option<PathBuf>,
    /// A plan to compare it with, as the Compare tab shows it (the
    /// Compare tab is drawn unless --tab says otherwise).
    #[arg(long, value_name = "PLAN", value_parser = plan_path)]
    against: Option<PathBuf>,
}

/// Draws the tab at the size and prints it.
pub fn run(args: RenderArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let RenderArgs {
        tab,
        size,
        plan,
        against,
    } = args;
    let mut app = crate::tui::app::App::new(load_or_default(plan.as_deref())?, plan);
    app.results.today = Some(crate::base::date::Date::today());
    if let Some(other) = against {
        crate::tui::terminal::compare_against(&mut app, other).map_err(Failure::Refused)?;
    }
    // Comparing draws the Compare tab, unless another was asked for.
    if app.compare.is_none() || tab != Tab::Scenarios {
        app.tab = tab;
    }
    Ok(out.write_all(crate::tui::terminal::render_to_text(&app, size.0, size.1).as_bytes())?)
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
