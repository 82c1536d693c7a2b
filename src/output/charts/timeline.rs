//! The growth timeline: each path's cumulative cost month by month at the
//! scenario's growth, self-hosting paying the migration in month 1, with
//! the month it has paid back marked.

use super::{API, Area, DESC, Drawn, HIGH, LABEL, LOW, Note, Options, annotate, legend, swatch};
use crate::analysis::insight::{Timeline, timeline};
use crate::engine::Results;
use crate::plan::Plan;
use crate::text::format as fmt;
use plotters::prelude::*;

pub(super) fn draw(area: &Area, plan: &Plan, results: &Results, row: usize, o: Options) -> Drawn {
    let t = timeline(plan, results, row, o.months.max(1), o.migration)
        .ok_or("no timeline: the scenario has no price")?;
    let top = t
        .months
        .iter()
        .map(|m| m.api_cumulative.high.max(m.self_host_cumulative.high))
        .fold(0.0, f64::max)
        .max(1.0);
    let months = t.months.len() as u32;
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(0u32..months, 0.0..top * 1.05)?;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .x_desc(format!(
            "month (growth {} a month, migration {})",
            fmt::percent(plan.scenarios[row].monthly_growth),
            fmt::money(o.migration)
        ))
        .y_desc(format!("{} so far", plan.settings.currency))
        .y_label_formatter(&|v| fmt::compact_money(*v))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    let rows = lines(&mut chart, &t, o.migration)?;
    let at = |m: u32, dear: bool| {
        let cost = t.months[m as usize - 1].self_host_cumulative;
        (m, if dear { cost.high } else { cost.low })
    };
    let notes = match t.paid_back {
        (Some(a), Some(b)) if at(a, false) == at(b, true) => {
            vec![(at(a, false), format!("paid back: month {a}"))]
        }
        (cheap, dear) => [(cheap, false), (dear, true)]
            .into_iter()
            .filter_map(|(m, dear)| {
                let m = m?;
                let end = if dear { "dear" } else { "cheap" };
                Some((at(m, dear), format!("paid back, {end} end: month {m}")))
            })
            .collect(),
    };
    let notes = notes
        .into_iter()
        .map(|(at, text)| Note {
            at,
            text,
            dot: true,
        })
        .collect();
    annotate(&mut chart, notes, rows)?;
    legend(&mut chart)
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordu32, plotters::coord::types::RangedCoordf64>,
>;

/// Each path's cumulative line, ends that coincide drawn once with one
/// legend entry; returns the legend's rows.
fn lines(
    chart: &mut Chart,
    t: &Timeline,
    migration: f64,
) -> Result<usize, Box<dyn std::error::Error>> {
    type Pick = fn(&crate::analysis::insight::Month) -> f64;
    let lines: [(&str, RGBColor, Pick); 4] = [
        ("API, cheap end", API, |m| m.api_cumulative.low),
        ("API, dear end", API, |m| m.api_cumulative.high),
        ("self-host, cheap end", LOW, |m| m.self_host_cumulative.low),
        ("self-host, dear end", HIGH, |m| m.self_host_cumulative.high),
    ];
    // Ends that coincide are one line with one legend entry.
    let api_one = t
        .months
        .iter()
        .all(|m| m.api_cumulative.low == m.api_cumulative.high);
    let own_one = t
        .months
        .iter()
        .all(|m| m.self_host_cumulative.low == m.self_host_cumulative.high);
    let mut rows = 0;
    for (k, (label, colour, pick)) in lines.into_iter().enumerate() {
        let (one, first) = if k < 2 {
            (api_one, k == 0)
        } else {
            (own_one, k == 2)
        };
        if one && !first {
            continue;
        }
        let label = match (one, k < 2) {
            (true, true) => "API",
            (true, false) => "self-host",
            (false, _) => label,
        };
        let points = std::iter::once((0, if k < 2 { 0.0 } else { migration }))
            .chain(t.months.iter().map(|m| (m.month, pick(m))));
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(2)))?
            .label(label)
            .legend(swatch(colour));
        rows += 1;
    }
    Ok(rows)
}
