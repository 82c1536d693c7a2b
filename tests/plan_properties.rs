//! Properties of every valid plan: it survives a trip through its TOML file
//! unchanged, and the engine turns it into finite, non-negative money and
//! break-even volumes that hold what they claim.

use inferplan::base::money::{Estimate, Range};
use inferplan::engine::{
    BreakEven, BreakEvenRange, CostCurve, Results, Verdict, evaluate, validate,
};
use inferplan::plan::{
    AppliesTo, Billing, Deployment, Drivers, GpuTier, Measured, Model, Offers, Overhead, Plan,
    Rate, ScalesWith, Scenario, Settings, Source, TierPricing, tokens_per_day_at,
};
use inferplan::plan::{DEFAULT_PLAN_TOML, MAX_TOKENS_PER_DAY, MIN_CAPACITY, MIN_UTILIZATION};
use inferplan::store::plan_file::{from_toml, to_toml};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use proptest::test_runner::TestCaseError;
use std::sync::mpsc;
use std::time::Duration;

fn seed() -> RngSeed {
    std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(RngSeed::Fixed(20261127), RngSeed::Fixed)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // 64 by default; PROPTEST_CASES=5000 for a deeper run.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        // Failures print their shrunk plan; no regression files in the tree.
        failure_persistence: None,
        // The same cases every run, so the suite is deterministic;
        // PROPTEST_RNG_SEED=<n> (or a new seed here) explores others.
        rng_seed: seed(),
        ..ProptestConfig::default()
    }
}

// ----- numbers ----------------------------------------------------------------

/// A float in `[lo, hi]`, biased toward the awkward: the ends, binary-inexact
/// decimals (0.1), tiny values (1e-7), many decimals, whole numbers, and any
/// magnitude in between (log-uniform).
fn awkward(lo: f64, hi: f64) -> BoxedStrategy<f64> {
    let specials: Vec<f64> = [
        0.0,
        1e-7,
        0.1,
        0.2,
        0.3,
        1.0 / 3.0,
        0.6,
        0.7,
        1.0,
        1.1,
        2.5,
        30.0,
        1e6,
        1e12,
    ]
    .into_iter()
    .filter(|v| (lo..=hi).contains(v))
    .collect();
    let clamp = move |v: f64| v.clamp(lo, hi);
    let mut options: Vec<BoxedStrategy<f64>> = vec![
        Just(lo).boxed(),
        Just(hi).boxed(),
        (lo..=hi).boxed(),
        // Many decimals: an integer over a power of ten.
        (0u64..=1_000_000_000_000_000, 0i32..=15)
            .prop_map(move |(m, k)| clamp(m as f64 / 10f64.powi(k)))
            .boxed(),
        // Any order of magnitude.
        (-9.0f64..=12.0, 1.0f64..10.0)
            .prop_map(move |(e, m)| clamp(m * 10f64.powf(e.floor())))
            .boxed(),
        // Whole numbers.
        (lo.ceil() as u64..=hi.floor().min(1e15) as u64)
            .prop_map(move |v| clamp(v as f64))
            .boxed(),
    ];
    if !specials.is_empty() {
        options.push(proptest::sample::select(specials).boxed());
    }
    proptest::strategy::Union::new(options).boxed()
}

/// A money range: two awkward numbers in order, or one (low == high).
fn money(bounds: (f64, f64)) -> impl Strategy<Value = Range> {
    prop_oneof![
        zero_or_at_least(bounds).prop_map(Range::point),
        (zero_or_at_least(bounds), zero_or_at_least(bounds))
            .prop_map(|(a, b)| Range::new(a.min(b), a.max(b))),
    ]
}

/// Tokens a day, up to `hi`, biased toward round and extreme volumes.
fn tokens(lo: u64, hi: u64) -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(lo),
        Just(hi),
        lo..=hi,
        (0u32..=15).prop_map(move |k| 10u64.pow(k).clamp(lo, hi)),
        (1u64..=1000, 0u32..=12).prop_map(move |(m, k)| (m * 10u64.pow(k)).clamp(lo, hi)),
    ]
}

// ----- text -------------------------------------------------------------------

/// Free text with everything TOML must escape: quotes, backslashes, newlines,
/// tabs, control characters, `#`, `=`, brackets and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 ._-]{0,12}",
        "[a-z \"'\\\\#=\\[\\]\t\n\r\u{0}\u{1b}\u{7f}\u{a0}é€😀-]{0,16}",
        "\\PC{0,12}",
    ]
}

/// A name, unique by its suffix.
fn named(raw: String, i: usize) -> String {
    format!("{raw}#{i}")
}

// ----- plans ------------------------------------------------------------------

/// The number ranges a plan is generated in. Prices and money are 0 or at
/// least their minimum.
#[derive(Clone, Copy, Debug)]
struct Domain {
    days: (f64, f64),
    price: (f64, f64),
    money: (f64, f64),
    capacity: (u64, u64),
    volume: u64,
    utilization: f64,
    peak: f64,
}

/// Plans a person could write, stretched: prices from a tenth of a cent to
/// 100 per million tokens, money from a cent to a million a month, replicas
/// serving 1M to 1G tokens a day, volumes up to 1e12 tokens a day,
/// utilization down to 10 %, peaks up to 1000 × average.
const PLANNING: Domain = Domain {
    days: (1.0, 31.0),
    price: (1e-3, 100.0),
    money: (0.01, 1e6),
    capacity: (1_000_000, 1_000_000_000),
    volume: 1_000_000_000_000,
    utilization: 0.1,
    peak: 1000.0,
};

