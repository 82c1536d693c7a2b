//! A tier that leaves `tokens_per_day` out and gives its `gpu_type` is
//! sized by the capacity estimate, scenario by scenario: the band's most
//! goes with the cheap end of every figure, its least with the dear end,
//! through replicas, totals, verdicts, break-evens, the report and the
//! plan file. Where no estimate can be made the scenario says why instead
//! of pricing anything.

mod common;

use inferplan::base::money::{Estimate, Range};
use inferplan::engine::capacity::{Capacity, capacity};
use inferplan::engine::{BreakEven, CostCurve, MissingPrice, PerEnd, Verdict, evaluate, validate};
use inferplan::output::report::Format;
use inferplan::plan::Plan;
use inferplan::store::plan_file::{from_toml, to_toml};

/// One H100 tier sized by the estimate, Qwen3-8B on it, one scenario at
/// 3B tokens a day with its own request shape (and the assumed limits:
/// `with_limits` gives it its own).
const PLAN: &str = r#"
schema = 1
name = "estimated"

[settings]
days_per_month = 30
output_share = 0.3

[[gpu_tiers]]
id = "h100"
gpus = "1x H100"
cloud_monthly = [1500, 2500]
gpu_type = "H100 SXM"

[[models]]
name = "Qwen3-8B"
output_per_mtok = 0.4
input_per_mtok = 0.1
tier = "h100"
architecture = "Qwen/Qwen3-8B"

[[scenarios]]
name = "chat"
tokens_per_day = 3_000_000_000
model = "Qwen3-8B"
input_tokens_per_request = 2000
output_tokens_per_request = 300
"#;

fn plan() -> Plan {
    from_toml(PLAN, "plan.toml").unwrap()
}

/// The plan with the scenario's own p99 limits: 1.5 s to the first token,
/// 40 ms a token after it.
fn with_limits() -> Plan {
    let mut plan = plan();
    plan.scenarios[0].requests.ttft_p99_ms = Some(1500.0);
    plan.scenarios[0].requests.tpot_p99_ms = Some(40.0);
    plan
}

/// The band the estimate gives the scenario, asked directly.
fn band(plan: &Plan) -> Capacity {
    let s = &plan.scenarios[0];
    capacity(&plan.gpu_tiers[0], plan.model(&s.model), s).unwrap()
}

#[test]
fn the_band_sizes_the_replicas_fewest_at_the_cheap_end() {
    let plan = plan();
    assert!(validate(&plan).is_empty(), "{:?}", validate(&plan));
    let c = band(&plan);
    assert!(c.least < c.mid && c.mid < c.most, "{c:?}");
    let r = &evaluate(&plan, Estimate::Range).scenarios[0];
    assert_eq!(r.capacity, Some(c));
    // Replicas by hand: ceil(volume / capacity) at each end.
    let need = |cap: f64| (3e9 / cap).ceil() as u64;
    assert_eq!(
        r.replicas,
        PerEnd {
            cheap: need(c.most),
            dear: need(c.least)
        }
    );
    assert!(r.replicas.cheap < r.replicas.dear, "{:?}", r.replicas);
    assert_eq!(
        r.gpu_only.self_host,
        Range::new(1500.0 * need(c.most) as f64, 2500.0 * need(c.least) as f64)
    );
    // The API: 3B × 30 × (0.3 × 0.4 + 0.7 × 0.1) / 1M = 17,100.
    assert!((r.api.low - 17_100.0).abs() < 1e-6, "{:?}", r.api);
    // The break-evens: each end's own capacity and cost, by the curve.
    let a = 30.0 * 0.19 / 1e6;
    let at = |per: f64, cap: f64| CostCurve {
        api_per_token_day: a,
        per_replica: Range::point(per),
        fixed: Range::default(),
        api_fixed: Range::default(),
        step_capacity: PerEnd::both(cap),
        regions: 1,
        spares: 0,
        day: None,
    };
    let be = r.gpu_only.break_even;
    assert_eq!(be.low, at(1500.0, c.most).break_even().low);
    assert_eq!(be.high, at(2500.0, c.least).break_even().high);
    assert!(matches!((be.low, be.high), (BreakEven::At(l), BreakEven::At(h)) if l < h));
}

#[test]
fn an_end_of_the_estimate_picks_its_own_end_of_the_band() {
    let plan = plan();
    let c = band(&plan);
    let need = |cap: f64| (3e9 / cap).ceil() as u64;
    let low = &evaluate(&plan, Estimate::Low).scenarios[0];
    assert_eq!(low.replicas, need(c.most));
    let high = &evaluate(&plan, Estimate::High).scenarios[0];
    assert_eq!(high.replicas, need(c.least));
    let mid = &evaluate(&plan, Estimate::Mid).scenarios[0];
    assert_eq!(mid.replicas, need(c.mid));
}

