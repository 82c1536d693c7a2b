//! What the planner remembers between runs: the plan last opened, in the
//! user's data folder (see `library::data_dir`).

use crate::app::{App, Status};
use crate::library;
use crate::plan::{self, PlanError};
use std::path::{Path, PathBuf};

fn last_plan_file() -> Option<PathBuf> {
    library::data_dir().ok().map(|d| d.join("last-plan"))
}

/// The plan opened last, if it was remembered.
pub fn last_plan() -> Option<PathBuf> {
    let text = crate::textfile::read(&last_plan_file()?).ok()?;
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
    let _ = plan::write_atomic(&file, &format!("{}\n", absolute.display()));
}

/// Keeps unsaved changes when the planner is stopped by a signal: beside the
/// plan's file as `NAME.unsaved.toml`, else in the data folder. Never over
/// the plan itself: the user did not ask to save.
pub fn rescue(plan: &plan::Plan, path: Option<&Path>) -> Result<PathBuf, PlanError> {
    let target = match path {
        Some(p) => {
            let stem = p
                .file_stem()
                .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
            p.with_file_name(format!("{stem}.unsaved.toml"))
        }
        None => {
            let dir = library::data_dir().unwrap_or_else(|_| PathBuf::from("."));
            let _ = std::fs::create_dir_all(&dir);
            dir.join(format!("{}.unsaved.toml", library::slug(&plan.name)))
        }
    };
    plan::save(plan, &target)?;
    Ok(target)
}

/// The app to start: on `path`, else on the last plan, else on the built-in
/// plan. A named plan that cannot be read is an error; a remembered one that
/// cannot is reported in the status line and the built-in plan opens.
pub fn start(path: Option<PathBuf>) -> Result<App, PlanError> {
    let mut app = match path {
        Some(p) => {
            let app = App::from_file(p.clone())?;
            remember(&p);
            app
        }
        None => match last_plan() {
            Some(p) => match App::from_file(p) {
                Ok(app) => app,
                Err(e) => {
                    let mut app = App::new(plan::default_plan(), None);
                    app.status = Status {
                        text: format!("could not reopen the last plan: {e}"),
                        is_error: true,
                    };
                    app
                }
            },
            None => App::new(plan::default_plan(), None),
        },
    };
    app.library = library::plans_dir().ok();
    Ok(app)
}
