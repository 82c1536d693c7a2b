//! Goal seek in the planner: `=` on the Scenarios tab lists, for the
//! selected scenario, the value of each input at which the two sides cost
//! the same; Enter sets the chosen one (the cheap end's value), one undo step.

use super::{commit, error, info};
use crate::app::history::Change;
use crate::app::{App, Mode, PickFor, Picker, Tab};
use crate::engine::ScenarioResult;
use crate::money::Range;
use crate::plan::{AppliesTo, Deployment, GpuTier, Plan};
use crate::solve::{FIELDS, OVERHEAD, solve};

/// `=`: the answers for the selected scenario.
pub(super) fn start(app: &mut App) {
    if app.tab != Tab::Scenarios {
        return error(
            app,
            "goal seek works on a scenario: select one on the Scenarios tab (1), then press =",
        );
    }
    let row = app.cursor().row;
    let Some(result) = app.results.scenarios.get(row) else {
        return error(app, "no scenario selected");
    };
    let mut fields: Vec<String> = FIELDS
        .into_iter()
        .filter(|f| applies(f, result))
        .map(String::from)
        .collect();
    // The overheads self-hosting this scenario pays, when the verdicts count them.
    if app.plan.settings.include_overheads {
        let own = |o: &&crate::plan::Overhead| {
            o.applies_to != AppliesTo::Api && o.applies_to.includes(result.deployment)
        };
        fields.extend(
            app.plan
                .overheads
                .iter()
                .filter(own)
                .map(|o| format!("{OVERHEAD}{}", o.name)),
        );
    }
    let mut options = Vec::new();
    for field in fields {
        match solve(&app.plan, &app.results, row, &field) {
            Ok(answer) => options.push((field, answer.brief())),
            Err(message) => return error(app, message),
        }
    }
    app.mode = Mode::Picking(Picker {
        options,
        selected: 0,
        purpose: PickFor::Solve,
    });
}

/// A replica's monthly cost is solved for the scenario's own deployment.
fn applies(field: &str, result: &ScenarioResult) -> bool {
    match field {
        "cloud_monthly" => result.deployment == Deployment::Cloud,
        "on_prem_monthly" => result.deployment == Deployment::OnPrem,
        _ => true,
    }
}

/// Sets `field` of the selected scenario's inputs to its answer.
pub(super) fn apply(app: &mut App, field: &str) -> Result<(), String> {
    let row = app.cursor_of(Tab::Scenarios).row;
    let answer = solve(&app.plan, &app.results, row, field)?;
    let value = answer
        .value
        .0
        .or(answer.value.1)
        .ok_or_else(|| format!("{field}: no such value — {}", answer.reason))?;
    let result = &app.results.scenarios[row];
    let mut after = app.plan.clone();
    set(&mut after, row, result, field, value)?;
    commit(
        app,
        Change::Replace {
            before: Box::new(app.plan.clone()),
            after: Box::new(after),
            what: format!("goal seek of {field}"),
        },
    )?;
    let shown = answer.shown(value);
    info(
        app,
        format!("{field} set to {shown}: the sides meet there (u undoes)"),
    );
    Ok(())
}

/// Writes the solved value where the engine reads it: the model's price,
/// the scenario's own inputs, or the tier's cost or capacity (which the
/// tier's other scenarios share).
fn set(
    plan: &mut Plan,
    row: usize,
    r: &ScenarioResult,
    field: &str,
    value: f64,
) -> Result<(), String> {
    let model = r.model.ok_or("the scenario has no model")?;
    let tier_at = plan.gpu_tiers.iter().position(|t| t.id == r.tier);
    if let Some(name) = field.strip_prefix(OVERHEAD) {
        let o = plan
            .overheads
            .iter_mut()
            .find(|o| o.name == name)
            .ok_or("no such overhead")?;
        o.monthly = Some(Range::point(value));
        o.drivers = Default::default();
        return Ok(());
    }
    match field {
        "output_per_mtok" => plan.models[model].output_per_mtok = value,
        "input_per_mtok" => plan.models[model].input_per_mtok = value,
        "api_discount" => plan.models[model].api_discount = Some(value),
        "tokens_per_day" => plan.scenarios[row].tokens_per_day = value.ceil() as u64,
        "target_utilization" => plan.scenarios[row].target_utilization = value,
        "peak_to_average" => plan.scenarios[row].peak_to_average = value,
        "cloud_monthly" => tier_mut(plan, tier_at)?.cloud_monthly = Some(Range::point(value)),
        "on_prem_monthly" => tier_mut(plan, tier_at)?.on_prem_monthly = Some(Range::point(value)),
        _ => {
            // Solved as serving capacity: tokens a day over the hours it serves.
            let t = tier_mut(plan, tier_at)?;
            t.tokens_per_day = (value * 24.0 / t.serving_hours()).ceil() as u64;
            t.tokens_per_second = None;
        }
    }
    Ok(())
}

fn tier_mut(plan: &mut Plan, at: Option<usize>) -> Result<&mut GpuTier, String> {
    let i = at.ok_or("the scenario has no GPU tier")?;
    Ok(&mut plan.gpu_tiers[i])
}
