//! Saving, opening, and choosing a plan to compare with.

use super::*;
use crate::engine::{Results, evaluate};
use crate::store::plan_file;
use crate::text::format as fmt;

/// How a save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Saved {
    /// Written.
    Yes,
    /// Not written; the status says why.
    No,
    /// Not written: the file changed on disk, and the user is asked what to
    /// do (`Mode::Conflict`).
    Asked,
}

/// Saves to `app.path`, unless someone else changed that file since it was
/// opened or saved: then asks first, and goes on to `then` once saved.
pub(super) fn save(app: &mut App, then: Option<Then>) -> Saved {
    if let (Some(path), Some(disk)) = (&app.path, &app.on_disk)
        && *path == disk.path
        && plan_file::fingerprint_of_file(path).is_some_and(|now| now != disk.fingerprint)
    {
        app.mode = Mode::Conflict(then);
        error(
            app,
            format!("{} changed on disk since you opened it", path.display()),
        );
        return Saved::Asked;
    }
    save_over(app)
}

/// Saves to `app.path` whatever the file holds now; says how it went.
pub(super) fn save_over(app: &mut App) -> Saved {
    let Some(path) = app.path.clone() else {
        error(app, "the plan has no file yet — use S to save as");
        return Saved::No;
    };
    if let Some(dir) = path.parent().filter(|d| Some(*d) == app.library.as_deref()) {
        let _ = std::fs::create_dir_all(dir);
    }
    match plan_file::save(&app.plan, &path) {
        Ok(saved) => {
            app.history.mark_saved();
            let notes = saved.notes.join("; ");
            match notes.is_empty() {
                true => info(app, format!("saved {}", path.display())),
                // Saved, but something could not be kept: worth a warning.
                false => error(app, format!("saved {}, but {notes}", path.display())),
            }
            app.on_disk = Some(OnDisk {
                path,
                fingerprint: saved.fingerprint,
            });
            for file in app.recovery_to_forget() {
                crate::store::recovery::forget(&file);
            }
            Saved::Yes
        }
        Err(e) => {
            error(app, e.to_string());
            Saved::No
        }
    }
}

/// What to do about a file that changed on disk.
pub(super) fn conflict(app: &mut App, then: Option<Then>, action: Action) {
    let Some(path) = app.path.clone() else {
        return;
    };
    match action {
        Action::Overwrite => {
            if save_over(app) == Saved::Yes
                && let Some(then) = then
            {
                go_on(app, then);
            }
        }
        Action::Reload => load_plan(app, path),
        Action::SaveElsewhere => {
            let stem = path
                .file_stem()
                .map_or("plan".into(), |s| s.to_string_lossy());
            let mine = path.with_file_name(format!("{stem}-mine.toml"));
            let purpose = then.map_or(PathFor::SaveAs, PathFor::SaveAsThen);
            app.mode = Mode::Path(purpose, editor_with(&mine.display().to_string()));
        }
        Action::ShowChanges => {
            if compare_with(app, path) {
                info(
                    app,
                    "the file on disk (was) against your plan (now); Ctrl-s asks again",
                );
            }
        }
        Action::Cancel => info(app, "not saved: the changes are still here"),
        _ => app.mode = Mode::Conflict(then),
    }
}

/// Lists the plans to open: the library's, newest first, and "type a path".
pub(super) fn open_dialog(app: &mut App) {
    let mut options = vec![type_a_path()];
    options.extend(library_options(app, None));
    pick(app, options, PickFor::OpenPlan);
}

/// The choice that asks for a path instead.
fn type_a_path() -> (String, String) {
    (String::new(), "Type a path…".to_string())
}

