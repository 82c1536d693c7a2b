//! The table of a tab: only the rows in view are built, and only the columns
//! that can be in view are formatted; the first column stays put while the
//! others scroll sideways to keep the selection in view.

use crate::columns::{Align, Column, Form, Mark, Value};
use crate::engine::Verdict;
use crate::tui::app::{App, CellEditor, Cursor, EditTarget, Mode};
use crate::tui::widgets::text::{cut_middle, fill, pad, put, titled_box, truncate};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use std::ops::Range;

/// Gutter before each row: the selection marker.
const GUTTER: u16 = 2;
/// Kept free at the right for the mark that more columns follow, and a space.
const MARKER: u16 = 2;
/// Space between columns.
const GAP: u16 = 2;
/// Columns after the first that the first shrinks to keep in view.
const KEPT_IN_VIEW: usize = 6;
/// Wider columns (notes) show what fits; they count as this wide.
const ANSWER_CAP: u16 = 16;
/// The first column never shrinks below this for them.
const NAME_READABLE: u16 = 16;
/// Columns after the first that answer the table's question; their figures
/// turn compact before any of them leaves the screen.
const ANSWER: usize = 5;

/// How a formatted cell is styled.
#[derive(Debug, Clone, Copy)]
enum Look {
    Plain,
    /// Inherited values, in parentheses.
    Dim,
    Verdict(Verdict),
    /// An explicit 0 cost: honoured, but flagged.
    Warn,
}

/// One formatted cell: where its text is in `Cells::text`, and its width.
#[derive(Debug, Clone)]
struct Formatted {
    bytes: Range<usize>,
    chars: u16,
    look: Look,
}

/// The formatted cells of the rows in view, one column at a time, on
/// demand, all in one buffer: a frame formats hundreds of cells.
struct Cells<'a> {
    app: &'a App,
    columns: &'static [Column],
    /// The plan rows in view, top to bottom.
    rows: Vec<usize>,
    text: String,
    formatted: Vec<Option<Vec<Formatted>>>,
    forms: Vec<Form>,
}

impl<'a> Cells<'a> {
    fn new(app: &'a App, columns: &'static [Column], rows: Vec<usize>) -> Self {
        Self {
            app,
            columns,
            rows,
            text: String::with_capacity(4096),
            formatted: vec![None; columns.len()],
            forms: vec![Form::default(); columns.len()],
        }
    }

    /// The cells of column `c`, formatted on first use: to the cent
    /// throughout when any figure in view has cents.
    fn column(&mut self, c: usize) -> &[Formatted] {
        // Only a column of money with cents on some figures is written twice.
        if self.formatted[c].is_none() && self.format(c) {
            self.forms[c].cents = true;
            self.format(c);
        }
        self.formatted[c].as_deref().unwrap_or_default()
    }

    /// Writes column `c` in compact form; false when nothing in it compacts.
    fn compact(&mut self, c: usize) -> bool {
        if self.compact_width(c).is_none() {
            return false;
        }
        self.forms[c].compact = true;
        self.format(c);
        true
    }

    /// How wide column `c` would be written compact, if it is not yet and
    /// has figures that compact.
    fn compact_width(&self, c: usize) -> Option<u16> {
        let (app, column) = (self.app, &self.columns[c]);
        if self.forms[c].compact || column.align != Align::Right {
            return None;
        }
        let form = Form {
            compact: true,
            ..self.forms[c]
        };
        let mut text = String::new();
        let mut compacts = false;
        let widest = self.rows.iter().fold(0, |widest, &row| {
            let value = (column.value)(&app.plan, &app.results, row).value;
            compacts |= value.compacts();
            text.clear();
            value.write_as(&mut text, form);
            widest.max(text.chars().count())
        });
        let title = column.title.chars().count();
        compacts.then(|| widest.max(title) as u16)
    }

