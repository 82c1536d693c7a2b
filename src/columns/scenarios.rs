//! The Scenarios table: what is priced, the figures, then the inputs.

use super::edit::{exact_volume, name, optional, or_empty, parse_choice, tier_choices, words};
use super::{Align, Cell, Column, Csv, Edit, InReport, Value, Width};
use crate::engine::{Comparison, Results, ScenarioResult};
use crate::plan::parse;
use crate::plan::{Deployment, Plan, Scenario};

fn scenario(plan: &Plan, row: usize) -> &Scenario {
    &plan.scenarios[row]
}

fn result(results: &Results, row: usize) -> &ScenarioResult {
    &results.scenarios[row]
}

/// A self-host figure on the basis the plan's `include_overheads` chooses,
/// or a dash where the tier's cost is not given.
fn figure(
    plan: &Plan,
    results: &Results,
    row: usize,
    read: fn(&Comparison) -> Value<'static>,
) -> Cell<'static> {
    match result(results, row).headline(plan.settings.include_overheads) {
        Ok(c) => Cell::own(read(c)),
        Err(_) => Cell::own(Value::Missing("—")),
    }
}

/// Self-hosting's monthly cost on one basis, or "no price" without the tier's cost.
fn self_host(result: &ScenarioResult, basis: &Comparison) -> Cell<'static> {
    match result.self_host_given() {
        false => Cell::own(Value::Missing(crate::text::format::NO_PRICE)),
        true => Cell::own(Value::Money(basis.self_host)),
    }
}

/// The API's monthly cost, or "not given" while the model's prices are.
fn api(result: &ScenarioResult) -> Cell<'static> {
    match result.api_given() {
        false => Cell::own(Value::Missing(crate::text::format::NOT_GIVEN)),
        true => Cell::own(Value::Money(result.api)),
    }
}

fn set(plan: &mut Plan, row: usize) -> &mut Scenario {
    &mut plan.scenarios[row]
}

