//! The columns of the plan's four tables, each defined once: its heading,
//! width, alignment, the value it shows, whether and how it is edited, and
//! whether reports carry it. The planner's tables, `inferplan render` and
//! the table, Markdown and CSV reports are all built from these lists, so a
//! column added here appears everywhere it should.
//!
//! A column is a value, not a variant matched in many places: every field
//! of `Column` must be given, so a new column cannot inherit behaviour by
//! default (a computed column is editable only if it says how).

mod edit;
mod models;
mod overheads;
mod scenarios;
pub mod settings;
mod tier_pricing;
mod tiers;
mod value;

pub use edit::{Edit, Getter, Setter};
pub use value::{Cell, Form, Mark, SortKey, Value};

use crate::engine::Results;
use crate::plan::{Plan, Table};

/// One column of a table.
#[derive(Debug)]
pub struct Column {
    /// The heading on screen; unique within its table.
    pub title: &'static str,
    /// How wide the column may get on screen.
    pub width: Width,
    /// Where text sits in the column.
    pub align: Align,
    /// What a row shows in this column. Computed columns read `Results`,
    /// which must be the plan's current results.
    pub value: for<'a> fn(&'a Plan, &'a Results, usize) -> Cell<'a>,
    /// Whether and how a cell is edited.
    pub edit: Edit,
    /// How table, Markdown and CSV reports carry it; `None` leaves it out.
    pub report: Option<InReport>,
}

/// The narrowest width that fits typical values, and the widest worth giving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Width {
    /// Never narrower (unless the screen is).
    pub min: u16,
    /// Never wider; longer text is cut.
    pub max: u16,
}

impl Width {
    /// From the heading's width up to `max`: short figures under a heading.
    pub const fn of_title(title: &str, max: u16) -> Self {
        Self {
            min: title.len() as u16,
            max,
        }
    }

    /// Between `min` and `max`.
    pub const fn between(min: u16, max: u16) -> Self {
        Self { min, max }
    }
}

/// Where text sits in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Words and names.
    Left,
    /// Numbers, so their digits line up.
    Right,
}

/// A column as reports carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InReport {
    /// The heading in table and Markdown reports.
    pub title: &'static str,
    /// Its place among the table's report columns (reports read in an order
    /// of their own: what is priced, then the figures).
    pub rank: u8,
    /// Its CSV header.
    pub csv: Csv,
}

impl InReport {
    /// In reports under `title`, at `rank` among the table's report columns.
    pub const fn at(title: &'static str, rank: u8, csv: Csv) -> Option<Self> {
        Some(Self { title, rank, csv })
    }
}

/// The CSV header of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csv {
    /// One cell under this header.
    One(&'static str),
    /// A range: two cells, `<key>_low` and `<key>_high`.
    Ends(&'static str),
}

impl Csv {
    /// How many CSV cells the column takes.
    pub fn cells(self) -> usize {
        match self {
            Csv::One(_) => 1,
            Csv::Ends(_) => 2,
        }
    }

    /// The header cells.
    pub fn headers(self) -> Vec<String> {
        match self {
            Csv::One(key) => vec![key.to_string()],
            Csv::Ends(key) => vec![format!("{key}_low"), format!("{key}_high")],
        }
    }
}

impl Column {
    /// True when a user can change this column's value.
    pub fn is_input(&self) -> bool {
        !matches!(self.edit, Edit::Computed)
    }

    /// The cell's value as editable text that parses back to exactly the
    /// same value (undo relies on this); `None` for computed columns.
    pub fn edit_text(&self, plan: &Plan, row: usize) -> Option<String> {
        self.edit.getter().map(|get| get(plan, row))
    }

    /// Writes edited text into the plan (renaming references along with a
    /// renamed model or tier). The plan's rules are checked by the caller.
    pub fn apply(&self, plan: &mut Plan, row: usize, text: &str) -> Result<(), String> {
        match self.edit.setter() {
            Some(set) => set(plan, row, text.trim()),
            None => Err(format!(
                "{} is computed from the plan; edit its inputs instead",
                self.title
            )),
        }
    }
}

/// The columns of a table, in screen order. The first stays in view when
/// the table scrolls sideways.
pub fn of(table: Table) -> &'static [Column] {
    match table {
        Table::Scenarios => &scenarios::COLUMNS,
        Table::Models => &models::COLUMNS,
        Table::GpuTiers => &tiers::COLUMNS,
        Table::Overheads => &overheads::COLUMNS,
    }
}

/// The columns a report carries, in report order.
pub fn in_report(table: Table) -> Vec<(&'static Column, InReport)> {
    let mut out: Vec<_> = of(table)
        .iter()
        .filter_map(|c| c.report.map(|r| (c, r)))
        .collect();
    out.sort_by_key(|(_, r)| r.rank);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::store::plan_file::default_plan;

    #[test]
    fn every_column_has_a_unique_title_and_sane_width() {
        for table in Table::ALL {
            let columns = of(table);
            assert!(!columns.is_empty(), "{table:?}");
            for (i, c) in columns.iter().enumerate() {
                assert!(!c.title.trim().is_empty(), "{table:?} column {i}");
                assert!(c.width.min <= c.width.max, "{}", c.title);
                assert!(
                    columns[..i].iter().all(|o| o.title != c.title),
                    "{} twice in {table:?}",
                    c.title
                );
            }
        }
    }

    #[test]
    fn report_columns_have_distinct_ranks_and_as_many_csv_cells_as_headers() {
        let plan = default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        for table in Table::ALL {
            let columns = in_report(table);
            for pair in columns.windows(2) {
                assert!(pair[0].1.rank < pair[1].1.rank, "{}", pair[1].0.title);
            }
            for row in 0..table.len(&plan) {
                for (c, r) in &columns {
                    let mut cells = Vec::new();
                    let value = (c.value)(&plan, &results, row).value;
                    value.csv(&mut cells);
                    // A missing value writes none: the writer fills its cells.
                    let expected = match value {
                        Value::Missing(_) => 0,
                        _ => r.csv.headers().len(),
                    };
                    assert_eq!(cells.len(), expected, "{}", c.title);
                }
            }
        }
    }

    #[test]
    fn only_input_columns_give_edit_text() {
        let plan = default_plan();
        for table in Table::ALL {
            for c in of(table) {
                assert_eq!(c.edit_text(&plan, 0).is_some(), c.is_input(), "{}", c.title);
            }
        }
    }
}
