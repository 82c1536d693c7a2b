//! Decision insight in the planner: goal seek (`=` lists where the two
//! sides meet for each input; Enter sets one, one undo step) and the other
//! charts of a scenario (`v`: the tornado, the growth timeline).

mod common;

use common::keys;
use inferplan::store::plan_file::default_plan;
use inferplan::tui::app::popups::Popup;
use inferplan::tui::app::{Action, App, Mode, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

fn on_scenarios() -> App {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(120, 40));
    app
}

#[test]
fn equals_lists_the_answers_and_enter_sets_one_as_one_undo_step() {
    let mut app = on_scenarios();
    // Row 6: C: enterprise, Qwen3-32B, on-prem: 500M tokens/day, API 4,200/mo,
    // one 8x A100 replica at 2,000–4,000 on-prem, 500M/day capacity at 100 %,
    // utilization 1.0. The API's 4,200 pays for 2 replicas at the cheap end
    // (4,200 / 2,000 = 2.1), so the lowest utilization is 500M / (500M × 2)
    // = 50 %; at the dear end one (4,200 / 4,000), so 100 %.
    keys(&mut app, "jjjjj=");
    let Mode::Popup(Popup::Picker(picker)) = &app.mode else {
        panic!("no picker: {:?}", app.mode)
    };
    let fields: Vec<&str> = picker.options.iter().map(|(v, _)| v.as_str()).collect();
    // A replica's cost is offered for the scenario's own deployment only.
    assert_eq!(
        fields,
        [
            "output_per_mtok",
            "input_per_mtok",
            "api_discount",
            "tokens_per_day",
            "on_prem_monthly",
            "target_utilization",
            "peak_to_average",
            "capacity"
        ]
    );
    let screen = render_to_text(&app, 120, 40);
    assert!(
        screen.contains("target_utilization: 50% … 100% — the lowest utilization"),
        "{screen}"
    );
    assert!(
        screen.contains("tokens_per_day: 238.1M … 9.52B — tokens a day"),
        "{screen}"
    );
    let before = app.plan.clone();
    keys(&mut app, "jjjjj<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.plan.scenarios[5].target_utilization, 0.5);
    // At 50 % the volume needs two replicas: 4,000 at the cheap end, no more
    // than the API's 4,200.
    assert_eq!(app.results.scenarios[5].replicas, 2);
    let screen = render_to_text(&app, 120, 40);
    assert!(
        screen.contains("target_utilization set to 50%: the sides meet there (u undoes)"),
        "{screen}"
    );
    keys(&mut app, "u");
    assert_eq!(app.plan, before);
}

#[test]
fn a_field_with_no_answer_says_why_and_stays_in_the_picker() {
    let mut app = on_scenarios();
    // The built-in scenarios give no input share, so the input price does not
    // enter their API cost.
    keys(&mut app, "jjjjj=j<Enter>");
    assert!(matches!(app.mode, Mode::Popup(Popup::Picker(_))));
    let screen = render_to_text(&app, 120, 40);
    assert!(screen.contains("input_per_mtok: no such value"), "{screen}");
    keys(&mut app, "<Esc>");
    assert_eq!(app.plan, default_plan());
}

#[test]
fn with_the_overheads_counted_each_can_be_solved_and_set() {
    let mut app = on_scenarios();
    // O counts the overheads; row 4: DeepSeek V4 Flash on-prem, the API
    // 3,750 against 2,900–8,900: DevOps at 1,350 makes the cheap end meet
    // it (500 + 3,750 − 2,900).
    keys(&mut app, "Ojjj=");
    let Mode::Popup(Popup::Picker(picker)) = &app.mode else {
        panic!("no picker: {:?}", app.mode)
    };
    let at = picker
        .options
        .iter()
        .position(|(v, _)| v == "overhead:DevOps engineer time")
        .expect("DevOps is listed");
    assert!(
        picker
            .options
            .iter()
            .any(|(v, _)| v == "overhead:Electricity")
    );
    for _ in 0..at {
        keys(&mut app, "j");
    }
    keys(&mut app, "<Enter>");
    let devops = app
        .plan
        .overheads
        .iter()
        .find(|o| o.name == "DevOps engineer time")
        .unwrap();
    assert_eq!(
        devops.monthly,
        Some(inferplan::base::money::Range::point(1_350.0))
    );
    assert_eq!(
        app.results.scenarios[3].with_overheads.self_host.low,
        3_750.0
    );
}

#[test]
fn goal_seek_outside_the_scenarios_tab_says_where_it_works() {
    let mut app = on_scenarios();
    step(&mut app, Action::SelectTab(Tab::Models));
    keys(&mut app, "=");
    assert!(matches!(app.mode, Mode::Normal));
    let screen = render_to_text(&app, 120, 40);
    assert!(screen.contains("goal seek works on a scenario"), "{screen}");
}

#[test]
fn v_steps_through_the_tornado_the_timeline_and_the_day_and_back_to_the_cost_chart() {
    let mut app = on_scenarios();
    // Row 5: C: enterprise, Qwen3-32B, cloud, growing 10 % a month.
    app.plan.scenarios[4].monthly_growth = 0.1;
    app.results = inferplan::engine::evaluate(&app.plan, app.plan.settings.estimate);
    keys(&mut app, "jjjjv");
    let tornado = render_to_text(&app, 120, 40);
    // The bars are report --sensitivity's, widest first.
    let t = inferplan::analysis::sensitivity::tornado(
        &app.plan,
        &app.results,
        4,
        inferplan::analysis::sensitivity::Swing::by(0.25),
    )
    .unwrap();
    let first = tornado
        .lines()
        .position(|l| l.contains(t.bars[0].input.key().as_ref()))
        .unwrap();
    let last = tornado
        .lines()
        .position(|l| l.contains(t.bars[t.bars.len() - 1].input.key().as_ref()))
        .unwrap();
    assert!(first < last, "{tornado}");
    insta::assert_snapshot!("tornado_view", tornado);
    keys(&mut app, "v");
    let timeline = render_to_text(&app, 120, 40);
    let paid = inferplan::analysis::insight::timeline(&app.plan, &app.results, 4, 24, 0.0)
        .unwrap()
        .paid_back;
    assert_eq!(paid.0, Some(1));
    assert!(
        timeline.contains("growth 10%/mo · paid back: month 1 …"),
        "{timeline}"
    );
    insta::assert_snapshot!("timeline_view", timeline);
    keys(&mut app, "v");
    let day = render_to_text(&app, 120, 40);
    assert!(day.contains("a day hour by hour (UTC)"), "{day}");
    keys(&mut app, "v");
    assert!(render_to_text(&app, 120, 40).contains("break-even"));
}

#[test]
fn a_scenario_without_a_price_says_what_is_missing_in_every_chart() {
    let mut app = on_scenarios();
    let model = app.plan.scenarios[0].model.clone();
    let at = app
        .plan
        .models
        .iter()
        .position(|m| m.name == model)
        .unwrap();
    app.plan.models[at].tier = String::new();
    app.plan.scenarios[0].tier = None;
    app.results = inferplan::engine::evaluate(&app.plan, app.plan.settings.estimate);
    for chart in ["what moves the difference most", "cumulative cost"] {
        keys(&mut app, "v");
        let screen = render_to_text(&app, 120, 40);
        // Said inside the chart's own box, under its title.
        let lines: Vec<&str> = screen.lines().collect();
        let title = lines.iter().position(|l| l.contains(chart)).expect(chart);
        assert!(
            lines[title + 1..]
                .iter()
                .any(|l| l.contains("no GPU tier assigned")),
            "{screen}"
        );
    }
}

#[test]
fn an_overheads_most_likely_figure_is_typed_in_its_column_and_checked() {
    let mut app = on_scenarios();
    step(&mut app, Action::SelectTab(Tab::Overheads));
    let row = app
        .plan
        .overheads
        .iter()
        .position(|o| o.name == "DevOps engineer time")
        .unwrap();
    for _ in 0..row {
        keys(&mut app, "j");
    }
    // The last column, Likely: DevOps is 500–3,000.
    keys(&mut app, "$<Enter><C-u>1200<Enter>");
    assert_eq!(app.plan.overheads[row].most_likely, Some(1_200.0));
    keys(&mut app, "<Enter><C-u>5000<Enter>");
    let screen = render_to_text(&app, 120, 40);
    assert!(
        screen.contains("5000 is not within the overhead's range"),
        "{screen}"
    );
    assert_eq!(app.plan.overheads[row].most_likely, Some(1_200.0));
}

#[test]
fn the_tornado_is_worked_out_when_its_scenario_or_the_plan_changes_not_per_frame() {
    use inferplan::output::charts::Kind;
    let mut app = on_scenarios();
    keys(&mut app, "v");
    assert_eq!(app.chart, Kind::Tornado);
    let first = app.insight.key.expect("worked out by the key press");
    assert!(app.insight.tornado.is_some());
    // Drawing reads it: two frames, nothing worked out again.
    let frame = render_to_text(&app, 120, 40);
    assert_eq!(render_to_text(&app, 120, 40), frame);
    assert_eq!(app.insight.key, Some(first));
    // Another scenario: its own tornado.
    keys(&mut app, "j");
    let second = app.insight.key.unwrap();
    assert_eq!(second.0, first.0 + 1);
    // An edit moves the figures: worked out again, for the same scenario.
    keys(&mut app, "D");
    let third = app.insight.key.unwrap();
    assert_eq!(third.0, second.0);
    assert!(third.2 > second.2, "{third:?} after {second:?}");
    // The cost chart needs none.
    keys(&mut app, "vvv");
    assert_eq!(app.chart, Kind::Cost);
}

#[test]
fn the_timeline_runs_over_the_plans_horizon_with_its_migration() {
    let mut app = on_scenarios();
    // Row 6: C: enterprise, Qwen3-32B, on-prem (the API 4,200, a replica
    // 2,000–4,000). Horizon 36 months and a 50,000 migration, set in the
    // settings popup (fields 9 and 10).
    keys(&mut app, "jjjjj");
    keys(
        &mut app,
        "pjjjjjjjjj<Enter>36<Enter>j<Enter>50k<Enter><Esc>",
    );
    assert_eq!(
        (
            app.plan.settings.horizon_months,
            app.plan.settings.migration
        ),
        (36, 50_000.0)
    );
    keys(&mut app, "vv");
    let t = app
        .insight
        .timeline
        .as_ref()
        .expect("the timeline is shown");
    assert_eq!(t.months.len(), 36);
    // Cheap end: 50,000 + 2,000 m ≤ 4,200 m from m = 22.73, so month 23.
    assert_eq!(t.paid_back.0, Some(23));
    let screen = render_to_text(&app, 120, 40);
    assert!(
        screen.contains("growth 0%/mo · migration 50,000 · paid back: month 23 … never"),
        "{screen}"
    );
    let axis = screen
        .lines()
        .find(|l| l.contains(" 9 ") && l.contains("18"))
        .unwrap_or("");
    assert!(
        axis.trim_end()
            .trim_end_matches('│')
            .trim_end()
            .ends_with("36"),
        "{screen}"
    );
    // The same figures on the command line, from the saved settings.
    let cli = inferplan::analysis::insight::timeline(&app.plan, &app.results, 5, 36, 50_000.0);
    assert_eq!(cli.as_ref(), Some(t));
    // One undo step each.
    keys(&mut app, "uu");
    assert_eq!(app.plan.settings.horizon_months, 24);
    assert_eq!(app.plan.settings.migration, 0.0);
}

#[test]
fn goal_seek_answers_wrap_on_a_narrow_screen() {
    let mut app = App::new(default_plan(), None);
    step(&mut app, Action::Resize(80, 24));
    keys(&mut app, "jjjjj=");
    let screen = render_to_text(&app, 80, 24);
    // Every word of the answer is on screen, none cut at the edge.
    let Mode::Popup(Popup::Picker(picker)) = &app.mode else {
        panic!("no picker")
    };
    let answer = &picker.options[0].1;
    let shown: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in answer.split(' ').filter(|w| w.len() > 3) {
        assert!(
            shown.contains(word),
            "{word:?} of {answer:?} not in\n{screen}"
        );
    }
    assert!(!screen.lines().any(|l| l.contains("…│")), "{screen}");
    insta::assert_snapshot!("goal_seek_80x24", screen);
}
