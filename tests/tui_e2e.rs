//! The real planner in a real terminal: open a plan, raise scenario B to 100M
//! tokens a day, watch its API cost double to 750, save, quit, and find
//! exactly that change in the file; signals, a closed terminal, a suspend,
//! a crash, and saving over an edit or through a symlink.

mod common;

use common::tmux::*;
use inferplan::plan::Plan;
use inferplan::store::plan_file;
use std::path::Path;
use std::time::{Duration, Instant};

#[test]
fn raising_scenario_b_to_100m_doubles_its_api_cost_and_saves_only_that() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, data, plan_path) = a_plan_and_a_data_folder();
    let original: Plan = plan_file::load(&plan_path).unwrap();
    assert_eq!(original.scenarios[1].name, "B: growth-stage startup");
    assert_eq!(original.scenarios[1].tokens_per_day, 50_000_000);

    let tmux = Tmux::open_planner(&plan_path, data.path());

    tmux.wait_for("the Scenarios tab with scenario B", |s| {
        s.contains("Scenarios") && s.contains("B: growth-stage startup")
    });
    let before = tmux.screen();
    assert!(
        row_shows(&before, "B: growth-stage startup", &["50M", "375.00"]),
        "{before}"
    );

    // Scenario B is the second row; Tokens/day is the column after the name.
    tmux.send(&["j", "l", "Enter", "C-u"]);
    tmux.type_text("100M");
    tmux.send(&["Enter"]);
    let edited = tmux.wait_for("B's API cost of 750", |s| {
        row_shows(s, "B: growth-stage startup", &["100M", "750.00"])
    });
    assert!(edited.contains("modified"), "{edited}");
    // The other scenarios kept their figures.
    assert!(
        row_shows(&edited, "A: hobby project", &["1M", "7.50"]),
        "{edited}"
    );

    tmux.send(&["C-s"]);
    let saved_screen = tmux.wait_for("the status to say saved", says_saved);
    assert!(!saved_screen.contains("modified"), "{saved_screen}");

    tmux.send(&["q"]);
    let start = Instant::now();
    while tmux.is_running() {
        assert!(
            start.elapsed() < TIMEOUT,
            "the planner did not quit on q; the screen shows:\n{}",
            tmux.screen()
        );
        std::thread::sleep(POLL);
    }

    let saved = plan_file::load(&plan_path).unwrap();
    let mut expected = original.clone();
    expected.scenarios[1].tokens_per_day = 100_000_000;
    assert_eq!(saved, expected, "the file holds exactly the one change");

    // Opening a plan remembers it, in the data folder the environment names.
    let remembered = std::fs::read_to_string(data.path().join("last-plan")).unwrap();
    assert_eq!(
        Path::new(remembered.trim()),
        std::path::absolute(&plan_path).unwrap()
    );
}

#[test]
fn a_signal_restores_the_terminal_and_keeps_unsaved_changes_beside_the_plan() {
    if skip_without_tmux() {
        return;
    }
    let (plans, data, plan_path) = a_plan_and_a_data_folder();
    let original = std::fs::read_to_string(&plan_path).unwrap();

    let tmux = Tmux::open_planner(&plan_path, data.path());
    raise_b_to_100m(&tmux);

    // The pane runs the planner itself: its pid is the planner's.
    let pid = tmux.pane_pid();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    while tmux.is_running() {
        assert!(
            start.elapsed() < TIMEOUT,
            "the planner did not stop on SIGTERM:\n{}",
            tmux.screen()
        );
        std::thread::sleep(POLL);
    }

    assert_eq!(
        std::fs::read_to_string(&plan_path).unwrap(),
        original,
        "the plan itself is untouched"
    );
    let rescued = plan_file::load(&plans.path().join("plan.unsaved.toml"))
        .expect("unsaved changes kept beside the plan");
    assert_eq!(rescued.scenarios[1].tokens_per_day, 100_000_000);
}

