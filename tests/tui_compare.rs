//! The Compare tab as a user meets it: choose another plan file with keys,
//! see its figures beside the open plan's, edit the open plan and watch them
//! move. The other plan is the built-in plan with DeepSeek V4 Flash's output
//! price raised to 1.40, written to a temporary library folder; frames name
//! that folder `<library>` so snapshots do not depend on where it was.

mod common;

use common::keys;
use inferplan::plan::DEFAULT_PLAN_TOML;
use inferplan::store::plan_file::default_plan;
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::{Action, App, Mode, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;
use tempfile::TempDir;

/// A library folder holding `flash-at-1.40.toml`: the built-in plan with
/// DeepSeek V4 Flash's output price at 1.40 instead of 0.25.
fn library() -> TempDir {
    let from = "output_per_mtok = 0.25\n";
    assert!(DEFAULT_PLAN_TOML.contains(from), "the plan holds {from:?}");
    let dearer = DEFAULT_PLAN_TOML.replacen(from, "output_per_mtok = 1.40\n", 1);
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("flash-at-1.40.toml"), dearer).unwrap();
    dir
}

/// The planner on the built-in plan, with `dir` as its plan library.
fn app_with(dir: &TempDir, size: (u16, u16)) -> App {
    let mut app = App::new(default_plan(), None);
    app.library = Some(dir.path().to_path_buf());
    step(&mut app, Action::Resize(size.0, size.1));
    app
}

/// A frame with the library folder's path replaced by `<library>`.
fn frame(app: &App, dir: &TempDir, w: u16, h: u16) -> String {
    render_to_text(app, w, h).replace(&dir.path().display().to_string(), "<library>")
}

/// The two screen lines of a scenario, its "was" line and the "now" line
/// under it, with runs of spaces as one (columns may widen as figures grow).
fn scenario_lines(screen: &str, name: &str) -> (String, String) {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(name) && l.contains(" was "))
        .unwrap_or_else(|| panic!("no scenario {name} in\n{screen}"));
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    (words(lines[at]), words(lines[at + 1]))
}

/// The planner on the built-in plan, compared with the dearer Flash plan
/// chosen from the library list (`b`, then Enter on the first plan).
fn comparing(dir: &TempDir, size: (u16, u16)) -> App {
    let mut app = app_with(dir, size);
    keys(&mut app, "C<Enter>");
    assert!(app.compare.is_some(), "status: {}", app.status.text);
    app
}

#[test]
fn compare_80x24() {
    let dir = library();
    let app = comparing(&dir, (80, 24));
    insta::assert_snapshot!(frame(&app, &dir, 80, 24));
}

#[test]
fn compare_120x40() {
    let dir = library();
    let app = comparing(&dir, (120, 40));
    insta::assert_snapshot!(frame(&app, &dir, 120, 40));
}

