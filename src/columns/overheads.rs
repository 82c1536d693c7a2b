//! The Overheads table: fixed monthly costs of self-hosting.

use super::edit::{exact_money, name, optional, or_empty, parse_choice, words};
use super::{Align, Cell, Column, Edit, Value, Width};
use crate::base::money::Range;
use crate::plan::parse;
use crate::plan::{AppliesTo, Drivers, Overhead, Plan, ScalesWith};

fn overhead(plan: &Plan, row: usize) -> &Overhead {
    &plan.overheads[row]
}

fn set(plan: &mut Plan, row: usize) -> &mut Overhead {
    &mut plan.overheads[row]
}

/// Every column of the Overheads table, in screen order.
pub static COLUMNS: [Column; 7] = [
    Column {
        title: "Overhead",
        width: Width::between(12, 44),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&overhead(p, i).name)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| overhead(p, i).name.clone(),
            set: |p, i, t| name(t).map(|v| set(p, i).name = v),
        },
        report: None,
    },
    Column {
        title: "Monthly",
        width: Width::between(11, 13),
        align: Align::Right,
        value: |p, r, i| {
            let o = overhead(p, i);
            match crate::engine::pricing::overhead_amount(o, p.settings.horizon_months) {
                // From its drivers: shown in parentheses, as computed.
                Some(m) => {
                    Cell::inherited_if(o.monthly.is_none(), Value::Money(m.pick(r.estimate)))
                }
                None => Cell::own(Value::Missing(crate::text::format::NOT_GIVEN)),
            }
        },
        edit: Edit::Typed {
            accepts: "dollars a month like 400 or a range like 400-800 (replaces any drivers)",
            get: |p, i| overhead(p, i).monthly.map(exact_money).unwrap_or_default(),
            set: |p, i, t| {
                let o = set(p, i);
                o.monthly = Some(parse::money(t)?);
                o.drivers = Drivers::default();
                Ok(())
            },
        },
        report: None,
    },
    Column {
        title: "Drivers",
        width: Width::between(8, 40),
        align: Align::Left,
        value: |p, _, i| match crate::text::format::drivers(&overhead(p, i).drivers) {
            d if d.is_empty() => Cell::own(Value::Missing("")),
            _ => Cell::own(Value::Drivers(&overhead(p, i).drivers)),
        },
        edit: Edit::Typed {
            accepts: DRIVERS_FORM,
            get: |p, i| crate::text::format::drivers(&overhead(p, i).drivers),
            set: |p, i, t| {
                let drivers = parse_drivers(t)?;
                let o = set(p, i);
                // Drivers replace a figure; no drivers keep it (or refuse, without one).
                if drivers != Drivers::default() {
                    o.monthly = None;
                }
                o.drivers = drivers;
                Ok(())
            },
        },
        report: None,
    },
    Column {
        title: "Per",
        width: Width::of_title("replica", 8),
        align: Align::Left,
        value: |p, _, i| {
            let o = overhead(p, i);
            let word = match (o.scaling(), o.per_gpu()) {
                (ScalesWith::Replica, true) => "GPU",
                (s, _) => s.as_str(),
            };
            Cell::inherited_if(o.scales_with.is_none(), Value::Word(word))
        },
        edit: Edit::Picked {
            options: |_| {
                std::iter::once((
                    String::new(),
                    "(the default: once, or per GPU for electricity)".to_string(),
                ))
                .chain(words(&ScalesWith::ALL.map(ScalesWith::as_str)))
                .collect()
            },
            get: |p, i| {
                overhead(p, i)
                    .scales_with
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default()
            },
            set: |p, i, t| {
                optional(t, |t| parse_choice(t, &ScalesWith::ALL, ScalesWith::as_str))
                    .map(|v| set(p, i).scales_with = v)
            },
        },
        report: None,
    },
    Column {
        title: "Applies to",
        width: Width::of_title("Applies to", 11),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Word(overhead(p, i).applies_to.as_str())),
        edit: Edit::Picked {
            options: |_| words(&AppliesTo::ALL.map(AppliesTo::as_str)),
            get: |p, i| overhead(p, i).applies_to.as_str().to_string(),
            set: |p, i, t| {
                parse_choice(t, &AppliesTo::ALL, AppliesTo::as_str)
                    .map(|v| set(p, i).applies_to = v)
            },
        },
        report: None,
    },
    Column {
        title: "Note",
        width: Width::between(10, 90),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&overhead(p, i).note)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| overhead(p, i).note.clone(),
            set: |p, i, t| {
                set(p, i).note = t.to_string();
                Ok(())
            },
        },
        report: None,
    },
    Column {
        title: "Likely",
        width: Width::of_title("Likely", 8),
        align: Align::Right,
        value: |p, _, i| match overhead(p, i).most_likely {
            Some(m) => Cell::own(Value::Money(Range::point(m))),
            None => Cell::own(Value::Missing("—")),
        },
        edit: Edit::Typed {
            accepts: "its most likely figure a month within the range, like 400 (the Monte Carlo mode); empty for none",
            get: |p, i| or_empty(overhead(p, i).most_likely),
            set: |p, i, t| {
                let one = |t: &str| match parse::money(t)? {
                    r if r.low == r.high => Ok(r.low),
                    _ => Err("one figure, not a range".to_string()),
                };
                optional(t, one).map(|v| set(p, i).most_likely = v)
            },
        },
        report: None,
    },
];

