//! The Compare tab: the open plan ("now") beside another plan file ("was"),
//! scenario by scenario, then the inputs that differ. `update` keeps the
//! comparison current after every edit; this only draws it, and only what
//! fits.

use crate::compare::{Change, EntityKind, PlanDiff, ScenarioDiff, ScenarioFigures};
use crate::text::format as fmt;
use crate::tui::app::keymap::{self, Context};
use crate::tui::app::{Action, App, Comparing};
use crate::tui::widgets::text::{cut_middle, pad, truncate};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Space between columns.
const GAP: usize = 2;
/// Before each scenario: the flipped / moved marker.
const GUTTER: usize = 2;
/// The narrowest scenario names get before figure columns give way.
const NAME_MIN: usize = 14;
/// The widest the kind and name of an input change get, unless a third of
/// the width is wider.
const INPUT_NAME_MAX: usize = 28;
/// Before each side's figures: "was" or "now".
const LABEL: usize = 3;

/// Draws the comparison, or how to choose a plan to compare with.
pub fn draw_compare(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(comparing) = &app.compare else {
        return draw_nothing_chosen(frame, area, app, theme);
    };
    let title = format!(
        " Compare · was: {} · now: the open plan ",
        other_label(comparing)
    );
    let width = usize::from(area.width.saturating_sub(2));
    let block = Block::new()
        .borders(Borders::ALL)
        .title(truncate(&title, width));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let lines = lines(comparing, usize::from(inner.width), theme);
    let scroll = app.cursor_of(crate::tui::tab::Tab::Compare).offset;
    draw_lines(frame, inner, lines, scroll, theme);
}

/// The other file's name, and its plan's name when that differs.
fn other_label(c: &Comparing) -> String {
    let file = fmt::file_name(&c.path);
    if c.diff.old.plan == c.diff.new.plan {
        file
    } else {
        format!("{file} \"{}\"", c.diff.old.plan)
    }
}

/// Draws the lines that fit from `scroll` on; when some are below, the last
/// row says how many and how to see them.
fn draw_lines(
    frame: &mut Frame,
    area: Rect,
    mut lines: Vec<Line<'static>>,
    scroll: usize,
    theme: &Theme,
) {
    let rows = usize::from(area.height);
    let first = scroll.min(lines.len().saturating_sub(rows));
    let lines = lines.split_off(first);
    let cut = lines.len() > rows;
    let buf = frame.buffer_mut();
    for (k, line) in lines.iter().take(rows).enumerate() {
        let y = area.y + k as u16;
        if cut && k + 1 == rows {
            let more = lines.len() - k;
            let note = format!(" … {more} more lines below: ↓/j or PgDn scrolls");
            buf.set_line(
                area.x,
                y,
                &Line::styled(truncate(&note, usize::from(area.width)), theme.dim()),
                area.width,
            );
        } else {
            buf.set_line(area.x, y, line, area.width);
        }
    }
}

fn draw_nothing_chosen(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = Block::new().borders(Borders::ALL).title(" Compare ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let key = keymap::key_for(Context::Normal, &Action::CompareWith).unwrap_or_default();
    let choices = if app.path.is_some() {
        " to choose one: this plan's file as last saved, a plan from the library, or any path."
    } else {
        " to choose one: a plan from the library or any path."
    };
    let lines = vec![
        Line::styled("No plan to compare with yet.", theme.heading()),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled(key, theme.active_tab()),
            Span::raw(choices),
        ]),
        Line::raw(""),
        Line::raw(
            "Its figures then stand beside this plan's, scenario by scenario (API and \
             self-host cost, verdict, break-even), with the inputs that differ. They follow \
             every edit, so you can edit toward a target and watch the difference.",
        ),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }),
        Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        },
    );
}

// ----- the comparison as lines -------------------------------------------------------

/// The figures of one side of a scenario, as drawn.
struct Cells {
    api: String,
    self_host: String,
    verdict: String,
    break_even: String,
}

impl Cells {
    fn of(f: &ScenarioFigures, include_overheads: bool) -> Self {
        Self {
            api: fmt::priced(f.api, fmt::money_range),
            self_host: fmt::priced(f.self_host(include_overheads), fmt::money_range),
            verdict: f.verdict.label().to_string(),
            break_even: fmt::priced(f.break_even, fmt::break_even_range),
        }
    }

    fn all(&self) -> [&str; 4] {
        [&self.api, &self.self_host, &self.verdict, &self.break_even]
    }
}

