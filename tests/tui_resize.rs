//! Input is never held: after a resize (SIGWINCH), or after bytes that start
//! a sequence and never finish it (Alt-[, a lone 0xE9), the next key is read,
//! `q` quits, a SIGTERM stops the planner with its changes kept, and a closed
//! terminal leaves no process behind. Each case runs the real binary in tmux.

mod common;

use common::tmux::*;
use inferplan::store::plan_file;
use std::path::Path;
use std::time::{Duration, Instant};

/// A person's "at once": what the planner must answer within.
const AT_ONCE: Duration = Duration::from_secs(1);
/// What a stop on a signal or a hang-up may take, the rescue written.
const STOP: Duration = Duration::from_secs(2);

/// The terminal changes size, and the planner is told (SIGWINCH).
fn resize(tmux: &Tmux) {
    let o = tmux.run(&["resize-window", "-t", SESSION, "-x", "96", "-y", "30"]);
    assert!(
        o.status.success(),
        "tmux resize-window: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The signal is the kernel's to deliver; give it a moment.
    std::thread::sleep(Duration::from_millis(150));
}

/// Bytes written to the terminal as they are (`send-keys -H`), then the
/// pause a person's next key comes after.
fn send_bytes(tmux: &Tmux, hex: &[&str]) {
    let mut args = vec!["-H"];
    args.extend_from_slice(hex);
    tmux.send(&args);
    std::thread::sleep(Duration::from_millis(150));
}

/// Sends `q` and waits for the pane to close.
fn q_quits_at_once(tmux: &Tmux, case: &str) {
    let start = Instant::now();
    tmux.send(&["q"]);
    while tmux.is_running() {
        assert!(
            start.elapsed() < AT_ONCE,
            "{case}: `q` did not quit within {AT_ONCE:?}; the screen shows:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn scenarios_shown(s: &str) -> bool {
    s.contains("B: growth-stage startup")
}

fn selection_on_b(s: &str) -> bool {
    s.lines().any(|l| l.contains("▶ B: growth-stage"))
}

/// A planner on a fresh plan, one key (`j`) read, before anything else.
fn planner_with_a_key_read() -> (tempfile::TempDir, tempfile::TempDir, Tmux) {
    let (plans, data, plan_path) = a_plan_and_a_data_folder();
    let tmux = Tmux::open_planner(&plan_path, data.path());
    tmux.wait_for("the Scenarios tab", scenarios_shown);
    tmux.send(&["j"]);
    tmux.wait_for("the selection on B", selection_on_b);
    (plans, data, tmux)
}

#[test]
fn after_a_resize_in_the_table_the_next_keys_are_read() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, _data, tmux) = planner_with_a_key_read();
    resize(&tmux);
    tmux.send(&["k"]);
    tmux.wait_for("the selection back on A", |s| {
        s.lines().any(|l| l.contains("▶ A: "))
    });
    q_quits_at_once(&tmux, "the table");
}

#[test]
fn after_a_resize_in_a_cell_the_edit_goes_on() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, _data, tmux) = planner_with_a_key_read();
    tmux.send(&["l", "Enter", "C-u"]);
    tmux.type_text("12M");
    resize(&tmux);
    tmux.send(&["BSpace"]);
    tmux.type_text("M");
    tmux.send(&["Enter"]);
    // Exactly what was typed: no key lost, none fused with the one before.
    tmux.wait_for("B at 12M", |s| {
        row_shows(s, "B: growth-stage startup", &["12M"])
    });
    // Modified: `q` asks first, at once.
    let start = Instant::now();
    tmux.send(&["q"]);
    while !tmux.screen().contains("Unsaved changes") {
        assert!(
            start.elapsed() < AT_ONCE,
            "`q` did not ask within {AT_ONCE:?}:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    tmux.send(&["d"]);
    wait_until("the planner to quit", || !tmux.is_running());
}

#[test]
fn after_a_resize_in_help_it_closes_and_q_quits() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, _data, tmux) = planner_with_a_key_read();
    tmux.send(&["?"]);
    tmux.wait_for("help", |s| s.contains("close help") || s.contains("Keys"));
    resize(&tmux);
    tmux.send(&["Escape"]);
    tmux.wait_for("help closed", |s| !s.contains("closes"));
    q_quits_at_once(&tmux, "help");
}

