//! The Models table: API prices, the tier that serves each model, and from
//! what volume self-hosting it pays.

use super::edit::{exact_money, name, parse_choice, refuse_taken, tier_choices, words};
use super::{Align, Cell, Column, Csv, Edit, InReport, Mark, Value, Width};
use crate::parse;
use crate::plan::{Basis, Model, Plan};

fn model(plan: &Plan, row: usize) -> &Model {
    &plan.models[row]
}

fn set(plan: &mut Plan, row: usize) -> &mut Model {
    &mut plan.models[row]
}

const BASES: [Basis; 2] = [Basis::Published, Basis::Assumption];

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
pub static COLUMNS: [Column; 7] = [
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
        value: |p, _, i| Cell::own(Value::Price(model(p, i).output_per_mtok)),
        edit: Edit::Typed {
            accepts: "USD per million tokens, like 0.28",
            get: |p, i| model(p, i).output_per_mtok.to_string(),
            set: |p, i, t| parse::number(t).map(|v| set(p, i).output_per_mtok = v),
        },
        report: InReport::at("Output $/M", 2, Csv::One("output_per_mtok")),
    },
    Column {
        title: "In $/M",
        width: Width::of_title("In $/M", 11),
        align: Align::Right,
        value: |p, _, i| {
            let m = model(p, i);
            let mark = match m.input_is {
                Basis::Published => Mark::Own,
                Basis::Assumption => Mark::Assumption,
            };
            Cell {
                value: Value::Price(m.input_per_mtok),
                mark,
            }
        },
        edit: Edit::Typed {
            accepts: "USD per million tokens, like 0.28",
            get: |p, i| model(p, i).input_per_mtok.to_string(),
            set: |p, i, t| parse::number(t).map(|v| set(p, i).input_per_mtok = v),
        },
        report: InReport::at("Input $/M", 1, Csv::One("input_per_mtok")),
    },
    Column {
        title: "Tier",
        width: Width::of_title("Tier", 11),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&model(p, i).tier)),
        edit: Edit::Picked {
            options: |p| tier_choices(p).collect(),
            get: |p, i| model(p, i).tier.clone(),
            set: |p, i, t| name(t).map(|v| set(p, i).tier = v),
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
                .map_or(Value::Missing(crate::format::NO_PRICE), Value::Money);
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
            set: |p, i, t| {
                set(p, i).self_host_monthly = match t {
                    "" => None,
                    _ => Some(parse::money(t)?),
                };
                Ok(())
            },
        },
        report: InReport::at("Self-host/replica", 4, Csv::Ends("self_host")),
    },
    Column {
        title: "Break-even",
        width: Width::between(10, 16),
        align: Align::Right,
        value: |_, r, i| {
            Cell::own(
                r.models[i]
                    .break_even
                    .map_or(Value::Missing(crate::format::NO_PRICE), Value::BreakEven),
            )
        },
        edit: Edit::Computed,
        report: InReport::at("Break-even/day", 5, Csv::Ends("break_even")),
    },
    Column {
        title: "Input is",
        width: Width::of_title("Input is", 11),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Word(model(p, i).input_is.as_str())),
        edit: Edit::Picked {
            options: |_| words(&BASES.map(Basis::as_str)),
            get: |p, i| model(p, i).input_is.as_str().to_string(),
            set: |p, i, t| parse_choice(t, &BASES, Basis::as_str).map(|v| set(p, i).input_is = v),
        },
        report: None,
    },
];
