//! The architect-grade cost model, each formula against a case worked by
//! hand (the arithmetic in the comments). With none of its fields set, the
//! built-in plan's published figures stay exact (tests/figures.rs).

use inferplan::base::money::{Estimate, Range};
use inferplan::engine::evaluate;
use inferplan::plan::{Model, Plan, Scenario};
use inferplan::store::plan_file::{default_plan, from_toml, to_toml};

/// To the cent, as every figure is shown.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A plan with one model (0.60 out, 0.20 in, 0.05 cached, batch half off)
/// and one scenario of 100M tokens/day, 25 % output, on the 27-32b tier.
fn mixed() -> Plan {
    let mut plan = default_plan();
    plan.models.push(Model {
        name: "Mixed".into(),
        output_per_mtok: Some(0.60),
        input_per_mtok: Some(0.20),
        cached_input_per_mtok: Some(0.05),
        batch_discount: 0.5,
        ..plan.models[2].clone()
    });
    let mut s = Scenario::new("mix", 100_000_000, "Mixed");
    s.output_share = Some(0.25);
    s.cached_input_share = 0.4;
    s.batch_share = 0.2;
    plan.scenarios = vec![s];
    plan
}

fn api(plan: &Plan) -> f64 {
    evaluate(plan, Estimate::Range).scenarios[0].api.low
}

#[test]
fn cached_and_batched_tokens_are_priced_at_their_own_rates() {
    // Input per M: 60 % uncached × 0.20 + 40 % cached × 0.05 = 0.12 + 0.02 = 0.14.
    // Mix: 25 % × 0.60 + 75 % × 0.14 = 0.15 + 0.105 = 0.255.
    // Batch: 20 % of tokens at 50 % off: × (1 − 0.2 × 0.5) = × 0.9 → 0.2295.
    // Month: 100M × 30 days × 0.2295 / 1M = 688.50.
    assert_eq!(cents(api(&mixed())), 688.50);
    // Without the cache and the batch: 0.15 + 0.75 × 0.20 = 0.30 → 900.00.
    let mut plain = mixed();
    plain.scenarios[0].cached_input_share = 0.0;
    plain.scenarios[0].batch_share = 0.0;
    assert_eq!(cents(api(&plain)), 900.00);
    // No cached price: cached input is priced as input (0.30 again, × 0.9).
    let mut uncached = mixed();
    uncached.models.last_mut().unwrap().cached_input_per_mtok = None;
    assert_eq!(cents(api(&uncached)), 810.00);
}

#[test]
fn discounts_and_markups_apply_to_every_api_price() {
    // The plan's 10 % off: 688.50 × 0.9 = 619.65.
    let mut plan = mixed();
    plan.settings.api_discount = 0.1;
    assert_eq!(cents(api(&plan)), 619.65);
    // The model's own 20 % markup wins over it: 688.50 × 1.2 = 826.20.
    plan.models.last_mut().unwrap().api_discount = Some(-0.2);
    assert_eq!(cents(api(&plan)), 826.20);
    // The Models view's break-even prices with the discount too: Qwen3-32B
    // at 0.28 × 0.9 = 0.252 $/M.
    let mut plan = default_plan();
    plan.settings.api_discount = 0.1;
    let r = evaluate(&plan, Estimate::Range);
    assert!((r.models[2].blended_per_mtok.unwrap() - 0.252).abs() < 1e-12);
}

#[test]
fn contingency_raises_every_self_host_cost_and_only_those() {
    // Scenario B: one 27-32b replica, 1,000–2,000 cloud; overheads 700–3,900.
    // With 10 %: 1,100–2,200 and 770–4,290; the API's 375 stays.
    let mut plan = default_plan();
    plan.settings.contingency = 0.1;
    let r = evaluate(&plan, Estimate::Range);
    let b = &r.scenarios[1];
    let two = |x: Range| (cents(x.low), cents(x.high));
    assert_eq!(two(b.gpu_only.self_host), (1_100.0, 2_200.0));
    assert_eq!(two(b.overheads), (770.0, 4_290.0));
    assert_eq!(two(b.with_overheads.self_host), (1_870.0, 6_490.0));
    assert_eq!(cents(b.api.low), 375.0);
}

