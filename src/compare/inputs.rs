//! Input changes: every entity's fields, matched by id or name.

use crate::base::money::Range;
use crate::plan::{GpuTier, Model, Overhead, Plan, Scenario, Settings, Table};
use crate::text::format as fmt;
use std::collections::{HashMap, VecDeque};
use std::fmt::{self as sfmt, Display};

/// The kinds of inputs a plan holds: its settings, and the rows of its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// The `[settings]` table.
    Settings,
    /// A row of a table, matched by its key (id or name).
    Row(Table),
}

impl EntityKind {
    /// The word in tables.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Settings => "settings",
            EntityKind::Row(table) => table.row_label(),
        }
    }

    /// The key in JSON.
    pub fn key(self) -> &'static str {
        match self {
            EntityKind::Settings => "settings",
            EntityKind::Row(table) => table.row_key(),
        }
    }

    /// What the entity is matched by.
    fn matched_by(self) -> &'static str {
        match self {
            EntityKind::Settings => "name",
            EntityKind::Row(table) => table.key_field(),
        }
    }
}

/// The value of one input field, typed so it prints like the reports and
/// serialises as a number where it is one.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// USD per month, a range.
    Money(Range),
    /// USD per million tokens.
    Price(f64),
    /// Tokens per day, exact.
    Tokens(u64),
    /// A fraction shown as a percentage.
    Share(f64),
    /// A plain number (days, peak/average).
    Number(f64),
    /// A whole count (regions, spares).
    Count(u32),
    /// A word or free text.
    Text(String),
    /// A switch.
    Flag(bool),
    /// Not set here: inherited from what the text says ("model's tier").
    Inherited(&'static str),
    /// Not given at all (a tier's cost left out): not the same as 0.
    Missing,
}

impl Display for FieldValue {
    fn fmt(&self, f: &mut sfmt::Formatter<'_>) -> sfmt::Result {
        match self {
            FieldValue::Money(r) => f.write_str(&fmt::money_range(*r)),
            FieldValue::Price(x) => f.write_str(&fmt::price(*x)),
            FieldValue::Tokens(n) => f.write_str(&fmt::group_thousands(*n)),
            FieldValue::Share(x) => f.write_str(&fmt::percent(*x)),
            FieldValue::Number(x) => f.write_str(&fmt::trim_decimals(*x, 4)),
            FieldValue::Count(n) => write!(f, "{n}"),
            FieldValue::Text(s) if s.is_empty() => f.write_str("(empty)"),
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::Flag(b) => write!(f, "{b}"),
            FieldValue::Missing => f.write_str("(not given)"),
            FieldValue::Inherited(from) => write!(f, "({from})"),
        }
    }
}

/// How one entity differs.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Only in the new plan.
    Added,
    /// Only in the old plan.
    Removed,
    /// In both, with this field changed.
    Changed {
        /// The field's key in the plan file.
        field: &'static str,
        /// Its value in the old plan.
        old: FieldValue,
        /// Its value in the new plan.
        new: FieldValue,
    },
}

/// One input that differs between the plans.
#[derive(Debug, Clone, PartialEq)]
pub struct InputChange {
    /// What kind of entity.
    pub kind: EntityKind,
    /// Its id or name (`settings` for the settings table).
    pub key: String,
    /// What changed.
    pub change: Change,
}

/// A removed and an added entity of one kind that look like one renamed.
#[derive(Debug, Clone, PartialEq)]
pub struct RenameHint {
    /// The kind of both.
    pub kind: EntityKind,
    /// The id or name in the old plan.
    pub old_key: String,
    /// The id or name in the new plan.
    pub new_key: String,
    /// True when every other field is the same; false when only the names
    /// are alike (same letters, different case or punctuation).
    pub same_fields: bool,
}

impl Display for RenameHint {
    fn fmt(&self, f: &mut sfmt::Formatter<'_>) -> sfmt::Result {
        let kind = self.kind.label();
        let how = if self.same_fields {
            "with the same fields"
        } else {
            "under an alike name"
        };
        write!(
            f,
            "{kind} \"{}\" was removed and \"{}\" added {how}: probably a rename. Compare matches {kind}s by {}, so a rename shows as removed + added.",
            self.old_key,
            self.new_key,
            self.kind.matched_by()
        )
    }
}

type Fields = Vec<(&'static str, FieldValue)>;

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_string())
}

fn money(r: Option<crate::base::money::Range>) -> FieldValue {
    r.map_or(FieldValue::Missing, FieldValue::Money)
}

fn date(d: Option<crate::base::date::Date>) -> FieldValue {
    d.map_or(FieldValue::Missing, |d| text(&d.to_string()))
}

// Each struct is destructured in full: a new plan field fails the build
// here until it is compared too.

