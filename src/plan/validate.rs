//! The rules a plan must keep. One function serves the file loader (which
//! points each problem at its line) and the TUI (which refuses an edit that
//! would break one).

use super::{GpuTier, Model, Overhead, Plan, Scenario, Settings, Table};
use crate::base::hash::FastSet;
use crate::base::money::Range;
use std::fmt;

/// Where a broken rule sits in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// A top-level key (`name`).
    TopLevel,
    /// The `[settings]` table.
    Settings,
    /// A row of one of the plan's tables, counted from 0.
    Row(Table, usize),
}

/// One broken rule: the field that breaks it and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The table and row, or the settings, or the top level.
    pub section: Section,
    /// The key within it.
    pub key: &'static str,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl Problem {
    /// The dotted path, e.g. `models[2].tier`.
    pub fn path(&self) -> String {
        match self.section {
            Section::TopLevel => self.key.to_string(),
            Section::Settings => format!("settings.{}", self.key),
            Section::Row(table, i) => format!("{}[{i}].{}", table.toml_name(), self.key),
        }
    }

    /// The row's own path, e.g. `models[2]`, for a problem within a row.
    pub fn row_path(&self) -> Option<String> {
        match self.section {
            Section::Row(table, i) => Some(format!("{}[{i}]", table.toml_name())),
            Section::TopLevel | Section::Settings => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message)
    }
}

/// Most tokens a day a plan may hold: far beyond any real service, small enough
/// that every total stays finite and exact to the cent.
pub const MAX_TOKENS_PER_DAY: u64 = 1_000_000_000_000_000;

/// Least tokens a day a replica may serve, and least utilization a
/// scenario may plan to. With peak/average at most 1000 they keep one
/// replica step at 1 token/day or more, so the step count at any volume a
/// plan may hold (1e15) stays an exact whole number in f64 (below 2^52):
/// every replica count and break-even is exact, never saturated.
pub const MIN_CAPACITY: u64 = 100_000;
/// See `MIN_CAPACITY`.
pub const MIN_UTILIZATION: f64 = 0.01;

/// Most dollars a plan may hold in one money figure, and most USD per million
/// tokens in one price: far beyond any real cost, small enough that every total
/// (at up to `MAX_TOKENS_PER_DAY`, 1,000 regions, 1,000 spares) stays finite.
pub const MAX_DOLLARS: f64 = 1e12;

/// Every broken rule of a plan, in file order; empty when the plan is valid.
pub fn validate(plan: &Plan) -> Vec<Problem> {
    check(plan, None)
}

/// The broken rules of the plan's name and settings.
pub fn validate_settings(plan: &Plan) -> Vec<Problem> {
    let mut out = Checker::default();
    check_top(plan, &mut out);
    out.problems
}

/// The broken rules of one row, including its uniqueness and references.
/// Cheap on plans with thousands of rows: the TUI runs it on every
/// committed edit.
pub fn validate_row(plan: &Plan, table: Table, index: usize) -> Vec<Problem> {
    check(plan, Some((table, index)))
}

/// Rows of `items` to check: all of them, or the one the scope names.
fn scoped<T>(
    items: &[T],
    table: Table,
    scope: Option<(Table, usize)>,
) -> impl Iterator<Item = (usize, &T)> {
    let (from, to) = match scope {
        None => (0, items.len()),
        Some((t, i)) if t == table && i < items.len() => (i, i + 1),
        Some(_) => (0, 0),
    };
    items[from..to]
        .iter()
        .enumerate()
        .map(move |(k, item)| (from + k, item))
}

/// What every row check needs: the plan, and the names rows refer to (all
/// of them when one row is checked; those seen so far when the whole plan is).
struct Context<'a> {
    plan: &'a Plan,
    tier_ids: Names<'a>,
    model_names: Names<'a>,
}