#[test]
fn every_new_field_survives_the_file_and_reads_in_percent() {
    let mut plan = mixed();
    plan.settings.api_discount = -0.05;
    plan.settings.contingency = 0.15;
    plan.models.last_mut().unwrap().api_discount = Some(0.3);
    let back = from_toml(&to_toml(&plan), "plan.toml").unwrap();
    assert_eq!(back, plan);
    let text = to_toml(&default_plan()).replace(
        "output_share = 1",
        "output_share = 1\napi_discount = \"10%\"\ncontingency = \"5%\"",
    );
    let read = from_toml(&text, "plan.toml").unwrap();
    assert_eq!(
        (read.settings.api_discount, read.settings.contingency),
        (0.1, 0.05)
    );
    let bad = text.replace("contingency = \"5%\"", "contingency = -1");
    let e = from_toml(&bad, "plan.toml").unwrap_err().to_string();
    assert!(e.contains("settings.contingency"), "{e}");
}

#[test]
fn the_explanation_names_each_term_of_the_price() {
    let mut plan = mixed();
    plan.settings.api_discount = 0.1;
    plan.settings.contingency = 0.1;
    let r = evaluate(&plan, Estimate::Range);
    let lines: Vec<String> = inferplan::analysis::explain::explain(&plan, &r, 0)
        .into_iter()
        .map(|l| l.text)
        .collect();
    let all = lines.join("\n");
    assert!(
        all.contains("API 0.2066 $/M: 25% output at 0.60, the rest input at 0.20; 40% of input cached at 0.05; 20% of tokens batched at 50% off; 10% off (the plan's discount)"),
        "{all}"
    );
    assert!(all.contains("include the plan's 10% contingency"), "{all}");
}

/// Scenario B (50M tokens/day on tier 27-32b, "2x A100 80GB") with the
/// tier priced from its parts instead of the published 1,000–2,000.
fn priced_from_parts(f: impl FnOnce(&mut inferplan::plan::GpuTier)) -> Plan {
    let mut plan = default_plan();
    let t = &mut plan.gpu_tiers[2];
    t.cloud_monthly = None;
    t.on_prem_monthly = None;
    f(t);
    plan
}

fn replica(plan: &Plan, scenario: usize) -> (f64, f64) {
    let r = evaluate(plan, Estimate::Range);
    let c = r.scenarios[scenario].gpu_only.curve.per_replica;
    (cents(c.low), cents(c.high))
}

#[test]
fn gpu_hours_become_a_month_at_730_hours() {
    use inferplan::plan::{Billing, Rate};
    // 2 GPUs (read from "2x A100 80GB") × 2.21 $/GPU-h × 730 h = 3,226.60.
    let plan = priced_from_parts(|t| t.pricing.cloud_gpu_hour = Some(Range::point(2.21)));
    assert_eq!(replica(&plan, 1), (3_226.60, 3_226.60));
    // Spot: 0.93 × 2 × 730 = 1,357.80, with 10 % extra replicas held for
    // interruptions: × 1.1 = 1,493.58.
    let plan = priced_from_parts(|t| {
        t.pricing.spot_gpu_hour = Some(Range::point(0.93));
        t.pricing.rate = Rate::Spot;
        t.pricing.spot_allowance = 0.1;
    });
    assert_eq!(replica(&plan, 1), (1_493.58, 1_493.58));
    // An active window of 10 hours a day: 730 × 10 / 24 = 304.17 hours,
    // 2 × 2.21 × 304.1667 = 1,344.42 a replica; a replica then serves
    // 50M × 10/24 = 20.83M a day, so B's 50M needs 3 of them.
    let plan = priced_from_parts(|t| {
        t.pricing.cloud_gpu_hour = Some(Range::point(2.21));
        t.pricing.billing = Billing::ActiveHours;
        t.pricing.active_hours = Some(10.0);
    });
    assert_eq!(replica(&plan, 1), (1_344.42, 1_344.42));
    assert_eq!(evaluate(&plan, Estimate::Range).scenarios[1].replicas, 3);
}

