//! Adding, duplicating and deleting rows, and why a row cannot go.

use super::*;

/// `base`, or `base 2`, `base 3`… whichever no row of the table has.
fn unique_name(plan: &Plan, table: Table, base: &str) -> String {
    let taken = |name: &str| table.keys(plan).any(|k| k == name);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

fn new_row(app: &App, table: Table) -> Result<Row, String> {
    let plan = &app.plan;
    let name = |base: &str| unique_name(plan, table, base);
    Ok(match table {
        // A new scenario prices the model just added (selected on its tab,
        // so a workload goes in tier, model, scenario), else the selected
        // scenario's model.
        Table::Scenarios => {
            let just_added = app.history.added(Table::Models);
            let model = just_added
                .then(|| selected(&plan.models, app.cursor_of(Tab::Models).row))
                .flatten()
                .or_else(|| plan.model(&plan.scenarios.get(app.cursor().row)?.model))
                .or(plan.models.first())
                .map(|m| m.name.clone())
                .ok_or("add a model first (tab 2): a scenario prices a model")?;
            Row::Scenario(Scenario::new(&name("New scenario"), 1_000_000, &model))
        }
        // Likewise a new model runs on the tier just added, else the
        // selected model's tier; its prices start not given (never a silent
        // 0: a free API), so its scenarios show no API figure until typed.
        Table::Models => {
            let just_added = app.history.added(Table::GpuTiers);
            let tier = just_added
                .then(|| selected(&plan.gpu_tiers, app.cursor_of(Tab::Tiers).row))
                .flatten()
                .or_else(|| plan.tier(&plan.models.get(app.cursor().row)?.tier))
                .or(plan.gpu_tiers.first())
                .ok_or("add a GPU tier first (tab 3): a model runs on one")?;
            Row::Model(new_model(name("New model"), &tier.id))
        }
        // A new tier starts from the selected one's costs and capacity,
        // never from silent zeros.
        Table::GpuTiers => {
            let like = selected(&plan.gpu_tiers, app.cursor().row);
            Row::Tier(GpuTier {
                id: name("new-tier"),
                gpus: like.map_or("1x GPU".into(), |t| t.gpus.clone()),
                cloud_monthly: like.map_or(Default::default(), |t| t.cloud_monthly),
                on_prem_monthly: like.map_or(Default::default(), |t| t.on_prem_monthly),
                cost_is: like.map_or(Source::Assumption, |t| t.cost_is.clone()),
                cost_as_of: like.and_then(|t| t.cost_as_of),
                pricing: like.map_or(Default::default(), |t| t.pricing.clone()),
                tokens_per_day: like.map_or(1_000_000, |t| t.tokens_per_day),
                tokens_per_second: like.and_then(|t| t.tokens_per_second),
                p99_limit_ms: like.and_then(|t| t.p99_limit_ms),
                capacity_is: Source::Assumption,
                capacity_as_of: None,
                measured: None,
                hardware: like.map_or(Default::default(), |t| t.hardware.clone()),
                note: like.map_or(String::new(), |t| format!("costs copied from {}", t.id)),
            })
        }
        Table::Overheads => Row::Overhead(Overhead {
            name: name("New overhead"),
            monthly: Some(Default::default()),
            drivers: Default::default(),
            scales_with: None,
            most_likely: None,
            applies_to: AppliesTo::Both,
            note: String::new(),
        }),
    })
}

/// A model on tier `tier` whose prices are not given yet.
fn new_model(name: String, tier: &str) -> Model {
    Model {
        name,
        input_per_mtok: None,
        output_per_mtok: None,
        cached_input_per_mtok: None,
        batch_discount: 0.0,
        api_discount: None,
        input_is: Source::default(),
        output_is: Source::default(),
        prices_as_of: None,
        offers: None,
        tier: tier.to_string(),
        tier_is: Source::Published,
        self_host_monthly: None,
        architecture: None,
        architecture_config: None,
        off_peak: None,
        note: String::new(),
    }
}

/// The row selected in a table, or its first.
fn selected<T>(rows: &[T], at: usize) -> Option<&T> {
    rows.get(at).or_else(|| rows.first())
}

fn insert_row(app: &mut App, row: Row, verb: &str) {
    let index = if row.table().len(&app.plan) == 0 {
        0
    } else {
        app.cursor().row + 1
    };
    let name = row.name().to_string();
    match commit(app, Change::Insert { index, row }) {
        Ok(()) => {
            let c = app.cursor_mut();
            c.row = index;
            c.col = 0;
            super::view::keep_selected(app);
            scroll_into_view(app);
            info(
                app,
                format!("{verb} \"{name}\" — Enter renames it, u undoes"),
            );
        }
        Err(message) => error(app, message),
    }
}

pub(super) fn add_row(app: &mut App, table: Table) {
    match new_row(app, table) {
        Ok(row) => insert_row(app, row, "added"),
        Err(message) => error(app, message),
    }
}

pub(super) fn duplicate_row(app: &mut App, table: Table) {
    let Some(row) = Row::of(&app.plan, table, app.cursor().row) else {
        return error(app, "nothing to duplicate — press a to add a row");
    };
    let name = unique_name(&app.plan, table, &format!("{} (copy)", row.name()));
    insert_row(app, row.renamed(name), "duplicated as");
}

pub(super) fn delete_row(app: &mut App, table: Table) {
    let index = app.cursor().row;
    let Some(row) = Row::of(&app.plan, table, index) else {
        return error(app, "nothing to delete");
    };
    if let Some(reason) = still_used(app, &row) {
        return error(app, reason);
    }
    let name = row.name().to_string();
    match commit(app, Change::Remove { index, row }) {
        Ok(()) => info(app, format!("deleted \"{name}\" — u undoes")),
        Err(message) => error(app, message),
    }
}

/// Why a row cannot go: the rows that refer to it.
fn still_used(app: &App, row: &Row) -> Option<String> {
    let plan = &app.plan;
    let users: Vec<&str> = match row {
        Row::Model(m) => plan
            .scenarios
            .iter()
            .filter(|s| s.model == m.name)
            .map(|s| s.name.as_str())
            .collect(),
        Row::Tier(t) => plan
            .models
            .iter()
            .filter(|m| m.tier == t.id)
            .map(|m| m.name.as_str())
            .chain(
                plan.scenarios
                    .iter()
                    .filter(|s| s.tier.as_deref() == Some(&t.id))
                    .map(|s| s.name.as_str()),
            )
            .collect(),
        Row::Scenario(_) | Row::Overhead(_) => Vec::new(),
    };
    if users.is_empty() {
        return None;
    }
    let shown: Vec<&str> = users.iter().take(3).copied().collect();
    let more = if users.len() > 3 {
        format!(" and {} more", users.len() - 3)
    } else {
        String::new()
    };
    Some(format!(
        "\"{}\" is used by {}{more}; point them elsewhere first",
        row.name(),
        shown.join(", ")
    ))
}
