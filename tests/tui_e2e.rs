//! The real planner in a real terminal: open a plan, raise scenario B to 100M
//! tokens a day, watch its API cost double to 750, save, quit, and find
//! exactly that change in the file.
//!
//! crossterm asks the terminal questions (the cursor position) that only a
//! terminal emulator answers, so the binary runs inside tmux. Without tmux the
//! test says so and passes; `.ci/run` installs it.

use inferplan::plan::Plan;
use inferplan::store::plan_file;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_inferplan");
const SESSION: &str = "e2e";
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// A tmux server of our own, killed however the test ends. Its socket lives in
/// a temporary folder (tmux leaves `-L` sockets behind in /tmp/tmux-UID).
struct Tmux {
    socket_dir: TempDir,
}

impl Tmux {
    /// `inferplan open PLAN` in a 120×40 pane, colour off, with its own data folder.
    fn open_planner(plan: &Path, data: &Path) -> Tmux {
        let plan_arg = plan.to_str().expect("temp paths are UTF-8");
        Tmux::open(data, &[BIN, "open", plan_arg])
    }

    /// The same under a shell, as a user starts it: a planner that stops
    /// stays stopped (tmux resumes a pane's own process at once).
    fn open_planner_in_a_shell(plan: &Path, data: &Path) -> Tmux {
        let line = format!("'{BIN}' open '{}'; sleep 30", plan.display());
        Tmux::open(data, &["sh", "-c", &line])
    }

    fn open(data: &Path, command: &[&str]) -> Tmux {
        let tmux = Tmux::start();
        let data_env = format!("INFERPLAN_DATA_DIR={}", data.display());
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            "120",
            "-y",
            "40",
            "-e",
            &data_env,
            "-e",
            "NO_COLOR=1",
        ];
        args.extend_from_slice(command);
        let o = tmux.run(&args);
        assert!(
            o.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        tmux
    }

    fn start() -> Tmux {
        Tmux {
            socket_dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Runs a tmux command on our server; the user's tmux config is not read.
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-f")
            .arg("/dev/null")
            .arg("-S")
            .arg(self.socket_dir.path().join("socket"))
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        let o = self.run(&args);
        assert!(
            o.status.success(),
            "tmux send-keys {keys:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    /// Types text literally, not as key names.
    fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    fn screen(&self) -> String {
        let o = self.run(&["capture-pane", "-p", "-t", SESSION]);
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn is_running(&self) -> bool {
        self.run(&["has-session", "-t", SESSION]).status.success()
    }

    /// Polls the screen until `ready` holds; fails with the last screen.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "waited {TIMEOUT:?} for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// True (with a note) when tmux is missing and the test cannot run.
fn skip_without_tmux() -> bool {
    let missing = !tmux_available();
    if missing {
        eprintln!("note: tmux is not on PATH; skipping the end-to-end test of the planner");
    }
    missing
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The words of the screen line that shows a scenario's row (the table is
/// above the chart, whose title may name the scenario too).
fn row_of<'a>(screen: &'a str, scenario: &str) -> Option<Vec<&'a str>> {
    screen
        .lines()
        .find(|l| l.contains(scenario))
        .map(|l| l.split_whitespace().collect())
}

/// True when a scenario's row shows these figures, each as a whole word.
fn row_shows(screen: &str, scenario: &str, figures: &[&str]) -> bool {
    row_of(screen, scenario).is_some_and(|words| figures.iter().all(|f| words.contains(f)))
}

/// Once the planner shows the Scenarios tab: scenario B's volume typed up
/// to 100M, and its API cost seen to double to 750.00.
fn raise_b_to_100m(tmux: &Tmux) {
    tmux.wait_for("the Scenarios tab", |s| {
        s.contains("B: growth-stage startup")
    });
    tmux.send(&["j", "l", "Enter", "C-u"]);
    tmux.type_text("100M");
    tmux.send(&["Enter"]);
    tmux.wait_for("the edit", |s| {
        row_shows(s, "B: growth-stage startup", &["100M", "750.00"])
    });
}

/// The status line says the plan was saved.
fn says_saved(screen: &str) -> bool {
    screen.lines().any(|l| l.trim_start().starts_with("saved "))
}

/// A folder holding `plan.toml` (the built-in plan, written by the binary),
/// a data folder of its own, and the plan's path. Keep the folders alive
/// for the test's length.
fn a_plan_and_a_data_folder() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let plans = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let plan_path = plans.path().join("plan.toml");
    write_plan_with_the_binary(&plan_path);
    (plans, data, plan_path)
}

fn write_plan_with_the_binary(path: &Path) {
    let o = Command::new(BIN)
        .arg("new")
        .arg(path)
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "inferplan new: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

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
    let pid = tmux.run(&["display-message", "-p", "-t", SESSION, "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
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
    let pid = tmux.run(&["display-message", "-p", "-t", SESSION, "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();

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

/// A process that has exited but not been reaped yet counts as gone.
fn is_not_a_zombie(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
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

/// The pid of the planner running `plan` (a child of the pane's shell).
fn planner_pid(plan: &Path) -> String {
    let o = Command::new("pgrep")
        .args(["-f", &format!("^{BIN} open {}", plan.display())])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(
        !pid.is_empty() && !pid.contains('\n'),
        "one planner: {pid:?}"
    );
    pid
}

fn signal(pid: &str, which: &str) {
    assert!(
        Command::new("kill")
            .args([which, pid])
            .status()
            .unwrap()
            .success()
    );
}

/// The process state letter (`R`, `S`, `T` for stopped, `Z`).
fn process_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < TIMEOUT, "waited {TIMEOUT:?} for {what}");
        std::thread::sleep(POLL);
    }
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

/// Kills the planner outright (no chance to rescue anything itself).
fn kill_hard(tmux: &Tmux) {
    let pid = tmux.run(&["display-message", "-p", "-t", SESSION, "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    signal(&pid, "-KILL");
    wait_until("the planner to die", || !tmux.is_running());
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
    // A pause keeps a copy (within a quarter second of the pause).
    wait_until("a recovery copy", || {
        std::fs::read_dir(data.path().join("recovery"))
            .map(|d| d.count() > 0)
            .unwrap_or(false)
    });
    std::thread::sleep(Duration::from_millis(600));
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
