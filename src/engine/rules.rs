//! The rules about costs: a plan's values may each be fine and still make
//! a replica cost more than the engine can state, or put a most likely
//! figure outside the range it is the mode of. They need the cost formulas
//! (`pricing`), so they are checked here, after the plan's own rules
//! (`plan::validate`); `validate` gives both, in file order, and is what the
//! loader, the importer and the planner's editors call.

use super::pricing;
use crate::plan::{self, Deployment, GpuTier, MAX_DOLLARS, Plan, Problem, Section, Table, num};

/// Every broken rule of a plan, the plan's own and those about its costs,
/// in file order; empty when the plan is valid.
pub fn validate(plan: &Plan) -> Vec<Problem> {
    merged(plan::validate(plan), cost_problems(plan, None))
}

/// The broken rules of one row (see `plan::validate_row`), its costs included.
pub fn validate_row(plan: &Plan, table: Table, index: usize) -> Vec<Problem> {
    merged(
        plan::validate_row(plan, table, index),
        cost_problems(plan, Some((table, index))),
    )
}

/// The broken rules of the plan's name and settings (none is about a cost).
pub fn validate_settings(plan: &Plan) -> Vec<Problem> {
    plan::validate_settings(plan)
}

/// Where a section comes in a file: the top level, the settings, then the
/// tables in their order, row by row.
fn rank(section: Section) -> (usize, usize) {
    match section {
        Section::TopLevel => (0, 0),
        Section::Settings => (1, 0),
        Section::Row(table, row) => {
            let at = Table::ALL.iter().position(|t| *t == table).unwrap_or(0);
            (2 + at, row)
        }
    }
}

/// The plan's problems in their order, each cost problem after the plan's
/// own problems of its row.
fn merged(own: Vec<Problem>, costs: Vec<Problem>) -> Vec<Problem> {
    if costs.is_empty() {
        return own;
    }
    let mut out = Vec::with_capacity(own.len() + costs.len());
    let mut costs = costs.into_iter().peekable();
    for p in own {
        while let Some(c) = costs.next_if(|c| rank(c.section) < rank(p.section)) {
            out.push(c);
        }
        out.push(p);
    }
    out.extend(costs);
    out
}

/// The rules about costs, for the whole plan or one row.
fn cost_problems(plan: &Plan, scope: Option<(Table, usize)>) -> Vec<Problem> {
    let mut out = Vec::new();
    let wanted = |table: Table, i: usize| scope.is_none_or(|s| s == (table, i));
    for (i, tier) in plan.gpu_tiers.iter().enumerate() {
        if wanted(Table::GpuTiers, i) {
            tier_costs(tier, Section::Row(Table::GpuTiers, i), &mut out);
        }
    }
    let horizon = plan.settings.horizon_months;
    for (i, o) in plan.overheads.iter().enumerate() {
        let Some(m) = o.most_likely.filter(|_| wanted(Table::Overheads, i)) else {
            continue;
        };
        let within = pricing::overhead_amount(o, horizon)
            .is_some_and(|r| m.is_finite() && (r.low..=r.high).contains(&m));
        if !within {
            out.push(Problem {
                section: Section::Row(Table::Overheads, i),
                key: "most_likely",
                message: format!(
                    "{} is not within the overhead's range; give its most likely monthly figure, from its low to its high",
                    num(m)
                ),
            });
        }
    }
    super::capacity::problems(plan, wanted, &mut out);
    out.sort_by_key(|p| rank(p.section));
    out
}

