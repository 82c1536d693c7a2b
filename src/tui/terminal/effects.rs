//! Carrying out what `update` asks of the world outside the planner (see
//! `app::effect`): saving and reading plan files, listing the library,
//! reading a file to import with today's date. Each result goes back to
//! `update` as `Action::Done`, and whatever that asks is carried out in turn.

use crate::base::date::Date;
use crate::store::{library, plan_file, recovery};
use crate::tui::app::effect::{Done, Effect};
use crate::tui::app::{Action, App, update};
use std::collections::VecDeque;

/// One action, and everything it asks of the files, carried out.
pub fn step(app: &mut App, action: Action) {
    let effects = update(app, action);
    carry_out_all(app, effects);
}

/// Carries out effects, and those their results ask for, in order.
pub fn carry_out_all(app: &mut App, effects: Vec<Effect>) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let Some(done) = carry_out(app, effect) {
            queue.extend(update(app, Action::Done(Box::new(done))));
        }
    }
}

/// Compares the open plan with the plan at `path` on the Compare tab, as
/// choosing it does; says why not when it cannot be read.
pub fn compare_against(app: &mut App, path: std::path::PathBuf) -> Result<(), String> {
    step(app, Action::CompareFile(path));
    match app.compare {
        Some(_) => Ok(()),
        None => Err(app.status.text.clone()),
    }
}

/// Does what one effect asks; its result, if `update` needs one.
fn carry_out(app: &App, effect: Effect) -> Option<Done> {
    Some(match effect {
        Effect::Save {
            path,
            check,
            then,
            save_as,
        } => save(app, path, check, then, save_as),
        Effect::Load {
            path,
            find,
            purpose,
        } => {
            let found = match find {
                true => library::find_plan(&path),
                false => library::Found { path, note: None },
            };
            let result = plan_file::load_fingerprinted(&found.path)
                .map(|(plan, fingerprint)| (Box::new(plan), fingerprint))
                .map_err(|e| e.to_string());
            Done::Loaded {
                path: found.path,
                note: found.note,
                result,
                purpose,
            }
        }
        Effect::List { purpose } => Done::Listed {
            purpose,
            entries: app
                .library
                .as_deref()
                .and_then(|dir| library::list_in(dir).ok())
                .unwrap_or_default(),
        },
        Effect::ReadImport { path, typed } => {
            let result = crate::base::textfile::read(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()));
            let file_date = Date::of_file(&path);
            Done::ImportRead {
                path,
                typed,
                result,
                today: Date::today(),
                file_date,
            }
        }
        Effect::SuggestPath { purpose } => Done::Suggested {
            path: library::path_for_name(&app.plan.name).ok(),
            purpose,
        },
        Effect::Forget(files) => {
            for file in files {
                recovery::forget(&file);
            }
            return None;
        }
    })
}

/// A save: refused when the file changed on disk since it was read, or
/// when a Save As would replace another file (both when `check`), else
/// written.
fn save(
    app: &App,
    path: std::path::PathBuf,
    check: bool,
    then: Option<crate::tui::app::Then>,
    save_as: Option<crate::tui::app::effect::SaveAs>,
) -> Done {
    let changed = app.on_disk.as_ref().is_some_and(|disk| {
        check
            && disk.path == path
            && plan_file::fingerprint_of_file(&path).is_some_and(|now| now != disk.fingerprint)
    });
    if changed {
        return Done::ChangedOnDisk { path, then };
    }
    if let Some(save_as) = save_as
        .clone()
        .filter(|s| check && s.previous.as_deref() != Some(path.as_path()) && path.exists())
    {
        return Done::WouldReplace {
            path,
            then,
            save_as,
        };
    }
    if let Some(dir) = path.parent().filter(|d| Some(*d) == app.library.as_deref()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let result = plan_file::save(&app.plan, &path).map_err(|e| e.to_string());
    Done::Saved {
        path,
        result,
        then,
        save_as,
    }
}
