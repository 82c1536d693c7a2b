//! One CSV row per scenario, raw numbers (money rounded to the cent), for
//! spreadsheets: the scenario columns reports carry, in report order.
//! Verdict, factor and break-even follow `include_overheads`.

use crate::columns;
use crate::engine::Results;
use crate::plan::{Plan, Table};

pub(super) fn render(plan: &Plan, results: &Results) -> String {
    let columns = columns::in_report(Table::Scenarios);
    let header: Vec<String> = columns.iter().flat_map(|(_, r)| r.csv.headers()).collect();
    let mut out = header.join(",");
    out.push('\n');
    let mut cells = Vec::with_capacity(header.len());
    for row in 0..plan.scenarios.len() {
        cells.clear();
        for (c, _) in &columns {
            (c.value)(plan, results, row).value.csv(&mut cells);
        }
        let quoted: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a field when it holds a comma, quote or line break (RFC 4180).
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