/// A replica's cost from its parts stays within what the engine states, and
/// a most likely cost lies within the range it is the mode of.
fn tier_costs(tier: &GpuTier, section: Section, out: &mut Vec<Problem>) {
    let mut push = |key, message| {
        out.push(Problem {
            section,
            key,
            message,
        })
    };
    for (key, from_parts) in [
        ("cloud_gpu_hour", pricing::gpu_hours_monthly(tier)),
        ("purchase", pricing::owned_monthly(tier)),
    ] {
        if from_parts.is_some_and(|r| !(r.high.is_finite() && r.high <= MAX_DOLLARS)) {
            push(
                key,
                format!("makes a replica cost more than {MAX_DOLLARS:e} a month"),
            );
        }
    }
    let p = &tier.pricing;
    for (key, most, deployment) in [
        ("cloud_most_likely", p.cloud_most_likely, Deployment::Cloud),
        (
            "on_prem_most_likely",
            p.on_prem_most_likely,
            Deployment::OnPrem,
        ),
    ] {
        let Some(m) = most else { continue };
        let within = pricing::replica_monthly(tier, deployment)
            .is_some_and(|r| m.is_finite() && (r.low..=r.high).contains(&m));
        if !within {
            push(
                key,
                format!(
                    "{} is not within the tier's {} cost; give a replica's most likely monthly cost, from its low to its high",
                    num(m),
                    deployment.as_str()
                ),
            );
        }
    }
}

/// What a valid plan holds that is likely a slip: a cost of exactly 0 (a
/// sunk cost is honoured, but it makes self-hosting free), a model priced
/// 0 for input and output (the API free), and scenarios
/// that need a tier cost the plan does not give (they get no verdict).
pub fn warnings(plan: &Plan) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, t) in plan.gpu_tiers.iter().enumerate() {
        for (key, cost) in [
            ("cloud_monthly", t.cloud_monthly),
            ("on_prem_monthly", t.on_prem_monthly),
        ] {
            if cost.is_some_and(|r| r.high == 0.0) {
                out.push(Problem {
                    section: Section::Row(Table::GpuTiers, i),
                    key,
                    message: "is 0: self-hosting on this tier costs nothing for the GPUs; fine for a sunk cost, otherwise give the cost or leave the key out".into(),
                });
            }
        }
    }
    for (i, m) in plan.models.iter().enumerate() {
        if m.api_prices().is_none() {
            out.push(Problem {
                section: Section::Row(Table::Models, i),
                key: match m.output_per_mtok {
                    None => "output_per_mtok",
                    Some(_) => "input_per_mtok",
                },
                message: "is not given: its scenarios have no API figure and no verdict; give its price per million tokens".into(),
            });
        } else if m.api_prices() == Some((0.0, 0.0)) {
            out.push(Problem {
                section: Section::Row(Table::Models, i),
                key: "output_per_mtok",
                message: "and input_per_mtok are 0: the API costs nothing for this model (a free tier or a subscription plan?); give its price per million tokens".into(),
            });
        }
    }
    for (i, s) in plan.scenarios.iter().enumerate() {
        let deployment = plan.deployment_of(s);
        let tier_id = s.tier_id(plan.model(&s.model));
        if tier_id == Some("") {
            out.push(Problem {
                section: Section::Row(Table::Scenarios, i),
                key: "model",
                message: format!(
                    "prices model {}, which has no GPU tier yet: it gets no verdict until the model or the scenario has one",
                    s.model
                ),
            });
            continue;
        }
        let Some(tier) = tier_id.and_then(|id| plan.tier(id)) else {
            continue;
        };
        if pricing::replica_monthly(tier, deployment).is_none() {
            out.push(Problem {
                section: Section::Row(Table::Scenarios, i),
                key: if s.tier.is_some() { "tier" } else { "model" },
                message: format!(
                    "runs {deployment} on tier {}, which has no {deployment} cost: it gets no verdict until the tier has one",
                    tier.id
                ),
            });
        }
        if let Err(why) = super::capacity::capacity(tier, plan.model(&s.model), s) {
            out.push(Problem {
                section: Section::Row(Table::Scenarios, i),
                key: if s.tier.is_some() { "tier" } else { "model" },
                message: format!("has no capacity, so no replicas and no verdict: {why}"),
            });
        }
    }
    out
}