    /// Formats column `c` in its form; true when a figure has cents the
    /// form does not yet give every figure.
    fn format(&mut self, c: usize) -> bool {
        let (app, column, form) = (self.app, &self.columns[c], self.forms[c]);
        let mut cents = false;
        let cells = self
            .rows
            .iter()
            .map(|&row| {
                let cell = (column.value)(&app.plan, &app.results, row);
                cents |= !form.cents && cell.value.has_cents();
                let start = self.text.len();
                let inherited = cell.mark == Mark::Inherited;
                if inherited {
                    self.text.push('(');
                }
                cell.value.write_as(&mut self.text, form);
                if inherited {
                    self.text.push(')');
                }
                // The sign reports use too: `*` assumed, `~` stale, ` !` zero.
                if cell.mark == Mark::Zero {
                    self.text.push(' ');
                }
                self.text.push_str(cell.mark.sign());
                let look = match cell.value {
                    Value::Verdict(v) => Look::Verdict(v),
                    Value::Missing(_) => Look::Dim,
                    _ if inherited => Look::Dim,
                    _ if matches!(cell.mark, Mark::Zero | Mark::Stale) => Look::Warn,
                    _ => Look::Plain,
                };
                let chars = self.text[start..].chars().count();
                Formatted {
                    bytes: start..self.text.len(),
                    chars: u16::try_from(chars).unwrap_or(u16::MAX),
                    look,
                }
            })
            .collect();
        self.formatted[c] = Some(cells);
        cents
    }

    /// Widest cell or heading, within the column's bounds; a column of
    /// figures is as wide as its widest figure, which is never cut.
    fn width(&mut self, c: usize) -> u16 {
        let w = self.columns[c].width;
        let title = self.columns[c].title.chars().count() as u16;
        let content = self.column(c).iter().map(|f| f.chars).max().unwrap_or(0);
        match self.columns[c].align {
            // Compact, a column gives up its usual width too.
            Align::Right if self.forms[c].compact => content.max(title),
            Align::Right => content.max(title).max(w.min),
            Align::Left => content.max(title).clamp(w.min, w.max.max(w.min)),
        }
    }

    /// The text and look of a cell already formatted (`k` counts rows in view).
    fn get(&self, c: usize, k: usize) -> (&str, Look) {
        match self.formatted[c].as_ref().and_then(|f| f.get(k)) {
            Some(f) => (&self.text[f.bytes.clone()], f.look),
            None => ("", Look::Plain),
        }
    }
}

/// Where the columns in view go: which, how wide, and from which x.
struct Placement {
    shown: Vec<usize>,
    widths: Vec<u16>,
}

impl Placement {
    /// `(column, x, width)` for each column in view, from `left`.
    fn iter(&self, left: u16) -> impl Iterator<Item = (usize, u16, u16)> + '_ {
        let mut x = left;
        self.shown.iter().zip(&self.widths).map(move |(&c, &w)| {
            let at = x;
            x += w + GAP;
            (c, at, w)
        })
    }
}

/// Draws the current tab's table into `area` (borders included).
pub fn draw_table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (tab, cur) = (app.tab, app.cursor());
    let rows = app.rows_in_view();
    let title = table_title(app);
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let columns = tab.columns();
    let visible = rows_in_view(app, inner);
    let mut cells = Cells::new(app, columns, visible.clone());
    let placement = layout_columns(
        &mut cells,
        cur.col,
        inner.width.saturating_sub(GUTTER + MARKER),
    );
    draw_headings(frame.buffer_mut(), inner, columns, &placement, theme);
    if rows == 0 {
        let hint = match app.view().filter.as_str() {
            "" => format!(
                "No {} yet — press a to add one.",
                tab.title().to_lowercase()
            ),
            f => format!(
                "No {} name holds \"{}\" — / then Esc clears the filter.",
                tab.title().to_lowercase().trim_end_matches('s'),
                crate::base::safe_text::shown(f)
            ),
        };
        put(
            frame.buffer_mut(),
            inner.x,
            inner.y + 1,
            &hint,
            inner.width,
            theme.dim(),
        );
        return;
    }
    let editing = match &app.mode {
        Mode::Editing(e) if e.target == EditTarget::Cell => Some(e),
        _ => None,
    };
    let mut cursor = None;
    for (k, row) in visible.into_iter().enumerate() {
        let y = inner.y + 1 + k as u16;
        let line = Line {
            inner,
            y,
            k,
            selected: row == cur.row,
        };
        let at = draw_row(
            frame.buffer_mut(),
            &line,
            &cells,
            &placement,
            cur,
            editing,
            theme,
        );
        cursor = cursor.or(at);
    }
    if let Some(p) = cursor.filter(|p| p.x < inner.right()) {
        frame.set_cursor_position(p);
    }
}