#[test]
fn owning_hardware_is_written_off_and_pays_back_against_renting() {
    // (30,000 − 6,000) / 36 = 666.67; upkeep 10 % a year of 30,000 / 12 =
    // 250; capital 8 % a year on (30,000 + 6,000) / 2 = 18,000 / 12 × 0.08 =
    // 120: 1,036.67 a month on-prem.
    let plan = priced_from_parts(|t| {
        t.pricing.purchase = Some(Range::point(30_000.0));
        t.pricing.residual = Some(Range::point(6_000.0));
        t.pricing.amortization_months = Some(36);
        t.pricing.upkeep_per_year = 0.10;
        t.pricing.cost_of_capital = 0.08;
        t.pricing.cloud_gpu_hour = Some(Range::point(2.21));
    });
    // Scenario 3 is C with DeepSeek on-prem on tier 200b+; use B on-prem.
    let mut on_prem = plan.clone();
    on_prem.scenarios[1].deployment = Some(inferplan::plan::Deployment::OnPrem);
    assert_eq!(replica(&on_prem, 1), (1_036.67, 1_036.67));
    // Renting costs 3,226.60 a month, owning's upkeep 250: buying saves
    // 2,976.60 a month and 30,000 / 2,976.60 = 10.08, so month 11.
    let t = &plan.gpu_tiers[2];
    let payback = inferplan::engine::payback_vs_renting(t).unwrap();
    assert_eq!(payback.0, inferplan::engine::MonthsToBreakEven::In(11));
    let r = evaluate(&on_prem, Estimate::Range);
    let text: Vec<String> = inferplan::analysis::explain::explain(&on_prem, &r, 1)
        .into_iter()
        .map(|l| l.text)
        .collect();
    let all = text.join("\n");
    assert!(
        all.contains("a replica: (30,000 bought − 6,000 residual) / 36 months + upkeep 10%/yr + capital 8%/yr = 1,036.67/mo"),
        "{all}"
    );
    assert!(
        all.contains("pays back against renting the same tier in 11 mo"),
        "{all}"
    );
}

#[test]
fn measured_throughput_is_a_capacity_of_86_400_seconds_a_day() {
    // 578.7037 tokens/s × 86,400 = 49,999,999.7: 50,000,000 tokens/day.
    let text = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "tokens_per_day = 50_000_000",
        "tokens_per_second = 578.7037",
        1,
    );
    let plan = from_toml(&text, "plan.toml").unwrap();
    assert_eq!(plan.gpu_tiers[2].tokens_per_day, 50_000_000);
    assert_eq!(from_toml(&to_toml(&plan), "plan.toml").unwrap(), plan);
    // Both, disagreeing: refused, pointing at the line.
    let both = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "tokens_per_day = 50_000_000",
        "tokens_per_day = 50_000_000\ntokens_per_second = 100",
        1,
    );
    let e = from_toml(&both, "plan.toml").unwrap_err().to_string();
    assert!(
        e.contains("gpu_tiers[2].tokens_per_day: disagrees with tokens_per_second"),
        "{e}"
    );
}

#[test]
fn a_plan_using_every_pricing_field_survives_the_file() {
    use inferplan::plan::{Billing, Rate};
    let plan = priced_from_parts(|t| {
        t.pricing.gpu_count = Some(2);
        t.pricing.cloud_gpu_hour = Some(Range::new(1.8, 2.4));
        t.pricing.spot_gpu_hour = Some(Range::new(0.9, 1.1));
        t.pricing.rate = Rate::Spot;
        t.pricing.spot_allowance = 0.15;
        t.pricing.billing = Billing::ActiveHours;
        t.pricing.active_hours = Some(12.5);
        t.pricing.purchase = Some(Range::new(25_000.0, 35_000.0));
        t.pricing.residual = Some(Range::point(5_000.0));
        t.pricing.amortization_months = Some(48);
        t.pricing.upkeep_per_year = 0.1;
        t.pricing.cost_of_capital = 0.07;
        t.tokens_per_second = Some(600.0);
        t.tokens_per_day = inferplan::plan::tokens_per_day_at(600.0);
    });
    let text = to_toml(&plan);
    assert!(text.contains("cloud_gpu_hour = [1.8, 2.4]"), "{text}");
    assert_eq!(from_toml(&text, "plan.toml").unwrap(), plan);
}

fn overhead(name: &str, applies_to: inferplan::plan::AppliesTo) -> inferplan::plan::Overhead {
    inferplan::plan::Overhead {
        name: name.into(),
        monthly: None,
        drivers: Default::default(),
        scales_with: None,
        most_likely: None,
        applies_to,
        note: String::new(),
    }
}