/// The plans of the library as `(path, label)`, newest first, from the
/// library's one listing; `except` leaves one file out.
fn library_options(app: &App, except: Option<&Path>) -> Vec<(String, String)> {
    let library = app
        .library
        .as_deref()
        .and_then(|dir| crate::store::library::list_in(dir).ok())
        .unwrap_or_default();
    library
        .into_iter()
        .filter(|entry| Some(entry.path.as_path()) != except)
        .map(|entry| {
            let about = match &entry.plan {
                Ok(summary) => format!("\"{}\"", summary.name),
                Err(_) => "cannot be read".to_string(),
            };
            (
                entry.path.display().to_string(),
                format!("{} — {about}", entry.file_name),
            )
        })
        .collect()
}

/// Shows a list of plans, the first plan (after "type a path") highlighted.
fn pick(app: &mut App, options: Vec<(String, String)>, purpose: PickFor) {
    let selected = usize::from(options.len() > 1);
    app.mode = Mode::Picking(Picker {
        options,
        selected,
        purpose,
    });
}

/// Opens a plan, first asking what to do with unsaved changes.
pub(super) fn open(app: &mut App, path: PathBuf) {
    if app.is_modified() {
        app.mode = Mode::Unsaved(Then::Open(path));
    } else {
        load_plan(app, path);
    }
}

/// Replaces the open plan with the one at `path` (changes already dealt with).
pub(super) fn load_plan(app: &mut App, path: PathBuf) {
    match plan_file::load_fingerprinted(&path) {
        Ok((plan, fingerprint)) => {
            let library = app.library.take();
            let comparing = app.compare.take();
            let size = app.size;
            let today = app.results.today;
            *app = App::new(plan, Some(path.clone()));
            app.results.today = today;
            app.library = library;
            app.compare = comparing;
            app.size = size;
            app.on_disk = Some(OnDisk {
                path: path.clone(),
                fingerprint,
            });
            refresh_comparison(app);
            info(app, format!("opened {}", path.display()));
        }
        Err(e) => error(app, e.to_string()),
    }
}

// ----- comparing -------------------------------------------------------------------

/// Lists the plans to compare with: the open plan's own file (as last saved:
/// edits then show against it), the library's plans, and "type a path".
pub(super) fn compare_dialog(app: &mut App) {
    let mut options = vec![type_a_path()];
    if let Some(own) = &app.path {
        options.push((
            own.display().to_string(),
            format!("{} — this plan as last saved", fmt::file_name(own)),
        ));
    }
    options.extend(library_options(app, app.path.as_deref()));
    pick(app, options, PickFor::ComparePlan);
}

/// Reads the plan to compare with and shows the comparison; says why not
/// when the file cannot be read. True when it could.
pub(super) fn compare_with(app: &mut App, path: PathBuf) -> bool {
    match plan_file::load(&path) {
        Ok(other) => {
            let results = evaluate(&other, app.plan.settings.estimate);
            let diff = diff_with(&other, &results, &path, app);
            app.compare = Some(Comparing {
                path: path.clone(),
                plan: other,
                results,
                diff,
            });
            select_tab(app, Tab::Compare);
            info(app, format!("comparing with {}", path.display()));
            true
        }
        Err(e) => {
            error(app, format!("cannot compare: {e}"));
            false
        }
    }
}

/// Brings the comparison up to date with the open plan.
pub(super) fn refresh_comparison(app: &mut App) {
    let Some(mut c) = app.compare.take() else {
        return;
    };
    // The other plan only changes with the estimate; the open plan's results
    // are already current.
    if c.results.estimate != app.plan.settings.estimate {
        c.results = evaluate(&c.plan, app.plan.settings.estimate);
    }
    c.diff = diff_with(&c.plan, &c.results, &c.path, app);
    app.compare = Some(c);
}

/// The other plan ("was") against the open plan ("now"), at the open plan's
/// estimate, with both files named.
pub(super) fn diff_with(
    other: &Plan,
    other_results: &Results,
    other_path: &Path,
    app: &App,
) -> PlanDiff {
    let mut diff = compare::compare_results(other, other_results, &app.plan, &app.results);
    diff.old.file = Some(other_path.display().to_string());
    diff.new.file = app.path.as_ref().map(|p| p.display().to_string());
    diff
}