fn check(plan: &Plan, scope: Option<(Table, usize)>) -> Vec<Problem> {
    let mut out = Checker::default();
    let whole = scope.is_none();
    if whole {
        check_top(plan, &mut out);
    }
    // Names seen so far (whole plan) or the other rows' names (one row).
    let cx = Context {
        plan,
        tier_ids: Names::new(whole, Table::GpuTiers.keys(plan)),
        model_names: Names::new(whole, Table::Models.keys(plan)),
    };
    for table in Table::ALL {
        let mut seen = Names::empty(whole);
        match table {
            Table::GpuTiers => {
                for (i, t) in scoped(&plan.gpu_tiers, table, scope) {
                    out.at(Section::Row(table, i));
                    check_tier(&cx, t, i, &mut seen, &mut out);
                }
            }
            Table::Models => {
                for (i, m) in scoped(&plan.models, table, scope) {
                    out.at(Section::Row(table, i));
                    check_model(&cx, m, i, &mut seen, &mut out);
                }
            }
            Table::Overheads => {
                for (i, o) in scoped(&plan.overheads, table, scope) {
                    out.at(Section::Row(table, i));
                    check_overhead(&cx, o, i, &mut seen, &mut out);
                }
            }
            Table::Scenarios => {
                for (i, s) in scoped(&plan.scenarios, table, scope) {
                    out.at(Section::Row(table, i));
                    check_scenario(&cx, s, i, &mut seen, &mut out);
                }
            }
        }
    }
    out.problems
}

/// The plan's name and settings. Every field is named, so a new one
/// cannot go unchecked by oversight.
fn check_top(plan: &Plan, out: &mut Checker) {
    if plan.name.trim().is_empty() {
        out.push("name", "must not be empty".into());
    }
    out.at(Section::Settings);
    let Settings {
        days_per_month,
        deployment: _,
        estimate: _,
        include_overheads: _,
        output_share,
        stale_after_days: _,
        api_discount,
        contingency,
        horizon_months,
        migration,
        currency,
        usd_rate,
    } = &plan.settings;
    let code_ok =
        (1..=8).contains(&currency.len()) && currency.chars().all(|c| c.is_ascii_alphabetic());
    if !code_ok {
        out.push(
            "currency",
            "expected a currency code of letters, like USD or EUR".into(),
        );
    }
    if !(usd_rate.is_finite() && *usd_rate > 0.0 && *usd_rate <= 1e6) {
        out.push(
            "usd_rate",
            "expected units of the currency per US dollar, more than 0, like 0.92".into(),
        );
    }
    if !(1..=600).contains(horizon_months) {
        out.push("horizon_months", "expected months from 1 to 600".into());
    }
    if !(migration.is_finite() && (0.0..=1e15).contains(migration)) {
        out.push(
            "migration",
            format!(
                "{} is not a one-off cost; expected an amount from 0 to 1e15",
                num(*migration)
            ),
        );
    }
    if !(days_per_month.is_finite() && (1.0..=31.0).contains(days_per_month)) {
        out.push(
            "days_per_month",
            format!(
                "{} is not a number of days in a month; expected a number from 1 to 31",
                num(*days_per_month)
            ),
        );
    }
    out.share("output_share", *output_share);
    out.discount("api_discount", *api_discount);
    if !(contingency.is_finite() && (0.0..=10.0).contains(contingency)) {
        out.push(
            "contingency",
            format!(
                "{} is not a contingency; expected a fraction from 0 to 10 (0.1 adds 10 % to self-host costs)",
                num(*contingency)
            ),
        );
    }
}

fn check_tier<'a>(
    cx: &Context<'a>,
    tier: &'a GpuTier,
    i: usize,
    seen: &mut Names<'a>,
    out: &mut Checker,
) {
    let GpuTier {
        id,
        gpus: _,
        cloud_monthly,
        on_prem_monthly,
        cost_is: _,
        cost_as_of: _,
        pricing: _,
        tokens_per_day,
        tokens_per_second,
        p99_limit_ms,
        capacity_is: _,
        capacity_as_of: _,
        measured,
        hardware: _,
        note: _,
    } = tier;
    out.name(Table::GpuTiers, id, seen, i, cx.plan);
    check_pricing(tier, out);
    if let Some(ms) = p99_limit_ms {
        out.measurement("p99_limit_ms", Some(*ms));
    }
    if let Some(tps) = tokens_per_second {
        out.measurement("tokens_per_second", Some(*tps));
        if super::tokens_per_day_at(*tps) != *tokens_per_day {
            out.push(
                "tokens_per_day",
                "disagrees with tokens_per_second (× 86,400): give one of them".into(),
            );
        }
    }
    if *tokens_per_day == 0 && tokens_per_second.is_none() && !tier.estimates_capacity() {
        out.push(
            "tokens_per_day",
            "missing: give a replica's capacity as tokens_per_day or tokens_per_second, or its gpu_type to estimate it".into(),
        );
        return;
    }
    for (key, cost) in [
        ("cloud_monthly", cloud_monthly),
        ("on_prem_monthly", on_prem_monthly),
    ] {
        if let Some(r) = cost {
            out.range(key, *r);
        }
    }
    if let Some(m) = measured {
        out.measurement("measured.tokens_per_second", Some(m.tokens_per_second));
        out.measurement("measured.p99_ttft_ms", m.p99_ttft_ms);
        out.measurement("measured.p99_tpot_ms", m.p99_tpot_ms);
        out.measurement("measured.p99_e2el_ms", m.p99_e2el_ms);
        out.measurement("measured.input_tokens", m.input_tokens);
        out.measurement("measured.output_tokens", m.output_tokens);
    }
    if !tier.estimates_capacity() && !(MIN_CAPACITY..=MAX_TOKENS_PER_DAY).contains(tokens_per_day) {
        out.push(
            "tokens_per_day",
            format!(
                "a replica's capacity must be from {MIN_CAPACITY} (about 1.2 tokens a second) to {MAX_TOKENS_PER_DAY:.0e} tokens/day"
            ),
        );
    }
}