#[test]
fn overheads_follow_from_their_drivers_and_scale_as_told() {
    use inferplan::plan::{AppliesTo, Drivers, ScalesWith};
    let mut plan = default_plan();
    plan.overheads.clear();
    // DevOps: 15 h/wk × 90 $/h × 4.33 weeks = 5,845.50 a month.
    let mut devops = overhead("DevOps", AppliesTo::Both);
    devops.drivers = Drivers {
        hours_per_week: Some(Range::point(15.0)),
        hourly_rate: Some(Range::point(90.0)),
        ..Drivers::default()
    };
    // Electricity: 700 W × 1.4 PUE × 730 h / 1000 = 715.4 kWh × 0.12 =
    // 85.848 a GPU a month; an 8-GPU replica: 686.78.
    let mut power = overhead("Electricity", AppliesTo::OnPrem);
    power.drivers = Drivers {
        watts_per_gpu: Some(700.0),
        pue: Some(1.4),
        price_per_kwh: Some(Range::point(0.12)),
        ..Drivers::default()
    };
    // Half an engineer at 12,000 loaded: 6,000; a 48,000 migration over
    // the default 24-month horizon: 2,000; monitoring per region: 100 × regions.
    let mut staff = overhead("SRE", AppliesTo::Both);
    staff.drivers = Drivers {
        fte: Some(0.5),
        fte_monthly: Some(Range::point(12_000.0)),
        ..Drivers::default()
    };
    let mut migration = overhead("Migration", AppliesTo::Both);
    migration.drivers = Drivers {
        one_off: Some(Range::point(48_000.0)),
        ..Drivers::default()
    };
    let mut monitoring = overhead("Monitoring", AppliesTo::Both);
    monitoring.monthly = Some(Range::point(100.0));
    monitoring.scales_with = Some(ScalesWith::Region);
    // The API path's own: integration work, 1,000 a month.
    let mut integration = overhead("Integration", AppliesTo::Api);
    integration.monthly = Some(Range::point(1_000.0));
    plan.overheads = vec![devops, power, staff, migration, monitoring, integration];
    // Scenario "C: enterprise, Qwen3-32B, on-prem" (row 5): one 8-GPU
    // replica of tier 200b+, one region.
    plan.scenarios[5].regions = 2;
    let r = evaluate(&plan, Estimate::Range);
    let c = &r.scenarios[5];
    // Per region 2 × 1 replica = 2 replicas; fixed: 5,845.50 + 6,000 +
    // 2,000 + 2 × 100 = 14,045.50; per replica 686.78 × 2 = 1,373.57.
    assert_eq!(c.replicas, 2);
    assert_eq!(cents(c.overheads.low), 15_419.07);
    // The API path pays its integration only with overheads counted:
    // 4,200 + 1,000.
    assert_eq!(cents(c.api_overheads.low), 1_000.0);
    let gpu = c.gpu_only.self_host;
    assert_eq!(
        cents(c.with_overheads.self_host.low),
        cents(gpu.low + 15_419.07)
    );
    let markdown =
        inferplan::output::report::render(&plan, &r, inferplan::output::report::Format::Json);
    assert!(markdown.contains("\"api_overheads_monthly\""), "{markdown}");
}

#[test]
fn the_drivers_cell_reads_what_it_shows() {
    use inferplan::plan::{AppliesTo, Drivers};
    for text in [
        "15 h/wk × 90 $/h",
        "10–20 h/wk × 90 $/h",
        "700 W × 1.4 PUE × 0.12 $/kWh",
        "700 W × 0.12 $/kWh",
        "0.5 FTE × 12,000",
        "one-off 48,000",
    ] {
        let mut plan = default_plan();
        let mut o = overhead("x", AppliesTo::Both);
        o.monthly = Some(Range::point(1.0));
        plan.overheads = vec![o];
        let column = inferplan::columns::of(inferplan::plan::Table::Overheads)
            .iter()
            .find(|c| c.title == "Drivers")
            .unwrap();
        column.apply(&mut plan, 0, text).unwrap();
        assert_eq!(column.edit_text(&plan, 0).unwrap(), text);
        assert_eq!(plan.overheads[0].monthly, None, "{text}");
        assert_ne!(plan.overheads[0].drivers, Drivers::default());
    }
}

#[test]
fn the_explanation_shows_each_overhead_from_drivers() {
    use inferplan::plan::{AppliesTo, Drivers};
    let mut plan = default_plan();
    let mut power = overhead("Electricity", AppliesTo::OnPrem);
    power.drivers = Drivers {
        watts_per_gpu: Some(700.0),
        pue: Some(1.4),
        price_per_kwh: Some(Range::point(0.12)),
        ..Drivers::default()
    };
    plan.overheads[4] = power;
    let r = evaluate(&plan, Estimate::Range);
    let all: Vec<String> = inferplan::analysis::explain::explain(&plan, &r, 5)
        .into_iter()
        .map(|l| l.text)
        .collect();
    let all = all.join("\n");
    assert!(
        all.contains("Electricity (on-prem): 700 W × 1.4 PUE × 0.12 $/kWh × 730 h / 1000 = 85.85/mo a GPU × 8 GPUs × 1 replica = 686.78/mo"),
        "{all}"
    );
}

