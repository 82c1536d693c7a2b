//! What the planner remembers between runs: the plan last opened, in the
//! user's data folder (see `library::data_dir`).

use crate::base::atomic;
use crate::plan::{self, PlanError};
use crate::store::library;
use crate::store::plan_file;
use std::path::{Path, PathBuf};

fn last_plan_file() -> Option<PathBuf> {
    library::data_dir().ok().map(|d| d.join("last-plan"))
}

/// The plan opened last, if it was remembered.
pub fn last_plan() -> Option<PathBuf> {
    let text = crate::base::textfile::read(&last_plan_file()?).ok()?;
    let path = PathBuf::from(text.trim());
    (!text.trim().is_empty()).then_some(path)
}

/// Remembers a plan as the last opened. Failing to remember is not worth
/// interrupting anyone for, so errors are ignored.
pub fn remember(path: &Path) {
    let Some(file) = last_plan_file() else { return };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = atomic::write_atomic(&file, &format!("{}\n", absolute.display()));
}

/// Keeps unsaved changes when the planner is stopped: beside the plan's
/// file as `NAME.unsaved.toml` (`NAME.unsaved-2.toml`… when one is there
/// already: a second rescue never overwrites the first), else, or when that
/// folder cannot be written, in the data folder. Never over the plan itself:
/// the user did not ask to save.
pub fn rescue(plan: &plan::Plan, path: Option<&Path>) -> Result<PathBuf, PlanError> {
    let beside = path.map(|p| {
        let stem = p
            .file_stem()
            .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
        library::unique_file_in(folder_of(p), &format!("{stem}.unsaved"))
    });
    let mut failed = None;
    if let Some(target) = beside {
        match plan_file::write_as_is(plan, &target) {
            Ok(()) => return Ok(target),
            Err(e) => failed = Some(e),
        }
    }
    let dir = library::data_dir().map_err(|e| PlanError::whole_file("data folder", e.message))?;
    let _ = std::fs::create_dir_all(&dir);
    let stem = format!("{}.unsaved", library::slug(&plan.name));
    let target = library::unique_file_in(&dir, &stem);
    match plan_file::write_as_is(plan, &target) {
        Ok(()) => Ok(target),
        // Both failed: the first reason matters most.
        Err(e) => Err(failed.unwrap_or(e)),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
