//! The GPU tiers table: one replica's GPUs, cost and capacity.

use super::edit::{
    SOURCE_FORM, exact_money, exact_volume, name, optional_date, or_empty, refuse_taken,
};
use super::{Align, Cell, Column, Csv, Edit, InReport, Mark, Value, Width, tier_pricing};
use crate::base::money::Range;
use crate::engine::Results;
use crate::plan::parse;
use crate::plan::{GpuTier, Plan, Source};

fn tier(plan: &Plan, row: usize) -> &GpuTier {
    &plan.gpu_tiers[row]
}

fn set(plan: &mut Plan, row: usize) -> &mut GpuTier {
    &mut plan.gpu_tiers[row]
}

const COST_FORM: &str =
    "dollars like 400 or a range like 400-800 (0 for a sunk cost); empty if there is none";

/// A replica cost: "not given" when left out (never shown as 0), an
/// explicit 0 marked, since it makes self-hosting free, and otherwise
/// marked by where the cost comes from and how old it is.
fn cost(
    plan: &Plan,
    results: &Results,
    row: usize,
    cost: Option<Range>,
    parts: Option<Range>,
) -> Cell<'static> {
    let t = tier(plan, row);
    match cost {
        // From GPU hours or a purchase: shown as the tier's, in parentheses.
        None if parts.is_some() => Cell::inherited_if(
            true,
            Value::Money(parts.unwrap_or_default().pick(results.estimate)),
        ),
        None => Cell::own(Value::Missing(crate::text::format::NOT_GIVEN)),
        Some(r) if r.high == 0.0 => Cell {
            value: Value::Money(r),
            mark: Mark::Zero,
        },
        Some(r) => Cell {
            value: Value::Money(r.pick(results.estimate)),
            mark: Mark::of_source(&t.cost_is, results.is_stale(plan, t.cost_as_of)),
        },
    }
}

/// What the capacity estimate says a replica serves within the limits, for
/// the first of the tier's models that gives its architecture: a range
/// beside the tier's own figure, or why there is none.
fn estimated(plan: &Plan, row: usize) -> Cell<'static> {
    let t = tier(plan, row);
    if t.hardware.gpu_type.is_none() {
        return Cell::own(Value::Missing(""));
    }
    let Some(e) = crate::engine::capacity::for_tier(plan, t) else {
        return Cell::own(Value::Missing("no architecture"));
    };
    match e.tokens_per_day() {
        Some((low, _, high)) => Cell {
            value: Value::Band(low, high),
            mark: Mark::Assumption,
        },
        None if !e.answer.memory.fits => Cell::own(Value::Missing("does not fit")),
        None => Cell::own(Value::Missing("limits not met")),
    }
}

/// One figure of the tier's estimate (see `estimated`), or nothing where
/// there is none.
fn estimate_figure(
    plan: &Plan,
    row: usize,
    figure: fn(&crate::engine::capacity::Estimated) -> Option<Value<'static>>,
) -> Cell<'static> {
    let t = tier(plan, row);
    let value = t
        .hardware
        .gpu_type
        .as_ref()
        .and_then(|_| crate::engine::capacity::for_tier(plan, t))
        .and_then(|e| figure(&e));
    match value {
        Some(value) => Cell {
            value,
            mark: Mark::Assumption,
        },
        None => Cell::own(Value::Missing("")),
    }
}

/// A date cell, marked when stale.
fn date<'a>(plan: &Plan, results: &Results, as_of: Option<crate::base::date::Date>) -> Cell<'a> {
    match as_of {
        None => Cell::own(Value::Missing("")),
        Some(d) => Cell {
            value: Value::Date(d),
            mark: Mark::of_source(&Source::Published, results.is_stale(plan, Some(d))),
        },
    }
}

/// What the capacity cell takes.
const ESTIMATED_FORM: &str =
    "tokens a day like 50M or 1.2B; empty to size by the estimate (needs the tier's gpu_type)";

const DATE_FORM: &str = "a date like 2026-11-20; empty if unknown";

/// Money typed into a cell that may be left empty.
fn optional_money(text: &str) -> Result<Option<Range>, String> {
    match text {
        "" => Ok(None),
        _ => parse::money(text).map(Some),
    }
}

/// Renames a tier and the models and scenarios that run on it.
fn rename(plan: &mut Plan, row: usize, text: &str) -> Result<(), String> {
    let new = name(text)?;
    refuse_taken(
        plan.gpu_tiers.iter().map(|t| t.id.as_str()),
        row,
        &new,
        "GPU tier id",
    )?;
    let old = std::mem::replace(&mut plan.gpu_tiers[row].id, new.clone());
    for m in plan.models.iter_mut().filter(|m| m.tier == old) {
        m.tier.clone_from(&new);
    }
    for s in plan.scenarios.iter_mut() {
        if s.tier.as_deref() == Some(old.as_str()) {
            s.tier = Some(new.clone());
        }
    }
    Ok(())
}

