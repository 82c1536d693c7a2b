//! `update(app, action)`: the one place the planner's state changes and the
//! engine runs. Every dependent figure is recomputed before it returns, so the
//! next frame drawn shows them all.

use super::history::{Change, Row};
use super::{
    Action, App, CellEditor, Comparing, EditTarget, Mode, OnDisk, PathFor, PickFor, Picker, Status,
    Tab, Then,
};
use crate::columns::{self, Edit};
use crate::compare::{self, PlanDiff};
use crate::engine::{Touched, refresh};
use crate::plan::{AppliesTo, GpuTier, Model, Overhead, Plan, Scenario, Source, Table};
use crate::tui::layout;
use std::path::{Path, PathBuf};

mod files;
mod import;
mod rows;
mod solve;
mod view;

use super::effect::{Effect, LoadFor};
use super::popups::Popup;
use super::popups::help::Help;
use super::popups::unsaved::Unsaved;
use files::{compare_dialog, open_dialog, refresh_comparison};
// What the popups' own modules do with their keys.
pub(in crate::tui::app) use files::{
    compare_with, load_plan, open, save, save_as, save_over, suggest_path,
};
use rows::{add_row, delete_row, duplicate_row};
pub(in crate::tui::app) use solve::apply as solve_apply;

/// Carries out one action; returns what it asks of the world outside (files
/// to read or write, the clock), for the terminal to carry out and hand
/// back as `Action::Done`. It touches no file itself.
#[must_use = "the effects are what the action asks of the files: carry them out (tui::terminal::step)"]
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(w, h) => {
            app.size = (w, h);
            scroll_into_view(app);
        }
        Action::Done(done) => files::done(app, *done),
        Action::CompareFile(path) => compare_with(
            app,
            path,
            LoadFor::Compare {
                said: None,
                typed: None,
            },
        ),
        action => dispatch(app, action),
    }
    refresh_insight(app);
    std::mem::take(&mut app.effects)
}

/// Works out the tornado or timeline the Scenarios tab shows, when the
/// scenario, the chart or the results changed since it last was.
fn refresh_insight(app: &mut App) {
    use crate::output::charts::Kind;
    let shown = app.tab == Tab::Scenarios && !app.explain && app.chart != Kind::Cost;
    if !shown {
        return;
    }
    let row = app.cursor_of(Tab::Scenarios).row;
    let key = (row, app.chart, app.generation);
    if app.insight.key == Some(key) {
        return;
    }
    let (plan, results) = (&app.plan, &app.results);
    app.insight = super::Insight {
        key: Some(key),
        tornado: (app.chart == Kind::Tornado)
            .then(|| {
                use crate::analysis::sensitivity::{SWING, Swing, tornado};
                tornado(plan, results, row, Swing::by(SWING))
            })
            .flatten(),
        timeline: (app.chart == Kind::Timeline)
            .then(|| {
                let s = &plan.settings;
                crate::analysis::insight::timeline(
                    plan,
                    results,
                    row,
                    s.horizon_months,
                    s.migration,
                )
            })
            .flatten(),
    };
}

fn dispatch(app: &mut App, action: Action) {
    match std::mem::take(&mut app.mode) {
        Mode::Normal => normal(app, action),
        Mode::Editing(editor) => editing(app, editor, action),
        Mode::Filter(editor) => view::filter_prompt(app, editor, action),
        Mode::Popup(popup) => popup.update(app, action),
    }
}

