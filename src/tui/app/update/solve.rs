//! Goal seek in the planner: `=` on the Scenarios tab lists, for the
//! selected scenario, the value of each input at which the two sides cost
//! the same; Enter sets the chosen one (the cheap end's value), one undo step.

use super::{commit, error, info};
use crate::analysis::input::ScenarioInput;
use crate::analysis::solve::{inputs, set, solve};
use crate::tui::app::history::Change;
use crate::tui::app::{App, Mode, PickFor, Picker, Tab};

/// `=`: the answers for the selected scenario.
pub(super) fn start(app: &mut App) {
    if app.tab != Tab::Scenarios {
        return error(
            app,
            "goal seek works on a scenario: select one on the Scenarios tab (1), then press =",
        );
    }
    let row = app.cursor().row;
    let mut options = Vec::new();
    for input in inputs(&app.plan, &app.results, row) {
        match solve(&app.plan, &app.results, row, &input) {
            Ok(answer) => options.push((input.key().into_owned(), answer.brief())),
            Err(message) => return error(app, message),
        }
    }
    if options.is_empty() {
        return error(app, "no scenario selected");
    }
    app.mode = Mode::picking(Picker {
        options,
        selected: 0,
        purpose: PickFor::Solve,
    });
}

/// Sets the input the picker's `key` names, of the selected scenario, to
/// its answer.
pub(in crate::tui::app) fn apply(app: &mut App, key: &str) -> Result<(), String> {
    let row = app.cursor_of(Tab::Scenarios).row;
    let input = ScenarioInput::parse(key)?;
    let answer = solve(&app.plan, &app.results, row, &input)?;
    let value = answer
        .value
        .0
        .or(answer.value.1)
        .ok_or_else(|| format!("{input}: no such value — {}", answer.reason))?;
    let mut after = app.plan.clone();
    set(&mut after, &app.results, row, &input, value)?;
    commit(
        app,
        Change::Replace {
            before: Box::new(app.plan.clone()),
            after: Box::new(after),
            what: format!("goal seek of {input}"),
        },
    )?;
    let shown = answer.shown(value);
    info(
        app,
        format!("{input} set to {shown}: the sides meet there (u undoes)"),
    );
    Ok(())
}
