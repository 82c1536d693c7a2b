//! Suspended (Ctrl-z), the terminal is the shell's again, cursor and all;
//! a terminal that closes while the planner is stopped takes nothing with
//! it; and text typed into a cell survives a kill on its own. The real
//! binary, in tmux.

mod common;

use common::tmux::*;
use inferplan::store::plan_file;
use std::path::Path;
use std::time::{Duration, Instant};

/// What tmux knows of the pane: `cursor_flag` is 1 while its cursor shows.
fn pane(tmux: &Tmux, format: &str) -> String {
    let o = tmux.run(&["display-message", "-p", "-t", SESSION, format]);
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// The recovery copies written whole (a copy being written is a hidden
/// temporary file until it is renamed into place).
fn recovery_copies(data: &Path) -> usize {
    std::fs::read_dir(data.join("recovery")).map_or(0, |d| {
        d.flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .count()
    })
}

/// The text of the recovery copies written whole.
fn recovery_text(data: &Path) -> String {
    std::fs::read_dir(data.join("recovery")).map_or(String::new(), |d| {
        d.flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect()
    })
}

#[test]
fn suspended_the_cursor_shows_and_a_closed_terminal_keeps_the_change() {
    if skip_without_tmux() {
        return;
    }
    let (plans, data, plan_path) = a_plan_and_a_data_folder();
    let tmux = Tmux::open_planner_in_a_shell(&plan_path, data.path());
    raise_b_to_100m(&tmux);
    assert_eq!(pane(&tmux, "#{cursor_flag}"), "0", "the planner hides it");
    // At once after the change: no pause for the copy to be kept in.
    tmux.send(&["C-z"]);
    let pid = planner_pid(&plan_path);
    wait_until("the planner to stop", || process_state(&pid) == Some('T'));
    tmux.wait_for("the shell's screen", |s| !s.contains("Scenarios"));
    assert_eq!(
        pane(&tmux, "#{cursor_flag}"),
        "1",
        "the cursor shows while the planner is suspended"
    );
    assert_eq!(
        recovery_copies(data.path()),
        1,
        "a recovery copy is kept before stopping"
    );

    tmux.run(&["kill-session", "-t", SESSION]);
    let start = Instant::now();
    while is_not_a_zombie(&pid) {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the stopped planner (pid {pid}) still runs 2 s after its terminal closed"
        );
        std::thread::sleep(POLL);
    }
    let rescued = plan_file::load(&plans.path().join("plan.unsaved.toml"))
        .expect("the rescue beside the plan");
    assert_eq!(rescued.scenarios[1].tokens_per_day, 100_000_000);
    drop(tmux);

    let tmux = Tmux::open_planner(&plan_path, data.path());
    tmux.wait_for("the offer of the kept changes", |s| {
        s.contains("Restore unsaved changes?")
    });
    tmux.send(&["r"]);
    tmux.wait_for("B at 100M again", |s| {
        row_shows(s, "B: growth-stage startup", &["100M", "750.00"])
    });
}

#[test]
fn text_typed_into_a_cell_alone_survives_a_kill() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, data, plan_path) = a_plan_and_a_data_folder();
    let tmux = Tmux::open_planner(&plan_path, data.path());
    tmux.wait_for("the Scenarios tab", |s| {
        s.contains("B: growth-stage startup")
    });
    tmux.send(&["j", "l", "Enter", "C-u"]);
    tmux.type_text("12M");
    // The copy follows the typing (as if entered): wait for all of it.
    wait_until("a recovery copy of the typing", || {
        recovery_copies(data.path()) == 1
            && recovery_text(data.path()).contains("tokens_per_day = 12000000")
    });
    kill_hard(&tmux);
    drop(tmux);

    let tmux = Tmux::open_planner(&plan_path, data.path());
    tmux.wait_for("the offer of the kept changes", |s| {
        s.contains("Restore unsaved changes?")
    });
    tmux.send(&["r"]);
    tmux.wait_for("B at 12M", |s| {
        row_shows(s, "B: growth-stage startup", &["12M"])
    });
}
