//! Results saved beside a plan file (`<plan file>.results.json`), so that a
//! later run can tell "the inputs changed" from "the same inputs now give
//! different totals", which only a change of the engine itself explains.
//!
//! The sidecar holds `inferplan_version`, `inputs_fingerprint` (FNV-1a 64 of
//! the plan as `plan_file::to_toml` writes it, in hex) and `results`: the JSON
//! report (`inferplan report --format json`) at the estimate it was saved for.

use crate::base::atomic;
use crate::base::money::Estimate;
use crate::compare::{MovedFigure, SavedCheck};
use crate::engine::evaluate;
use crate::output::report::{self, Format};
use crate::plan::{Plan, PlanError};
use crate::store::plan_file;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The version written into sidecars, and named when they disagree.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where a plan file's results are saved: `plan.toml` → `plan.toml.results.json`.
pub fn sidecar_path(plan_path: &Path) -> PathBuf {
    let mut name = plan_path.as_os_str().to_owned();
    name.push(".results.json");
    PathBuf::from(name)
}

/// A stable fingerprint of a plan's inputs: FNV-1a 64 of its TOML, in hex.
/// Stable across runs and platforms (unlike `std`'s hashers), and any edit a
/// user can make changes the TOML, hence (all but surely) the hash.
pub fn fingerprint(plan: &Plan) -> String {
    format!("{:016x}", plan_file::fingerprint(&plan_file::to_toml(plan)))
}

/// The sidecar's text: version, fingerprint and the JSON report.
pub fn sidecar_text(plan: &Plan, estimate: Estimate) -> String {
    let results = evaluate(plan, estimate);
    let report = report::render(plan, &results, Format::Json);
    // Nest the report as written, keeping its field order (serde_json's maps
    // would sort it). JSON strings escape newlines, so only layout moves.
    let nested = report.trim_end().replace('\n', "\n  ");
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    format!(
        "{{\n  \"inferplan_version\": {},\n  \"inputs_fingerprint\": {},\n  \"results\": {nested}\n}}\n",
        quote(VERSION),
        quote(&fingerprint(plan))
    )
}

/// Saves the results of `plan` at `estimate` beside its file, atomically.
/// Returns the sidecar's path.
pub fn save(plan_path: &Path, plan: &Plan, estimate: Estimate) -> Result<PathBuf, PlanError> {
    let path = sidecar_path(plan_path);
    atomic::write_atomic(&path, &sidecar_text(plan, estimate))?;
    Ok(path)
}

/// Checks saved results (the sidecar's text) against the plan as it is now.
pub fn check(plan: &Plan, sidecar: &str) -> SavedCheck {
    let unreadable = |reason: String| SavedCheck::Unreadable { reason };
    let saved: Value = match serde_json::from_str(sidecar) {
        Ok(v) => v,
        Err(e) => return unreadable(format!("not JSON: {e}")),
    };
    let field = |key: &str| saved.get(key).and_then(Value::as_str);
    let (Some(saved_by), Some(print), Some(results)) = (
        field("inferplan_version"),
        field("inputs_fingerprint"),
        saved.get("results"),
    ) else {
        return unreadable(
            "expected inferplan_version, inputs_fingerprint and results: write it with `inferplan report PLAN --save-results`".to_string(),
        );
    };
    let saved_by = saved_by.to_string();
    if print != fingerprint(plan) {
        return SavedCheck::Stale { saved_by };
    }
    let estimate = match results.get("estimate").and_then(Value::as_str) {
        Some("low") => Estimate::Low,
        Some("mid") => Estimate::Mid,
        Some("high") => Estimate::High,
        Some("range") => Estimate::Range,
        _ => return unreadable("results.estimate is not low, mid, high or range".to_string()),
    };
    let now = report::render(plan, &evaluate(plan, estimate), Format::Json);
    let now: Value = match serde_json::from_str(&now) {
        Ok(v) => v,
        Err(e) => return unreadable(format!("the current report is not JSON: {e}")),
    };
    let (mut old_leaves, mut new_leaves) = (Vec::new(), Vec::new());
    leaves(results, String::new(), &mut old_leaves);
    leaves(&now, String::new(), &mut new_leaves);
    // Only figures both reports hold: a field a later version added is not a
    // figure that moved.
    let moved: Vec<MovedFigure> = old_leaves
        .into_iter()
        .filter_map(|(path, saved)| {
            let now = new_leaves.iter().find(|(p, _)| *p == path)?.1;
            (!same(saved, now)).then(|| MovedFigure {
                figure: path,
                saved: saved.clone(),
                now: now.clone(),
            })
        })
        .collect();
    if moved.is_empty() {
        SavedCheck::Current { saved_by }
    } else {
        SavedCheck::EngineChanged { saved_by, moved }
    }
}

/// Checks the sidecar beside `plan_path`, if there is one.
pub fn check_beside(plan_path: &Path, plan: &Plan) -> Option<(PathBuf, SavedCheck)> {
    let path = sidecar_path(plan_path);
    let check = match crate::base::textfile::read(&path) {
        Ok(text) => check(plan, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => SavedCheck::Unreadable {
            reason: e.to_string(),
        },
    };
    Some((path, check))
}

/// Numbers compare by value (`375` and `375.0` are the same figure).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Every leaf of a JSON document with a readable path; array elements that
/// carry a `name` are addressed by it, so a moved figure names its scenario.
fn leaves<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            // Parsed maps come sorted; a range still reads low before high.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| match k.as_str() {
                "low" => 0,
                "high" => 1,
                _ => 2,
            });
            for (k, child) in keys.into_iter().filter_map(|k| Some((k, map.get(k)?))) {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let key = child
                    .get("name")
                    .and_then(Value::as_str)
                    .map_or(i.to_string(), str::to_string);
                leaves(child, format!("{path}[{key}]"), out);
            }
        }
        leaf => out.push((path, leaf)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::plan_file::default_plan;

    #[test]
    fn fresh_results_match_their_plan() {
        let p = default_plan();
        let text = sidecar_text(&p, Estimate::Range);
        assert_eq!(
            check(&p, &text),
            SavedCheck::Current {
                saved_by: VERSION.to_string()
            }
        );
    }

    #[test]
    fn an_edited_plan_makes_saved_results_stale() {
        let p = default_plan();
        let text = sidecar_text(&p, Estimate::Range);
        let mut edited = p.clone();
        edited.scenarios[1].tokens_per_day = 60_000_000;
        assert_eq!(check(&edited, &text).status(), "stale");
    }

    #[test]
    fn same_inputs_with_different_totals_blame_the_engine() {
        let p = default_plan();
        // What an older engine would have written for scenario A's API cost.
        let text =
            sidecar_text(&p, Estimate::Range).replacen("\"high\": 7.5\n", "\"high\": 12.5\n", 1);
        let c = check(&p, &text);
        assert_eq!(c.status(), "engine-changed");
        assert_eq!(
            c.moved()[0].to_string(),
            "scenarios[A: hobby project].api_monthly.high: 12.5 saved, 7.5 now"
        );
    }

    #[test]
    fn fingerprints_are_sixteen_hex_digits_and_stable() {
        let p = default_plan();
        assert_eq!(fingerprint(&p).len(), 16);
        assert_eq!(fingerprint(&p), fingerprint(&p.clone()));
    }
}
