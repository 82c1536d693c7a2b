//! What this run's recovery copy should hold (see `store::recovery`): the
//! decision is the app's, pure; the terminal writes and removes the files.

use super::{App, EditTarget, Mode};
use crate::plan::Plan;
use crate::store::plan_file;
use std::borrow::Cow;
use std::path::PathBuf;

/// What keeping the recovery copy needs now.
#[derive(Debug)]
pub enum Due<'a> {
    /// The copy holds what there is to keep (or there is none to keep).
    Nothing,
    /// Nothing is unsaved: this run's copy, and the one it restored, go.
    Forget,
    /// The copy is behind: write this plan (and the text typed but not
    /// entered), then call `App::recovery_written` with `state`.
    Write {
        plan: Box<Cow<'a, Plan>>,
        typed: Option<String>,
        state: u64,
    },
}

impl App {
    /// What the recovery copy needs, from the unsaved changes and any text
    /// being typed into a cell.
    pub fn recovery_due(&self) -> Due<'_> {
        let unfinished = unfinished_edit(self);
        // Text typed into a cell is worth keeping on its own, once it says
        // something other than what the cell holds.
        let typing = match &unfinished {
            Some(Ok(plan)) => *plan != self.plan,
            Some(Err(text)) => !text.trim().is_empty(),
            None => false,
        };
        if !self.is_modified() && !typing {
            let kept = self.recovery.file.is_some() || self.recovery.adopted.is_some();
            return if kept { Due::Forget } else { Due::Nothing };
        }
        let (plan, typed) = match unfinished {
            Some(Ok(plan)) => (Cow::Owned(plan), None),
            Some(Err(text)) => (Cow::Borrowed(&self.plan), Some(text)),
            None => (Cow::Borrowed(&self.plan), None),
        };
        // What is typed, entered or not, is part of what the copy holds.
        let text = match &self.mode {
            Mode::Editing(editor) => Some(editor.input.value()),
            _ => None,
        };
        let state = plan_file::fingerprint(&format!("{:?}{text:?}", self.history.version()));
        if self.recovery.kept == Some(state) {
            return Due::Nothing;
        }
        Due::Write {
            plan: Box::new(plan),
            typed,
            state,
        }
    }

    /// The copy now holds `state` in `file`; returns the copy restored from
    /// an earlier run, which is no longer needed.
    pub fn recovery_written(&mut self, file: PathBuf, state: u64) -> Option<PathBuf> {
        self.recovery.file = Some(file);
        self.recovery.kept = Some(state);
        self.recovery.adopted.take()
    }

    /// The copies to remove once the changes were saved, undone or knowingly
    /// discarded: this run's and the one it restored.
    pub fn recovery_to_forget(&mut self) -> Vec<PathBuf> {
        self.recovery.kept = None;
        [self.recovery.file.take(), self.recovery.adopted.take()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Text being typed into a cell: the plan with it entered, when it is a
/// value the cell takes; else the text itself.
fn unfinished_edit(app: &App) -> Option<Result<Plan, String>> {
    let Mode::Editing(editor) = &app.mode else {
        return None;
    };
    let text = editor.input.value();
    let mut plan = app.plan.clone();
    let entered = match editor.target {
        EditTarget::Cell => {
            let table = app.tab.table()?;
            let row = app.cursor().row;
            crate::columns::of(table)
                .get(app.cursor().col)
                .is_some_and(|c| c.apply(&mut plan, row, text).is_ok())
                && crate::engine::validate_row(&plan, table, row).is_empty()
        }
        EditTarget::Setting(field) => {
            crate::columns::settings::FIELDS
                .get(field)
                .is_some_and(|c| c.apply(&mut plan, 0, text).is_ok())
                && crate::engine::validate_settings(&plan).is_empty()
        }
    };
    Some(if entered {
        Ok(plan)
    } else {
        Err(text.to_string())
    })
}
