//! The settings popup: the plan's name and settings as a list of fields,
//! each edited the way a cell is (typed or picked) and undone the same way.

use super::{Change, editor_with, error, info};
use crate::columns::{Edit, settings::FIELDS};
use crate::tui::app::Action;
use crate::tui::app::{App, EditTarget, Mode, PickFor, Picker};

/// Opens the popup on its first field.
pub(super) fn open(app: &mut App) {
    app.mode = Mode::Settings(0);
    info(app, "plan settings: Enter edits a field, Esc closes");
}

/// A key in the popup: move, edit the selected field, or close.
pub(super) fn popup(app: &mut App, field: usize, action: Action) {
    let last = FIELDS.len() - 1;
    match action {
        Action::MoveRows(n) => {
            let to = (field as i64 + i64::from(n)).clamp(0, last as i64);
            app.mode = Mode::Settings(to as usize);
        }
        Action::SelectRow(i) if i <= last => app.mode = Mode::Settings(i),
        Action::Confirm | Action::Edit => start(app, field),
        Action::Cancel => info(app, "settings closed — u undoes a change"),
        _ => app.mode = Mode::Settings(field),
    }
}

fn start(app: &mut App, field: usize) {
    let column = &FIELDS[field];
    match column.edit {
        Edit::Typed { accepts, get, .. } => {
            info(app, format!("{}: {accepts}", column.title));
            let mut editor = editor_with(&get(&app.plan, 0));
            editor.target = EditTarget::Setting(field);
            app.mode = Mode::Editing(editor);
        }
        Edit::Picked { options, get, .. } => {
            let options = options(&app.plan);
            let current = get(&app.plan, 0);
            let selected = options.iter().position(|(v, _)| *v == current).unwrap_or(0);
            app.mode = Mode::Picking(Picker {
                options,
                selected,
                purpose: PickFor::Setting(field),
            });
        }
        Edit::Computed => error(app, format!("{} is computed", column.title)),
    }
}

/// Writes text into a field, one undo step, and goes back to the popup; the
/// plan is left as it was when the text is refused.
pub(super) fn commit(app: &mut App, field: usize, text: &str) -> Result<(), String> {
    let column = &FIELDS[field];
    let before = column.edit_text(&app.plan, 0).unwrap_or_default();
    let after = text.trim().to_string();
    if before == after {
        info(app, "unchanged");
    } else {
        super::commit(
            app,
            Change::Setting {
                field,
                before,
                after,
            },
        )?;
        info(app, format!("{} set — u undoes", column.title));
    }
    app.mode = Mode::Settings(field);
    Ok(())
}

/// After an edit of a field is cancelled, the popup it came from.
pub(super) fn back_to_popup(app: &mut App, target: EditTarget) {
    if let EditTarget::Setting(field) = target {
        app.mode = Mode::Settings(field);
    }
}