/// Everything `validate` accepts, to its limits (`PROPTEST_CASES=10000`
/// passes `extreme_plans_evaluate_soundly` on any seed tried).
const EXTREME: Domain = Domain {
    days: (1.0, 31.0),
    price: (0.0, 1e12),
    money: (0.0, 1e12),
    capacity: (MIN_CAPACITY, MAX_TOKENS_PER_DAY),
    volume: MAX_TOKENS_PER_DAY,
    utilization: MIN_UTILIZATION,
    peak: 1000.0,
};

/// `awkward(0, max)`, with positive values below `min` raised to it.
fn zero_or_at_least((min, max): (f64, f64)) -> impl Strategy<Value = f64> {
    awkward(0.0, max).prop_map(move |v| if v > 0.0 { v.max(min) } else { v })
}

fn settings(d: Domain) -> impl Strategy<Value = Settings> {
    (
        awkward(d.days.0, d.days.1),
        prop::sample::select(Deployment::ALL.to_vec()),
        prop::sample::select(Estimate::ALL.to_vec()),
        any::<bool>(),
        awkward(0.0, 1.0),
        (
            prop_oneof![Just(180u32), 0u32..=3650],
            prop_oneof![3 => Just(0.0), 1 => awkward(-1.0, 1.0)],
            prop_oneof![3 => Just(0.0), 1 => awkward(0.0, 10.0)],
            prop_oneof![Just(24u32), 1u32..=600],
            prop_oneof![3 => Just(0.0), 1 => awkward(0.0, 1e7)],
        ),
    )
        .prop_map(
            |(days_per_month, deployment, estimate, include_overheads, output_share, more)| {
                let (stale, api_discount, contingency, horizon_months, migration) = more;
                Settings {
                    days_per_month,
                    deployment,
                    estimate,
                    include_overheads,
                    output_share,
                    stale_after_days: stale,
                    api_discount,
                    contingency,
                    horizon_months,
                    migration,
                    currency: if horizon_months % 2 == 0 {
                        "USD".into()
                    } else {
                        "EUR".into()
                    },
                    usd_rate: if horizon_months % 2 == 0 { 1.0 } else { 0.92 },
                }
            },
        )
}

/// Any source, its detail as the file reads it back (trimmed).
fn source() -> impl Strategy<Value = Source> {
    let detail = || text().prop_map(|t| t.trim().to_string());
    prop_oneof![
        Just(Source::Published),
        Just(Source::Assumption),
        detail().prop_map(Source::Guessed),
        detail().prop_map(Source::Imported),
        detail().prop_map(Source::Measured),
    ]
}

/// A day from 1970 to 2100, or none.
fn as_of() -> impl Strategy<Value = Option<inferplan::base::date::Date>> {
    prop::option::of((0i64..47_482).prop_map(inferplan::base::date::Date::from_days))
}

fn measured() -> impl Strategy<Value = Option<Measured>> {
    let ms = || prop::option::of(awkward(0.0, 1e5));
    prop::option::of(
        (
            awkward(0.0, 1e6),
            prop::option::of(1u32..512),
            ms(),
            ms(),
            ms(),
            ms(),
            ms(),
        )
            .prop_map(|(tps, c, ttft, tpot, e2el, input, output)| Measured {
                tokens_per_second: tps,
                max_concurrency: c,
                p99_ttft_ms: ttft,
                p99_tpot_ms: tpot,
                p99_e2el_ms: e2el,
                input_tokens: input,
                output_tokens: output,
            }),
    )
}

fn offers(d: Domain) -> impl Strategy<Value = Option<Offers>> {
    prop::option::of(
        (text(), text(), 1u32..40, money(d.price), money(d.price)).prop_map(
            |(pick, provider, providers, output_per_mtok, input_per_mtok)| Offers {
                pick,
                provider,
                providers,
                output_per_mtok,
                input_per_mtok,
            },
        ),
    )
}

fn tier(d: Domain) -> impl Strategy<Value = GpuTier> {
    (
        text(),
        text(),
        // A cost left out now and then: scenarios on it get no verdict.
        prop::option::weighted(0.9, money(d.money)),
        prop::option::weighted(0.9, money(d.money)),
        tokens(d.capacity.0, d.capacity.1),
        (source(), as_of(), source(), as_of(), measured()),
        (text(), pricing(d), any::<bool>()),
    )
        .prop_map(
            |(id, gpus, cloud_monthly, on_prem_monthly, tokens_per_day, provenance, more)| {
                let (cost_is, cost_as_of, capacity_is, capacity_as_of, measured) = provenance;
                let (note, pricing, per_second) = more;
                // Now and then the capacity as measured throughput, the
                // figure a day then following from it.
                let tokens_per_second = per_second.then(|| tokens_per_day as f64 / 86_400.0);
                let tokens_per_day = tokens_per_second.map_or(tokens_per_day, tokens_per_day_at);
                GpuTier {
                    id,
                    gpus,
                    cloud_monthly,
                    on_prem_monthly,
                    cost_is,
                    cost_as_of,
                    pricing,
                    tokens_per_day,
                    tokens_per_second,
                    p99_limit_ms: per_second.then_some(470.6),
                    capacity_is,
                    capacity_as_of,
                    measured,
                    // Now and then the hardware the capacity estimate reads.
                    hardware: inferplan::plan::Hardware {
                        gpu_type: [None, Some("h100_sxm"), Some("A100 80GB SXM")]
                            [(tokens_per_day % 3) as usize]
                            .map(str::to_string),
                        backend: (tokens_per_day % 2 == 0).then(|| "sglang".to_string()),
                        precision: None,
                    },
                    note,
                }
            },
        )
}

