//! Saving, opening, and choosing a plan to compare with: what to ask of the
//! files (an `Effect`), and what to do with the answer (`Done`).

use super::*;
use crate::engine::{Results, evaluate};
use crate::store::library::LibraryEntry;
use crate::text::format as fmt;
use crate::tui::app::effect::{Done, Effect, LoadFor, SaveAs};
use crate::tui::app::popups::Popup;
use crate::tui::app::popups::conflict::Conflict;
use crate::tui::app::popups::replace::Replace;
use crate::tui::app::popups::unsaved::Unsaved;

/// Saves to `app.path`, unless someone else changed that file since it was
/// opened or saved: then asks first, and goes on to `then` once saved.
pub(in crate::tui::app) fn save(app: &mut App, then: Option<Then>) {
    save_checked(app, then, None, true);
}

/// Saves to `app.path` whatever the file holds now.
pub(in crate::tui::app) fn save_over(app: &mut App, then: Option<Then>) {
    save_checked(app, then, None, false);
}

/// A Save As to the path now set, going back to `save_as` if it fails.
pub(in crate::tui::app) fn save_as(app: &mut App, then: Option<Then>, save_as: SaveAs) {
    save_checked(app, then, Some(save_as), true);
}

fn save_checked(app: &mut App, then: Option<Then>, save_as: Option<SaveAs>, check: bool) {
    let Some(path) = app.path.clone() else {
        return error(app, "the plan has no file yet — use S to save as");
    };
    app.effects.push(Effect::Save {
        path,
        check,
        then,
        save_as,
    });
}

/// Asks where to save a plan without a file: a new file in the library.
pub(in crate::tui::app) fn suggest_path(app: &mut App, purpose: PathFor) {
    app.effects.push(Effect::SuggestPath { purpose });
}

/// What an effect found, carried on.
pub(super) fn done(app: &mut App, done: Done) {
    match done {
        Done::Saved {
            path,
            result,
            then,
            save_as,
        } => saved(app, path, result, then, save_as),
        Done::ChangedOnDisk { path, then } => {
            app.mode = Mode::Popup(Popup::Conflict(Conflict { then }));
            error(
                app,
                format!("{} changed on disk since you opened it", path.display()),
            );
        }
        Done::WouldReplace {
            path,
            then,
            save_as,
        } => {
            app.mode = Mode::Popup(Popup::Replace(Replace { then, save_as }));
            info(app, format!("{} already exists", path.display()));
        }
        Done::Loaded {
            path,
            note,
            result,
            purpose,
        } => loaded(app, path, note, result, purpose),
        Done::Listed { purpose, entries } => listed(app, purpose, &entries),
        Done::ImportRead {
            path,
            typed,
            result,
            today,
            file_date,
        } => super::import::read(app, &path, typed, result, today, file_date),
        Done::Suggested { path, purpose } => {
            let suggested = path.map(|p| p.display().to_string()).unwrap_or_default();
            app.mode = Mode::path(purpose, editor_with(&suggested));
        }
    }
}

/// A save's result: marked saved, the recovery copies gone, then on.
fn saved(
    app: &mut App,
    path: PathBuf,
    result: Result<crate::store::plan_file::Saved, String>,
    then: Option<Then>,
    save_as: Option<SaveAs>,
) {
    let saved = match result {
        Ok(saved) => saved,
        Err(message) => {
            error(app, message.clone());
            // A Save As that failed: back to the old file, the prompt open
            // again so a mistyped path can be fixed.
            if let Some(s) = save_as {
                app.path = s.previous;
                let mut editor = editor_with(&s.typed);
                editor.error = Some(message);
                app.mode = Mode::path(s.purpose, editor);
            }
            return;
        }
    };
    app.note_saved();
    remember(app, &path);
    let notes = saved.notes.join("; ");
    match notes.is_empty() {
        true => info(app, format!("saved {}", path.display())),
        // Saved, but something could not be kept: worth a warning.
        false => error(app, format!("saved {}, but {notes}", path.display())),
    }
    if save_as.is_some() && path.parent() == app.library.as_deref() {
        app.status.text.push_str(" (in the plan library)");
    }
    app.on_disk = Some(OnDisk {
        path,
        fingerprint: saved.fingerprint,
    });
    let copies = app.recovery_to_forget();
    if !copies.is_empty() {
        app.effects.push(Effect::Forget(copies));
    }
    if let Some(then) = then {
        go_on(app, then);
    }
}

/// Lists the plans to open: the library's, newest first, and "type a path".
pub(super) fn open_dialog(app: &mut App) {
    app.effects.push(Effect::List {
        purpose: PickFor::OpenPlan,
    });
}

/// Lists the plans to compare with: the open plan's own file (as last saved:
/// edits then show against it), the library's plans, and "type a path".
pub(super) fn compare_dialog(app: &mut App) {
    app.effects.push(Effect::List {
        purpose: PickFor::ComparePlan,
    });
}

/// Plans kept in `recent` for this run.
const RECENT: usize = 8;

