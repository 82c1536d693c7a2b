//! The real binary in a real terminal: a tmux server of the test's own, and
//! what the end-to-end tests share (a plan to open, the planner's pid, waits).
//!
//! crossterm asks the terminal questions (the cursor position) that only a
//! terminal emulator answers, so the binary runs inside tmux. Without tmux a
//! test says so and passes; `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_inferplan");
pub const SESSION: &str = "e2e";
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(50);

/// A tmux server of our own, killed however the test ends. Its socket lives in
/// a temporary folder (tmux leaves `-L` sockets behind in /tmp/tmux-UID).
pub struct Tmux {
    socket_dir: TempDir,
}

impl Tmux {
    /// `inferplan open PLAN` in a 120×40 pane, colour off, with its own data folder.
    pub fn open_planner(plan: &Path, data: &Path) -> Tmux {
        let plan_arg = plan.to_str().expect("temp paths are UTF-8");
        Tmux::open(data, &[BIN, "open", plan_arg])
    }

    /// The same under a shell, as a user starts it: a planner that stops
    /// stays stopped (tmux resumes a pane's own process at once).
    pub fn open_planner_in_a_shell(plan: &Path, data: &Path) -> Tmux {
        let line = format!("'{BIN}' open '{}'; sleep 30", plan.display());
        Tmux::open(data, &["sh", "-c", &line])
    }

    pub fn open(data: &Path, command: &[&str]) -> Tmux {
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

    pub fn start() -> Tmux {
        Tmux {
            socket_dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Runs a tmux command on our server; the user's tmux config is not read.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-f")
            .arg("/dev/null")
            .arg("-S")
            .arg(self.socket_dir.path().join("socket"))
            .args(args)
            .output()
            .expect("tmux runs")
    }

    pub fn send(&self, keys: &[&str]) {
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
    pub fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    pub fn screen(&self) -> String {
        let o = self.run(&["capture-pane", "-p", "-t", SESSION]);
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// The pid of the pane's process (the planner, when it runs alone).
    pub fn pane_pid(&self) -> String {
        let o = self.run(&["display-message", "-p", "-t", SESSION, "#{pane_pid}"]);
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }

    pub fn is_running(&self) -> bool {
        self.run(&["has-session", "-t", SESSION]).status.success()
    }

    /// Polls the screen until `ready` holds; fails with the last screen.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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
    /// Closes the server, and kills the pane's process if it outlives it
    /// by 2 s: a test that failed must not leave a planner running.
    fn drop(&mut self) {
        let pid = self.pane_pid();
        let _ = self.run(&["kill-server"]);
        if pid.is_empty() {
            return;
        }
        let start = Instant::now();
        while is_not_a_zombie(&pid) {
            if start.elapsed() > Duration::from_secs(2) {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
                return;
            }
            std::thread::sleep(POLL);
        }
    }
}

/// True (with a note) when tmux is missing and the test cannot run.
pub fn skip_without_tmux() -> bool {
    let missing = !tmux_available();
    if missing {
        eprintln!("note: tmux is not on PATH; skipping the end-to-end test of the planner");
    }
    missing
}

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The words of the screen line that shows a scenario's row (the table is
/// above the chart, whose title may name the scenario too).
pub fn row_of<'a>(screen: &'a str, scenario: &str) -> Option<Vec<&'a str>> {
    screen
        .lines()
        .find(|l| l.contains(scenario))
        .map(|l| l.split_whitespace().collect())
}

/// True when a scenario's row shows these figures, each as a whole word.
pub fn row_shows(screen: &str, scenario: &str, figures: &[&str]) -> bool {
    row_of(screen, scenario).is_some_and(|words| figures.iter().all(|f| words.contains(f)))
}

/// Once the planner shows the Scenarios tab: scenario B's volume typed up
/// to 100M, and its API cost seen to double to 750.00.
pub fn raise_b_to_100m(tmux: &Tmux) {
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
pub fn says_saved(screen: &str) -> bool {
    screen.lines().any(|l| l.trim_start().starts_with("saved "))
}

/// A folder holding `plan.toml` (the built-in plan, written by the binary),
/// a data folder of its own, and the plan's path. Keep the folders alive
/// for the test's length.
pub fn a_plan_and_a_data_folder() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let plans = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let plan_path = plans.path().join("plan.toml");
    write_plan_with_the_binary(&plan_path);
    (plans, data, plan_path)
}

pub fn write_plan_with_the_binary(path: &Path) {
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

/// A process that has exited but not been reaped yet counts as gone.
pub fn is_not_a_zombie(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

/// The pid of the planner running `plan` (a child of the pane's shell).
pub fn planner_pid(plan: &Path) -> String {
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

pub fn signal(pid: &str, which: &str) {
    assert!(
        Command::new("kill")
            .args([which, pid])
            .status()
            .unwrap()
            .success()
    );
}

/// The process state letter (`R`, `S`, `T` for stopped, `Z`).
pub fn process_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

pub fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < TIMEOUT, "waited {TIMEOUT:?} for {what}");
        std::thread::sleep(POLL);
    }
}

/// Kills the planner outright (no chance to rescue anything itself).
pub fn kill_hard(tmux: &Tmux) {
    let pid = tmux.pane_pid();
    signal(&pid, "-KILL");
    wait_until("the planner to die", || !tmux.is_running());
}