/// A tier's hourly and purchase prices, within what keeps a month's cost
/// inside the plan's limits (up to 1,024 GPUs × 730 hours).
fn pricing(d: Domain) -> impl Strategy<Value = TierPricing> {
    let hourly = || prop::option::of(money((d.money.0, d.money.1 / 1e8)));
    (
        (prop::option::of(1u32..=1024), hourly(), hourly()),
        (
            prop::sample::select(Rate::ALL.to_vec()),
            awkward(0.0, 10.0),
            prop::sample::select(Billing::ALL.to_vec()),
            awkward(0.5, 24.0),
        ),
        (
            // A tenth of the limit: upkeep and capital add up to 2/12 more.
            prop::option::of(money((d.money.0, d.money.1 / 10.0))),
            prop::option::of(1u32..=240),
            awkward(0.0, 1.0),
            awkward(0.0, 1.0),
            awkward(0.0, 1.0),
        ),
    )
        .prop_map(|(gpus, (rate, spot_allowance, billing, hours), owned)| {
            let (gpu_count, cloud_gpu_hour, spot_gpu_hour) = gpus;
            let (purchase, amortization_months, residual_share, upkeep, capital) = owned;
            TierPricing {
                gpu_count,
                cloud_gpu_hour,
                spot_gpu_hour,
                rate,
                spot_allowance,
                billing,
                active_hours: (billing == Billing::ActiveHours).then_some(hours),
                scale_buffer: hours / 2.4,
                scale_up_minutes: hours * 2.5,
                replicas_per_instance: gpu_count.map(|n| n % 8 + 1),
                purchase,
                amortization_months,
                residual: purchase.map(|p| p * residual_share),
                upkeep_per_year: upkeep,
                cost_of_capital: capital,
                cloud_most_likely: None,
                on_prem_most_likely: None,
            }
        })
}

/// A model; `tier` holds the index of its tier until the plan is assembled.
fn model(d: Domain, tiers: usize) -> impl Strategy<Value = Model> {
    (
        text(),
        // Mostly priced; now and then a row whose prices are not given yet.
        prop::option::weighted(0.9, (zero_or_at_least(d.price), zero_or_at_least(d.price))),
        (source(), source(), as_of(), offers(d), source()),
        0..tiers,
        prop::option::of(money(d.money)),
        (
            text(),
            prop::option::of(zero_or_at_least(d.price)),
            prop_oneof![2 => Just(0.0), 1 => awkward(0.0, 1.0)],
            prop::option::of(awkward(-1.0, 1.0)),
        ),
    )
        .prop_map(
            |(name, prices, provenance, tier, self_host_monthly, more)| {
                let (input_per_mtok, output_per_mtok) = (prices.map(|p| p.0), prices.map(|p| p.1));
                let (input_is, output_is, prices_as_of, offers, tier_is) = provenance;
                let (note, cached_input_per_mtok, batch_discount, api_discount) = more;
                Model {
                    name,
                    input_per_mtok,
                    output_per_mtok,
                    cached_input_per_mtok,
                    batch_discount,
                    api_discount,
                    input_is,
                    output_is,
                    prices_as_of,
                    offers: offers.map(Box::new),
                    tier: tier.to_string(),
                    tier_is,
                    self_host_monthly,
                    architecture: (tier % 2 == 0).then(|| "Qwen/Qwen3-32B".to_string()),
                    architecture_config: None,
                    // A window past midnight now and then, at the batch share's discount.
                    off_peak: (batch_discount > 0.0).then_some(inferplan::plan::OffPeak {
                        discount: batch_discount,
                        from: 24.0 * batch_discount,
                        to: 0.5,
                    }),
                    note,
                }
            },
        )
}

/// What an overhead costs: a figure, or one set of drivers, each kept
/// small enough that a month of it stays inside the plan's limits.
fn overhead_cost(d: Domain) -> impl Strategy<Value = (Option<Range>, Drivers)> {
    let small = move || money((d.money.0, d.money.1 / 1e4));
    prop_oneof![
        3 => money(d.money).prop_map(|m| (Some(m), Drivers::default())),
        1 => (small(), small()).prop_map(|(h, rate)| (None, Drivers {
            hours_per_week: Some(h),
            hourly_rate: Some(rate),
            ..Drivers::default()
        })),
        1 => (awkward(0.0, 5_000.0), prop::option::of(awkward(1.0, 3.0)), small())
            .prop_map(|(w, pue, kwh)| (None, Drivers {
                watts_per_gpu: Some(w),
                pue,
                price_per_kwh: Some(kwh),
                ..Drivers::default()
            })),
        1 => (awkward(0.0, 100.0), small()).prop_map(|(n, each)| (None, Drivers {
            fte: Some(n),
            fte_monthly: Some(each),
            ..Drivers::default()
        })),
        1 => money(d.money).prop_map(|c| (None, Drivers {
            one_off: Some(c),
            ..Drivers::default()
        })),
    ]
}

fn overhead(d: Domain) -> impl Strategy<Value = Overhead> {
    (
        text(),
        overhead_cost(d),
        prop::sample::select(AppliesTo::ALL.to_vec()),
        prop::option::of(prop::sample::select(ScalesWith::ALL.to_vec())),
        text(),
    )
        .prop_map(
            |(name, (monthly, drivers), applies_to, scales_with, note)| {
                let mut o = Overhead {
                    name,
                    monthly,
                    drivers,
                    scales_with,
                    // A mode inside the figure's range, when it has one.
                    most_likely: monthly.map(|r| r.low + (r.high - r.low) / 4.0),
                    applies_to,
                    note,
                };
                // The rules: the API path scales with nothing, electricity per GPU.
                if o.applies_to == AppliesTo::Api || o.per_gpu() {
                    o.scales_with = None;
                }
                o
            },
        )
}

