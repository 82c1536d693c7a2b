//! The growth timeline: each path's cumulative cost month by month at the
//! scenario's growth, self-hosting paying the migration in month 1, with
//! the month it has paid back marked.

use super::{API, Area, DESC, Drawn, HIGH, LABEL, LOW, MARK, Options, legend, swatch};
use crate::analysis::insight::timeline;
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
    type Pick = fn(&crate::analysis::insight::Month) -> f64;
    let lines: [(&str, RGBColor, Pick); 4] = [
        ("API, cheap end", API, |m| m.api_cumulative.low),
        ("API, dear end", API, |m| m.api_cumulative.high),
        ("self-host, cheap end", LOW, |m| m.self_host_cumulative.low),
        ("self-host, dear end", HIGH, |m| m.self_host_cumulative.high),
    ];
    let api_is_a_point = t
        .months
        .iter()
        .all(|m| m.api_cumulative.low == m.api_cumulative.high);
    for (k, (label, colour, pick)) in lines.into_iter().enumerate() {
        if api_is_a_point && k == 1 {
            continue;
        }
        let label = if api_is_a_point && k == 0 {
            "API"
        } else {
            label
        };
        let points = std::iter::once((0, if k < 2 { 0.0 } else { o.migration }))
            .chain(t.months.iter().map(|m| (m.month, pick(m))));
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(2)))?
            .label(label)
            .legend(swatch(colour));
    }
    for (end, month) in [("cheap", t.paid_back.0), ("dear", t.paid_back.1)] {
        let Some(m) = month else { continue };
        let cost = t.months[m as usize - 1].self_host_cumulative;
        let y = if end == "cheap" { cost.low } else { cost.high };
        chart.draw_series([
            Circle::new((m, y), 4, MARK.filled()).into_dyn(),
            Text::new(
                format!("paid back, {end} end: month {m}"),
                (m, y),
                LABEL.into_font(),
            )
            .into_dyn(),
        ])?;
    }
    legend(&mut chart)
}