/// A plan saved or opened: first in this run's recent plans.
fn remember(app: &mut App, path: &Path) {
    app.recent.retain(|p| p != path);
    app.recent.insert(0, path.to_path_buf());
    app.recent.truncate(RECENT);
}

/// The library listed: the picker it was listed for, with the plans saved
/// or opened in this run that the library does not hold.
fn listed(app: &mut App, purpose: PickFor, entries: &[LibraryEntry]) {
    let mut options = vec![type_a_path()];
    let except = match purpose {
        PickFor::ComparePlan => app.path.clone(),
        _ => None,
    };
    if let (PickFor::ComparePlan, Some(own)) = (&purpose, &app.path) {
        options.push((
            own.display().to_string(),
            format!("{} — this plan as last saved", fmt::file_name(own)),
        ));
    }
    let recent = app
        .recent
        .iter()
        .filter(|p| Some(p.as_path()) != except.as_deref())
        .filter(|p| !entries.iter().any(|e| e.path == **p))
        .map(|p| {
            let what = match Some(p) == app.path.as_ref() {
                true => "the open plan's file",
                false => "saved or opened in this run",
            };
            (p.display().to_string(), format!("{} — {what}", p.display()))
        });
    options.extend(recent.collect::<Vec<_>>());
    options.extend(library_options(entries, except.as_deref()));
    let selected = usize::from(options.len() > 1);
    app.mode = Mode::picking(Picker {
        options,
        selected,
        purpose,
    });
}

/// The choice that asks for a path instead.
fn type_a_path() -> (String, String) {
    (String::new(), "Type a path…".to_string())
}

/// The plans of the library as `(path, label)`, newest first; `except`
/// leaves one file out.
fn library_options(entries: &[LibraryEntry], except: Option<&Path>) -> Vec<(String, String)> {
    entries
        .iter()
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

/// Opens a plan, first asking what to do with unsaved changes.
pub(in crate::tui::app) fn open(app: &mut App, path: PathBuf) {
    if app.is_modified() {
        app.mode = Mode::Popup(Popup::Unsaved(Unsaved {
            then: Then::Open(path),
        }));
    } else {
        load_plan(app, path);
    }
}

/// Asks for the plan at `path` in place of the open one (changes already
/// dealt with); a bare name may be a plan of the library.
pub(in crate::tui::app) fn load_plan(app: &mut App, path: PathBuf) {
    app.effects.push(Effect::Load {
        path,
        find: true,
        purpose: LoadFor::Open,
    });
}

/// Asks for the plan to compare with.
pub(in crate::tui::app) fn compare_with(app: &mut App, path: PathBuf, purpose: LoadFor) {
    app.effects.push(Effect::Load {
        path,
        find: true,
        purpose,
    });
}

/// A plan read: opened, compared with, or opened to restore kept changes.
fn loaded(
    app: &mut App,
    path: PathBuf,
    note: Option<String>,
    result: Result<(Box<Plan>, u64), String>,
    purpose: LoadFor,
) {
    match (purpose, result) {
        (LoadFor::Open, Ok((plan, fingerprint))) => {
            remember(app, &path);
            replace_plan(app, *plan, path.clone(), fingerprint);
            info(app, format!("opened {}", path.display()));
            say_where(app, note);
        }
        (LoadFor::Open, Err(e)) => error(app, e),
        (LoadFor::Restore(kept), Ok((plan, fingerprint))) => {
            replace_plan(app, *plan, path, fingerprint);
            crate::tui::app::popups::recover::restore_into(app, *kept);
        }
        (LoadFor::Restore(_), Err(e)) => error(app, e),
        (LoadFor::Compare { said, .. }, Ok((plan, _))) => {
            let results = evaluate(&plan, app.plan.settings.estimate);
            let diff = diff_with(&plan, &results, &path, app);
            app.compare = Some(Comparing {
                path: path.clone(),
                plan: *plan,
                results,
                diff,
            });
            select_tab(app, Tab::Compare);
            info(
                app,
                said.map_or(format!("comparing with {}", path.display()), String::from),
            );
            say_where(app, note);
        }
        (LoadFor::Compare { typed, .. }, Err(e)) => {
            error(app, format!("cannot compare: {e}"));
            // Keep the prompt, so a mistyped path can be fixed.
            if let Some(typed) = typed {
                let mut editor = editor_with(&typed);
                editor.error = Some(app.status.text.clone());
                app.mode = Mode::path(PathFor::Compare, editor);
            }
        }
    }
}

/// The open plan replaced by one read from `path`, the planner's own state
/// (library, comparison, size, today) kept.
fn replace_plan(app: &mut App, plan: Plan, path: PathBuf, fingerprint: u64) {
    let library = app.library.take();
    let comparing = app.compare.take();
    let size = app.size;
    let today = app.results.today;
    let effects = std::mem::take(&mut app.effects);
    let generation = app.generation;
    *app = App::new(plan, Some(path.clone()));
    app.results.today = today;
    app.library = library;
    app.compare = comparing;
    app.size = size;
    app.effects = effects;
    app.generation = generation + 1;
    app.on_disk = Some(OnDisk { path, fingerprint });
    refresh_comparison(app);
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