/// A scenario; `model` and `tier` hold indexes until the plan is assembled.
fn scenario(d: Domain, models: usize, tiers: usize) -> impl Strategy<Value = Scenario> {
    (
        (
            text(),
            tokens(0, d.volume),
            0..models,
            prop::option::of(0..tiers),
        ),
        (
            prop::option::of(prop::sample::select(Deployment::ALL.to_vec())),
            prop::option::of(awkward(0.0, 1.0)),
            awkward(1.0, d.peak),
            awkward(d.utilization, 1.0),
        ),
        (
            prop_oneof![Just(0u32), 0u32..=3, Just(1000)],
            prop_oneof![Just(1u32), 1u32..=3, Just(1000)],
            awkward(0.0, 10.0),
            text(),
        ),
        (
            prop_oneof![2 => Just(0.0), 1 => awkward(0.0, 1.0)],
            prop_oneof![2 => Just(0.0), 1 => awkward(0.0, 1.0)],
            // Peak hours as a share of what the peak allows (p × h ≤ 24).
            prop::option::of(awkward(0.0, 1.0)),
        ),
    )
        .prop_map(
            |(
                (name, tokens_per_day, model, tier),
                (deployment, output_share, peak_to_average, target_utilization),
                (spare_replicas, regions, monthly_growth, note),
                (cached_input_share, batch_share, peak_share),
            )| Scenario {
                availability: peak_share.map(|f| 0.99 + f * 0.0099),
                peak_hours: peak_share
                    .map(|f| (24.0 / peak_to_average * f).max(0.01))
                    .filter(|h| h * peak_to_average <= 24.0),
                name,
                tokens_per_day,
                model: model.to_string(),
                tier: tier.map(|t| t.to_string()),
                deployment,
                output_share,
                peak_to_average,
                target_utilization,
                spare_replicas,
                regions,
                monthly_growth,
                cached_input_share,
                batch_share,
                // A fitted day's shape and where it came from, now and then.
                hourly_profile: peak_share.map(|f| {
                    let mut p = vec![(1.0 - f) / 24.0; 24];
                    p[12] += f;
                    p
                }),
                traffic_is: peak_share.map(|_| {
                    inferplan::plan::Source::Measured(
                        "usage.csv, 2026-11-01–2026-11-30, 10 requests".into(),
                    )
                }),
                // A request shape and limits with the availability target.
                requests: peak_share.map_or(Default::default(), |f| {
                    inferplan::plan::RequestShape {
                        input_tokens: Some((1000.0 * (1.0 + f)).round()),
                        output_tokens: Some(200.0),
                        ttft_p99_ms: Some(2000.0),
                        tpot_p99_ms: Some(50.0 + f),
                    }
                }),
                note,
            },
        )
}

/// A valid plan: 1-5 tiers, 1-6 models, 0-5 overheads, 0-6 scenarios, unique
/// names, every reference resolved.
fn plan(d: Domain) -> impl Strategy<Value = Plan> {
    (1usize..=5, 1usize..=6, 0usize..=5, 0usize..=6).prop_flat_map(move |(nt, nm, no, ns)| {
        (
            text(),
            settings(d),
            prop::collection::vec(tier(d), nt),
            prop::collection::vec(model(d, nt), nm),
            prop::collection::vec(overhead(d), no),
            prop::collection::vec(scenario(d, nm, nt), ns),
        )
            .prop_map(
                |(name, settings, mut gpu_tiers, mut models, mut overheads, mut scenarios)| {
                    for (i, t) in gpu_tiers.iter_mut().enumerate() {
                        t.id = named(std::mem::take(&mut t.id), i);
                    }
                    let tier_id = |i: &str| gpu_tiers[i.parse::<usize>().unwrap()].id.clone();
                    for (i, m) in models.iter_mut().enumerate() {
                        m.name = named(std::mem::take(&mut m.name), i);
                        m.tier = tier_id(&m.tier);
                    }
                    for (i, o) in overheads.iter_mut().enumerate() {
                        o.name = named(std::mem::take(&mut o.name), i);
                    }
                    for (i, s) in scenarios.iter_mut().enumerate() {
                        s.name = named(std::mem::take(&mut s.name), i);
                        s.model = models[s.model.parse::<usize>().unwrap()].name.clone();
                        s.tier = s.tier.as_deref().map(tier_id);
                    }
                    Plan {
                        name: named(name, 0),
                        settings,
                        gpu_tiers,
                        models,
                        overheads,
                        scenarios,
                    }
                },
            )
    })
}

// ----- checks -----------------------------------------------------------------

/// `evaluate`, failing the case instead of hanging or unwinding the runner
/// when the engine loops or panics.
fn evaluate_or_fail(plan: &Plan, estimate: Estimate) -> Result<Results, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let owned = plan.clone();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| evaluate(&owned, estimate));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(Ok(results)) => Ok(results),
        Ok(Err(_)) => Err(TestCaseError::fail(format!(
            "evaluate panicked ({estimate})"
        ))),
        Err(_) => Err(TestCaseError::fail(format!(
            "evaluate did not return within 20 s ({estimate})"
        ))),
    }
}

fn check_money(what: &str, r: Range) -> Result<(), TestCaseError> {
    for v in [r.low, r.high] {
        prop_assert!(
            v.is_finite() && v >= 0.0,
            "{what} = {r:?}: not a finite, non-negative amount"
        );
    }
    prop_assert!(r.low <= r.high, "{what} = {r:?}: low above high");
    Ok(())
}

