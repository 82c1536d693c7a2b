//! Shared by the tests: running the real binary, and typing keys into the app.
#![allow(dead_code)] // each test file uses its own part

pub mod tmux;

use inferplan::tui::app::App;
use inferplan::tui::terminal::actions_for;
use inferplan::tui::terminal::step;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use std::process::{Command, Output};

/// Runs `inferplan` with `args`, colour off, in `dir` when given, with the
/// data folder at `data` when given (never the real home folder's).
pub fn run(args: &[&str], dir: Option<&Path>, data: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inferplan"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env("INFERPLAN_TODAY", "2026-11-27");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    if let Some(data) = data {
        command.env("INFERPLAN_DATA_DIR", data);
    }
    command.output().expect("the binary runs")
}

/// What it printed to stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What it printed to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Presses one key.
pub fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    for action in actions_for(app, Event::Key(KeyEvent::new(code, mods))) {
        step(app, action);
    }
}

/// Types keys the way the terminal would deliver them: plain characters, and `<Enter>`, `<Esc>`, `<C-u>`, `<C-r>`, `<Down>`… names.
pub fn keys(app: &mut App, script: &str) {
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = &rest[1..end];
            rest = &rest[end + 1..];
            let (code, mods) = match name {
                "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "Down" => (KeyCode::Down, KeyModifiers::NONE),
                "Up" => (KeyCode::Up, KeyModifiers::NONE),
                "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "BackTab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "End" => (KeyCode::End, KeyModifiers::NONE),
                "Home" => (KeyCode::Home, KeyModifiers::NONE),
                "Left" => (KeyCode::Left, KeyModifiers::NONE),
                "Right" => (KeyCode::Right, KeyModifiers::NONE),
                "C-u" => (KeyCode::Char('u'), KeyModifiers::CONTROL),
                "C-r" => (KeyCode::Char('r'), KeyModifiers::CONTROL),
                "C-s" => (KeyCode::Char('s'), KeyModifiers::CONTROL),
                "C-c" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                other => panic!("unknown key name {other}"),
            };
            key(app, code, mods);
            continue;
        }
        let mods = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        key(app, KeyCode::Char(c), mods);
        rest = &rest[c.len_utf8()..];
    }
}
