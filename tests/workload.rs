//! An architect's own workload, typed into the planner from the built-in
//! plan: a 70B model on 4× H100 at 200M tokens/day, 30 % output, peak 3×
//! average, 60 % target utilization, two regions with N+1 spares. Then the
//! planner explains the figures, in the panel and in `report --scenario`.

mod common;

use common::keys;
use inferplan::store::plan_file::default_plan;
use inferplan::tui::app::{Action, App};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

/// Keys pressed by a script: each character, and each `<Name>`.
fn keystrokes(script: &str) -> usize {
    let (mut count, mut in_name) = (0, false);
    for c in script.chars() {
        match c {
            '<' => in_name = true,
            '>' => {
                in_name = false;
                count += 1;
            }
            _ if !in_name => count += 1,
            _ => {}
        }
    }
    count
}

/// The workload, typed. Tier: id, GPUs, cloud cost, capacity (its on-prem
/// cost and the rest are copied from the tier it was added beside). Model:
/// name and prices; it runs on the tier just added (selected on tab 3).
/// Scenario: it prices the model just added (selected on tab 2); volume,
/// then `w` from input to input: output share, peak, utilization, spares,
/// regions.
const SCRIPT: &[&str] = &[
    "3a<Enter>h100<Enter>",
    "l<Enter>4xH100<Enter>",
    "l<Enter>8k-12k<Enter>",
    "ll<Enter>300M<Enter>",
    "2a<Enter>L70<Enter>",
    "l<Enter>.94<Enter>",
    "l<Enter>.54<Enter>",
    "1al<Enter>200M<Enter>",
    "wwww<Enter>30%<Enter>",
    "w<Enter>3<Enter>",
    "w<Enter>60%<Enter>",
    "w<Enter>1<Enter>",
    "w<Enter>2<Enter>",
];

fn workload() -> App {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(120, 40));
    for part in SCRIPT {
        keys(&mut app, part);
    }
    app
}

#[test]
fn the_workload_goes_in_within_90_keystrokes_and_prices_as_worked_by_hand() {
    let pressed: usize = SCRIPT.iter().map(|s| keystrokes(s)).sum();
    eprintln!("the workload took {pressed} keystrokes");
    assert!(pressed <= 90, "{pressed} keystrokes");

    let app = workload();
    let row = app.cursor().row;
    let s = &app.plan.scenarios[row];
    assert_eq!(s.model, "L70");
    assert_eq!(app.results.scenarios[row].tier, "h100");
    let r = &app.results.scenarios[row];
    // API: 200M × 30 days × (30 % × 0.94 + 70 % × 0.54 = 0.66 $/M) / 1M = 3,960.
    assert_eq!(inferplan::text::format::money_range(r.api), "3,960");
    // Replicas: 2 regions × (ceil(200M × 3 / (300M × 60 %)) = ceil(3.33) = 4
    // + 1 spare) = 10.
    assert_eq!(r.replicas, 10);
    // Self-host: 10 × 8,000–12,000 = 80,000–120,000 a month.
    assert_eq!(
        (r.gpu_only.self_host.low, r.gpu_only.self_host.high),
        (80_000.0, 120_000.0)
    );
}

#[test]
fn the_explain_panel_shows_the_arithmetic_with_the_plans_numbers() {
    let mut app = workload();
    keys(&mut app, "x");
    let screen = render_to_text(&app, 120, 40);
    assert!(
        screen.contains("2 regions × (ceil(200M × 3 / (300M × 60%)) = 4 + 1 spare) = 10 replicas"),
        "{screen}"
    );
    assert!(
        screen.contains("API 0.66 $/M: 30% output at 0.94"),
        "{screen}"
    );
    insta::assert_snapshot!("explain_120x40", screen);
    insta::assert_snapshot!("explain_80x24", render_to_text(&app, 80, 24));
}

#[test]
fn at_80x24_the_explanation_scrolls_to_its_last_line_and_back() {
    let mut app = workload();
    step(&mut app, Action::Resize(80, 24));
    keys(&mut app, "x");
    assert!(render_to_text(&app, 80, 24).contains("J scrolls down"));
    // Far more presses than lines: it stops with the last line in view.
    keys(&mut app, &"J".repeat(60));
    let end = render_to_text(&app, 80, 24);
    assert!(
        end.contains("K scrolls up") && !end.contains("J scrolls down"),
        "{end}"
    );
    assert!(
        end.contains("30 days a month; overheads for cloud"),
        "the last input line: {end}"
    );
    insta::assert_snapshot!("explain_80x24_scrolled_to_the_end", end);
    // One line back up: the last line leaves, the scroll mark stays.
    keys(&mut app, "K");
    assert!(render_to_text(&app, 80, 24).contains("J scrolls down"));
    // Another scenario starts at the top.
    keys(&mut app, "k");
    assert!(!render_to_text(&app, 80, 24).contains("K scrolls up"));
}

#[test]
fn a_new_row_takes_the_selected_rows_model_or_tier_unless_one_was_just_added() {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(120, 40));
    // Scenario C, Qwen3-32B, cloud (row 4) selected: the new row, below it, prices its model.
    keys(&mut app, "jjjja");
    assert_eq!(app.plan.scenarios[5].name, "New scenario");
    assert_eq!(app.plan.scenarios[5].model, "Qwen3-32B");
    // DeepSeek V3.2 (row 1 of Models) runs on 200b+: so does a new model below it.
    keys(&mut app, "2ja");
    assert_eq!(app.plan.models[2].name, "New model");
    assert_eq!(app.plan.models[2].tier, "200b+");
}