fn normal(app: &mut App, action: Action) {
    match action {
        Action::Quit => {
            if app.is_modified() {
                app.mode = Mode::Popup(Popup::Unsaved(Unsaved { then: Then::Quit }));
            } else {
                app.should_quit = true;
            }
        }
        Action::ToggleHelp => app.mode = Mode::Popup(Popup::Help(Help::default())),
        Action::NextTab => select_tab(app, app.tab.next()),
        Action::PrevTab => select_tab(app, app.tab.prev()),
        Action::SelectTab(tab) => select_tab(app, tab),
        Action::MoveRows(n) => move_rows(app, n as i64),
        Action::Page(n) => move_rows(app, n as i64 * view::page_rows(app)),
        Action::Home => move_rows(app, i64::MIN / 2),
        Action::End => move_rows(app, i64::MAX / 2),
        Action::SelectRow(row) => select_cell(app, row, None),
        Action::SelectCell(row, col) => select_cell(app, row, Some(col)),
        Action::MoveColumns(n) => {
            let last = (app.tab.columns().len() as i64 - 1).max(0);
            let c = app.cursor_mut();
            c.col = (c.col as i64 + n as i64).clamp(0, last) as usize;
        }
        Action::NextInput | Action::PrevInput | Action::FirstColumn | Action::LastColumn => {
            jump_column(app, &action)
        }
        Action::Edit | Action::DuplicateRow | Action::DeleteRow
            if app.view().place(app.cursor().row).is_none() =>
        {
            error(app, "no row in view: / then Esc clears the filter")
        }
        Action::Edit | Action::AddRow | Action::DuplicateRow | Action::DeleteRow => {
            match app.tab.table() {
                Some(table) => edit_table(app, table, action),
                None => error(
                    app,
                    format!(
                        "nothing to edit on the {} tab — edit the plan on tabs 1–4; its figures move here as you do",
                        app.tab.title()
                    ),
                ),
            }
        }
        Action::Undo => undo(app),
        Action::Redo => redo(app),
        Action::Save => save_or_ask(app),
        Action::SaveAs => {
            let current = app
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            app.mode = Mode::path(PathFor::SaveAs, editor_with(&current));
        }
        Action::Open => open_dialog(app),
        Action::CompareWith => compare_dialog(app),
        Action::ToggleExplain => {
            app.explain = !app.explain;
            if app.explain {
                select_tab(app, Tab::Scenarios);
            }
        }
        Action::NextChart => view::next_chart(app),
        Action::OpenSettings => super::popups::settings::open(app),
        Action::Filter => view::start_filter(app),
        Action::GoalSeek => solve::start(app),
        Action::Sort => view::cycle_sort(app),
        Action::Import => import::start(app),
        Action::ScrollExplain(n) => scroll_explain(app, n),
        Action::ToggleDeployment => change_settings(app, |s| s.deployment = s.deployment.toggled()),
        Action::CycleEstimate => change_settings(app, |s| s.estimate = s.estimate.next()),
        Action::ToggleOverheads => {
            change_settings(app, |s| s.include_overheads = !s.include_overheads)
        }
        _ => {}
    }
}

/// Ctrl-s: saves to the plan's file, or asks where for a plan without one
/// (the library unless told otherwise).
fn save_or_ask(app: &mut App) {
    if app.path.is_some() {
        save(app, None);
    } else {
        suggest_path(app, PathFor::SaveAs);
    }
}

/// Scrolls the explanation of the selected scenario, opening it if need be;
/// the view stops at its last line.
fn scroll_explain(app: &mut App, n: i32) {
    if !app.explain {
        app.explain = true;
        select_tab(app, Tab::Scenarios);
    }
    let row = app.cursor_of(Tab::Scenarios).row;
    let (at, offset) = app.explain_scroll;
    let from = if at == row { offset } else { 0 };
    let areas = layout::areas_for_size(app.size, Tab::Scenarios, app.plan.scenarios.len());
    let (width, rows) = layout::explain_text(areas.detail);
    let lines = crate::analysis::explain::screen_lines(&app.plan, &app.results, row, width).len();
    let most = crate::analysis::explain::max_scroll(lines, rows);
    app.explain_scroll = (
        row,
        (from as i64 + i64::from(n)).clamp(0, most as i64) as usize,
    );
}

/// Editing a cell or a row of the table in view.
fn edit_table(app: &mut App, table: Table, action: Action) {
    match action {
        Action::Edit => start_edit(app, table),
        Action::AddRow => add_row(app, table),
        Action::DuplicateRow => duplicate_row(app, table),
        Action::DeleteRow => delete_row(app, table),
        _ => {}
    }
}

