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
        for (c, r) in &columns {
            let end = cells.len() + r.csv.cells();
            (c.value)(plan, results, row).value.csv(&mut cells);
            // A missing figure is empty in each of its column's cells.
            cells.resize(end, String::new());
        }
        let quoted: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a field when it holds a comma, quote or line break (RFC 4180), or
/// was neutralised.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) || field.starts_with('\'') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::safe_text::neutralised;

    #[test]
    fn formulas_are_neutralised_and_quoted() {
        assert_eq!(
            quote(&neutralised("=HYPERLINK(\"x\")")),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(quote(&neutralised("@SUM(A1)")), "\"'@SUM(A1)\"");
        assert_eq!(quote(&neutralised("-2+3")), "\"'-2+3\"");
        assert_eq!(
            quote(&neutralised("A: hobby, project")),
            "\"A: hobby, project\""
        );
        assert_eq!(quote(&neutralised("Qwen3-32B")), "Qwen3-32B");
    }
}
