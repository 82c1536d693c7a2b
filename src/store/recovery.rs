//! Recovery copies: while a plan has unsaved changes, the planner keeps a
//! copy of it in the data folder (`<data>/recovery/`), written when the user
//! pauses, never on the keystroke path. A copy that survives a crash, a
//! closed terminal or a kill is offered the next time that plan (or a bare
//! `inferplan`) starts: restore, discard or compare.
//!
//! Each run writes a file of its own (named after the plan, its path and the
//! run), so a second rescue never overwrites the first. The first line of a
//! copy names the plan file it belongs to.

use crate::base::atomic;
use crate::plan::{Plan, PlanError};
use crate::store::library;
use crate::store::plan_file;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How the first line of a copy starts; the plan's file (or `BUILT_IN`)
/// follows it.
const HEADER: &str = "# inferplan recovery copy of: ";
/// What the header names for a plan without a file.
const BUILT_IN: &str = "(no file)";

/// The folder recovery copies live in.
pub fn folder() -> Option<PathBuf> {
    library::data_dir().ok().map(|d| d.join("recovery"))
}

/// The key a plan's copies are filed under: its file, absolute.
fn key(plan_path: Option<&Path>) -> String {
    match plan_path {
        Some(p) => std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string(),
        None => BUILT_IN.to_string(),
    }
}

/// A new file for this run's copy of a plan: never one that exists.
pub fn new_file_for(plan_path: Option<&Path>, name: &str) -> Option<PathBuf> {
    let dir = folder()?;
    let stem = plan_path.and_then(Path::file_stem).map_or_else(
        || library::slug(name),
        |s| library::slug(&s.to_string_lossy()),
    );
    let hash = plan_file::fingerprint(&key(plan_path));
    let run = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let base = format!("{stem}-{hash:016x}-{run}-{}", std::process::id());
    Some(library::unique_path_in(&dir, &base))
}

/// Writes `plan` as a recovery copy at `file`; `unfinished` is text typed
/// into an editor that did not make it into the plan, kept as a comment.
pub fn write(
    file: &Path,
    plan: &Plan,
    plan_path: Option<&Path>,
    unfinished: Option<&str>,
) -> Result<(), PlanError> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| PlanError::whole_file(dir.display().to_string(), e.to_string()))?;
    }
    let mut text = format!(
        "{HEADER}{}\n# Open that plan to restore or discard these changes.\n",
        key(plan_path)
    );
    if let Some(typed) = unfinished {
        let typed = crate::base::safe_text::shown(typed);
        text.push_str(&format!("# Typed but not yet entered: {typed}\n"));
    }
    text.push_str(&plan_file::to_toml(plan));
    atomic::write_atomic(file, &text)?;
    Ok(())
}

/// A recovery copy found for a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The copy.
    pub file: PathBuf,
    /// The plan file it belongs to; `None` for a plan without one.
    pub plan_path: Option<PathBuf>,
    /// When it was written, `YYYY-MM-DD HH:MM UTC`.
    pub written: String,
    /// The plan it holds.
    pub plan: Plan,
    /// Text typed into an editor but not entered, if any.
    pub unfinished: Option<String>,
    /// Whether the plan file it belongs to was there when it was found.
    pub plan_file_exists: bool,
}

/// Every readable copy, newest first.
pub fn all() -> Vec<Kept> {
    let Some(dir) = folder() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<(SystemTime, Kept)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| read(&p))
        .collect();
    found.sort_by_key(|(written, _)| std::cmp::Reverse(*written));
    found.into_iter().map(|(_, k)| k).collect()
}

/// The newest copy of the plan at `plan_path` (`None`: the plan without a
/// file).
pub fn newest_for(plan_path: Option<&Path>) -> Option<Kept> {
    let key = key(plan_path);
    all()
        .into_iter()
        .find(|k| self::key(k.plan_path.as_deref()) == key)
}

fn read(file: &Path) -> Option<(SystemTime, Kept)> {
    let text = crate::base::textfile::read(file).ok()?;
    let first = text.lines().next()?.strip_prefix(HEADER)?;
    let plan_path = (first != BUILT_IN).then(|| PathBuf::from(first));
    let unfinished = text
        .lines()
        .take(4)
        .find_map(|l| l.strip_prefix("# Typed but not yet entered: "))
        .map(str::to_string);
    let plan = plan_file::from_toml(&text, &file.display().to_string()).ok()?;
    let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok()?;
    let kept = Kept {
        file: file.to_path_buf(),
        plan_file_exists: plan_path.as_deref().is_some_and(Path::exists),
        plan_path,
        written: library::utc_minute(modified).unwrap_or_default(),
        plan,
        unfinished,
    };
    Some((modified, kept))
}

/// Removes a copy that is no longer needed (saved, restored and kept anew,
/// or discarded). A copy that cannot be removed is only offered again.
pub fn forget(file: &Path) {
    let _ = std::fs::remove_file(file);
}
