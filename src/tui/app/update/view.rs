//! Filtering and sorting the table in view, and moving through its rows in
//! the view's order.

use super::{CellEditor, error, info, type_into};
use crate::tui::app::view::Sort;
use crate::tui::app::{Action, App, Mode};
use crate::tui::layout;

/// `/`: the filter prompt, holding the current filter.
pub(super) fn start_filter(app: &mut App) {
    if app.tab.table().is_none() {
        return error(app, "nothing to filter on this tab");
    }
    let current = app.view().filter.clone();
    app.mode = Mode::Filter(super::editor_with(&current));
}

/// Typing into the filter: the rows follow each key. Enter keeps the
/// filter, Esc clears it.
pub(super) fn filter_prompt(app: &mut App, mut editor: CellEditor, action: Action) {
    match action {
        Action::Input(_) | Action::Paste(_) => {
            type_into(app, &mut editor, action);
            set_filter(app, editor.input.value().to_string());
            app.mode = Mode::Filter(editor);
        }
        Action::Confirm => {
            let (shown, total) = (app.rows_in_view(), app.tab.rows(&app.plan));
            if app.view().filter.is_empty() {
                info(app, "no filter: every row is in view");
            } else {
                info(
                    app,
                    format!(
                        "{shown} of {total} rows match — / changes the filter, / then Esc clears it"
                    ),
                );
            }
        }
        Action::Cancel => {
            set_filter(app, String::new());
            info(app, "filter cleared");
        }
        _ => app.mode = Mode::Filter(editor),
    }
}

fn set_filter(app: &mut App, filter: String) {
    let i = app.tab.index();
    app.views[i].filter = filter;
    rebuild(app);
}

/// `s`: sorts by the selected column, ascending, then descending, then off.
pub(super) fn cycle_sort(app: &mut App) {
    let Some(table) = app.tab.table() else {
        return;
    };
    let col = app.cursor().col;
    let title = crate::columns::of(table)[col].title;
    let i = app.tab.index();
    let next = match app.views[i].sort {
        Some(Sort {
            col: c,
            descending: false,
        }) if c == col => Some(Sort {
            col,
            descending: true,
        }),
        Some(Sort {
            col: c,
            descending: true,
        }) if c == col => None,
        _ => Some(Sort {
            col,
            descending: false,
        }),
    };
    app.views[i].sort = next;
    rebuild(app);
    let message = match next {
        Some(Sort {
            descending: false, ..
        }) => format!("sorted by {title}, lowest first — s again: highest first"),
        Some(Sort {
            descending: true, ..
        }) => format!("sorted by {title}, highest first — s again: plan order"),
        None => "in plan order".to_string(),
    };
    info(app, message);
}

/// Makes the tab's view again, keeping the selected row if it still
/// matches, else selecting the first row in view.
pub(super) fn rebuild(app: &mut App) {
    let Some(table) = app.tab.table() else {
        return;
    };
    let i = app.tab.index();
    let selected = app.cursors[i].row;
    app.views[i].rebuild(&app.plan, &app.results, table, None, app.generation);
    if app.views[i].place(selected).is_none() && app.rows_in_view() > 0 {
        app.cursors[i].row = app.views[i].at(0);
    }
    app.cursors[i].offset = 0;
    super::scroll_into_view(app);
}

/// After the plan changed: views whose table gained or lost rows are made
/// again, keeping each tab's selected row in view (a row just added shows
/// even if the filter would hide it).
pub(super) fn sync(app: &mut App, everything: bool) {
    let generation = app.generation;
    for tab in crate::tui::tab::Tab::ALL {
        let Some(table) = tab.table() else { continue };
        let i = tab.index();
        let total = table.len(&app.plan);
        let view = &mut app.views[i];
        if view.is_active() && (everything || view.is_stale(total)) {
            let keep = Some(app.cursors[i].row).filter(|r| *r < total);
            view.rebuild(&app.plan, &app.results, table, keep, generation);
        }
    }
}

/// Puts the selected row in view if a filter hides it (a row just added
/// under a filter shows; the next change of filter decides again).
pub(super) fn keep_selected(app: &mut App) {
    let (Some(table), i) = (app.tab.table(), app.tab.index()) else {
        return;
    };
    let row = app.cursors[i].row;
    if app.views[i].is_active() && app.views[i].place(row).is_none() {
        app.views[i].rebuild(&app.plan, &app.results, table, Some(row), app.generation);
    }
}

/// Moves the selection `n` rows through the view's order.
pub(super) fn move_rows(app: &mut App, n: i64) {
    let len = app.rows_in_view();
    if len == 0 {
        return;
    }
    let place = app.view().place(app.cursor().row).unwrap_or(0) as i64;
    let to = place.saturating_add(n).clamp(0, len as i64 - 1) as usize;
    let row = app.view().at(to);
    app.cursor_mut().row = row;
    super::scroll_into_view(app);
}

/// Rows a page holds on the tab in view.
pub(super) fn page_rows(app: &App) -> i64 {
    layout::areas_for_size(app.size, app.tab, app.rows_in_view())
        .table_rows()
        .max(1) as i64
}

/// `v`: the Scenarios tab's next chart (cost, tornado, timeline), shown
/// in place of the explanation.
pub(super) fn next_chart(app: &mut App) {
    app.chart = app.chart.next();
    app.explain = false;
    super::select_tab(app, crate::tui::tab::Tab::Scenarios);
}