/// The column drawn at screen column `x` of a table drawn into `area` (as
/// `draw_table` lays it out for the app's state), for clicks.
pub fn column_at(app: &App, area: Rect, x: u16) -> Option<usize> {
    let columns = app.tab.columns();
    if columns.is_empty() || area.width < 2 || area.height < 2 {
        return None;
    }
    let inner = Rect::new(area.x + 1, area.y + 1, area.width - 2, area.height - 2);
    let cur = app.cursor();
    let mut cells = Cells::new(app, columns, rows_in_view(app, inner));
    let placement = layout_columns(
        &mut cells,
        cur.col,
        inner.width.saturating_sub(GUTTER + MARKER),
    );
    placement
        .iter(inner.x + GUTTER)
        .find(|&(_, at, width)| (at..at + width + GAP).contains(&x))
        .map(|(c, _, _)| c)
}

/// The plan rows drawn in a table's inner area, top to bottom: the view's
/// rows from the scroll offset.
fn rows_in_view(app: &App, inner: Rect) -> Vec<usize> {
    let (view, offset) = (app.view(), app.cursor().offset);
    let end = (offset + usize::from(inner.height.saturating_sub(1))).min(app.rows_in_view());
    (offset.min(end)..end).map(|place| view.at(place)).collect()
}

/// ` Models · 3 of 12 · "llama": 12 of 5,000 · by Out $/M ↑ `.
fn table_title(app: &App) -> String {
    let (tab, view) = (app.tab, app.view());
    let (shown, total) = (app.rows_in_view(), app.tab.rows(&app.plan));
    let place = view.place(app.cursor().row).map_or(0, |p| p + 1);
    let mut title = format!(" {} · {} of {}", tab.title(), place.min(shown), shown);
    if !view.filter.is_empty() {
        title.push_str(&format!(
            " · \"{}\": {} of {}",
            crate::base::safe_text::shown(&view.filter),
            crate::text::format::group_thousands(shown as u64),
            crate::text::format::group_thousands(total as u64)
        ));
    }
    if let Some(sort) = view.sort {
        let column = tab.columns().get(sort.col).map_or("", |c| c.title);
        title.push_str(&format!(
            " · by {column} {}",
            if sort.descending { "↓" } else { "↑" }
        ));
    }
    title.push(' ');
    title
}

fn draw_headings(
    buf: &mut Buffer,
    inner: Rect,
    columns: &[Column],
    placement: &Placement,
    theme: &Theme,
) {
    for (c, x, width) in placement.iter(inner.x + GUTTER) {
        let right = columns[c].align == Align::Right;
        put_aligned(
            buf,
            x,
            inner.y,
            columns[c].title,
            width,
            right,
            theme.heading(),
        );
    }
    if placement.shown.get(1).is_some_and(|c| *c > 1) {
        put(buf, inner.x, inner.y, "…", 1, theme.dim());
    }
    // More columns to the right: say so at the heading's end.
    if placement
        .shown
        .last()
        .is_some_and(|c| c + 1 < columns.len())
    {
        put(buf, inner.right() - 1, inner.y, "…", 1, theme.dim());
    }
}

/// One row of the table on screen.
struct Line {
    inner: Rect,
    y: u16,
    /// The row's place among the rows in view.
    k: usize,
    selected: bool,
}

