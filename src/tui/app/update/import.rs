//! Importing from the planner: a file path, the import read and checked in
//! full, its summary shown, and only on `a` the plan replaced (one undo step).

use super::{commit, editor_with, error, info};
use crate::base::date::Date;
use crate::import::{self, Format, Input, Options};
use crate::tui::app::history::Change;
use crate::tui::app::{Action, App, Mode, PathFor, Tab};
use std::path::Path;

/// `I`: asks for the file.
pub(super) fn start(app: &mut App) {
    app.mode = Mode::Path(PathFor::Import, editor_with(""));
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
        Ok(outcome) => app.mode = Mode::Import(Box::new(outcome), 0),
        Err(e) => {
            // Keep the prompt, so a mistyped path can be fixed.
            error(app, e.clone());
            let mut editor = editor_with(&typed);
            editor.error = Some(e);
            app.mode = Mode::Path(PathFor::Import, editor);
        }
    }
}

fn imported(
    app: &App,
    path: &Path,
    text: Result<String, String>,
    today: Date,
    file_date: Option<Date>,
) -> Result<import::Outcome, String> {
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
    let input = Input {
        name: path.display().to_string(),
        text,
    };
    import::import(Format::Auto, &[input], &app.plan, &options)
}

/// The summary's keys: apply, scroll, cancel.
pub(super) fn review(app: &mut App, outcome: Box<import::Outcome>, scroll: usize, action: Action) {
    let lines = outcome.summary.lines().len();
    match action {
        Action::ApplyImport if !outcome.summary.changes_anything() => info(
            app,
            "nothing to apply: the plan already holds these figures",
        ),
        Action::ApplyImport => {
            let (changed, added) = (outcome.summary.changed.len(), outcome.summary.added.len());
            let what = format!("the import of {}", outcome.summary.sources.join(", "));
            let change = Change::Replace {
                before: Box::new(app.plan.clone()),
                after: Box::new(outcome.plan),
                what,
            };
            match commit(app, change) {
                Ok(()) => info(
                    app,
                    format!("imported: {changed} changed, {added} added — u undoes it all"),
                ),
                Err(e) => error(app, format!("the import was not applied: {e}")),
            }
        }
        Action::MoveRows(n) => {
            let to = (scroll as i64 + i64::from(n)).clamp(0, lines.saturating_sub(1) as i64);
            app.mode = Mode::Import(outcome, to as usize);
        }
        Action::Cancel => info(app, "import cancelled: nothing changed"),
        _ => app.mode = Mode::Import(outcome, scroll),
    }
}
