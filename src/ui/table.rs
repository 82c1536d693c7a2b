//! The table of a tab: only the rows in view are built, and only the columns
//! that can be in view are formatted; the first column stays put while the
//! others scroll sideways to keep the selection in view.

use super::text::{cut_middle, fill, pad, put, titled_box, truncate};
use super::theme::Theme;
use crate::app::cells::Col;
use crate::app::{App, Mode};
use crate::engine::Verdict;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use std::ops::Range;

/// Gutter before each row: the selection marker.
const GUTTER: u16 = 2;
/// Space between columns.
const GAP: u16 = 2;
/// Columns after the first that the first shrinks to keep in view.
const KEPT_IN_VIEW: usize = 7;
/// Wider columns (notes) show what fits; they count as this wide.
const ANSWER_CAP: u16 = 16;
/// The first column never shrinks below this for them.
const NAME_READABLE: u16 = 16;

/// The formatted cells of the rows in view, one column at a time, on demand.
struct Cells<'a> {
    app: &'a App,
    columns: &'static [Col],
    rows: Range<usize>,
    texts: Vec<Option<Vec<String>>>,
}

impl Cells<'_> {
    fn column(&mut self, c: usize) -> &[String] {
        let (app, col, rows) = (self.app, self.columns[c], self.rows.clone());
        self.texts[c].get_or_insert_with(|| {
            rows.map(|r| col.display(&app.plan, &app.results, r))
                .collect()
        })
    }

    /// Widest cell or heading, within the column's bounds.
    fn width(&mut self, c: usize) -> u16 {
        let (min, max) = self.columns[c].widths();
        let title = self.columns[c].title().chars().count();
        let content = self
            .column(c)
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0);
        (content.max(title) as u16).clamp(min, max.max(min))
    }
}

/// Draws the current tab's table into `area` (borders included).
pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let tab = app.tab;
    let rows = tab.rows(&app.plan);
    let cur = app.cursor();
    let title = format!(
        " {} · {} of {} ",
        tab.title(),
        if rows == 0 { 0 } else { cur.row + 1 },
        rows
    );
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    if inner.height == 0 || inner.width == 0 {
        return;
    }

    let columns = tab.columns();
    let visible = cur.offset..(cur.offset + usize::from(inner.height.saturating_sub(1))).min(rows);
    let mut cells = Cells {
        app,
        columns,
        rows: visible.clone(),
        texts: vec![None; columns.len()],
    };
    let room = inner.width.saturating_sub(GUTTER);
    let (shown, widths) = layout_columns(&mut cells, cur.col, room);

    let buf = frame.buffer_mut();
    let mut x = inner.x + GUTTER;
    for (i, &c) in shown.iter().enumerate() {
        put_aligned(
            buf,
            x,
            inner.y,
            columns[c].title(),
            widths[i],
            columns[c].right_aligned(),
            theme.heading(),
        );
        x += widths[i] + GAP;
    }
    if shown.get(1).is_some_and(|c| *c > 1) {
        put(buf, inner.x, inner.y, "…", 1, theme.dim());
    }

    if rows == 0 {
        let hint = format!(
            "No {} yet — press a to add one.",
            tab.title().to_lowercase()
        );
        put(buf, inner.x, inner.y + 1, &hint, inner.width, theme.dim());
        return;
    }

    let editing = match &app.mode {
        Mode::Editing(e) => Some(e),
        _ => None,
    };
    let include = app.plan.settings.include_overheads;
    let mut cursor = None;
    for (k, row) in visible.enumerate() {
        let y = inner.y + 1 + k as u16;
        let selected = row == cur.row;
        let row_style = if selected {
            theme.selected_row()
        } else {
            Style::new()
        };
        // Unselected rows sit on the freshly reset buffer; only the
        // selection's background needs painting across the gaps.
        if selected {
            fill(buf, inner.x, y, ' ', inner.width, row_style);
        }
        put(
            buf,
            inner.x,
            y,
            if selected { "▶" } else { " " },
            1,
            row_style,
        );
        let mut x = inner.x + GUTTER;
        for (i, &c) in shown.iter().enumerate() {
            let col = columns[c];
            let width = widths[i];
            let is_cell = selected && c == cur.col;
            match (is_cell, editing) {
                (true, Some(editor)) => {
                    let scroll = editor
                        .input
                        .visual_scroll(usize::from(width.saturating_sub(1)));
                    let value: String = editor.input.value().chars().skip(scroll).collect();
                    put(
                        buf,
                        x,
                        y,
                        &pad(&value, usize::from(width), false),
                        width,
                        theme.selected_cell(),
                    );
                    cursor = Some(Position::new(
                        x + (editor.input.visual_cursor().saturating_sub(scroll)) as u16,
                        y,
                    ));
                }
                _ => {
                    let text = &cells.texts[c].as_ref().map_or("", |t| t[k].as_str());
                    let base = if is_cell {
                        theme.selected_cell()
                    } else {
                        row_style
                    };
                    let verdict = (col == Col::ScVerdict)
                        .then(|| app.results.scenarios[row].headline(include).verdict);
                    let style = base.patch(cell_style(text, verdict, theme));
                    let right = col.right_aligned();
                    if c == 0 && text.chars().count() > usize::from(width) {
                        let text = cut_middle(text, usize::from(width));
                        put_aligned(buf, x, y, &text, width, right, style);
                    } else {
                        put_aligned(buf, x, y, text, width, right, style);
                    }
                }
            }
            x += width + GAP;
        }
    }
    if let Some(p) = cursor.filter(|p| p.x < inner.right()) {
        frame.set_cursor_position(p);
    }
}