fn check_break_even_range(what: &str, be: BreakEvenRange) -> Result<(), TestCaseError> {
    for b in [be.low, be.high] {
        if let BreakEven::At(v) = b {
            prop_assert!(
                v.is_finite() && v >= 0.0,
                "{what}: break-even {v} is not a finite volume >= 0"
            );
        }
    }
    Ok(())
}

/// `self_host <= api`, give or take a relative 1e-9.
fn no_dearer(self_host: f64, api: f64) -> bool {
    self_host <= api + 1e-9 * self_host.max(api)
}

/// What `BreakEven::At(v)` claims about the low end of a curve: from `v` on,
/// self-hosting is never dearer than the API; just below `v`, it is.
fn check_break_even_claim(
    what: &str,
    curve: &CostCurve,
    claimed: BreakEven,
    larger: &[f64],
) -> Result<(), TestCaseError> {
    let BreakEven::At(v) = claimed else {
        return Ok(());
    };
    let mut volumes = vec![v, 2.0 * v, v * 1.37 + 1e6];
    volumes.extend(larger.iter().map(|f| v * f + f));
    for t in volumes {
        let (sh, api) = (curve.self_host_at(t).low, curve.api_at(t));
        prop_assert!(
            no_dearer(sh, api),
            "{what}: break-even at {v}, but at {t} self-host {sh} > API {api}\n{curve:?}"
        );
    }
    if v > 0.0 {
        // A step can end a few tokens after its own crossing (self-hosting
        // was cheaper late in the step before): a few ulps below `v` is in
        // the API's last lead whenever the engine counts one.
        let below = (6..=14)
            .map(|k| v * (1.0 - 10f64.powi(-k)))
            .chain([v * (1.0 - 4.0 * f64::EPSILON)]);
        // Fixed costs on both sides can dwarf the API's usage at the
        // break-even (a few cents against billions); below a millionth of
        // the totals the step is beyond what their sums resolve.
        let unresolvable = v * curve.api_per_token_day <= 1e-6 * curve.api_at(v).abs();
        let api_cheaper = unresolvable
            || below
                .clone()
                .any(|t| curve.self_host_at(t).low > curve.api_at(t));
        prop_assert!(
            api_cheaper,
            "{what}: break-even at {v}, but self-host is no dearer just below it: {:?}\n{curve:?}",
            below
                .map(|t| (t, curve.self_host_at(t).low, curve.api_at(t)))
                .collect::<Vec<_>>()
        );
    }
    Ok(())
}

/// What `first_cheaper` claims: self-hosting is no dearer there, dearer
/// everywhere below it, and it comes no later than the break-even.
fn check_first_cheaper(
    what: &str,
    curve: &CostCurve,
    first: BreakEven,
    break_even: BreakEven,
) -> Result<(), TestCaseError> {
    let (BreakEven::At(f), BreakEven::At(b)) = (first, break_even) else {
        prop_assert!(
            first == BreakEven::Never || break_even == BreakEven::Never,
            "{what}: a break-even needs a first"
        );
        return Ok(());
    };
    prop_assert!(
        f <= b * (1.0 + 1e-12),
        "{what}: first {f} after break-even {b}"
    );
    let (sh, api) = (curve.self_host_at(f).low, curve.api_at(f));
    prop_assert!(
        no_dearer(sh, api),
        "{what}: first {f}: self-host {sh} > API {api}"
    );
    // From 0 on (the API path's own fixed costs can see to that) there is
    // nothing below to be dearer.
    let below = if f > 0.0 {
        vec![f * (1.0 - 1e-6), f * 0.5, f * 0.1]
    } else {
        Vec::new()
    };
    for t in below {
        let (sh, api) = (curve.self_host_at(t).low, curve.api_at(t));
        prop_assert!(
            no_dearer(api, sh),
            "{what}: first {f}, but at {t} self-host {sh} < API {api}\n{curve:?}"
        );
    }
    Ok(())
}

fn check_results(plan: &Plan, r: &Results, larger: &[f64]) -> Result<(), TestCaseError> {
    let e = r.estimate;
    check_money(&format!("{e}: overheads_cloud"), r.overheads_cloud)?;
    check_money(&format!("{e}: overheads_on_prem"), r.overheads_on_prem)?;
    for (s, res) in plan.scenarios.iter().zip(&r.scenarios) {
        let w = |f: &str| format!("{e}: scenario {:?}: {f}", s.name);
        check_money(&w("api"), res.api)?;
        check_money(&w("overheads"), res.overheads)?;
        // A scenario lacks a price exactly when its tier gives none for its
        // deployment or its model has no API prices, and then it has no
        // verdict (never one from a 0).
        let cost = plan
            .tier(&res.tier)
            .and_then(|t| inferplan::engine::pricing::replica_monthly(t, plan.deployment_of(s)));
        let api_priced = plan
            .model(&s.model)
            .is_some_and(|m| m.api_prices().is_some());
        prop_assert_eq!(
            res.missing.is_some(),
            cost.is_none() || !api_priced,
            "{}",
            w("missing")
        );
        if res.missing.is_some() {
            prop_assert_eq!(res.verdict(false), Verdict::NoPrice);
            prop_assert_eq!(res.verdict(true), Verdict::NoPrice);
            continue;
        }
        for (label, c) in [
            ("gpu_only", &res.gpu_only),
            ("with_overheads", &res.with_overheads),
        ] {
            check_money(&w(&format!("{label}.self_host")), c.self_host)?;
            check_break_even_range(&w(label), c.break_even)?;
            check_break_even_claim(&w(label), &c.curve, c.break_even.low, larger)?;
            check_first_cheaper(&w(label), &c.curve, c.first_cheaper.low, c.break_even.low)?;
        }
        check_hybrid(plan, s, res, &w)?;
    }
    for (m, res) in plan.models.iter().zip(&r.models) {
        let w = |f: &str| format!("{e}: model {:?}: {f}", m.name);
        prop_assert_eq!(res.blended_per_mtok.is_some(), m.api_prices().is_some());
        if let Some(blended) = res.blended_per_mtok {
            prop_assert!(
                blended.is_finite() && blended >= 0.0,
                "{}",
                w(&format!("blended price {blended}"))
            );
        }
        prop_assert_eq!(
            res.self_host.is_some() && res.blended_per_mtok.is_some(),
            res.break_even.is_some()
        );
        if let (Some(self_host), Some(break_even)) = (res.self_host, res.break_even) {
            check_money(&w("self_host"), self_host)?;
            check_break_even_range(&w("break_even"), break_even)?;
        }
    }
    Ok(())
}

