//! Charts for design docs: a scenario's cost curve, its tornado and its
//! growth timeline as SVG, drawn with plotters from the same engine figures
//! the planner and the reports show. Pure: the caller names the date and
//! writes the file.

mod cost;
mod day;
mod timeline;
mod tornado;

use crate::engine::Results;
use crate::plan::Plan;
use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Monthly cost against tokens a day, both sides, log–log.
    Cost,
    /// Which inputs move the cost difference most.
    Tornado,
    /// Cumulative cost of each path month by month.
    Timeline,
    /// A day hour by hour: the replicas and what the API bills.
    Day,
}

impl Kind {
    /// Every chart, in the order `v` steps through them.
    pub const ALL: [Kind; 4] = [Kind::Cost, Kind::Tornado, Kind::Timeline, Kind::Day];

    /// The word for it on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cost => "cost",
            Kind::Tornado => "tornado",
            Kind::Timeline => "timeline",
            Kind::Day => "day",
        }
    }

    /// The next chart, in the order `v` steps through them in the planner.
    pub fn next(self) -> Self {
        match self {
            Kind::Cost => Kind::Tornado,
            Kind::Tornado => Kind::Timeline,
            Kind::Timeline => Kind::Day,
            Kind::Day => Kind::Cost,
        }
    }
}

/// What the tornado and the timeline are drawn at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// How far the tornado swings each input.
    pub swing: crate::analysis::sensitivity::Swing,
    /// The timeline's months.
    pub months: u32,
    /// A one-off migration self-hosting pays in month 1.
    pub migration: f64,
}

/// Tick labels and annotations, and the axes' descriptions: sizes that
/// read at a doc's width (plotters draws a size as ÷1.24 pixels).
const LABEL: (&str, u32) = ("sans-serif", 16);
const DESC: (&str, u32) = ("sans-serif", 17);

/// Pixels: a 16:9 figure that reads at a doc's width.
const SIZE: (u32, u32) = (960, 540);

/// The series colours: the API, self-hosting's cheap and dear ends, marks.
const API: RGBColor = RGBColor(214, 39, 40);
const LOW: RGBColor = RGBColor(44, 160, 44);
const HIGH: RGBColor = RGBColor(31, 119, 180);
const MARK: RGBColor = RGBColor(127, 127, 127);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// The chart of scenario `row` as an SVG document: a title naming the
/// scenario and the chart, a footer naming the plan, `date` and the
/// currency.
pub fn svg(
    plan: &Plan,
    results: &Results,
    row: usize,
    kind: Kind,
    options: Options,
    date: &str,
) -> Result<String, String> {
    let scenario = plan.scenarios.get(row).ok_or("no such scenario")?;
    let result = results.scenarios.get(row).ok_or("no such scenario")?;
    let head = result
        .headline(plan.settings.include_overheads)
        .map_err(|m| format!("{}: {m}; give it a price first", scenario.name))?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        let drawn = frame(&root, plan, row, kind, date).and_then(|body| match kind {
            Kind::Cost => cost::draw(&body, plan, scenario, head),
            Kind::Tornado => tornado::draw(&body, plan, results, row, options.swing),
            Kind::Timeline => timeline::draw(&body, plan, results, row, options),
            Kind::Day => day::draw(&body, plan, scenario, result),
        });
        drawn
            .and_then(|()| Ok(root.present()?))
            .map_err(|e| format!("drawing the chart: {e}"))?;
    }
    Ok(out)
}

/// The white page, title and footer; returns the area between them.
fn frame<'a>(
    root: &Area<'a>,
    plan: &Plan,
    row: usize,
    kind: Kind,
    date: &str,
) -> Result<Area<'a>, Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let what = match kind {
        Kind::Cost => "monthly cost by volume",
        Kind::Tornado => "what moves the difference most",
        Kind::Timeline => "cumulative cost as it grows",
        Kind::Day => "a day, hour by hour (UTC)",
    };
    let title = format!("{} — {what}", plan.scenarios[row].name);
    let body = root.titled(&title, ("sans-serif", 26))?;
    let height = body.dim_in_pixel().1;
    let (body, footer) = body.split_vertically(height.saturating_sub(34));
    let basis = crate::text::format::basis(plan.settings.include_overheads);
    let note = format!(
        "{} · {date} · {} a month, {basis} · inferplan",
        plan.name, plan.settings.currency
    );
    footer.draw(&Text::new(note, (16, 6), LABEL.into_font().color(&MARK)))?;
    Ok(body)
}

