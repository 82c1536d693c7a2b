//! Paths that are not plan files: a FIFO would block a read forever and
//! `/dev/zero` never ends. Every command refuses them at once, saying what
//! they are.
#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary; fails the test if it takes more than a few seconds.
fn run_briefly(args: &[&str], data: &Path) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_inferplan"))
        .args(args)
        .env("INFERPLAN_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("`inferplan {}` still runs after 5 s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (o.status.code(), text(&o.stdout), text(&o.stderr))
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success());
}

#[test]
fn a_fifo_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.toml");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    for args in [
        vec!["check", fifo],
        vec!["report", fifo],
        vec!["compare", fifo, fifo],
        vec!["check", "/dev/zero"],
        vec!["report", "/dev/zero"],
    ] {
        let (code, _, err) = run_briefly(&args, dir.path());
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
}

#[test]
fn a_fifo_in_the_library_is_listed_as_unreadable() {
    let data = tempfile::tempdir().unwrap();
    let plans = data.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    mkfifo(&plans.join("pipe.toml"));
    let (code, out, err) = run_briefly(&["list"], data.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("pipe.toml") && out.contains("not a regular file"),
        "{out}"
    );
}

#[test]
fn a_fifo_beside_a_plan_as_its_results_does_not_block_compare() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.toml");
    std::fs::write(&plan, inferplan::plan::DEFAULT_PLAN_TOML).unwrap();
    mkfifo(&dir.path().join("p.toml.results.json"));
    let plan = plan.to_str().unwrap();
    let (code, out, err) = run_briefly(&["compare", plan, plan], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("saved results cannot be read"), "{out}");
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn chart_to(output: &Path, data: &Path) -> (Option<i32>, String, String) {
    run_briefly(
        &[
            "chart",
            "--scenario",
            "B: growth-stage startup",
            "-o",
            output.to_str().unwrap(),
        ],
        data,
    )
}

#[test]
fn a_chart_through_a_symlink_to_a_fifo_leaves_the_fifo_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let link = dir.path().join("chart.svg");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();

    // Nothing reads it: refused at once, not waited on.
    let (code, _, err) = chart_to(&link, dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("a pipe (FIFO) that nothing reads"), "{err}");
    assert!(is_fifo(&fifo), "still a FIFO");

    // Something reads it: the chart goes into the pipe.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    // The reader's open waits for a writer; give it a moment to start.
    std::thread::sleep(Duration::from_millis(200));
    let (code, _, err) = chart_to(&link, dir.path());
    assert_eq!(code, Some(0), "{err}");
    let svg = reader.join().unwrap();
    assert!(
        svg.starts_with("<svg") || svg.contains("<svg "),
        "{svg:.80}"
    );
    assert!(is_fifo(&fifo), "still a FIFO");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_device_is_written_into_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chart_to(Path::new("/dev/null"), dir.path());
    assert_eq!(code, Some(0), "{err}");
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(
        null.file_type().is_char_device(),
        "/dev/null is a device still"
    );
    assert!(!Path::new("/dev/plan.schema.json").exists());

    // A link through /proc to the pipe the test reads.
    let (code, out, err) = chart_to(Path::new("/dev/stdout"), dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("<svg "), "{out:.80}");
    let (code, out, err) = run_briefly(&["new", "--force", "/dev/null"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        !out.contains("JSON Schema"),
        "no schema beside a device: {out}"
    );
}

#[test]
fn new_force_and_saved_results_never_replace_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.toml");
    mkfifo(&fifo);
    let (code, _, err) = run_briefly(&["new", "--force", fifo.to_str().unwrap()], dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(is_fifo(&fifo), "{err}");

    let plan = dir.path().join("q.toml");
    std::fs::write(&plan, inferplan::plan::DEFAULT_PLAN_TOML).unwrap();
    let sidecar = dir.path().join("q.toml.results.json");
    mkfifo(&sidecar);
    let (code, _, err) = run_briefly(
        &["report", "--save-results", plan.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("nothing reads"), "{err}");
    assert!(is_fifo(&sidecar));
}

#[test]
fn a_plan_is_saved_to_a_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.toml");
    mkfifo(&fifo);
    let plan = inferplan::store::plan_file::default_plan();
    let e = inferplan::store::plan_file::save(&plan, &fifo).unwrap_err();
    assert!(
        e.to_string()
            .contains("not saved: it is a pipe (FIFO), not a file"),
        "{e}"
    );
    assert!(is_fifo(&fifo));
    let e = inferplan::store::plan_file::save(&plan, dir.path()).unwrap_err();
    assert!(e.to_string().contains("it is a folder, not a file"), "{e}");
}
