//! Unsaved changes before quitting or opening another plan: save them
//! first, discard them, or keep editing.

use super::{Kind, Popup, Screen, answers};
use crate::tui::app::keymap::{Binding, Context, bind, ch, key};
use crate::tui::app::update::{go_on, info, save, suggest_path};
use crate::tui::app::{Action, App, Mode, PathFor, Then};
use crate::tui::widgets::frame::draw_choices;
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::Esc;

/// The question, and where the planner goes once it is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsaved {
    /// Quit, or open another plan.
    pub then: Then,
}

/// How help titles these keys.
pub const TITLE: &str = "Unsaved changes";

const HERE: Context = Context::Popup(Kind::Unsaved);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[ch('s')],           Action::SaveFirst,    "save first"),
    bind(HERE, &[ch('d')],           Action::DiscardFirst, "discard the changes"),
    bind(HERE, &[key(Esc), ch('c')], Action::Cancel,       "cancel"),
];

/// Which keys are live: its own.
pub fn context(_: &Unsaved) -> Context {
    super::own(Kind::Unsaved)
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[Action::SaveFirst, Action::DiscardFirst, Action::Cancel];

/// Saves (asking where, for a plan without a file) or discards, then goes
/// on; or keeps editing.
pub fn update(app: &mut App, Unsaved { then }: Unsaved, action: Action) {
    match action {
        Action::SaveFirst if app.path.is_none() => suggest_path(app, PathFor::SaveAsThen(then)),
        // The save goes on to `then` once it is written.
        Action::SaveFirst => save(app, Some(then)),
        Action::DiscardFirst => go_on(app, then),
        Action::Cancel => info(app, "cancelled: the changes are still here"),
        _ => app.mode = Mode::Popup(Popup::Unsaved(Unsaved { then })),
    }
}

/// Save, discard or cancel, with the keys from the key map.
pub fn draw(frame: &mut Frame, screen: Screen, app: &App, u: &Unsaved, theme: &Theme) {
    let name = app
        .path
        .as_ref()
        .map_or("the built-in plan".to_string(), |p| p.display().to_string());
    let (what, title) = match &u.then {
        Then::Quit => ("quit".to_string(), "Quit?".to_string()),
        Then::Open(p) => (
            "open".to_string(),
            format!("Open {}?", crate::text::format::file_name(p)),
        ),
    };
    let choices = answers(
        Kind::Unsaved,
        &[
            (Action::SaveFirst, format!("save and {what}")),
            (Action::DiscardFirst, format!("discard and {what}")),
            (Action::Cancel, "keep editing".to_string()),
        ],
    );
    let message = format!("Unsaved changes to {name}.");
    draw_choices(frame, screen.body, &title, &message, &choices, theme);
}
