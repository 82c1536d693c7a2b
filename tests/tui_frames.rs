//! Frames of the planner as text (TestBackend), reviewed as a user would read
//! them. Colour is off: selection and verdicts carry symbols too.

use inferplan::store::plan_file::default_plan;
use inferplan::tui::app::{Action, App, Tab};
use inferplan::tui::terminal::step;
use inferplan::tui::terminal::{actions_for, render_to_text};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn app_on(tab: Tab) -> App {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::SelectTab(tab));
    app
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    for action in actions_for(app, Event::Key(KeyEvent::new(code, mods))) {
        step(app, action);
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

macro_rules! tab_snapshots {
    ($($name:ident: $tab:expr, $w:expr, $h:expr;)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(render_to_text(&app_on($tab), $w, $h));
        }
    )*};
}

tab_snapshots! {
    scenarios_80x24: Tab::Scenarios, 80, 24;
    scenarios_120x40: Tab::Scenarios, 120, 40;
    models_80x24: Tab::Models, 80, 24;
    models_120x40: Tab::Models, 120, 40;
    tiers_80x24: Tab::Tiers, 80, 24;
    tiers_120x40: Tab::Tiers, 120, 40;
    overheads_80x24: Tab::Overheads, 80, 24;
    overheads_120x40: Tab::Overheads, 120, 40;
}

#[test]
fn help_overlay() {
    let mut app = app_on(Tab::Scenarios);
    typed(&mut app, "?");
    insta::assert_snapshot!(render_to_text(&app, 120, 40));
}

#[test]
fn edit_in_progress() {
    let mut app = app_on(Tab::Scenarios);
    typed(&mut app, "jl");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    // A cursor key keeps the old value (typing would replace it).
    press(&mut app, KeyCode::End, KeyModifiers::NONE);
    press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    typed(&mut app, "00M");
    insta::assert_snapshot!(render_to_text(&app, 80, 24));
}

#[test]
fn refused_input() {
    let mut app = app_on(Tab::Tiers);
    typed(&mut app, "ll");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&mut app, "2000-1000");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!(render_to_text(&app, 80, 24));
}

#[test]
fn unsaved_changes_prompt() {
    let mut app = app_on(Tab::Scenarios);
    typed(&mut app, "Oq");
    insta::assert_snapshot!(render_to_text(&app, 80, 24));
}

#[test]
fn too_small() {
    let app = app_on(Tab::Scenarios);
    insta::assert_snapshot!(render_to_text(&app, 40, 10));
    // Down to one cell, it draws what fits without panicking.
    for (w, h) in [(1, 1), (2, 1), (1, 5), (59, 16), (60, 15)] {
        let text = render_to_text(&app, w, h);
        assert_eq!(text.lines().count(), usize::from(h));
    }
}

#[test]
fn the_smallest_usable_size_draws_the_planner() {
    let app = app_on(Tab::Scenarios);
    insta::assert_snapshot!(render_to_text(&app, 60, 16));
}

#[test]
fn a_plan_of_thousands_of_rows_scrolls() {
    let mut app = App::new(inferplan::store::plan_file::synthetic_plan(2000, 200), None);
    step(&mut app, Action::SelectTab(Tab::Models));
    step(&mut app, Action::Resize(100, 30));
    step(&mut app, Action::End);
    let text = render_to_text(&app, 100, 30);
    assert!(text.contains("2000 of 2000"), "{text}");
    assert!(text.contains("▶ Ling-Flash-2.0 #1999"), "{text}");
    step(&mut app, Action::Page(-1));
    assert!(app.cursor().row < 1999 && app.cursor().row > 1960);
}

/// Figures in the columns of a frame's table rows (after the name column),
/// below the headings (whose end marks more columns with `…`).
fn figure_text(frame: &str, name_width: usize) -> Vec<String> {
    frame
        .lines()
        .skip(4)
        .take_while(|l| !l.starts_with('└'))
        .map(|l| {
            let l = l.trim_end_matches('│').trim_end();
            l.chars().skip(name_width).collect()
        })
        .collect()
}

#[test]
fn six_digit_ranges_are_never_cut_mid_figure() {
    let mut app = app_on(Tab::Scenarios);
    // B at 5B tokens/day: 100 replicas of 1,000–2,000, API 37,500.
    app.plan.scenarios[1].tokens_per_day = 5_000_000_000;
    app.results = inferplan::engine::evaluate(&app.plan, app.plan.settings.estimate);
    step(&mut app, Action::SelectRow(1));
    let wide = render_to_text(&app, 120, 40);
    let narrow = render_to_text(&app, 80, 24);
    insta::assert_snapshot!("six_digit_ranges_120x40", wide);
    insta::assert_snapshot!("six_digit_ranges_80x24", narrow);
    assert!(wide.contains("100,000–200,000") && wide.contains("37,500.00"));
    assert!(narrow.contains("100,000–200,000") || narrow.contains("100k–200k"));
    for (frame, name) in [(&wide, 26), (&narrow, 20)] {
        for line in figure_text(frame, name) {
            assert!(!line.contains('…'), "a figure is cut: {line}");
        }
    }
}
