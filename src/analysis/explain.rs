//! Why a scenario's figures came out as they did, in sentences with the
//! plan's own numbers: the replica arithmetic, each side's cost per million
//! tokens, the verdict and its margin, what the break-even means, and every
//! input the scenario uses (inherited ones marked). The planner's explain
//! panel and `inferplan report --scenario` print the same lines.

use crate::base::money::Range;
use crate::engine::{
    BreakEven, Comparison, MissingPrice, PerEnd, Results, ScenarioResult, Verdict, api_per_mtok,
};
use crate::plan::{Deployment, GpuTier, Plan, Scenario};
use crate::text::format as fmt;

/// A line of an explanation, with its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What the line is about: `Replicas`, `Cost per 1M tokens`, …
    pub part: &'static str,
    /// The sentence.
    pub text: String,
}

/// The explanation of scenario `row`; `results` must be the plan's.
pub fn explain(plan: &Plan, results: &Results, row: usize) -> Vec<Line> {
    let (Some(s), Some(r)) = (plan.scenarios.get(row), results.scenarios.get(row)) else {
        return Vec::new();
    };
    let tier = plan.tier(&r.tier);
    let head = r.headline(plan.settings.include_overheads);
    let mut lines = Vec::new();
    let mut add = |part, text: String| lines.push(Line { part, text });
    match &r.missing {
        Some(MissingPrice::Capacity { why }) => add("Replicas", format!("none counted: {why}")),
        _ => add("Replicas", replicas(s, r, tier)),
    }
    if let Some(text) = availability(s, r) {
        add("Replicas", text);
    }
    let day = crate::engine::day::schedule(plan, s, r).filter(|d| d.profiled);
    for text in day.iter().flat_map(|d| super::day::lines(plan, s, d)) {
        add("Day", text);
    }
    for text in unit_costs(plan, s, r, tier) {
        add("Cost per 1M tokens", text);
    }
    match head {
        Ok(head) => {
            add("Verdict", verdict(plan, r, head));
            for text in break_even(s, head) {
                add("Break-even", text);
            }
        }
        Err(missing) => add("Verdict", unpriced(missing)),
    }
    if let Some(text) = cash_line(plan, results, row) {
        add("Cash", text);
    }
    for text in inputs(plan, s, r, tier) {
        add("Inputs", text);
    }
    for text in overhead_lines(plan, r, tier) {
        add("Overheads", text);
    }
    for text in hybrid_lines(s, r, tier) {
        add("Hybrid", text);
    }
    for text in crate::analysis::provenance::caveats(plan, results, row) {
        add("Rests on", text);
    }
    lines
}

/// `2 regions × (ceil(200M × 3 / (300M × 60%)) = 4 + 1 spare) = 10 replicas`.
fn replicas(s: &Scenario, r: &ScenarioResult, tier: Option<&GpuTier>) -> String {
    if r.gpu_only.curve.day.is_some() {
        let capacity = match r.capacity.filter(|c| c.is_band()) {
            Some(c) => format!("{}–{}", fmt::tokens(c.least), fmt::tokens(c.most)),
            None => fmt::tokens(tier.map_or(0, |t| t.tokens_per_day) as f64),
        };
        let raised = match r.replicas_by_volume {
            Some(v) => format!(
                "{v} busy replica-hours a day by volume, raised to {} by the latency limits hour by hour (the queue at each hour's own rate)",
                r.replicas
            ),
            None => format!("{} busy replica-hours a day", r.replicas),
        };
        return format!(
            "{} × Σ over the day's hours of ceil(tokens that hour / ({capacity} / 24 × {})) = {raised}",
            plural(PerEnd::both(r.gpu_only.curve.regions.into()), "region"),
            fmt::percent(s.target_utilization),
        );
    }
    // An estimated band: the most a replica serves needs the fewest.
    let capacity = match r.capacity.filter(|c| c.is_band()) {
        Some(c) => format!("{}–{}", fmt::tokens(c.least), fmt::tokens(c.most)),
        None => fmt::tokens(tier.map_or(0, |t| t.tokens_per_day) as f64),
    };
    let (spares, regions) = s.redundancy();
    let per_region =
        |n: PerEnd<u64>| n.map(|n| (n / u64::from(regions)).saturating_sub(u64::from(spares)));
    let steps = per_region(r.replicas);
    // Where the latency limits need more than the volume does at today's
    // peak (the engine counts theirs), say both.
    let steps = match r.replicas_by_volume.map(per_region) {
        Some(v) => format!(
            "{v}, raised to {steps} for the latency limits at today's peak (the wait for a request slot included; the break-evens scale from it)"
        ),
        None => steps.to_string(),
    };
    format!(
        "{} × (ceil({} × {} / ({capacity} × {})) = {steps} + {}) = {}",
        plural(PerEnd::both(regions.into()), "region"),
        fmt::tokens(s.tokens_per_day as f64),
        fmt::hundredths(crate::engine::day::peak_factor(s)),
        fmt::percent(s.target_utilization),
        plural(PerEnd::both(spares.into()), "spare"),
        plural(r.replicas, "replica"),
    )
}