/// One tier of 24M tokens/day (1M an hour) at `per_replica` a month; a
/// model at 1.00 $/M; one scenario of 24M a day, 3× the average for 4 h.
fn hybrid_plan(per_replica: f64) -> Plan {
    let text = format!(
        r#"schema = 1
name = "hybrid"
[[gpu_tiers]]
id = "t"
gpus = "1x GPU"
cloud_monthly = {per_replica}
tokens_per_day = 24_000_000
[[models]]
name = "m"
output_per_mtok = 1.0
tier = "t"
[[scenarios]]
name = "s"
tokens_per_day = 24_000_000
model = "m"
peak_to_average = 3
peak_hours = 4
"#
    );
    from_toml(&text, "hybrid.toml").unwrap()
}

fn hybrid_of(plan: &Plan) -> (inferplan::engine::Hybrid, inferplan::engine::Cheapest) {
    let r = evaluate(plan, Estimate::Range);
    let s = &r.scenarios[0];
    (s.hybrid.unwrap(), s.cheapest.unwrap())
}

#[test]
fn the_hybrid_takes_k_replicas_and_sends_the_overflow_to_the_api() {
    use inferplan::engine::Cheapest;
    // The peak: 3 × 24M / 24 = 3M an hour for 4 h (12M); the other 12M over
    // 20 h: 0.6M an hour. A replica serves 1M an hour. The API: 24M × 30 ×
    // 1.00 / 1M = 720 a month; K = 1 leaves 4 × 2M = 8M a day (240), K = 2
    // 4M (120), K = 3 none. Pure self-hosting needs ceil(24M × 3 / 24M) = 3.
    //
    // At 500 a replica: K = 1 costs 740, K = 2 1,120, K = 3 1,500: K = 0,
    // the API, is cheapest.
    let (h, cheapest) = hybrid_of(&hybrid_plan(500.0));
    assert_eq!((h.replicas.0, cents(h.monthly.low)), (0, 720.0));
    assert_eq!(cheapest, Cheapest::Api);
    // At 200: K = 1 costs 200 + 240 = 440, K = 2 520, K = 3 600, the API
    // 720: one replica for the base load beats both pure options.
    let (h, cheapest) = hybrid_of(&hybrid_plan(200.0));
    assert_eq!((h.replicas.0, cents(h.monthly.low)), (1, 440.0));
    assert_eq!(h.overflow_tokens_per_day.0, 8e6);
    assert_eq!(cheapest, Cheapest::Hybrid);
    // At 50: K = 1 290, K = 2 220, K = 3 150 = pure self-hosting, which wins.
    let (h, cheapest) = hybrid_of(&hybrid_plan(50.0));
    assert_eq!((h.replicas.0, cents(h.monthly.low)), (3, 150.0));
    assert_eq!(cheapest, Cheapest::SelfHost);
    // The explanation shows the arithmetic.
    let plan = hybrid_plan(200.0);
    let r = evaluate(&plan, Estimate::Range);
    let all: Vec<String> = inferplan::analysis::explain::explain(&plan, &r, 0)
        .into_iter()
        .map(|l| l.text)
        .collect();
    let all = all.join("\n");
    assert!(all.contains("24M/day at 3× the average for 4 h: 3M/h at the peak, 600k/h the other 20 h; a replica serves 1M/h at 100% utilization"), "{all}");
    assert!(
        all.contains("with the cheap figures: 1 replica and 8M/day to the API: 200 + 240 = 440/mo"),
        "{all}"
    );
    assert!(
        all.contains("cheapest of API, self-hosting and the hybrid: hybrid"),
        "{all}"
    );
}

/// ConfigIQ's audit fixture A5 (redhat-performance/configiq,
/// lib/hybrid-savings/audit-scenarios.test.ts; tests/fixtures/configiq-hybrid.md):
/// 81M billed tokens a month a replica, a replica at 100 a month plus 30
/// of infrastructure, the API at 1.40 $/M (80 % input at 1, 20 % output at
/// 3). It finds the rented option no dearer from 235,714,286 tokens a month
/// (ceil(330 / 1.40 × 1e6): three replicas and the 30).
fn configiq_a5(tokens_per_month: u64) -> Plan {
    let text = format!(
        r#"schema = 1
name = "configiq A5"
[settings]
include_overheads = true
output_share = 0.2
[[gpu_tiers]]
id = "a"
gpus = "1x GPU"
cloud_monthly = 100
tokens_per_day = 2_700_000
[[models]]
name = "m"
input_per_mtok = 1.0
output_per_mtok = 3.0
tier = "a"
[[overheads]]
name = "infrastructure"
monthly = 30
applies_to = "cloud"
[[scenarios]]
name = "s"
tokens_per_day = {}
model = "m"
peak_hours = 24
"#,
        tokens_per_month / 30
    );
    let mut plan = from_toml(&text, "a5.toml").unwrap();
    // Their monthly volume, not a whole number of tokens a day.
    plan.scenarios[0].tokens_per_day = tokens_per_month / 30;
    plan
}

