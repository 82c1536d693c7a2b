//! The four tables of a plan, named once: their TOML names, the field that
//! identifies a row, and how people call them. Validation, the plan file,
//! comparison, undo and the views all name a table through this.

use super::Plan;

/// A table of rows in a plan (an array of tables in the plan file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// `[[gpu_tiers]]`, keyed by `id`.
    GpuTiers,
    /// `[[models]]`, keyed by `name`.
    Models,
    /// `[[overheads]]`, keyed by `name`.
    Overheads,
    /// `[[scenarios]]`, keyed by `name`.
    Scenarios,
}

impl Table {
    /// Every table, in the order a plan file holds them.
    pub const ALL: [Table; 4] = [
        Table::GpuTiers,
        Table::Models,
        Table::Overheads,
        Table::Scenarios,
    ];

    /// The name in plan files and in problem paths (`models[2].tier`).
    pub fn toml_name(self) -> &'static str {
        match self {
            Table::GpuTiers => "gpu_tiers",
            Table::Models => "models",
            Table::Overheads => "overheads",
            Table::Scenarios => "scenarios",
        }
    }

    /// The field that identifies a row: unique within the table, and what
    /// other rows refer to and comparisons match by.
    pub fn key_field(self) -> &'static str {
        match self {
            Table::GpuTiers => "id",
            Table::Models | Table::Overheads | Table::Scenarios => "name",
        }
    }

    /// One row in words: "GPU tier", "model".
    pub fn row_label(self) -> &'static str {
        match self {
            Table::GpuTiers => "GPU tier",
            Table::Models => "model",
            Table::Overheads => "overhead",
            Table::Scenarios => "scenario",
        }
    }

    /// The table as a title: "GPU tiers", "Models".
    pub fn title(self) -> &'static str {
        match self {
            Table::GpuTiers => "GPU tiers",
            Table::Models => "Models",
            Table::Overheads => "Overheads",
            Table::Scenarios => "Scenarios",
        }
    }

    /// One row's kind as a JSON word: `gpu_tier`, `model`.
    pub fn row_key(self) -> &'static str {
        match self {
            Table::GpuTiers => "gpu_tier",
            Table::Models => "model",
            Table::Overheads => "overhead",
            Table::Scenarios => "scenario",
        }
    }

    /// How many rows the plan holds in this table.
    pub fn len(self, plan: &Plan) -> usize {
        match self {
            Table::GpuTiers => plan.gpu_tiers.len(),
            Table::Models => plan.models.len(),
            Table::Overheads => plan.overheads.len(),
            Table::Scenarios => plan.scenarios.len(),
        }
    }

    /// The key (id or name) of a row.
    pub fn key(self, plan: &Plan, row: usize) -> Option<&str> {
        Some(match self {
            Table::GpuTiers => &plan.gpu_tiers.get(row)?.id,
            Table::Models => &plan.models.get(row)?.name,
            Table::Overheads => &plan.overheads.get(row)?.name,
            Table::Scenarios => &plan.scenarios.get(row)?.name,
        })
    }

    /// The keys of every row, in order.
    pub fn keys(self, plan: &Plan) -> impl Iterator<Item = &str> {
        (0..self.len(plan)).filter_map(move |i| self.key(plan, i))
    }

    /// True when row `index` of this table is the same in both plans (or
    /// missing from both).
    pub fn same_row(self, a: &Plan, b: &Plan, index: usize) -> bool {
        match self {
            Table::GpuTiers => a.gpu_tiers.get(index) == b.gpu_tiers.get(index),
            Table::Models => a.models.get(index) == b.models.get(index),
            Table::Overheads => a.overheads.get(index) == b.overheads.get(index),
            Table::Scenarios => a.scenarios.get(index) == b.scenarios.get(index),
        }
    }

    /// The rows of other tables that refer to a row by its key: the models
    /// and scenarios on a tier, the scenarios of a model.
    pub fn referring_rows(self, plan: &Plan, row: usize) -> Vec<(Table, usize)> {
        let Some(key) = self.key(plan, row) else {
            return Vec::new();
        };
        let matching = |table: Table, refers: &dyn Fn(usize) -> bool| {
            (0..table.len(plan))
                .filter(|&i| refers(i))
                .map(move |i| (table, i))
                .collect::<Vec<_>>()
        };
        match self {
            Table::GpuTiers => {
                let mut rows = matching(Table::Models, &|i| plan.models[i].tier == key);
                rows.extend(matching(Table::Scenarios, &|i| {
                    plan.scenarios[i].tier.as_deref() == Some(key)
                }));
                rows
            }
            Table::Models => matching(Table::Scenarios, &|i| plan.scenarios[i].model == key),
            Table::Overheads | Table::Scenarios => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::plan_file::default_plan;

    #[test]
    fn keys_are_ids_for_tiers_and_names_for_the_rest() {
        let plan = default_plan();
        assert_eq!(Table::GpuTiers.key(&plan, 0), Some("7-9b"));
        assert_eq!(Table::Models.key(&plan, 2), Some("Qwen3-32B"));
        assert_eq!(Table::Scenarios.keys(&plan).count(), plan.scenarios.len());
        assert_eq!(Table::Overheads.key(&plan, 99), None);
    }
}