/// The hybrid, when evaluated, is never above the cheaper pure option at
/// either end (K = 0 is all-API; enough replicas for the peak is all
/// self-hosted), on the plan's verdict basis.
fn check_hybrid(
    plan: &Plan,
    s: &Scenario,
    res: &inferplan::engine::ScenarioResult,
    w: &dyn Fn(&str) -> String,
) -> Result<(), TestCaseError> {
    // Scale-to-zero tiers bill by the busy hour: no hybrid there.
    prop_assert!(
        res.hybrid.is_none() || s.peak_hours.is_some() || s.hourly_profile.is_some(),
        "{}",
        w("hybrid")
    );
    let Some(h) = res.hybrid else {
        return Ok(());
    };
    check_money(&w("hybrid"), h.monthly)?;
    let counted = plan.settings.include_overheads;
    let api = if counted {
        res.api + res.api_overheads
    } else {
        res.api
    };
    let own = if counted {
        res.with_overheads.self_host
    } else {
        res.gpu_only.self_host
    };
    for (end, hybrid, api, own) in [
        ("low", h.monthly.low, api.low, own.low),
        ("high", h.monthly.high, api.high, own.high),
    ] {
        let cheaper = api.min(own);
        prop_assert!(
            hybrid <= cheaper * (1.0 + 1e-9) + 0.01,
            "{}",
            w(&format!(
                "hybrid {end} {hybrid} above the cheaper pure option {cheaper} (API {api}, self-host {own}): {h:?}"
            ))
        );
    }
    Ok(())
}

/// The plan with every field of the architect-grade cost model at its
/// default: the first release's plan.
fn without_new_fields(mut plan: Plan) -> Plan {
    let s = &mut plan.settings;
    (s.api_discount, s.contingency) = (0.0, 0.0);
    for t in &mut plan.gpu_tiers {
        t.pricing = TierPricing::default();
        t.tokens_per_second = None;
        t.p99_limit_ms = None;
    }
    for m in &mut plan.models {
        (m.cached_input_per_mtok, m.batch_discount, m.api_discount) = (None, 0.0, None);
        m.off_peak = None;
        m.output_per_mtok = Some(m.output_per_mtok.unwrap_or(1.0));
        m.input_per_mtok = Some(m.input_per_mtok.unwrap_or(0.5));
    }
    for o in &mut plan.overheads {
        o.monthly = Some(o.monthly.unwrap_or(Range::new(10.0, 20.0)));
        o.drivers = Drivers::default();
        o.scales_with = None;
        if o.applies_to == AppliesTo::Api {
            o.applies_to = AppliesTo::Both;
        }
    }
    for s in &mut plan.scenarios {
        (s.cached_input_share, s.batch_share) = (0.0, 0.0);
        (s.peak_hours, s.availability) = (None, None);
        s.hourly_profile = None;
    }
    plan
}

