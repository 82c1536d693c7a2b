//! The tornado: one bar per input from the difference (self-hosting minus
//! the API) with the input swung down to that with it swung up, widest at
//! the top; the line at zero is where the verdict turns, bars that cross
//! it are drawn in the mark colour and starred.

use super::{API, Area, DESC, Drawn, HIGH, LABEL, MARK};
use crate::analysis::sensitivity::{Swing, Tornado, tornado};
use crate::engine::Results;
use crate::plan::Plan;
use crate::text::format as fmt;
use plotters::prelude::*;

/// The x axis: every bar end, the base and zero, with room on the right
/// for the labels at the bars' right ends.
fn span(t: &Tornado) -> (f64, f64) {
    let (lo, hi) = t.extent();
    (
        lo - ((hi - lo) * 0.08).max(1.0),
        hi + ((hi - lo) * 0.3).max(1.0),
    )
}

pub(super) fn draw(area: &Area, plan: &Plan, results: &Results, row: usize, swing: Swing) -> Drawn {
    let t = tornado(plan, results, row, swing).ok_or("no tornado: the scenario has no price")?;
    let n = t.bars.len().max(1);
    let (lo, hi) = span(&t);
    let names: Vec<String> = t
        .bars
        .iter()
        .map(|b| format!("{}{}", b.input, if b.flips { " *" } else { "" }))
        .collect();
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(170)
        .build_cartesian_2d(lo..hi, (0..n as i32).into_segmented())?;
    let at = |k: usize| (n - 1 - k) as i32;
    chart
        .configure_mesh()
        .label_style(LABEL)
        .axis_desc_style(DESC)
        .disable_y_mesh()
        .y_labels(n)
        .x_desc(format!(
            "self-hosting minus the API, {} a month; each input {}, down … up; * flips the verdict",
            plan.settings.currency,
            swing.describe(),
        ))
        .x_label_formatter(&|v| fmt::money(*v))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => usize::try_from(n as i32 - 1 - i)
                .ok()
                .and_then(|k| names.get(k).cloned())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .draw()?;
    chart.draw_series(t.bars.iter().enumerate().map(|(k, b)| {
        let colour = if b.flips { API } else { HIGH };
        let (from, to) = (b.low.min(b.high), b.low.max(b.high));
        let mut bar = Rectangle::new(
            [
                (from, SegmentValue::Exact(at(k))),
                (to, SegmentValue::Exact(at(k) + 1)),
            ],
            colour.mix(0.75).filled(),
        );
        bar.set_margin(4, 4, 0, 0);
        bar
    }))?;
    chart.draw_series(t.bars.iter().enumerate().map(|(k, b)| {
        let text = format!("{} … {}", fmt::money(b.low), fmt::money(b.high));
        let x = b.low.max(b.high);
        Text::new(text, (x, SegmentValue::CenterOf(at(k))), LABEL.into_font())
    }))?;
    let upright = |x: f64| {
        vec![
            (x, SegmentValue::Exact(0)),
            (x, SegmentValue::Exact(n as i32)),
        ]
    };
    chart.draw_series([
        PathElement::new(upright(0.0), BLACK.stroke_width(1)),
        PathElement::new(upright(t.base), MARK.stroke_width(1)),
    ])?;
    let label = format!("as planned {}", fmt::money(t.base));
    chart.draw_series(std::iter::once(Text::new(
        label,
        (t.base, SegmentValue::Exact(n as i32)),
        LABEL.into_font().color(&MARK),
    )))?;
    Ok(())
}
