//! Where each part of the screen goes, as plain rectangles. The views draw
//! into them; `update` reads them to know how many rows fit, and the
//! terminal loop where a click landed. One function, so they always agree;
//! it sits beside the app and the views so that the app need not import
//! the views.

use crate::tui::tab::Tab;
use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the planner draws in; below it, it says so.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The screen's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Plan name, file, modified marker and switches.
    pub header: Rect,
    /// The tab titles.
    pub tabs: Rect,
    /// The table, borders included (the comparison on the Compare tab).
    pub table: Rect,
    /// The chart (Scenarios) or the totals line (Overheads); empty elsewhere.
    pub detail: Rect,
    /// The last message.
    pub status: Rect,
    /// Key hints.
    pub hints: Rect,
}

impl Areas {
    /// Data rows that fit in the table (inside borders, under the heading).
    pub fn table_rows(&self) -> usize {
        usize::from(self.table.height.saturating_sub(3))
    }

    /// The first screen row of table data.
    pub fn first_data_row(&self) -> u16 {
        self.table.y + 2
    }
}

/// The explain panel's text in `detail`: inside its border, a column of
/// margin on the left. `(width, rows)` in cells; the view draws it and
/// `update` bounds its scrolling with it.
pub fn explain_text(detail: Rect) -> (usize, usize) {
    (
        usize::from(detail.width.saturating_sub(3)),
        usize::from(detail.height.saturating_sub(2)),
    )
}

/// True when the terminal is big enough to draw the planner.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_SIZE.0 && area.height >= MIN_SIZE.1
}

/// Splits the screen for a tab whose table has `rows` rows.
pub fn areas(area: Rect, tab: Tab, rows: usize) -> Areas {
    let [header, tabs, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (table, detail) = match tab {
        Tab::Scenarios => {
            // The table takes what its rows need, up to half; the chart the rest.
            let wanted = (rows as u16)
                .saturating_add(3)
                .clamp(4, (body.height / 2).max(4));
            let [table, chart] =
                Layout::vertical([Constraint::Length(wanted), Constraint::Min(0)]).areas(body);
            (table, chart)
        }
        Tab::Overheads => {
            let wanted = (rows as u16).saturating_add(3).max(4);
            let [table, totals, _] = Layout::vertical([
                Constraint::Max(wanted),
                Constraint::Length(2),
                Constraint::Min(0),
            ])
            .areas(body);
            (table, totals)
        }
        Tab::Models | Tab::Tiers | Tab::Compare => (body, Rect::default()),
    };
    Areas {
        header,
        tabs,
        table,
        detail,
        status,
        hints,
    }
}

/// Areas for a terminal size.
pub fn areas_for_size(size: (u16, u16), tab: Tab, rows: usize) -> Areas {
    areas(Rect::new(0, 0, size.0, size.1), tab, rows)
}