#[test]
fn configiq_a5_crosses_at_the_same_volume() {
    // The same meaning: flat traffic (p = 1), capacity 81M / 30 = 2.7M a
    // day, months of 30 days, the 30 paid with any replica. Our break-even
    // with overheads: step 3 costs 3 × 100 + 30 = 330, which the API reaches
    // at 330 / (30 × 1.40 / 1M) = 7,857,142.86 tokens a day: × 30 =
    // 235,714,285.7, a whole token up: 235,714,286 a month, as ConfigIQ.
    // Their "break-even" is the first volume at which renting is no dearer:
    // our `first_cheaper`. Our break-even proper is where it stays so: each
    // replica adds 100 against 2.7M × 30 × 1.40 / 1M = 113.40 of API, so
    // the 30 is won back only from step 11: S_10 = 1,030 → 735,714,286 a
    // month. The models differ in what they call break-even, not in figures.
    let plan = configiq_a5(235_714_290);
    let r = evaluate(&plan, Estimate::Range);
    let c = &r.scenarios[0].with_overheads;
    let monthly = |b: inferplan::engine::BreakEven| (b.volume().unwrap() * 30.0).ceil();
    assert_eq!(monthly(c.first_cheaper.low), 235_714_286.0);
    assert_eq!(monthly(c.break_even.low), 735_714_286.0);
    // There the hybrid is three replicas (no overflow) at 330.00.
    let h = r.scenarios[0].hybrid.unwrap();
    assert_eq!((h.replicas.0, cents(h.monthly.low)), (3, 330.0));
}

#[test]
fn where_configiq_buys_a_replica_for_one_token_the_hybrid_overflows() {
    // ConfigIQ A4: at 81,000,001 tokens a month it rents a second replica
    // (200 → 400 there). Our hybrid keeps one and sends the token to the API:
    // a model difference, not an error (their self-host options carry all
    // the traffic; ours can split it). With their 200 a replica and an API
    // at 100 $/M, one token a day over is 100 × 30 / 1M = 0.003 a month.
    let text = r#"schema = 1
name = "configiq A4"
[[gpu_tiers]]
id = "a"
gpus = "1x GPU"
cloud_monthly = 200
tokens_per_day = 2_700_000
[[models]]
name = "m"
output_per_mtok = 100.0
tier = "a"
[[scenarios]]
name = "s"
tokens_per_day = 2_700_001
model = "m"
peak_hours = 24
"#;
    let plan = from_toml(text, "a4.toml").unwrap();
    let r = evaluate(&plan, Estimate::Range);
    let s = &r.scenarios[0];
    assert_eq!(
        s.replicas, 2,
        "pure self-hosting needs a second replica, as ConfigIQ"
    );
    let h = s.hybrid.unwrap();
    assert_eq!(
        (h.replicas.0, h.overflow_tokens_per_day.0.round()),
        (1, 1.0)
    );
    assert_eq!(cents(h.monthly.low), 200.0);
}

#[test]
fn an_availability_target_adds_spares_and_regions_and_says_what_they_cost() {
    // Scenario B: one 27-32b replica, 1,000–2,000 a month in the cloud.
    let mut plan = default_plan();
    // 99.9 %: N+1, two replicas; the spare costs 1,000–2,000.
    plan.scenarios[1].availability = Some(0.999);
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(r.scenarios[1].replicas, 2);
    assert_eq!(r.scenarios[1].redundancy, Range::new(1_000.0, 2_000.0));
    // 99.95 %: N+1 in two regions, four; three more than one: 3,000–6,000.
    plan.scenarios[1].availability = Some(0.9995);
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(r.scenarios[1].replicas, 4);
    assert_eq!(r.scenarios[1].redundancy, Range::new(3_000.0, 6_000.0));
    let all: Vec<String> = inferplan::analysis::explain::explain(&plan, &r, 1)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert!(
        all.join("\n").contains("availability 99.95%: 1 spare a region in 2 regions (N+1 from 99.9 %, a second region above it); the redundancy costs 3,000–6,000/mo"),
        "{all:#?}"
    );
    // A scenario's own higher counts stand.
    plan.scenarios[1].spare_replicas = 2;
    assert_eq!(plan.scenarios[1].redundancy(), (2, 2));
}

