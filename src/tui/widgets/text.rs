//! Writing text into the frame's buffer. Tables redraw thousands of cells a
//! keystroke; ratatui's paragraphs segment every string into graphemes, which
//! dominated the frame time, so text whose every character is one cell wide
//! (almost all of ours) is written a character per cell instead.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

/// Writes `text` at (`x`, `y`) in at most `max_width` cells; returns the
/// cells used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, max_width: u16, style: Style) -> u16 {
    let area = buf.area;
    if y < area.y || y >= area.bottom() || x >= area.right() {
        return 0;
    }
    let max_width = max_width.min(area.right() - x);
    // Printable ASCII is one cell a byte; only other text needs the width table.
    let simple = text.bytes().all(|b| (0x20..0x7f).contains(&b))
        || text.chars().all(|c| c.width() == Some(1));
    if !simple {
        let (end_x, _) = buf.set_stringn(x, y, text, usize::from(max_width), style);
        return end_x - x;
    }
    // Index the row once; `buf[(x, y)]` recomputes and checks it per cell.
    let start = usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x);
    let cells = &mut buf.content[start..start + usize::from(max_width)];
    let mut used = 0;
    for (cell, c) in cells.iter_mut().zip(text.chars()) {
        if c == ' ' {
            replace_symbol(cell, Cell::EMPTY, style);
        } else {
            cell.set_char(c).set_style(style);
        }
        used += 1;
    }
    used
}

/// Repeats a one-cell-wide character `count` times from (`x`, `y`): rules
/// and borders, written without measuring each one.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, ch: char, count: u16, style: Style) {
    let area = buf.area;
    if y < area.y || y >= area.bottom() || x < area.x || x >= area.right() {
        return;
    }
    let count = count.min(area.right() - x);
    let start = usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x);
    for cell in &mut buf.content[start..start + usize::from(count)] {
        // The rules of every border and axis are copied from cells built at
        // compile time: `set_char` encodes the character and copies it
        // through a library call, several times the cost.
        match ch {
            ' ' => replace_symbol(cell, Cell::EMPTY, style),
            '─' => replace_symbol(cell, const { Cell::new("─") }, style),
            '│' => replace_symbol(cell, const { Cell::new("│") }, style),
            _ => {
                cell.set_char(ch).set_style(style);
            }
        }
    }
}

/// Puts a prebuilt cell's symbol in `cell`, keeping what `set_char` keeps:
/// the style already there, patched with `style` (so text written over a
/// painted background keeps it), and the diff option.
///
/// A space is written as `Cell::EMPTY`, with no symbol: cheaper to write
/// than a stored `" "`, and quicker to compare when frames are diffed.
#[inline]
fn replace_symbol(cell: &mut Cell, symbol: Cell, style: Style) {
    let (under, option) = (cell.style(), cell.diff_option);
    *cell = symbol;
    cell.set_style(under).set_style(style);
    cell.diff_option = option;
}

/// Draws a titled box with single-line borders and returns the area inside.
/// It looks like `Block::bordered().title(…)`, without styling every cell of
/// the area, which cost a tenth of each frame.
pub fn titled_box(buf: &mut Buffer, area: Rect, title: &str, style: Style) -> Rect {
    let area = area.intersection(buf.area);
    if area.width < 2 || area.height < 2 {
        return Rect::new(area.x, area.y, 0, 0);
    }
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let inner_width = area.width - 2;
    fill(buf, area.x + 1, area.y, '─', inner_width, style);
    fill(buf, area.x + 1, bottom, '─', inner_width, style);
    for y in area.y + 1..bottom {
        fill(buf, area.x, y, '│', 1, style);
        fill(buf, right, y, '│', 1, style);
    }
    put(buf, area.x, area.y, "┌", 1, style);
    put(buf, right, area.y, "┐", 1, style);
    put(buf, area.x, bottom, "└", 1, style);
    put(buf, right, bottom, "┘", 1, style);
    let title = truncate(title, usize::from(area.width - 2));
    put(buf, area.x + 1, area.y, &title, area.width - 2, style);
    Rect::new(area.x + 1, area.y + 1, area.width - 2, area.height - 2)
}

/// Writes styled pieces one after another along the first row of `area`,
/// cutting what does not fit.
pub fn put_spans<S: AsRef<str>>(buf: &mut Buffer, area: Rect, spans: &[(S, Style)]) {
    let mut x = area.x;
    for (text, style) in spans {
        if x >= area.right() {
            break;
        }
        x += put(buf, x, area.y, text.as_ref(), area.right() - x, *style);
    }
}

/// Cuts text to a width in characters, marking the cut with `…`.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}

/// Cuts text in the middle, keeping more of its end: similar names
/// (`C: enterprise, …, on-prem`) differ least in the middle.
pub fn cut_middle(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len <= width {
        return text.to_string();
    }
    if width < 8 {
        return truncate(text, width);
    }
    let head = (width - 1) * 2 / 5;
    let tail = width - 1 - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(len - tail).collect();
    format!("{start}…{end}")
}

/// Pads or cuts text to a width.
pub fn pad(text: &str, width: usize, right: bool) -> String {
    let t = truncate(text, width);
    if right {
        format!("{t:>width$}")
    } else {
        format!("{t:<width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    /// A row with a painted background, as the selected table row has.
    fn painted() -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        let under = Style::new()
            .bg(Color::DarkGray)
            .add_modifier(Modifier::BOLD);
        buf.set_style(buf.area, under);
        buf
    }

    #[test]
    fn writes_look_as_set_char_and_set_style_would_make_them() {
        let style = Style::new().fg(Color::Cyan).remove_modifier(Modifier::BOLD);
        let mut buf = painted();
        put(&mut buf, 0, 0, "a b", 8, style);
        fill(&mut buf, 3, 0, ' ', 2, style);
        fill(&mut buf, 5, 0, '─', 1, style);
        fill(&mut buf, 6, 0, '│', 1, style);
        fill(&mut buf, 7, 0, '┼', 1, style);
        let mut expected = painted();
        for (x, c) in "a b  ─│┼".chars().enumerate() {
            expected[(x as u16, 0)].set_char(c).set_style(style);
        }
        assert_eq!(buf, expected);
    }

    #[test]
    fn blanks_hold_no_symbol() {
        let mut buf = painted();
        put(&mut buf, 0, 0, "a b", 8, Style::new());
        fill(&mut buf, 3, 0, ' ', 2, Style::new());
        for x in [1, 3, 4] {
            assert!(format!("{:?}", buf[(x, 0)]).contains("symbol: None"));
        }
    }
}
