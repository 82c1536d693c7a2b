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