/// Draws a row; returns where the text cursor goes when it holds the editor.
fn draw_row(
    buf: &mut Buffer,
    line: &Line,
    cells: &Cells,
    placement: &Placement,
    cur: Cursor,
    editing: Option<&CellEditor>,
    theme: &Theme,
) -> Option<Position> {
    let (inner, y) = (line.inner, line.y);
    let row_style = if line.selected {
        theme.selected_row()
    } else {
        Style::new()
    };
    // Unselected rows sit on the freshly reset buffer; only the
    // selection's background needs painting across the gaps.
    if line.selected {
        fill(buf, inner.x, y, ' ', inner.width, row_style);
    }
    let marker = if line.selected { "▶" } else { " " };
    put(buf, inner.x, y, marker, 1, row_style);
    let mut cursor = None;
    for (c, x, width) in placement.iter(inner.x + GUTTER) {
        let is_cell = line.selected && c == cur.col;
        if let (true, Some(editor)) = (is_cell, editing) {
            cursor = Some(draw_editor(buf, x, y, width, editor, theme));
            continue;
        }
        let (text, look) = cells.get(c, line.k);
        let base = if is_cell {
            theme.selected_cell()
        } else {
            row_style
        };
        let style = base.patch(match look {
            Look::Verdict(v) => theme.verdict(v),
            Look::Dim => theme.dim(),
            Look::Warn => theme.verdict(Verdict::Depends),
            Look::Plain => Style::new(),
        });
        let right = cells.columns[c].align == Align::Right;
        if c == 0 && text.chars().count() > usize::from(width) {
            put_aligned(
                buf,
                x,
                y,
                &cut_middle(text, usize::from(width)),
                width,
                right,
                style,
            );
        } else {
            put_aligned(buf, x, y, text, width, right, style);
        }
    }
    cursor
}

/// The text being typed into a cell, scrolled to keep its cursor in view.
fn draw_editor(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    editor: &CellEditor,
    theme: &Theme,
) -> Position {
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
    if editor.fresh {
        // All of it selected: typing replaces it.
        put(buf, x, y, &value, width, theme.selection());
    }
    Position::new(
        x + (editor.input.visual_cursor().saturating_sub(scroll)) as u16,
        y,
    )
}

/// Which columns to show and how wide. The first and the answer columns
/// after it (on Scenarios: volume, API, verdict, self-host, factor) come
/// first: while they do not all fit, the widest of their figures are
/// written compact (`80k–120k`) rather than any being cut or left out.
fn layout_columns(cells: &mut Cells, selected: usize, room: u16) -> Placement {
    // The columns that must show: the answer, or the selected one past it.
    let wanted = match selected {
        0..=ANSWER => 1..=ANSWER.min(cells.columns.len().saturating_sub(1)),
        _ => selected..=selected,
    };
    loop {
        let mut placement = place(cells, selected, room);
        if wanted.clone().all(|c| placement.shown.contains(&c)) {
            // Room left over goes to the first column, up to its full width.
            let used: u16 = placement.widths.iter().map(|w| w + GAP).sum();
            let spare = room.saturating_sub(used.saturating_sub(GAP));
            let grow = cells
                .width(0)
                .saturating_sub(placement.widths[0])
                .min(spare);
            placement.widths[0] += grow;
            return placement;
        }
        // The column whose compact form saves the most goes compact first.
        let best = wanted
            .clone()
            .filter_map(|c| Some((cells.width(c).checked_sub(cells.compact_width(c)?)?, c)))
            .filter(|(saved, _)| *saved > 0)
            .max();
        match best {
            Some((_, c)) => cells.compact(c),
            None => return placement,
        };
    }
}

/// The first column, then a run of the others that holds the selected one;
/// the first gives way (down to a readable width) so that as many as
/// possible of the columns after it stay in view.
fn place(cells: &mut Cells, selected: usize, room: u16) -> Placement {
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
            // A wide column of text that does not fit whole (a note) shows
            // what fits; a figure is never cut.
            if c < n
                && cells.columns[c].align == Align::Left
                && room.saturating_sub(used) >= cells.columns[c].width.min
            {
                shown.push(c);
                widths.push(room - used);
            }
            return Placement { shown, widths };
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
