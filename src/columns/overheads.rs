//! The Overheads table: fixed monthly costs of self-hosting.

use super::edit::{exact_money, name, parse_choice, words};
use super::{Align, Cell, Column, Edit, Value, Width};
use crate::parse;
use crate::plan::{AppliesTo, Overhead, Plan};

fn overhead(plan: &Plan, row: usize) -> &Overhead {
    &plan.overheads[row]
}

fn set(plan: &mut Plan, row: usize) -> &mut Overhead {
    &mut plan.overheads[row]
}

/// Every column of the Overheads table, in screen order.
pub static COLUMNS: [Column; 4] = [
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
        value: |p, r, i| Cell::own(Value::Money(overhead(p, i).monthly.pick(r.estimate))),
        edit: Edit::Typed {
            accepts: parse::MONEY_FORM,
            get: |p, i| exact_money(overhead(p, i).monthly),
            set: |p, i, t| parse::money(t).map(|v| set(p, i).monthly = v),
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
];