#[test]
fn after_a_resize_in_a_popup_it_closes_and_q_quits() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, _data, tmux) = planner_with_a_key_read();
    tmux.send(&["p"]);
    tmux.wait_for("the settings popup", |s| s.contains("Plan settings"));
    resize(&tmux);
    tmux.send(&["Escape"]);
    tmux.wait_for("the popup closed", |s| !s.contains("Plan settings"));
    q_quits_at_once(&tmux, "the settings popup");
}

#[test]
fn an_unfinished_sequence_never_holds_the_next_key() {
    if skip_without_tmux() {
        return;
    }
    // Alt-[ and Alt-O start a CSI and an SS3 sequence; 0xC3 and 0xE9 start
    // a UTF-8 character; none of them ever finishes.
    for (case, bytes) in [
        ("Alt-[", &["1b", "5b"][..]),
        ("Alt-O", &["1b", "4f"][..]),
        ("a lone 0xE9", &["e9"][..]),
        ("a lone 0xC3", &["c3"][..]),
    ] {
        let (_plans, _data, tmux) = planner_with_a_key_read();
        send_bytes(&tmux, bytes);
        q_quits_at_once(&tmux, case);
    }
}

#[test]
fn a_lone_esc_in_a_cell_cancels_and_the_next_key_is_its_own() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, _data, tmux) = planner_with_a_key_read();
    tmux.send(&["l", "Enter", "C-u"]);
    tmux.type_text("12");
    send_bytes(&tmux, &["1b"]);
    // Esc left the cell unchanged; `k` moves, not Alt-k.
    tmux.send(&["k"]);
    tmux.wait_for("the selection on A", |s| {
        s.lines().any(|l| l.contains("▶ A: "))
    });
    let screen = tmux.screen();
    assert!(
        row_shows(&screen, "B: growth-stage startup", &["50M"]),
        "{screen}"
    );
    q_quits_at_once(&tmux, "after Esc in a cell");
}

/// The planner's pid, then the planner modified (B raised) and resized, and
/// after the resize one byte that starts a sequence (when given).
fn modified_and_resized(plan_path: &Path, data: &Path, then: &[&str]) -> (Tmux, String) {
    let tmux = Tmux::open_planner(plan_path, data);
    raise_b_to_100m(&tmux);
    let pid = tmux.pane_pid();
    resize(&tmux);
    if !then.is_empty() {
        send_bytes(&tmux, then);
    }
    (tmux, pid)
}

fn rescued_tokens_of_b(plans: &Path) -> u64 {
    plan_file::load(&plans.join("plan.unsaved.toml"))
        .expect("unsaved changes kept beside the plan")
        .scenarios[1]
        .tokens_per_day
}

#[test]
fn sigterm_after_a_resize_stops_the_planner_with_its_changes_kept() {
    if skip_without_tmux() {
        return;
    }
    for then in [&[][..], &["1b", "5b"][..], &["e9"][..]] {
        let (plans, data, plan_path) = a_plan_and_a_data_folder();
        let (tmux, pid) = modified_and_resized(&plan_path, data.path(), then);
        let start = Instant::now();
        signal(&pid, "-TERM");
        while tmux.is_running() {
            assert!(
                start.elapsed() < STOP,
                "after {then:?}: SIGTERM did not stop the planner within {STOP:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(rescued_tokens_of_b(plans.path()), 100_000_000);
    }
}

#[test]
fn closing_the_terminal_after_a_resize_leaves_no_process() {
    if skip_without_tmux() {
        return;
    }
    for then in [&[][..], &["1b", "5b"][..], &["e9"][..]] {
        let (plans, data, plan_path) = a_plan_and_a_data_folder();
        let (tmux, pid) = modified_and_resized(&plan_path, data.path(), then);
        tmux.run(&["kill-session", "-t", SESSION]);
        let start = Instant::now();
        while is_not_a_zombie(&pid) {
            assert!(
                start.elapsed() < STOP,
                "after {then:?}: the planner (pid {pid}) still runs {STOP:?} after its terminal closed"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(rescued_tokens_of_b(plans.path()), 100_000_000);
    }
}
