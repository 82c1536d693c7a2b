//! A file path typed at a prompt: to save as, open, compare with, or
//! import. Its keys are the key map's text keys.

use super::{Popup, Screen};
use crate::tui::app::effect::{Effect, LoadFor, SaveAs};
use crate::tui::app::keymap::{Binding, Context};
use crate::tui::app::update::{compare_with, info, open, save_as, save_target, type_into};
use crate::tui::app::{Action, App, CellEditor, Mode, PathFor};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::path::PathBuf;

/// The prompt: what the path is for, and the text typed.
#[derive(Debug, Clone)]
pub struct PathPrompt {
    /// What the path is for.
    pub purpose: PathFor,
    /// The path as typed, and any refusal.
    pub editor: CellEditor,
}

/// Its keys are the text keys of the key map.
pub const KEYS: &[Binding] = &[];

/// How help titles its keys (shown under the text keys).
pub const TITLE: &str = "Typing a path";

/// What the hint bar shows (the text keys' hints).
pub const HINTS: &[Action] = &[];

/// Which keys are live.
pub fn context(_: &PathPrompt) -> Context {
    Context::Text
}

/// Types, or takes the path, or cancels.
pub fn update(
    app: &mut App,
    PathPrompt {
        purpose,
        mut editor,
    }: PathPrompt,
    action: Action,
) {
    match action {
        Action::Input(_) | Action::Paste(_) => {
            type_into(app, &mut editor, action);
            app.mode = Mode::path(purpose, editor);
        }
        Action::Confirm => {
            let text = editor.input.value().trim().to_string();
            if text.is_empty() {
                editor.error = Some("type a file path, e.g. plans/q3.toml".into());
                app.mode = Mode::path(purpose, editor);
                return;
            }
            taken(app, purpose, text);
        }
        Action::Cancel => info(app, "cancelled"),
        _ => app.mode = Mode::Popup(Popup::Path(PathPrompt { purpose, editor })),
    }
}

/// The typed path, for what it is for.
fn taken(app: &mut App, purpose: PathFor, text: String) {
    let typed = PathBuf::from(&text);
    match purpose {
        PathFor::Import => app.effects.push(Effect::ReadImport {
            path: typed,
            typed: text,
        }),
        PathFor::Open => open(app, typed),
        PathFor::Compare => compare_with(
            app,
            typed,
            LoadFor::Compare {
                said: None,
                typed: Some(text),
            },
        ),
        PathFor::SaveAs | PathFor::SaveAsThen(_) => {
            let path = save_target(app, &typed);
            let previous = app.path.replace(path);
            let then = match &purpose {
                PathFor::SaveAsThen(then) => Some(then.clone()),
                _ => None,
            };
            let back = SaveAs {
                previous,
                purpose,
                typed: text,
            };
            save_as(app, then, back);
        }
    }
}

/// The prompt over the screen.
pub fn draw(frame: &mut Frame, screen: Screen, app: &App, prompt: &PathPrompt, theme: &Theme) {
    let hint = where_it_goes(app, &prompt.purpose);
    draw_prompt(
        frame,
        screen.body,
        &prompt.purpose,
        &prompt.editor,
        &hint,
        theme,
    );
}

/// Where a bare name goes, said under the path: a Save As puts it in the
/// library (`.toml` added), an open or a comparison finds it there.
fn where_it_goes(app: &App, purpose: &PathFor) -> String {
    let library = app.library.as_ref().map(|l| l.display().to_string());
    let here = "the folder the planner started in";
    match (purpose, library) {
        (PathFor::SaveAs | PathFor::SaveAsThen(_), Some(l)) => {
            format!("a bare name (q3) is saved in the library: {l}/q3.toml")
        }
        (PathFor::SaveAs | PathFor::SaveAsThen(_), None) => {
            format!("a bare name (q3) is saved as q3.toml in {here}")
        }
        (PathFor::Open | PathFor::Compare, Some(l)) => {
            format!("a path, or a plan of the library by name ({l})")
        }
        (PathFor::Open | PathFor::Compare, None) => format!("a path, from {here}"),
        (PathFor::Import, _) => format!("a path, from {here}"),
    }
}

/// A one-line path prompt with its cursor and any refusal under it.
fn draw_prompt(
    frame: &mut Frame,
    area: Rect,
    purpose: &PathFor,
    editor: &CellEditor,
    hint: &str,
    theme: &Theme,
) {
    let title = match purpose {
        PathFor::SaveAs | PathFor::SaveAsThen(_) => "Save plan as — Enter saves, Esc cancels",
        PathFor::Open => "Open plan — Enter opens, Esc cancels",
        PathFor::Compare => "Compare with the plan at — Enter compares, Esc cancels",
        PathFor::Import => "Import prices, GPU offers or a benchmark — Enter reads it",
    };
    // Wide enough for the hint when the screen is.
    let wide = (hint.chars().count() as u16 + 4).max(70);
    let rect = centered(area, wide.min(area.width.saturating_sub(2).max(20)), 5);
    let inner = frame_popup(frame, rect, title);
    let width = usize::from(inner.width.saturating_sub(1));
    let scroll = editor.input.visual_scroll(width);
    let value: String = editor.input.value().chars().skip(scroll).collect();
    let value = match editor.fresh {
        // All of it selected: typing replaces it.
        true => Line::styled(value, theme.selection()),
        false => Line::raw(value),
    };
    let mut lines = vec![value];
    match &editor.error {
        Some(e) => lines.push(Line::styled(e.clone(), theme.error())),
        None => lines.push(Line::styled(hint.to_string(), theme.dim())),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let x = inner.x + (editor.input.visual_cursor().saturating_sub(scroll)) as u16;
    if inner.height > 0 && x < inner.right() {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}
