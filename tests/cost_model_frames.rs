//! The cost model's new columns and explanation lines as the planner draws
//! them, on a plan that uses every one of its fields
//! (tests/fixtures/architect-plan.toml). Reviewed snapshots.

use inferplan::store::plan_file::{from_toml, to_toml};
use inferplan::tui::app::{Action, App, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

fn plan() -> inferplan::plan::Plan {
    let text = include_str!("fixtures/architect-plan.toml");
    from_toml(text, "architect-plan.toml").unwrap()
}

/// The planner on `tab`, with the column titled `title` selected so the
/// table scrolls it into view.
fn on(tab: Tab, title: &str) -> App {
    let mut app = App::new(plan(), None);
    step(&mut app, Action::Resize(160, 30));
    step(&mut app, Action::SelectTab(tab));
    let col = tab.columns().iter().position(|c| c.title == title).unwrap();
    step(&mut app, Action::MoveColumns(col as i32));
    app
}

#[test]
fn the_architect_plan_survives_its_file() {
    let plan = plan();
    assert_eq!(from_toml(&to_toml(&plan), "again.toml").unwrap(), plan);
}

#[test]
fn tiers_priced_from_gpu_hours_and_purchases() {
    insta::assert_snapshot!(
        "tiers_pricing",
        render_to_text(&on(Tab::Tiers, "p99 ms"), 160, 30)
    );
}

#[test]
fn overheads_from_drivers() {
    insta::assert_snapshot!(
        "overheads_drivers",
        render_to_text(&on(Tab::Overheads, "Note"), 160, 30)
    );
}

#[test]
fn scenarios_with_the_hybrid_and_the_cheapest() {
    insta::assert_snapshot!(
        "scenarios_hybrid",
        render_to_text(&on(Tab::Scenarios, "Cheapest"), 160, 30)
    );
}

#[test]
fn models_with_cache_batch_and_discount() {
    insta::assert_snapshot!(
        "models_mix",
        render_to_text(&on(Tab::Models, "Discount"), 160, 30)
    );
}

#[test]
fn the_explanation_of_a_hybrid_scenario() {
    let app = App::new(plan(), None);
    let results = &app.results;
    let text = inferplan::output::report::explanation(
        &app.plan,
        results,
        0,
        inferplan::output::report::Markup::Text,
    );
    insta::assert_snapshot!("explain_hybrid", text);
}