/// `3 replicas`, `1 region`, `2–3 replicas`.
fn plural(n: PerEnd<u64>, one: &str) -> String {
    format!("{n} {one}{}", if n == PerEnd::both(1) { "" } else { "s" })
}

/// The availability target and what its redundancy costs, when set.
fn availability(s: &Scenario, r: &ScenarioResult) -> Option<String> {
    let target = s.availability?;
    let (spares, regions) = s.redundancy();
    Some(format!(
        "availability {}: {} spare{} a region in {} region{} (N+1 from 99.9 %, a second region above it); the redundancy costs {}/mo over one set of replicas in one region",
        fmt::percent(target),
        spares,
        if spares == 1 { "" } else { "s" },
        regions,
        if regions == 1 { "" } else { "s" },
        fmt::money_range(r.redundancy)
    ))
}

/// `API 0.31 $/M: 25% output at 0.60, the rest input at 0.20; 40% of input
/// cached at 0.05; 20% of tokens batched at 50% off; 10% off (the plan's
/// discount)`: each term only when it is set.
fn api_line(plan: &Plan, s: &Scenario, m: &crate::plan::Model, share: f64) -> String {
    let (Some(api), Some((output, input))) = (api_per_mtok(plan, s, m), m.api_prices()) else {
        return format!(
            "API: {} $/M, the model's prices are not given (Models tab, `output_per_mtok` and `input_per_mtok` in the file)",
            fmt::NOT_GIVEN
        );
    };
    let mut line = format!(
        "API {} $/M: {} output at {}, the rest input at {}",
        fmt::price(api),
        fmt::percent(share),
        fmt::price(output),
        fmt::price(input)
    );
    if s.cached_input_share > 0.0 {
        line.push_str(&format!(
            "; {} of input cached at {}",
            fmt::percent(s.cached_input_share),
            fmt::price(m.cached_input_per_mtok.unwrap_or(input))
        ));
    }
    if s.batch_share > 0.0 && m.batch_discount > 0.0 {
        line.push_str(&format!(
            "; {} of tokens batched at {} off",
            fmt::percent(s.batch_share),
            fmt::percent(m.batch_discount)
        ));
    }
    if let Some(o) = m.off_peak.filter(|o| o.discount != 0.0) {
        let off = crate::engine::off_peak_discount(s, m);
        line.push_str(&format!(
            "; {} of tokens in the off-peak window {} ({}: {} off the bill)",
            fmt::percent(off / o.discount),
            super::day::window(&o),
            match s.hourly_profile.is_some() {
                true => "by the hourly profile",
                false => "an even day",
            },
            fmt::percent(off)
        ));
    }
    let discount = plan.api_discount_of(m);
    let whose = if m.api_discount.is_some() {
        "the model's"
    } else {
        "the plan's"
    };
    if discount > 0.0 {
        line.push_str(&format!(
            "; {} off ({whose} discount)",
            fmt::percent(discount)
        ));
    } else if discount < 0.0 {
        line.push_str(&format!(
            "; {} on top ({whose} markup)",
            fmt::percent(-discount)
        ));
    }
    line
}

/// Each side's price per million tokens: the API's blended price, self-hosting
/// at today's volume, and one replica at full use, the floor it approaches.
fn unit_costs(
    plan: &Plan,
    s: &Scenario,
    r: &ScenarioResult,
    tier: Option<&GpuTier>,
) -> Vec<String> {
    let days = plan.settings.days_per_month;
    let share = plan.output_share_of(s);
    let model = r.model.and_then(|i| plan.models.get(i));
    let api = model.and_then(|m| api_per_mtok(plan, s, m));
    let mut out = vec![match model {
        Some(m) => api_line(plan, s, m, share),
        None => "API: no model".to_string(),
    }];
    if plan.settings.contingency != 0.0 {
        out.push(format!(
            "self-host costs (GPUs and overheads) include the plan's {} contingency",
            fmt::percent(plan.settings.contingency)
        ));
    }
    let per_m = |monthly: Range, tokens: f64| {
        let millions = tokens * days / 1e6;
        (millions > 0.0).then(|| fmt::money_range(monthly * (1.0 / millions)))
    };
    let volume = s.tokens_per_day as f64;
    if !r.self_host_given() {
        return out;
    }
    if let (Some(gpu), Some(full)) = (
        per_m(r.gpu_only.self_host, volume),
        per_m(r.with_overheads.self_host, volume),
    ) {
        out.push(format!(
            "self-hosting at {}/day: {gpu} $/M for the GPUs, {full} $/M with overheads",
            fmt::tokens(volume)
        ));
    }
    if let Some(tier) = tier {
        let capacity = tier.tokens_per_day as f64;
        let replica = r.gpu_only.curve.per_replica;
        if let Some(floor) = per_m(replica, capacity) {
            out.push(format!(
                "one replica at full use ({}/day): {floor} $/M, the least a token can cost self-hosted{}",
                fmt::tokens(capacity),
                match api.is_some_and(|api| api < replica.low / (capacity * days / 1e6)) {
                    true => " — above the API's price, so self-hosting never breaks even",
                    false => "",
                }
            ));
        }
    }
    out
}

