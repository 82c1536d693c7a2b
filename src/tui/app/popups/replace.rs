//! A Save As onto a file that exists: replace it, or go back to the path.

use super::{Kind, Popup, Screen, answers};
use crate::tui::app::effect::{Effect, SaveAs};
use crate::tui::app::keymap::{Binding, Context, bind, ch, key};
use crate::tui::app::update::editor_with;
use crate::tui::app::{Action, App, Mode, Then};
use crate::tui::widgets::frame::draw_choices;
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::Esc;

/// The question: the Save As waiting on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Replace {
    /// Quit or open another plan after saving, if the save was for that.
    pub then: Option<Then>,
    /// The Save As, to go on with or go back from.
    pub save_as: SaveAs,
}

/// How help titles these keys.
pub const TITLE: &str = "Saving over a file";

const HERE: Context = Context::Popup(Kind::Replace);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[ch('y')],           Action::Overwrite, "replace it"),
    bind(HERE, &[ch('n'), key(Esc)], Action::Cancel,    "back to the path"),
];

/// Which keys are live: its own.
pub fn context(_: &Replace) -> Context {
    super::own(Kind::Replace)
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[Action::Overwrite, Action::Cancel];

/// Replaces the file, or goes back to the prompt with the path as typed.
pub fn update(app: &mut App, Replace { then, save_as }: Replace, action: Action) {
    match action {
        Action::Overwrite => {
            if let Some(path) = app.path.clone() {
                app.effects.push(Effect::Save {
                    path,
                    check: false,
                    then,
                    save_as: Some(save_as),
                });
            }
        }
        Action::Cancel => {
            app.path = save_as.previous;
            app.mode = Mode::path(save_as.purpose, editor_with(&save_as.typed));
        }
        _ => app.mode = Mode::Popup(Popup::Replace(Replace { then, save_as })),
    }
}

/// The question, naming the file.
pub fn draw(frame: &mut Frame, screen: Screen, app: &App, _: &Replace, theme: &Theme) {
    let file = app
        .path
        .as_deref()
        .map_or(String::new(), crate::text::format::file_name);
    let choices = answers(
        Kind::Replace,
        &[
            (Action::Overwrite, "replace it".to_string()),
            (Action::Cancel, "no, back to the path".to_string()),
        ],
    );
    let where_ = app
        .path
        .as_deref()
        .and_then(|p| p.parent())
        .map_or(String::new(), |d| format!(" in {}", d.display()));
    let message = format!("{file} already exists{where_}. Saving replaces what it holds.");
    draw_choices(
        frame,
        screen.body,
        &format!("replace {file}?"),
        &message,
        &choices,
        theme,
    );
}
