//! A cost the plan does not give is missing, not 0: a scenario that needs
//! it gets no verdict and says which price it lacks, in the planner, the
//! reports and `check`. An explicit 0 is honoured, marked and warned about.

mod common;

use common::{keys, run, stdout};
use inferplan::base::money::{Estimate, Range};
use inferplan::engine::warnings;
use inferplan::engine::{Verdict, evaluate};
use inferplan::output::report::{Format, render};
use inferplan::plan::{DEFAULT_PLAN_TOML, Table};
use inferplan::store::plan_file::{from_toml, load, to_toml};
use inferplan::tui::app::{Action, App, Tab};
use inferplan::tui::terminal::render_to_text;
use inferplan::tui::terminal::step;

/// The built-in plan with tier 200b+'s on-prem cost left out of the file.
fn without_on_prem_price() -> String {
    let line = "on_prem_monthly = [2000, 4000]";
    assert_eq!(DEFAULT_PLAN_TOML.matches(line).count(), 1);
    DEFAULT_PLAN_TOML.replace(line, "")
}

/// Scenarios 3 and 5 of the built-in plan run on-prem on tier 200b+.
const ON_PREM: [usize; 2] = [3, 5];

#[test]
fn a_tier_without_an_on_prem_cost_never_yields_a_self_host_verdict() {
    let plan = from_toml(&without_on_prem_price(), "plan.toml").expect("the file still loads");
    assert_eq!(plan.gpu_tiers[4].on_prem_monthly, None);
    for estimate in [
        Estimate::Range,
        Estimate::Low,
        Estimate::Mid,
        Estimate::High,
    ] {
        let results = evaluate(&plan, estimate);
        for (i, r) in results.scenarios.iter().enumerate() {
            if ON_PREM.contains(&i) {
                // With the published 2,000–4,000 these were "depends" and
                // "self-host"; from a 0 they would read "self-host 0.00×".
                assert_eq!(r.verdict(false), Verdict::NoPrice);
                assert_eq!(r.verdict(true), Verdict::NoPrice);
                let missing = r.missing.as_ref().expect("says what is missing");
                assert_eq!(missing.to_string(), "no on-prem price for tier 200b+");
            } else {
                assert_eq!(r.missing, None, "scenario {i} has its price");
                assert_ne!(r.verdict(false), Verdict::NoPrice);
            }
        }
    }
}

#[test]
fn what_the_user_sees_instead_of_a_verdict() {
    let plan = from_toml(&without_on_prem_price(), "plan.toml").unwrap();
    let mut app = App::new(plan, None);
    step(&mut app, Action::Resize(120, 40));
    step(&mut app, Action::SelectRow(ON_PREM[0]));
    insta::assert_snapshot!("scenarios_120x40", render_to_text(&app, 120, 40));
    insta::assert_snapshot!("scenarios_80x24", render_to_text(&app, 80, 24));
    keys(&mut app, "x");
    insta::assert_snapshot!("explain_80x24", render_to_text(&app, 80, 24));
    step(&mut app, Action::SelectTab(Tab::Tiers));
    insta::assert_snapshot!("tiers_80x24", render_to_text(&app, 80, 24));
}

#[test]
fn reports_say_which_price_is_missing_and_print_no_figure_for_it() {
    let plan = from_toml(&without_on_prem_price(), "plan.toml").unwrap();
    let results = evaluate(&plan, Estimate::Range);
    let table = render(&plan, &results, Format::Table);
    assert!(table.contains(
        "C: enterprise, Qwen3-32B, on-prem: no on-prem price for tier 200b+, so no self-host figures or verdict."
    ));
    assert!(!table.contains("0.00×"), "{table}");

    let json: serde_json::Value =
        serde_json::from_str(&render(&plan, &results, Format::Json)).unwrap();
    let s = &json["scenarios"][ON_PREM[1]];
    assert_eq!(s["verdict"], "no-price");
    assert_eq!(s["missing_price"], "no on-prem price for tier 200b+");
    assert!(s["gpu_only"].is_null() && s["with_overheads"].is_null());
    assert!(json["scenarios"][0]["missing_price"].is_null());

    let csv = render(&plan, &results, Format::Csv);
    let row = csv.lines().nth(ON_PREM[1] + 1).unwrap();
    assert!(row.contains(",no-price,"), "{row}");
    assert!(row.contains(",,,,"), "self-host cells are empty: {row}");
}

#[test]
fn check_loads_the_plan_and_warns_about_a_zero_cost_and_unpriced_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        without_on_prem_price().replacen("on_prem_monthly = [200, 400]", "on_prem_monthly = 0", 1);
    std::fs::write(dir.path().join("plan.toml"), text).unwrap();
    let o = run(&["check", "plan.toml"], Some(dir.path()), Some(dir.path()));
    assert!(o.status.success());
    insta::assert_snapshot!("check_warnings", stdout(&o));
}