/// Why there is no verdict: the cost the tier lacks, and how to give it.
/// The chart's panel says the same in its place.
pub fn unpriced(missing: &MissingPrice) -> String {
    let label = Verdict::NoPrice.label();
    match missing {
        MissingPrice::NoTier => format!(
            "{label}: {missing}, so self-hosting has no cost to compare and no break-even; pick the model's tier (Models tab, `tier` in the file) or give the scenario one",
        ),
        MissingPrice::Tier { tier, deployment } => {
            let key = match deployment {
                Deployment::Cloud => "cloud_monthly",
                Deployment::OnPrem => "on_prem_monthly",
            };
            format!(
                "{label}: {missing}, so self-hosting has no cost to compare and no break-even; give tier {tier} its {deployment} cost (GPU tiers tab, `{key}` in the file), or run the scenario in the other deployment",
            )
        }
        MissingPrice::Capacity { .. } => format!(
            "{label}: {missing}, so self-hosting has no replica count, cost or break-even; give the model its architecture (Models tab), the tier more GPUs or its tokens_per_day (GPU tiers tab), or the scenario looser limits",
        ),
        MissingPrice::Api { model } => format!(
            "{label}: {missing}, so the API has no cost to compare and no break-even; give {model} its prices per million tokens (Models tab, `output_per_mtok` and `input_per_mtok` in the file)",
        ),
    }
}

/// The verdict in one sentence, with its margin.
fn verdict(plan: &Plan, r: &ScenarioResult, head: &Comparison) -> String {
    let counted = plan.settings.include_overheads;
    let basis = fmt::basis(counted);
    // The API's side as the verdict weighs it: with its overheads when counted.
    let (api, own) = (r.ledger.api(counted), head.self_host);
    let margin = |x: Range, y: Range| fmt::money_range(Range::new(y.low - x.high, y.high - x.low));
    match head.verdict {
        Verdict::ApiCheaper => format!(
            "{}: the API's {}/mo is below self-hosting's {}/mo ({basis}) by {} a month; self-hosting costs {} the API",
            head.verdict.label(),
            fmt::money_range(api),
            fmt::money_range(own),
            margin(api, own),
            fmt::factor(head.factor)
        ),
        Verdict::SelfHostCheaper => format!(
            "{}: self-hosting's {}/mo ({basis}) is below the API's {}/mo by {} a month ({} the API)",
            head.verdict.label(),
            fmt::money_range(own),
            fmt::money_range(api),
            margin(own, api),
            fmt::factor(head.factor)
        ),
        // `explain` words a missing price before it comes here.
        Verdict::NoPrice => Verdict::NoPrice.label().to_string(),
        Verdict::Depends => format!(
            "{}: self-hosting's {}/mo ({basis}) overlaps the API's {}/mo: the low end is {} the API, the high end {}; which end holds decides",
            head.verdict.label(),
            fmt::money_range(own),
            fmt::money_range(api),
            cheaper_or_dearer(own.low, api.high),
            cheaper_or_dearer(own.high, api.low),
        ),
    }
}

fn cheaper_or_dearer(own: f64, api: f64) -> String {
    if own <= api {
        format!("{} cheaper than", fmt::money(api - own))
    } else {
        format!("{} dearer than", fmt::money(own - api))
    }
}

/// What the break-even means here, and where self-hosting first wins.
fn break_even(s: &Scenario, head: &Comparison) -> Vec<String> {
    let volume = s.tokens_per_day as f64;
    let mut out = Vec::new();
    let curve = &head.curve;
    for (end, be, first, months, per_replica, step) in [
        (
            "low",
            head.break_even.low,
            head.first_cheaper.low,
            head.months.0,
            curve.per_replica.low,
            curve.step_capacity.cheap,
        ),
        (
            "high",
            head.break_even.high,
            head.first_cheaper.high,
            head.months.1,
            curve.per_replica.high,
            curve.step_capacity.dear,
        ),
    ] {
        let cost = match end {
            "low" => "cheap",
            _ => "dear",
        };
        // Each replica added serves `step` tokens a day for its cost.
        let never = if curve.api_per_token_day * step <= f64::from(curve.regions) * per_replica {
            let more = match curve.regions {
                1 => "another replica, which costs".to_string(),
                n => format!("{n} more replicas (one a region), which cost"),
            };
            format!(
                "never — every {}/day more (a replica at the planned utilization and peak) needs {more} more than the API charges for it",
                fmt::tokens(step)
            )
        } else {
            "never — only beyond 1e15 tokens/day, more than any plan holds".to_string()
        };
        out.push(match (be, first) {
            (BreakEven::Never, _) => format!("with the {cost} self-host figures: {never}"),
            (BreakEven::At(b), BreakEven::At(f)) if f < b => format!(
                "with the {cost} self-host figures: first no dearer at {}/day, but that window closes at the next replica; no dearer for good from {}/day (the verdict and months use this one){}",
                fmt::break_even(BreakEven::At(f)),
                fmt::break_even(BreakEven::At(b)),
                today(volume, b, months)
            ),
            (BreakEven::At(b), _) => format!(
                "with the {cost} self-host figures: no dearer from {}/day on{}",
                fmt::break_even(BreakEven::At(b)),
                today(volume, b, months)
            ),
        });
    }
    out
}