#[test]
fn closing_the_terminal_stops_the_planner_and_keeps_unsaved_changes() {
    if skip_without_tmux() {
        return;
    }
    let (plans, data, plan_path) = a_plan_and_a_data_folder();

    let tmux = Tmux::open_planner(&plan_path, data.path());
    raise_b_to_100m(&tmux);
    let pid = tmux.pane_pid();

    // Closing the window: the terminal hangs up under the planner.
    tmux.run(&["kill-session", "-t", SESSION]);
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() && is_not_a_zombie(&pid) {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the planner (pid {pid}) still runs 2 s after its terminal closed"
        );
        std::thread::sleep(POLL);
    }
    let rescued = plan_file::load(&plans.path().join("plan.unsaved.toml"))
        .expect("unsaved changes kept beside the plan");
    assert_eq!(rescued.scenarios[1].tokens_per_day, 100_000_000);
}

#[test]
fn suspending_and_resuming_gives_back_a_working_planner() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, data, plan_path) = a_plan_and_a_data_folder();
    let tmux = Tmux::open_planner_in_a_shell(&plan_path, data.path());
    tmux.wait_for("the Scenarios tab", |s| {
        s.contains("B: growth-stage startup")
    });
    let pid = planner_pid(&plan_path);

    signal(&pid, "-TSTP");
    wait_until("the planner to stop", || process_state(&pid) == Some('T'));
    // The terminal is given back: the planner's screen is gone.
    tmux.wait_for("the shell's screen", |s| !s.contains("Scenarios"));

    signal(&pid, "-CONT");
    tmux.wait_for("a full redraw", |s| s.contains("B: growth-stage startup"));
    // Raw mode again: one key acts at once, without Enter.
    tmux.send(&["j"]);
    tmux.wait_for("the selection on B", |s| {
        s.lines().any(|l| l.contains("▶ B: growth-stage startup"))
    });
}

#[test]
fn saving_over_an_external_edit_asks_first() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, data, plan_path) = a_plan_and_a_data_folder();
    let tmux = Tmux::open_planner(&plan_path, data.path());
    raise_b_to_100m(&tmux);

    // Another program appends a scenario to the file.
    let theirs = format!(
        "{}\n[[scenarios]]\nname = \"D: added elsewhere\"\ntokens_per_day = 1_000_000\nmodel = \"Qwen3-8B\"\n",
        std::fs::read_to_string(&plan_path).unwrap()
    );
    std::fs::write(&plan_path, &theirs).unwrap();
    tmux.send(&["C-s"]);
    tmux.wait_for("the question", |s| s.contains("plan.toml changed on disk"));
    assert_eq!(std::fs::read_to_string(&plan_path).unwrap(), theirs);
    tmux.send(&["r"]);
    tmux.wait_for("the reloaded plan", |s| s.contains("D: added elsewhere"));
}

#[test]
fn saving_a_plan_opened_through_a_symlink_writes_its_target() {
    if skip_without_tmux() {
        return;
    }
    let plans = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let real = plans.path().join("real.toml");
    write_plan_with_the_binary(&real);
    let link = plans.path().join("link.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let tmux = Tmux::open_planner(&link, data.path());
    raise_b_to_100m(&tmux);
    tmux.send(&["C-s"]);
    tmux.wait_for("the status to say saved", says_saved);

    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link stays a link"
    );
    let saved = plan_file::load(&real).unwrap();
    assert_eq!(
        saved.scenarios[1].tokens_per_day, 100_000_000,
        "the target holds the save"
    );
}