fn editing(app: &mut App, mut editor: CellEditor, action: Action) {
    match action {
        Action::Input(_) | Action::Paste(_) => {
            type_into(app, &mut editor, action);
            app.mode = Mode::Editing(editor);
        }
        Action::Confirm => {
            let text = editor.input.value().to_string();
            let done = match editor.target {
                EditTarget::Cell => commit_cell(app, &text),
                EditTarget::Setting(field) => super::popups::settings::commit(app, field, &text),
            };
            if let Err(message) = done {
                editor.error = Some(message.clone());
                error(app, message);
                app.mode = Mode::Editing(editor);
            }
        }
        Action::Cancel => {
            info(app, "edit cancelled");
            super::popups::settings::back_to_popup(app, editor.target);
        }
        _ => app.mode = Mode::Editing(editor),
    }
}

/// Typing or pasting into a text field; says so when text did not fit.
pub(in crate::tui::app) fn type_into(app: &mut App, editor: &mut CellEditor, action: Action) {
    let max = CellEditor::MAX_CHARS;
    match action {
        Action::Input(request) if !editor.handle(request) => {
            error(app, format!("a field holds at most {max} characters"));
        }
        Action::Paste(text) => {
            let dropped = editor.paste(&text);
            if dropped > 0 {
                error(
                    app,
                    format!(
                        "pasted text cut: a field holds at most {max} characters ({dropped} left out)"
                    ),
                );
            }
        }
        _ => {}
    }
}

/// Adds where a typed name was found to the status, when it could have
/// meant a file here or a plan in the library.
pub(super) fn say_where(app: &mut App, note: Option<String>) {
    if let Some(note) = note {
        app.status.text = format!("{} ({note})", app.status.text);
    }
}

/// Where a typed save path goes: `.toml` added when it has no extension,
/// and a bare name (no folder) into the plan library, as Ctrl-s does for a
/// plan without a file. `./name` saves here.
pub(in crate::tui::app) fn save_target(app: &App, typed: &Path) -> PathBuf {
    let mut path = typed.to_path_buf();
    if path.extension().is_none() {
        path.set_extension("toml");
    }
    let bare = path.parent().is_none_or(|p| p.as_os_str().is_empty());
    match (&app.library, bare) {
        (Some(library), true) => library.join(path),
        _ => path,
    }
}

/// Quits or opens, once unsaved changes are saved or knowingly dropped.
pub(in crate::tui::app) fn go_on(app: &mut App, then: Then) {
    match then {
        Then::Quit => app.should_quit = true,
        Then::Open(path) => load_plan(app, path),
    }
}

// ----- selection ---------------------------------------------------------------

fn select_tab(app: &mut App, tab: Tab) {
    app.tab = tab;
    clamp_cursor(app);
    scroll_into_view(app);
}

fn move_rows(app: &mut App, n: i64) {
    if app.tab.table().is_none() {
        // No rows to select: the keys scroll the view. The comparison stops
        // at its last line; this bound only keeps the number sane.
        let lines = app
            .compare
            .as_ref()
            .map_or(0, |c| 2 * c.diff.scenarios.len() + c.diff.inputs.len() + 16);
        let c = app.cursor_mut();
        c.offset = (c.offset as i64).saturating_add(n).clamp(0, lines as i64) as usize;
        return;
    }
    view::move_rows(app, n);
}

/// Selects the row at a place in view (and a column), if there is one.
fn select_cell(app: &mut App, place: usize, col: Option<usize>) {
    let (rows, columns) = (app.rows_in_view(), app.tab.columns().len());
    if place < rows {
        app.cursor_mut().row = app.view().at(place);
        if let Some(col) = col.filter(|c| *c < columns) {
            app.cursor_mut().col = col;
        }
        scroll_into_view(app);
    }
}

/// To the next or previous input column, or the first or last column.
fn jump_column(app: &mut App, action: &Action) {
    let columns = app.tab.columns();
    let Some(last) = columns.len().checked_sub(1) else {
        return;
    };
    let at = app.cursor().col;
    let to = match action {
        Action::NextInput => (at + 1..=last).find(|&i| columns[i].is_input()),
        Action::PrevInput => (0..at).rev().find(|&i| columns[i].is_input()),
        Action::FirstColumn => Some(0),
        Action::LastColumn => Some(last),
        _ => None,
    };
    if let Some(col) = to {
        app.cursor_mut().col = col;
    }
}

