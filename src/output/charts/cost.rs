//! Monthly cost against tokens a day, log–log: the API's line, self-hosting's
//! cheap and dear replica steps, today's volume and the break-evens, over the
//! span the planner's chart shows.

use super::{API, Area, DESC, Drawn, HIGH, LABEL, LOW, MARK, Note, annotate, legend, swatch};
use crate::analysis::insight::{COST_FLOOR, decades};
use crate::base::money::Range;
use crate::engine::Comparison;
use crate::plan::{Plan, Scenario};
use crate::text::format as fmt;
use plotters::prelude::*;

/// Volumes sampled across the span; the steps land within one sample.
const SAMPLES: usize = 240;

pub(super) fn draw(area: &Area, plan: &Plan, s: &Scenario, c: &Comparison) -> Drawn {
    let volume = s.tokens_per_day as f64;
    let ((x0, x1), (y0, y1)) = decades(c, volume);
    let (first, last) = (10f64.powf(x0), 10f64.powf(x1));
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (first..last).log_scale(),
            (10f64.powf(y0)..10f64.powf(y1)).log_scale(),
        )?;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .x_desc("tokens a day")
        .y_desc(format!("{} a month", plan.settings.currency))
        .x_label_formatter(&|v| fmt::tokens(*v))
        .y_label_formatter(&|v| fmt::compact_money(*v))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    let volumes: Vec<f64> = (0..=SAMPLES)
        .map(|i| 10f64.powf(x0 + (x1 - x0) * i as f64 / SAMPLES as f64))
        .collect();
    let curve = &c.curve;
    let api = volumes
        .iter()
        .map(|&v| (v, curve.api_at(v).max(COST_FLOOR)));
    chart
        .draw_series(LineSeries::new(api, API.stroke_width(2)))?
        .label("API")
        .legend(swatch(API));
    // Self-hosting's ends as one line when a replica's cost is one figure.
    let one = curve.per_replica.low == curve.per_replica.high
        && curve.self_host_at(first) == Range::point(curve.self_host_at(first).low);
    let ends: &[(&str, RGBColor, bool)] = match one {
        true => &[("self-host", LOW, false)],
        false => &[
            ("self-host, cheap end", LOW, false),
            ("self-host, dear end", HIGH, true),
        ],
    };
    for &(label, colour, end) in ends {
        let cost = |v: f64| {
            let r = curve.self_host_at(v);
            if end { r.high } else { r.low }
        };
        chart
            .draw_series(LineSeries::new(
                steps(&volumes, cost),
                colour.stroke_width(2),
            ))?
            .label(label)
            .legend(swatch(colour));
    }
    let (bottom, top) = (10f64.powf(y0), 10f64.powf(y1));
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(volume, bottom), (volume, top)],
        MARK.stroke_width(1),
    )))?;
    let mut notes = vec![Note {
        at: (volume, top),
        text: format!("today {}", fmt::tokens(volume)),
        dot: false,
    }];
    for b in [c.break_even.low, c.break_even.high] {
        let Some(v) = b.volume().filter(|v| (first..=last).contains(v)) else {
            continue;
        };
        notes.push(Note {
            at: (v, curve.api_at(v).max(COST_FLOOR)),
            text: format!("break-even {}", fmt::tokens(v)),
            dot: true,
        });
    }
    annotate(&mut chart, notes, 1 + ends.len())?;
    legend(&mut chart)
}

/// A step line: where the cost changes between two samples, a vertical
/// rise at the later one.
fn steps(volumes: &[f64], cost: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(volumes.len() * 2);
    for &v in volumes {
        let y = cost(v).max(COST_FLOOR);
        if let Some(&(_, before)) = out.last()
            && before != y
        {
            out.push((v, before));
        }
        out.push((v, y));
    }
    out
}
