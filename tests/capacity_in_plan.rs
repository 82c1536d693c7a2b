//! A plan's tiers and models can name their hardware and architecture: the
//! GPU tiers tab, the explanation and the report JSON then show what the
//! capacity estimate says beside the tier's own capacity, which still sizes
//! the replicas; unknown names are refused with the known ones.

mod common;

use common::keys;
use inferplan::base::money::Estimate;
use inferplan::engine::evaluate;
use inferplan::plan::{DEFAULT_PLAN_TOML, Hardware, RequestShape};
use inferplan::store::plan_file::from_toml;
use inferplan::tui::app::{Action, App, Tab};
use inferplan::tui::terminal::{render_to_text, step};

#[test]
fn the_estimate_changes_no_figure_of_the_plan() {
    let plan = from_toml(DEFAULT_PLAN_TOML, "plan.toml").unwrap();
    let mut bare = plan.clone();
    for t in &mut bare.gpu_tiers {
        t.hardware = Hardware::default();
    }
    for m in &mut bare.models {
        m.architecture = None;
    }
    for s in &mut bare.scenarios {
        s.requests = RequestShape {
            input_tokens: Some(4000.0),
            output_tokens: Some(500.0),
            ttft_p99_ms: Some(900.0),
            tpot_p99_ms: Some(30.0),
        };
    }
    for estimate in [Estimate::Range, Estimate::Low, Estimate::High] {
        assert_eq!(evaluate(&plan, estimate), evaluate(&bare, estimate));
    }
}

#[test]
fn unknown_hardware_and_architectures_are_refused_naming_the_known_ones() {
    let text = DEFAULT_PLAN_TOML.replacen(
        "gpu_type = \"A100 40GB SXM\"",
        "gpu_type = \"A100 40GB SMX\"",
        1,
    );
    let e = from_toml(&text, "plan.toml").unwrap_err().to_string();
    assert!(
        e.contains("gpu_tiers[0].gpu_type: unknown GPU \"A100 40GB SMX\"; known: A100 40GB SXM,"),
        "{e}"
    );
    let text = DEFAULT_PLAN_TOML.replacen(
        "architecture = \"Qwen/Qwen3-32B\"",
        "architecture = \"Qwen/Qwen9-32B\"",
        1,
    );
    let e = from_toml(&text, "plan.toml").unwrap_err().to_string();
    assert!(
        e.contains("architecture: unknown model \"Qwen/Qwen9-32B\""),
        "{e}"
    );
    let text = DEFAULT_PLAN_TOML.replacen(
        "gpu_type = \"A100 40GB SXM\"",
        "gpu_type = \"A100 40GB SXM\"\nbackend = \"tgi\"",
        1,
    );
    let e = from_toml(&text, "plan.toml").unwrap_err().to_string();
    assert!(e.contains("backend: unknown backend \"tgi\""), "{e}");
}

#[test]
fn a_request_shape_and_limits_on_the_scenario_move_the_estimate() {
    let plan = from_toml(DEFAULT_PLAN_TOML, "plan.toml").unwrap();
    let row = plan
        .scenarios
        .iter()
        .position(|s| s.name == "C: enterprise, Qwen3-32B, cloud")
        .unwrap();
    let loose = inferplan::engine::capacity::estimated(&plan, &plan.scenarios[row]).unwrap();
    assert_eq!(loose.assumed.len(), 4);
    let mut tight = plan.clone();
    tight.scenarios[row].requests.tpot_p99_ms = Some(25.0);
    let tight = inferplan::engine::capacity::estimated(&tight, &tight.scenarios[row]).unwrap();
    assert_eq!(tight.assumed.len(), 3);
    let (a, b) = (
        loose.tokens_per_day().unwrap(),
        tight.tokens_per_day().unwrap(),
    );
    assert!(
        b.1 < a.1,
        "a tighter TPOT limit serves less: {b:?} vs {a:?}"
    );
}

#[test]
fn the_gpu_type_is_typed_in_the_planner_and_a_bad_one_refused() {
    let plan = from_toml(DEFAULT_PLAN_TOML, "plan.toml").unwrap();
    let mut app = App::new(plan, None);
    step(&mut app, Action::Resize(120, 40));
    step(&mut app, Action::SelectTab(Tab::Tiers));
    let col = Tab::Tiers
        .columns()
        .iter()
        .position(|c| c.title == "GPU type")
        .unwrap();
    step(&mut app, Action::SelectCell(1, col));
    keys(&mut app, "<Enter><C-u>h100_sxm<Enter>");
    assert_eq!(
        app.plan.gpu_tiers[1].hardware.gpu_type.as_deref(),
        Some("h100_sxm")
    );
    let frame = render_to_text(&app, 200, 40);
    let row = frame.lines().find(|l| l.contains("13-14b")).unwrap();
    // Hunyuan-A13B's 80B parameters fit no better on one H100 than on one A100.
    assert!(row.contains("does not fit"), "{row}");
    keys(&mut app, "<Enter><C-u>h900<Enter>");
    assert_eq!(
        app.plan.gpu_tiers[1].hardware.gpu_type.as_deref(),
        Some("h100_sxm")
    );
    assert!(
        app.status.text.contains("unknown GPU \"h900\""),
        "{}",
        app.status.text
    );
}