/// A tier's hourly and purchase prices. Every field is named, so a new
/// one cannot go unchecked by oversight.
fn check_pricing(tier: &GpuTier, out: &mut Checker) {
    let super::TierPricing {
        gpu_count,
        cloud_gpu_hour,
        spot_gpu_hour,
        rate: _,
        spot_allowance,
        billing,
        active_hours,
        scale_buffer,
        scale_up_minutes,
        replicas_per_instance,
        purchase,
        amortization_months,
        residual,
        upkeep_per_year,
        cost_of_capital,
        // Checked against the tier's costs: see `engine::rules`.
        cloud_most_likely: _,
        on_prem_most_likely: _,
    } = &tier.pricing;
    for (key, n, most, message) in [
        (
            "gpu_count",
            gpu_count,
            1024,
            "GPUs in a replica must be from 1 to 1024",
        ),
        (
            "replicas_per_instance",
            replicas_per_instance,
            1024,
            "expected replicas from 1 to 1024",
        ),
        (
            "amortization_months",
            amortization_months,
            240,
            "expected months from 1 to 240",
        ),
    ] {
        if n.is_some_and(|n| !(1..=most).contains(&n)) {
            out.push(key, message.into());
        }
    }
    for (key, r) in [
        ("cloud_gpu_hour", cloud_gpu_hour),
        ("spot_gpu_hour", spot_gpu_hour),
        ("purchase", purchase),
        ("residual", residual),
    ] {
        if let Some(r) = r {
            out.range(key, *r);
        }
    }
    if let (Some(p), Some(r)) = (purchase, residual)
        && (r.low > p.low || r.high > p.high)
    {
        out.push(
            "residual",
            "is worth more than the purchase; expected at most it".into(),
        );
    }
    check_billing(*spot_allowance, *billing, *active_hours, *scale_buffer, out);
    if !(scale_up_minutes.is_finite() && (0.0..=1440.0).contains(scale_up_minutes)) {
        out.push(
            "scale_up_minutes",
            "expected minutes from 0 to 1440 (a day)".into(),
        );
    }
    out.share("upkeep_per_year", *upkeep_per_year);
    out.share("cost_of_capital", *cost_of_capital);
}

/// How a cloud tier is billed: spot's extra replicas, the active window,
/// scale-to-zero's buffer.
fn check_billing(
    spot_allowance: f64,
    billing: super::Billing,
    active_hours: Option<f64>,
    scale_buffer: f64,
    out: &mut Checker,
) {
    if !(spot_allowance.is_finite() && (0.0..=10.0).contains(&spot_allowance)) {
        out.push(
            "spot_allowance",
            "expected a share from 0 to 10 (0.1 is 10 % extra replicas)".into(),
        );
    }
    match active_hours {
        Some(h) if !(h.is_finite() && h > 0.0 && h <= 24.0) => out.push(
            "active_hours",
            "expected hours a day, more than 0 and at most 24".into(),
        ),
        None if billing == super::Billing::ActiveHours => out.push(
            "active_hours",
            "missing: billing = \"active-hours\" needs the hours a day".into(),
        ),
        _ => {}
    }
    if !(scale_buffer.is_finite() && (0.0..=10.0).contains(&scale_buffer)) {
        out.push(
            "scale_buffer",
            "expected a share from 0 to 10 (0.2 bills 20 % beyond the busy hours)".into(),
        );
    }
}

