//! What the recovery copy must hold (`App::recovery_due`): unsaved changes,
//! and text typed into a cell even when it is the only change.

mod common;

use common::keys;
use inferplan::store::plan_file::default_plan;
use inferplan::tui::app::App;
use inferplan::tui::app::recovery::Due;
use std::path::PathBuf;

fn on_a_file() -> App {
    App::on_file(
        default_plan(),
        PathBuf::from("/nonexistent/inferplan-test/plan.toml"),
        42,
    )
}

/// Writes nothing: takes what the copy would hold, as the terminal would
/// after writing it.
fn written(app: &mut App) -> Option<(inferplan::plan::Plan, Option<String>)> {
    let (plan, typed, state) = match app.recovery_due() {
        Due::Write { plan, typed, state } => ((**plan).clone(), typed, state),
        _ => return None,
    };
    app.recovery_written(PathBuf::from("/nonexistent/copy.toml"), state);
    Some((plan, typed))
}

#[test]
fn a_value_typed_into_a_cell_is_kept_when_it_is_the_only_change() {
    let mut app = on_a_file();
    assert!(written(&mut app).is_none(), "nothing to keep at first");
    // B's volume, typed but not entered.
    keys(&mut app, "jl<Enter><C-u>12M");
    assert!(!app.is_modified());
    let (plan, typed) = written(&mut app).expect("the typed value is kept");
    assert_eq!(plan.scenarios[1].tokens_per_day, 12_000_000);
    assert_eq!(typed, None, "a value the cell takes is kept entered");
    assert!(written(&mut app).is_none(), "kept once");

    // Typed again: still a value the cell takes, and the copy follows it.
    keys(&mut app, "<C-u>120M");
    let (plan, _) = written(&mut app).expect("the copy follows the typing");
    assert_eq!(plan.scenarios[1].tokens_per_day, 120_000_000);

    // Text the cell does not take is kept as text.
    keys(&mut app, "x");
    let (plan, typed) = written(&mut app).expect("kept as text");
    assert_eq!(plan, default_plan());
    assert_eq!(typed.as_deref(), Some("120Mx"));

    // Esc: nothing is left to keep, and the copy goes.
    keys(&mut app, "<Esc>");
    assert!(matches!(app.recovery_due(), Due::Forget));
}

#[test]
fn opening_a_cell_and_leaving_its_value_keeps_nothing() {
    let mut app = on_a_file();
    keys(&mut app, "jl<Enter>");
    assert!(written(&mut app).is_none(), "the cell's own value");
    keys(&mut app, "<C-u>");
    assert!(written(&mut app).is_none(), "an emptied cell is not work");
}