/// Factors for volumes above a break-even: a few just above, most far above.
fn larger_volumes() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![1.0f64..2.0, 1.0f64..1000.0, Just(1.0 + 1e-9)],
        10,
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_plans_are_valid(planning in plan(PLANNING), extreme in plan(EXTREME)) {
        for plan in [planning, extreme] {
            let problems = validate(&plan);
            prop_assert!(problems.is_empty(), "{problems:?}\n{plan:#?}");
        }
    }

    #[test]
    fn a_plan_survives_its_file(plan in prop_oneof![plan(PLANNING), plan(EXTREME)]) {
        prop_assert!(validate(&plan).is_empty(), "{:?}", validate(&plan));
        let text = to_toml(&plan);
        match from_toml(&text, "x") {
            Ok(back) => prop_assert_eq!(&back, &plan, "\n{}", text),
            Err(e) => prop_assert!(false, "{e}\n{text}"),
        }
    }

    #[test]
    fn every_figure_is_finite_and_every_break_even_holds(
        plan in plan(PLANNING),
        larger in larger_volumes(),
    ) {
        prop_assert!(validate(&plan).is_empty(), "{:?}", validate(&plan));
        for e in Estimate::ALL {
            let r = evaluate_or_fail(&plan, e)?;
            check_results(&plan, &r, &larger)?;
        }
    }

    /// With every field of the architect-grade cost model left out, every
    /// figure is what the first release's formulas give (written out here).
    #[test]
    fn without_the_new_fields_the_figures_are_the_first_releases(plan in plan(PLANNING)) {
        let plan = without_new_fields(plan);
        prop_assert!(validate(&plan).is_empty(), "{:?}", validate(&plan));
        let r = evaluate_or_fail(&plan, Estimate::Range)?;
        for (s, res) in plan.scenarios.iter().zip(&r.scenarios) {
            let m = plan.model(&s.model).unwrap();
            let out = plan.output_share_of(s);
            let (output, input) = m.api_prices().unwrap();
            let price = out * output + (1.0 - out) * input;
            let api = s.tokens_per_day as f64 * plan.settings.days_per_month * price / 1_000_000.0;
            // The engine's total is the sum of its ledger lines (output,
            // input): the same as the formula to the cent, which is what
            // every figure shows.
            let cents = inferplan::base::money::whole_cents;
            prop_assert_eq!((cents(res.api.low), cents(res.api.high)), (cents(api), cents(api)));
            let Some(t) = plan.tier(&res.tier) else { continue };
            let Some(cost) = inferplan::engine::pricing::replica_monthly(t, plan.deployment_of(s)) else { continue };
            let step = t.tokens_per_day as f64 * s.target_utilization / s.peak_to_average;
            let curve = &res.gpu_only.curve;
            prop_assert_eq!(curve.step_capacity, inferplan::engine::PerEnd::both(step));
            prop_assert_eq!(curve.per_replica, cost);
            prop_assert_eq!((curve.regions, curve.spares), (s.regions.max(1), s.spare_replicas));
            let sum: Range = plan.overheads.iter()
                .filter(|o| o.applies_to.includes(plan.deployment_of(s)))
                .map(|o| o.monthly.unwrap())
                .sum();
            prop_assert_eq!(res.with_overheads.curve.fixed, sum);
            prop_assert_eq!(res.api_overheads, Range::default());
            prop_assert!(res.hybrid.is_none());
        }
    }

    /// A damaged file is refused with an error, never a panic, and the error
    /// points inside the file.
    #[test]
    fn a_damaged_file_is_refused_without_panicking(
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, "\\PC{0,6}|[\"'\\[\\]=#\n\r\t\u{feff}é]{0,6}"), 1..4),
    ) {
        let mut text = DEFAULT_PLAN_TOML.to_string();
        for (at, len, insert) in &cuts {
            let mut start = at.index(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, insert);
        }
        let result = std::panic::catch_unwind(|| from_toml(&text, "x"));
        prop_assert!(result.is_ok(), "from_toml panicked on:\n{text}");
        if let Ok(Err(e)) = result {
            prop_assert!(e.to_string().starts_with("x:"), "{e}");
            if let Some(loc) = e.location {
                let lines = text.split('\n').count();
                prop_assert!(loc.line >= 1 && loc.line <= lines && loc.column >= 1, "{e}");
            }
        }
    }

    /// The same over everything `validate` accepts: the limits keep a
    /// replica step at a token a day or more, so every step count is exact.
    #[test]

    fn extreme_plans_evaluate_soundly(
        plan in plan(EXTREME),
        larger in larger_volumes(),
    ) {
        prop_assert!(validate(&plan).is_empty(), "{:?}", validate(&plan));
        for e in Estimate::ALL {
            let r = evaluate_or_fail(&plan, e)?;
            check_results(&plan, &r, &larger)?;
        }
    }
}

// ----- one figure, three outputs ------------------------------------------------

/// The records of a CSV text and their cells (RFC 4180: quoted cells may
/// hold commas, quotes and line breaks).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut cells, mut cell, mut quoted) =
        (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            '\n' if !quoted => {
                cells.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut cells));
            }
            c => cell.push(c),
        }
    }
    records
}

/// The ends of a money cell as the table prints it (`1,000–2,000`, `7.50`).
fn table_money(cell: &str) -> Vec<f64> {
    cell.split('–')
        .map(|end| end.replace(',', "").parse::<f64>().expect(cell))
        .collect()
}

