//! `inferplan list`: the plans of the plan library.

use super::{Failure, refused};
use crate::output::report::TextTable;
use crate::plan::PlanError;
use crate::store::library;
use std::io::Write;

/// `inferplan list`: the library's plans as a table, or where it is and that it is empty.
pub fn run(out: &mut dyn Write) -> Result<(), Failure> {
    let dir = library::plans_dir().map_err(refused)?;
    let entries = library::list_in(&dir).map_err(refused)?;
    if entries.is_empty() {
        writeln!(
            out,
            "The plan library is empty ({}).\nStart a plan from the built-in one with: inferplan new --library NAME",
            dir.display()
        )?;
        return Ok(());
    }
    writeln!(out, "Plans in {}", dir.display())?;
    let mut t = TextTable::new(&[
        ("File", false),
        ("Name", false),
        ("Modified", false),
        ("Summary", false),
    ]);
    for e in entries {
        let (name, summary) = match &e.plan {
            Ok(s) => (s.name.clone(), s.figure()),
            Err(err) => ("(cannot read)".to_string(), problem_in_file(err)),
        };
        t.push(vec![
            e.file_name,
            name,
            e.modified.unwrap_or_default(),
            summary,
        ]);
    }
    out.write_all(t.to_text().as_bytes())?;
    Ok(())
}

/// A plan error without its file name, for a row that already names the file.
fn problem_in_file(e: &PlanError) -> String {
    let mut s = String::new();
    if let Some(loc) = e.location {
        s.push_str(&format!("line {}, column {}: ", loc.line, loc.column));
    }
    if let Some(field) = &e.field {
        s.push_str(&format!("{field}: "));
    }
    s.push_str(&e.message);
    s
}
