//! The GPU tiers table's pricing columns: a replica priced from GPU hours
//! (cloud) or from a purchase (on-prem), and its capacity as measured
//! throughput. Listed in `tiers::COLUMNS`, kept here so that table reads.

use super::edit::{exact_money, optional, or_empty, parse_choice, words};
use super::{Align, Cell, Column, Edit, Value, Width};
use crate::plan::parse;
use crate::plan::{Billing, GpuTier, Plan, Rate, TierPricing};

fn tier(plan: &Plan, row: usize) -> &GpuTier {
    &plan.gpu_tiers[row]
}

fn pricing(plan: &mut Plan, row: usize) -> &mut TierPricing {
    &mut plan.gpu_tiers[row].pricing
}

/// Money typed into a cell that may be left empty.
fn optional_money(text: &str) -> Result<Option<crate::base::money::Range>, String> {
    match text {
        "" => Ok(None),
        _ => parse::money(text).map(Some),
    }
}

fn money_text(r: Option<crate::base::money::Range>) -> String {
    r.map(exact_money).unwrap_or_default()
}

fn money_cell(r: Option<crate::base::money::Range>) -> Cell<'static> {
    Cell::own(r.map_or(Value::Missing(""), Value::Money))
}

const HOURLY: &str = "USD per GPU hour like 2.21 or a range like 1.8-2.4; empty if none";

pub(super) const GPU_COUNT: Column = Column {
    title: "GPUs #",
    width: Width::of_title("GPUs #", 8),
    align: Align::Right,
    value: |p, _, i| {
        let t = tier(p, i);
        Cell::inherited_if(
            t.pricing.gpu_count.is_none(),
            Value::Count(t.gpu_count().into()),
        )
    },
    edit: Edit::Typed {
        accepts: "GPUs in one replica, like 2; empty reads it from the GPUs text (\"2x …\")",
        get: |p, i| or_empty(tier(p, i).pricing.gpu_count),
        set: |p, i, t| optional(t, parse::whole).map(|v| pricing(p, i).gpu_count = v),
    },
    report: None,
};

pub(super) const CLOUD_GPU_HOUR: Column = Column {
    title: "$/GPU-h",
    width: Width::of_title("$/GPU-h", 13),
    align: Align::Right,
    value: |p, _, i| money_cell(tier(p, i).pricing.cloud_gpu_hour),
    edit: Edit::Typed {
        accepts: HOURLY,
        get: |p, i| money_text(tier(p, i).pricing.cloud_gpu_hour),
        set: |p, i, t| optional_money(t).map(|v| pricing(p, i).cloud_gpu_hour = v),
    },
    report: None,
};

pub(super) const SPOT_GPU_HOUR: Column = Column {
    title: "Spot $/GPU-h",
    width: Width::of_title("Spot $/GPU-h", 13),
    align: Align::Right,
    value: |p, _, i| money_cell(tier(p, i).pricing.spot_gpu_hour),
    edit: Edit::Typed {
        accepts: HOURLY,
        get: |p, i| money_text(tier(p, i).pricing.spot_gpu_hour),
        set: |p, i, t| optional_money(t).map(|v| pricing(p, i).spot_gpu_hour = v),
    },
    report: None,
};

pub(super) const RATE: Column = Column {
    title: "Rate",
    width: Width::of_title("on-demand", 9),
    align: Align::Left,
    value: |p, _, i| Cell::own(Value::Word(tier(p, i).pricing.rate.as_str())),
    edit: Edit::Picked {
        options: |_| words(&Rate::ALL.map(Rate::as_str)),
        get: |p, i| tier(p, i).pricing.rate.as_str().to_string(),
        set: |p, i, t| parse_choice(t, &Rate::ALL, Rate::as_str).map(|v| pricing(p, i).rate = v),
    },
    report: None,
};

pub(super) const SPOT_ALLOWANCE: Column = Column {
    title: "Spot extra",
    width: Width::of_title("Spot extra", 10),
    align: Align::Right,
    value: |p, _, i| Cell::own(Value::Share(tier(p, i).pricing.spot_allowance)),
    edit: Edit::Typed {
        accepts: "extra replicas held for spot interruptions, like 0.1 or 10%",
        get: |p, i| tier(p, i).pricing.spot_allowance.to_string(),
        set: |p, i, t| parse::fraction(t).map(|v| pricing(p, i).spot_allowance = v),
    },
    report: None,
};