#[test]
fn an_explicit_zero_is_honoured_and_marked() {
    let text =
        DEFAULT_PLAN_TOML.replacen("on_prem_monthly = [2000, 4000]", "on_prem_monthly = 0", 1);
    let plan = from_toml(&text, "plan.toml").unwrap();
    assert_eq!(plan.gpu_tiers[4].on_prem_monthly, Some(Range::point(0.0)));
    let results = evaluate(&plan, Estimate::Range);
    // A sunk cost: self-hosting's GPUs are free, and the verdict says so.
    assert_eq!(
        results.scenarios[3].verdict(false),
        Verdict::SelfHostCheaper
    );
    assert_eq!(warnings(&plan).len(), 1);
    let mut app = App::new(plan, None);
    step(&mut app, Action::SelectTab(Tab::Tiers));
    let frame = render_to_text(&app, 120, 40);
    let tier_row = frame.lines().find(|l| l.contains("200b+")).unwrap();
    assert!(tier_row.contains("0 !"), "{tier_row}");
}

#[test]
fn a_cost_is_cleared_and_given_in_the_planner_and_the_file_follows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, DEFAULT_PLAN_TOML).unwrap();
    let mut app = inferplan::tui::terminal::app_on_file(path.clone()).unwrap();
    step(&mut app, Action::Resize(120, 40));
    // Tier 200b+ (the last), On-prem/mo: emptied.
    keys(&mut app, "3G0lll<Enter><C-u><Enter>");
    assert_eq!(app.plan.gpu_tiers[4].on_prem_monthly, None);
    assert_eq!(app.results.scenarios[3].verdict(false), Verdict::NoPrice);
    keys(&mut app, "<C-s>");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("on_prem_monthly = [2000, 4000]"));
    assert_eq!(load(&path).unwrap().gpu_tiers[4].on_prem_monthly, None);

    // Given again: the key comes back and the verdicts with it.
    keys(&mut app, "<Enter>1500-3000<Enter><C-s>");
    assert_eq!(
        app.results.scenarios[3].verdict(false),
        Verdict::SelfHostCheaper
    );
    let plan = load(&path).unwrap();
    assert_eq!(
        plan.gpu_tiers[4].on_prem_monthly,
        Some(Range::new(1500.0, 3000.0))
    );
    assert_eq!(to_toml(&plan).matches("on_prem_monthly").count(), 5);
}

#[test]
fn a_first_tier_added_to_an_empty_table_has_no_costs_rather_than_zeros() {
    let mut plan = from_toml(DEFAULT_PLAN_TOML, "plan.toml").unwrap();
    plan.gpu_tiers.clear();
    plan.models.clear();
    plan.scenarios.clear();
    let mut app = App::new(plan, None);
    step(&mut app, Action::SelectTab(Tab::Tiers));
    keys(&mut app, "a");
    let tier = &app.plan.gpu_tiers[0];
    assert_eq!((tier.cloud_monthly, tier.on_prem_monthly), (None, None));
    assert_eq!(Table::GpuTiers.len(&app.plan), 1);
}

#[test]
fn compare_shows_a_price_that_went_missing_as_a_flip_to_no_price() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.toml"), DEFAULT_PLAN_TOML).unwrap();
    std::fs::write(dir.path().join("new.toml"), without_on_prem_price()).unwrap();
    let o = run(
        &["compare", "old.toml", "new.toml"],
        Some(dir.path()),
        Some(dir.path()),
    );
    let text = stdout(&o);
    assert!(text.contains("2 verdicts flipped"), "{text}");
    let flip = text
        .lines()
        .find(|l| l.starts_with("C: enterprise, Qwen3-32B, on-prem") && l.contains("▼ self-host"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        flip.contains("? no price") && flip.contains("2,000–4,000 → no price"),
        "{flip}"
    );
    assert!(
        text.contains("on_prem_monthly  2,000–4,000  (not given)"),
        "{text}"
    );
}

/// The built-in plan with Qwen3-32B's prices left out of the file.
fn without_api_price() -> String {
    let lines = "output_per_mtok = 0.28\ninput_per_mtok = 0.28          # assumption\ninput_is = \"assumption\"\n";
    assert_eq!(DEFAULT_PLAN_TOML.matches(lines).count(), 1);
    DEFAULT_PLAN_TOML.replace(lines, "")
}

/// Scenarios 4 and 5 of the built-in plan price Qwen3-32B.
const ON_QWEN: [usize; 2] = [4, 5];

