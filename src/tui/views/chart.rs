//! The selected scenario's cost curves on log–log axes: the API's line, the
//! self-host steps at the low and high end, today's volume and break-even.
//!
//! Drawn as braille dots worked out directly, with hand-placed axes:
//! ratatui's `Chart` paints a whole canvas per dataset, and even one `Canvas`
//! fills and scans a grid the size of the plot, which made this the costliest
//! part of every frame. The self-host steps are drawn exactly, each rising in
//! the dot column that holds its volume.

use crate::engine::{Comparison, CostCurve, ScenarioResult, Verdict};
use crate::plan::Scenario;
use crate::text::format as fmt;
use crate::tui::app::{App, Tab};
use crate::tui::widgets::text::{fill, put, titled_box};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::analysis::insight::COST_FLOOR as FLOOR;

/// Axis ranges in log10 units, whole decades so labels land on round numbers.
#[derive(Clone, Copy)]
struct Axes {
    x: (f64, f64),
    y: (f64, f64),
}

/// Draws the chart for the selected scenario into `area`.
pub fn draw_chart(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.cursor_of(Tab::Scenarios).row;
    let (Some(scenario), Some(result)) =
        (app.plan.scenarios.get(row), app.results.scenarios.get(row))
    else {
        let block = Block::new()
            .borders(Borders::ALL)
            .title(" Cost against volume ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new("No scenario selected.").style(theme.dim()),
            inner,
        );
        return;
    };
    let include = app.plan.settings.include_overheads;
    let volume = scenario.tokens_per_day as f64;
    let title = title(app, scenario, result);
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    let comparison = match result.headline(include) {
        Ok(c) => c,
        Err(missing) => {
            // No line to draw against: say what is missing, and where.
            let text = match result.api_given() {
                true => format!(
                    "{}. API: {}/mo.",
                    crate::analysis::explain::unpriced(missing),
                    fmt::money_range(result.api),
                ),
                false => format!("{}.", crate::analysis::explain::unpriced(missing)),
            };
            let words = Paragraph::new(text).style(theme.verdict(Verdict::NoPrice));
            frame.render_widget(words.wrap(ratatui::widgets::Wrap { trim: true }), inner);
            return;
        }
    };
    // Legend, three plot rows, axis line, labels: with less, the figures
    // read better as words than as a squashed chart.
    if inner.height < 6 || inner.width < 20 {
        let summary = format!(
            "API {}/mo · self-host {}/mo · break-even {} · today {}",
            fmt::money_range(result.api),
            fmt::money_range(comparison.self_host),
            fmt::break_even_range(comparison.break_even),
            fmt::tokens(volume),
        );
        frame.render_widget(
            Paragraph::new(summary).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }

    let axes = axes(comparison, volume);
    // One label per plot row at most (the plot is the inner area less 3 rows).
    let rows = usize::from(inner.height - 3).max(1) / 2 + 1;
    let y_labels: Vec<(f64, String)> = decades(axes.y, rows)
        .map(|d| (d, format!("${}", fmt::compact_money(10f64.powf(d)))))
        .collect();
    let label_width = y_labels
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(1) as u16;
    let plot = Rect {
        x: inner.x + label_width + 1,
        y: inner.y + 1,
        width: inner.width.saturating_sub(label_width + 1),
        height: inner.height - 3,
    };

    draw_legend(frame, inner, comparison, volume, theme);
    draw_axes(frame, plot, &axes, &y_labels, theme);
    draw_curves(frame.buffer_mut(), plot, &axes, comparison, volume, theme);
    draw_line_names(frame.buffer_mut(), plot, &axes, comparison, theme);
}

/// `name · model on tier (deployment) · basis · GPUs`.
fn title(app: &App, scenario: &Scenario, result: &ScenarioResult) -> String {
    format!(
        " {} · {} on {} ({}) · {}{} ",
        scenario.name,
        scenario.model,
        result.tier,
        result.deployment,
        fmt::basis(app.plan.settings.include_overheads),
        app.plan
            .tier(&result.tier)
            .map(|t| format!(" · {}", t.gpus))
            .unwrap_or_default(),
    )
}

/// Whether the self-host low and high ends differ, so two step lines are drawn.
fn two_ends(c: &Comparison) -> bool {
    c.curve.per_replica.low != c.curve.per_replica.high || c.curve.fixed.low != c.curve.fixed.high
}

/// Names each line at its right end, so the chart reads without colour.
/// Names on the same row are moved apart, the dearer line's upwards.
fn draw_line_names(buf: &mut Buffer, plot: Rect, axes: &Axes, c: &Comparison, theme: &Theme) {
    let end = 10f64.powf(axes.x.1);
    let dots = Dots::new(plot, axes);
    let steps = c.curve.self_host_at(end);
    let mut names: Vec<(f64, &str, Style)> = vec![(c.curve.api_at(end), "API", theme.series(0))];
    if two_ends(c) {
        names.push((steps.low, "low", theme.series(1)));
        names.push((steps.high, "high", theme.series(2)));
    } else {
        names.push((steps.low, "self-host", theme.series(1)));
    }
    // Dearest first: it takes the highest row.
    names.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top = plot.y;
    let bottom = plot.bottom().saturating_sub(1);
    let mut rows: Vec<u16> = names
        .iter()
        .map(|(v, ..)| {
            let h = dots.height(log(*v).clamp(axes.y.0, axes.y.1)).unwrap_or(0) / 4;
            bottom.saturating_sub(h as u16)
        })
        .collect();
    for i in 1..rows.len() {
        rows[i] = rows[i].max(rows[i - 1] + 1);
    }
    // Pushed past the bottom: lift them back, keeping them apart.
    for i in (0..rows.len()).rev() {
        let limit = bottom.saturating_sub((rows.len() - 1 - i) as u16);
        rows[i] = rows[i].min(limit).max(top);
    }
    for ((_, name, style), y) in names.iter().zip(rows) {
        let w = name.len() as u16;
        if w < plot.width {
            put(buf, plot.right() - w, y, name, w, *style);
        }
    }
}

fn axes(comparison: &Comparison, volume: f64) -> Axes {
    let (x, y) = crate::analysis::insight::decades(comparison, volume);
    Axes { x, y }
}

/// Whole decades of a log axis, thinned so at most `room` are labelled.
fn decades((a, b): (f64, f64), room: usize) -> impl Iterator<Item = f64> {
    let n = (b - a).round().max(1.0) as usize;
    let step = n.div_ceil(room.max(1)).max(1);
    (0..=n).step_by(step).map(move |k| a + k as f64)
}

fn color(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

fn draw_legend(frame: &mut Frame, inner: Rect, c: &Comparison, volume: f64, theme: &Theme) {
    let mut items: Vec<(String, Style)> = vec![("━ API".into(), theme.series(0))];
    if !theme.color {
        // Without colour the lines differ only by the names at their ends.
        let names = if two_ends(c) {
            "lines named at their right end: API, self-host low, high"
        } else {
            "lines named at their right end: API, self-host"
        };
        items = vec![(names.into(), Style::new())];
    } else if two_ends(c) {
        items.push(("━ self-host low".into(), theme.series(1)));
        items.push(("━ self-host high".into(), theme.series(2)));
    } else {
        items.push(("━ self-host".into(), theme.series(1)));
    }
    items.push((format!("│ today {}", fmt::tokens(volume)), theme.dim()));
    if c.break_even.low.volume().is_some() || c.break_even.high.volume().is_some() {
        items.push((
            format!("• break-even {}", fmt::break_even_range(c.break_even)),
            theme.series(3),
        ));
    }
    let buf = frame.buffer_mut();
    let mut x = inner.x + 1;
    for (text, style) in items {
        let used = put(
            buf,
            x,
            inner.y,
            &text,
            inner.right().saturating_sub(x),
            style,
        );
        x += used + 2;
        if x >= inner.right() {
            break;
        }
    }
}

fn draw_axes(
    frame: &mut Frame,
    plot: Rect,
    axes: &Axes,
    y_labels: &[(f64, String)],
    theme: &Theme,
) {
    let buf = frame.buffer_mut();
    let dim = theme.dim();
    let axis_x = plot.x - 1;
    let base = plot.bottom();
    for y in plot.y..base {
        fill(buf, axis_x, y, '│', 1, dim);
    }
    put(buf, axis_x, base, "└", 1, dim);
    fill(buf, plot.x, base, '─', plot.width, dim);
    let rows = f64::from(plot.height.saturating_sub(1));
    for (d, label) in y_labels {
        let y = base - 1 - (((d - axes.y.0) / (axes.y.1 - axes.y.0)) * rows).round() as u16;
        let w = label.chars().count() as u16;
        put(buf, axis_x.saturating_sub(w), y, label, w, dim);
    }
    let cols = f64::from(plot.width.saturating_sub(1));
    let mut free_from = plot.x.saturating_sub(2);
    for d in decades(axes.x, usize::from(plot.width / 6)) {
        let label = fmt::tokens(10f64.powf(d));
        let w = label.chars().count() as u16;
        let centre = plot.x + (((d - axes.x.0) / (axes.x.1 - axes.x.0)) * cols).round() as u16;
        let x = centre
            .saturating_sub(w / 2)
            .min(plot.right().saturating_sub(w));
        if x >= free_from {
            put(buf, x, base + 1, &label, w, dim);
            free_from = x + w + 1;
        }
    }
    let unit = "tokens/day";
    if free_from + unit.len() as u16 + 1 < plot.right() {
        put(
            buf,
            plot.right() - unit.len() as u16,
            base + 1,
            unit,
            unit.len() as u16,
            dim,
        );
    }
}

/// Braille dot bits by dot row (top down) and dot column within a cell; a
/// cell's glyph is U+2800 plus the bits of its dots.
const DOT: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

/// Draws today's volume, the curves and the break-even markers as braille
/// dots, a column of cells at a time, writing only the cells with dots.
/// ratatui's `Canvas` cost a grid, a layer and a pass over every cell of the
/// plot per frame; this costs a pass over the dots drawn.
fn draw_curves(
    buf: &mut Buffer,
    plot: Rect,
    axes: &Axes,
    c: &Comparison,
    volume: f64,
    theme: &Theme,
) {
    let dots = Dots::new(plot, axes);
    // High, low, API: the order they were always painted in, so where two
    // share a cell the later one's colour wins as before.
    let colours = [2, 1, 0].map(|i| color(theme.series(i)));
    let (dim, mark) = (color(theme.dim()), color(theme.series(3)));
    let today = dots.col(volume.max(1.0).log10());
    let marks = [c.break_even.low, c.break_even.high].map(|b| {
        let v = b.volume().filter(|v| *v >= 1.0)?;
        Some((dots.col(v.log10())?, dots.height(log(c.curve.api_at(v)))?))
    });
    let mut traces = traces(&dots, &c.curve);
    let mut column = CellColumn::new(plot.height);
    for x in 0..usize::from(plot.width) {
        let (Some(left), Some(right)) = (traces.next(), traces.next()) else {
            break;
        };
        if let Some(t) = today.filter(|t| t / 2 == x) {
            column.paint(t % 2, (0, dots.rows - 1), dim);
        }
        for ((l, r), colour) in left.into_iter().zip(right).zip(colours) {
            column.paint(0, l, colour);
            column.paint(1, r, colour);
        }
        for &(col, h) in marks.iter().flatten().filter(|(col, _)| col / 2 == x) {
            column.paint(col % 2, (h, h), mark);
        }
        column.flush(buf, plot.x + x as u16, plot.y);
    }
}

/// The dot heights to light in each dot column, left to right, for the
/// self-host high and low steps and the API's line.
///
/// The steps are read at each dot column's right edge, so a step rises in
/// the column that holds its volume (sampling at the centre put it a column
/// off, or drew it as a slope); the API's line is read at the centre, as a
/// line is drawn. Column edges and centres lie a constant factor apart on a
/// log axis, so there is no power or logarithm per column either.
fn traces(dots: &Dots, curve: &CostCurve) -> impl Iterator<Item = [(usize, usize); 3]> {
    let values = move |edge: f64, centre: f64| {
        let own = curve.self_host_at(edge);
        [own.high, own.low, curve.api_at(centre).max(FLOOR)]
    };
    let (start, end) = (10f64.powf(dots.axes.x.0), 10f64.powf(dots.axes.x.1));
    let mut tracers = values(start, start).map(|v| Tracer::new(dots, v));
    let ratio = 10f64.powf(dots.x_step);
    let (mut edge, mut centre) = (start * ratio.sqrt(), start);
    (0..dots.cols).map(move |_| {
        // The last edge and centre are the axis's end, whatever the rounding.
        let v = values(edge.min(end), centre.min(end));
        (edge, centre) = (edge * ratio, centre * ratio);
        let mut runs = [(0, 0); 3];
        for ((run, tracer), v) in runs.iter_mut().zip(&mut tracers).zip(v) {
            *run = tracer.run_to(v);
        }
        runs
    })
}

/// A cost's place on the log axis; the axis has no zero, so it starts at
/// `FLOOR`.
fn log(cost: f64) -> f64 {
    cost.max(FLOOR).log10()
}

/// The plot in braille dots, 2×4 a cell, mapped from the axes the way
/// ratatui's canvas maps them: the first and last dot sit on the ends of
/// each range.
struct Dots {
    /// Dot columns and rows.
    cols: usize,
    rows: usize,
    /// Log10 units from one dot column, and one dot row, to the next.
    x_step: f64,
    y_step: f64,
    axes: Axes,
}

impl Dots {
    fn new(plot: Rect, axes: &Axes) -> Self {
        let (cols, rows) = (usize::from(plot.width) * 2, usize::from(plot.height) * 4);
        Self {
            cols,
            rows,
            x_step: (axes.x.1 - axes.x.0) / cols.saturating_sub(1).max(1) as f64,
            y_step: (axes.y.1 - axes.y.0) / rows.saturating_sub(1).max(1) as f64,
            axes: *axes,
        }
    }

    /// The dot column of a log10 volume, if it is on the axis.
    fn col(&self, lx: f64) -> Option<usize> {
        let (a, b) = self.axes.x;
        (a..=b)
            .contains(&lx)
            .then(|| (((lx - a) / self.x_step).round() as usize).min(self.cols - 1))
    }

    /// The dot height (0 at the bottom) of a log10 cost, if it is on the axis.
    fn height(&self, ly: f64) -> Option<usize> {
        let (a, b) = self.axes.y;
        (a..=b)
            .contains(&ly)
            .then(|| (((ly - a) / self.y_step).round() as usize).min(self.rows - 1))
    }
}

/// One rising curve walked from dot column to dot column. It keeps the dot
/// height it is at and the cost where the next height up begins, a constant
/// factor above the last, so no column needs a logarithm.
struct Tracer {
    height: usize,
    top: usize,
    next_up: f64,
    factor: f64,
    value: f64,
    rising: bool,
}

impl Tracer {
    /// A curve whose value is `value` at the left end of the x axis.
    fn new(dots: &Dots, value: f64) -> Self {
        let mut tracer = Self {
            height: 0,
            top: dots.rows - 1,
            next_up: 10f64.powf(dots.axes.y.0 + dots.y_step / 2.0),
            factor: 10f64.powf(dots.y_step),
            value,
            rising: false,
        };
        tracer.climb(value);
        tracer
    }

    fn climb(&mut self, value: f64) {
        while self.height < self.top && value >= self.next_up {
            self.height += 1;
            self.next_up *= self.factor;
        }
    }

    /// Moves the curve to its value at the next dot column edge (never lower
    /// than the last) and returns the dot heights to light in the column
    /// between: every height the curve passes there, except the one the
    /// column before ended on if the curve was rising through that column
    /// too. Slopes so stay one dot thick, and a step off a flat keeps its
    /// corner.
    fn run_to(&mut self, value: f64) -> (usize, usize) {
        let from = self.height;
        self.climb(value);
        let low = if self.rising && self.height > from {
            from + 1
        } else {
            from
        };
        self.rising = value > self.value;
        self.value = value;
        (low, self.height)
    }
}

/// The cells of one plot column being drawn: each cell's dot bits and
/// colour, and the span of cells with dots.
struct CellColumn {
    cells: Vec<(u8, Color)>,
    lit: Option<(usize, usize)>,
}

impl CellColumn {
    fn new(height: u16) -> Self {
        Self {
            cells: vec![(0, Color::Reset); usize::from(height)],
            lit: None,
        }
    }

    /// Lights dot column `dx` from dot height `low` to `high` (0 at the
    /// bottom) in `colour`, which becomes the colour of the cells it touches.
    fn paint(&mut self, dx: usize, (low, high): (usize, usize), colour: Color) {
        let rows = self.cells.len() * 4;
        let (first, last) = (rows - 1 - high, rows - 1 - low.min(high));
        for row in first..=last {
            let cell = &mut self.cells[row / 4];
            cell.0 |= DOT[row % 4][dx];
            cell.1 = colour;
        }
        let (a, b) = self.lit.unwrap_or((first / 4, last / 4));
        self.lit = Some((a.min(first / 4), b.max(last / 4)));
    }

    /// Writes the cells with dots into the column of `buf` at `x`, the top
    /// cell at `y`, and clears them for the next column.
    fn flush(&mut self, buf: &mut Buffer, x: u16, y: u16) {
        let Some((first, last)) = self.lit.take() else {
            return;
        };
        let area = buf.area;
        let width = usize::from(area.width);
        let mut i = usize::from(y - area.y) * width + usize::from(x - area.x) + first * width;
        for (bits, colour) in &mut self.cells[first..=last] {
            if *bits != 0 {
                let glyph = char::from_u32(0x2800 + u32::from(*bits)).unwrap_or(' ');
                buf.content[i].set_char(glyph).set_fg(*colour);
                *bits = 0;
            }
            i += width;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::money::Range;
    use ratatui::buffer::Cell;

    /// A plot 40 cells wide and 20 high over 10..100k tokens/day and
    /// $0.1..$10k, and a curve whose replicas hold 1,400 tokens/day each.
    fn setup() -> (Dots, CostCurve) {
        let axes = Axes {
            x: (1.0, 5.0),
            y: (-1.0, 4.0),
        };
        let curve = CostCurve {
            api_per_token_day: 0.05,
            per_replica: Range::new(40.0, 90.0),
            fixed: Range::new(0.0, 25.0),
            api_fixed: Range::default(),
            step_capacity: crate::engine::PerEnd::both(1400.0),
            regions: 1,
            spares: 0,
            day: None,
        };
        (Dots::new(Rect::new(0, 0, 40, 20), &axes), curve)
    }

    /// The dot height of a cost, straight from its logarithm.
    fn height(dots: &Dots, cost: f64) -> usize {
        dots.height(log(cost)).expect("on the axis")
    }

    #[test]
    fn steps_are_traced_exactly_between_dot_column_edges() {
        let (dots, curve) = setup();
        let edge = |i: f64| 10f64.powf(dots.axes.x.0 + i * dots.x_step).min(1e5);
        let steps = |t: f64| curve.self_host_at(t);
        let mut rising = [false; 2];
        for (i, runs) in traces(&dots, &curve).enumerate() {
            let (a, b) = (edge(i as f64 - 0.5).max(10.0), edge(i as f64 + 0.5));
            for (k, (run, end)) in runs
                .iter()
                .zip([|r: Range| r.high, |r: Range| r.low])
                .enumerate()
            {
                let (from, to) = (height(&dots, end(steps(a))), height(&dots, end(steps(b))));
                // Every height the step function passes in the column, less
                // the one the column before ended on while already rising.
                let low = if rising[k] && to > from {
                    from + 1
                } else {
                    from
                };
                assert_eq!(*run, (low, to), "series {k}, dot column {i}");
                rising[k] = end(steps(b)) > end(steps(a));
            }
        }
    }

    #[test]
    fn a_step_rises_in_the_dot_column_holding_its_volume() {
        let (dots, curve) = setup();
        let runs: Vec<_> = traces(&dots, &curve).map(|r| r[0]).collect();
        // The 2nd and 3rd replicas start just past 1,400 and 2,800 tokens/day,
        // each a vertical run, from the flat before to the flat after.
        for k in [1.0, 2.0] {
            let volume: f64 = k * 1400.0;
            let col = dots.col(volume.log10()).expect("on the axis");
            let below = height(&dots, curve.self_host_at(volume).high);
            let above = height(&dots, curve.self_host_at(volume + 1.0).high);
            assert!(above > below + 1, "a step several dots high");
            assert_eq!(runs[col], (below, above), "replica {}", k + 1.0);
            assert_eq!(runs[col - 1], (below, below));
            assert_eq!(runs[col + 1], (above, above));
        }
    }

    #[test]
    fn the_api_line_has_a_dot_at_its_height_in_every_column() {
        let (dots, curve) = setup();
        let mut last = None;
        for (i, runs) in traces(&dots, &curve).enumerate() {
            let lx = dots.axes.x.0 + i as f64 * dots.x_step;
            let h = height(&dots, curve.api_at(10f64.powf(lx)));
            // Joined to the column before, and no thicker than that needs
            // once the line is on its way up.
            let from = last.unwrap_or(h);
            let low = if i >= 2 && h > from { from + 1 } else { from };
            assert_eq!(runs[2], (low, h), "dot column {i}");
            last = Some(h);
        }
    }

    #[test]
    fn cells_get_braille_glyphs_and_the_last_colour_drawn() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 2));
        let mut column = CellColumn::new(2);
        column.paint(0, (0, 7), Color::Gray);
        column.paint(1, (4, 4), Color::Cyan);
        column.flush(&mut buf, 1, 0);
        // Top cell: the left column full and the right one's bottom dot.
        assert_eq!(buf[(1, 0)].symbol(), "⣇");
        assert_eq!(buf[(1, 0)].fg, Color::Cyan);
        assert_eq!(buf[(1, 1)].symbol(), "⡇");
        assert_eq!(buf[(1, 1)].fg, Color::Gray);
        assert_eq!(buf[(0, 0)], Cell::EMPTY);
        // The column is clear for the next one.
        column.flush(&mut buf, 2, 0);
        assert_eq!(buf[(2, 0)], Cell::EMPTY);
    }
}
