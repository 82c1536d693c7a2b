//! Unsaved changes kept by an earlier run (see `store::recovery`): restore
//! them, discard them, compare them with the plan, or decide later.

use super::{Kind, Popup, Screen, answers};
use crate::store::recovery::Kept;
use crate::tui::app::effect::{Effect, LoadFor};
use crate::tui::app::history::Change;
use crate::tui::app::keymap::{Binding, Context, bind, ch, key};
use crate::tui::app::update::{commit, compare_with, error, info};
use crate::tui::app::{Action, App, Mode};
use crate::tui::widgets::frame::draw_choices;
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::Esc;

/// The question, and the copy it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Recover {
    /// The copy an earlier run kept.
    pub kept: Box<Kept>,
}

/// How help titles these keys.
pub const TITLE: &str = "Changes kept from an earlier run";

const HERE: Context = Context::Popup(Kind::Recover);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[ch('r')],  Action::Restore,     "restore them"),
    bind(HERE, &[ch('d')],  Action::DiscardKept, "discard them"),
    bind(HERE, &[ch('c')],  Action::ShowChanges, "compare them with the plan"),
    bind(HERE, &[key(Esc)], Action::Cancel,      "decide later (kept)"),
];

/// Which keys are live: its own.
pub fn context(_: &Recover) -> Context {
    super::own(Kind::Recover)
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[
    Action::Restore,
    Action::DiscardKept,
    Action::ShowChanges,
    Action::Cancel,
];

/// Restores, discards, compares, or leaves the copy for next time.
pub fn update(app: &mut App, Recover { kept }: Recover, action: Action) {
    match action {
        Action::Restore => restore(app, *kept),
        Action::DiscardKept => {
            app.effects.push(Effect::Forget(vec![kept.file.clone()]));
            info(
                app,
                format!("discarded the changes kept at {}", kept.written),
            );
        }
        Action::ShowChanges => compare_with(
            app,
            kept.file.clone(),
            LoadFor::Compare {
                said: Some(
                    "the kept changes (was) against the plan as saved (now); they are offered again next time",
                ),
                typed: None,
            },
        ),
        Action::Cancel => info(
            app,
            format!(
                "the kept changes stay in {}; they are offered again next time",
                kept.file.display()
            ),
        ),
        _ => app.mode = Mode::Popup(Popup::Recover(Recover { kept })),
    }
}

/// Makes the kept plan the open one, as one change that `u` undoes; opens
/// the plan it belongs to first when another is open.
fn restore(app: &mut App, kept: Kept) {
    if kept.plan_path == app.path {
        return restore_into(app, kept);
    }
    match kept.plan_path.clone() {
        Some(path) if kept.plan_file_exists => app.effects.push(Effect::Load {
            path,
            find: false,
            purpose: LoadFor::Restore(Box::new(kept)),
        }),
        // Its file is gone (or it never had one): restore as a plan
        // without a file, which Ctrl-s offers to save.
        _ => {
            app.path = None;
            app.on_disk = None;
            restore_into(app, kept);
        }
    }
}

/// The kept plan made the open one, on the plan it belongs to.
pub(in crate::tui::app) fn restore_into(app: &mut App, kept: Kept) {
    let change = Change::Replace {
        before: Box::new(app.plan.clone()),
        after: Box::new(kept.plan),
        what: "restoring kept changes".into(),
    };
    if let Err(message) = commit(app, change) {
        return error(app, message);
    }
    app.recovery.adopted = Some(kept.file);
    let typed = kept.unfinished.map_or(String::new(), |t| {
        format!(" (you were typing \"{t}\" into a cell)")
    });
    info(
        app,
        format!(
            "restored the changes kept at {}{typed} — Ctrl-s saves them, u undoes",
            kept.written
        ),
    );
}

/// The question, with when the copy was kept and what was being typed.
pub fn draw(frame: &mut Frame, screen: Screen, _: &App, r: &Recover, theme: &Theme) {
    let kept = &r.kept;
    let plan = kept
        .plan_path
        .as_ref()
        .map_or("a plan without a file".to_string(), |p| {
            p.display().to_string()
        });
    let mut message = format!(
        "Unsaved changes to {plan} were kept at {} (the planner was stopped before they were saved).",
        kept.written
    );
    if let Some(typed) = &kept.unfinished {
        message.push_str(&format!(" You were typing \"{typed}\" into a cell."));
    }
    let choices = answers(
        Kind::Recover,
        &[
            (Action::Restore, "restore them".to_string()),
            (Action::DiscardKept, "discard them".to_string()),
            (Action::ShowChanges, "compare".to_string()),
            (Action::Cancel, "decide later".to_string()),
        ],
    );
    let message = crate::base::safe_text::shown(&message);
    draw_choices(
        frame,
        screen.body,
        "Restore unsaved changes?",
        &message,
        &choices,
        theme,
    );
}