fn settings_fields(s: &Settings) -> Fields {
    let Settings {
        days_per_month,
        deployment,
        estimate,
        include_overheads,
        output_share,
        stale_after_days,
        api_discount,
        contingency,
        horizon_months,
        currency,
        usd_rate,
    } = s;
    vec![
        ("days_per_month", FieldValue::Number(*days_per_month)),
        ("deployment", text(deployment.as_str())),
        ("estimate", text(estimate.as_str())),
        ("include_overheads", FieldValue::Flag(*include_overheads)),
        ("output_share", FieldValue::Share(*output_share)),
        ("stale_after_days", FieldValue::Count(*stale_after_days)),
        ("api_discount", FieldValue::Share(*api_discount)),
        ("contingency", FieldValue::Share(*contingency)),
        ("horizon_months", FieldValue::Count(*horizon_months)),
        ("currency", text(currency)),
        ("usd_rate", FieldValue::Number(*usd_rate)),
    ]
}

/// An optional number: shown, or missing.
fn number(x: Option<f64>) -> FieldValue {
    x.map_or(FieldValue::Missing, FieldValue::Number)
}

fn tier_fields(t: &GpuTier) -> Fields {
    let GpuTier {
        id: _,
        gpus,
        cloud_monthly,
        on_prem_monthly,
        cost_is,
        cost_as_of,
        pricing: p,
        tokens_per_day,
        tokens_per_second,
        p99_limit_ms,
        capacity_is,
        capacity_as_of,
        measured,
        note,
    } = t;
    vec![
        ("gpus", text(gpus)),
        (
            "cloud_monthly",
            cloud_monthly.map_or(FieldValue::Missing, FieldValue::Money),
        ),
        (
            "on_prem_monthly",
            on_prem_monthly.map_or(FieldValue::Missing, FieldValue::Money),
        ),
        ("tokens_per_day", FieldValue::Tokens(*tokens_per_day)),
        ("tokens_per_second", number(*tokens_per_second)),
        ("p99_limit_ms", number(*p99_limit_ms)),
        (
            "gpu_count",
            p.gpu_count
                .map_or(FieldValue::Inherited("from gpus"), FieldValue::Count),
        ),
        ("cloud_gpu_hour", money(p.cloud_gpu_hour)),
        ("spot_gpu_hour", money(p.spot_gpu_hour)),
        ("rate", text(p.rate.as_str())),
        ("spot_allowance", FieldValue::Share(p.spot_allowance)),
        ("billing", text(p.billing.as_str())),
        ("active_hours", number(p.active_hours)),
        ("scale_buffer", FieldValue::Share(p.scale_buffer)),
        (
            "replicas_per_instance",
            p.replicas_per_instance
                .map_or(FieldValue::Inherited("1"), FieldValue::Count),
        ),
        ("purchase", money(p.purchase)),
        (
            "amortization_months",
            p.amortization_months
                .map_or(FieldValue::Inherited("36"), FieldValue::Count),
        ),
        ("residual", money(p.residual)),
        ("upkeep_per_year", FieldValue::Share(p.upkeep_per_year)),
        ("cost_of_capital", FieldValue::Share(p.cost_of_capital)),
        ("cloud_most_likely", number(p.cloud_most_likely)),
        ("on_prem_most_likely", number(p.on_prem_most_likely)),
        ("cost_is", text(&cost_is.to_string())),
        ("cost_as_of", date(*cost_as_of)),
        ("capacity_is", text(&capacity_is.to_string())),
        ("capacity_as_of", date(*capacity_as_of)),
        (
            "measured",
            measured.as_ref().map_or(FieldValue::Missing, |m| {
                text(&crate::columns::Value::Measured(m).text())
            }),
        ),
        ("note", text(note)),
    ]
}

fn model_fields(m: &Model) -> Fields {
    let Model {
        name: _,
        input_per_mtok,
        output_per_mtok,
        cached_input_per_mtok,
        batch_discount,
        api_discount,
        input_is,
        output_is,
        prices_as_of,
        offers,
        tier,
        tier_is,
        self_host_monthly,
        note,
    } = m;
    vec![
        ("output_per_mtok", FieldValue::Price(*output_per_mtok)),
        ("input_per_mtok", FieldValue::Price(*input_per_mtok)),
        (
            "cached_input_per_mtok",
            cached_input_per_mtok.map_or(FieldValue::Inherited("input price"), FieldValue::Price),
        ),
        ("batch_discount", FieldValue::Share(*batch_discount)),
        (
            "api_discount",
            api_discount.map_or(FieldValue::Inherited("plan's"), FieldValue::Share),
        ),
        ("input_is", text(&input_is.to_string())),
        ("output_is", text(&output_is.to_string())),
        ("prices_as_of", date(*prices_as_of)),
        (
            "offers",
            offers.as_ref().map_or(FieldValue::Missing, |o| {
                text(&crate::columns::Value::Offers(o).text())
            }),
        ),
        ("tier", text(tier)),
        ("tier_is", text(&tier_is.to_string())),
        (
            "self_host_monthly",
            self_host_monthly.map_or(FieldValue::Inherited("tier's cost"), FieldValue::Money),
        ),
        ("note", text(note)),
    ]
}