pub(super) const BILLING: Column = Column {
    title: "Billing",
    width: Width::of_title("scale-to-zero", 13),
    align: Align::Left,
    value: |p, _, i| Cell::own(Value::Word(tier(p, i).pricing.billing.as_str())),
    edit: Edit::Picked {
        options: |_| words(&Billing::ALL.map(Billing::as_str)),
        get: |p, i| tier(p, i).pricing.billing.as_str().to_string(),
        set: |p, i, t| {
            let billing = parse_choice(t, &Billing::ALL, Billing::as_str)?;
            let pr = pricing(p, i);
            pr.billing = billing;
            // A window needs its hours; a whole day until the user says.
            if billing == Billing::ActiveHours && pr.active_hours.is_none() {
                pr.active_hours = Some(24.0);
            }
            Ok(())
        },
    },
    report: None,
};

pub(super) const ACTIVE_HOURS: Column = Column {
    title: "Active h",
    width: Width::of_title("Active h", 8),
    align: Align::Right,
    value: |p, _, i| {
        Cell::own(
            tier(p, i)
                .pricing
                .active_hours
                .map_or(Value::Missing(""), Value::Ratio),
        )
    },
    edit: Edit::Typed {
        accepts: "hours a day the replicas run and are billed, like 10; empty for none",
        get: |p, i| or_empty(tier(p, i).pricing.active_hours),
        set: |p, i, t| optional(t, parse::number).map(|v| pricing(p, i).active_hours = v),
    },
    report: None,
};

pub(super) const PURCHASE: Column = Column {
    title: "Purchase",
    width: Width::between(9, 15),
    align: Align::Right,
    value: |p, _, i| money_cell(tier(p, i).pricing.purchase),
    edit: Edit::Typed {
        accepts: "what one replica's hardware costs to buy, like 30k or 25k-35k; empty if none",
        get: |p, i| money_text(tier(p, i).pricing.purchase),
        set: |p, i, t| optional_money(t).map(|v| pricing(p, i).purchase = v),
    },
    report: None,
};

pub(super) const RESIDUAL: Column = Column {
    title: "Residual",
    width: Width::between(9, 15),
    align: Align::Right,
    value: |p, _, i| money_cell(tier(p, i).pricing.residual),
    edit: Edit::Typed {
        accepts: "what the hardware is worth at the end, like 6k; empty for nothing",
        get: |p, i| money_text(tier(p, i).pricing.residual),
        set: |p, i, t| optional_money(t).map(|v| pricing(p, i).residual = v),
    },
    report: None,
};

pub(super) const AMORTIZATION: Column = Column {
    title: "Amort. mo",
    width: Width::of_title("Amort. mo", 9),
    align: Align::Right,
    value: |p, _, i| {
        let months = tier(p, i).pricing.amortization_months;
        Cell::inherited_if(
            months.is_none(),
            Value::Count(months.unwrap_or(crate::plan::AMORTIZATION_MONTHS).into()),
        )
    },
    edit: Edit::Typed {
        accepts: "months the purchase is written off over, like 36; empty for 36",
        get: |p, i| or_empty(tier(p, i).pricing.amortization_months),
        set: |p, i, t| optional(t, parse::whole).map(|v| pricing(p, i).amortization_months = v),
    },
    report: None,
};

pub(super) const UPKEEP: Column = Column {
    title: "Upkeep/yr",
    width: Width::of_title("Upkeep/yr", 9),
    align: Align::Right,
    value: |p, _, i| Cell::own(Value::Share(tier(p, i).pricing.upkeep_per_year)),
    edit: Edit::Typed {
        accepts: "upkeep a year as a share of the purchase, like 0.1 or 10%",
        get: |p, i| tier(p, i).pricing.upkeep_per_year.to_string(),
        set: |p, i, t| parse::fraction(t).map(|v| pricing(p, i).upkeep_per_year = v),
    },
    report: None,
};

