//! The published figures as oracles: the built-in plan must compute them (and
//! must not copy the source's one arithmetic slip).

use inferplan::base::money::{Estimate, Range};
use inferplan::engine::{
    BreakEven, CostCurve, MonthsToBreakEven, ScenarioResult, Verdict, evaluate,
};
use inferplan::plan::{Deployment, Plan};
use inferplan::store::plan_file::default_plan;

fn results() -> (Plan, Vec<ScenarioResult>) {
    let plan = default_plan();
    let r = evaluate(&plan, Estimate::Range);
    (plan, r.scenarios)
}

fn scenario<'a>(plan: &Plan, results: &'a [ScenarioResult], name: &str) -> &'a ScenarioResult {
    let i = plan
        .scenarios
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name}"));
    &results[i]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn scenario_a_costs_7_50_not_the_12_50_the_source_printed() {
    let (plan, r) = results();
    let a = scenario(&plan, &r, "A: hobby project");
    // 1M tokens/day × 30 days = 30M tokens × 0.25/M = 7.50.
    assert_eq!(inferplan::text::format::money(a.api.low), "7.50");
    assert!(close(a.api.high, 7.5));
    // Against the smallest GPU (400–800): 53.33 to 106.67 times, not 32.
    let f = a.gpu_only.factor;
    assert!(close(f.low.unwrap(), 400.0 / 7.5));
    assert!(close(f.high.unwrap(), 800.0 / 7.5));
    assert_eq!(a.gpu_only.verdict, Verdict::ApiCheaper);
}

#[test]
fn scenario_b_costs_375_and_self_hosting_is_2_67_to_5_33_times_dearer() {
    let (plan, r) = results();
    let b = scenario(&plan, &r, "B: growth-stage startup");
    assert_eq!(b.api, Range::point(375.0));
    assert_eq!(b.replicas, 1);
    assert_eq!(b.gpu_only.self_host, Range::new(1000.0, 2000.0));
    assert_eq!(b.gpu_only.verdict, Verdict::ApiCheaper);
    assert_eq!(
        inferplan::text::format::factor(b.gpu_only.factor),
        "2.67–5.33×"
    );
    // 375 for a full 50M-token replica is below its 1,000 cost: the API stays cheaper.
    assert_eq!(b.gpu_only.break_even.low, BreakEven::Never);
}

#[test]
fn scenario_c_costs_3_750_with_deepseek_and_4_200_with_qwen() {
    let (plan, r) = results();
    for deployment in ["cloud", "on-prem"] {
        let ds = scenario(
            &plan,
            &r,
            &format!("C: enterprise, DeepSeek V4 Flash, {deployment}"),
        );
        let qwen = scenario(
            &plan,
            &r,
            &format!("C: enterprise, Qwen3-32B, {deployment}"),
        );
        assert!(close(ds.api.low, 3750.0), "{}", ds.api.low);
        assert!(close(qwen.api.low, 4200.0), "{}", qwen.api.low);
        assert_eq!(inferplan::text::format::money(qwen.api.low), "4,200");
        assert_eq!(ds.replicas, 1);
    }
    let cloud = scenario(&plan, &r, "C: enterprise, Qwen3-32B, cloud");
    assert_eq!(cloud.deployment, Deployment::Cloud);
    assert_eq!(cloud.gpu_only.self_host, Range::new(4000.0, 8000.0));
    // "Cost parity": 4,200 sits inside 4,000–8,000, so the ends decide.
    assert_eq!(cloud.gpu_only.verdict, Verdict::Depends);
    let on_prem = scenario(&plan, &r, "C: enterprise, Qwen3-32B, on-prem");
    assert_eq!(on_prem.gpu_only.self_host, Range::new(2000.0, 4000.0));
    assert_eq!(on_prem.gpu_only.verdict, Verdict::SelfHostCheaper);
}