#[test]
fn a_plan_in_another_currency_converts_imported_usd_prices() {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("plan.toml");
    let text = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "output_share = 1.0",
        "output_share = 1.0\ncurrency = \"EUR\"\nusd_rate = 0.92",
        1,
    );
    std::fs::write(&plan_path, &text).unwrap();
    let csv = dir.path().join("p.csv");
    std::fs::write(
        &csv,
        "name,input_per_mtok,output_per_mtok\nalpha-8b,1.00,2.00\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_inferplan");
    let out = std::process::Command::new(bin)
        .args([
            "import",
            "csv",
            csv.to_str().unwrap(),
            "--into",
            plan_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("USD prices converted at 0.92 EUR per USD"),
        "{said}"
    );
    // 1.00 USD × 0.92 = 0.92 EUR, 2.00 × 0.92 = 1.84.
    let plan = inferplan::store::plan_file::load(&plan_path).unwrap();
    let m = plan.model("alpha-8b").unwrap();
    assert_eq!(
        (m.input_per_mtok, m.output_per_mtok),
        (Some(0.92), Some(1.84))
    );
    let report = inferplan::output::report::render(
        &plan,
        &evaluate(&plan, Estimate::Range),
        inferplan::output::report::Format::Table,
    );
    assert!(report.contains("EUR per month"), "{report}");
}

#[test]
fn buying_the_replicas_pays_back_against_the_api() {
    // Scenario "C: enterprise, Qwen3-32B, on-prem": one 8-GPU replica, the
    // API at 4,200 a month. A purchase of 60,000 with 10 % upkeep a year
    // (500 a month): 60,000 / (4,200 − 500) = 16.2, month 17.
    let mut plan = default_plan();
    let t = &mut plan.gpu_tiers[4];
    t.pricing.purchase = Some(Range::point(60_000.0));
    t.pricing.upkeep_per_year = 0.1;
    let r = evaluate(&plan, Estimate::Range);
    let p = inferplan::engine::payback_vs_api(&plan, &r.scenarios[5]).unwrap();
    assert_eq!(p.months.0, inferplan::engine::MonthsToBreakEven::In(17));
    assert_eq!(p.running, Range::point(500.0));
}

#[test]
fn buying_never_pays_back_when_running_the_replicas_costs_more_than_the_api() {
    // The same purchase, with the verdicts counting overheads: electricity
    // for its 8 GPUs (700 W × 1.4 × 730 h × 0.12 = 85.848 a GPU, 686.78 a
    // replica) and 4,000 a month of staff leave 4,200 − (500 + 686.78 +
    // 4,000) < 0 a month to repay the purchase with: it never pays back,
    // though the API alone is dearer than the upkeep.
    use inferplan::plan::{AppliesTo, Drivers};
    let mut plan = default_plan();
    plan.settings.include_overheads = true;
    let t = &mut plan.gpu_tiers[4];
    t.pricing.purchase = Some(Range::point(60_000.0));
    t.pricing.upkeep_per_year = 0.1;
    let mut power = overhead("Electricity", AppliesTo::OnPrem);
    power.drivers = Drivers {
        watts_per_gpu: Some(700.0),
        pue: Some(1.4),
        price_per_kwh: Some(Range::point(0.12)),
        ..Drivers::default()
    };
    let mut staff = overhead("Staff", AppliesTo::OnPrem);
    staff.monthly = Some(Range::point(4_000.0));
    plan.overheads = vec![power, staff];
    let r = evaluate(&plan, Estimate::Range);
    let p = inferplan::engine::payback_vs_api(&plan, &r.scenarios[5]).unwrap();
    use inferplan::engine::MonthsToBreakEven::Never;
    assert_eq!(p.months, (Never, Never));
    assert_eq!(cents(p.running.low), 5_186.78);
    let why = inferplan::analysis::explain::explain(&plan, &r, 5)
        .into_iter()
        .map(|l| l.text)
        .find(|t| t.starts_with("buying its"))
        .unwrap();
    assert!(why.contains("never pays back"), "{why}");
    assert!(why.contains("upkeep and overheads, 5,186.78/mo"), "{why}");
}