fn clamp_cursor(app: &mut App) {
    let rows = app.tab.rows(&app.plan);
    let c = app.cursor_mut();
    c.row = c.row.min(rows.saturating_sub(1));
}

/// Keeps the selected row inside the visible part of the table.
fn scroll_into_view(app: &mut App) {
    // A view without a table has no rows; its offset is how far it is scrolled.
    if app.tab.table().is_none() {
        return;
    }
    let rows = app.rows_in_view();
    let height = layout::areas_for_size(app.size, app.tab, rows)
        .table_rows()
        .max(1);
    // The offset counts places in view, not plan rows.
    let Some(place) = app.view().place(app.cursor().row) else {
        return;
    };
    let c = app.cursor_mut();
    if place < c.offset {
        c.offset = place;
    } else if place >= c.offset + height {
        c.offset = place + 1 - height;
    }
    c.offset = c.offset.min(rows.saturating_sub(height));
}

// ----- editing -------------------------------------------------------------------

pub(in crate::tui::app) fn editor_with(text: &str) -> CellEditor {
    CellEditor::on(text)
}

fn start_edit(app: &mut App, table: Table) {
    let cur = app.cursor();
    if table.len(&app.plan) == 0 {
        return error(
            app,
            format!("no rows yet — press a to add one to {}", table.title()),
        );
    }
    let col = &columns::of(table)[cur.col];
    match col.edit {
        // A scenario's figure: say why it is what it is.
        Edit::Computed if table == Table::Scenarios => {
            app.explain = true;
            info(
                app,
                format!(
                    "{} is computed from the plan: the panel below says why (x charts again); edit its inputs to change it",
                    col.title
                ),
            );
        }
        Edit::Computed => error(
            app,
            format!(
                "{} is computed from the plan; edit its inputs instead",
                col.title
            ),
        ),
        Edit::Typed { accepts, get, .. } => {
            info(app, format!("{}: {accepts}", col.title));
            app.mode = Mode::Editing(editor_with(&get(&app.plan, cur.row)));
        }
        Edit::Picked { options, get, .. } => {
            let options = options(&app.plan);
            let current = get(&app.plan, cur.row);
            let selected = options.iter().position(|(v, _)| *v == current).unwrap_or(0);
            app.mode = Mode::picking(Picker {
                options,
                selected,
                purpose: PickFor::Cell,
            });
        }
    }
}

/// Writes text into the selected cell, or says why not. The plan is left as it
/// was when the text does not parse or breaks one of the plan's rules.
pub(in crate::tui::app) fn commit_cell(app: &mut App, text: &str) -> Result<(), String> {
    let Some(table) = app.tab.table() else {
        return Err(format!("the {} tab has no cells", app.tab.title()));
    };
    let cur = app.cursor();
    let col = &columns::of(table)[cur.col];
    if col.edit.setter().is_none() {
        return Err(format!(
            "{} is computed from the plan; edit its inputs instead",
            col.title
        ));
    }
    let change = Change::cell(&mut app.plan, table, cur.row, cur.col, text.trim())?;
    if change.is_empty() {
        info(app, "unchanged");
        return Ok(());
    }
    record(app, change)?;
    info(app, format!("{} set — u undoes", col.title));
    Ok(())
}

/// Applies a change, checks the row it touched, records it, recomputes.
pub(in crate::tui::app) fn commit(app: &mut App, change: Change) -> Result<(), String> {
    change.apply(&mut app.plan);
    record(app, change)
}

/// Checks the row a change just applied touched, and records it and
/// recomputes; a change that breaks one of the plan's rules is undone and
/// refused.
pub(in crate::tui::app) fn record(app: &mut App, change: Change) -> Result<(), String> {
    let touched_row = match &change {
        Change::Remove { .. } | Change::Settings { .. } | Change::Replace { .. } => None,
        _ => change.target(),
    };
    let problem = match (&change, touched_row) {
        (Change::Setting { .. }, _) => crate::engine::validate_settings(&app.plan)
            .into_iter()
            .next(),
        (_, Some((table, row))) => crate::engine::validate_row(&app.plan, table, row)
            .into_iter()
            .next(),
        (_, None) => None,
    };
    if let Some(problem) = problem {
        change.inverse().apply(&mut app.plan);
        return Err(problem.message);
    }
    let touched = touched_by(&change);
    app.history.record(change);
    recompute(app, touched);
    Ok(())
}

