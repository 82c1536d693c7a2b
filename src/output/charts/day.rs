//! A day hour by hour (UTC): on top the replicas each hour needs (and the
//! count kept on all day, where replicas are not scaled), below what the
//! API bills a month for each hour's tokens, its off-peak hours lighter.

use super::{API, Area, DESC, Drawn, HIGH, LABEL, LOW, MARK};
use crate::engine::ScenarioResult;
use crate::engine::day::{HOURS, Schedule, schedule};
use crate::plan::{Plan, Scenario};
use crate::text::format as fmt;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::prelude::*;

pub(super) fn draw(area: &Area, plan: &Plan, scenario: &Scenario, r: &ScenarioResult) -> Drawn {
    let s = schedule(plan, scenario, r).ok_or(
        "no day: a scale-to-zero bill without an hourly_profile counts the day's busy hours as a whole (import usage fits a profile)",
    )?;
    let caption = crate::analysis::day::replicas_summary(plan, scenario, &s);
    let height = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(height * 11 / 20);
    replicas(&top, &s, &caption)?;
    match (&s.api, crate::analysis::day::api_summary(&s)) {
        (Some(api), Some(caption)) => api_bill(&bottom, plan, scenario, api, &caption),
        _ => Ok(()),
    }
}

type HourPanel<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<SegmentedCoord<RangedCoordu32>, RangedCoordf64>>;

/// A panel of 24 hours (segments 0–23) up to `top`, with its caption; the
/// caller configures the axes.
fn hour_panel<'a, 'b>(
    area: &'a Area<'b>,
    caption: &str,
    x_labels: u32,
    top: f64,
) -> Result<HourPanel<'a, 'b>, Box<dyn std::error::Error>> {
    Ok(ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(x_labels)
        .y_label_area_size(70)
        .caption(caption, LABEL)
        .build_cartesian_2d((0..HOURS as u32).into_segmented(), 0.0..top * 1.15)?)
}

/// Every third hour's label, `suffix` after it (`08`, `08:00`).
fn hour_label(v: &SegmentValue<u32>, suffix: &str) -> String {
    match v {
        SegmentValue::CenterOf(h) if h % 3 == 0 && *h < HOURS as u32 => format!("{h:02}{suffix}"),
        _ => String::new(),
    }
}

/// Hour `h`'s bar up to `value`.
fn bar(h: usize, value: f64, style: ShapeStyle) -> Rectangle<(SegmentValue<u32>, f64)> {
    let mut b = Rectangle::new(
        [
            (SegmentValue::Exact(h as u32), 0.0),
            (SegmentValue::Exact(h as u32 + 1), value),
        ],
        style,
    );
    b.set_margin(0, 0, 3, 3);
    b
}

/// The replicas each hour, the dear end's bar with the cheap end's inside
/// it where an estimated capacity makes them differ.
fn replicas(area: &Area, s: &Schedule, caption: &str) -> Drawn {
    let top = s
        .replicas
        .iter()
        .map(|n| n.dear)
        .chain([s.billed.dear].into_iter().filter(|_| !s.autoscaled))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut chart = hour_panel(area, caption, 30, top)?;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .disable_x_mesh()
        .x_labels(HOURS)
        .x_label_formatter(&|v| hour_label(v, ""))
        .y_desc("replicas")
        .y_labels(6)
        .y_label_formatter(&|v| match v.fract() == 0.0 {
            true => format!("{v}"),
            false => String::new(),
        })
        .draw()?;
    let count = |h: usize, n: u64, colour: RGBColor| bar(h, n as f64, colour.mix(0.8).filled());
    chart.draw_series((0..HOURS).map(|h| count(h, s.replicas[h].dear, HIGH)))?;
    if s.replicas.iter().any(|n| n.single().is_none()) {
        chart.draw_series((0..HOURS).map(|h| count(h, s.replicas[h].cheap, LOW)))?;
    }
    if !s.autoscaled {
        let level = s.billed.dear as f64;
        let line = vec![
            (SegmentValue::Exact(0), level),
            (SegmentValue::Exact(HOURS as u32), level),
        ];
        chart.draw_series(std::iter::once(PathElement::new(
            line,
            MARK.stroke_width(2),
        )))?;
        let label = format!("kept on all day: {}", s.billed);
        chart.draw_series(std::iter::once(Text::new(
            label,
            (SegmentValue::Exact(0), level * 1.1),
            LABEL.into_font().color(&MARK),
        )))?;
    }
    Ok(())
}

/// What the API bills a month for each hour's tokens.
fn api_bill(
    area: &Area,
    plan: &Plan,
    scenario: &Scenario,
    api: &[f64; HOURS],
    caption: &str,
) -> Drawn {
    let top = api.iter().copied().fold(0.0, f64::max).max(1.0);
    let off_peak = plan.model(&scenario.model).and_then(|m| m.off_peak);
    let mut chart = hour_panel(area, caption, 44, top)?;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .disable_x_mesh()
        .x_labels(HOURS)
        .x_label_formatter(&|v| hour_label(v, ":00"))
        .x_desc(match off_peak {
            Some(o) => format!(
                "hour (UTC); lighter: the API's off-peak window, {}",
                crate::analysis::day::window(&o)
            ),
            None => "hour (UTC)".to_string(),
        })
        .y_desc(format!("API, {} a month", plan.settings.currency))
        .y_labels(5)
        .y_label_formatter(&|v| fmt::compact_money(*v))
        .draw()?;
    chart.draw_series((0..HOURS).map(|h| {
        let shade = match off_peak.is_some_and(|o| o.covers(h) > 0.0) {
            true => 0.35,
            false => 0.8,
        };
        bar(h, api[h], API.mix(shade).filled())
    }))?;
    Ok(())
}
