//! The help overlay: every key, by where it is live, from the key map.

use super::{Kind, Screen};
use crate::tui::app::keymap::{self, Binding, Context, bind, ch, key};
use crate::tui::app::{Action, App, Mode};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode::{Down, Esc, PageDown, PageUp, Up};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The overlay, scrolled down by some lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    /// Lines scrolled past.
    pub scroll: usize,
}

/// How help titles these keys.
pub const TITLE: &str = "Reading this help";

const HERE: Context = Context::Popup(Kind::Help);

/// Its keys.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind(HERE, &[key(Esc), ch('?'), ch('q')], Action::ToggleHelp,   "close help"),
    bind(HERE, &[key(Up), ch('k')],           Action::MoveRows(-1), "scroll up"),
    bind(HERE, &[key(Down), ch('j')],         Action::MoveRows(1),  "scroll down"),
    bind(HERE, &[key(PageUp)],                Action::Page(-1),     "page up"),
    bind(HERE, &[key(PageDown)],              Action::Page(1),      "page down"),
];

/// Which keys are live: its own.
pub fn context(_: &Help) -> Context {
    super::own(Kind::Help)
}

/// What the hint bar shows.
pub const HINTS: &[Action] = &[Action::ToggleHelp];

/// Scrolls, or closes.
pub fn update(app: &mut App, help: Help, action: Action) {
    // The view stops at the last line; this only keeps the number sane.
    let most = keymap::all().count() + 16;
    let step = |n: i32, by: usize| {
        (help.scroll as i64 + i64::from(n) * by as i64).clamp(0, most as i64) as usize
    };
    let scroll = match action {
        Action::ToggleHelp | Action::Cancel => return,
        Action::MoveRows(n) => step(n, 1),
        Action::Page(n) => step(n, usize::from(app.size.1 / 2).max(1)),
        _ => help.scroll,
    };
    app.mode = Mode::Popup(super::Popup::Help(Help { scroll }));
}

/// Every key, by context, in one or two columns; scrolls when long.
pub fn draw(frame: &mut Frame, screen: Screen, _: &App, help: &Help, theme: &Theme) {
    let area = screen.whole;
    let columns = if area.width >= 102 { 2 } else { 1 };
    let mut lines = Vec::new();
    for context in Context::all() {
        lines.push(Line::styled(context.title(), theme.heading()));
        let bindings: Vec<_> = keymap::bindings(context).collect();
        for row in bindings.chunks(columns) {
            let mut spans = Vec::new();
            for b in row {
                spans.push(Span::styled(
                    format!("  {:<14}", keymap::keys_label(b)),
                    theme.active_tab(),
                ));
                spans.push(Span::raw(format!("{:<34}", b.help)));
            }
            lines.push(Line::from(spans));
        }
        if context == Context::Text {
            lines.push(Line::raw("  other keys    type into the field"));
        }
    }
    lines.push(Line::styled(
        "Mouse: click a tab or a cell, twice to edit it; the wheel scrolls.",
        theme.dim(),
    ));
    // Two columns of key (14) and help (34) after a 2-space indent, in borders.
    let rect = centered(area, 102, lines.len() as u16 + 2);
    let visible = usize::from(rect.height.saturating_sub(2));
    let first = help.scroll.min(lines.len().saturating_sub(visible));
    let title = if visible < lines.len() {
        format!(
            "Keys {}–{} of {} — ↑↓ scroll, ? or Esc closes",
            first + 1,
            (first + visible).min(lines.len()),
            lines.len()
        )
    } else {
        "Keys — ? or Esc closes".to_string()
    };
    let inner = frame_popup(frame, rect, &title);
    frame.render_widget(Paragraph::new(lines.split_off(first)), inner);
}