#[test]
fn a_tighter_latency_limit_never_lowers_the_replicas() {
    let mut plan = with_limits();
    let mut before = PerEnd::both(0);
    for tpot in [80.0, 60.0, 40.0, 30.0, 25.0, 20.0] {
        plan.scenarios[0].requests.tpot_p99_ms = Some(tpot);
        let r = &evaluate(&plan, Estimate::Range).scenarios[0];
        if r.missing.is_some() {
            break; // too tight for this GPU: said, not priced
        }
        assert!(
            r.replicas.cheap >= before.cheap && r.replicas.dear >= before.dear,
            "{tpot}"
        );
        before = r.replicas;
    }
    assert!(before.dear > 1);
}

#[test]
fn no_estimate_is_said_instead_of_priced() {
    // No architecture for the model.
    let mut plan = plan();
    plan.models[0].architecture = None;
    let r = &evaluate(&plan, Estimate::Range).scenarios[0];
    assert_eq!(r.verdict(false), Verdict::NoPrice);
    let why = r.missing.as_ref().unwrap().to_string();
    assert!(matches!(r.missing, Some(MissingPrice::Capacity { .. })));
    assert!(
        why.contains("model Qwen3-8B gives no architecture"),
        "{why}"
    );
    // A model that does not fit on the GPU.
    let mut plan = self::plan();
    plan.models[0].architecture = Some("Qwen/Qwen3-235B-A22B".into());
    let r = &evaluate(&plan, Estimate::Range).scenarios[0];
    let why = r.missing.as_ref().unwrap().to_string();
    assert!(why.contains("does not fit, needing"), "{why}");
    // Limits no replica can meet.
    let mut plan = self::plan();
    plan.scenarios[0].requests.tpot_p99_ms = Some(0.5);
    let why = evaluate(&plan, Estimate::Range).scenarios[0]
        .missing
        .as_ref()
        .unwrap()
        .to_string();
    assert!(why.contains("even one request at a time"), "{why}");
}

#[test]
fn a_tier_without_capacity_or_gpu_type_is_refused_naming_both() {
    let text = PLAN.replace("gpu_type = \"H100 SXM\"\n", "");
    let e = from_toml(&text, "plan.toml").unwrap_err().to_string();
    assert!(e.contains("gpu_tiers[0].tokens_per_day: missing"), "{e}");
    assert!(e.contains("or its gpu_type to estimate it"), "{e}");
}

#[test]
fn the_plan_file_keeps_the_capacity_left_to_the_estimate() {
    let plan = plan();
    let text = to_toml(&plan);
    let tier = &text[text.find("[[gpu_tiers]]").unwrap()..text.find("[[models]]").unwrap()];
    assert!(!tier.contains("tokens_per_day"), "{tier}");
    assert_eq!(from_toml(&text, "plan.toml").unwrap(), plan);
}

#[test]
fn the_report_json_gives_the_band_and_the_latencies_reached() {
    let plan = with_limits();
    let results = evaluate(&plan, Estimate::Range);
    let out = inferplan::output::report::render(&plan, &results, Format::Json);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &json["scenarios"][0];
    let c = band(&plan);
    assert_eq!(s["capacity_tokens_per_day"]["low"], c.least.round());
    assert_eq!(s["capacity_tokens_per_day"]["high"], c.most.round());
    let r = &results.scenarios[0];
    assert_eq!(s["replicas_range"]["low"], r.replicas.cheap);
    assert_eq!(s["replicas_range"]["high"], r.replicas.dear);
    assert_eq!(s["replicas"], r.replicas.dear);
    let is = s["capacity_is"].as_str().unwrap();
    assert!(
        is.starts_with("estimated: Qwen3-8B on 1× H100 SXM, vllm bf16"),
        "{is}"
    );
    // Each end runs at the most requests its own figures allow within the
    // limits: both ends reach them, neither passes them.
    for (key, limit) in [("ttft_p99_ms", 1500.0), ("tpot_p99_ms", 40.0)] {
        for end in ["low", "high"] {
            let ms = s[key][end].as_f64().unwrap();
            assert!(0.0 < ms && ms <= limit, "{key}.{end}: {ms}");
        }
    }
}