/// What the Drivers cell takes.
const DRIVERS_FORM: &str = "20 h/wk × 90 $/h, 700 W × 1.4 PUE × 0.12 $/kWh (watts per GPU: × the tier's GPUs), 2 FTE × 12k, or one-off 30k (× or x; ranges like 10-20); empty for none";

/// A figure written with its unit (`20 h/wk`): the figure.
fn with<'a>(part: &'a str, unit: &str) -> Option<&'a str> {
    part.strip_suffix(unit).map(str::trim)
}

/// Reads drivers as the Drivers cell shows them (see `format::drivers`).
pub fn parse_drivers(text: &str) -> Result<Drivers, String> {
    let t = text.trim().to_lowercase().replace(['×', '*'], "x");
    if t.is_empty() {
        return Ok(Drivers::default());
    }
    let refuse = || {
        format!(
            "\"{}\" is not a set of drivers; expected {DRIVERS_FORM}",
            text.trim()
        )
    };
    if let Some(rest) = t
        .strip_prefix("one-off")
        .or_else(|| t.strip_prefix("one off"))
    {
        return Ok(Drivers {
            one_off: Some(parse::money(rest.trim())?),
            ..Drivers::default()
        });
    }
    let parts: Vec<&str> = t.split(" x ").map(str::trim).collect();
    match parts.as_slice() {
        [h, rate] if with(h, "h/wk").is_some() => Ok(Drivers {
            hours_per_week: Some(parse::money(with(h, "h/wk").ok_or_else(refuse)?)?),
            hourly_rate: Some(parse::money(with(rate, "$/h").ok_or_else(refuse)?)?),
            ..Drivers::default()
        }),
        [n, each] if with(n, "fte").is_some() => Ok(Drivers {
            fte: Some(parse::number(with(n, "fte").ok_or_else(refuse)?)?),
            fte_monthly: Some(parse::money(each.trim_end_matches("/mo").trim())?),
            ..Drivers::default()
        }),
        [w, rest @ ..] if with(w, "w").is_some() && !rest.is_empty() => {
            let (pue, kwh) = match rest {
                [pue, kwh] => (
                    Some(parse::number(with(pue, "pue").ok_or_else(refuse)?)?),
                    kwh,
                ),
                [kwh] => (None, kwh),
                _ => return Err(refuse()),
            };
            Ok(Drivers {
                watts_per_gpu: Some(parse::number(with(w, "w").ok_or_else(refuse)?)?),
                pue,
                price_per_kwh: Some(parse::money(with(kwh, "$/kwh").ok_or_else(refuse)?)?),
                ..Drivers::default()
            })
        }
        _ => Err(refuse()),
    }
}
