//! A day hour by hour (UTC): on top the replicas each hour needs (and the
//! count kept on all day, where replicas are not scaled), below what the
//! API bills a month for each hour's tokens, its off-peak hours lighter.

use super::{API, Area, DESC, Drawn, HIGH, LABEL, LOW, MARK};
use crate::engine::ScenarioResult;
use crate::engine::day::{HOURS, Schedule, schedule};
use crate::plan::{Plan, Scenario};
use crate::text::format as fmt;
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

fn hours() -> std::ops::Range<u32> {
    0..HOURS as u32
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
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .caption(caption, LABEL)
        .build_cartesian_2d(hours().into_segmented(), 0.0..top * 1.15)?;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .disable_x_mesh()
        .x_labels(HOURS)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(h) if h % 3 == 0 && *h < HOURS as u32 => format!("{h:02}"),
            _ => String::new(),
        })
        .y_desc("replicas")
        .y_labels(6)
        .y_label_formatter(&|v| match v.fract() == 0.0 {
            true => format!("{v}"),
            false => String::new(),
        })
        .draw()?;
    let bar = |h: usize, n: u64, colour: RGBColor| {
        let mut b = Rectangle::new(
            [
                (SegmentValue::Exact(h as u32), 0.0),
                (SegmentValue::Exact(h as u32 + 1), n as f64),
            ],
            colour.mix(0.8).filled(),
        );
        b.set_margin(0, 0, 3, 3);
        b
    };
    chart.draw_series((0..HOURS).map(|h| bar(h, s.replicas[h].dear, HIGH)))?;
    if s.replicas.iter().any(|n| n.single().is_none()) {
        chart.draw_series((0..HOURS).map(|h| bar(h, s.replicas[h].cheap, LOW)))?;
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
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .caption(caption, LABEL)
        .build_cartesian_2d(hours().into_segmented(), 0.0..top * 1.15)?;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .disable_x_mesh()
        .x_labels(HOURS)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(h) if h % 3 == 0 && *h < HOURS as u32 => format!("{h:02}:00"),
            _ => String::new(),
        })
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
        let mut b = Rectangle::new(
            [
                (SegmentValue::Exact(h as u32), 0.0),
                (SegmentValue::Exact(h as u32 + 1), api[h]),
            ],
            API.mix(shade).filled(),
        );
        b.set_margin(0, 0, 3, 3);
        b
    }))?;
    Ok(())
}
