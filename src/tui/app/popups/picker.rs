//! A list to choose from: a cell's value, a plan to open or compare with, a
//! setting's value, an input to set where the sides meet. Its keys are the
//! key map's list keys.

use super::{Popup, Screen};
use crate::tui::app::effect::LoadFor;
use crate::tui::app::keymap::{Binding, Context};
use crate::tui::app::update::solve_apply;
use crate::tui::app::update::{commit_cell, compare_with, editor_with, error, info, open};
use crate::tui::app::{Action, App, Mode, PathFor, PickFor};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::path::PathBuf;

/// A list to choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// `(value, label)` pairs.
    pub options: Vec<(String, String)>,
    /// The highlighted option.
    pub selected: usize,
    /// What choosing does.
    pub purpose: PickFor,
}

/// Its keys are the list keys of the key map.
pub const KEYS: &[Binding] = &[];

/// How help titles its keys (shown under the list keys).
pub const TITLE: &str = "Choosing from a list";

/// What the hint bar shows (the list keys' hints).
pub const HINTS: &[Action] = &[];

/// Which keys are live.
pub fn context(_: &Picker) -> Context {
    Context::List
}

/// Moves, chooses, or cancels.
pub fn update(app: &mut App, mut picker: Picker, action: Action) {
    let stay = |app: &mut App, picker: Picker| app.mode = Mode::Popup(Popup::Picker(picker));
    match action {
        Action::MoveRows(n) => {
            let last = picker.options.len().saturating_sub(1) as i64;
            picker.selected = (picker.selected as i64 + n as i64).clamp(0, last) as usize;
            stay(app, picker);
        }
        Action::SelectRow(i) if i < picker.options.len() => {
            picker.selected = i;
            stay(app, picker);
        }
        Action::Confirm => {
            let Some((value, _)) = picker.options.get(picker.selected).cloned() else {
                return;
            };
            if let Err(message) = choose(app, &picker.purpose, value) {
                error(app, message);
                stay(app, picker);
            }
        }
        Action::Cancel => {
            info(app, "cancelled");
            if let PickFor::Setting(field) = picker.purpose {
                super::settings::back_to_popup(app, crate::tui::app::EditTarget::Setting(field));
            }
        }
        _ => stay(app, picker),
    }
}

/// What choosing `value` does; why not, to stay on the list.
fn choose(app: &mut App, purpose: &PickFor, value: String) -> Result<(), String> {
    match purpose {
        PickFor::Cell => commit_cell(app, &value),
        PickFor::OpenPlan | PickFor::ComparePlan if value.is_empty() => {
            let purpose = match purpose {
                PickFor::OpenPlan => PathFor::Open,
                _ => PathFor::Compare,
            };
            app.mode = Mode::path(purpose, editor_with(""));
            Ok(())
        }
        PickFor::OpenPlan => {
            open(app, PathBuf::from(value));
            Ok(())
        }
        PickFor::ComparePlan => {
            let purpose = LoadFor::Compare {
                said: None,
                typed: None,
            };
            compare_with(app, PathBuf::from(value), purpose);
            Ok(())
        }
        PickFor::Setting(field) => super::settings::commit(app, *field, &value),
        PickFor::Solve => solve_apply(app, &value),
    }
}

/// The list over the screen, titled for what it chooses (a setting's over
/// the settings it belongs to).
pub fn draw(frame: &mut Frame, screen: Screen, app: &App, picker: &Picker, theme: &Theme) {
    let body = screen.body;
    let title = match picker.purpose {
        PickFor::Cell => app.tab.columns()[app.cursor().col].title,
        PickFor::OpenPlan => "Open a plan",
        PickFor::ComparePlan => "Compare the open plan with…",
        PickFor::Solve => {
            "The sides meet at (cheap … dear) — Enter sets the cheap end, one undo step"
        }
        PickFor::Setting(field) => {
            super::settings::draw_sheet(frame, body, app, field, None, theme);
            crate::columns::settings::FIELDS[field].title
        }
    };
    draw_list(frame, body, picker, title, theme);
}

/// A list to choose from, the highlighted option marked; an option wider
/// than the screen wraps onto lines of its own.
fn draw_list(frame: &mut Frame, area: Rect, picker: &Picker, title: &str, theme: &Theme) {
    let widest = picker
        .options
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(10)
        .max(title.len()) as u16
        + 6;
    let width = widest.min(area.width.saturating_sub(2).max(12));
    // Borders, the mark, and a space to spare (a continuation's indent
    // takes one of them).
    let text_width = usize::from(width.saturating_sub(6)).max(8);
    let wrapped: Vec<Vec<String>> = picker
        .options
        .iter()
        .map(|(_, l)| crate::text::format::wrap(l, text_width))
        .collect();
    let total: usize = wrapped.iter().map(Vec::len).sum();
    let rows = (area.height.saturating_sub(4)).max(1);
    let rect = centered(area, width, (total as u16).min(rows) + 2);
    let inner = frame_popup(frame, rect, title);
    let height = usize::from(inner.height.max(1));
    // The first option shown: the selected one's last line in view.
    let mut start = 0;
    let through = |from: usize| {
        wrapped[from..=picker.selected]
            .iter()
            .map(Vec::len)
            .sum::<usize>()
    };
    while start < picker.selected && through(start) > height {
        start += 1;
    }
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    for (i, parts) in wrapped.iter().enumerate().skip(start) {
        for (k, part) in parts.iter().enumerate() {
            let mark = match (i == picker.selected, k) {
                (true, 0) => "▶ ",
                _ => "  ",
            };
            let indent = if k == 0 { "" } else { " " };
            let text = format!("{mark}{indent}{part}");
            lines.push(match i == picker.selected {
                true => Line::styled(text, theme.selected_cell()),
                false => Line::raw(text),
            });
        }
        if lines.len() >= height {
            break;
        }
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), inner);
}
