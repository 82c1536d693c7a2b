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

    /// Puts this row in the plan at `index`, in place of the one there.
    pub fn put(self, plan: &mut Plan, index: usize) {
        match self {
            Row::Scenario(s) => plan.scenarios[index] = s,
            Row::Model(m) => plan.models[index] = m,
            Row::Tier(t) => plan.gpu_tiers[index] = t,
            Row::Overhead(o) => plan.overheads[index] = o,
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

/// A row as it was before a change and as the change left it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowEdit {
    /// Where it is in its table.
    pub index: usize,
    /// Before.
    pub before: Row,
    /// After.
    pub after: Row,
}

/// The plan's name and settings, which the settings popup edits.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The plan's name.
    pub name: String,
    /// Its settings.
    pub settings: Settings,
}

impl Head {
    fn of(plan: &Plan) -> Head {
        Head {
            name: plan.name.clone(),
            settings: plan.settings.clone(),
        }
    }
}

/// One undoable change.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A cell's value: every row the edit changed, whole, before and after,
    /// so undo restores what a setter cleared too.
    Cell {
        /// The table.
        table: Table,
        /// The row.
        row: usize,
        /// The column, an index into `columns::of(table)`.
        col: usize,
        /// The cell's row, and the rows that follow a renamed model or tier.
        rows: Vec<RowEdit>,
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
    /// The plan's name or one setting, by the field edited.
    Setting {
        /// An index into `columns::settings::FIELDS`.
        field: usize,
        /// Before.
        before: Box<Head>,
        /// After.
        after: Box<Head>,
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
    /// Writes `text` into a cell of `plan` and returns the change it made,
    /// or says why the text is refused (the plan is then left as it was).
    pub fn cell(
        plan: &mut Plan,
        table: Table,
        row: usize,
        col: usize,
        text: &str,
    ) -> Result<Change, String> {
        let column = columns::of(table)
            .get(col)
            .ok_or_else(|| format!("no column {col} in {}", table.toml_name()))?;
        let mut at = vec![(table, row)];
        at.extend(table.referring_rows(plan, row));
        let before: Vec<Row> = at
            .iter()
            .filter_map(|&(t, i)| Row::of(plan, t, i))
            .collect();
        column.apply(plan, row, text)?;
        let rows = at
            .iter()
            .zip(before)
            .filter_map(|(&(t, index), before)| {
                let after = Row::of(plan, t, index)?;
                (after != before).then_some(RowEdit {
                    index,
                    before,
                    after,
                })
            })
            .collect();
        Ok(Change::Cell {
            table,
            row,
            col,
            rows,
        })
    }

    /// Writes `text` into a field of the settings popup and returns the
    /// change it made, or says why the text is refused.
    pub fn setting(plan: &mut Plan, field: usize, text: &str) -> Result<Change, String> {
        let column = columns::settings::FIELDS
            .get(field)
            .ok_or_else(|| format!("no setting {field}"))?;
        let before = Head::of(plan);
        column.apply(plan, 0, text)?;
        Ok(Change::Setting {
            field,
            before: Box::new(before),
            after: Box::new(Head::of(plan)),
        })
    }

    /// True when it changes nothing (a cell set to what it held).
    pub fn is_empty(&self) -> bool {
        match self {
            Change::Cell { rows, .. } => rows.is_empty(),
            Change::Setting { before, after, .. } => before == after,
            _ => false,
        }
    }

    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self.clone() {
            Change::Cell {
                table,
                row,
                col,
                rows,
            } => Change::Cell {
                table,
                row,
                col,
                rows: rows
                    .into_iter()
                    .map(|e| RowEdit {
                        index: e.index,
                        before: e.after,
                        after: e.before,
                    })
                    .collect(),
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

    /// Applies the change to the plan it was made on (or, for its inverse,
    /// the plan it left).
    pub fn apply(&self, plan: &mut Plan) {
        match self {
            Change::Cell { rows, .. } => {
                for e in rows {
                    e.after.clone().put(plan, e.index);
                }
            }
            Change::Insert { index, row } => match row.clone() {
                Row::Scenario(s) => plan.scenarios.insert(*index, s),
                Row::Model(m) => plan.models.insert(*index, m),
                Row::Tier(t) => plan.gpu_tiers.insert(*index, t),
                Row::Overhead(o) => plan.overheads.insert(*index, o),
            },
            Change::Remove { index, row } => match row {
                Row::Scenario(_) => drop(plan.scenarios.remove(*index)),
                Row::Model(_) => drop(plan.models.remove(*index)),
                Row::Tier(_) => drop(plan.gpu_tiers.remove(*index)),
                Row::Overhead(_) => drop(plan.overheads.remove(*index)),
            },
            Change::Setting { after, .. } => {
                plan.name.clone_from(&after.name);
                plan.settings = after.settings.clone();
            }
            Change::Settings { after, .. } => plan.settings = after.clone(),
            Change::Replace { after, .. } => *plan = (**after).clone(),
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
