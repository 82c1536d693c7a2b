//! The Models table: API prices, the tier that serves each model, and from
//! what volume self-hosting it pays.

use super::edit::{
    SOURCE_FORM, exact_money, name, optional, optional_date, or_empty, refuse_taken, tier_choices,
};
use super::{Align, Cell, Column, Csv, Edit, InReport, Mark, Value, Width};
use crate::engine::Results;
use crate::plan::parse;
use crate::plan::{Model, Plan, Source};

fn model(plan: &Plan, row: usize) -> &Model {
    &plan.models[row]
}

fn set(plan: &mut Plan, row: usize) -> &mut Model {
    &mut plan.models[row]
}

/// A price, marked by where it comes from and how old it is; "not given"
/// when left out (a new row), never a 0.
fn price<'a>(p: &'a Plan, r: &Results, i: usize, value: Option<f64>, source: &Source) -> Cell<'a> {
    let Some(value) = value else {
        return Cell::own(Value::Missing(crate::text::format::NOT_GIVEN));
    };
    let m = model(p, i);
    let stale = r.is_stale(p, m.prices_as_of);
    // Both prices 0 make the API free: flagged, as a tier's 0 cost is.
    let free = m.api_prices() == Some((0.0, 0.0));
    Cell {
        value: Value::Price(value),
        mark: match free {
            true => Mark::Zero,
            false => Mark::of_source(source, stale),
        },
    }
}

/// A price typed in is the user's own figure: a source that said it was
/// copied, guessed or imported no longer holds (an assumption stays one).
fn typed_over(source: &mut Source) {
    if matches!(source, Source::Guessed(_) | Source::Imported(_)) {
        *source = Source::Published;
    }
}

/// An input price not given, or assumed from the output price, follows
/// the output price as the file reads it: equal to it and marked an
/// assumption, or not given with it.
fn follow_output(m: &mut Model) {
    if m.input_per_mtok.is_none() || m.input_is == Source::Assumption {
        m.input_per_mtok = m.output_per_mtok;
        m.input_is = Source::Assumption;
    }
}

/// Renames a model and the scenarios that price it.
fn rename(plan: &mut Plan, row: usize, text: &str) -> Result<(), String> {
    let new = name(text)?;
    refuse_taken(
        plan.models.iter().map(|m| m.name.as_str()),
        row,
        &new,
        "model name",
    )?;
    let old = std::mem::replace(&mut plan.models[row].name, new.clone());
    for s in plan.scenarios.iter_mut().filter(|s| s.model == old) {
        s.model.clone_from(&new);
    }
    Ok(())
}

