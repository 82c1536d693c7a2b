//! Names that try to take over the terminal: an OSC 52 clipboard write, a
//! clear-screen, a bell, a C1 control, a bidi override and a newline. No
//! command prints one of them as it is: the bytes ESC (0x1b) and BEL (0x07)
//! never reach stdout or stderr, and a newline never splits a table row.

mod common;

use common::run;
use std::path::Path;

/// OSC 52 (write the clipboard), ended by BEL.
const OSC52: &str = "\\u001b]52;c;SGVsbG8=\\u0007";
/// Clear the screen.
const CLEAR: &str = "\\u001b[2J";

/// The built-in plan with hostile names: the plan, a model (and the
/// scenarios that price it) and a scenario.
fn hostile_plan() -> String {
    let plan = inferplan::plan::DEFAULT_PLAN_TOML
        .replacen(
            "name = \"2026 open-model API prices vs self-hosting\"",
            &format!("name = \"plan {OSC52} name\""),
            1,
        )
        .replace("Qwen3-32B", &format!("Qwen{CLEAR}\\u009b32B"))
        .replacen(
            "name = \"A: hobby project\"",
            "name = \"A: hobby\\nproject \\u202eevil\\u0008\"",
            1,
        )
        // The architecture stays one the model table knows.
        .replace(
            &format!("architecture = \"Qwen/Qwen{CLEAR}\\u009b32B\""),
            "architecture = \"Qwen/Qwen3-32B\"",
        );
    assert!(
        plan.contains(OSC52) && plan.contains(CLEAR),
        "the plan was made hostile"
    );
    plan
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Neither stdout nor stderr holds ESC or BEL (or the C1 CSI, 0xc2 0x9b).
fn assert_clean(what: &str, o: &std::process::Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        for bad in [0x1b_u8, 0x07] {
            assert!(
                !bytes.contains(&bad),
                "{what}: {stream} holds byte {bad:#04x}:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        assert!(
            !bytes.windows(2).any(|w| w == [0xc2, 0x9b]),
            "{what}: {stream} holds a raw C1 CSI"
        );
        assert!(
            !String::from_utf8_lossy(bytes).contains('\u{202e}'),
            "{what}: {stream} holds a bidi override"
        );
    }
}

#[test]
fn no_command_prints_an_escape_sequence_from_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "hostile.toml", &hostile_plan());
    let builtin = write(
        dir.path(),
        "builtin.toml",
        inferplan::plan::DEFAULT_PLAN_TOML,
    );
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("check", vec!["check", &plan]),
        ("report table", vec!["report", &plan]),
        (
            "report markdown",
            vec!["report", &plan, "--format", "markdown"],
        ),
        ("report csv", vec!["report", &plan, "--format", "csv"]),
        ("report json", vec!["report", &plan, "--format", "json"]),
        ("compare table", vec!["compare", &builtin, &plan]),
        (
            "compare markdown",
            vec!["compare", &builtin, &plan, "--format", "markdown"],
        ),
        (
            "compare json",
            vec!["compare", &builtin, &plan, "--format", "json"],
        ),
        ("render", vec!["render", &plan, "--size", "200x40"]),
        (
            "new --library",
            vec!["new", "--library", "lib \u{1b}]52;c;SGk=\u{7} plan"],
        ),
        ("list", vec!["list"]),
        ("a bad argument", vec!["report", "--format", "\u{1b}[2J"]),
        (
            "a missing file",
            vec!["report", "/nonexistent/\u{1b}[2J.toml"],
        ),
    ];
    for (what, args) in runs {
        let o = run(&args, Some(dir.path()), Some(data.path()));
        assert_clean(what, &o);
    }
}

#[test]
fn the_library_lists_a_hostile_plan_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let plans = data.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    write(&plans, "hostile.toml", &hostile_plan());
    let o = run(&["list"], Some(dir.path()), Some(data.path()));
    assert!(o.status.success());
    assert_clean("list", &o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("\\u{1b}]52;c;"));
}

#[test]
fn an_error_quoting_a_hostile_value_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let bad = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "tier = \"27-32b\"",
        &format!("tier = \"x{OSC52}\""),
        1,
    );
    let plan = write(dir.path(), "bad.toml", &bad);
    let o = run(&["check", &plan], Some(dir.path()), None);
    assert_eq!(o.status.code(), Some(1));
    assert_clean("check of a bad plan", &o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown GPU tier"));
}

#[test]
fn a_newline_in_a_name_does_not_split_a_table_row() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "hostile.toml", &hostile_plan());
    for format in ["table", "markdown"] {
        let o = run(&["report", &plan, "--format", format], None, None);
        let text = String::from_utf8_lossy(&o.stdout);
        let row = text
            .lines()
            .find(|l| l.contains("A: hobby"))
            .unwrap_or_else(|| panic!("no row for A in\n{text}"));
        assert!(row.contains("A: hobby\\nproject"), "{row}");
        assert!(
            row.contains("7.50"),
            "the row goes on to its figures: {row}"
        );
    }
}

#[test]
fn a_results_file_from_elsewhere_is_quoted_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(dir.path(), "p.toml", inferplan::plan::DEFAULT_PLAN_TOML);
    let o = run(&["report", &plan, "--save-results"], None, None);
    assert!(o.status.success());
    // The results name the version that saved them: make it hostile, and
    // the plan newer than its results, so compare quotes it.
    let sidecar = format!("{plan}.results.json");
    let mut results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sidecar).unwrap()).unwrap();
    results["inferplan_version"] = serde_json::Value::String("9\u{1b}]52;c;SGk=\u{7}".into());
    std::fs::write(&sidecar, results.to_string()).unwrap();
    let edited = inferplan::plan::DEFAULT_PLAN_TOML.replacen("0.25", "0.26", 1);
    std::fs::write(&plan, edited).unwrap();
    let o = run(&["compare", &plan, &plan], None, None);
    assert_clean("compare with a tampered results file", &o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("inferplan 9\\u{1b}]52"), "{out}");
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let formula = inferplan::plan::DEFAULT_PLAN_TOML.replacen(
        "name = \"A: hobby project\"",
        "name = \"=HYPERLINK(\\\"http://x\\\",\\\"A\\\")\"",
        1,
    );
    let plan = write(dir.path(), "f.toml", &formula);
    let o = run(&["report", &plan, "--format", "csv"], None, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8_lossy(&o.stdout);
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK(\"\"http://x\"\",\"\"A\"\")\","),
        "{row}"
    );
}
