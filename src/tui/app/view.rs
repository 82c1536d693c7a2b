//! Which rows of a table are in view and in what order: a filter typed with
//! `/` and a sort chosen with `s`. The selection stays a plan row (edits,
//! undo and the explanation need no translation); navigation and drawing
//! go through the view's order. Without a filter or sort the view is the
//! plan's order and costs nothing.

use crate::columns::{self, SortKey};
use crate::engine::Results;
use crate::plan::{Plan, Table};
use std::cmp::Ordering;

/// A sort by one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The column, an index into the table's columns.
    pub col: usize,
    /// Largest first.
    pub descending: bool,
}

/// The rows of one table in view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowView {
    /// Rows whose name holds this (case-insensitive); empty shows all.
    pub filter: String,
    /// The order, if not the plan's.
    pub sort: Option<Sort>,
    /// Plan rows in view order; `None` is every row in plan order.
    order: Option<Vec<usize>>,
    /// How many rows the table had when the order was made.
    made_for: usize,
    /// What the order was made from: the filter (lower case), the sort and
    /// the results' generation, so a longer filter can narrow it.
    made_from: Option<(String, Option<Sort>, u64)>,
    /// The orders a filter was narrowed from, shortest filter first: a key
    /// taken back finds its order here instead of sorting again.
    wider: Vec<(String, Vec<usize>)>,
}

impl RowView {
    /// How many rows are in view of a table of `total`.
    pub fn len(&self, total: usize) -> usize {
        self.order.as_ref().map_or(total, Vec::len)
    }

    /// The plan row at a place in view.
    pub fn at(&self, place: usize) -> usize {
        self.order.as_ref().map_or(place, |o| o[place])
    }

    /// The place in view of a plan row; `None` when filtered out.
    pub fn place(&self, row: usize) -> Option<usize> {
        match &self.order {
            None => Some(row),
            Some(o) => o.iter().position(|&r| r == row),
        }
    }

    /// True when a filter or sort is set.
    pub fn is_active(&self) -> bool {
        !self.filter.is_empty() || self.sort.is_some()
    }

    /// True when the table's row count changed since the order was made.
    pub fn is_stale(&self, total: usize) -> bool {
        self.is_active() && self.made_for != total
    }

    /// Makes the order again from the filter and sort. `keep` stays in view
    /// even if the filter would hide it (a row just added or selected).
    /// `generation` names the results: a filter typed longer over the same
    /// rows, sort and results narrows the order it has (no sort again).
    pub fn rebuild(
        &mut self,
        plan: &Plan,
        results: &Results,
        table: Table,
        keep: Option<usize>,
        generation: u64,
    ) {
        let total = table.len(plan);
        let needle = self.filter.to_lowercase();
        let made_from = (needle.clone(), self.sort, generation);
        let same = matches!(
            (&self.order, &self.made_from),
            (Some(_), Some((_, sort, g)))
                if keep.is_none() && self.made_for == total && *sort == self.sort && *g == generation
        );
        let was = self.made_from.take().map(|m| m.0).unwrap_or_default();
        self.made_for = total;
        self.made_from = Some(made_from);
        if !same {
            self.wider.clear();
        }
        if !self.is_active() {
            self.order = None;
            return;
        }
        if same && needle != was {
            // Taken back to a filter typed before: its order, as it was.
            if let Some(at) = self.wider.iter().position(|(f, _)| *f == needle) {
                self.order = Some(self.wider.swap_remove(at).1);
                self.wider.truncate(at);
                return;
            }
            // Typed longer: what the longer filter holds, the shorter held.
            if needle.contains(was.as_str())
                && let Some(order) = &mut self.order
            {
                self.wider.push((was, order.clone()));
                order.retain(|&i| holds(table.key(plan, i).unwrap_or(""), &needle));
                return;
            }
        }
        self.wider.clear();
        let mut order: Vec<usize> = (0..total)
            .filter(|&i| Some(i) == keep || holds(table.key(plan, i).unwrap_or(""), &needle))
            .collect();
        if let Some(sort) = self.sort {
            let column = &columns::of(table)[sort.col.min(columns::of(table).len() - 1)];
            let mut keyed: Vec<(SortKey, usize)> = order
                .iter()
                .map(|&i| ((column.value)(plan, results, i).value.sort_key(), i))
                .collect();
            // Ties fall to plan order below, so an unstable sort is exact.
            keyed.sort_unstable_by(|a, b| {
                let by = a.0.cmp(&b.0);
                let by = if sort.descending { by.reverse() } else { by };
                // Missing values last either way; ties in plan order.
                a.0.is_missing()
                    .cmp(&b.0.is_missing())
                    .then(by)
                    .then(a.1.cmp(&b.1))
            });
            order = keyed.into_iter().map(|(_, i)| i).collect();
        }
        self.order = Some(order);
    }
}

/// Case-insensitive "holds", without allocating per row.
fn holds(name: &str, lower_needle: &str) -> bool {
    if lower_needle.is_empty() {
        return true;
    }
    if name.is_ascii() && lower_needle.is_ascii() {
        let (h, n) = (name.as_bytes(), lower_needle.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    name.to_lowercase().contains(lower_needle)
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            (SortKey::Missing, SortKey::Missing) => Ordering::Equal,
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_longer_filter_narrows_to_what_a_fresh_view_shows() {
        let plan = crate::store::plan_file::synthetic_plan(500, 0);
        let results = crate::engine::evaluate(&plan, plan.settings.estimate);
        let sort = Some(Sort {
            col: 2,
            descending: true,
        });
        let mut typed = RowView {
            sort,
            ..RowView::default()
        };
        let filters = [
            "",
            "f",
            "fl",
            "flash",
            "flash #1",
            "flash #12",
            "flash #1",
            "flash",
            "",
            "x",
            "v3",
            "v3.",
        ];
        for filter in filters {
            typed.filter = filter.to_string();
            typed.rebuild(&plan, &results, Table::Models, None, 7);
            let mut fresh = RowView {
                filter: filter.to_string(),
                sort,
                ..RowView::default()
            };
            fresh.rebuild(&plan, &results, Table::Models, None, 7);
            assert_eq!(typed.order, fresh.order, "{filter:?}");
        }
        // Other results: made again, not narrowed.
        typed.filter = "flash #12".into();
        typed.rebuild(&plan, &results, Table::Models, None, 8);
        assert_eq!(typed.made_from.as_ref().map(|m| m.2), Some(8));
    }
}