/// Every column of the Models table, in screen order.
pub static COLUMNS: [Column; 15] = [
    Column {
        title: "Model",
        width: Width::between(12, 44),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&model(p, i).name)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| model(p, i).name.clone(),
            set: rename,
        },
        report: InReport::at("Model", 0, Csv::One("model")),
    },
    Column {
        title: "Out $/M",
        width: Width::of_title("Out $/M", 11),
        align: Align::Right,
        value: |p, r, i| price(p, r, i, model(p, i).output_per_mtok, &model(p, i).output_is),
        edit: Edit::Typed {
            accepts: "USD per million tokens, like 0.28; empty: not given",
            get: |p, i| or_empty(model(p, i).output_per_mtok),
            set: |p, i, t| {
                let m = set(p, i);
                m.output_per_mtok = optional(t, parse::number)?;
                typed_over(&mut m.output_is);
                follow_output(m);
                Ok(())
            },
        },
        report: InReport::at("Output $/M", 2, Csv::One("output_per_mtok")),
    },
    Column {
        title: "In $/M",
        width: Width::of_title("In $/M", 11),
        align: Align::Right,
        value: |p, r, i| price(p, r, i, model(p, i).input_per_mtok, &model(p, i).input_is),
        edit: Edit::Typed {
            accepts: "USD per million tokens, like 0.28; empty: the output price, assumed",
            get: |p, i| or_empty(model(p, i).input_per_mtok),
            set: |p, i, t| {
                let m = set(p, i);
                // An input price that only followed the output price is the
                // user's own once typed.
                let followed =
                    m.input_is == Source::Assumption && m.input_per_mtok == m.output_per_mtok;
                m.input_per_mtok = optional(t, parse::number)?;
                typed_over(&mut m.input_is);
                if followed {
                    m.input_is = Source::Published;
                }
                // Emptied, it is the output price again, as a file reads it.
                if m.input_per_mtok.is_none() {
                    follow_output(m);
                }
                Ok(())
            },
        },
        report: InReport::at("Input $/M", 1, Csv::One("input_per_mtok")),
    },
    Column {
        title: "Tier",
        width: Width::of_title("Tier", 11),
        align: Align::Left,
        value: |p, _, i| match model(p, i) {
            m if m.tier.is_empty() => Cell::own(Value::Missing(UNASSIGNED)),
            m => Cell {
                value: Value::Text(&m.tier),
                mark: Mark::of_source(&m.tier_is, false),
            },
        },
        edit: Edit::Picked {
            options: |p| tier_choices(p).collect(),
            get: |p, i| model(p, i).tier.clone(),
            // A tier chosen by hand is the author's choice, no longer a guess.
            set: |p, i, t| {
                let m = set(p, i);
                m.tier = name(t)?;
                m.tier_is = Source::Published;
                Ok(())
            },
        },
        report: InReport::at("Tier", 3, Csv::One("tier")),
    },
    Column {
        title: "Self-host/mo",
        width: Width::between(11, 13),
        align: Align::Right,
        value: |p, r, i| {
            let inherited = model(p, i).self_host_monthly.is_none();
            let cost = r.models[i]
                .self_host
                .map_or(Value::Missing(crate::text::format::NO_PRICE), Value::Money);
            Cell::inherited_if(inherited, cost)
        },
        edit: Edit::Typed {
            accepts: "dollars like 400 or a range like 400-1500; empty uses the tier's cost",
            get: |p, i| {
                model(p, i)
                    .self_host_monthly
                    .map(exact_money)
                    .unwrap_or_default()
            },
            set: |p, i, t| optional(t, parse::money).map(|v| set(p, i).self_host_monthly = v),
        },
        report: InReport::at("Self-host/replica", 4, Csv::Ends("self_host")),
    },
    Column {
        title: "Break-even",
        width: Width::between(10, 16),
        align: Align::Right,
        value: |p, r, i| {
            // A tier sized by the estimate has no capacity for a model
            // without an architecture: no break-even, for that reason.
            let no_capacity = || {
                let m = &p.models[i];
                m.architecture.is_none() && p.tier(&m.tier).is_some_and(|t| t.estimates_capacity())
            };
            Cell::own(match r.models[i].break_even {
                Some(b) => Value::BreakEven(b),
                None if no_capacity() => Value::Missing("no capacity"),
                None => Value::Missing(crate::text::format::NO_PRICE),
            })
        },
        edit: Edit::Computed,
        report: InReport::at("Break-even/day", 5, Csv::Ends("break_even")),
    },
    Column {
        title: "Input is",
        width: Width::of_title("Input is", 24),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Source(&model(p, i).input_is)),
        edit: Edit::Typed {
            accepts: SOURCE_FORM,
            get: |p, i| model(p, i).input_is.to_string(),
            set: |p, i, t| Source::parse(t).map(|v| set(p, i).input_is = v),
        },
        report: None,
    },
    Column {
        title: "Output is",
        width: Width::of_title("Output is", 24),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Source(&model(p, i).output_is)),
        edit: Edit::Typed {
            accepts: SOURCE_FORM,
            get: |p, i| model(p, i).output_is.to_string(),
            set: |p, i, t| Source::parse(t).map(|v| set(p, i).output_is = v),
        },
        report: None,
    },
    Column {
        title: "Prices as of",
        width: Width::of_title("Prices as of", 12),
        align: Align::Left,
        value: |p, r, i| match model(p, i).prices_as_of {
            None => Cell::own(Value::Missing("")),
            Some(d) => Cell {
                value: Value::Date(d),
                mark: Mark::of_source(&Source::Published, r.is_stale(p, Some(d))),
            },
        },
        edit: Edit::Typed {
            accepts: "a date like 2026-11-20; empty if unknown",
            get: |p, i| or_empty(model(p, i).prices_as_of),
            set: |p, i, t| optional_date(t).map(|d| set(p, i).prices_as_of = d),
        },
        report: None,
    },
    Column {
        title: "Sellers",
        width: Width::between(8, 40),
        align: Align::Left,
        value: |p, _, i| {
            Cell::own(
                model(p, i)
                    .offers
                    .as_ref()
                    .map_or(Value::Missing(""), |o| Value::Offers(o)),
            )
        },
        edit: Edit::Computed,
        report: None,
    },
    Column {
        title: "Cached $/M",
        width: Width::of_title("Cached $/M", 11),
        align: Align::Right,
        value: |p, _, i| match model(p, i) {
            m if m.cached_input_per_mtok.is_none() => Cell::inherited_if(
                true,
                m.input_per_mtok
                    .map_or(Value::Missing(crate::text::format::NOT_GIVEN), Value::Price),
            ),
            m => Cell::own(Value::Price(m.cached_input_per_mtok.unwrap_or_default())),
        },
        edit: Edit::Typed {
            accepts: "USD per million cached input tokens, like 0.03; empty prices them as input",
            get: |p, i| or_empty(model(p, i).cached_input_per_mtok),
            set: |p, i, t| optional(t, parse::number).map(|v| set(p, i).cached_input_per_mtok = v),
        },
        report: None,
    },
    Column {
        title: "Batch off",
        width: Width::of_title("Batch off", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Share(model(p, i).batch_discount)),
        edit: Edit::Typed {
            accepts: "the batch API's discount, like 0.5 or 50%",
            get: |p, i| model(p, i).batch_discount.to_string(),
            set: |p, i, t| parse::fraction(t).map(|v| set(p, i).batch_discount = v),
        },
        report: None,
    },
    Column {
        title: "Discount",
        width: Width::of_title("Discount", 11),
        align: Align::Right,
        value: |p, _, i| {
            let m = model(p, i);
            Cell::inherited_if(m.api_discount.is_none(), Value::Share(p.api_discount_of(m)))
        },
        edit: Edit::Typed {
            accepts: "a discount like 0.1 or 10% (negative: a markup); empty uses the plan's",
            get: |p, i| or_empty(model(p, i).api_discount),
            set: |p, i, t| {
                optional(t, crate::plan::parse::fraction).map(|v| set(p, i).api_discount = v)
            },
        },
        report: None,
    },
    Column {
        title: "Off-peak",
        width: Width::between(10, 24),
        align: Align::Left,
        value: |p, _, i| match model(p, i).off_peak {
            Some(o) => Cell::own(Value::OffPeak(o)),
            None => Cell::own(Value::Missing("")),
        },
        edit: Edit::Typed {
            accepts: "the API's off-peak discount and window (UTC), like 50% 16:30-00:30; empty for none",
            get: |p, i| {
                model(p, i)
                    .off_peak
                    .map(|o| crate::text::format::off_peak(&o))
                    .unwrap_or_default()
            },
            set: |p, i, t| parse_off_peak(t).map(|o| set(p, i).off_peak = o),
        },
        report: None,
    },
    Column {
        title: "Architecture",
        width: Width::between(12, 24),
        align: Align::Left,
        value: |p, _, i| match &model(p, i).architecture {
            Some(a) => Cell::own(Value::Text(a)),
            None => Cell::own(Value::Missing("")),
        },
        edit: Edit::Typed {
            accepts: "a model of the table, like Qwen/Qwen3-32B; empty for none (no estimate)",
            get: |p, i| model(p, i).architecture.clone().unwrap_or_default(),
            set: |p, i, t| {
                set(p, i).architecture = Some(t.trim().to_string()).filter(|t| !t.is_empty());
                Ok(())
            },
        },
        report: None,
    },
];

