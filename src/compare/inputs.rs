//! Input changes: every entity's fields, matched by id or name.

pub use crate::plan::keys::FieldValue;
use crate::plan::keys::{ModelKey, OverheadKey, ScenarioKey, SettingsKey, TierKey};
use crate::plan::{Plan, Table};
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
            FieldValue::Profile(shares) => f.write_str(&fmt::profile(shares)),
            FieldValue::Missing => f.write_str("(not given)"),
            FieldValue::Inherited(from) => write!(f, "({from})"),
            FieldValue::Table(values) => {
                let shown: Vec<String> = values
                    .iter()
                    .filter(|(_, v)| !matches!(v, FieldValue::Missing))
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect();
                f.write_str(&shown.join(", "))
            }
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

/// A row's values by the table's keys, in the file's order, its own key
/// (id or name) left out: it is what rows are matched by.
fn fields<K: Copy + PartialEq>(
    keys: &[K],
    own: K,
    name: fn(K) -> &'static str,
    get: impl Fn(K) -> FieldValue,
) -> Fields {
    keys.iter()
        .filter(|&&k| k != own)
        .map(|&k| (name(k), get(k)))
        .collect()
}

fn settings_fields(s: &crate::plan::Settings) -> Fields {
    SettingsKey::ALL
        .iter()
        .map(|k| (k.key().name, k.get(s)))
        .collect()
}

/// A table's rows by key, their fields worked out when asked for: two plans
/// of 100,000 scenarios are compared a row at a time, never held as fields.
struct Rows<'a> {
    keys: Vec<&'a str>,
    fields: Box<dyn Fn(usize) -> Fields + 'a>,
}

impl<'a> Rows<'a> {
    fn of<T>(
        items: &'a [T],
        key: impl Fn(&'a T) -> &'a str,
        fields: impl Fn(&T) -> Fields + 'a,
    ) -> Self {
        Rows {
            keys: items.iter().map(key).collect(),
            fields: Box::new(move |i| fields(&items[i])),
        }
    }

    /// Rows `at` with their fields.
    fn with_fields(&self, at: &[usize]) -> Vec<(&'a str, Fields)> {
        at.iter()
            .map(|&i| (self.keys[i], (self.fields)(i)))
            .collect()
    }
}

/// Every row of a table: its key, and its fields (the key excluded) on demand.
fn rows(plan: &Plan, table: Table) -> Rows<'_> {
    match table {
        Table::GpuTiers => Rows::of(
            &plan.gpu_tiers,
            |t| &t.id,
            |t| fields(TierKey::ALL, TierKey::Id, |k| k.key().name, |k| k.get(t)),
        ),
        Table::Models => Rows::of(
            &plan.models,
            |m| &m.name,
            |m| {
                fields(
                    ModelKey::ALL,
                    ModelKey::Name,
                    |k| k.key().name,
                    |k| k.get(m),
                )
            },
        ),
        Table::Overheads => Rows::of(
            &plan.overheads,
            |o| &o.name,
            |o| {
                fields(
                    OverheadKey::ALL,
                    OverheadKey::Name,
                    |k| k.key().name,
                    |k| k.get(o),
                )
            },
        ),
        Table::Scenarios => Rows::of(
            &plan.scenarios,
            |s| &s.name,
            |s| {
                fields(
                    ScenarioKey::ALL,
                    ScenarioKey::Name,
                    |k| k.key().name,
                    |k| k.get(s),
                )
            },
        ),
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
fn positions<'a>(keys: &[&'a str]) -> crate::base::hash::FastMap<&'a str, usize> {
    keys.iter()
        .enumerate()
        .rev()
        .map(|(i, k)| (*k, i))
        .collect()
}

fn entities(
    kind: EntityKind,
    old: &Rows,
    new: &Rows,
    out: &mut Vec<InputChange>,
    hints: &mut Vec<RenameHint>,
) {
    let (in_old, in_new) = (positions(&old.keys), positions(&new.keys));
    for (i, key) in old.keys.iter().enumerate() {
        if let Some(&j) = in_new.get(key) {
            changed_fields(kind, key, &(old.fields)(i), &(new.fields)(j), out);
        }
    }
    let removed: Vec<usize> = (0..old.keys.len())
        .filter(|&i| !in_new.contains_key(old.keys[i]))
        .collect();
    let added: Vec<usize> = (0..new.keys.len())
        .filter(|&j| !in_old.contains_key(new.keys[j]))
        .collect();
    let entry = |key: &str, change| InputChange {
        kind,
        key: key.to_string(),
        change,
    };
    out.extend(removed.iter().map(|&i| entry(old.keys[i], Change::Removed)));
    out.extend(added.iter().map(|&j| entry(new.keys[j], Change::Added)));
    let (removed, added) = (old.with_fields(&removed), new.with_fields(&added));
    let (removed, added): (Vec<_>, Vec<_>) = (removed.iter().collect(), added.iter().collect());
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
        new.overheads[4].monthly = Some(crate::base::money::Range::new(300.0, 900.0));
        let (_, hints) = diff(&old, &new);
        assert_eq!(hints.len(), 1);
        assert!(!hints[0].same_fields);
    }
}
