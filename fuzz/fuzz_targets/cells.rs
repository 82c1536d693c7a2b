//! Any text typed into any cell of the built-in plan: parsing never panics,
//! and a value the cell takes that keeps the row valid evaluates to finite
//! figures and edits back exactly (undo relies on that).
#![no_main]

use inferplan::columns;
use inferplan::engine::evaluate;
use inferplan::engine::validate_row;
use inferplan::plan::Table;
use inferplan::store::plan_file::default_plan;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static PLAN: OnceLock<inferplan::plan::Plan> = OnceLock::new();
    let base = PLAN.get_or_init(default_plan);
    let [table, column, row, rest @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let table = Table::ALL[usize::from(*table) % Table::ALL.len()];
    let columns = columns::of(table);
    let column = &columns[usize::from(*column) % columns.len()];
    let row = usize::from(*row) % table.len(base);
    let mut plan = base.clone();
    if column.apply(&mut plan, row, text).is_err() || !validate_row(&plan, table, row).is_empty() {
        return;
    }
    let results = evaluate(&plan, plan.settings.estimate);
    for s in &results.scenarios {
        assert!(s.api.low.is_finite() && s.gpu_only.self_host.high.is_finite());
    }
    // The cell's own text for the value parses back to the same plan.
    let exact = column.edit_text(&plan, row).expect("an input column");
    let mut again = base.clone();
    column
        .apply(&mut again, row, &exact)
        .expect("edit text parses");
    assert_eq!(again, plan, "{exact:?}");
});
