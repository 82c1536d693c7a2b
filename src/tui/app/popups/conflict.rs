//! The plan's file changed on disk since it was opened or saved: overwrite
//! it, reload it, save elsewhere, compare, or cancel.

use super::{Kind, Popup, Screen, answers};
use crate::tui::app::effect::LoadFor;
use crate::tui::app::keymap::{Binding, Context, bind, ch, key};
use crate::tui::app::update::{compare_with, editor_with, info, load_plan, save_over};
use crate::tui::app::{Action, App, Mode, PathFor, Then};
use crate::tui::widgets::frame::draw_choices;
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::Esc;

/// The question, and where the planner goes once the plan is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Quit or open another plan after saving, if the save was for that.
    pub then: Option<Then>,
}

/// How help titles these keys.
pub const TITLE: &str = "The file changed on disk";

const HERE: Context = Context::Popup(Kind::Conflict);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[ch('o')],   Action::Overwrite,     "overwrite it"),
    bind(HERE, &[ch('r')],   Action::Reload,        "reload it (drops your changes)"),
    bind(HERE, &[ch('s')],   Action::SaveElsewhere, "save elsewhere…"),
    bind(HERE, &[ch('c')],   Action::ShowChanges,   "compare with it"),
    bind(HERE, &[key(Esc)],  Action::Cancel,        "cancel"),
];

/// Which keys are live: its own.
pub fn context(_: &Conflict) -> Context {
    super::own(Kind::Conflict)
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[
    Action::Overwrite,
    Action::Reload,
    Action::SaveElsewhere,
    Action::ShowChanges,
    Action::Cancel,
];

/// What to do about the file that changed.
pub fn update(app: &mut App, Conflict { then }: Conflict, action: Action) {
    let Some(path) = app.path.clone() else {
        return;
    };
    match action {
        Action::Overwrite => save_over(app, then),
        Action::Reload => load_plan(app, path),
        Action::SaveElsewhere => {
            let stem = path
                .file_stem()
                .map_or("plan".into(), |s| s.to_string_lossy());
            let mine = path.with_file_name(format!("{stem}-mine.toml"));
            let purpose = then.map_or(PathFor::SaveAs, PathFor::SaveAsThen);
            app.mode = Mode::path(purpose, editor_with(&mine.display().to_string()));
        }
        Action::ShowChanges => compare_with(
            app,
            path,
            LoadFor::Compare {
                said: Some("the file on disk (was) against your plan (now); Ctrl-s asks again"),
                typed: None,
            },
        ),
        Action::Cancel => info(app, "not saved: the changes are still here"),
        _ => app.mode = Mode::Popup(Popup::Conflict(Conflict { then })),
    }
}

/// The question, with what saving now would undo.
pub fn draw(frame: &mut Frame, screen: Screen, app: &App, _: &Conflict, theme: &Theme) {
    let file = app
        .path
        .as_deref()
        .map_or(String::new(), crate::text::format::file_name);
    let choices = answers(
        Kind::Conflict,
        &[
            (Action::Overwrite, "overwrite it".to_string()),
            (
                Action::Reload,
                "reload it, dropping your changes".to_string(),
            ),
            (Action::SaveElsewhere, "save elsewhere".to_string()),
            (Action::ShowChanges, "compare".to_string()),
            (Action::Cancel, "cancel".to_string()),
        ],
    );
    let message = format!(
        "{file} changed on disk since you opened or saved it (another program, or another planner). Saving now would undo that change."
    );
    let title = format!("{file} changed on disk");
    draw_choices(frame, screen.body, &title, &message, &choices, theme);
}