/// Where today's volume stands against a break-even.
fn today(volume: f64, break_even: f64, months: crate::engine::MonthsToBreakEven) -> String {
    use crate::engine::MonthsToBreakEven::{In, Never, Now};
    match months {
        Now => format!(" — today's {}/day is past it", fmt::tokens(volume)),
        In(n) => format!(
            " — after {n} months of growth from today's {}/day: month {} of the timeline, where month 1 is today",
            fmt::tokens(volume),
            n + 1
        ),
        Never if volume > 0.0 => format!(
            " — {}× today's {}/day, which does not grow",
            fmt::hundredths(break_even / volume),
            fmt::tokens(volume)
        ),
        Never => String::new(),
    }
}

/// How a tier's replica cost follows from its parts, when the plan gives
/// them instead of a monthly figure; and when a purchase pays back.
/// What the capacity estimate says of the scenario's replica: the hardware
/// and request shape it was made for (saying what was assumed), the tokens
/// a day within the limits, and how far the tier's own figure is from it
/// where the tier gives one (that figure then sizes the replicas; else the
/// band does).
fn estimate_lines(plan: &Plan, s: &Scenario, t: &GpuTier) -> Vec<String> {
    let Some(e) = crate::engine::capacity::estimated(plan, s) else {
        return Vec::new();
    };
    let assumed = match e.assumed.is_empty() {
        true => String::new(),
        false => format!(
            " (assumed where the scenario gives no {})",
            e.assumed.join(", ")
        ),
    };
    let ms = |x: f64| match x.fract() == 0.0 {
        true => fmt::group_thousands(x as u64),
        false => fmt::trim_decimals(x, 1),
    };
    let mut out = vec![format!(
        "estimated for {} on {}× {} ({}, {} weights): {} tokens in and {} out a request, p99 TTFT ≤ {} ms and TPOT ≤ {} ms{assumed}",
        e.model,
        e.gpus,
        e.gpu,
        e.backend.name(),
        e.precision.name(),
        fmt::group_thousands(e.shape.0 as u64),
        fmt::group_thousands(e.shape.1 as u64),
        ms(e.limits.ttft_p99_ms),
        ms(e.limits.tpot_p99_ms),
    )];
    let m = &e.answer.memory;
    let sized = e.answer.sized.as_ref().and_then(|s| s.as_ref().ok());
    match (e.tokens_per_day(), sized) {
        (Some((low, mid, high)), Some(sz)) => {
            let serves = format!(
                "a replica serves {}–{}/day (mid {}) at {} requests at once, TPOT {} ms",
                fmt::significant(low),
                fmt::significant(high),
                fmt::significant(mid),
                sz.mid.concurrency,
                fmt::trim_decimals(sz.mid.tpot_p99_ms, 1),
            );
            if t.estimates_capacity() {
                out.push(format!(
                    "{serves}; this band sizes the replicas: the cheap figures with its most, the dear with its least"
                ));
                out.extend(estimate_steps(&e));
                return out;
            }
            let typed = t.tokens_per_day as f64;
            out.push(format!(
                "{serves}; the tier's {}/day, which sizes the replicas, is {} of the mid estimate ({}–{} of its ends)",
                fmt::tokens(typed),
                fmt::percent(typed / mid),
                fmt::percent(typed / high),
                fmt::percent(typed / low),
            ));
            out.push(estimated_replicas(s, t, (low, mid, high)));
            out.extend(estimate_steps(&e));
        }
        _ if !m.fits || m.max_concurrency == 0 => out.push(format!(
            "the weights do not fit: {:.0} GB needed of the replica's {:.0} GB",
            m.weights_gb + m.reserve_gb,
            m.available_gb
        )),
        _ => out.push("the limits cannot be met on this hardware".to_string()),
    }
    out
}