pub(super) const CAPITAL: Column = Column {
    title: "Capital/yr",
    width: Width::of_title("Capital/yr", 10),
    align: Align::Right,
    value: |p, _, i| Cell::own(Value::Share(tier(p, i).pricing.cost_of_capital)),
    edit: Edit::Typed {
        accepts: "the yearly cost of the money tied up, like 0.08 or 8%",
        get: |p, i| tier(p, i).pricing.cost_of_capital.to_string(),
        set: |p, i, t| parse::fraction(t).map(|v| pricing(p, i).cost_of_capital = v),
    },
    report: None,
};

pub(super) const PAYBACK: Column = Column {
    title: "Payback",
    width: Width::between(7, 14),
    align: Align::Right,
    value: |p, _, i| {
        Cell::own(
            crate::engine::payback_vs_renting(tier(p, i))
                .map_or(Value::Missing(""), |(low, high)| Value::Months(low, high)),
        )
    },
    edit: Edit::Computed,
    report: None,
};

pub(super) const TOKENS_PER_SECOND: Column = Column {
    title: "Tok/s",
    width: Width::of_title("Tok/s", 10),
    align: Align::Right,
    value: |p, _, i| {
        Cell::own(
            tier(p, i)
                .tokens_per_second
                .map_or(Value::Missing(""), Value::Ratio),
        )
    },
    edit: Edit::Typed {
        accepts: "measured tokens a second, input and output; sets tokens/day (× 86,400)",
        get: |p, i| or_empty(tier(p, i).tokens_per_second),
        set: |p, i, t| {
            let tier = &mut p.gpu_tiers[i];
            tier.tokens_per_second = match t {
                "" => None,
                _ => {
                    let tps = parse::number(t)?;
                    tier.tokens_per_day = crate::plan::tokens_per_day_at(tps);
                    Some(tps)
                }
            };
            Ok(())
        },
    },
    report: None,
};

pub(super) const P99_LIMIT: Column = Column {
    title: "p99 ms",
    width: Width::of_title("p99 ms", 8),
    align: Align::Right,
    value: |p, _, i| {
        Cell::own(
            tier(p, i)
                .p99_limit_ms
                .map_or(Value::Missing(""), Value::Ratio),
        )
    },
    edit: Edit::Typed {
        accepts: "the p99 latency the capacity holds to, ms (a benchmark's limit); empty for none",
        get: |p, i| or_empty(tier(p, i).p99_limit_ms),
        set: |p, i, t| optional(t, parse::number).map(|v| p.gpu_tiers[i].p99_limit_ms = v),
    },
    report: None,
};

pub(super) const SCALE_BUFFER: Column = Column {
    title: "Buffer",
    width: Width::of_title("Buffer", 8),
    align: Align::Right,
    value: |p, _, i| Cell::own(Value::Share(tier(p, i).pricing.scale_buffer)),
    edit: Edit::Typed {
        accepts: "scale-to-zero: billed time beyond the busy hours, like 0.2 or 20%",
        get: |p, i| tier(p, i).pricing.scale_buffer.to_string(),
        set: |p, i, t| parse::fraction(t).map(|v| pricing(p, i).scale_buffer = v),
    },
    report: None,
};

pub(super) const SCALE_UP: Column = Column {
    title: "Lead min",
    width: Width::of_title("Lead min", 8),
    align: Align::Right,
    value: |p, _, i| Cell::own(Value::Ratio(tier(p, i).pricing.scale_up_minutes)),
    edit: Edit::Typed {
        accepts: "scale-to-zero with an hourly profile: minutes billed before a started replica serves, like 5",
        get: |p, i| tier(p, i).pricing.scale_up_minutes.to_string(),
        set: |p, i, t| parse::number(t).map(|v| pricing(p, i).scale_up_minutes = v),
    },
    report: None,
};

pub(super) const PER_INSTANCE: Column = Column {
    title: "Per inst.",
    width: Width::of_title("Per inst.", 9),
    align: Align::Right,
    value: |p, _, i| {
        let n = tier(p, i).pricing.replicas_per_instance;
        Cell::inherited_if(n.is_none(), Value::Count(u64::from(n.unwrap_or(1))))
    },
    edit: Edit::Typed {
        accepts: "replicas one billed instance holds, like 4; empty for 1",
        get: |p, i| or_empty(tier(p, i).pricing.replicas_per_instance),
        set: |p, i, t| optional(t, parse::whole).map(|v| pricing(p, i).replicas_per_instance = v),
    },
    report: None,
};