fn check_model<'a>(
    cx: &Context<'a>,
    model: &'a Model,
    i: usize,
    seen: &mut Names<'a>,
    out: &mut Checker,
) {
    let Model {
        name,
        input_per_mtok,
        output_per_mtok,
        cached_input_per_mtok,
        batch_discount,
        api_discount,
        input_is: _,
        output_is: _,
        prices_as_of: _,
        offers,
        tier,
        tier_is: _,
        self_host_monthly,
        architecture: _,
        architecture_config: _,
        off_peak,
        note: _,
    } = model;
    out.name(Table::Models, name, seen, i, cx.plan);
    // Output first: a file may omit the input price, which then equals the
    // output price, and the problem is the output price's.
    if let Some(p) = output_per_mtok {
        out.price("output_per_mtok", *p);
    }
    if let Some(p) = input_per_mtok {
        out.price("input_per_mtok", *p);
    }
    if let Some(p) = cached_input_per_mtok {
        out.price("cached_input_per_mtok", *p);
    }
    out.share("batch_discount", *batch_discount);
    if let Some(d) = api_discount {
        out.discount("api_discount", *d);
    }
    // Empty is "not assigned yet" (see `Model::tier`).
    if !tier.is_empty() {
        out.reference(cx, "tier", tier, Table::GpuTiers);
    }
    if let Some(o) = offers {
        out.range("offers.output_per_mtok", o.output_per_mtok);
        out.range("offers.input_per_mtok", o.input_per_mtok);
    }
    if let Some(r) = self_host_monthly {
        out.range("self_host_monthly", *r);
    }
    if let Some(o) = off_peak {
        check_off_peak(o, out);
    }
}

/// An off-peak window: a discount and both of its ends, each an hour of the day.
fn check_off_peak(o: &super::OffPeak, out: &mut Checker) {
    out.share("off_peak_discount", o.discount);
    for (key, hour) in [("off_peak_from", o.from), ("off_peak_to", o.to)] {
        if hour.is_nan() {
            out.push(
                key,
                "missing: an off-peak window needs off_peak_discount, off_peak_from and off_peak_to".into(),
            );
        } else if !(0.0..=24.0).contains(&hour) {
            out.push(key, "expected an hour of the day, 0 to 24 (UTC)".into());
        }
    }
}

fn check_overhead<'a>(
    cx: &Context<'a>,
    overhead: &'a Overhead,
    i: usize,
    seen: &mut Names<'a>,
    out: &mut Checker,
) {
    let Overhead {
        name,
        monthly,
        drivers,
        scales_with,
        // Checked against the overhead's cost: see `engine::rules`.
        most_likely: _,
        applies_to,
        note: _,
    } = overhead;
    out.name(Table::Overheads, name, seen, i, cx.plan);
    let super::Drivers {
        hours_per_week,
        hourly_rate,
        watts_per_gpu,
        pue,
        price_per_kwh,
        fte,
        fte_monthly,
        one_off,
    } = drivers;
    for (key, r) in [
        ("monthly", monthly),
        ("hours_per_week", hours_per_week),
        ("hourly_rate", hourly_rate),
        ("price_per_kwh", price_per_kwh),
        ("fte_monthly", fte_monthly),
        ("one_off", one_off),
    ] {
        if let Some(r) = r {
            out.range(key, *r);
        }
    }
    for (key, v) in [("watts_per_gpu", watts_per_gpu), ("fte", fte)] {
        if let Some(v) = v {
            out.measurement(key, Some(*v));
        }
    }
    if pue.is_some_and(|p| !(p.is_finite() && (1.0..=3.0).contains(&p))) {
        out.push(
            "pue",
            "expected a power usage effectiveness from 1 to 3, like 1.4".into(),
        );
    }
    check_one_cost(*monthly, drivers, out);
    if *applies_to == super::AppliesTo::Api
        && scales_with.is_some_and(|s| s != super::ScalesWith::Fixed)
    {
        out.push(
            "scales_with",
            "an overhead of the API path has no replicas or regions: leave it fixed".into(),
        );
    }
    if watts_per_gpu.is_some() && scales_with.is_some_and(|s| s != super::ScalesWith::Replica) {
        out.push(
            "scales_with",
            "electricity is paid per GPU of every replica: leave scales_with out".into(),
        );
    }
}

