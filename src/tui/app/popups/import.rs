//! An import read and checked in full, its summary shown: only `a` applies
//! it (one undo step); nothing changes until then.

use super::{Kind, Popup, Screen, key_for};
use crate::tui::app::history::Change;
use crate::tui::app::keymap::{Binding, Context, bind, ch, key};
use crate::tui::app::update::{commit, error, info};
use crate::tui::app::{Action, App, Mode};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::{Down, Enter, Esc, Up};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The import waiting to be applied, its summary scrolled.
#[derive(Debug, Clone)]
pub struct Review {
    /// The plan with the import, and what it changed.
    pub outcome: Box<crate::import::Outcome>,
    /// Lines of the summary scrolled past.
    pub scroll: usize,
}

/// How help titles these keys.
pub const TITLE: &str = "Reviewing an import";

const HERE: Context = Context::Popup(Kind::Import);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[ch('a'), key(Enter)],        Action::ApplyImport,  "apply it (u undoes)"),
    bind(HERE, &[key(Down), ch('j')],         Action::MoveRows(1),  "scroll down"),
    bind(HERE, &[key(Up), ch('k')],           Action::MoveRows(-1), "scroll up"),
    bind(HERE, &[key(Esc), ch('c'), ch('q')], Action::Cancel,       "cancel: nothing changes"),
];

/// Which keys are live: its own.
pub fn context(_: &Review) -> Context {
    super::own(Kind::Import)
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[Action::ApplyImport, Action::MoveRows(1), Action::Cancel];

/// Applies, scrolls, or cancels.
pub fn update(app: &mut App, Review { outcome, scroll }: Review, action: Action) {
    let lines = outcome.summary.lines().len();
    match action {
        Action::ApplyImport if !outcome.summary.changes_anything() => info(
            app,
            "nothing to apply: the plan already holds these figures",
        ),
        Action::ApplyImport => {
            let (changed, added) = (outcome.summary.changed.len(), outcome.summary.added.len());
            let what = format!("the import of {}", outcome.summary.sources.join(", "));
            let change = Change::Replace {
                before: Box::new(app.plan.clone()),
                after: Box::new(outcome.plan),
                what,
            };
            match commit(app, change) {
                Ok(()) => info(
                    app,
                    format!("imported: {changed} changed, {added} added — u undoes it all"),
                ),
                Err(e) => error(app, format!("the import was not applied: {e}")),
            }
        }
        Action::MoveRows(n) => {
            let to = (scroll as i64 + i64::from(n)).clamp(0, lines.saturating_sub(1) as i64);
            app.mode = Mode::Popup(Popup::Import(Review {
                outcome,
                scroll: to as usize,
            }));
        }
        Action::Cancel => info(app, "import cancelled: nothing changed"),
        _ => app.mode = Mode::Popup(Popup::Import(Review { outcome, scroll })),
    }
}

/// The summary, scrolled, with its keys.
pub fn draw(frame: &mut Frame, screen: Screen, _: &App, review: &Review, theme: &Theme) {
    let area = screen.body;
    let s = &review.outcome.summary;
    let title = format!(
        "Import: {} changed, {} added — nothing changes until you apply",
        s.changed.len(),
        s.added.len()
    );
    let width = area.width.saturating_sub(4).clamp(20, 120);
    let height = area.height.saturating_sub(2).max(5);
    let inner = frame_popup(frame, centered(area, width, height), &title);
    let keys = [
        (Action::ApplyImport, "apply (u undoes)"),
        (Action::MoveRows(1), "scroll"),
        (Action::Cancel, "cancel"),
    ];
    let mut answers = Vec::new();
    for (action, what) in keys {
        let key = key_for(Kind::Import, &action);
        answers.push(Span::styled(format!(" {key} "), theme.active_tab()));
        answers.push(Span::raw(format!("{what}   ")));
    }
    let lines: Vec<Line> = s
        .lines()
        .into_iter()
        .skip(review.scroll)
        .map(|l| Line::raw(crate::base::safe_text::shown(&l).into_owned()))
        .collect();
    let body = Rect {
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let keys = Rect {
        y: inner.bottom().saturating_sub(1),
        height: inner.height.min(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(Paragraph::new(Line::from(answers)), keys);
}
