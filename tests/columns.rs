//! Every column of every table, as a user meets it: a heading on screen,
//! in view when selected, and an editor only where there is an input.

mod common;

use inferplan::store::plan_file::default_plan;
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::{Action, App, Mode, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

const SIZE: (u16, u16) = (200, 50);

/// The figures the engine computes, by table: every other column is an input.
const COMPUTED: &[(Tab, &[&str])] = &[
    (
        Tab::Scenarios,
        &[
            "API/mo",
            "Verdict",
            "Self GPU",
            "Self +OH",
            "Factor",
            "Break-even",
            "Months",
            "Replicas",
            "Hybrid/mo",
            "Cheapest",
        ],
    ),
    (Tab::Models, &["Break-even", "Sellers"]),
    (
        Tab::Tiers,
        &[
            "Estimated/day",
            "Estimated for",
            "At once",
            "Fit",
            "TTFT p99 ms",
            "TPOT p99 ms",
            "Measured",
            "Payback",
        ],
    ),
    (Tab::Overheads, &[]),
];

fn computed(tab: Tab, title: &str) -> bool {
    COMPUTED
        .iter()
        .any(|(t, titles)| *t == tab && titles.contains(&title))
}

/// The table's heading line: the line under its top border.
fn heading_line(screen: &str, tab: Tab) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.starts_with(&format!("┌ {} · ", tab.title())))
        .unwrap_or_else(|| panic!("no {} table in\n{screen}", tab.title()));
    lines[top + 1].to_string()
}

/// The planner on the built-in plan, on `tab` with column `col` selected.
fn with_column_selected(tab: Tab, col: usize) -> App {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(SIZE.0, SIZE.1));
    step(&mut app, Action::SelectTab(tab));
    step(&mut app, Action::MoveColumns(col as i32));
    app
}

#[test]
fn every_column_has_a_heading_that_render_shows_at_200_columns() {
    for tab in Tab::ALL.into_iter().filter(|t| t.table().is_some()) {
        for (i, column) in tab.columns().iter().enumerate() {
            assert!(!column.title.trim().is_empty(), "{tab:?} column {i}");
            let app = with_column_selected(tab, i);
            let screen = render_to_text(&app, SIZE.0, SIZE.1);
            let heading = heading_line(&screen, tab);
            assert!(
                heading.contains(column.title),
                "{} not in view on {} when selected:\n{heading}",
                column.title,
                tab.title()
            );
        }
    }
}

#[test]
fn only_input_columns_open_an_editor() {
    for tab in Tab::ALL.into_iter().filter(|t| t.table().is_some()) {
        for (i, column) in tab.columns().iter().enumerate() {
            let mut app = with_column_selected(tab, i);
            step(&mut app, Action::Edit);
            let opened = matches!(app.mode, Mode::Editing(_) | Mode::Popup(Popup::Picker(_)));
            assert_eq!(
                opened,
                !computed(tab, column.title),
                "{} on {}: editor opened = {opened}",
                column.title,
                tab.title()
            );
            assert_eq!(opened, column.is_input(), "{}", column.title);
            if !opened {
                assert!(app.status.text.contains("computed"), "{}", app.status.text);
                // A scenario's figure explains itself; elsewhere it is refused.
                assert_eq!(app.explain, tab == Tab::Scenarios, "{}", column.title);
                assert_eq!(
                    app.status.is_error,
                    tab != Tab::Scenarios,
                    "{}",
                    column.title
                );
            }
        }
    }
}

#[test]
fn an_editor_shows_the_value_that_is_there() {
    let mut app = with_column_selected(Tab::Tiers, 2);
    step(&mut app, Action::Edit);
    let Mode::Editing(editor) = &app.mode else {
        panic!("Cloud/mo opens a text editor");
    };
    assert_eq!(editor.input.value(), "400-800");
}

#[test]
fn redundancy_is_shown_as_the_engine_counts_it() {
    // Scenario B at 99.95 %: N+1 and a second region, though the row sets
    // no spares and one region. The engine counts 2 × (1 + 1) = 4 replicas.
    let mut plan = default_plan();
    plan.scenarios[1].availability = Some(0.9995);
    let results = inferplan::engine::evaluate(&plan, plan.settings.estimate);
    assert_eq!(results.scenarios[1].replicas, 4);
    let column = |title: &str| {
        inferplan::columns::of(inferplan::plan::Table::Scenarios)
            .iter()
            .find(|c| c.title == title)
            .unwrap()
    };
    use inferplan::columns::{Mark, Value};
    for (title, used) in [("Spares", 1), ("Regions", 2)] {
        let cell = (column(title).value)(&plan, &results, 1);
        assert_eq!(
            (cell.value, cell.mark),
            (Value::Count(used), Mark::Inherited),
            "{title}"
        );
        // Without a target the row's own figures, as set.
        let own = (column(title).value)(&plan, &results, 0);
        assert_eq!(own.mark, Mark::Own, "{title}");
    }
    let text = inferplan::output::report::explanation(
        &plan,
        &results,
        1,
        inferplan::output::report::Markup::Text,
    );
    assert!(
        text.contains("1 spare per region (the availability target 99.95%; the scenario sets 0), 2 regions (the availability target 99.95%; the scenario sets 1)"),
        "{text}"
    );
}

#[test]
fn a_new_model_never_starts_free_and_a_free_one_is_flagged() {
    use inferplan::columns::Mark;
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(120, 40));
    // On the Models tab, beside DeepSeek V4 Flash (0.25 / 0.25): the new
    // row's prices start not given, never a free API.
    step(&mut app, Action::SelectTab(Tab::Models));
    common::keys(&mut app, "a");
    let row = app.cursor().row;
    let m = &app.plan.models[row];
    assert_eq!(m.name, "New model");
    assert_eq!((m.output_per_mtok, m.input_per_mtok), (None, None));
    fn cell(app: &App, title: &str) -> inferplan::columns::Mark {
        let c = Tab::Models
            .columns()
            .iter()
            .find(|c| c.title == title)
            .unwrap();
        (c.value)(&app.plan, &app.results, app.cursor().row).mark
    }
    assert_eq!(cell(&app, "Out $/M"), Mark::Own);
    // Typed over, the price is the user's own.
    let col = Tab::Models
        .columns()
        .iter()
        .position(|c| c.title == "Out $/M")
        .unwrap();
    step(&mut app, Action::SelectCell(row, col));
    common::keys(&mut app, "<Enter><C-u>0.9<Enter>");
    assert_eq!(app.plan.models[row].output_per_mtok, Some(0.9));
    assert_eq!(cell(&app, "Out $/M"), Mark::Own);
    // Both prices 0: flagged on screen and by `check`.
    let mut plan = default_plan();
    plan.models[0].output_per_mtok = Some(0.0);
    plan.models[0].input_per_mtok = Some(0.0);
    let results = inferplan::engine::evaluate(&plan, plan.settings.estimate);
    let c = Tab::Models
        .columns()
        .iter()
        .find(|c| c.title == "Out $/M")
        .unwrap();
    assert_eq!((c.value)(&plan, &results, 0).mark, Mark::Zero);
    let warned = inferplan::engine::warnings(&plan);
    assert!(
        warned.iter().any(|w| w
            .to_string()
            .contains("the API costs nothing for this model")),
        "{warned:?}"
    );
}
