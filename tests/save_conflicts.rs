//! Saving never silently overwrites someone else's change: when the plan's
//! file changed on disk since the planner opened or saved it, Ctrl-s asks:
//! overwrite, reload, save elsewhere, compare, or cancel.

mod common;

use common::keys;
use inferplan::plan::DEFAULT_PLAN_TOML;
use inferplan::store::plan_file;
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::popups::conflict::Conflict;
use inferplan::tui::app::popups::path::PathPrompt;
use inferplan::tui::app::{Action, App, Mode, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;
use std::path::{Path, PathBuf};

/// A plan file and a planner open on it, 120×40.
fn open_in(dir: &Path) -> (PathBuf, App) {
    let path = dir.join("plan.toml");
    std::fs::write(&path, DEFAULT_PLAN_TOML).unwrap();
    let mut app = inferplan::tui::terminal::app_on_file(path.clone()).unwrap();
    step(&mut app, Action::Resize(120, 40));
    (path, app)
}

/// Scenario B raised to 100M in the planner (not saved).
fn edit_b(app: &mut App) {
    keys(app, "1gjl<Enter><C-u>100M<Enter>");
    assert_eq!(app.plan.scenarios[1].tokens_per_day, 100_000_000);
}

/// Another program changes a price in the file.
fn someone_else_edits(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let edited = text.replacen("output_per_mtok = 0.25", "output_per_mtok = 0.3", 1);
    assert_ne!(text, edited);
    std::fs::write(path, edited).unwrap();
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_and_changes_nothing_yet() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open_in(dir.path());
    edit_b(&mut app);
    someone_else_edits(&path);
    let theirs = std::fs::read_to_string(&path).unwrap();

    keys(&mut app, "<C-s>");
    assert!(
        matches!(
            app.mode,
            Mode::Popup(Popup::Conflict(Conflict { then: None }))
        ),
        "{:?}",
        app.mode
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "nothing written"
    );
    let screen = render_to_text(&app, 120, 40);
    assert!(screen.contains("plan.toml changed on disk"), "{screen}");
    for answer in [
        "o overwrite it",
        "r reload it",
        "s save elsewhere",
        "c compare",
        "Esc cancel",
    ] {
        assert!(screen.contains(answer), "{answer} in\n{screen}");
    }

    // Cancel keeps everything as it was; asking again and overwriting saves.
    keys(&mut app, "<Esc>");
    assert!(matches!(app.mode, Mode::Normal) && app.is_modified());
    keys(&mut app, "<C-s>o");
    let saved = plan_file::load(&path).unwrap();
    assert_eq!(saved, app.plan);
    assert!(!app.is_modified());
}

#[test]
fn reload_takes_the_file_as_it_is_now() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open_in(dir.path());
    edit_b(&mut app);
    someone_else_edits(&path);
    keys(&mut app, "<C-s>r");
    assert_eq!(app.plan, plan_file::load(&path).unwrap());
    assert_eq!(app.plan.models[0].output_per_mtok, Some(0.3));
    assert!(!app.is_modified());
}

#[test]
fn save_elsewhere_keeps_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open_in(dir.path());
    edit_b(&mut app);
    someone_else_edits(&path);
    let theirs = std::fs::read_to_string(&path).unwrap();
    keys(&mut app, "<C-s>s");
    let Mode::Popup(Popup::Path(PathPrompt { editor, .. })) = &app.mode else {
        panic!("a path prompt, not {:?}", app.mode);
    };
    assert!(editor.input.value().ends_with("plan-mine.toml"));
    keys(&mut app, "<Enter>");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    let mine = plan_file::load(&dir.path().join("plan-mine.toml")).unwrap();
    assert_eq!(mine.scenarios[1].tokens_per_day, 100_000_000);
}

#[test]
fn compare_shows_what_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open_in(dir.path());
    edit_b(&mut app);
    someone_else_edits(&path);
    keys(&mut app, "<C-s>c");
    assert_eq!(app.tab, Tab::Compare);
    let screen = render_to_text(&app, 120, 40);
    assert!(screen.contains("output_per_mtok  0.30 → 0.25"), "{screen}");
    assert!(screen.contains("tokens_per_day"), "{screen}");
}

#[test]
fn two_planners_on_one_file_do_not_undo_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut first) = open_in(dir.path());
    let mut second = inferplan::tui::terminal::app_on_file(path.clone()).unwrap();
    step(&mut second, Action::Resize(120, 40));

    edit_b(&mut first);
    keys(&mut first, "<C-s>");
    assert!(!first.is_modified(), "the first saves freely");

    keys(&mut second, "2l<Enter><C-u>0.9<Enter><C-s>");
    assert!(
        matches!(
            second.mode,
            Mode::Popup(Popup::Conflict(Conflict { then: None }))
        ),
        "{:?}",
        second.mode
    );
    let on_disk = plan_file::load(&path).unwrap();
    assert_eq!(
        on_disk.scenarios[1].tokens_per_day, 100_000_000,
        "the first's save stands"
    );
}

#[test]
fn quitting_through_a_conflict_saves_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open_in(dir.path());
    edit_b(&mut app);
    someone_else_edits(&path);
    keys(&mut app, "q");
    assert!(matches!(app.mode, Mode::Popup(Popup::Unsaved(_))));
    keys(&mut app, "s");
    assert!(
        matches!(
            app.mode,
            Mode::Popup(Popup::Conflict(Conflict { then: Some(_) }))
        ),
        "{:?}",
        app.mode
    );
    keys(&mut app, "o");
    assert!(app.should_quit);
    assert_eq!(
        plan_file::load(&path).unwrap().scenarios[1].tokens_per_day,
        100_000_000
    );
}

#[test]
fn a_save_of_ones_own_file_never_asks() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open_in(dir.path());
    edit_b(&mut app);
    keys(&mut app, "<C-s>");
    // Still on the Tokens/day column: scenario C next, saved again.
    keys(&mut app, "j<Enter><C-u>60M<Enter><C-s>");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    assert_eq!(app.plan.scenarios[2].tokens_per_day, 60_000_000);
    assert_eq!(plan_file::load(&path).unwrap(), app.plan);
}