#[test]
fn compare_with_no_plan_chosen_says_how_to_choose_one() {
    let dir = library();
    let mut app = app_with(&dir, (80, 24));
    keys(&mut app, "5");
    assert_eq!(app.tab, Tab::Compare);
    let screen = frame(&app, &dir, 80, 24);
    assert!(screen.contains("Press C to choose one"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_compare_picker_lists_the_library_and_a_path_prompt() {
    let dir = library();
    let mut app = app_with(&dir, (80, 24));
    keys(&mut app, "5C");
    insta::assert_snapshot!(frame(&app, &dir, 80, 24));
}

#[test]
fn editing_while_comparing_moves_the_figures_live_and_undo_brings_them_back() {
    let dir = library();
    let mut app = app_with(&dir, (120, 40));
    // Choose the other plan by typing its path: `C`, up to "Type a path…".
    let path = dir.path().join("flash-at-1.40.toml");
    keys(&mut app, "C<Up><Enter>");
    assert!(
        matches!(app.mode, Mode::Popup(Popup::Path(_))),
        "a path prompt opens"
    );
    keys(&mut app, &format!("{}<Enter>", path.display()));
    assert_eq!(app.tab, Tab::Compare, "choosing shows the comparison");

    let before = frame(&app, &dir, 120, 40);
    let (was, now) = scenario_lines(&before, "B: growth-stage startup");
    // At 1.40 the API cost B 2,100 a month, more than 2x A100's 1,000–2,000;
    // at the built-in 0.25 it costs 375 and the API is cheaper: a flip.
    assert!(
        was.contains("2,100") && was.contains("▼ self-host"),
        "{was}"
    );
    assert!(now.contains(" 375 ") && now.contains("▲ API"), "{now}");
    assert!(was.starts_with("│⇄"), "a flipped verdict is marked: {was}");
    assert!(now.ends_with("⇄ flipped │"), "and said in words: {now}");

    // Scenarios tab: B is the second row, Tokens/day the second column.
    keys(&mut app, "1jl<Enter><C-u>400M<Enter>5");
    assert_eq!(app.tab, Tab::Compare);
    let edited = frame(&app, &dir, 120, 40);
    let (was_after, now_after) = scenario_lines(&edited, "B: growth-stage startup");
    assert_eq!(was_after, was, "the other plan's figures stay put");
    // 400M a day: the API costs 8 × 375 = 3,000; eight 50M replicas cost
    // 8,000–16,000, so the API is cheaper again. Its break-even moves too.
    assert!(now_after.contains(" 3,000 "), "{now_after}");
    assert!(now_after.contains("8,000–16,000"), "{now_after}");
    assert_ne!(now_after, now, "B's figures moved on the next frame");

    // Undo from the Compare tab: the tab stays, the figures come back.
    keys(&mut app, "u");
    assert_eq!(app.tab, Tab::Compare, "undo keeps the comparison in view");
    let undone = frame(&app, &dir, 120, 40);
    assert_eq!(
        scenario_lines(&undone, "B: growth-stage startup"),
        (was, now)
    );
    assert!(undone.contains("undid Tokens/day edit"), "{undone}");
}

#[test]
fn a_plan_that_cannot_be_read_is_named_in_the_status_line() {
    let dir = library();
    let mut app = app_with(&dir, (80, 24));
    let missing = dir.path().join("no-such-plan.toml");
    keys(
        &mut app,
        &format!("C<Up><Enter>{}<Enter>", missing.display()),
    );
    assert!(app.compare.is_none());
    assert!(app.status.is_error);
    assert!(
        app.status.text.contains("no-such-plan.toml"),
        "{}",
        app.status.text
    );
    assert!(
        matches!(app.mode, Mode::Popup(Popup::Path(_))),
        "the prompt stays open to fix the path"
    );
    keys(&mut app, "<Esc>");
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn the_compare_tab_has_no_cells_to_edit_and_says_so() {
    let dir = library();
    let mut app = comparing(&dir, (80, 24));
    let plan = app.plan.clone();
    for k in ["<Enter>", "a", "c", "d", "l", "h", "j", "k", "G", "g"] {
        keys(&mut app, k);
        assert!(matches!(app.mode, Mode::Normal), "{k} opens nothing");
        assert_eq!(app.plan, plan, "{k} changes nothing");
    }
    keys(&mut app, "a");
    assert!(app.status.is_error);
    assert!(
        app.status
            .text
            .contains("nothing to edit on the Compare tab"),
        "{}",
        app.status.text
    );
}

#[test]
fn the_compare_tab_is_in_the_tab_cycle_and_the_tab_bar() {
    let dir = library();
    let mut app = app_with(&dir, (80, 24));
    keys(&mut app, "<BackTab>");
    assert_eq!(app.tab, Tab::Compare);
    keys(&mut app, "<Tab>");
    assert_eq!(app.tab, Tab::Scenarios);
    assert!(frame(&app, &dir, 80, 24).contains("│ 5 Compare"));
    // At the narrowest size the planner draws, all five tabs still show.
    assert!(frame(&app, &dir, 60, 16).contains("│ 5 Compare"));
}

#[test]
fn a_switch_recomputes_both_sides_and_the_comparison_draws_at_any_size() {
    let dir = library();
    let mut app = comparing(&dir, (80, 24));
    let before = app.compare.as_ref().unwrap().diff.clone();
    keys(&mut app, "D");
    let after = &app.compare.as_ref().unwrap().diff;
    assert_ne!(&before, after, "the open plan went on-prem");
    for (w, h) in [(1, 1), (20, 5), (59, 16), (60, 16), (61, 17), (200, 60)] {
        assert_eq!(frame(&app, &dir, w, h).lines().count(), usize::from(h));
    }
}

#[test]
fn what_does_not_fit_is_counted_and_scrolls_into_view() {
    let dir = library();
    let mut app = comparing(&dir, (60, 16));
    let screen = frame(&app, &dir, 60, 16);
    assert!(
        screen.contains("more lines below: ↓/j or PgDn scrolls"),
        "{screen}"
    );
    assert!(screen.contains("3 verdicts flipped"), "{screen}");
    assert!(!screen.contains("Inputs that differ"), "{screen}");
    // The input changes are at the bottom: scrolling reaches them.
    keys(&mut app, &"j".repeat(40));
    let bottom = frame(&app, &dir, 60, 16);
    assert!(bottom.contains("output_per_mtok"), "{bottom}");
    assert!(!bottom.contains("more lines below"), "{bottom}");
    keys(&mut app, "g");
    assert_eq!(frame(&app, &dir, 60, 16), screen);
}

#[test]
fn a_plan_compared_with_its_own_file_shows_the_unsaved_edits() {
    let dir = library();
    let path = dir.path().join("flash-at-1.40.toml");
    let mut app = App::new(
        inferplan::store::plan_file::load(&path).unwrap(),
        Some(path.clone()),
    );
    app.library = Some(dir.path().to_path_buf());
    step(&mut app, Action::Resize(120, 40));
    keys(&mut app, "C");
    let Mode::Popup(Popup::Picker(picker)) = &app.mode else {
        panic!("C opens a list")
    };
    let labels: Vec<&str> = picker.options.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Type a path…",
            "flash-at-1.40.toml — this plan as last saved"
        ],
        "the plan's own file is listed once, first"
    );
    keys(&mut app, "<Enter>");
    assert!(frame(&app, &dir, 120, 40).contains("No changes"));
    // Scenarios tab, B's Tokens/day to 100M: the comparison shows the edit.
    keys(&mut app, "1jl<Enter><C-u>100M<Enter>5");
    let screen = frame(&app, &dir, 120, 40);
    assert!(
        screen
            .contains("scenario B: growth-stage startup  tokens_per_day  50,000,000 → 100,000,000"),
        "{screen}"
    );
}