/// What the latency limits ask of a region at the scenario's peak rate,
/// the queue for a request slot included, beside sizing by volume alone
/// and beside the replicas the totals count.
fn queue_line(plan: &Plan, s: &Scenario, r: &ScenarioResult, t: &GpuTier) -> Option<String> {
    let model = plan.model(&s.model)?;
    let q = crate::engine::capacity::queue(t, model, s)?;
    let (spares, regions) = s.redundancy();
    let counted = r
        .replicas
        .map(|n| (n / u64::from(regions.max(1))).saturating_sub(u64::from(spares)));
    let need = PerEnd {
        cheap: q.replicas.0,
        dear: q.replicas.1,
    };
    let plural = |n: PerEnd<u64>| if n == PerEnd::both(1) { "" } else { "s" };
    let by_volume = q.by_volume.map_or(String::new(), |v| {
        let more = need.dear.saturating_sub(v);
        format!(
            "; by volume alone, each at the most requests that fit, {v}{}",
            match more {
                0 => String::new(),
                n => format!(
                    ": the limits cost up to {n} replica{} more a region ({}/mo)",
                    if n == 1 { "" } else { "s" },
                    fmt::money_range(
                        r.gpu_only.curve.per_replica * (n * u64::from(regions)) as f64
                    )
                ),
            }
        )
    });
    let held = match counted.cheap >= need.cheap && counted.dear >= need.dear {
        true => "the totals' replicas hold it".to_string(),
        false => format!(
            "the totals count {counted} (by volume at {} utilization), which does not hold the p99 TTFT at this peak: lower target_utilization until they count {need}",
            fmt::percent(s.target_utilization)
        ),
    };
    Some(format!(
        "at today's peak of {} requests a second the limits need {need} replica{} a region (p99 TTFT {} ms, {} ms of it waiting for a request slot, M/M/c){by_volume}; {held}",
        fmt::trim_decimals(q.rate, 1),
        plural(need),
        fmt::trim_decimals(q.ttft_p99_ms, 0),
        fmt::trim_decimals(q.wait_p99_ms, 0),
    ))
}

/// The replicas a region would need at the estimate's capacity, by the same
/// rule the tier's figure sizes them with, beside what that figure gives.
fn estimated_replicas(s: &Scenario, t: &GpuTier, (low, mid, high): (f64, f64, f64)) -> String {
    let need = |capacity: f64| {
        let step = capacity * s.target_utilization / s.peak_to_average;
        match step > 0.0 {
            true => ((s.tokens_per_day as f64 / step).ceil() as u64).max(1),
            false => 0,
        }
    };
    let (few, many) = (need(high), need(low));
    format!(
        "at that capacity a region needs {} replica{}{} before spares, where the tier's {}/day needs {}",
        need(mid),
        if need(mid) == 1 { "" } else { "s" },
        match few == many {
            true => String::new(),
            false => format!(" ({few}–{many})"),
        },
        fmt::tokens(t.tokens_per_day as f64),
        need(t.tokens_per_day as f64),
    )
}

/// How the estimate came out, with its numbers: memory by part, and a decode
/// step's time by term with each term's share.
fn estimate_steps(e: &crate::engine::capacity::Estimated) -> Vec<String> {
    let a = &e.answer;
    let m = &a.memory;
    let mut out = vec![format!(
        "memory: weights {:.1} GB + KV cache {:.1} GB ({} requests × {} tokens) + reserve {:.1} GB = {:.1} GB of {:.0} GB; up to {} requests fit",
        m.weights_gb,
        m.kv_cache_gb,
        a.concurrency,
        fmt::group_thousands((e.shape.0 + e.shape.1) as u64),
        m.reserve_gb,
        m.total_gb,
        m.available_gb,
        fmt::group_thousands(u64::from(m.max_concurrency)),
    )];
    if let Some(f) = &a.figures {
        let terms: Vec<String> = f
            .terms
            .iter()
            .filter(|(_, ms)| *ms >= 0.005 * f.tpot_ms)
            .map(|(name, ms)| {
                format!(
                    "{} {} ms ({})",
                    crate::capacity::estimate::term_words(name),
                    fmt::trim_decimals(*ms, 2),
                    fmt::percent(ms / f.tpot_ms)
                )
            })
            .collect();
        out.push(format!(
            "a decode step (mid estimate) is {} ms: {}; TTFT {} ms",
            fmt::trim_decimals(f.tpot_ms, 2),
            terms.join(", "),
            fmt::trim_decimals(f.ttft_ms, 0),
        ));
    }
    out
}

