//! The table of a tab: only the rows in view are built; the first column
//! stays put while the others scroll sideways to keep the selection in view.

use super::header::truncate;
use super::theme::Theme;
use crate::app::cells::Col;
use crate::app::{App, Mode};
use crate::engine::Verdict;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

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
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }

    let columns = tab.columns();
    let visible = cur.offset..(cur.offset + usize::from(inner.height.saturating_sub(1))).min(rows);
    let cells: Vec<Vec<String>> = visible
        .clone()
        .map(|r| {
            columns
                .iter()
                .map(|c| c.display(&app.plan, &app.results, r))
                .collect()
        })
        .collect();
    let mut widths: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (min, max) = c.widths();
            let content = cells
                .iter()
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0);
            (content.max(c.title().chars().count()) as u16).clamp(min, max.max(min))
        })
        .collect();
    let room = inner.width.saturating_sub(GUTTER);
    // The name column gives way, down to a readable width, so that as many
    // of the next few columns (the answer) as possible stay in view.
    if let Some((first, rest)) = widths.split_first_mut() {
        for k in (1..=KEPT_IN_VIEW.min(rest.len())).rev() {
            let answer: u16 = rest[..k].iter().map(|w| w.min(&ANSWER_CAP) + GAP).sum::<u16>() + GAP;
            let left = room.saturating_sub(answer);
            if left >= *first || left >= NAME_READABLE {
                *first = (*first).min(left);
                break;
            }
        }
    }
    let mut shown = visible_columns(&widths, cur.col, room);
    // A wide column that does not fit whole (a note) shows what fits.
    let used: u16 = shown.iter().map(|&c| widths[c] + GAP).sum();
    let next = shown.last().map_or(0, |c| c + 1);
    if next < columns.len() && room.saturating_sub(used) >= columns[next].widths().0 {
        widths[next] = room - used;
        shown.push(next);
    }

    // Heading.
    let mut heading = vec![Span::raw(" ".repeat(usize::from(GUTTER)))];
    for &c in &shown {
        heading.push(Span::styled(
            cell_text(columns[c].title(), widths[c], columns[c].right_aligned()),
            theme.heading(),
        ));
        heading.push(Span::raw(" ".repeat(usize::from(GAP))));
    }
    if shown.first() == Some(&0) && shown.get(1).is_some_and(|c| *c > 1) {
        heading.insert(2, Span::styled("…", theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(heading)),
        Rect { height: 1, ..inner },
    );

    if rows == 0 {
        let hint = format!(
            "No {} yet — press a to add one.",
            tab.title().to_lowercase()
        );
        let r = Rect {
            y: inner.y + 1,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), r);
        return;
    }

    let editing = match &app.mode {
        Mode::Editing(e) => Some(e),
        _ => None,
    };
    for (k, (row, texts)) in visible.zip(cells).enumerate() {
        let y = inner.y + 1 + k as u16;
        let selected = row == cur.row;
        let row_style = if selected {
            theme.selected_row()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(if selected { "▶ " } else { "  " }, row_style)];
        let mut x = inner.x + GUTTER;
        for &c in &shown {
            let col = columns[c];
            let width = widths[c];
            let is_cell = selected && c == cur.col;
            let (text, style) = match (is_cell, editing) {
                (true, Some(editor)) => {
                    let scroll = editor
                        .input
                        .visual_scroll(usize::from(width.saturating_sub(1)));
                    let value: String = editor.input.value().chars().skip(scroll).collect();
                    let cursor_x = x + (editor.input.visual_cursor().saturating_sub(scroll)) as u16;
                    if cursor_x < inner.right() {
                        frame.set_cursor_position(Position::new(cursor_x, y));
                    }
                    (cell_text(&value, width, false), theme.selected_cell())
                }
                _ => {
                    let base = if is_cell {
                        theme.selected_cell()
                    } else {
                        row_style
                    };
                    let verdict = (col == Col::ScVerdict).then(|| {
                        app.results.scenarios[row]
                            .headline(app.plan.settings.include_overheads)
                            .verdict
                    });
                    let style = base.patch(cell_style(col, &texts[c], verdict, theme));
                    let text = if c == 0 {
                        cell_text(
                            &truncate_middle(&texts[c], usize::from(width)),
                            width,
                            false,
                        )
                    } else {
                        cell_text(&texts[c], width, col.right_aligned())
                    };
                    (text, style)
                }
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::styled(" ".repeat(usize::from(GAP)), row_style));
            x += width + GAP;
        }
        let line = Line::from(spans).style(row_style);
        frame.render_widget(
            Paragraph::new(line),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
    }
}

/// Verdicts in their colour; inherited values `(…)` dimmed.
fn cell_style(col: Col, text: &str, verdict: Option<Verdict>, theme: &Theme) -> Style {
    match (col, verdict) {
        (Col::ScVerdict, Some(v)) => theme.verdict(v),
        _ if text.starts_with('(') => theme.dim(),
        _ => Style::new(),
    }
}

/// Cuts a name in the middle, where similar names (`C: enterprise, …, cloud`)
/// differ least.
fn truncate_middle(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len <= width || width < 8 {
        return text.to_string();
    }
    // The end of a name tends to say more (`…, on-prem`); keep more of it.
    let head = (width - 1) * 2 / 5;
    let tail = width - 1 - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(len - tail).collect();
    format!("{start}…{end}")
}

/// Pads or cuts a cell to its width.
fn cell_text(text: &str, width: u16, right: bool) -> String {
    let t = truncate(text, usize::from(width));
    let pad = usize::from(width).saturating_sub(t.chars().count());
    if right {
        format!("{}{t}", " ".repeat(pad))
    } else {
        format!("{t}{}", " ".repeat(pad))
    }
}

/// The columns that fit: the first, then a run of the others that includes
/// the selected one.
pub fn visible_columns(widths: &[u16], selected: usize, room: u16) -> Vec<usize> {
    let fits = |start: usize| -> Vec<usize> {
        let mut used = widths.first().map_or(0, |w| w + GAP);
        let mut shown = vec![0];
        for (i, w) in widths.iter().enumerate().skip(start.max(1)) {
            if used + w > room {
                break;
            }
            used += w + GAP;
            shown.push(i);
        }
        shown
    };
    let mut start = 1;
    loop {
        let shown = fits(start);
        if selected == 0 || shown.contains(&selected) || start >= widths.len() {
            return shown;
        }
        start += 1;
    }
}
