//! The layering ARCHITECTURE.md states is the one the code has: every
//! `crate::` path in `src/` goes to a module its table lets the importing
//! module use, and no two top-level modules (nor two parts of the planner)
//! depend on each other, however indirectly.
//!
//! The table is read from ARCHITECTURE.md itself, so the document and this
//! test cannot say different things.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module of the table: its path (`engine`, `tui::app`) and what it may use.
#[derive(Debug)]
struct Rule {
    module: String,
    may_use: BTreeSet<String>,
}

/// The rows of ARCHITECTURE.md's module table: `| \`module\` | holds | may use |`.
fn rules() -> Vec<Rule> {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut rules = Vec::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // ["", module, holds, may use, ""]
        if cells.len() != 5 || !cells[1].starts_with('`') {
            continue;
        }
        let module = cells[1].trim_matches('`').to_string();
        let may_use = backticked(cells[3]).into_iter().collect();
        rules.push(Rule { module, may_use });
    }
    assert!(
        rules.len() >= 10,
        "ARCHITECTURE.md's module table was not found (read {} rows)",
        rules.len()
    );
    rules
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, as its module path (`tui::app::update`).
fn sources(dir: &Path, prefix: &[String], out: &mut Vec<(Vec<String>, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let mut module = prefix.to_vec();
        if path.is_dir() {
            module.push(name);
            sources(&path, &module, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if name != "mod" {
                module.push(name);
            }
            out.push((module, path));
        }
    }
}

/// The code of a file without comments, strings and its `#[cfg(test)]`
/// modules (tests may reach anything they check).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| {
            let l = l.split("//").next().unwrap_or_default();
            // Drop string literals: a path quoted in a message imports nothing.
            let mut kept = String::new();
            for (i, part) in l.split('"').enumerate() {
                if i % 2 == 0 {
                    kept.push_str(part);
                }
            }
            kept
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names: `crate::a::b::Item` gives `a::b::Item`.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `mycrate::` is not `crate::`
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path: Vec<String> = rest[..end]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !path.is_empty() {
            out.push(path);
        }
    }
    out
}

/// The rule that governs a module: the longest table row it lies in.
fn rule_for<'a>(rules: &'a [Rule], module: &[String]) -> Option<&'a Rule> {
    rules
        .iter()
        .filter(|r| starts_with(module, &r.module))
        .max_by_key(|r| r.module.matches("::").count())
}

fn starts_with(module: &[String], prefix: &str) -> bool {
    let prefix: Vec<&str> = prefix.split("::").collect();
    module.len() >= prefix.len() && module.iter().zip(&prefix).all(|(a, b)| a == b)
}

/// Which module an import reaches, at the depth the table names it.
fn target<'a>(rules: &'a [Rule], path: &[String]) -> Option<&'a Rule> {
    rule_for(rules, path)
}

/// Every import, as (importing rule, imported rule, file).
fn imports(rules: &[Rule]) -> Vec<(String, String, String)> {
    let mut files = Vec::new();
    sources(&root().join("src"), &[], &mut files);
    let mut out = Vec::new();
    for (module, path) in files {
        if module.is_empty() || module == ["lib"] || module == ["main"] {
            continue;
        }
        let from = rule_for(rules, &module).unwrap_or_else(|| {
            panic!(
                "{} is in no module of ARCHITECTURE.md's table",
                path.display()
            )
        });
        let text = fs::read_to_string(&path).expect("a source file");
        let shown = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        for p in paths_in(&code_of(&text)) {
            let Some(to) = target(rules, &p) else {
                panic!(
                    "{shown} names crate::{}, which the table does not list",
                    p.join("::")
                );
            };
            if to.module != from.module {
                out.push((from.module.clone(), to.module.clone(), shown.clone()));
            }
        }
    }
    out
}

/// May `from` use `to`? A part of a module (`tui::app`) is held to its own
/// row for its siblings (`tui::views`) and to its parent's for the rest.
fn allowed(rules: &[Rule], from: &str, to: &str) -> bool {
    let parent = |m: &str| m.split("::").next().unwrap_or_default().to_string();
    let by_row = |row: &str| {
        rules.iter().find(|r| r.module == row).is_some_and(|r| {
            r.may_use
                .iter()
                .any(|m| to == m || to.starts_with(&format!("{m}::")))
        })
    };
    if parent(from) == parent(to) {
        // Within one top-level module: the parent itself is open to its parts,
        // and a part's row lists the siblings it may use.
        return to == parent(from) || by_row(from);
    }
    by_row(&parent(from))
}

#[test]
fn every_import_is_one_the_architecture_table_allows() {
    let rules = rules();
    let mut broken = BTreeSet::new();
    for (from, to, file) in imports(&rules) {
        if !allowed(&rules, &from, &to) {
            broken.insert(format!("{file}: {from} uses {to}"));
        }
    }
    assert!(
        broken.is_empty(),
        "{} imports the table of ARCHITECTURE.md forbids:\n{}",
        broken.len(),
        broken.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_two_modules_depend_on_each_other() {
    let rules = rules();
    // Two graphs: top-level modules, and the parts within each one.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to, _) in imports(&rules) {
        let top = |m: &str| m.split("::").next().unwrap_or_default().to_string();
        let (a, b) = if top(&from) == top(&to) {
            (from, to)
        } else {
            (top(&from), top(&to))
        };
        if a != b {
            graph.entry(a).or_default().insert(b);
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!("modules depend on each other: {}", cycle.join(" → "));
    }
}

/// A cycle of the graph, if it has one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_root_of_src_holds_only_the_crate_files() {
    let mut at_root: Vec<String> = fs::read_dir(root().join("src"))
        .expect("src")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_file())
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
        .collect();
    at_root.sort();
    assert_eq!(at_root, ["lib.rs", "main.rs"]);
}

#[test]
fn the_checker_finds_what_it_must() {
    // The test above would pass for the wrong reason if nothing were read.
    let code = code_of(
        "use crate::plan::Plan;\n// crate::tui in a comment\nlet s = \"crate::cli\";\nfn f() { crate::engine::evaluate(); }\n#[cfg(test)]\nmod tests { use crate::tui; }",
    );
    let paths: Vec<String> = paths_in(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["plan::Plan", "engine::evaluate"]);
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}