/// An overhead says what it costs one way, completely: a figure, or one set
/// of drivers with both its parts.
fn check_one_cost(
    monthly: Option<crate::base::money::Range>,
    drivers: &super::Drivers,
    out: &mut Checker,
) {
    let super::Drivers {
        hours_per_week,
        hourly_rate,
        watts_per_gpu,
        pue: _,
        price_per_kwh,
        fte,
        fte_monthly,
        one_off,
    } = drivers;
    let kinds = [
        ("monthly", monthly.is_some(), true),
        (
            "hours_per_week",
            hours_per_week.is_some() || hourly_rate.is_some(),
            hours_per_week.is_some() && hourly_rate.is_some(),
        ),
        (
            "watts_per_gpu",
            watts_per_gpu.is_some() || price_per_kwh.is_some(),
            watts_per_gpu.is_some() && price_per_kwh.is_some(),
        ),
        (
            "fte",
            fte.is_some() || fte_monthly.is_some(),
            fte.is_some() && fte_monthly.is_some(),
        ),
        ("one_off", one_off.is_some(), true),
    ];
    let given: Vec<_> = kinds.iter().filter(|k| k.1).collect();
    match given.as_slice() {
        [] => out.push(
            "monthly",
            "missing: give monthly, or hours_per_week + hourly_rate, watts_per_gpu + price_per_kwh, fte + fte_monthly, or one_off".into(),
        ),
        [(key, _, false)] => out.push(key, match *key {
            "hours_per_week" => "needs both hours_per_week and hourly_rate",
            "watts_per_gpu" => "needs both watts_per_gpu and price_per_kwh (pue optional)",
            _ => "needs both fte and fte_monthly",
        }.into()),
        [_] => {}
        [_, (second, ..), ..] => out.push(
            second,
            "one way to give the cost: a monthly figure or one set of drivers, not several".into(),
        ),
    }
}

/// An availability target is a share below 100 %.
fn check_availability(availability: Option<f64>, out: &mut Checker) {
    if availability.is_some_and(|a| !(a.is_finite() && (0.0..1.0).contains(&a))) {
        out.push(
            "availability",
            "expected a target below 100 %, like 0.999 or 99.9%".into(),
        );
    }
}

/// Regions and spares within what the engine sizes.
fn check_redundancy(regions: u32, spare_replicas: u32, out: &mut Checker) {
    if regions == 0 || regions > 1000 {
        out.push("regions", "expected a whole number from 1 to 1000".into());
    }
    if spare_replicas > 1000 {
        out.push(
            "spare_replicas",
            "expected a whole number from 0 to 1000".into(),
        );
    }
}

/// The parts a scenario may leave out: peak hours, availability, its requests.
fn check_optional(s: &Scenario, out: &mut Checker) {
    check_peak_hours(s.peak_hours, s.peak_to_average, out);
    check_availability(s.availability, out);
    check_requests(&s.requests, out);
    if let Some(p) = &s.hourly_profile {
        check_profile(p, out);
    }
}

/// An hourly profile: 24 shares, none negative, summing to 1.
fn check_profile(p: &[f64], out: &mut Checker) {
    let sum: f64 = p.iter().sum();
    if p.len() != 24 || p.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || (sum - 1.0).abs() > 1e-3
    {
        out.push(
            "hourly_profile",
            format!(
                "{} numbers summing to {}; expected 24 shares (hour 0 to 23 UTC) of at least 0, summing to 1",
                p.len(),
                num(sum)
            ),
        );
    }
}

/// A request shape and latency limits: positive, within what a request can be.
fn check_requests(r: &crate::plan::RequestShape, out: &mut Checker) {
    for (key, value, most, what) in [
        (
            "input_tokens_per_request",
            r.input_tokens,
            10e6,
            "a count of tokens",
        ),
        (
            "output_tokens_per_request",
            r.output_tokens,
            10e6,
            "a count of tokens",
        ),
        ("ttft_p99_ms", r.ttft_p99_ms, 1e7, "a time in ms"),
        ("tpot_p99_ms", r.tpot_p99_ms, 1e7, "a time in ms"),
    ] {
        if let Some(v) = value.filter(|v| !(v.is_finite() && *v >= 1.0 && *v <= most)) {
            out.push(
                key,
                format!(
                    "{} is out of range; expected {what} from 1 to {}",
                    num(v),
                    num(most)
                ),
            );
        }
    }
}

