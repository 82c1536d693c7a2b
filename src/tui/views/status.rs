//! The status line (the last message) and the hint bar (keys for what has
//! the keyboard now, from the key map).

use crate::tui::app::keymap::{self, Context};
use crate::tui::app::{Action, App, Mode, Tab};
use crate::tui::widgets::text::{put, put_spans};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Wrap};

/// The last message, refusals in the error style.
/// Draws the status line into `area`; a message too long for it wraps onto
/// `below` (the hint bar) rather than being cut. True when it took `below`.
pub fn draw_status(frame: &mut Frame, area: Rect, below: Rect, app: &App, theme: &Theme) -> bool {
    if let Mode::Filter(editor) = &app.mode {
        return draw_filter(frame, area, app, editor, theme);
    }
    let (text, is_error) = match &app.mode {
        Mode::Editing(e) if e.error.is_some() => (e.error.clone().unwrap_or_default(), true),
        _ => (app.status.text.clone(), app.status.is_error),
    };
    let style = if is_error { theme.error() } else { theme.dim() };
    let marker = if is_error { "✗ " } else { "" };
    let line = format!(" {marker}{text}");
    let fits = line.chars().count() <= usize::from(area.width);
    if fits || below.height == 0 {
        put(frame.buffer_mut(), area.x, area.y, &line, area.width, style);
        return false;
    }
    // Both rows, indented as the one-line form is.
    let both = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        height: area.height + below.height,
        ..area
    };
    let words = Paragraph::new(line.trim_start().to_string())
        .style(style)
        .wrap(Wrap { trim: false });
    frame.render_widget(words, both);
    true
}

/// The filter as it is typed, `/llama` with the cursor, and how many rows
/// it leaves.
fn draw_filter(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    editor: &crate::tui::app::CellEditor,
    theme: &Theme,
) -> bool {
    let (shown, total) = (app.rows_in_view(), app.tab.rows(&app.plan));
    let value = crate::base::safe_text::shown(editor.input.value());
    let prompt = format!(" /{value}");
    let count = format!(
        "   {} of {} rows — Enter keeps the filter, Esc clears it",
        crate::text::format::group_thousands(shown as u64),
        crate::text::format::group_thousands(total as u64)
    );
    put(
        frame.buffer_mut(),
        area.x,
        area.y,
        &prompt,
        area.width,
        Style::new(),
    );
    let at = prompt.chars().count() as u16;
    if at < area.width {
        let x = area.x + 2 + editor.input.visual_cursor() as u16;
        put(
            frame.buffer_mut(),
            area.x + at,
            area.y,
            &count,
            area.width - at,
            theme.dim(),
        );
        frame.set_cursor_position(ratatui::layout::Position::new(
            x.min(area.right() - 1),
            area.y,
        ));
    }
    false
}

/// The actions worth a hint in each context (and tab: a view without a
/// table, such as Compare, has no cells to edit).
fn hinted(context: Context, tab: Tab) -> &'static [Action] {
    match context {
        Context::Normal if tab.table().is_none() => &[
            Action::CompareWith,
            Action::Undo,
            Action::Redo,
            Action::ToggleHelp,
            Action::Quit,
            Action::OpenSettings,
            Action::ToggleDeployment,
            Action::CycleEstimate,
            Action::ToggleOverheads,
        ],
        Context::Normal => &[
            Action::Edit,
            Action::AddRow,
            Action::DeleteRow,
            Action::Undo,
            Action::Save,
            Action::ToggleHelp,
            Action::Quit,
            Action::OpenSettings,
            Action::ToggleDeployment,
            Action::CycleEstimate,
            Action::ToggleOverheads,
        ],
        Context::Text => &[Action::Confirm, Action::Cancel],
        Context::List => &[Action::Confirm, Action::Cancel],
        Context::Popup(kind) => kind.hints(),
    }
}

/// `Enter edit · a add row · …`, as many as fit.
pub fn draw_hints(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let context = app.mode.context();
    let mut spans: Vec<(String, Style)> = vec![(" ".into(), Style::new())];
    let mut used = 1;
    for action in hinted(context, app.tab) {
        let Some(b) = keymap::bindings(context).find(|b| &b.action == action) else {
            continue;
        };
        let key = keymap::label(b.keys[0]);
        let len = key.chars().count() + b.help.chars().count() + 3;
        if used + len > usize::from(area.width) {
            break;
        }
        used += len;
        spans.push((key, theme.active_tab()));
        spans.push((format!(" {}  ", b.help), theme.dim()));
    }
    put_spans(frame.buffer_mut(), area, &spans);
}
