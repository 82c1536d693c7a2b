//! Changes to a plan as values: applied, inverted for undo, re-applied for
//! redo. Every edit the app makes is a `Change`, so every edit can be undone.

use crate::columns;
use crate::plan::{GpuTier, Model, Overhead, Plan, Scenario, Settings, Table};

/// A whole row of one of the tables.
// A tier row is the largest; rows are moved only when one is added,
// removed or undone, so boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A scenario.
    Scenario(Scenario),
    /// A model.
    Model(Model),
    /// A GPU tier.
    Tier(GpuTier),
    /// An overhead.
    Overhead(Overhead),
}

impl Row {
    /// The table it belongs to.
    pub fn table(&self) -> Table {
        match self {
            Row::Scenario(_) => Table::Scenarios,
            Row::Model(_) => Table::Models,
            Row::Tier(_) => Table::GpuTiers,
            Row::Overhead(_) => Table::Overheads,
        }
    }

    /// A copy of a row of the plan.
    pub fn of(plan: &Plan, table: Table, index: usize) -> Option<Row> {
        Some(match table {
            Table::Scenarios => Row::Scenario(plan.scenarios.get(index)?.clone()),
            Table::Models => Row::Model(plan.models.get(index)?.clone()),
            Table::GpuTiers => Row::Tier(plan.gpu_tiers.get(index)?.clone()),
            Table::Overheads => Row::Overhead(plan.overheads.get(index)?.clone()),
        })
    }

    /// Its name or id.
    pub fn name(&self) -> &str {
        match self {
            Row::Scenario(s) => &s.name,
            Row::Model(m) => &m.name,
            Row::Tier(t) => &t.id,
            Row::Overhead(o) => &o.name,
        }
    }

    /// The same row under another name.
    pub fn renamed(mut self, name: String) -> Row {
        match &mut self {
            Row::Scenario(s) => s.name = name,
            Row::Model(m) => m.name = name,
            Row::Tier(t) => t.id = name,
            Row::Overhead(o) => o.name = name,
        }
        self
    }
}

/// One undoable change.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A cell's value, as exact edit text before and after.
    Cell {
        /// The table.
        table: Table,
        /// The row.
        row: usize,
        /// The column, an index into `columns::of(table)`.
        col: usize,
        /// Text that restores the old value.
        before: String,
        /// Text of the new value.
        after: String,
    },
    /// A row inserted at an index.
    Insert {
        /// Where.
        index: usize,
        /// What.
        row: Row,
    },
    /// A row removed from an index.
    Remove {
        /// Where.
        index: usize,
        /// What it held.
        row: Row,
    },
    /// The whole plan at once (restoring kept changes, an import).
    Replace {
        /// Before.
        before: Box<Plan>,
        /// After.
        after: Box<Plan>,
        /// What it was, for the undo message: `the import of prices.csv`.
        what: String,
    },
    /// The plan's name or one setting, as exact edit text before and after.
    Setting {
        /// An index into `columns::settings::FIELDS`.
        field: usize,
        /// Text that restores the old value.
        before: String,
        /// Text of the new value.
        after: String,
    },
    /// The plan-wide switches.
    Settings {
        /// Before.
        before: Settings,
        /// After.
        after: Settings,
    },
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self.clone() {
            Change::Cell {
                table,
                row,
                col,
                before,
                after,
            } => Change::Cell {
                table,
                row,
                col,
                before: after,
                after: before,
            },
            Change::Insert { index, row } => Change::Remove { index, row },
            Change::Remove { index, row } => Change::Insert { index, row },
            Change::Setting {
                field,
                before,
                after,
            } => Change::Setting {
                field,
                before: after,
                after: before,
            },
            Change::Settings { before, after } => Change::Settings {
                before: after,
                after: before,
            },
            Change::Replace {
                before,
                after,
                what,
            } => Change::Replace {
                before: after,
                after: before,
                what: what.clone(),
            },
        }
    }

    /// The table and row it touches, for selection and validation.
    pub fn target(&self) -> Option<(Table, usize)> {
        match self {
            Change::Cell { table, row, .. } => Some((*table, *row)),
            Change::Insert { index, row } | Change::Remove { index, row } => {
                Some((row.table(), *index))
            }
            Change::Setting { .. } | Change::Settings { .. } | Change::Replace { .. } => None,
        }
    }

    /// Applies the change. Fails (leaving the plan as it was) only when the
    /// text of a cell does not parse.
    pub fn apply(&self, plan: &mut Plan) -> Result<(), String> {
        match self {
            Change::Cell {
                table,
                row,
                col,
                after,
                ..
            } => match columns::of(*table).get(*col) {
                Some(column) => column.apply(plan, *row, after),
                None => Err(format!("no column {col} in {}", table.toml_name())),
            },
            Change::Insert { index, row } => {
                match row.clone() {
                    Row::Scenario(s) => plan.scenarios.insert(*index, s),
                    Row::Model(m) => plan.models.insert(*index, m),
                    Row::Tier(t) => plan.gpu_tiers.insert(*index, t),
                    Row::Overhead(o) => plan.overheads.insert(*index, o),
                }
                Ok(())
            }
            Change::Remove { index, row } => {
                match row {
                    Row::Scenario(_) => drop(plan.scenarios.remove(*index)),
                    Row::Model(_) => drop(plan.models.remove(*index)),
                    Row::Tier(_) => drop(plan.gpu_tiers.remove(*index)),
                    Row::Overhead(_) => drop(plan.overheads.remove(*index)),
                }
                Ok(())
            }
            Change::Setting { field, after, .. } => match columns::settings::FIELDS.get(*field) {
                Some(column) => column.apply(plan, 0, after),
                None => Err(format!("no setting {field}")),
            },
            Change::Settings { after, .. } => {
                plan.settings = after.clone();
                Ok(())
            }
            Change::Replace { after, .. } => {
                *plan = (**after).clone();
                Ok(())
            }
        }
    }
}

/// Undo and redo stacks, and which point of them is saved on disk.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<(u64, Change)>,
    redo: Vec<(u64, Change)>,
    next_id: u64,
    saved: Option<u64>,
}

impl History {
    /// Records a change just applied; it clears what could be redone.
    pub fn record(&mut self, change: Change) {
        self.next_id += 1;
        self.undo.push((self.next_id, change));
        self.redo.clear();
    }

    /// The change to invert for undo, moved to the redo stack.
    pub fn take_undo(&mut self) -> Option<Change> {
        let (id, change) = self.undo.pop()?;
        self.redo.push((id, change.clone()));
        Some(change)
    }

    /// The change to re-apply for redo, moved back to the undo stack.
    pub fn take_redo(&mut self) -> Option<Change> {
        let (id, change) = self.redo.pop()?;
        self.undo.push((id, change.clone()));
        Some(change)
    }

    /// True when a row of `table` was added (and not undone).
    pub fn added(&self, table: Table) -> bool {
        self.undo
            .iter()
            .any(|(_, change)| matches!(change, Change::Insert { row, .. } if row.table() == table))
    }

    /// Marks the current point as what is on disk.
    pub fn mark_saved(&mut self) {
        self.saved = self.undo.last().map(|(id, _)| *id);
    }

    /// Where the history stands: a new value after every change, undo and
    /// redo, the same value whenever the plan is back to the same point.
    pub fn version(&self) -> Option<u64> {
        self.undo.last().map(|(id, _)| *id)
    }

    /// True when the plan differs from what was last saved (or opened).
    pub fn is_modified(&self) -> bool {
        self.undo.last().map(|(id, _)| *id) != self.saved
    }
}
