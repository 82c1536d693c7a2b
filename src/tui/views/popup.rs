//! Popups drawn over a cleared, centred rectangle: help, lists, path
//! prompts and the unsaved-changes question.

use super::theme::Theme;
use crate::store::recovery::Kept;
use crate::tui::app::keymap::{self, Context};
use crate::tui::app::{Action, App, CellEditor, PathFor, Picker, Then};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// A rectangle of at most `width`×`height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(super) fn frame_popup(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Every key, by context, from the key map itself.
pub fn draw_help(frame: &mut Frame, area: Rect, scroll: usize, theme: &Theme) {
    // Two columns when there is room for them, else one; scrolls when long.
    let columns = if area.width >= 102 { 2 } else { 1 };
    let mut lines = Vec::new();
    for context in [
        Context::Normal,
        Context::Text,
        Context::List,
        Context::Help,
        Context::Unsaved,
        Context::Conflict,
        Context::Recover,
        Context::Import,
    ] {
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
    let first = scroll.min(lines.len().saturating_sub(visible));
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

/// A list to choose from, the highlighted option marked.
pub fn draw_picker(frame: &mut Frame, area: Rect, picker: &Picker, title: &str, theme: &Theme) {
    let width = picker
        .options
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(10)
        .max(title.len()) as u16
        + 6;
    let rows = (area.height.saturating_sub(4)).max(1);
    let rect = centered(area, width, (picker.options.len() as u16).min(rows) + 2);
    let inner = frame_popup(frame, rect, title);
    let height = usize::from(inner.height.max(1));
    let start = picker.selected.saturating_sub(height - 1);
    let lines: Vec<Line> = picker
        .options
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (_, label))| {
            if i == picker.selected {
                Line::styled(format!("▶ {label}"), theme.selected_cell())
            } else {
                Line::raw(format!("  {label}"))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A one-line path prompt with its cursor and any refusal under it.
pub fn draw_path_prompt(
    frame: &mut Frame,
    area: Rect,
    purpose: &PathFor,
    editor: &CellEditor,
    theme: &Theme,
) {
    let title = match purpose {
        PathFor::SaveAs | PathFor::SaveAsThen(_) => "Save plan as — Enter saves, Esc cancels",
        PathFor::Open => "Open plan — Enter opens, Esc cancels",
        PathFor::Compare => "Compare with the plan at — Enter compares, Esc cancels",
        PathFor::Import => "Import prices, GPU offers or a benchmark — Enter reads it",
    };
    let rect = centered(area, 70, 5);
    let inner = frame_popup(frame, rect, title);
    let width = usize::from(inner.width.saturating_sub(1));
    let scroll = editor.input.visual_scroll(width);
    let value: String = editor.input.value().chars().skip(scroll).collect();
    let value = match editor.fresh {
        // All of it selected: typing replaces it.
        true => Line::styled(value, theme.selection()),
        false => Line::raw(value),
    };
    let mut lines = vec![value];
    if let Some(e) = &editor.error {
        lines.push(Line::styled(e.clone(), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let x = inner.x + (editor.input.visual_cursor().saturating_sub(scroll)) as u16;
    if inner.height > 0 && x < inner.right() {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}

/// An import's summary, scrolled, with its keys: nothing changes until `a`.
pub fn draw_import_review(
    frame: &mut Frame,
    area: Rect,
    outcome: &crate::import::Outcome,
    scroll: usize,
    theme: &Theme,
) {
    let s = &outcome.summary;
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
        let key = keymap::key_for(Context::Import, &action).unwrap_or_default();
        answers.push(Span::styled(format!(" {key} "), theme.active_tab()));
        answers.push(Span::raw(format!("{what}   ")));
    }
    let lines: Vec<Line> = s
        .lines()
        .into_iter()
        .skip(scroll)
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

/// Save, discard or cancel, with the keys from the key map.
pub fn draw_unsaved_prompt(frame: &mut Frame, area: Rect, app: &App, then: &Then, theme: &Theme) {
    let name = app
        .path
        .as_ref()
        .map_or("the built-in plan".to_string(), |p| p.display().to_string());
    let (what, title) = match then {
        Then::Quit => ("quit".to_string(), "Quit?".to_string()),
        Then::Open(p) => (
            "open".to_string(),
            format!("Open {}?", crate::text::format::file_name(p)),
        ),
    };
    let choices = [
        (Action::SaveFirst, format!("save and {what}")),
        (Action::DiscardFirst, format!("discard and {what}")),
        (Action::Cancel, "keep editing".to_string()),
    ];
    let message = format!("Unsaved changes to {name}.");
    draw_choices(
        frame,
        area,
        &title,
        &message,
        Context::Unsaved,
        &choices,
        theme,
    );
}

/// The plan's file changed on disk since it was opened or saved: overwrite,
/// reload, save elsewhere, compare, or cancel.
pub fn draw_conflict_prompt(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let file = app
        .path
        .as_deref()
        .map_or(String::new(), crate::text::format::file_name);
    let choices = [
        (Action::Overwrite, "overwrite it".to_string()),
        (
            Action::Reload,
            "reload it, dropping your changes".to_string(),
        ),
        (Action::SaveElsewhere, "save elsewhere".to_string()),
        (Action::ShowChanges, "compare".to_string()),
        (Action::Cancel, "cancel".to_string()),
    ];
    let message = format!(
        "{file} changed on disk since you opened or saved it (another program, or another planner). Saving now would undo that change."
    );
    let title = format!("{file} changed on disk");
    draw_choices(
        frame,
        area,
        &title,
        &message,
        Context::Conflict,
        &choices,
        theme,
    );
}

/// Unsaved changes an earlier run kept: restore, discard, compare, later.
pub fn draw_recover_prompt(frame: &mut Frame, area: Rect, kept: &Kept, theme: &Theme) {
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
    let choices = [
        (Action::Restore, "restore them".to_string()),
        (Action::DiscardKept, "discard them".to_string()),
        (Action::ShowChanges, "compare".to_string()),
        (Action::Cancel, "decide later".to_string()),
    ];
    let message = crate::base::safe_text::shown(&message);
    draw_choices(
        frame,
        area,
        "Restore unsaved changes?",
        &message,
        Context::Recover,
        &choices,
        theme,
    );
}

/// A question and its answers, each with its key from the key map.
fn draw_choices(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    message: &str,
    context: Context,
    choices: &[(Action, String)],
    theme: &Theme,
) {
    let key = |a: &Action| keymap::key_for(context, a).unwrap_or_default();
    let mut answers = Vec::new();
    for (action, what) in choices {
        answers.push(Span::styled(
            format!(" {} ", key(action)),
            theme.active_tab(),
        ));
        answers.push(Span::raw(format!("{what}   ")));
    }
    let lines = vec![
        Line::raw(message.to_string()),
        Line::raw(""),
        Line::from(answers),
    ];
    let width = 72.max(area.width.saturating_mul(3) / 4).min(100);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum::<usize>();
    let rect = centered(area, width, rows as u16 + 2);
    let inner = frame_popup(frame, rect, title);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