fn tier_parts(t: &GpuTier, deployment: Deployment) -> Vec<String> {
    let p = &t.pricing;
    let mut out = Vec::new();
    if let Some(tps) = t.tokens_per_second {
        out.push(format!(
            "capacity {} tokens/s × 86,400 = {}/day",
            fmt::hundredths(tps),
            fmt::tokens(t.tokens_per_day as f64)
        ));
    }
    if p.billing == crate::plan::Billing::ActiveHours {
        out.push(format!(
            "billed and serving {} hours a day: {} of 730 hours a month, {}/day of capacity",
            fmt::hundredths(crate::engine::pricing::serving_hours(t)),
            fmt::hundredths(crate::engine::pricing::billed_hours(t)),
            fmt::tokens(crate::engine::pricing::serving_capacity(t))
        ));
    }
    match deployment {
        Deployment::Cloud if t.cloud_monthly.is_none() => {
            if let Some(monthly) = crate::engine::pricing::gpu_hours_monthly(t) {
                let (rate, hourly, extra) = match p.rate {
                    crate::plan::Rate::Spot => ("spot", p.spot_gpu_hour, p.spot_allowance),
                    crate::plan::Rate::OnDemand => ("on-demand", p.cloud_gpu_hour, 0.0),
                };
                let spare = match extra > 0.0 {
                    true => format!(
                        " × {} ({} extra replicas held for interruptions)",
                        fmt::hundredths(1.0 + extra),
                        fmt::percent(extra)
                    ),
                    false => String::new(),
                };
                out.push(format!(
                    "a replica: {} GPUs × {} $/GPU-h ({rate}) × {} h{spare} = {}/mo",
                    t.gpu_count(),
                    fmt::money_range(hourly.unwrap_or_default()),
                    fmt::hundredths(crate::engine::pricing::billed_hours(t)),
                    fmt::money_range(monthly)
                ));
            }
        }
        Deployment::OnPrem if t.on_prem_monthly.is_none() => {
            if let (Some(purchase), Some(monthly)) =
                (p.purchase, crate::engine::pricing::owned_monthly(t))
            {
                out.push(format!(
                    "a replica: ({} bought − {} residual) / {} months + upkeep {}/yr + capital {}/yr = {}/mo",
                    fmt::money_range(purchase),
                    fmt::money_range(p.residual.unwrap_or_default()),
                    p.amortization_months.unwrap_or(crate::plan::AMORTIZATION_MONTHS),
                    fmt::percent(p.upkeep_per_year),
                    fmt::percent(p.cost_of_capital),
                    fmt::money_range(monthly)
                ));
            }
        }
        _ => {}
    }
    use crate::engine::MonthsToBreakEven::Never;
    match crate::engine::payback_vs_renting(t) {
        Some((Never, Never)) => out.push(
            "buying never pays back against renting the same tier: renting costs no more than owning's upkeep".into(),
        ),
        Some(months) => out.push(format!(
            "buying pays back against renting the same tier in {}",
            fmt::months_range(months)
        )),
        None => {}
    }
    out
}

/// The cash view over the plan's horizon, for a scenario whose servers
/// are bought: when the money is back, and what is left at the horizon.
fn cash_line(plan: &Plan, results: &Results, row: usize) -> Option<String> {
    let months = plan.settings.horizon_months;
    let migration = plan.settings.migration;
    let c = crate::analysis::cash::cash(plan, results, row, months, migration)?;
    Some(c.sentence(migration))
}

/// When buying the scenario's replicas pays back against the API, and
/// which costs the saving counts.
fn payback_line(r: &ScenarioResult, p: &crate::engine::Payback) -> String {
    use crate::engine::MonthsToBreakEven::Never;
    let replicas = format!(
        "{} replica{}",
        r.replicas,
        if r.replicas == PerEnd::both(1) {
            ""
        } else {
            "s"
        }
    );
    let running = match p.with_overheads {
        true => "upkeep and overheads",
        false => "upkeep",
    };
    let api = match p.with_overheads {
        true => "the API's (with its overheads)",
        false => "the API's",
    };
    match p.months {
        (Never, Never) => format!(
            "buying its {replicas} ({}) never pays back against {api} {}/mo: what they still cost to run ({running}, {}/mo) is no less",
            fmt::money_range(p.purchase),
            fmt::money_range(p.api),
            fmt::money_range(p.running)
        ),
        months => format!(
            "buying its {replicas} ({}) pays back against {api} {}/mo in {}, from the saving after what they still cost to run ({running}, {}/mo)",
            fmt::money_range(p.purchase),
            fmt::money_range(p.api),
            fmt::months_range(months),
            fmt::money_range(p.running)
        ),
    }
}