fn overhead_fields(o: &Overhead) -> Fields {
    let Overhead {
        name: _,
        monthly,
        drivers: d,
        scales_with: _,
        most_likely,
        applies_to,
        note,
    } = o;
    vec![
        ("monthly", money(*monthly)),
        ("hours_per_week", money(d.hours_per_week)),
        ("hourly_rate", money(d.hourly_rate)),
        ("watts_per_gpu", number(d.watts_per_gpu)),
        ("pue", d.pue.map_or(FieldValue::Missing, FieldValue::Number)),
        ("price_per_kwh", money(d.price_per_kwh)),
        ("fte", d.fte.map_or(FieldValue::Missing, FieldValue::Number)),
        ("fte_monthly", money(d.fte_monthly)),
        ("one_off", money(d.one_off)),
        ("scales_with", text(o.scaling().as_str())),
        ("most_likely", number(*most_likely)),
        ("applies_to", text(applies_to.as_str())),
        ("note", text(note)),
    ]
}

fn scenario_fields(s: &Scenario) -> Fields {
    let Scenario {
        name: _,
        tokens_per_day,
        model,
        tier,
        deployment,
        output_share,
        peak_to_average,
        target_utilization,
        spare_replicas,
        regions,
        monthly_growth,
        cached_input_share,
        batch_share,
        peak_hours,
        availability,
        note,
    } = s;
    let inherited = |from| FieldValue::Inherited(from);
    vec![
        ("tokens_per_day", FieldValue::Tokens(*tokens_per_day)),
        ("model", text(model)),
        (
            "tier",
            tier.as_deref().map_or(inherited("model's tier"), text),
        ),
        (
            "deployment",
            deployment.map_or(inherited("plan's"), |d| text(d.as_str())),
        ),
        (
            "output_share",
            output_share.map_or(inherited("plan's"), FieldValue::Share),
        ),
        ("peak_to_average", FieldValue::Number(*peak_to_average)),
        ("target_utilization", FieldValue::Share(*target_utilization)),
        ("spare_replicas", FieldValue::Count(*spare_replicas)),
        ("regions", FieldValue::Count(*regions)),
        ("monthly_growth", FieldValue::Share(*monthly_growth)),
        ("cached_input_share", FieldValue::Share(*cached_input_share)),
        ("batch_share", FieldValue::Share(*batch_share)),
        ("peak_hours", number(*peak_hours)),
        (
            "availability",
            availability.map_or(FieldValue::Missing, FieldValue::Share),
        ),
        ("note", text(note)),
    ]
}

/// Every row of a table: its key and its fields (the key excluded).
fn rows(plan: &Plan, table: Table) -> Vec<(&str, Fields)> {
    fn keyed<'a, T>(
        items: &'a [T],
        key: impl Fn(&'a T) -> &'a str,
        fields: impl Fn(&T) -> Fields,
    ) -> Vec<(&'a str, Fields)> {
        items.iter().map(|i| (key(i), fields(i))).collect()
    }
    match table {
        Table::GpuTiers => keyed(&plan.gpu_tiers, |t| &t.id, tier_fields),
        Table::Models => keyed(&plan.models, |m| &m.name, model_fields),
        Table::Overheads => keyed(&plan.overheads, |o| &o.name, overhead_fields),
        Table::Scenarios => keyed(&plan.scenarios, |s| &s.name, scenario_fields),
    }
}

/// Every input change and rename hint, kind by kind: within a kind, changed
/// entities (old order), then removed (old order), then added (new order).
pub(super) fn diff(old: &Plan, new: &Plan) -> (Vec<InputChange>, Vec<RenameHint>) {
    let mut out = Vec::new();
    let mut hints = Vec::new();
    changed_fields(
        EntityKind::Settings,
        "settings",
        &settings_fields(&old.settings),
        &settings_fields(&new.settings),
        &mut out,
    );
    for table in Table::ALL {
        let kind = EntityKind::Row(table);
        entities(
            kind,
            &rows(old, table),
            &rows(new, table),
            &mut out,
            &mut hints,
        );
    }
    (out, hints)
}