/// Peak hours at the peak rate hold no more than a day's volume.
fn check_peak_hours(peak_hours: Option<f64>, peak_to_average: f64, out: &mut Checker) {
    let peak_to_average = &peak_to_average;
    if let Some(h) = &peak_hours
        && !(h.is_finite() && *h > 0.0 && *h <= 24.0 && h * peak_to_average <= 24.0 * (1.0 + 1e-12))
    {
        out.push(
            "peak_hours",
            format!(
                "{} hours at {}× the average rate is more than a day's volume; expected hours from 0 to 24 with peak_hours × peak_to_average at most 24",
                num(*h),
                num(*peak_to_average)
            ),
        );
    }
}

fn check_scenario<'a>(
    cx: &Context<'a>,
    scenario: &'a Scenario,
    i: usize,
    seen: &mut Names<'a>,
    out: &mut Checker,
) {
    let Scenario {
        name,
        tokens_per_day,
        model,
        tier,
        deployment: _,
        output_share,
        peak_to_average,
        target_utilization,
        spare_replicas,
        regions,
        monthly_growth,
        cached_input_share,
        batch_share,
        peak_hours: _,
        availability: _,
        hourly_profile: _,
        traffic_is: _,
        requests: _,
        note: _,
    } = scenario;
    check_optional(scenario, out);
    out.name(Table::Scenarios, name, seen, i, cx.plan);
    if *tokens_per_day > MAX_TOKENS_PER_DAY {
        out.push(
            "tokens_per_day",
            format!("at most {MAX_TOKENS_PER_DAY} tokens/day"),
        );
    }
    out.reference(cx, "model", model, Table::Models);
    if let Some(tier) = tier {
        out.reference(cx, "tier", tier, Table::GpuTiers);
    }
    if let Some(share) = output_share {
        out.share("output_share", *share);
    }
    out.share("cached_input_share", *cached_input_share);
    out.share("batch_share", *batch_share);
    if !(peak_to_average.is_finite() && (1.0..=1000.0).contains(peak_to_average)) {
        out.push(
            "peak_to_average",
            format!(
                "{} is not a peak-to-average ratio; expected a number from 1 to 1000",
                num(*peak_to_average)
            ),
        );
    }
    if !(target_utilization.is_finite() && (MIN_UTILIZATION..=1.0).contains(target_utilization)) {
        out.push(
            "target_utilization",
            format!(
                "{} is not a utilization; expected a fraction from 0.01 to 1 (0.6 is 60 %)",
                num(*target_utilization)
            ),
        );
    }
    check_redundancy(*regions, *spare_replicas, out);
    if !(monthly_growth.is_finite() && (0.0..=10.0).contains(monthly_growth)) {
        out.push(
            "monthly_growth",
            format!(
                "{} is not a growth rate; expected a fraction from 0 to 10 (0.1 is 10 % a month)",
                num(*monthly_growth)
            ),
        );
    }
}

/// A set of names when checking a whole plan; when checking one row, lookups
/// fall back to a linear scan, which is cheaper than hashing thousands of names.
struct Names<'a>(Option<FastSet<&'a str>>);

impl<'a> Names<'a> {
    fn new(whole: bool, names: impl Iterator<Item = &'a str>) -> Self {
        Names(whole.then(|| names.collect()))
    }

    fn empty(whole: bool) -> Self {
        Names(whole.then(FastSet::default))
    }

    fn contains(&self, name: &str, scan: impl FnOnce() -> bool) -> bool {
        match &self.0 {
            Some(set) => set.contains(name),
            None => scan(),
        }
    }
}

/// A number as an error message quotes it: plainly when it reads well,
/// in exponent form when huge or tiny (1e308 written out is 309 digits).
pub fn num(x: f64) -> String {
    if x == 0.0 || (x.is_finite() && (1e-6..1e15).contains(&x.abs())) {
        x.to_string()
    } else {
        format!("{x:e}")
    }
}

