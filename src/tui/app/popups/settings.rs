//! The settings popup: the plan's name and settings as a list of fields,
//! each edited the way a cell is (typed, in place, or picked from a list)
//! and undone the same way. Its keys are the key map's list keys.

use super::{Popup, Screen};
use crate::columns::{Edit, settings::FIELDS};
use crate::tui::app::history::Change;
use crate::tui::app::keymap::{Binding, Context};
use crate::tui::app::update::{editor_with, error, info};
use crate::tui::app::{Action, App, CellEditor, EditTarget, Mode, PickFor};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The popup, a field selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The selected field, an index into `columns::settings::FIELDS`.
    pub field: usize,
}

/// Its keys are the list keys of the key map.
pub const KEYS: &[Binding] = &[];

/// How help titles its keys (shown under the list keys).
pub const TITLE: &str = "Plan settings";

/// What the hint bar shows (the list keys' hints).
pub const HINTS: &[Action] = &[];

/// Which keys are live.
pub fn context(_: &Settings) -> Context {
    Context::List
}

/// Opens the popup on its first field.
pub(in crate::tui::app) fn open(app: &mut App) {
    app.mode = Mode::settings(0);
    info(app, "plan settings: Enter edits a field, Esc closes");
}

/// A key in the popup: move, edit the selected field, or close.
pub fn update(app: &mut App, Settings { field }: Settings, action: Action) {
    let last = FIELDS.len() - 1;
    match action {
        Action::MoveRows(n) => {
            let to = (field as i64 + i64::from(n)).clamp(0, last as i64);
            app.mode = Mode::settings(to as usize);
        }
        Action::SelectRow(i) if i <= last => app.mode = Mode::settings(i),
        Action::Confirm | Action::Edit => start(app, field),
        Action::Cancel => info(app, "settings closed — u undoes a change"),
        _ => app.mode = Mode::settings(field),
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
            app.mode = Mode::Popup(Popup::Picker(super::picker::Picker {
                options,
                selected,
                purpose: PickFor::Setting(field),
            }));
        }
        Edit::Computed => error(app, format!("{} is computed", column.title)),
    }
}

/// Writes text into a field, one undo step, and goes back to the popup; the
/// plan is left as it was when the text is refused.
pub(in crate::tui::app) fn commit(app: &mut App, field: usize, text: &str) -> Result<(), String> {
    let column = &FIELDS[field];
    let change = Change::setting(&mut app.plan, field, text.trim())?;
    if change.is_empty() {
        info(app, "unchanged");
    } else {
        crate::tui::app::update::record(app, change)?;
        info(app, format!("{} set — u undoes", column.title));
    }
    app.mode = Mode::settings(field);
    Ok(())
}

/// After an edit of a field is cancelled, the popup it came from.
pub(in crate::tui::app) fn back_to_popup(app: &mut App, target: EditTarget) {
    if let EditTarget::Setting(field) = target {
        app.mode = Mode::settings(field);
    }
}

/// The popup over the screen.
pub fn draw(frame: &mut Frame, screen: Screen, app: &App, s: &Settings, theme: &Theme) {
    draw_sheet(frame, screen.body, app, s.field, None, theme);
}

/// Width of the field names.
const LABEL: usize = 16;

/// Draws the settings with `selected` marked and, when given, its editor
/// open (a field being typed or picked is drawn over it).
pub fn draw_sheet(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    selected: usize,
    editor: Option<&CellEditor>,
    theme: &Theme,
) {
    let rect = centered(area, 76, FIELDS.len() as u16 + 4);
    let inner = frame_popup(frame, rect, "Plan settings — Enter edits, Esc closes");
    let value_width = usize::from(inner.width).saturating_sub(LABEL + 3);
    let mut lines: Vec<Line> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let label = format!("{:<LABEL$} ", field.title);
            let value = match editor.filter(|_| i == selected) {
                Some(e) => {
                    let scroll = e.input.visual_scroll(value_width);
                    let text: String = e.input.value().chars().skip(scroll).collect();
                    let style = if e.fresh {
                        theme.selection()
                    } else {
                        Default::default()
                    };
                    Span::styled(text, style)
                }
                None => Span::raw((field.value)(&app.plan, &app.results, 0).value.text()),
            };
            let (mark, style) = match i == selected {
                true => ("▶ ", theme.selected_cell()),
                false => ("  ", Default::default()),
            };
            Line::from(vec![Span::styled(format!("{mark}{label}"), style), value])
        })
        .collect();
    lines.push(Line::raw(""));
    let hint = match editor.and_then(|e| e.error.clone()) {
        Some(refused) => Line::styled(refused, theme.error()),
        None => Line::styled(
            "↑↓ choose a field · each change is one undo step (u, once closed)",
            theme.dim(),
        ),
    };
    lines.push(hint);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(e) = editor {
        let scroll = e.input.visual_scroll(value_width);
        let x = inner.x + (LABEL + 3 + e.input.visual_cursor().saturating_sub(scroll)) as u16;
        let y = inner.y + selected as u16;
        if x < inner.right() && y < inner.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