#[test]
fn changes_survive_a_crash_and_are_offered_at_the_next_start() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, data, plan_path) = a_plan_and_a_data_folder();
    let original = std::fs::read_to_string(&plan_path).unwrap();

    let tmux = Tmux::open_planner(&plan_path, data.path());
    tmux.wait_for("the Scenarios tab", |s| {
        s.contains("B: growth-stage startup")
    });
    tmux.send(&["j", "l", "Enter", "C-u"]);
    tmux.type_text("100M");
    tmux.send(&["Enter", "j", "Enter", "C-u"]);
    // Typed into C's cell, not entered yet.
    tmux.type_text("77M");
    // A pause keeps a copy (within a quarter second of the pause), the
    // typing in it as if entered; a copy being written is a hidden
    // temporary file until it is renamed into place.
    wait_until("a recovery copy with both changes", || {
        std::fs::read_dir(data.path().join("recovery")).is_ok_and(|d| {
            d.flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .any(|t| {
                    t.contains("tokens_per_day = 100000000")
                        && t.contains("tokens_per_day = 77000000")
                })
        })
    });
    kill_hard(&tmux);
    drop(tmux);
    assert_eq!(std::fs::read_to_string(&plan_path).unwrap(), original);

    let tmux = Tmux::open_planner(&plan_path, data.path());
    let offer = tmux.wait_for("the offer", |s| s.contains("Restore unsaved changes?"));
    assert!(
        offer.contains("were kept at") && offer.contains("UTC"),
        "{offer}"
    );
    tmux.send(&["r"]);
    let restored = tmux.wait_for("the restored changes", |s| {
        row_shows(s, "B: growth-stage startup", &["100M", "750.00"])
    });
    assert!(
        restored
            .lines()
            .any(|l| l.contains("C: enterp") && l.contains("77M")),
        "the typed but unentered value is back too:\n{restored}"
    );
    tmux.send(&["C-s"]);
    tmux.wait_for("the status to say saved", says_saved);
    let saved = plan_file::load(&plan_path).unwrap();
    assert_eq!(saved.scenarios[1].tokens_per_day, 100_000_000);
    assert_eq!(saved.scenarios[2].tokens_per_day, 77_000_000);
    // Saved: nothing is left to offer.
    wait_until("the recovery copy to go", || {
        std::fs::read_dir(data.path().join("recovery"))
            .map(|d| d.count() == 0)
            .unwrap_or(true)
    });
}

#[test]
fn a_rescue_that_cannot_be_written_exits_non_zero_with_the_reason() {
    if skip_without_tmux() {
        return;
    }
    let plans = tempfile::tempdir().unwrap();
    let folder = plans.path().join("project");
    std::fs::create_dir(&folder).unwrap();
    let plan_path = folder.join("plan.toml");
    write_plan_with_the_binary(&plan_path);
    // The data folder is a path under a plain file: nothing can be made there.
    let blocker = plans.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let data = blocker.join("data");
    let report = plans.path().join("exit.txt");

    let line = format!(
        "'{BIN}' open '{}' 2>'{}'; echo \"exit $?\" >>'{}'; sleep 30",
        plan_path.display(),
        report.display(),
        report.display()
    );
    let tmux = Tmux::open(&data, &["sh", "-c", &line]);
    raise_b_to_100m(&tmux);
    // The plan's folder goes away, then the planner is stopped.
    std::fs::remove_dir_all(&folder).unwrap();
    signal(&planner_pid(&plan_path), "-TERM");
    wait_until("the exit code", || {
        std::fs::read_to_string(&report).is_ok_and(|r| r.contains("exit "))
    });
    let report = std::fs::read_to_string(&report).unwrap();
    assert!(report.contains("exit 1"), "{report}");
    assert!(
        report.contains("stopped by a signal; the unsaved changes could not be kept"),
        "{report}"
    );
}

#[test]
fn a_panic_gives_the_terminal_back() {
    if skip_without_tmux() {
        return;
    }
    let (_plans, data, plan_path) = a_plan_and_a_data_folder();
    // A debug build panics after its first frame when asked to.
    let line = format!(
        "INFERPLAN_PANIC_FOR_TEST=1 '{BIN}' open '{}'; echo \"exit $?\"; stty -a | grep -o -- '-*icanon'; sleep 30",
        plan_path.display()
    );
    let tmux = Tmux::open(data.path(), &["sh", "-c", &line]);
    let screen = tmux.wait_for("the shell after the panic", |s| s.contains("exit "));
    assert!(screen.contains("exit 101"), "{screen}");
    assert!(
        screen.contains("the panic INFERPLAN_PANIC_FOR_TEST asked for"),
        "the message is printed on the shell's screen:\n{screen}"
    );
    let screen = tmux.wait_for("stty", |s| s.contains("icanon"));
    assert!(
        screen.lines().any(|l| l.trim() == "icanon"),
        "raw mode is off (canonical input):\n{screen}"
    );
    let flags = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        SESSION,
        "#{alternate_on} #{cursor_flag} #{mouse_any_flag}",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&flags.stdout).trim(),
        "0 1 0",
        "main screen, cursor shown, mouse released"
    );
}
