//! Saving over a hand-edited plan without losing its comments and layout.
//!
//! The plan is written fresh, then laid over the file's own document
//! (toml_edit keeps every comment and blank line): values that changed are
//! replaced in place, keeping the comment beside them; entries of the arrays
//! of tables are matched by id or name, so a comment above `[[models]]` stays
//! with its model; only new entries are written fresh.

use super::{from_toml, to_toml};
use crate::plan::{Plan, Table as PlanTable};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// The plan as TOML laid over `original`, or `None` when `original` is not a
/// TOML document or the result would not read back as exactly `plan` (the
/// caller then writes the plan fresh: comments are worth keeping, never at
/// the price of a wrong value).
pub fn merged_toml(plan: &Plan, original: &str) -> Option<String> {
    let mut doc: DocumentMut = original.parse().ok()?;
    let fresh: DocumentMut = to_toml(plan).parse().ok()?;
    merge_table(doc.as_table_mut(), fresh.as_table());
    let text = doc.to_string();
    (from_toml(&text, "").ok()? == *plan).then_some(text)
}

fn merge_table(old: &mut Table, new: &Table) {
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !new.contains_key(k))
        .collect();
    for key in gone {
        old.remove(&key);
    }
    for (key, new_item) in new.iter() {
        match (old.get_mut(key), new_item) {
            (Some(Item::Value(was)), Item::Value(now)) => {
                if !same(was, now) {
                    let decor = was.decor().clone();
                    *was = now.clone();
                    *was.decor_mut() = decor;
                }
            }
            (Some(Item::Table(was)), Item::Table(now)) => merge_table(was, now),
            (Some(Item::ArrayOfTables(was)), Item::ArrayOfTables(now)) => {
                merge_entries(was, now, key)
            }
            _ => {
                old.insert(key, new_item.clone());
            }
        }
    }
}

/// Entries matched by id (tiers) or name (the rest); an entry whose name
/// changed keeps its place and comments when nothing else claims it.
fn merge_entries(old: &mut ArrayOfTables, new: &ArrayOfTables, table: &str) {
    let key = PlanTable::ALL
        .into_iter()
        .find(|t| t.toml_name() == table)
        .map_or("name", PlanTable::key_field);
    let name = |t: &Table| t.get(key).and_then(Item::as_str).map(str::to_string);
    let new_names: Vec<Option<String>> = new.iter().map(name).collect();
    let mut pool: Vec<Option<Table>> = old.iter().cloned().map(Some).collect();
    let mut out = ArrayOfTables::new();
    for (i, now) in new.iter().enumerate() {
        let by_name = pool
            .iter()
            .position(|t| t.as_ref().is_some_and(|t| name(t) == new_names[i]));
        let by_place = pool
            .get(i)
            .and_then(Option::as_ref)
            .filter(|t| !new_names.contains(&name(t)))
            .map(|_| i);
        let entry = match by_name.or(by_place).and_then(|p| pool[p].take()) {
            Some(mut was) => {
                merge_table(&mut was, now);
                was
            }
            None => {
                // A new entry goes right after the one before it.
                let mut fresh = now.clone();
                fresh.set_position(None);
                fresh
            }
        };
        out.push(entry);
    }
    *old = out;
}

/// Equal as values, however written: `50_000_000`, `50000000` and `"50M"`;
/// `1.0` and `1`; `[400, 800]` and `"400-800"`; `0.6` and `"60%"`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        _ => matches!((numbers(a), numbers(b)), (Some(x), Some(y)) if x == y),
    }
}

/// A value as the numbers it stands for: one, or the two ends of a range.
fn numbers(v: &Value) -> Option<Vec<f64>> {
    let one = |x: f64| Some(vec![x]);
    match v {
        Value::Integer(i) => one(*i.value() as f64),
        Value::Float(f) => one(*f.value()),
        Value::Array(items) => items
            .iter()
            .map(|i| numbers(i).filter(|n| n.len() == 1).map(|n| n[0]))
            .collect(),
        // Text the cells take: an amount, volume or range, or a share.
        Value::String(s) => match crate::plan::parse::money(s.value()) {
            Ok(r) if r.is_point() => one(r.low),
            Ok(r) => Some(vec![r.low, r.high]),
            Err(_) => crate::plan::parse::fraction(s.value()).ok().and_then(one),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::DEFAULT_PLAN_TOML;
    use crate::store::plan_file::default_plan;

    #[test]
    fn values_written_as_the_cells_write_them_are_kept() {
        let original = DEFAULT_PLAN_TOML
            .replacen("tokens_per_day = 25_000_000", "tokens_per_day = \"25M\"", 1)
            .replacen(
                "cloud_monthly = [400, 800]",
                "cloud_monthly = \"400-800\"",
                1,
            );
        let mut plan = from_toml(&original, "p").unwrap();
        let merged = merged_toml(&plan, &original).unwrap();
        assert_eq!(merged, original, "unchanged values keep their form");
        plan.gpu_tiers[0].tokens_per_day = 30_000_000;
        let merged = merged_toml(&plan, &original).unwrap();
        assert!(merged.contains("tokens_per_day = 30000000"), "{merged}");
        assert!(merged.contains("cloud_monthly = \"400-800\""));
    }

    #[test]
    fn an_unchanged_plan_saves_back_to_the_same_text() {
        let merged = merged_toml(&default_plan(), DEFAULT_PLAN_TOML).unwrap();
        assert_eq!(merged, DEFAULT_PLAN_TOML);
    }

    #[test]
    fn an_edit_keeps_every_comment_and_changes_one_line() {
        let mut plan = default_plan();
        plan.scenarios[1].tokens_per_day = 100_000_000;
        plan.models[0].output_per_mtok = Some(0.3);
        let merged = merged_toml(&plan, DEFAULT_PLAN_TOML).unwrap();
        let changed: Vec<(&str, &str)> = DEFAULT_PLAN_TOML
            .lines()
            .zip(merged.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 2, "{changed:#?}");
        assert!(merged.contains("# assumption: only output was published"));
        assert!(merged.contains("output_per_mtok = 0.3\n"));
        assert_eq!(DEFAULT_PLAN_TOML.lines().count(), merged.lines().count());
    }

    #[test]
    fn added_removed_and_renamed_entries_read_back_exactly() {
        let mut plan = default_plan();
        plan.models[2].name = "Qwen3-32B-Instruct".into();
        for s in plan.scenarios.iter_mut().filter(|s| s.model == "Qwen3-32B") {
            s.model = "Qwen3-32B-Instruct".into();
        }
        plan.overheads.remove(1);
        let mut extra = plan.scenarios[0].clone();
        extra.name = "D: new".into();
        plan.scenarios.insert(1, extra);
        let merged = merged_toml(&plan, DEFAULT_PLAN_TOML).unwrap();
        assert_eq!(from_toml(&merged, "x").unwrap(), plan);
        // The renamed model kept its comment about the tier.
        let at = merged.find("Qwen3-32B-Instruct").unwrap();
        assert!(
            merged[at..]
                .lines()
                .nth(4)
                .unwrap()
                .contains("# assumption")
        );
    }
}