/// Checks a money range: finite, not negative, not above `MAX_DOLLARS`, low <= high.
pub fn range_problem(r: Range) -> Option<String> {
    if !(r.low.is_finite() && r.high.is_finite()) {
        Some("must be a finite amount of dollars, not NaN or infinity".into())
    } else if r.low < 0.0 || r.high < 0.0 {
        Some(format!(
            "{} – {} is negative; expected dollars of 0 or more",
            num(r.low),
            num(r.high)
        ))
    } else if r.low > MAX_DOLLARS || r.high > MAX_DOLLARS {
        // Scientific notation: 1e308 written out is 309 digits.
        Some(format!(
            "{:e} – {:e} is too large; expected dollars of at most {MAX_DOLLARS:e}",
            r.low, r.high
        ))
    } else if r.low > r.high {
        Some(format!(
            "low end {} is above high end {}; expected [low, high] with low <= high",
            num(r.low),
            num(r.high)
        ))
    } else {
        None
    }
}

struct Checker {
    section: Section,
    problems: Vec<Problem>,
}

impl Default for Checker {
    fn default() -> Self {
        Self {
            section: Section::TopLevel,
            problems: Vec::new(),
        }
    }
}

impl Checker {
    /// Problems pushed from now on are in this section.
    fn at(&mut self, section: Section) {
        self.section = section;
    }

    fn push(&mut self, key: &'static str, message: String) {
        self.problems.push(Problem {
            section: self.section,
            key,
            message,
        });
    }

    fn range(&mut self, key: &'static str, r: Range) {
        if let Some(m) = range_problem(r) {
            self.push(key, m);
        }
    }

    fn price(&mut self, key: &'static str, price: f64) {
        if !(price.is_finite() && (0.0..=MAX_DOLLARS).contains(&price)) {
            self.push(
                key,
                format!(
                    "{} is not a price; expected USD per million tokens, from 0 to {MAX_DOLLARS:e}",
                    num(price)
                ),
            );
        }
    }

    /// A discount (0.1 is 10 % off) or a markup (negative, at most 100 %).
    fn discount(&mut self, key: &'static str, d: f64) {
        if !(d.is_finite() && (-1.0..=1.0).contains(&d)) {
            self.push(
                key,
                format!(
                    "{} is not a discount; expected a fraction from -1 (a 100 % markup) to 1 (free), like 0.1 for 10 % off",
                    num(d)
                ),
            );
        }
    }

    /// A figure a benchmark measured: finite and not negative, if given.
    fn measurement(&mut self, key: &'static str, value: Option<f64>) {
        if let Some(v) = value.filter(|v| !(v.is_finite() && *v >= 0.0)) {
            self.push(
                key,
                format!("{} is not a measurement; expected a number from 0", num(v)),
            );
        }
    }

    fn share(&mut self, key: &'static str, share: f64) {
        if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
            self.push(
                key,
                format!(
                    "{} is not a share; expected a fraction from 0 to 1 (0.25 is 25 % output tokens)",
                    num(share)
                ),
            );
        }
    }

    /// The row's key (id or name): not empty, and unique in its table.
    fn name<'a>(
        &mut self,
        table: Table,
        name: &'a str,
        seen: &mut Names<'a>,
        index: usize,
        plan: &Plan,
    ) {
        let duplicate = match &mut seen.0 {
            Some(set) => !set.insert(name),
            None => table
                .keys(plan)
                .enumerate()
                .any(|(j, other)| j != index && other == name),
        };
        let what = format!("{} {}", table.row_label(), table.key_field());
        if name.trim().is_empty() {
            self.push(table.key_field(), format!("the {what} must not be empty"));
        } else if duplicate {
            self.push(
                table.key_field(),
                format!("duplicate {what} \"{name}\"; each must be unique"),
            );
        }
    }

    /// A reference to a row of `to` by its key: it must exist.
    fn reference(&mut self, cx: &Context, key: &'static str, name: &str, to: Table) {
        let known = match to {
            Table::GpuTiers => &cx.tier_ids,
            Table::Models => &cx.model_names,
            Table::Overheads | Table::Scenarios => &Names(None),
        };
        if known.contains(name, || to.keys(cx.plan).any(|k| k == name)) {
            return;
        }
        const SHOWN: usize = 8;
        let what = to.row_label();
        let list: Vec<&str> = to.keys(cx.plan).collect();
        let hint = match list.len() {
            0 => format!("the plan has no {what}s"),
            n if n <= SHOWN => format!("expected one of: {}", list.join(", ")),
            n => format!(
                "expected one of: {}, … ({} more)",
                list[..SHOWN].join(", "),
                n - SHOWN
            ),
        };
        self.push(key, format!("unknown {what} \"{name}\"; {hint}"));
    }
}