/// What a change can move, for the engine's incremental refresh.
fn touched_by(change: &Change) -> Touched {
    match change {
        Change::Cell {
            table: Table::Scenarios,
            row,
            ..
        } => Touched::Scenario(*row),
        Change::Cell {
            table: Table::Models,
            row,
            ..
        } => Touched::Model(*row),
        _ => Touched::Everything,
    }
}

fn recompute(app: &mut App, touched: Touched) {
    app.generation += 1;
    app.note_modified(match touched {
        Touched::Scenario(row) => Some((Table::Scenarios, row)),
        Touched::Model(row) => Some((Table::Models, row)),
        Touched::Everything => None,
    });
    refresh(
        &app.plan,
        app.plan.settings.estimate,
        &mut app.results,
        touched,
    );
    refresh_comparison(app);
    for table in Table::ALL {
        let rows = table.len(&app.plan);
        let c = &mut app.cursors[Tab::of(table).index()];
        c.row = c.row.min(rows.saturating_sub(1));
        c.offset = c.offset.min(c.row);
    }
    view::sync(app, touched == Touched::Everything);
    scroll_into_view(app);
}

fn change_settings(app: &mut App, f: impl FnOnce(&mut crate::plan::Settings)) {
    let before = app.plan.settings.clone();
    let mut after = before.clone();
    f(&mut after);
    let s = &after;
    let message = format!(
        "deployment {} · estimate {} · overheads {}",
        s.deployment,
        s.estimate,
        if s.include_overheads {
            "counted"
        } else {
            "not counted"
        }
    );
    if commit(app, Change::Settings { before, after }).is_ok() {
        info(app, message);
    }
}

// ----- undo ------------------------------------------------------------------------

fn undo(app: &mut App) {
    match app.history.take_undo() {
        Some(change) => {
            change.inverse().apply(&mut app.plan);
            after_history_step(app, &change, "undid");
        }
        None => info(app, "nothing to undo"),
    }
}

fn redo(app: &mut App) {
    match app.history.take_redo() {
        Some(change) => {
            change.apply(&mut app.plan);
            after_history_step(app, &change, "redid");
        }
        None => info(app, "nothing to redo"),
    }
}

fn after_history_step(app: &mut App, change: &Change, verb: &str) {
    if let Some((table, row)) = change.target() {
        // A view without a table (Compare) stays in view: undo is watched
        // there; the change's table still gets its selection.
        if app.tab.table().is_some() {
            app.tab = Tab::of(table);
        }
        let c = &mut app.cursors[Tab::of(table).index()];
        c.row = row;
        if let Change::Cell { col, .. } = change {
            c.col = *col;
        }
    }
    recompute(app, touched_by(change));
    let what = match change {
        Change::Cell { table, col, .. } => {
            let title = columns::of(*table).get(*col).map_or("cell", |c| c.title);
            format!("{title} edit")
        }
        Change::Insert { row, .. } => format!("adding \"{}\"", row.name()),
        Change::Remove { row, .. } => format!("deleting \"{}\"", row.name()),
        Change::Setting { field, .. } => {
            let title = columns::settings::FIELDS
                .get(*field)
                .map_or("setting", |c| c.title);
            format!("{title} edit")
        }
        Change::Settings { .. } => "switch change".to_string(),
        Change::Replace { what, .. } => what.clone(),
    };
    info(app, format!("{verb} {what}"));
}

// ----- status ----------------------------------------------------------------------

pub(in crate::tui::app) fn info(app: &mut App, text: impl Into<String>) {
    app.status = Status {
        text: text.into(),
        is_error: false,
    };
}

pub(in crate::tui::app) fn error(app: &mut App, text: impl Into<String>) {
    app.status = Status {
        text: text.into(),
        is_error: true,
    };
}
