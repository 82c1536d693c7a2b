//! The tabs: their order, titles and the tables they edit.

use crate::columns::{self, Column};
use crate::plan::{Plan, Table};

/// The tabs, in order: one per table of the plan, then views of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// The dashboard: every scenario's figures and a chart.
    Scenarios,
    /// Models and their API prices.
    Models,
    /// GPU tiers.
    Tiers,
    /// Overheads.
    Overheads,
    /// The open plan against another plan file (with no plan to compare
    /// with, it says how to choose one).
    Compare,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 5] = [
        Tab::Scenarios,
        Tab::Models,
        Tab::Tiers,
        Tab::Overheads,
        Tab::Compare,
    ];

    /// The plan table the tab edits; `None` for a view of its own.
    pub fn table(self) -> Option<Table> {
        match self {
            Tab::Scenarios => Some(Table::Scenarios),
            Tab::Models => Some(Table::Models),
            Tab::Tiers => Some(Table::GpuTiers),
            Tab::Overheads => Some(Table::Overheads),
            Tab::Compare => None,
        }
    }

    /// The tab that edits a table.
    pub fn of(table: Table) -> Tab {
        match table {
            Table::Scenarios => Tab::Scenarios,
            Table::Models => Tab::Models,
            Table::GpuTiers => Tab::Tiers,
            Table::Overheads => Tab::Overheads,
        }
    }

    /// The word for it on the command line (`render --tab tiers`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Scenarios => "scenarios",
            Tab::Models => "models",
            Tab::Tiers => "tiers",
            Tab::Overheads => "overheads",
            Tab::Compare => "compare",
        }
    }

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Scenarios | Tab::Models | Tab::Tiers | Tab::Overheads => {
                self.table().map_or("", Table::title)
            }
            Tab::Compare => "Compare",
        }
    }

    /// The columns of the tab's table; none for a view of its own.
    pub fn columns(self) -> &'static [Column] {
        self.table().map_or(&[], columns::of)
    }

    /// Rows of the tab's table; none for a view of its own.
    pub fn rows(self, plan: &Plan) -> usize {
        self.table().map_or(0, |t| t.len(plan))
    }

    /// Where the tab is in `Tab::ALL`.
    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The next tab, wrapping.
    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    /// The previous tab, wrapping.
    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}