/// Verdicts in their colour; inherited values `(…)` dimmed.
fn cell_style(text: &str, verdict: Option<Verdict>, theme: &Theme) -> Style {
    match verdict {
        Some(v) => theme.verdict(v),
        None if text.starts_with('(') => theme.dim(),
        None => Style::new(),
    }
}

/// Which columns to show and how wide: the first, then a run of the others
/// that holds the selected one; the first gives way (down to a readable
/// width) so that as many as possible of the columns after it stay in view.
fn layout_columns(cells: &mut Cells, selected: usize, room: u16) -> (Vec<usize>, Vec<u16>) {
    let n = cells.columns.len();
    let mut first = cells.width(0);
    for k in (1..=KEPT_IN_VIEW.min(n - 1)).rev() {
        let answer: u16 = (1..=k)
            .map(|c| cells.width(c).min(ANSWER_CAP) + GAP)
            .sum::<u16>()
            + GAP;
        let left = room.saturating_sub(answer);
        if left >= first || left >= NAME_READABLE {
            first = first.min(left);
            break;
        }
    }
    let mut start = 1;
    loop {
        let mut shown = vec![0];
        let mut widths = vec![first];
        let mut used = first + GAP;
        let mut c = start;
        while c < n {
            let w = cells.width(c);
            if used + w > room {
                break;
            }
            used += w + GAP;
            shown.push(c);
            widths.push(w);
            c += 1;
        }
        if selected == 0 || shown.contains(&selected) || start + 1 >= n {
            // A wide column that does not fit whole (a note) shows what fits.
            if c < n && room.saturating_sub(used) >= cells.columns[c].widths().0 {
                shown.push(c);
                widths.push(room - used);
            }
            return (shown, widths);
        }
        start += 1;
    }
}

/// Writes a cell's text within its width, right-aligned for numbers, cut
/// with `…` when too long. Only styled cells (the selection) paint their
/// padding: the rest of the row is already blank.
fn put_aligned(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    width: u16,
    right: bool,
    style: Style,
) {
    let len = text.chars().count();
    if len > usize::from(width) {
        put(buf, x, y, &truncate(text, usize::from(width)), width, style);
        return;
    }
    let len = len as u16;
    let offset = if right { width - len } else { 0 };
    put(buf, x + offset, y, text, width - offset, style);
    if style != Style::new() {
        for cx in (x..x + offset).chain(x + offset + len..x + width) {
            put(buf, cx, y, " ", 1, style);
        }
    }
}
