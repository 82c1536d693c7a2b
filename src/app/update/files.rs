//! Saving, opening, and choosing a plan to compare with.

use super::*;
use crate::engine::{Results, evaluate};

/// Saves to `app.path`; says how it went. True when saved.
pub(super) fn save(app: &mut App) -> bool {
    let Some(path) = app.path.clone() else {
        error(app, "the plan has no file yet — use S to save as");
        return false;
    };
    if let Some(dir) = path.parent().filter(|d| Some(*d) == app.library.as_deref()) {
        let _ = std::fs::create_dir_all(dir);
    }
    match plan::save(&app.plan, &path) {
        Ok(()) => {
            app.history.mark_saved();
            info(app, format!("saved {}", path.display()));
            true
        }
        Err(e) => {
            error(app, e.to_string());
            false
        }
    }
}

pub(super) fn open_dialog(app: &mut App) {
    let mut options: Vec<(String, String)> = app
        .library
        .as_ref()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (
                p.display().to_string(),
                p.file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));
    options.insert(0, (String::new(), "Type a path…".to_string()));
    let selected = usize::from(options.len() > 1);
    app.mode = Mode::Picking(Picker {
        options,
        selected,
        purpose: PickFor::OpenPlan,
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
    match plan::load(&path) {
        Ok(plan) => {
            let library = app.library.take();
            let comparing = app.compare.take();
            let size = app.size;
            *app = App::new(plan, Some(path.clone()));
            app.library = library;
            app.compare = comparing;
            app.size = size;
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
    let mut options = vec![(String::new(), "Type a path…".to_string())];
    if let Some(own) = &app.path {
        options.push((
            own.display().to_string(),
            format!("{} — this plan as last saved", file_name(own)),
        ));
    }
    let library = app
        .library
        .as_deref()
        .and_then(|dir| crate::library::list_in(dir).ok())
        .unwrap_or_default();
    for entry in library {
        if app.path.as_ref() == Some(&entry.path) {
            continue;
        }
        let about = match &entry.plan {
            Ok(summary) => format!("\"{}\"", summary.name),
            Err(_) => "cannot be read".to_string(),
        };
        options.push((
            entry.path.display().to_string(),
            format!("{} — {about}", entry.file_name),
        ));
    }
    let selected = usize::from(options.len() > 1);
    app.mode = Mode::Picking(Picker {
        options,
        selected,
        purpose: PickFor::ComparePlan,
    });
}

/// Reads the plan to compare with and shows the comparison; says why not
/// when the file cannot be read. True when it could.
pub(super) fn compare_with(app: &mut App, path: PathBuf) -> bool {
    match plan::load(&path) {
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

pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