/// Every column of the GPU tiers table, in screen order.
pub static COLUMNS: [Column; 36] = [
    Column {
        title: "Tier",
        width: Width::of_title("Tier", 11),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&tier(p, i).id)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| tier(p, i).id.clone(),
            set: rename,
        },
        report: InReport::at("Tier", 0, Csv::One("tier")),
    },
    Column {
        title: "GPUs",
        width: Width::between(12, 20),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&tier(p, i).gpus)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| tier(p, i).gpus.clone(),
            set: |p, i, t| name(t).map(|v| set(p, i).gpus = v),
        },
        report: InReport::at("GPUs", 1, Csv::One("gpus")),
    },
    Column {
        title: "Cloud/mo",
        width: Width::between(11, 13),
        align: Align::Right,
        value: |p, r, i| {
            cost(
                p,
                r,
                i,
                tier(p, i).cloud_monthly,
                crate::engine::pricing::gpu_hours_monthly(tier(p, i)),
            )
        },
        edit: Edit::Typed {
            accepts: COST_FORM,
            get: |p, i| {
                tier(p, i)
                    .cloud_monthly
                    .map(exact_money)
                    .unwrap_or_default()
            },
            set: |p, i, t| optional_money(t).map(|v| set(p, i).cloud_monthly = v),
        },
        report: InReport::at("Cloud/replica", 2, Csv::Ends("cloud_monthly")),
    },
    Column {
        title: "On-prem/mo",
        width: Width::between(11, 13),
        align: Align::Right,
        value: |p, r, i| {
            cost(
                p,
                r,
                i,
                tier(p, i).on_prem_monthly,
                crate::engine::pricing::owned_monthly(tier(p, i)),
            )
        },
        edit: Edit::Typed {
            accepts: COST_FORM,
            get: |p, i| {
                tier(p, i)
                    .on_prem_monthly
                    .map(exact_money)
                    .unwrap_or_default()
            },
            set: |p, i, t| optional_money(t).map(|v| set(p, i).on_prem_monthly = v),
        },
        report: InReport::at("On-prem/replica", 3, Csv::Ends("on_prem_monthly")),
    },
    Column {
        title: "Tokens/day",
        width: Width::of_title("Tokens/day", 11),
        align: Align::Right,
        value: |p, r, i| {
            let t = tier(p, i);
            match t.estimates_capacity() {
                // The band, scenario by scenario, is in Estimated/day.
                true => Cell {
                    value: Value::Word("estimated"),
                    mark: Mark::Assumption,
                },
                false => Cell {
                    value: Value::Tokens(t.tokens_per_day),
                    mark: Mark::of_source(&t.capacity_is, r.is_stale(p, t.capacity_as_of)),
                },
            }
        },
        edit: Edit::Typed {
            accepts: ESTIMATED_FORM,
            get: |p, i| match tier(p, i).estimates_capacity() {
                true => String::new(),
                false => exact_volume(tier(p, i).tokens_per_day),
            },
            set: |p, i, t| {
                let tier = set(p, i);
                // Empty with a GPU type: leave the capacity to the estimate.
                if t.trim().is_empty() && tier.hardware.gpu_type.is_some() {
                    tier.tokens_per_day = 0;
                    tier.tokens_per_second = None;
                    return Ok(());
                }
                let v = parse::volume(t)?;
                // A capacity typed by the day replaces a measured throughput.
                if tier.tokens_per_second.is_some() && tier.tokens_per_day != v {
                    tier.tokens_per_second = None;
                }
                tier.tokens_per_day = v;
                Ok(())
            },
        },
        report: InReport::at("Capacity/day", 4, Csv::One("tokens_per_day")),
    },
    Column {
        title: "Capacity is",
        width: Width::of_title("Capacity is", 24),
        align: Align::Left,
        value: |p, _, i| match tier(p, i).estimates_capacity() {
            true => Cell::own(Value::Word("estimated")),
            false => Cell::own(Value::Source(&tier(p, i).capacity_is)),
        },
        edit: Edit::Typed {
            accepts: SOURCE_FORM,
            get: |p, i| tier(p, i).capacity_is.to_string(),
            set: |p, i, t| Source::parse(t).map(|v| set(p, i).capacity_is = v),
        },
        report: InReport::at("Capacity is", 5, Csv::One("capacity_is")),
    },
    Column {
        title: "Estimated/day",
        width: Width::between(13, 16),
        align: Align::Right,
        value: |p, _, i| estimated(p, i),
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "Cost is",
        width: Width::of_title("Cost is", 24),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Source(&tier(p, i).cost_is)),
        edit: Edit::Typed {
            accepts: SOURCE_FORM,
            get: |p, i| tier(p, i).cost_is.to_string(),
            set: |p, i, t| Source::parse(t).map(|v| set(p, i).cost_is = v),
        },
        report: None,
    },
    Column {
        title: "Cost as of",
        width: Width::of_title("Cost as of", 12),
        align: Align::Left,
        value: |p, r, i| date(p, r, tier(p, i).cost_as_of),
        edit: Edit::Typed {
            accepts: DATE_FORM,
            get: |p, i| or_empty(tier(p, i).cost_as_of),
            set: |p, i, t| optional_date(t).map(|d| set(p, i).cost_as_of = d),
        },
        report: None,
    },
    Column {
        title: "Capacity as of",
        width: Width::of_title("Capacity as of", 14),
        align: Align::Left,
        value: |p, r, i| date(p, r, tier(p, i).capacity_as_of),
        edit: Edit::Typed {
            accepts: DATE_FORM,
            get: |p, i| or_empty(tier(p, i).capacity_as_of),
            set: |p, i, t| optional_date(t).map(|d| set(p, i).capacity_as_of = d),
        },
        report: None,
    },
    Column {
        title: "Measured",
        width: Width::between(8, 32),
        align: Align::Left,
        value: |p, _, i| {
            Cell::own(
                tier(p, i)
                    .measured
                    .as_ref()
                    .map_or(Value::Missing(""), Value::Measured),
            )
        },
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "GPU type",
        width: Width::between(8, 20),
        align: Align::Left,
        value: |p, _, i| match &tier(p, i).hardware.gpu_type {
            Some(g) => Cell::own(Value::Text(g)),
            None => Cell::own(Value::Missing("")),
        },
        edit: Edit::Typed {
            accepts: "a GPU of the table, like H100 SXM or h100_sxm; empty for none (no estimate)",
            get: |p, i| tier(p, i).hardware.gpu_type.clone().unwrap_or_default(),
            set: |p, i, t| {
                set(p, i).hardware.gpu_type = Some(t.trim().to_string()).filter(|t| !t.is_empty());
                Ok(())
            },
        },
        report: None,
    },
    tier_pricing::GPU_COUNT,
    tier_pricing::CLOUD_GPU_HOUR,
    tier_pricing::SPOT_GPU_HOUR,
    tier_pricing::RATE,
    tier_pricing::SPOT_ALLOWANCE,
    tier_pricing::BILLING,
    tier_pricing::ACTIVE_HOURS,
    tier_pricing::SCALE_BUFFER,
    tier_pricing::SCALE_UP,
    tier_pricing::PER_INSTANCE,
    tier_pricing::PURCHASE,
    tier_pricing::RESIDUAL,
    tier_pricing::AMORTIZATION,
    tier_pricing::UPKEEP,
    tier_pricing::CAPITAL,
    tier_pricing::PAYBACK,
    tier_pricing::TOKENS_PER_SECOND,
    tier_pricing::P99_LIMIT,
    Column {
        title: "Estimated for",
        width: Width::between(13, 20),
        align: Align::Left,
        value: |p, _, i| estimate_figure(p, i, |e| e.model_name().map(Value::Text)),
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "At once",
        width: Width::of_title("At once", 8),
        align: Align::Right,
        value: |p, _, i| estimate_figure(p, i, |e| e.at_once().map(|c| Value::Count(c.into()))),
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "Fit",
        width: Width::of_title("Fit", 6),
        align: Align::Right,
        value: |p, _, i| {
            estimate_figure(p, i, |e| {
                let m = &e.answer.memory;
                Some(match m.fits && m.max_concurrency > 0 {
                    true => Value::Count(m.max_concurrency.into()),
                    false => Value::Missing("no"),
                })
            })
        },
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "TTFT p99 ms",
        width: Width::of_title("TTFT p99 ms", 11),
        align: Align::Right,
        value: |p, _, i| {
            estimate_figure(p, i, |e| {
                e.reached_ms()
                    .map(|((low, high), _)| Value::Band(low, high))
            })
        },
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "TPOT p99 ms",
        width: Width::of_title("TPOT p99 ms", 11),
        align: Align::Right,
        value: |p, _, i| {
            estimate_figure(p, i, |e| {
                e.reached_ms()
                    .map(|(_, (low, high))| Value::Band(low, high))
            })
        },
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "Note",
        width: Width::between(10, 90),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&tier(p, i).note)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| tier(p, i).note.clone(),
            set: |p, i, t| {
                set(p, i).note = t.to_string();
                Ok(())
            },
        },
        report: None,
    },
];