#[test]
fn goal_seek_tornado_and_monte_carlo_read_the_band() {
    use inferplan::analysis::input::ScenarioInput;
    use inferplan::analysis::sensitivity::{Swing, tornado};
    use inferplan::analysis::solve::solve;
    use inferplan::analysis::uncertainty::{Draws, run};
    let plan = plan();
    let results = evaluate(&plan, Estimate::Range);
    let c = band(&plan);
    // Goal seek: the lowest utilization at which the cheap end still costs
    // no more than the API. The API's 17,100 pays for 11 replicas at 1,500:
    // 3B / (2.16B × u) ≤ 11 from u = 3B / (11 × most).
    let a = solve(&plan, &results, 0, &ScenarioInput::Utilization).unwrap();
    let low = a.value.0.unwrap();
    assert!((low - 3e9 / (11.0 * c.most)).abs() < 1e-9, "{a:?}");
    // … and 6 replicas at 2,500 at the dear end, at its least.
    let high = a.value.1.unwrap();
    assert!((high - 3e9 / (6.0 * c.least)).abs() < 1e-9, "{a:?}");
    // The tornado swings the capacity to the band's ends: the figures of
    // the same plan with the capacity typed at each end.
    let swing = Swing {
        share: 0.25,
        range_ends: true,
    };
    let t = tornado(&plan, &results, 0, swing).unwrap();
    let bar = t
        .bars
        .iter()
        .find(|b| b.input == ScenarioInput::Capacity)
        .unwrap();
    let typed = |cap: f64| {
        let mut p = plan.clone();
        p.gpu_tiers[0].tokens_per_day = cap.round() as u64;
        let r = &evaluate(&p, Estimate::Range).scenarios[0];
        r.gpu_only.self_host.mid() - r.api.mid()
    };
    assert_eq!((bar.low, bar.high), (typed(c.least), typed(c.most)));
    assert!(bar.low > bar.high, "fewer replicas at the most: {bar:?}");
    // Monte Carlo draws the replicas within the band: every draw between
    // the cheap end's total and the dear end's, and both replica counts
    // drawn (3 × 1,500 is past 2 × 2,500).
    let u = run(
        &plan,
        &results,
        0,
        Draws {
            count: 4000,
            ..Draws::default()
        },
    )
    .unwrap();
    let own = results.scenarios[0].gpu_only.self_host;
    assert!(
        own.low <= u.self_host.p5 && u.self_host.p95 <= own.high,
        "{u:?}"
    );
    assert!(
        u.self_host.p95 > 5_000.0,
        "the dear end's 3 replicas are drawn: {u:?}"
    );
    assert!(
        u.self_host.p5 < 5_000.0,
        "the cheap end's 2 replicas are drawn: {u:?}"
    );
}

#[test]
fn the_planner_shows_the_band_on_the_tiers_tab_and_in_the_explanation() {
    use inferplan::tui::app::{Action, App, Tab};
    use inferplan::tui::terminal::{render_to_text, step};
    let mut app = App::new(with_limits(), None);
    step(&mut app, Action::Resize(150, 40));
    step(&mut app, Action::SelectTab(Tab::Tiers));
    let frame = render_to_text(&app, 200, 16);
    assert!(
        frame.contains("estimated*  estimated     1.31B–2.61B*"),
        "{frame}"
    );
    // Scrolled to the estimate's own figures.
    let col = Tab::Tiers
        .columns()
        .iter()
        .position(|c| c.title == "TPOT p99 ms")
        .unwrap();
    step(&mut app, Action::SelectCell(0, col));
    let frame = render_to_text(&app, 200, 16);
    let top: Vec<&str> = frame.lines().take(6).collect();
    insta::assert_snapshot!("estimated_tier_row", top.join("\n"));
    step(&mut app, Action::SelectTab(Tab::Scenarios));
    common::keys(&mut app, "x");
    let frame = render_to_text(&app, 150, 40);
    assert!(frame.contains("= 2–4 replicas"), "{frame}");
    insta::assert_snapshot!("estimated_tier_explanation", frame);
}

#[test]
fn the_latency_limits_raise_the_replicas_to_what_the_queue_needs() {
    // At today's peak (3B tokens a day of 2,300-token requests: 15.1 a
    // second) the limits need more replicas than the volume alone does at
    // the band's slow end: the totals count the queue's.
    let plan = with_limits();
    let c = band(&plan);
    let s = &plan.scenarios[0];
    let q = inferplan::engine::capacity::queue(&plan.gpu_tiers[0], &plan.models[0], s).unwrap();
    let by_volume = |cap: f64| (3e9 / cap).ceil() as u64;
    let r = &evaluate(&plan, Estimate::Range).scenarios[0];
    let want = PerEnd {
        cheap: by_volume(c.most).max(q.replicas.0),
        dear: by_volume(c.least).max(q.replicas.1),
    };
    assert_eq!(r.replicas, want);
    assert!(
        want.dear > by_volume(c.least),
        "the queue binds here: {q:?}"
    );
    assert_eq!(
        r.gpu_only.self_host,
        Range::new(1500.0 * want.cheap as f64, 2500.0 * want.dear as f64)
    );
    // The explanation says both counts and that the queue's is counted.
    let results = evaluate(&plan, Estimate::Range);
    let why = inferplan::output::report::explanation(
        &plan,
        &results,
        0,
        inferplan::output::report::Markup::Text,
    );
    assert!(
        why.contains("raised to 2–4 for the latency limits at today's peak"),
        "{why}"
    );
    assert!(why.contains("the totals' replicas hold it"), "{why}");
    // Without limits of its own, a scenario is sized by volume alone.
    let bare = self::plan();
    let c = band(&bare);
    let want = PerEnd {
        cheap: by_volume(c.most),
        dear: by_volume(c.least),
    };
    assert_eq!(evaluate(&bare, Estimate::Range).scenarios[0].replicas, want);
}