#[test]
fn scale_to_zero_bills_the_busy_hours_and_instances_pack_replicas() {
    use inferplan::plan::Billing;
    // Tier 27-32b from GPU hours: 2 GPUs × 2.21 = 4.42 an hour; a replica
    // serves 50M / 24 = 2.083M tokens an hour. Scale-to-zero bills a
    // replica-hour every day: 4.42 × 30 days × (1 + 20 % buffer) = 159.12 a
    // month each. Scenario B's 50M a day keeps 24 busy; at 10M, ceil(4.8) = 5.
    let mut plan = priced_from_parts(|t| {
        t.pricing.cloud_gpu_hour = Some(Range::point(2.21));
        t.pricing.billing = Billing::ScaleToZero;
        t.pricing.scale_buffer = 0.2;
    });
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(r.scenarios[1].replicas, 24);
    assert_eq!(cents(r.scenarios[1].gpu_only.self_host.low), 3_818.88);
    plan.scenarios[1].tokens_per_day = 10_000_000;
    plan.scenarios[1].peak_hours = Some(4.0);
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(cents(r.scenarios[1].gpu_only.self_host.low), 795.60);
    assert!(
        r.scenarios[1].hybrid.is_none(),
        "scale-to-zero already follows the volume"
    );
    // Four 1-GPU replicas an instance (tier 7-9b at 1.00 $/GPU-h): an
    // instance costs 4 × 1 × 730 = 2,920 and serves 4 × 25M; scenario A's
    // 1M needs one.
    let mut plan = default_plan();
    let t = &mut plan.gpu_tiers[0];
    t.cloud_monthly = None;
    t.pricing.cloud_gpu_hour = Some(Range::point(1.0));
    t.pricing.replicas_per_instance = Some(4);
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(cents(r.scenarios[0].gpu_only.self_host.low), 2_920.0);
    assert_eq!(r.scenarios[0].gpu_only.curve.step_capacity, 100e6);
}

#[test]
fn an_overhead_per_replica_is_paid_by_every_replica() {
    use inferplan::plan::{AppliesTo, ScalesWith};
    // Monitoring at 50 a replica; scenario B with 3 regions × (1 + 1 spare)
    // = 6 replicas: 300 a month of overheads.
    let mut plan = default_plan();
    let mut monitoring = overhead("Monitoring", AppliesTo::Both);
    monitoring.monthly = Some(Range::point(50.0));
    monitoring.scales_with = Some(ScalesWith::Replica);
    plan.overheads = vec![monitoring];
    plan.scenarios[1].regions = 3;
    plan.scenarios[1].spare_replicas = 1;
    let r = evaluate(&plan, Estimate::Range);
    assert_eq!(r.scenarios[1].replicas, 6);
    assert_eq!(r.scenarios[1].overheads, Range::point(300.0));
}

#[test]
fn an_overhead_per_replica_counts_the_replicas_an_instance_or_a_busy_hour_keeps() {
    use inferplan::engine::{Item, Per};
    use inferplan::plan::{AppliesTo, Billing, ScalesWith};
    let mut monitoring = overhead("Monitoring", AppliesTo::Both);
    monitoring.monthly = Some(Range::point(50.0));
    monitoring.scales_with = Some(ScalesWith::Replica);
    // Four 1-GPU replicas an instance: scenario A's 1M needs one instance,
    // which keeps 4 replicas running: 4 × 50 = 200 a month of monitoring.
    let mut plan = default_plan();
    plan.overheads = vec![monitoring.clone()];
    let t = &mut plan.gpu_tiers[0];
    t.cloud_monthly = None;
    t.pricing.cloud_gpu_hour = Some(Range::point(1.0));
    t.pricing.replicas_per_instance = Some(4);
    let r = evaluate(&plan, Estimate::Range);
    let a = &r.scenarios[0];
    assert_eq!(a.replicas, 1, "one instance");
    assert_eq!(a.overheads, Range::point(200.0));
    let gpus = a.ledger.replica_cost().next().unwrap();
    assert_eq!(
        (gpus.item, gpus.per, gpus.count.dear),
        (Item::GpuHours, Per::Instance(4), 1.0)
    );
    assert_eq!(a.ledger.overhead(0).unwrap().count, 4.0);
    // Scale-to-zero on tier 27-32b: scenario B's 50M keeps 24 replica-hours
    // busy a day, billed with a 20 % buffer: 24 × 1.2 / 24 = 1.2 replicas
    // running on average, 1.2 × 50 = 60 a month of monitoring.
    let mut plan = priced_from_parts(|t| {
        t.pricing.cloud_gpu_hour = Some(Range::point(2.21));
        t.pricing.billing = Billing::ScaleToZero;
        t.pricing.scale_buffer = 0.2;
    });
    plan.overheads = vec![monitoring];
    let r = evaluate(&plan, Estimate::Range);
    let b = &r.scenarios[1];
    assert_eq!(b.replicas, 24);
    assert_eq!(cents(b.overheads.low), 60.0);
    assert_eq!(b.ledger.replica_cost().next().unwrap().per, Per::BusyHour);
}