#[test]
fn overheads_sum_to_900_4_900_on_prem_and_700_3_900_cloud() {
    let plan = default_plan();
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(r.overheads_on_prem, Range::new(900.0, 4900.0));
    assert_eq!(r.overheads_cloud, Range::new(700.0, 3900.0));
    // Overheads are what flips a verdict: with them, on-prem Qwen at 500M
    // (2,900–8,900 against 4,200) no longer wins outright.
    let (plan, s) = results();
    let q = scenario(&plan, &s, "C: enterprise, Qwen3-32B, on-prem");
    assert_eq!(q.with_overheads.self_host, Range::new(2900.0, 8900.0));
    assert_eq!(q.with_overheads.verdict, Verdict::Depends);
}

#[test]
fn break_even_of_qwen_on_an_8_gpu_cloud_replica_checked_by_hand() {
    // Qwen3-32B at 0.28/M for 30 days: a = 8.4e-6 $/month per token/day.
    // One 8x A100 replica: 4,000 (low) per 500M tokens/day, so a·c = 4,200.
    // Step n (volumes in ((n-1)·500M, n·500M]) costs 4,000n; the API is
    // still cheaper somewhere in it iff 4,000n > 4,200(n-1) ⇔ n < 21.
    // The last such step is 20, where the API catches up at
    // 80,000 / 8.4e-6 = 9,523,809,523.8 tokens/day. From there on self-hosting
    // is never dearer: at step 21 it costs 84,000 = 8.4e-6 × 10B exactly.
    let (plan, r) = results();
    let c = scenario(&plan, &r, "C: enterprise, Qwen3-32B, cloud");
    let be = c.gpu_only.break_even;
    assert!(close(be.low.volume().unwrap(), 80_000.0 / 8.4e-6));
    assert_eq!(
        inferplan::text::format::tokens(be.low.volume().unwrap()),
        "9.52B"
    );
    // At the high end one replica costs 8,000 > 4,200: never.
    assert_eq!(be.high, BreakEven::Never);
}

fn curve(a: f64, per_replica: Range, capacity: f64) -> CostCurve {
    CostCurve {
        api_per_token_day: a,
        per_replica,
        fixed: Range::default(),
        api_fixed: Range::default(),
        step_capacity: inferplan::engine::PerEnd::both(capacity),
        regions: 1,
        spares: 0,
        day: None,
    }
}

#[test]
fn a_free_model_never_breaks_even() {
    let be = curve(0.0, Range::new(100.0, 200.0), 1e6).break_even();
    assert_eq!((be.low, be.high), (BreakEven::Never, BreakEven::Never));
}

#[test]
fn api_equal_to_a_full_replica_never_breaks_even() {
    // a·c = 1,000 = P: parity only exactly at each boundary, never for good.
    let be = curve(1e-5, Range::point(1000.0), 100e6).break_even();
    assert_eq!(be.low, BreakEven::Never);
}

#[test]
fn break_even_exactly_at_a_replica_boundary() {
    // a = 1e-5, c = 100M, P = 500: a·c = 1,000 = 2P. Step n is behind iff
    // 500n > 1,000(n-1) ⇔ n < 2: only step 1, caught up at 500 / 1e-5 = 50M.
    // At 100M (the boundary) one replica costs 500 against 1,000.
    let c = curve(1e-5, Range::point(500.0), 100e6);
    assert!(close(c.break_even().low.volume().unwrap(), 50e6));
    assert_eq!(c.replicas_at(100e6), 1);
    assert_eq!(c.replicas_at(100e6 + 1.0), 2);
    // Just past the boundary: 2 replicas (1,000) against 1,000.00001.
    assert!(c.self_host_at(100e6 + 1.0).low <= c.api_at(100e6 + 1.0));
}

