//! Unsaved changes kept by an earlier run (see `recovery`): restore them,
//! discard them, compare them with the plan, or decide later.

use super::*;
use crate::store::recovery::{self, Kept};

pub(super) fn recover(app: &mut App, kept: Box<Kept>, action: Action) {
    match action {
        Action::Restore => restore(app, *kept),
        Action::DiscardKept => {
            recovery::forget(&kept.file);
            info(
                app,
                format!("discarded the changes kept at {}", kept.written),
            );
        }
        Action::ShowChanges => {
            if compare_with(app, kept.file.clone()) {
                info(
                    app,
                    "the kept changes (was) against the plan as saved (now); they are offered again next time",
                );
            }
        }
        Action::Cancel => info(
            app,
            format!(
                "the kept changes stay in {}; they are offered again next time",
                kept.file.display()
            ),
        ),
        _ => app.mode = Mode::Recover(kept),
    }
}

/// Makes the kept plan the open one, as one change that `u` undoes; opens
/// the plan it belongs to first when another is open.
fn restore(app: &mut App, kept: Kept) {
    if kept.plan_path != app.path {
        match &kept.plan_path {
            Some(path) if path.exists() => {
                load_plan(app, path.clone());
                if app.path.as_ref() != Some(path) {
                    return; // could not open it; the status says why
                }
            }
            // Its file is gone (or it never had one): restore as a plan
            // without a file, which Ctrl-s offers to save.
            _ => {
                app.path = None;
                app.on_disk = None;
            }
        }
    }
    let change = Change::Replace {
        before: Box::new(app.plan.clone()),
        after: Box::new(kept.plan),
        what: "restoring kept changes".into(),
    };
    if let Err(message) = commit(app, change) {
        return error(app, message);
    }
    app.recovery.adopted = Some(kept.file);
    let typed = kept.unfinished.map_or(String::new(), |t| {
        format!(" (you were typing \"{t}\" into a cell)")
    });
    info(
        app,
        format!(
            "restored the changes kept at {}{typed} — Ctrl-s saves them, u undoes",
            kept.written
        ),
    );
}