/// A note at a point of a chart: a label, with a dot there when `dot`
/// (else it names a mark drawn on its own, in the marks' grey).
struct Note<P> {
    at: P,
    text: String,
    dot: bool,
}

/// The width a label takes, estimated as SVG viewers draw sans-serif at
/// `size` (plotters writes a size as ÷1.24 pixels): 0.6 em a character,
/// wide enough for digits and capitals.
fn text_width(text: &str, size: u32) -> i32 {
    (text.chars().count() as f64 * 0.6 * f64::from(size) / 1.24).ceil() as i32
}

/// A label's box in pixels: left, top, right, bottom.
type Box2 = (i32, i32, i32, i32);

fn overlaps(a: Box2, b: Box2) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Draws notes so that each stays inside the plot and none lies over
/// another or over the legend (top left, `legend_rows` lines): right of its
/// point, or left of it near the right edge, and a line lower (or higher,
/// at the bottom) while it would cover one placed before. Notes with the
/// same text at the same pixel are drawn once.
fn annotate<'a, CT>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
    notes: Vec<Note<CT::From>>,
    legend_rows: usize,
) -> Drawn
where
    CT: CoordTranslate,
    CT::From: Clone + 'static,
{
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let line = (f64::from(LABEL.1) / 1.24 * 1.3).ceil() as i32;
    // The legend: plotters' box at the plot's top left, 15 px a row.
    let legend = (
        xs.start,
        ys.start,
        xs.start + 180,
        ys.start + 20 + 15 * legend_rows as i32,
    );
    let mut placed: Vec<Box2> = vec![legend];
    let mut drawn: Vec<((i32, i32), String)> = Vec::new();
    for note in notes {
        let (px, py) = chart.as_coord_spec().translate(&note.at);
        if drawn.iter().any(|(p, t)| *p == (px, py) && *t == note.text) {
            continue;
        }
        let w = text_width(&note.text, LABEL.1);
        let x0 = match px + 8 + w <= xs.end {
            true => px + 8,
            false => (px - 8 - w).max(xs.start),
        };
        let mut y0 = (py + 4).clamp(ys.start, ys.end - line);
        let step = if py + 4 + 3 * line > ys.end {
            -line
        } else {
            line
        };
        for _ in 0..20 {
            let b = (x0, y0, x0 + w, y0 + line);
            if !placed.iter().any(|p| overlaps(*p, b)) {
                break;
            }
            y0 = (y0 + step).clamp(ys.start, ys.end - line);
        }
        placed.push((x0, y0, x0 + w, y0 + line));
        // Text hangs from its top left, plotters' default. A note without
        // a dot labels a mark of its own (today's line): grey, like it.
        let offset = (x0 - px, y0 - py);
        let at = EmptyElement::at(note.at);
        match note.dot {
            true => {
                let label = Text::new(note.text.clone(), offset, LABEL.into_font());
                let dot = Circle::new((0, 0), 4, MARK.filled());
                chart.draw_series(std::iter::once(at + dot + label))?;
            }
            false => {
                let label = Text::new(note.text.clone(), offset, LABEL.into_font().color(&MARK));
                chart.draw_series(std::iter::once(at + label))?;
            }
        }
        drawn.push(((px, py), note.text));
    }
    Ok(())
}

/// A line's legend swatch.
fn swatch(colour: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
}

/// The lines' legend, top left.
fn legend<'a, CT: CoordTranslate>(chart: &mut ChartContext<'a, SVGBackend<'a>, CT>) -> Drawn {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(MARK)
        .draw()?;
    Ok(())
}