/// Figure columns: heading, right-aligned, and a width for typical figures
/// that they get when there is room, so that editing seldom shifts them.
const FIGURES: [(&str, bool, usize); 4] = [
    ("API/mo", true, 8),
    ("", true, 13), // the self-host heading depends on the plans' basis
    ("Verdict", false, 11),
    ("Break-even/day", true, 15),
];

/// How the scenario lines are laid out.
struct Grid {
    /// The self-host column's heading.
    self_heading: &'static str,
    name_width: usize,
    /// Figure columns in view (the last give way on narrow screens).
    widths: Vec<usize>,
}

impl Grid {
    fn title(&self, i: usize) -> &'static str {
        if i == 1 {
            self.self_heading
        } else {
            FIGURES[i].0
        }
    }
}

fn lines(c: &Comparing, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let diff = &c.diff;
    let summary_style = if diff.is_unchanged() {
        theme.dim()
    } else {
        theme.heading()
    };
    let mut out = vec![Line::styled(
        format!(" {}", truncate(&diff.summary(), width.saturating_sub(1))),
        summary_style,
    )];
    let (old_inc, new_inc) = (diff.old.include_overheads, diff.new.include_overheads);
    let sides: Vec<(Cells, Cells)> = diff
        .scenarios
        .iter()
        .map(|s| (Cells::of(&s.old, old_inc), Cells::of(&s.new, new_inc)))
        .collect();
    if diff.scenarios.is_empty() {
        out.push(Line::styled(
            " No scenario is in both plans: compare matches scenarios by name.",
            theme.dim(),
        ));
    } else {
        let grid = grid(diff, &sides, width);
        out.push(heading_line(&grid, theme));
        for (s, (old, new)) in diff.scenarios.iter().zip(&sides) {
            scenario_lines(s, old, new, &grid, theme, &mut out);
        }
    }
    if !diff.inputs.is_empty() || !diff.hints.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!(" Inputs that differ ({})", diff.inputs.len()),
            theme.heading(),
        ));
        input_lines(c, width, &mut out);
        for h in &diff.hints {
            out.push(Line::styled(
                truncate(&format!("   Hint: {h}"), width),
                theme.dim(),
            ));
        }
    }
    out
}

