//! The plan's name and settings as fields of one row, edited in the
//! planner's settings popup the way cells are: typed or picked, read back
//! as exact text, each change one undo step. The row index is always 0.

use super::edit::{name, parse_choice, words};
use super::{Align, Cell, Column, Edit, Value, Width};
use crate::base::money::{Estimate, Range};
use crate::plan::parse;
use crate::plan::{Deployment, Plan, Settings};

fn settings(plan: &mut Plan) -> &mut Settings {
    &mut plan.settings
}

/// How verdicts are made, as the picker offers it.
const BASES: [bool; 2] = [false, true];

fn basis(include_overheads: bool) -> &'static str {
    crate::text::format::basis(include_overheads)
}

const fn field(
    title: &'static str,
    value: for<'a> fn(&'a Plan, &'a crate::engine::Results, usize) -> Cell<'a>,
    edit: Edit,
) -> Column {
    Column {
        title,
        width: Width::between(8, 60),
        align: Align::Left,
        value,
        edit,
        report: None,
    }
}

/// Every field of the settings popup, in order.
pub static FIELDS: [Column; 13] = [
    field(
        "Plan name",
        |p, _, _| Cell::own(Value::Text(&p.name)),
        Edit::Typed {
            accepts: "text: shown in the header, reports and the plan library",
            get: |p, _| p.name.clone(),
            set: |p, _, t| name(t).map(|v| p.name = v),
        },
    ),
    field(
        "Days per month",
        |p, _, _| Cell::own(Value::Ratio(p.settings.days_per_month)),
        Edit::Typed {
            accepts: "days from 1 to 31, like 30 or 30.4",
            get: |p, _| p.settings.days_per_month.to_string(),
            set: |p, _, t| parse::number(t).map(|v| settings(p).days_per_month = v),
        },
    ),
    field(
        "Output share",
        |p, _, _| Cell::own(Value::Share(p.settings.output_share)),
        Edit::Typed {
            accepts: "the share of tokens priced as output, like 0.25 or 25% (scenarios may set their own)",
            get: |p, _| p.settings.output_share.to_string(),
            set: |p, _, t| parse::fraction(t).map(|v| settings(p).output_share = v),
        },
    ),
    field(
        "Deployment",
        |p, _, _| Cell::own(Value::Word(p.settings.deployment.as_str())),
        Edit::Picked {
            options: |_| words(&Deployment::ALL.map(Deployment::as_str)),
            get: |p, _| p.settings.deployment.as_str().to_string(),
            set: |p, _, t| {
                parse_choice(t, &Deployment::ALL, Deployment::as_str)
                    .map(|v| settings(p).deployment = v)
            },
        },
    ),
    field(
        "Estimate",
        |p, _, _| Cell::own(Value::Word(p.settings.estimate.as_str())),
        Edit::Picked {
            options: |_| words(&Estimate::ALL.map(Estimate::as_str)),
            get: |p, _| p.settings.estimate.as_str().to_string(),
            set: |p, _, t| {
                parse_choice(t, &Estimate::ALL, Estimate::as_str).map(|v| settings(p).estimate = v)
            },
        },
    ),
    field(
        "Verdicts",
        |p, _, _| Cell::own(Value::Word(basis(p.settings.include_overheads))),
        Edit::Picked {
            options: |_| words(&BASES.map(basis)),
            get: |p, _| basis(p.settings.include_overheads).to_string(),
            set: |p, _, t| {
                parse_choice(t, &BASES, basis).map(|v| settings(p).include_overheads = v)
            },
        },
    ),
    field(
        "Stale (days)",
        |p, _, _| Cell::own(Value::Count(u64::from(p.settings.stale_after_days))),
        Edit::Typed {
            accepts: "whole days, like 180: dated figures older than this are marked ~",
            get: |p, _| p.settings.stale_after_days.to_string(),
            set: |p, _, t| parse::whole(t).map(|v| settings(p).stale_after_days = v),
        },
    ),
    field(
        "API discount",
        |p, _, _| Cell::own(Value::Share(p.settings.api_discount)),
        Edit::Typed {
            accepts: "off every API price, like 0.1 or 10% (negative: a markup); a model may set its own",
            get: |p, _| p.settings.api_discount.to_string(),
            set: |p, _, t| parse::fraction(t).map(|v| settings(p).api_discount = v),
        },
    ),
    field(
        "Contingency",
        |p, _, _| Cell::own(Value::Share(p.settings.contingency)),
        Edit::Typed {
            accepts: "added to every self-host cost, like 0.1 or 10%",
            get: |p, _| p.settings.contingency.to_string(),
            set: |p, _, t| parse::fraction(t).map(|v| settings(p).contingency = v),
        },
    ),
    field(
        "Horizon (months)",
        |p, _, _| Cell::own(Value::Count(u64::from(p.settings.horizon_months))),
        Edit::Typed {
            accepts: "months a one-off overhead is spread over and the growth timeline covers, like 24",
            get: |p, _| p.settings.horizon_months.to_string(),
            set: |p, _, t| parse::whole(t).map(|v| settings(p).horizon_months = v),
        },
    ),
    field(
        "Migration",
        |p, _, _| Cell::own(Value::Money(Range::point(p.settings.migration))),
        Edit::Typed {
            accepts: "a one-off cost of moving to self-hosting, in the growth timeline's totals, like 50k",
            get: |p, _| p.settings.migration.to_string(),
            set: |p, _, t| {
                let r = parse::money(t)?;
                if r.low != r.high {
                    return Err("one amount, like 50k: the timeline pays it once".into());
                }
                settings(p).migration = r.low;
                Ok(())
            },
        },
    ),
    field(
        "Currency",
        |p, _, _| Cell::own(Value::Text(&p.settings.currency)),
        Edit::Typed {
            accepts: "a currency code like USD or EUR: every amount in the plan is in it",
            get: |p, _| p.settings.currency.clone(),
            set: |p, _, t| {
                settings(p).currency = t.trim().to_uppercase();
                Ok(())
            },
        },
    ),
    field(
        "Per USD",
        |p, _, _| Cell::own(Value::Ratio(p.settings.usd_rate)),
        Edit::Typed {
            accepts: "units of the currency per US dollar, like 0.92 (imports convert with it)",
            get: |p, _| p.settings.usd_rate.to_string(),
            set: |p, _, t| parse::number(t).map(|v| settings(p).usd_rate = v),
        },
    ),
];