/// Every money figure of every scenario reads the same in the table, in CSV
/// and in JSON, and is finite.
fn check_outputs_agree(plan: &Plan, r: &Results) -> Result<(), TestCaseError> {
    use inferplan::output::report::{Format, render, table};
    use inferplan::plan::Table;
    let json: serde_json::Value = serde_json::from_str(&render(plan, r, Format::Json)).unwrap();
    let records = csv_records(&render(plan, r, Format::Csv));
    let header = &records[0];
    let text = table(plan, r, Table::Scenarios);
    let col = |title: &str| text.headers.iter().position(|h| h == title).unwrap();
    prop_assert_eq!(records.len(), text.rows.len() + 1);
    for (i, (row, cells)) in text.rows.iter().zip(&records[1..]).enumerate() {
        prop_assert_eq!(cells.len(), header.len(), "{:?}", cells);
        let csv_at = |key: &str| {
            let k = header.iter().position(|h| h == key).unwrap();
            cells[k].parse::<f64>().unwrap()
        };
        let s = &json["scenarios"][i];
        if r.scenarios[i].missing.is_some() {
            // No figure stands in for a missing price: words, empty cells, null.
            let (title, key, json_key, words) = match r.scenarios[i].api_given() {
                true => ("Self-host GPU", "self_host_gpu_low", "gpu_only", "no price"),
                false => ("API", "api_low", "api_monthly", "not given"),
            };
            prop_assert_eq!(&row[col(title)], words);
            prop_assert_eq!(&row[col("Verdict")], "? no price");
            let k = header.iter().position(|h| h == key).unwrap();
            prop_assert_eq!(&cells[k], "");
            prop_assert!(s[json_key].is_null() && s["gpu_only"].is_null());
            prop_assert!(s["missing_price"].is_string());
            continue;
        }
        for (title, key, json_key) in [
            ("API", "api", &s["api_monthly"]),
            (
                "Self-host GPU",
                "self_host_gpu",
                &s["gpu_only"]["self_host_monthly"],
            ),
            (
                "+ overheads",
                "self_host_with_overheads",
                &s["with_overheads"]["self_host_monthly"],
            ),
        ] {
            let shown = table_money(&row[col(title)]);
            let (low, high) = (
                csv_at(&format!("{key}_low")),
                csv_at(&format!("{key}_high")),
            );
            let (jl, jh) = (
                json_key["low"].as_f64().unwrap(),
                json_key["high"].as_f64().unwrap(),
            );
            prop_assert!(low.is_finite() && high.is_finite(), "{title}: {low} {high}");
            prop_assert_eq!((low, high), (jl, jh), "{} CSV against JSON", title);
            prop_assert_eq!(
                shown[0],
                low,
                "{} table against CSV: {}",
                title,
                &row[col(title)]
            );
            prop_assert_eq!(*shown.last().unwrap(), high, "{} table against CSV", title);
        }
        let replicas: u64 = row[col("Replicas")].parse().unwrap();
        prop_assert_eq!(Some(replicas), s["replicas"].as_u64());
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// No input within the limits yields a figure that differs between the
    /// table, CSV and JSON, or that is not finite.
    #[test]
    fn every_figure_reads_alike_in_the_table_csv_and_json(
        plan in prop_oneof![plan(PLANNING), plan(EXTREME)],
    ) {
        for e in [Estimate::Range, Estimate::Mid] {
            let r = evaluate_or_fail(&plan, e)?;
            check_outputs_agree(&plan, &r)?;
        }
    }
}

/// Equal to the cent, where an f64 holds cents (below 2^53 of them); beyond,
/// to its precision.
fn near(a: f64, b: f64) -> bool {
    let cents = inferplan::base::money::whole_cents;
    cents(a) == cents(b) || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Every scenario's totals are the sums of its ledger lines, the curves the
/// break-evens use agree with them at today's volume, and what reads the
/// ledger (the explanation, the Monte Carlo run, the timeline) states the
/// same totals, to the cent.
fn check_ledger(plan: &Plan, r: &Results) -> Result<(), TestCaseError> {
    use inferplan::engine::{Group, Per};
    let _cents = inferplan::base::money::whole_cents;
    let same = |a: Range, b: Range| near(a.low, b.low) && near(a.high, b.high);
    let counted = plan.settings.include_overheads;
    for (row, (s, res)) in plan.scenarios.iter().zip(&r.scenarios).enumerate() {
        let ledger = &res.ledger;
        let mut sums = [Range::default(); 4];
        let slot = |g: Group| match g {
            Group::ApiUsage => 0,
            Group::ApiOverheads => 1,
            Group::Gpus => 2,
            Group::Overheads => 3,
        };
        for l in &ledger.lines {
            let above = sums[slot(l.group)];
            if l.per == Per::Share {
                prop_assert_eq!(l.unit, above, "a share is of the lines above it");
            }
            let amount = Range::new(l.unit.low * l.count.cheap, l.unit.high * l.count.dear);
            prop_assert_eq!(l.amount, amount);
            sums[slot(l.group)] = above + l.amount;
        }
        prop_assert_eq!(res.api, sums[0]);
        prop_assert_eq!(res.api_overheads, sums[1]);
        prop_assert_eq!(res.overheads, sums[3]);
        if res.missing.is_some() {
            continue;
        }
        prop_assert_eq!(res.gpu_only.self_host, sums[2]);
        prop_assert_eq!(res.with_overheads.self_host, sums[2] + sums[3]);
        let volume = s.tokens_per_day as f64;
        for (c, with) in [(&res.gpu_only, false), (&res.with_overheads, true)] {
            prop_assert!(
                same(c.curve.self_host_at(volume), ledger.self_host(with)),
                "{}: the curve gives {:?}, the ledger {:?}",
                s.name,
                c.curve.self_host_at(volume),
                ledger.self_host(with)
            );
            let usage = volume * c.curve.api_per_token_day;
            let api = Range::new(
                usage + c.curve.api_fixed.low,
                usage + c.curve.api_fixed.high,
            );
            prop_assert!(
                same(api, ledger.api(with)),
                "{}: API {:?} vs {:?}",
                s.name,
                api,
                ledger.api(with)
            );
        }
        let (api, own) = (ledger.api(counted), ledger.self_host(counted));
        let text: String = inferplan::analysis::explain::explain(plan, r, row)
            .into_iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n");
        for total in [api, own] {
            let shown = format!("{}/mo", inferplan::text::format::money_range(total));
            prop_assert!(text.contains(&shown), "{}: {shown} not in\n{text}", s.name);
        }
        let t = inferplan::analysis::insight::timeline(plan, r, row, 1, 0.0).unwrap();
        prop_assert!(same(t.months[0].point.api, api) && same(t.months[0].point.self_host, own));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_total_is_the_sum_of_its_ledger_lines(plan in plan(PLANNING)) {
        for e in [Estimate::Range, Estimate::Mid] {
            let r = evaluate_or_fail(&plan, e)?;
            check_ledger(&plan, &r)?;
        }
        // A plan of single figures: every Monte Carlo draw is the ledger's total.
        let mut points = plan.clone();
        points.settings.estimate = Estimate::Mid;
        let r = evaluate_or_fail(&points, Estimate::Mid)?;
        let counted = points.settings.include_overheads;
        let draws = inferplan::analysis::uncertainty::Draws { count: 3, ..Default::default() };
        for (row, res) in r.scenarios.iter().enumerate() {
            let Some(u) = inferplan::analysis::uncertainty::run(&points, &r, row, draws) else { continue };
            prop_assert!(near(u.api.p50, res.ledger.api(counted).low));
            prop_assert!(near(u.self_host.p5, res.ledger.self_host(counted).low));
            prop_assert!(near(u.self_host.p95, res.ledger.self_host(counted).high));
        }
    }
}