#[test]
fn a_model_without_prices_prices_no_api_figure_anywhere() {
    let plan = from_toml(&without_api_price(), "plan.toml").expect("the file still loads");
    let m = plan.model("Qwen3-32B").unwrap();
    assert_eq!((m.output_per_mtok, m.input_per_mtok), (None, None));
    let results = evaluate(&plan, Estimate::Range);
    for i in ON_QWEN {
        let r = &results.scenarios[i];
        assert_eq!(r.verdict(false), Verdict::NoPrice);
        assert_eq!(
            r.missing.as_ref().unwrap().to_string(),
            "no API price given for model Qwen3-32B"
        );
        // The self-host side still has its figures.
        assert!(r.self_host_given() && !r.api_given());
    }
    let table = render(&plan, &results, Format::Table);
    let row = table
        .lines()
        .find(|l| l.starts_with("C: enterprise, Qwen3-32B, cloud "))
        .unwrap();
    assert!(
        row.contains("not given") && row.contains("4,000–8,000") && row.contains("? no price"),
        "{row}"
    );
    assert!(table.contains(
        "C: enterprise, Qwen3-32B, cloud: no API price given for model Qwen3-32B, so no API figures or verdict."
    ));
    let json: serde_json::Value =
        serde_json::from_str(&render(&plan, &results, Format::Json)).unwrap();
    let s = &json["scenarios"][ON_QWEN[0]];
    assert!(s["api_monthly"].is_null() && s["gpu_only"].is_null());
    assert_eq!(s["verdict"], "no-price");
    let model = &json["models"][2];
    assert!(model["output_per_mtok"].is_null() && model["break_even_tokens_per_day"].is_null());
    let csv = render(&plan, &results, Format::Csv);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    // The name is quoted (it holds commas): the cells after it.
    let line = csv.lines().nth(ON_QWEN[0] + 1).unwrap();
    let cells: Vec<&str> = line[line.rfind('"').unwrap() + 2..].split(',').collect();
    let at = |k: &str| cells[header.iter().position(|h| *h == k).unwrap() - 1];
    assert_eq!((at("api_low"), at("api_high")), ("", ""));
    // `check` says which price to give.
    let said: Vec<String> = warnings(&plan).iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|w| w.contains("models[2].output_per_mtok: is not given")),
        "{said:?}"
    );
    // The explanation says so instead of an API price of 0.
    let why = inferplan::analysis::explain::explain(&plan, &results, ON_QWEN[0]);
    let text: String = why.iter().map(|l| format!("{l:?}\n")).collect();
    assert!(text.contains("the model's prices are not given"), "{text}");
    assert!(!text.contains("API 0.00 $/M"), "{text}");
}

#[test]
fn a_new_model_row_starts_without_prices_and_the_file_leaves_them_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, DEFAULT_PLAN_TOML).unwrap();
    let mut app = inferplan::tui::terminal::app_on_file(path.clone()).unwrap();
    step(&mut app, Action::Resize(120, 40));
    step(&mut app, Action::SelectTab(Tab::Models));
    keys(&mut app, "a");
    let row = app.cursor().row;
    let m = &app.plan.models[row];
    assert_eq!((m.output_per_mtok, m.input_per_mtok), (None, None));
    let frame = render_to_text(&app, 120, 40);
    let line = frame.lines().find(|l| l.contains("New model")).unwrap();
    assert_eq!(line.matches("not given").count(), 2, "{line}");
    keys(&mut app, "<C-s>");
    let saved = std::fs::read_to_string(&path).unwrap();
    let block = &saved[saved.find("name = \"New model\"").unwrap()..];
    let block = &block[..block.find("[[").unwrap_or(block.len())];
    assert!(!block.contains("_per_mtok"), "{block}");
    assert_eq!(load(&path).unwrap(), app.plan);
    // A price typed in is given; emptied again, it is not.
    let col = Tab::Models
        .columns()
        .iter()
        .position(|c| c.title == "Out $/M")
        .unwrap();
    step(&mut app, Action::SelectCell(row, col));
    // The input price follows it, marked assumed, as a file without one reads.
    keys(&mut app, "<Enter><C-u>0.4<Enter>");
    let m = &app.plan.models[row];
    assert_eq!(
        (m.output_per_mtok, m.input_per_mtok),
        (Some(0.4), Some(0.4))
    );
    assert_eq!(m.input_is, inferplan::plan::Source::Assumption);
    keys(&mut app, "<C-s>");
    assert!(!app.is_modified(), "saved");
    assert_eq!(load(&path).unwrap(), app.plan);
    keys(&mut app, "<Enter><C-u><Enter>");
    let m = &app.plan.models[row];
    assert_eq!((m.output_per_mtok, m.input_per_mtok), (None, None));
}
