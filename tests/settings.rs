//! The plan's name and settings, edited in the planner's settings popup
//! (`p`): typed and picked like cells, refused with a reason, undone one
//! change at a time, and saved with the plan.

mod common;

use common::keys;
use inferplan::base::money::Estimate;
use inferplan::plan::{DEFAULT_PLAN_TOML, Deployment};
use inferplan::store::plan_file::{default_plan, load};
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::popups::settings::Settings;
use inferplan::tui::app::{Action, App, Mode};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

fn planner() -> App {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(120, 40));
    app
}

#[test]
fn the_settings_popup_at_two_sizes() {
    let mut app = planner();
    keys(&mut app, "p");
    assert!(matches!(
        app.mode,
        Mode::Popup(Popup::Settings(Settings { field: 0 }))
    ));
    insta::assert_snapshot!("popup_120x40", render_to_text(&app, 120, 40));
    insta::assert_snapshot!("popup_80x24", render_to_text(&app, 80, 24));
    // Editing a field: its value selected, typing replaces it.
    keys(&mut app, "j<Enter>");
    insta::assert_snapshot!("editing_80x24", render_to_text(&app, 80, 24));
}

#[test]
fn days_per_month_typed_moves_every_figure_and_undoes_in_one_step() {
    let mut app = planner();
    assert_eq!(app.results.scenarios[0].api.low, 7.5);
    // 1M tokens/day × 30.4 days × 0.25/M = 7.60.
    keys(&mut app, "pj<Enter>30.4<Enter>");
    assert_eq!(app.plan.settings.days_per_month, 30.4);
    assert!((app.results.scenarios[0].api.low - 7.6).abs() < 1e-9);
    assert!(
        matches!(
            app.mode,
            Mode::Popup(Popup::Settings(Settings { field: 1 }))
        ),
        "back in the popup"
    );
    keys(&mut app, "<Esc>u");
    assert_eq!(app.plan.settings.days_per_month, 30.0);
    assert_eq!(app.results.scenarios[0].api.low, 7.5);
    assert!(!app.is_modified());
}

#[test]
fn a_value_out_of_range_is_refused_with_what_is_accepted() {
    let mut app = planner();
    keys(&mut app, "pj<Enter>45<Enter>");
    assert_eq!(app.plan.settings.days_per_month, 30.0);
    let Mode::Editing(editor) = &app.mode else {
        panic!("still editing: {:?}", app.mode)
    };
    let refused = editor.error.as_deref().unwrap_or_default();
    assert!(
        refused.contains("expected a number from 1 to 31"),
        "{refused}"
    );
    assert!(render_to_text(&app, 120, 40).contains("45 is not a number of days in a month"));
    keys(&mut app, "<Esc>");
    assert!(
        matches!(
            app.mode,
            Mode::Popup(Popup::Settings(Settings { field: 1 }))
        ),
        "Esc leaves the field, not the popup"
    );
}

#[test]
fn name_output_share_and_picked_settings() {
    let mut app = planner();
    keys(&mut app, "p<Enter>Q3 prices<Enter>");
    keys(&mut app, "jj<Enter>25%<Enter>");
    // Deployment: on-prem; estimate: high; verdicts: with overheads.
    keys(
        &mut app,
        "j<Enter>j<Enter>j<Enter>jjj<Enter>j<Enter>j<Enter><Esc>",
    );
    let s = &app.plan.settings;
    assert_eq!(app.plan.name, "Q3 prices");
    assert_eq!(s.output_share, 0.25);
    assert_eq!(s.deployment, Deployment::OnPrem);
    assert_eq!(s.estimate, Estimate::High);
    assert!(s.include_overheads);
    assert_eq!(app.results.estimate, Estimate::High);
    assert!(render_to_text(&app, 120, 40).starts_with(" Q3 prices"));
    // Six changes, six undo steps.
    keys(&mut app, "uuuuuu");
    assert_eq!(app.plan, default_plan());
}

#[test]
fn settings_are_saved_with_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, DEFAULT_PLAN_TOML).unwrap();
    let mut app = inferplan::tui::terminal::app_on_file(path.clone()).unwrap();
    keys(&mut app, "pj<Enter>30.4<Enter><Esc><C-s>");
    let plan = load(&path).unwrap();
    assert_eq!(plan.settings.days_per_month, 30.4);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("days_per_month = 30.4"), "{text}");
}
