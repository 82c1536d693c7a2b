//! `docs/bad-input.md` names, for each kind of bad input, the tests that
//! keep its promise: every test it names exists, so a renamed or deleted
//! test cannot leave a row promising what nothing checks.

use std::path::Path;

const DOC: &str = include_str!("../docs/bad-input.md");

/// The source a reference points at: `FILE::name` is `tests/FILE.rs`,
/// `src/…rs::name` that file.
fn source_of(file: &str) -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = match file.starts_with("src/") {
        true => root.join(file),
        false => root.join("tests").join(format!("{file}.rs")),
    };
    std::fs::read_to_string(path).ok()
}

/// The test references of a row's last cell: `file::name`, and `…name`
/// (a name, or the start or end of one, in the file named before it).
fn references(cell: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut file = String::new();
    for (i, quoted) in cell.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        let (f, name) = match quoted.rsplit_once("::") {
            Some((f, name)) => (f.to_string(), name),
            None if quoted.starts_with('…') => (file.clone(), quoted),
            // A path without a test (a module named for where it lives).
            None => continue,
        };
        file.clone_from(&f);
        out.push((f, name.trim_matches(['…', '_']).to_string()));
    }
    out
}

#[test]
fn every_test_the_bad_input_doc_names_exists() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for row in DOC.lines().filter(|l| l.starts_with("| ")) {
        let Some(cell) = row.trim_end_matches('|').rsplit('|').next() else {
            continue;
        };
        for (file, name) in references(cell) {
            checked += 1;
            let found = source_of(&file).is_some_and(|source| {
                name == "*"
                    || source
                        .match_indices("fn ")
                        .any(|(at, _)| source[at + 3..].split('(').next().unwrap().contains(&name))
            });
            if !found {
                missing.push(format!("{file}::{name}"));
            }
        }
    }
    assert!(checked > 60, "read {checked} references");
    assert!(missing.is_empty(), "named but not found: {missing:#?}");
}
