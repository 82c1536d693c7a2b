//! The planner's files outside the plan: this run's recovery copy, kept
//! while there are unsaved changes, and where a run starts.

use crate::plan::PlanError;
use crate::store::plan_file;
use crate::store::{library, recovery, session};
use crate::tui::app::popups::Popup;
use crate::tui::app::popups::recover::Recover;
use crate::tui::app::recovery::Due;
use crate::tui::app::{App, Mode, Status};
use std::path::PathBuf;

/// Keeps (or refreshes) this run's copy of the open plan when it has
/// changes the copy does not hold yet, and removes it once there is nothing
/// unsaved. Called when the user pauses, and once more when stopped.
pub fn keep_if_due(app: &mut App) -> Result<(), PlanError> {
    let (file, state) = match app.recovery_due() {
        Due::Nothing => return Ok(()),
        Due::Forget => {
            forget_kept(app);
            return Ok(());
        }
        Due::Write { plan, typed, state } => {
            let file = match &app.recovery.file {
                Some(f) => f.clone(),
                None => recovery::new_file_for(app.path.as_deref(), &app.plan.name).ok_or_else(
                    || {
                        PlanError::whole_file(
                            "recovery",
                            "no data folder to keep unsaved changes in",
                        )
                    },
                )?,
            };
            recovery::write(&file, &plan, app.path.as_deref(), typed.as_deref())?;
            (file, state)
        }
    };
    if let Some(adopted) = app.recovery_written(file, state) {
        recovery::forget(&adopted);
    }
    Ok(())
}

/// Removes this run's copy and the one it restored from: the changes were
/// saved, undone, or knowingly discarded.
pub fn forget_kept(app: &mut App) {
    for file in app.recovery_to_forget() {
        recovery::forget(&file);
    }
}

/// A planner on the plan in a file (see `App::on_file`).
pub fn app_on_file(path: PathBuf) -> Result<App, PlanError> {
    let (plan, fingerprint) = crate::store::plan_file::load_fingerprinted(&path)?;
    Ok(App::on_file(plan, path, fingerprint))
}

/// The app to start: on `path`, else on the last plan, else on the built-in
/// plan. A named plan that cannot be read is an error; a remembered one that
/// cannot is reported in the status line and the built-in plan opens.
pub fn start(path: Option<PathBuf>) -> Result<App, PlanError> {
    let bare = path.is_none();
    let mut app = match path {
        // Remembered as the last plan once its first frame is drawn.
        Some(p) => app_on_file(p)?,
        None => match session::last_plan() {
            Some(p) => match app_on_file(p) {
                Ok(app) => app,
                Err(e) => {
                    let mut app = App::new(plan_file::default_plan(), None);
                    app.status = Status {
                        text: format!("could not reopen the last plan: {e}"),
                        is_error: true,
                    };
                    app
                }
            },
            None => App::new(plan_file::default_plan(), None),
        },
    };
    app.library = library::plans_dir().ok();
    // Only the running planner reads the clock: figures age as days pass.
    app.results.today = Some(crate::base::date::Date::today());
    offer_kept_changes(&mut app, bare);
    Ok(app)
}

/// Asks about unsaved changes an earlier run kept: those of the plan being
/// opened, or for a bare start, the newest of any plan. A copy that holds
/// exactly the plan as it is needs no question and goes.
fn offer_kept_changes(app: &mut App, bare: bool) {
    let kept = recovery::newest_for(app.path.as_deref())
        .or_else(|| bare.then(|| recovery::all().into_iter().next()).flatten());
    let Some(kept) = kept else { return };
    let same_plan = kept.plan_path == app.path;
    if same_plan && kept.plan == app.plan && kept.unfinished.is_none() {
        recovery::forget(&kept.file);
    } else {
        app.mode = Mode::Popup(Popup::Recover(Recover {
            kept: Box::new(kept),
        }));
    }
}