/// Figure columns as wide as their widest cell, the names up to the
/// longest; room to spare widens the figures to their typical width.
fn grid(diff: &PlanDiff, sides: &[(Cells, Cells)], width: usize) -> Grid {
    let self_heading = match (diff.old.include_overheads, diff.new.include_overheads) {
        (false, false) => "Self GPU",
        (true, true) => "Self +OH",
        _ => "Self-host",
    };
    let mut grid = Grid {
        self_heading,
        name_width: 0,
        widths: Vec::new(),
    };
    grid.widths = (0..FIGURES.len())
        .map(|i| {
            sides
                .iter()
                .flat_map(|(o, n)| [o.all()[i], n.all()[i]])
                .chain([grid.title(i)])
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let longest = diff
        .scenarios
        .iter()
        .map(|s| s.name.chars().count())
        .fold("Scenario".len(), usize::max);
    let fixed = |widths: &[usize]| widths.iter().sum::<usize>() + LABEL + GAP * (widths.len() + 1);
    // Narrow: the last figure columns give way before the names get
    // unreadable (at 60 columns, break-even goes).
    while grid.widths.len() > 1 && GUTTER + fixed(&grid.widths) + NAME_MIN > width {
        grid.widths.pop();
    }
    let mut spare = width.saturating_sub(GUTTER + fixed(&grid.widths) + longest);
    for (w, (_, _, typical)) in grid.widths.iter_mut().zip(FIGURES) {
        let grow = typical.saturating_sub(*w).min(spare);
        *w += grow;
        spare -= grow;
    }
    grid.name_width = width
        .saturating_sub(GUTTER + fixed(&grid.widths))
        .clamp(8, longest.max(8));
    grid
}

fn heading_line(grid: &Grid, theme: &Theme) -> Line<'static> {
    let mut heading = vec![
        Span::raw(" ".repeat(GUTTER)),
        Span::styled(pad("Scenario", grid.name_width, false), theme.heading()),
        Span::raw(" ".repeat(GAP + LABEL)),
    ];
    for (i, w) in grid.widths.iter().enumerate() {
        heading.push(Span::raw(" ".repeat(GAP)));
        heading.push(Span::styled(
            pad(grid.title(i), *w, FIGURES[i].1),
            theme.heading(),
        ));
    }
    Line::from(heading)
}

/// Two lines: the other plan's figures ("was"), then the open plan's ("now"),
/// its moved figures emphasised.
fn scenario_lines(
    s: &ScenarioDiff,
    old: &Cells,
    new: &Cells,
    grid: &Grid,
    theme: &Theme,
    out: &mut Vec<Line<'static>>,
) {
    let (name_width, widths) = (grid.name_width, &grid.widths);
    let marker = if s.flipped() {
        "⇄"
    } else if s.changed() {
        "•"
    } else {
        " "
    };
    let (first, second) = wrap_name(&s.name, name_width);
    for (k, (side, name, label)) in [(old, first, "was"), (new, second, "now")]
        .into_iter()
        .enumerate()
    {
        let is_new = k == 1;
        let mut spans = vec![
            Span::styled(
                format!("{:<GUTTER$}", if is_new { " " } else { marker }),
                theme.heading(),
            ),
            Span::raw(pad(&name, name_width, false)),
            Span::raw(" ".repeat(GAP)),
            Span::styled(label, theme.dim()),
        ];
        let verdicts = [s.old.verdict, s.new.verdict];
        let columns = side.all().into_iter().zip(FIGURES).zip(widths);
        for (i, ((text, (_, right, _)), w)) in columns.enumerate() {
            let moved = is_new && old.all()[i] != text;
            let mut style = if i == 2 {
                theme.verdict(verdicts[k])
            } else {
                Style::new()
            };
            if moved {
                style = style.patch(theme.heading());
            }
            spans.push(Span::raw(" ".repeat(GAP)));
            spans.push(Span::styled(pad(text, *w, right), style));
        }
        if is_new && s.flipped() {
            spans.push(Span::styled("  ⇄ flipped", theme.heading()));
        }
        out.push(Line::from(spans));
    }
}

/// One line per input that differs: kind, name, field, old → new.
fn input_lines(c: &Comparing, width: usize, out: &mut Vec<Line<'static>>) {
    let inputs = &c.diff.inputs;
    let who = |kind: EntityKind, key: &str| match kind {
        EntityKind::Settings => "settings".to_string(),
        EntityKind::Row(_) => format!("{} {key}", kind.label()),
    };
    let who_width = inputs
        .iter()
        .map(|i| who(i.kind, &i.key).chars().count())
        .max()
        .unwrap_or(0)
        .min(INPUT_NAME_MAX.max(width / 3));
    let field_width = inputs
        .iter()
        .map(|i| match &i.change {
            Change::Changed { field, .. } => field.len(),
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    for i in inputs {
        let what = match &i.change {
            Change::Added => "added (only in the open plan)".to_string(),
            Change::Removed => format!("removed (only in {})", fmt::file_name(&c.path)),
            Change::Changed { field, old, new } => {
                format!("{field:<field_width$}  {old} → {new}")
            }
        };
        let text = format!("   {}  {what}", pad(&who(i.kind, &i.key), who_width, false));
        out.push(Line::raw(truncate(&text.replace('\n', " "), width)));
    }
}

/// A name in at most two lines of `width`: broken at a space when it can be,
/// the second line cut in the middle when still too long.
fn wrap_name(name: &str, width: usize) -> (String, String) {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= width {
        return (name.to_string(), String::new());
    }
    let head: String = chars[..width.min(chars.len())].iter().collect();
    let (first, rest) = match head.rfind(' ') {
        Some(at) if at > 0 => {
            let first = head[..at].to_string();
            let rest: String = chars[first.chars().count() + 1..].iter().collect();
            (first, rest)
        }
        _ => (head, chars[width..].iter().collect()),
    };
    (first, cut_middle(&rest, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_wrap_at_a_space_then_cut_in_the_middle() {
        assert_eq!(
            wrap_name("B: growth-stage startup", 21),
            ("B: growth-stage".into(), "startup".into())
        );
        let (a, b) = wrap_name("C: enterprise, DeepSeek V4 Flash, on-prem", 21);
        assert_eq!(a, "C: enterprise,");
        assert_eq!(b.chars().count(), 21);
        assert!(b.ends_with(", on-prem"), "{b}");
        assert_eq!(wrap_name("short", 21), ("short".into(), String::new()));
        let (a, _) = wrap_name("averyveryverylongwordwithoutspaces", 10);
        assert_eq!(a, "averyveryv");
    }
}
