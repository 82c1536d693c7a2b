//! The Models tab at scale: filter as you type, sort by any column, jump,
//! count; and an import started from the planner, reviewed, applied as one
//! undo step. Driven by keys, checked on the drawn frame.

mod common;

use common::keys;
use inferplan::store::plan_file::{default_plan, synthetic_plan};
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::popups::path::PathPrompt;
use inferplan::tui::app::{Action, App, Mode, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

fn on_models(plan: inferplan::plan::Plan) -> App {
    let mut app = App::new(plan, None);
    step(&mut app, Action::Resize(120, 30));
    step(&mut app, Action::SelectTab(Tab::Models));
    app
}

fn title(app: &App) -> String {
    let screen = render_to_text(app, 120, 30);
    screen
        .lines()
        .find(|l| l.contains("┌ Models"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_filter_follows_each_key_and_esc_clears_it() {
    let mut app = on_models(default_plan());
    keys(&mut app, "/qwen");
    assert!(matches!(app.mode, Mode::Filter(_)));
    // Qwen3-32B, Qwen3-8B, Qwen3.5-27B hold "qwen" (any case).
    assert_eq!(app.rows_in_view(), 3);
    assert!(title(&app).contains("\"qwen\": 3 of 10"), "{}", title(&app));
    let screen = render_to_text(&app, 120, 30);
    assert!(screen.contains(" /qwen   3 of 10 rows"), "{screen}");
    assert!(!screen.contains("GLM-4-32B"), "{screen}");
    keys(&mut app, "3-3");
    assert_eq!(app.rows_in_view(), 1);
    keys(&mut app, "<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.plan.models[app.cursor().row].name, "Qwen3-32B");
    keys(&mut app, "/<Esc>");
    assert_eq!(app.rows_in_view(), 10);
}

#[test]
fn sort_cycles_up_down_off_and_g_jumps_in_view_order() {
    let mut app = on_models(default_plan());
    // Column 1 is Out $/M.
    keys(&mut app, "ls");
    assert!(title(&app).contains("by Out $/M ↑"), "{}", title(&app));
    keys(&mut app, "g");
    // The cheapest output price: 0.01 (Qwen3-8B, first of the two in plan order).
    assert_eq!(app.plan.models[app.cursor().row].name, "Qwen3-8B");
    keys(&mut app, "G");
    assert_eq!(app.plan.models[app.cursor().row].name, "Hunyuan-A13B");
    keys(&mut app, "s");
    keys(&mut app, "g");
    assert_eq!(app.plan.models[app.cursor().row].name, "Hunyuan-A13B");
    keys(&mut app, "s");
    assert!(!title(&app).contains(" by "), "{}", title(&app));
    keys(&mut app, "g");
    assert_eq!(app.cursor().row, 0);
}

#[test]
fn an_edit_under_a_filter_keeps_the_row_in_view_and_undo_works() {
    let mut app = on_models(synthetic_plan(5_000, 200));
    keys(&mut app, "/flash #42<Enter>");
    let shown = app.rows_in_view();
    assert!(shown > 0 && shown < 5_000, "{shown}");
    let row = app.cursor().row;
    keys(&mut app, "l<Enter><C-u>9.99<Enter>");
    assert_eq!(app.plan.models[row].output_per_mtok, Some(9.99));
    assert_eq!(app.rows_in_view(), shown);
    keys(&mut app, "u");
    assert_ne!(app.plan.models[row].output_per_mtok, Some(9.99));
    // Adding a row shows it even though its name does not match.
    keys(&mut app, "a");
    assert_eq!(app.plan.models[app.cursor().row].name, "New model");
    assert_eq!(app.rows_in_view(), shown + 1);
}

#[test]
fn an_import_from_the_planner_is_reviewed_then_applied_as_one_undo_step() {
    let mut app = on_models(default_plan());
    let file = format!(
        "{}/tests/fixtures/import/prices.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    keys(&mut app, "I");
    keys(&mut app, &file);
    keys(&mut app, "<Enter>");
    assert!(
        matches!(app.mode, Mode::Popup(Popup::Import(_))),
        "{}",
        app.status.text
    );
    let screen = render_to_text(&app, 120, 30);
    assert!(screen.contains("Import: 0 changed, 4 added"), "{screen}");
    assert!(
        screen.contains("coder-32b: input 0.30, output 0.72 $/M"),
        "{screen}"
    );
    assert_eq!(app.plan.models.len(), 10, "nothing changes before applying");
    keys(&mut app, "<Esc>");
    assert_eq!(app.plan.models.len(), 10);
    keys(&mut app, "I");
    keys(&mut app, &file);
    keys(&mut app, "<Enter>a");
    assert_eq!(app.plan.models.len(), 14);
    assert!(
        app.status.text.contains("imported: 0 changed, 4 added"),
        "{}",
        app.status.text
    );
    keys(&mut app, "u");
    assert_eq!(app.plan, default_plan());
}

#[test]
fn a_file_that_is_not_importable_keeps_the_prompt_with_the_reason() {
    let mut app = on_models(default_plan());
    keys(&mut app, "I/nonexistent/prices.json<Enter>");
    match &app.mode {
        Mode::Popup(Popup::Path(PathPrompt { editor, .. })) => {
            assert!(
                editor
                    .error
                    .as_deref()
                    .unwrap_or("")
                    .contains("cannot read")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn with_no_row_in_view_nothing_hidden_is_edited() {
    let mut app = on_models(default_plan());
    keys(&mut app, "/no such model<Enter>");
    assert_eq!(app.rows_in_view(), 0);
    let screen = render_to_text(&app, 120, 30);
    assert!(
        screen.contains("No model name holds \"no such model\""),
        "{screen}"
    );
    keys(&mut app, "d");
    assert_eq!(app.plan, default_plan());
    assert!(
        app.status.text.contains("no row in view"),
        "{}",
        app.status.text
    );
}

#[test]
fn stale_and_assumed_figures_are_marked_where_they_show() {
    use inferplan::base::date::Date;
    let mut plan = default_plan();
    plan.models[0].prices_as_of = Date::parse("2026-01-01").ok();
    plan.models[1].prices_as_of = Date::parse("2026-11-01").ok();
    let mut app = on_models(plan);
    app.results.today = Date::parse("2026-11-27").ok();
    let screen = render_to_text(&app, 200, 30);
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap()
            .to_string()
    };
    // 330 days old: stale (~) beats assumed (*); 26 days old: only assumed.
    assert!(
        row("DeepSeek V4 Flash").contains("0.25~   0.25~"),
        "{}",
        row("DeepSeek V4 Flash")
    );
    assert!(
        row("DeepSeek V4 Flash").contains("2026-01-01~"),
        "{}",
        row("DeepSeek V4 Flash")
    );
    assert!(
        row("DeepSeek V3.2").contains("0.38   0.38*"),
        "{}",
        row("DeepSeek V3.2")
    );
    let report = inferplan::output::report::render(
        &app.plan,
        &app.results,
        inferplan::output::report::Format::Markdown,
    );
    assert!(
        report.contains("DeepSeek V4 Flash output price (published, as of 2026-01-01, stale)"),
        "{report}"
    );
    assert!(report.contains("Figures marked ~ are dated more than 180 days before 2026-11-27."));
}