/// The hybrid's arithmetic: the traffic's shape, the best split at each
/// end, and which of the three costs least.
fn hybrid_lines(s: &Scenario, r: &ScenarioResult, tier: Option<&GpuTier>) -> Vec<String> {
    let Some(h) = r.hybrid.as_ref() else {
        return Vec::new();
    };
    let v = s.tokens_per_day as f64;
    let per_hour =
        tier.map_or(0.0, crate::engine::pricing::serving_capacity) * s.target_utilization / 24.0;
    let shape = match (crate::engine::day::shares(s), s.peak_hours) {
        (Some(shares), _) => {
            let (low, high) = shares
                .iter()
                .fold((f64::INFINITY, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
            format!(
                "{}/day by its hourly profile, {}/h to {}/h, each hour's overflow at that hour's API price",
                fmt::tokens(v),
                fmt::tokens(v * low),
                fmt::tokens(v * high),
            )
        }
        (None, Some(hours)) => {
            let peak = s.peak_to_average * v / 24.0;
            let rest = if hours < 24.0 {
                (v - peak * hours).max(0.0) / (24.0 - hours)
            } else {
                0.0
            };
            format!(
                "{}/day at {}× the average for {} h: {}/h at the peak, {}/h the other {} h",
                fmt::tokens(v),
                fmt::hundredths(s.peak_to_average),
                fmt::hundredths(hours),
                fmt::tokens(peak),
                fmt::tokens(rest),
                fmt::hundredths(24.0 - hours),
            )
        }
        (None, None) => return Vec::new(),
    };
    let mut out = vec![format!(
        "{shape}; a replica serves {}/h at {} utilization",
        fmt::tokens(per_hour),
        fmt::percent(s.target_utilization)
    )];
    let ends = [
        (
            "cheap",
            h.replicas.0,
            h.overflow_tokens_per_day.0,
            h.self_host.low,
            h.api.low,
        ),
        (
            "dear",
            h.replicas.1,
            h.overflow_tokens_per_day.1,
            h.self_host.high,
            h.api.high,
        ),
    ];
    for (end, k, overflow, own, api) in ends {
        out.push(format!(
            "with the {end} figures: {k} replica{} and {}/day to the API: {} + {} = {}/mo",
            if k == 1 { "" } else { "s" },
            fmt::tokens(overflow),
            fmt::money(own),
            fmt::money(api),
            fmt::money(own + api)
        ));
    }
    if let Some(c) = r.cheapest {
        out.push(format!(
            "cheapest of API, self-hosting and the hybrid: {}",
            c.label()
        ));
    }
    out
}

/// The overheads that are more than one monthly figure: from drivers, per
/// replica or region, or on the API path, each with its arithmetic (plain
/// monthly figures are in the inputs' sum); counts and amounts are the
/// ledger's.
fn overhead_lines(plan: &Plan, r: &ScenarioResult, tier: Option<&GpuTier>) -> Vec<String> {
    use crate::engine::{Group, Item, Per};
    let horizon = plan.settings.horizon_months;
    let gpus = tier.map_or(1, GpuTier::gpu_count);
    let mut out = Vec::new();
    for l in &r.ledger.lines {
        let Item::Overhead(at) = l.item else { continue };
        let Some(o) = plan.overheads.get(at) else {
            continue;
        };
        let plain = o.monthly.is_some() && l.per == Per::Once && l.group == Group::Overheads;
        if plain {
            continue;
        }
        let mut line = format!("{} ({}): ", o.name, o.applies_to.as_str());
        let drivers = fmt::drivers(&o.drivers);
        if o.drivers.one_off.is_some() {
            line.push_str(&format!("{drivers} over {horizon} months"));
        } else if !drivers.is_empty() {
            line.push_str(&drivers);
            line.push_str(match (o.drivers.hours_per_week.is_some(), l.per) {
                (true, _) => " × 4.33 weeks",
                (_, Per::Gpu) => " × 730 h / 1000",
                _ => "",
            });
        }
        if drivers.is_empty() {
            line.push_str(&format!("{}/mo", fmt::money_range(l.unit)));
        } else {
            line.push_str(&format!(" = {}/mo", fmt::money_range(l.unit)));
        }
        let count = |n: f64| match n.fract() == 0.0 {
            true => fmt::group_thousands(n as u64),
            false => fmt::hundredths(n),
        };
        // The cheap end's count, and the dear end's where they differ.
        let counts = |n: PerEnd<f64>| match n.single() {
            Some(x) => count(x),
            None => format!("{}–{}", count(n.cheap), count(n.dear)),
        };
        let plural = |n: PerEnd<f64>| if n == PerEnd::both(1.0) { "" } else { "s" };
        match (l.group, l.per) {
            (Group::ApiOverheads, _) => line.push_str(", on the API's side"),
            (_, Per::Gpu) => {
                let replicas = l.count.map(|n| n / f64::from(gpus.max(1)));
                line.push_str(&format!(
                    " a GPU × {gpus} GPUs × {} replica{}",
                    counts(replicas),
                    plural(replicas)
                ));
            }
            (_, Per::Replica) => line.push_str(&format!(" a replica × {}", counts(l.count))),
            (_, Per::Region) => line.push_str(&format!(" a region × {}", counts(l.count))),
            _ => {}
        }
        if l.amount != l.unit {
            line.push_str(&format!(" = {}/mo", fmt::money_range(l.amount)));
        }
        out.push(line);
    }
    out
}

/// Every input the scenario uses, inherited ones marked.
/// The tier: its GPUs, a replica's cost and its capacity (the estimate's
/// band where it sizes the replicas), with their sources.
fn tier_line(r: &ScenarioResult, t: &GpuTier) -> String {
    format!(
        "tier {}: {}, {} a replica ({}), {}/day capacity ({}){}",
        t.id,
        t.gpus,
        match r.self_host_given() {
            false => "no cost given".to_string(),
            true => format!("{}/mo", fmt::money_range(r.gpu_only.curve.per_replica)),
        },
        r.deployment,
        match r.capacity.filter(|_| t.estimates_capacity()) {
            Some(c) => format!("{}–{}", fmt::tokens(c.least), fmt::tokens(c.most)),
            None => fmt::tokens(t.tokens_per_day as f64),
        },
        match t.estimates_capacity() {
            true => "estimated".to_string(),
            false => t.capacity_is.to_string(),
        },
        t.p99_limit_ms.map_or(String::new(), |ms| format!(
            " at p99 ≤ {} ms",
            fmt::trim_decimals(ms, 1)
        ))
    )
}

fn inputs(plan: &Plan, s: &Scenario, r: &ScenarioResult, tier: Option<&GpuTier>) -> Vec<String> {
    let mark = |inherited: bool, from: &str| match inherited {
        true => format!(" ({from})"),
        false => String::new(),
    };
    // The redundancy the engine used: the availability target can raise
    // what the scenario sets itself.
    let (spares, regions) = s.redundancy();
    let target = s.availability.map(fmt::percent).unwrap_or_default();
    let raised = |up: bool, own: u32| match up {
        true => format!(" (the availability target {target}; the scenario sets {own})"),
        false => String::new(),
    };
    let mut out = vec![
        format!(
            "{}/day of {}, on tier {}{} in {}{}",
            fmt::tokens(s.tokens_per_day as f64),
            s.model,
            r.tier,
            mark(s.tier.is_none(), "the model's"),
            r.deployment,
            mark(s.deployment.is_none(), "the plan's")
        ),
        format!(
            "output share {}{}, peak/average {}, utilization {}, {} spare{} per region{}, {} region{}{}, growth {} a month",
            fmt::percent(plan.output_share_of(s)),
            mark(s.output_share.is_none(), "the plan's"),
            fmt::hundredths(s.peak_to_average),
            fmt::percent(s.target_utilization),
            spares,
            if spares == 1 { "" } else { "s" },
            raised(spares != s.spare_replicas, s.spare_replicas),
            regions,
            if regions == 1 { "" } else { "s" },
            raised(regions != s.regions.max(1), s.regions),
            fmt::percent(s.monthly_growth)
        ),
    ];
    if let Some(t) = tier {
        out.push(tier_line(r, t));
        out.extend(tier_parts(t, r.deployment));
        out.extend(estimate_lines(plan, s, t));
        out.extend(queue_line(plan, s, r, t));
        if let Some(p) = crate::engine::payback_vs_api(plan, r) {
            out.push(payback_line(r, &p));
        }
    }
    out.push(format!(
        "{} days a month; overheads for {}: {}/mo, {} in the verdict",
        fmt::hundredths(plan.settings.days_per_month),
        r.deployment,
        fmt::money_range(r.overheads),
        if plan.settings.include_overheads {
            "counted"
        } else {
            "not counted"
        }
    ));
    out
}

/// The explanation as screen lines of at most `width` characters, each
/// with whether it is a heading: each part's name on a line of its own, its
/// sentences wrapped under it (the planner's panel).
pub fn screen_lines(
    plan: &Plan,
    results: &Results,
    row: usize,
    width: usize,
) -> Vec<(String, bool)> {
    let mut out = Vec::with_capacity(32);
    let mut part = "";
    for line in explain(plan, results, row) {
        if line.part != part {
            part = line.part;
            out.push((part.to_string(), true));
        }
        let text = crate::base::safe_text::shown(&line.text);
        wrap_into(&mut out, &text, width.saturating_sub(2).max(10));
    }
    out
}

/// Words into indented lines of at most `width` characters, appended to
/// `out`; a longer word gets a line of its own (and is cut when drawn).
fn wrap_into(out: &mut Vec<(String, bool)>, text: &str, width: usize) {
    const INDENT: &str = "  ";
    for line in fmt::wrap(text, width).into_iter().filter(|l| !l.is_empty()) {
        out.push((format!("{INDENT}{line}"), false));
    }
}

/// The most lines a panel of `rows` rows scrolls past for `total` lines:
/// enough to bring the last line into view under the line saying what is
/// above.
pub fn max_scroll(total: usize, rows: usize) -> usize {
    if total <= rows {
        0
    } else {
        total - rows.saturating_sub(1).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_with_the_last_line_in_view() {
        assert_eq!(max_scroll(10, 12), 0);
        // 20 lines in 8 rows: 13 scrolled past, a row saying so, 7 shown.
        assert_eq!(max_scroll(20, 8), 13);
    }

    fn wrap(text: &str, width: usize) -> Vec<String> {
        let mut out = Vec::new();
        wrap_into(&mut out, text, width);
        out.into_iter().map(|(line, _)| line).collect()
    }

    #[test]
    fn words_wrap_at_spaces() {
        assert_eq!(wrap("one two three", 7), ["  one two", "  three"]);
        assert_eq!(wrap("a", 7), ["  a"]);
        assert_eq!(
            wrap("a verylongword b", 5),
            ["  a", "  verylongword", "  b"]
        );
    }
}
