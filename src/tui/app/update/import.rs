//! Importing from the planner: a file path, the import read and checked in
//! full, its summary shown, and only on `a` the plan replaced (one undo step).

use super::{editor_with, error};
use crate::base::date::Date;
use crate::import::{self, Format, Input, Options};
use crate::tui::app::popups::Popup;
use crate::tui::app::popups::import::Review;
use crate::tui::app::{App, Mode, PathFor, Tab};
use std::path::Path;

/// `I`: asks for the file.
pub(super) fn start(app: &mut App) {
    app.mode = Mode::path(PathFor::Import, editor_with(""));
}

/// The file at `path` read (on `today`; `file_date` the file's own):
/// imported and checked in full; on success the summary to apply or cancel,
/// on failure the prompt again with why (the plan is untouched either way).
pub(super) fn read(
    app: &mut App,
    path: &Path,
    typed: String,
    text: Result<String, String>,
    today: Date,
    file_date: Option<Date>,
) {
    match imported(app, path, text, today, file_date) {
        Ok((outcome, input, options)) => {
            app.mode = Mode::Popup(Popup::Import(Review::new(outcome, input, options)))
        }
        Err(e) => {
            // Keep the prompt, so a mistyped path can be fixed.
            error(app, e.clone());
            let mut editor = editor_with(&typed);
            editor.error = Some(e);
            app.mode = Mode::path(PathFor::Import, editor);
        }
    }
}

fn imported(
    app: &App,
    path: &Path,
    text: Result<String, String>,
    today: Date,
    file_date: Option<Date>,
) -> Result<(import::Outcome, Input, Options), String> {
    let text = text?;
    let mut options = Options::new(today);
    options.as_of = file_date.unwrap_or(today);
    // A benchmark measures the tier selected on the GPU tiers tab.
    if app.tab == Tab::Tiers {
        options.tier = app
            .plan
            .gpu_tiers
            .get(app.cursor().row)
            .map(|t| t.id.clone());
    }
    // A config.json is the architecture of the model selected.
    if app.tab == Tab::Models {
        options.model = app
            .plan
            .models
            .get(app.cursor().row)
            .map(|m| m.name.clone());
    }
    // Traffic from a usage log goes into the scenario selected.
    if app.tab == Tab::Scenarios {
        options.scenario = app
            .plan
            .scenarios
            .get(app.cursor().row)
            .map(|s| s.name.clone());
    }
    let input = Input {
        name: path.display().to_string(),
        text,
    };
    let outcome = import::import(
        Format::Auto,
        std::slice::from_ref(&input),
        &app.plan,
        &options,
    )?;
    Ok((outcome, input, options))
}
