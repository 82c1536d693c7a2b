//! Unsaved changes kept by an earlier run (see `recovery`): restore them,
//! discard them, compare them with the plan, or decide later.

use super::*;
use crate::store::recovery::Kept;

pub(super) fn recover(app: &mut App, kept: Box<Kept>, action: Action) {
    match action {
        Action::Restore => restore(app, *kept),
        Action::DiscardKept => {
            app.effects.push(Effect::Forget(vec![kept.file.clone()]));
            info(
                app,
                format!("discarded the changes kept at {}", kept.written),
            );
        }
        Action::ShowChanges => compare_with(
            app,
            kept.file.clone(),
            LoadFor::Compare {
                said: Some(
                    "the kept changes (was) against the plan as saved (now); they are offered again next time",
                ),
                typed: None,
            },
        ),
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
    if kept.plan_path == app.path {
        return restore_into(app, kept);
    }
    match kept.plan_path.clone() {
        Some(path) if kept.plan_file_exists => app.effects.push(Effect::Load {
            path,
            find: false,
            purpose: LoadFor::Restore(Box::new(kept)),
        }),
        // Its file is gone (or it never had one): restore as a plan
        // without a file, which Ctrl-s offers to save.
        _ => {
            app.path = None;
            app.on_disk = None;
            restore_into(app, kept);
        }
    }
}

/// The kept plan made the open one, on the plan it belongs to.
pub(super) fn restore_into(app: &mut App, kept: Kept) {
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