/// Every column of the Scenarios table, in screen order.
pub static COLUMNS: [Column; 25] = [
    Column {
        title: "Scenario",
        width: Width::between(12, 44),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&scenario(p, i).name)),
        edit: Edit::Typed {
            accepts: "text",
            get: |p, i| scenario(p, i).name.clone(),
            set: |p, i, t| name(t).map(|v| set(p, i).name = v),
        },
        report: InReport::at("Scenario", 0, Csv::One("scenario")),
    },
    Column {
        title: "Tokens/day",
        width: Width::of_title("Tokens/day", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Tokens(scenario(p, i).tokens_per_day)),
        edit: Edit::Typed {
            accepts: parse::VOLUME_FORM,
            get: |p, i| exact_volume(scenario(p, i).tokens_per_day),
            set: |p, i, t| parse::volume(t).map(|v| set(p, i).tokens_per_day = v),
        },
        report: InReport::at("Tokens/day", 1, Csv::One("tokens_per_day")),
    },
    Column {
        title: "API/mo",
        width: Width::of_title("API/mo", 11),
        align: Align::Right,
        value: |_, r, i| api(result(r, i)),
        edit: Edit::Computed,
        report: InReport::at("API", 6, Csv::Ends("api")),
    },
    Column {
        title: "Verdict",
        width: Width::between(11, 11),
        align: Align::Left,
        value: |p, r, i| {
            Cell::own(Value::Verdict(
                result(r, i).verdict(p.settings.include_overheads),
            ))
        },
        edit: Edit::Computed,
        report: InReport::at("Verdict", 9, Csv::One("verdict")),
    },
    Column {
        title: "Self GPU",
        width: Width::between(11, 13),
        align: Align::Right,
        value: |_, r, i| self_host(result(r, i), &result(r, i).gpu_only),
        edit: Edit::Computed,
        report: InReport::at("Self-host GPU", 7, Csv::Ends("self_host_gpu")),
    },
    Column {
        title: "Factor",
        width: Width::between(10, 16),
        align: Align::Right,
        value: |p, r, i| figure(p, r, i, |c| Value::Factor(c.factor)),
        edit: Edit::Computed,
        report: InReport::at("Factor", 10, Csv::Ends("factor")),
    },
    Column {
        title: "Self +OH",
        width: Width::between(11, 13),
        align: Align::Right,
        value: |_, r, i| self_host(result(r, i), &result(r, i).with_overheads),
        edit: Edit::Computed,
        report: InReport::at("+ overheads", 8, Csv::Ends("self_host_with_overheads")),
    },
    Column {
        title: "Break-even",
        width: Width::between(10, 16),
        align: Align::Right,
        value: |p, r, i| figure(p, r, i, |c| Value::BreakEven(c.break_even)),
        edit: Edit::Computed,
        report: InReport::at("Break-even/day", 11, Csv::Ends("break_even")),
    },
    Column {
        title: "Months",
        width: Width::of_title("Months", 11),
        align: Align::Right,
        value: |p, r, i| figure(p, r, i, |c| Value::Months(c.months.0, c.months.1)),
        edit: Edit::Computed,
        report: InReport::at("Months to BE", 12, Csv::Ends("months_to_break_even")),
    },
    Column {
        title: "Replicas",
        width: Width::of_title("Replicas", 11),
        align: Align::Right,
        value: |_, r, i| {
            let r = result(r, i);
            Cell::own(match r.missing {
                // No capacity: no count to show.
                Some(crate::engine::MissingPrice::Capacity { .. }) => Value::Missing("no capacity"),
                _ => Value::Counts(r.replicas),
            })
        },
        edit: Edit::Computed,
        report: InReport::at("Replicas", 5, Csv::One("replicas")),
    },
    Column {
        title: "Model",
        width: Width::between(10, 24),
        align: Align::Left,
        value: |p, _, i| Cell::own(Value::Text(&scenario(p, i).model)),
        edit: Edit::Picked {
            options: |p| {
                p.models
                    .iter()
                    .map(|m| (m.name.clone(), m.name.clone()))
                    .collect()
            },
            get: |p, i| scenario(p, i).model.clone(),
            set: |p, i, t| name(t).map(|v| set(p, i).model = v),
        },
        report: InReport::at("Model", 2, Csv::One("model")),
    },
    Column {
        title: "Tier",
        width: Width::of_title("Tier", 11),
        align: Align::Left,
        value: |p, r, i| {
            let inherited = scenario(p, i).tier.is_none();
            Cell::inherited_if(inherited, Value::Text(&result(r, i).tier))
        },
        edit: Edit::Picked {
            options: |p| {
                std::iter::once((String::new(), "(the model's tier)".to_string()))
                    .chain(tier_choices(p))
                    .collect()
            },
            get: |p, i| scenario(p, i).tier.clone().unwrap_or_default(),
            set: |p, i, t| {
                set(p, i).tier = (!t.is_empty()).then(|| t.to_string());
                Ok(())
            },
        },
        report: InReport::at("Tier", 3, Csv::One("tier")),
    },
    Column {
        title: "Deploy",
        // Wide enough for "(on-prem)", an inherited value, at its narrowest.
        width: Width::between(9, 11),
        align: Align::Left,
        value: |p, r, i| {
            let inherited = scenario(p, i).deployment.is_none();
            Cell::inherited_if(inherited, Value::Word(result(r, i).deployment.as_str()))
        },
        edit: Edit::Picked {
            options: |p| {
                let inherit = format!("(the plan's: {})", p.settings.deployment);
                std::iter::once((String::new(), inherit))
                    .chain(words(&Deployment::ALL.map(Deployment::as_str)))
                    .collect()
            },
            get: |p, i| or_empty(scenario(p, i).deployment),
            set: |p, i, t| {
                optional(t, |t| parse_choice(t, &Deployment::ALL, Deployment::as_str))
                    .map(|v| set(p, i).deployment = v)
            },
        },
        report: InReport::at("Deploy", 4, Csv::One("deployment")),
    },
    Column {
        title: "Out share",
        width: Width::of_title("Out share", 11),
        align: Align::Right,
        value: |p, _, i| {
            let s = scenario(p, i);
            Cell::inherited_if(s.output_share.is_none(), Value::Share(p.output_share_of(s)))
        },
        edit: Edit::Typed {
            accepts: "a share like 0.25 or 25%; empty uses the plan's",
            get: |p, i| or_empty(scenario(p, i).output_share),
            set: |p, i, t| optional(t, parse::fraction).map(|v| set(p, i).output_share = v),
        },
        report: None,
    },
    Column {
        title: "Peak/avg",
        width: Width::of_title("Peak/avg", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Ratio(scenario(p, i).peak_to_average)),
        edit: Edit::Typed {
            accepts: "a ratio of 1 or more, like 3",
            get: |p, i| scenario(p, i).peak_to_average.to_string(),
            set: |p, i, t| parse::ratio(t).map(|v| set(p, i).peak_to_average = v),
        },
        report: None,
    },
    Column {
        title: "Util",
        width: Width::of_title("Util", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Share(scenario(p, i).target_utilization)),
        edit: Edit::Typed {
            accepts: "a fraction like 0.6 or 60%",
            get: |p, i| scenario(p, i).target_utilization.to_string(),
            set: |p, i, t| parse::fraction(t).map(|v| set(p, i).target_utilization = v),
        },
        report: None,
    },
    Column {
        title: "Spares",
        width: Width::of_title("Spares", 11),
        align: Align::Right,
        // The spares the engine counts: the availability target may raise
        // the scenario's own (shown as from elsewhere when it does).
        value: |p, _, i| {
            let s = scenario(p, i);
            let used = s.redundancy().0;
            Cell::inherited_if(used != s.spare_replicas, Value::Count(used.into()))
        },
        edit: Edit::Typed {
            accepts: "spares per region, a whole number; an availability target of 99.9% or more counts at least 1",
            get: |p, i| scenario(p, i).spare_replicas.to_string(),
            set: |p, i, t| parse::whole(t).map(|v| set(p, i).spare_replicas = v),
        },
        report: None,
    },
    Column {
        title: "Regions",
        width: Width::of_title("Regions", 11),
        align: Align::Right,
        value: |p, _, i| {
            let s = scenario(p, i);
            let used = s.redundancy().1;
            Cell::inherited_if(used != s.regions, Value::Count(used.into()))
        },
        edit: Edit::Typed {
            accepts: "regions, a whole number; an availability target above 99.9% counts at least 2",
            get: |p, i| scenario(p, i).regions.to_string(),
            set: |p, i, t| parse::whole(t).map(|v| set(p, i).regions = v),
        },
        report: None,
    },
    Column {
        title: "Growth/mo",
        width: Width::of_title("Growth/mo", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Share(scenario(p, i).monthly_growth)),
        edit: Edit::Typed {
            accepts: "growth per month like 0.1 or 10%",
            get: |p, i| scenario(p, i).monthly_growth.to_string(),
            set: |p, i, t| parse::fraction(t).map(|v| set(p, i).monthly_growth = v),
        },
        report: None,
    },
    Column {
        title: "Cached in",
        width: Width::of_title("Cached in", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Share(scenario(p, i).cached_input_share)),
        edit: Edit::Typed {
            accepts: "the share of input tokens served from the prompt cache, like 0.4 or 40%",
            get: |p, i| scenario(p, i).cached_input_share.to_string(),
            set: |p, i, t| parse::fraction(t).map(|v| set(p, i).cached_input_share = v),
        },
        report: None,
    },
    Column {
        title: "Batch",
        width: Width::of_title("Batch", 11),
        align: Align::Right,
        value: |p, _, i| Cell::own(Value::Share(scenario(p, i).batch_share)),
        edit: Edit::Typed {
            accepts: "the share of tokens sent through the batch API, like 0.2 or 20%",
            get: |p, i| scenario(p, i).batch_share.to_string(),
            set: |p, i, t| parse::fraction(t).map(|v| set(p, i).batch_share = v),
        },
        report: None,
    },
    Column {
        title: "Peak h",
        width: Width::of_title("Peak h", 8),
        align: Align::Right,
        value: |p, _, i| {
            Cell::own(
                scenario(p, i)
                    .peak_hours
                    .map_or(Value::Missing(""), Value::Ratio),
            )
        },
        edit: Edit::Typed {
            accepts: "hours a day at the peak rate, like 4 (prices the hybrid too); empty for none",
            get: |p, i| or_empty(scenario(p, i).peak_hours),
            set: |p, i, t| optional(t, parse::number).map(|v| set(p, i).peak_hours = v),
        },
        report: None,
    },
    Column {
        title: "Avail.",
        width: Width::of_title("99.95%", 8),
        align: Align::Right,
        value: |p, _, i| {
            Cell::own(
                scenario(p, i)
                    .availability
                    .map_or(Value::Missing(""), Value::Share),
            )
        },
        edit: Edit::Typed {
            accepts: "an availability target like 99.9% (N+1 per region) or 99.95% (and a second region); empty for none",
            get: |p, i| or_empty(scenario(p, i).availability),
            set: |p, i, t| optional(t, parse::fraction).map(|v| set(p, i).availability = v),
        },
        report: None,
    },
    Column {
        title: "Hybrid/mo",
        width: Width::between(10, 16),
        align: Align::Right,
        value: |_, r, i| {
            Cell::own(
                result(r, i)
                    .hybrid
                    .map_or(Value::Missing(""), |h| Value::Money(h.monthly)),
            )
        },
        edit: Edit::Computed,
        report: InReport::at("Hybrid", 13, Csv::Ends("hybrid")),
    },
    Column {
        title: "Cheapest",
        width: Width::of_title("self-host", 9),
        align: Align::Left,
        value: |_, r, i| {
            Cell::own(
                result(r, i)
                    .cheapest
                    .map_or(Value::Missing(crate::text::format::NO_PRICE), |c| {
                        Value::Word(c.as_str())
                    }),
            )
        },
        edit: Edit::Computed,
        report: InReport::at("Cheapest", 14, Csv::One("cheapest")),
    },
];