fn changed_fields(
    kind: EntityKind,
    key: &str,
    old: &Fields,
    new: &Fields,
    out: &mut Vec<InputChange>,
) {
    // Both lists come from the same function, so fields line up by position.
    for ((field, o), (_, n)) in old.iter().zip(new) {
        if o != n {
            out.push(InputChange {
                kind,
                key: key.to_string(),
                change: Change::Changed {
                    field,
                    old: o.clone(),
                    new: n.clone(),
                },
            });
        }
    }
}

/// Where each key is in a list of rows (the first of duplicates).
fn positions<'a>(rows: &[(&'a str, Fields)]) -> HashMap<&'a str, usize> {
    rows.iter()
        .enumerate()
        .rev()
        .map(|(i, (k, _))| (*k, i))
        .collect()
}

fn entities(
    kind: EntityKind,
    old: &[(&str, Fields)],
    new: &[(&str, Fields)],
    out: &mut Vec<InputChange>,
    hints: &mut Vec<RenameHint>,
) {
    let (in_old, in_new) = (positions(old), positions(new));
    for (key, fields) in old {
        if let Some(&j) = in_new.get(key) {
            changed_fields(kind, key, fields, &new[j].1, out);
        }
    }
    let removed: Vec<_> = old
        .iter()
        .filter(|(k, _)| !in_new.contains_key(k))
        .collect();
    let added: Vec<_> = new
        .iter()
        .filter(|(k, _)| !in_old.contains_key(k))
        .collect();
    let entry = |key: &str, change| InputChange {
        kind,
        key: key.to_string(),
        change,
    };
    out.extend(removed.iter().map(|(k, _)| entry(k, Change::Removed)));
    out.extend(added.iter().map(|(k, _)| entry(k, Change::Added)));
    hints.extend(rename_hints(kind, &removed, &added));
}

/// Each removed entity pairs with at most one added one, the first that
/// matches: same fields is the stronger sign, so it is tried first. Added
/// entities are found through maps, so a plan renamed throughout costs
/// linear time.
fn rename_hints(
    kind: EntityKind,
    removed: &[&(&str, Fields)],
    added: &[&(&str, Fields)],
) -> Vec<RenameHint> {
    let mut by_fields: HashMap<String, VecDeque<usize>> = HashMap::new();
    let mut by_name: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (j, (key, fields)) in added.iter().enumerate() {
        by_fields.entry(signature(fields)).or_default().push_back(j);
        by_name.entry(squash(key)).or_default().push_back(j);
    }
    let mut taken = vec![false; added.len()];
    // The first of a list not taken yet.
    let mut first_free = |list: Option<&mut VecDeque<usize>>| {
        let list = list?;
        while let Some(j) = list.pop_front() {
            if !taken[j] {
                taken[j] = true;
                return Some(j);
            }
        }
        None
    };
    let mut hints = Vec::new();
    for (old_key, old_fields) in removed {
        let (j, same_fields) = match first_free(by_fields.get_mut(&signature(old_fields))) {
            Some(j) => (j, true),
            None => match first_free(by_name.get_mut(&squash(old_key))) {
                Some(j) => (j, false),
                None => continue,
            },
        };
        hints.push(RenameHint {
            kind,
            old_key: old_key.to_string(),
            new_key: added[j].0.to_string(),
            same_fields,
        });
    }
    hints
}

/// Fields as one string, equal exactly when the fields are.
fn signature(fields: &Fields) -> String {
    format!("{fields:?}")
}

/// A name with case, spaces and punctuation removed: `Qwen3 32B` and
/// `qwen3-32b` squash alike.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::plan_file::default_plan;

    #[test]
    fn a_renamed_model_reads_as_removed_and_added_with_a_hint() {
        let old = default_plan();
        let mut new = old.clone();
        new.models[2].name = "Qwen3 32B Instruct".into();
        for s in &mut new.scenarios {
            if s.model == "Qwen3-32B" {
                s.model = "Qwen3 32B Instruct".into();
            }
        }
        let (changes, hints) = diff(&old, &new);
        let models: Vec<_> = changes
            .iter()
            .filter(|c| c.kind == EntityKind::Row(Table::Models))
            .map(|c| (c.key.as_str(), c.change.clone()))
            .collect();
        assert_eq!(
            models,
            vec![
                ("Qwen3-32B", Change::Removed),
                ("Qwen3 32B Instruct", Change::Added)
            ]
        );
        assert_eq!(hints.len(), 1);
        assert!(hints[0].same_fields);
        assert!(hints[0].to_string().contains("probably a rename"));
    }

    #[test]
    fn alike_names_hint_even_when_fields_differ() {
        let old = default_plan();
        let mut new = old.clone();
        new.overheads[4].name = "electricity ".into();
        new.overheads[4].monthly = Some(Range::new(300.0, 900.0));
        let (_, hints) = diff(&old, &new);
        assert_eq!(hints.len(), 1);
        assert!(!hints[0].same_fields);
    }
}