/// A discount and a window, `50% 16:30-00:30` (or `0.5 16.5-0.5`); empty
/// for none.
fn parse_off_peak(text: &str) -> Result<Option<crate::plan::OffPeak>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("expected a discount and a window, like 50% 16:30-00:30; got \"{text}\"");
    let (discount, window) = text.split_once(char::is_whitespace).ok_or_else(bad)?;
    let discount = crate::plan::parse::fraction(discount)?;
    let (from, to) = window.trim().split_once(['-', '–']).ok_or_else(bad)?;
    let hour = |t: &str| -> Result<f64, String> {
        let t = t.trim();
        let h = match t.split_once(':') {
            Some((h, m)) => h
                .parse::<f64>()
                .ok()
                .zip(m.parse::<f64>().ok())
                .map(|(h, m)| h + m / 60.0),
            None => t.parse::<f64>().ok(),
        };
        h.filter(|h| (0.0..=24.0).contains(h))
            .ok_or_else(|| format!("\"{t}\" is not an hour of the day (0 to 24, or HH:MM)"))
    };
    if !(0.0..=1.0).contains(&discount) {
        return Err(format!("a discount is a share from 0 to 1; got {discount}"));
    }
    Ok(Some(crate::plan::OffPeak {
        discount,
        from: hour(from)?,
        to: hour(to)?,
    }))
}

/// What the Tier column shows for a model without one.
pub const UNASSIGNED: &str = "unassigned";