#[test]
fn a_range_whose_ends_straddle_the_verdict() {
    // Self-host 2,000–4,000 against an API line at 7.5e-6 per token/day
    // (DeepSeek V4 Flash), 500M per replica: the low end breaks even, the
    // high end (4,000 > 3,750 per full replica) never does.
    let c = curve(7.5e-6, Range::new(2000.0, 4000.0), 500e6);
    let be = c.break_even();
    // Low: step n behind iff 2,000n > 3,750(n-1) ⇔ n < 2.14 → step 2, 4,000 / 7.5e-6.
    assert!(close(be.low.volume().unwrap(), 4000.0 / 7.5e-6));
    assert_eq!(be.high, BreakEven::Never);
    let (plan, r) = results();
    let ds = scenario(&plan, &r, "C: enterprise, DeepSeek V4 Flash, on-prem");
    assert_eq!(ds.gpu_only.verdict, Verdict::Depends);
    assert_eq!(ds.gpu_only.break_even, be);
}

#[test]
fn spares_regions_peak_and_utilization_raise_replicas() {
    let mut plan = default_plan();
    let b = plan
        .scenarios
        .iter_mut()
        .find(|s| s.name.starts_with("B:"))
        .unwrap();
    // 99.9% SLA: N+1 in two regions; bursty traffic at 60% utilization.
    b.spare_replicas = 1;
    b.regions = 2;
    b.peak_to_average = 3.0;
    b.target_utilization = 0.6;
    b.monthly_growth = 0.1;
    let r = evaluate(&plan, Estimate::Range);
    let b = scenario(&plan, &r.scenarios, "B: growth-stage startup");
    // ceil(50M × 3 / (50M × 0.6)) = 5, plus 1 spare, in 2 regions: 12.
    assert_eq!(b.replicas, 12);
    assert_eq!(b.gpu_only.self_host, Range::new(12_000.0, 24_000.0));
    assert_eq!(b.api, Range::point(375.0));
    assert_eq!(
        b.gpu_only.months,
        (MonthsToBreakEven::Never, MonthsToBreakEven::Never)
    );
}

#[test]
fn growth_gives_months_until_break_even() {
    let mut plan = default_plan();
    let s = plan
        .scenarios
        .iter_mut()
        .find(|s| s.name == "C: enterprise, Qwen3-32B, cloud")
        .unwrap();
    s.monthly_growth = 0.10;
    let r = evaluate(&plan, Estimate::Range);
    let c = scenario(&plan, &r.scenarios, "C: enterprise, Qwen3-32B, cloud");
    // From 500M to 9.52B at 10 % a month: ln(19.05) / ln(1.1) = 30.9 → 31 months.
    assert_eq!(c.gpu_only.months.0, MonthsToBreakEven::In(31));
    assert_eq!(c.gpu_only.months.1, MonthsToBreakEven::Never);
}

#[test]
fn estimates_collapse_ranges_before_deciding() {
    let plan = default_plan();
    let mid = evaluate(&plan, Estimate::Mid);
    let b = scenario(&plan, &mid.scenarios, "B: growth-stage startup");
    assert_eq!(b.gpu_only.self_host, Range::point(1500.0));
    let low = evaluate(&plan, Estimate::Low);
    let q = scenario(&plan, &low.scenarios, "C: enterprise, Qwen3-32B, cloud");
    // At the low end 4,000 < 4,200: self-hosting wins outright.
    assert_eq!(q.gpu_only.verdict, Verdict::SelfHostCheaper);
}

#[test]
fn input_and_output_prices_blend_by_output_share() {
    let mut plan = default_plan();
    let m = plan
        .models
        .iter_mut()
        .find(|m| m.name == "DeepSeek V4 Flash")
        .unwrap();
    m.input_per_mtok = Some(0.05);
    let b = plan
        .scenarios
        .iter_mut()
        .find(|s| s.name.starts_with("B:"))
        .unwrap();
    b.output_share = Some(0.25);
    let r = evaluate(&plan, Estimate::Range);
    let b = scenario(&plan, &r.scenarios, "B: growth-stage startup");
    // 1.5B tokens × (0.25 × 0.25 + 0.75 × 0.05) / 1M = 1,500 × 0.1 = 150.
    assert!(close(b.api.low, 150.0));
}
