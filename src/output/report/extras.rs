//! What `report --sweep`, `--timeline`, `--sensitivity` and `--uncertainty`
//! add for each scenario: both sides across volumes, month by month as it
//! grows, each input swung (the tornado), and the Monte Carlo run.

use super::{Markup, TextTable};
use crate::analysis::insight::{self, Point};
use crate::analysis::sensitivity::Swing;
use crate::analysis::uncertainty::Shape;
use crate::engine::Results;
use crate::plan::Plan;
use crate::text::figures::Ends;
use crate::text::format as fmt;
use serde::Serialize;

/// What to add to a report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Extras {
    /// Both sides at 1M … 10B tokens a day.
    pub sweep: bool,
    /// Months of growth, and a one-off migration cost self-hosting pays.
    pub timeline: Option<(u32, f64)>,
    /// A tornado of the inputs swung so.
    pub sensitivity: Option<Swing>,
    /// A Monte Carlo run.
    pub uncertainty: Option<crate::analysis::uncertainty::Draws>,
}

impl Extras {
    /// True when nothing is added.
    pub fn is_empty(&self) -> bool {
        !self.sweep
            && self.timeline.is_none()
            && self.sensitivity.is_none()
            && self.uncertainty.is_none()
    }
}

/// The sections for a text or Markdown report.
pub(super) fn sections(plan: &Plan, results: &Results, extras: Extras, markup: Markup) -> String {
    let mut out = String::new();
    for (row, s) in plan.scenarios.iter().enumerate() {
        let name = crate::base::safe_text::shown(&s.name);
        if extras.sweep {
            let points = insight::sweep(plan, results, row);
            out.push_str(&markup.heading(&format!("Volume sweep: {name}")));
            match points.is_empty() {
                true => out.push_str("No self-host price: no sweep.\n\n"),
                false => {
                    out.push_str(&markup.table(&sweep_table(&points)));
                    out.push('\n');
                }
            }
        }
        if let Some(swing) = extras.sensitivity {
            out.push_str(&markup.heading(&format!("Sensitivity: {name}")));
            match crate::analysis::sensitivity::tornado(plan, results, row, swing) {
                None => out.push_str("No self-host price: nothing to swing.\n\n"),
                Some(t) => {
                    out.push_str(&markup.table(&tornado_table(&t, swing)));
                    out.push_str(markup.after_table());
                    out.push_str(&format!(
                        "Self-hosting minus the API as the plan stands: {}/mo. Each input swung down and up, {}; * flips the verdict.\n\n",
                        fmt::money(t.base),
                        swing.describe()
                    ));
                }
            }
        }
        if let Some(draws) = extras.uncertainty {
            out.push_str(&markup.heading(&format!("Uncertainty: {name}")));
            let (count, seed, mut shape) = (draws.count, draws.seed, draws.shape.describe());
            if crate::analysis::uncertainty::gives_modes(plan) {
                shape.push_str(", or triangular around the most likely figure the plan gives");
            }
            match crate::analysis::uncertainty::run(plan, results, row, draws) {
                None => out.push_str("No self-host price: nothing to draw.\n\n"),
                Some(u) => out.push_str(&format!(
                    "Self-hosting is cheaper in {} of {count} draws (seed {seed}; each range {shape}; drawn: {}). API p5/p50/p95: {} / {} / {}; self-hosting: {} / {} / {}.\n\n",
                    fmt::percent(u.p_self_host_cheaper),
                    u.drawn.iter().map(|i| i.key()).collect::<Vec<_>>().join(", "),
                    fmt::money(u.api.p5),
                    fmt::money(u.api.p50),
                    fmt::money(u.api.p95),
                    fmt::money(u.self_host.p5),
                    fmt::money(u.self_host.p50),
                    fmt::money(u.self_host.p95),
                )),
            }
        }
        if let Some((months, migration)) = extras.timeline {
            out.push_str(&markup.heading(&format!("Timeline: {name}")));
            match insight::timeline(plan, results, row, months, migration) {
                None => out.push_str("No self-host price: no timeline.\n\n"),
                Some(t) => {
                    out.push_str(&markup.table(&timeline_table(&t)));
                    out.push_str(markup.after_table());
                    out.push_str(&timeline_note(&t, s.monthly_growth, migration));
                    out.push_str("\n\n");
                }
            }
            if let Some(c) = crate::analysis::cash::cash(plan, results, row, months, migration) {
                out.push_str(&markup.heading(&format!("Cash: {name}")));
                out.push_str(&markup.table(&cash_table(&c)));
                out.push_str(markup.after_table());
                let sentence = c.sentence(migration);
                let mut chars = sentence.chars();
                let first = chars.next().map(|c| c.to_uppercase().to_string());
                out.push_str(&format!(
                    "{}{}.\n\n",
                    first.unwrap_or_default(),
                    chars.as_str()
                ));
            }
        }
    }
    out
}

/// A column of money at one precision: to the cent throughout when any
/// figure has cents, as the other report tables.
fn money_column(values: impl Iterator<Item = crate::base::money::Range> + Clone) -> Vec<String> {
    let cents = values
        .clone()
        .any(|r| fmt::has_cents(r.low) || fmt::has_cents(r.high));
    values
        .map(|r| {
            let mut s = String::new();
            match cents {
                true => fmt::push_money_range_to_cents(&mut s, r),
                false => s.push_str(&fmt::money_range(r)),
            }
            s
        })
        .collect()
}

fn sweep_table(points: &[Point]) -> TextTable {
    let mut t = TextTable::new(&[
        ("Tokens/day", true),
        ("Replicas", true),
        ("API", true),
        ("Self-host", true),
    ]);
    let api = money_column(points.iter().map(|p| p.api));
    let own = money_column(points.iter().map(|p| p.self_host));
    for (i, p) in points.iter().enumerate() {
        t.push(vec![
            fmt::tokens(p.tokens_per_day),
            p.replicas.to_string(),
            api[i].clone(),
            own[i].clone(),
        ]);
    }
    t
}

fn timeline_table(t: &insight::Timeline) -> TextTable {
    let mut table = TextTable::new(&[
        ("Month (1 = today)", true),
        ("Tokens/day", true),
        ("Replicas", true),
        ("API", true),
        ("Self-host", true),
        ("API so far", true),
        ("Self-host so far", true),
    ]);
    let months = &t.months;
    let leading = months.iter().map(|m| {
        let p = &m.point;
        vec![
            m.month.to_string(),
            fmt::tokens(p.tokens_per_day),
            p.replicas.to_string(),
        ]
    });
    let money = [
        money_column(months.iter().map(|m| m.point.api)),
        money_column(months.iter().map(|m| m.point.self_host)),
        money_column(months.iter().map(|m| m.api_cumulative)),
        money_column(months.iter().map(|m| m.self_host_cumulative)),
    ];
    month_rows(&mut table, leading, &money);
    table
}

/// One row a month: its leading cells, then each money column's cell.
fn month_rows(
    table: &mut TextTable,
    leading: impl Iterator<Item = Vec<String>>,
    money: &[Vec<String>],
) {
    for (i, mut row) in leading.enumerate() {
        row.extend(money.iter().map(|c| c[i].clone()));
        table.push(row);
    }
}

fn cash_table(c: &crate::analysis::cash::Cash) -> TextTable {
    let mut table = TextTable::new(&[
        ("Month (1 = today)", true),
        ("Servers", true),
        ("Bought", true),
        ("Self-host cash", true),
        ("API", true),
        ("Self-host so far", true),
        ("API so far", true),
    ]);
    let months = &c.months;
    let leading = months.iter().map(|m| {
        vec![
            m.month.to_string(),
            m.servers.to_string(),
            m.bought.to_string(),
        ]
    });
    let money = [
        money_column(months.iter().map(|m| m.self_host)),
        money_column(months.iter().map(|m| m.api)),
        money_column(months.iter().map(|m| m.self_host_cumulative)),
        money_column(months.iter().map(|m| m.api_cumulative)),
    ];
    month_rows(&mut table, leading, &money);
    table
}

fn tornado_table(t: &crate::analysis::sensitivity::Tornado, swing: Swing) -> TextTable {
    let (down, up) = if swing.range_ends {
        ("Down".to_string(), "Up".to_string())
    } else {
        let share = fmt::percent(swing.share);
        (format!("−{share}"), format!("+{share}"))
    };
    let mut table = TextTable::new(&[
        ("Input", false),
        (&down, true),
        (&up, true),
        ("Moves", true),
        ("Flips", false),
    ]);
    for b in &t.bars {
        table.push(vec![
            b.input.to_string(),
            fmt::money(b.low),
            fmt::money(b.high),
            fmt::money(b.width()),
            if b.flips { "*".into() } else { String::new() },
        ]);
    }
    table
}

fn timeline_note(t: &insight::Timeline, growth: f64, migration: f64) -> String {
    let shown = t.months.len() as u32;
    let paid = |m: Option<u32>| {
        m.map_or("in no month shown".to_string(), |m| {
            format!("first in month {m}")
        })
    };
    let ends = |cheap: String, dear: String| match cheap == dear {
        true => cheap,
        false => format!("{cheap} with the cheap figures; {dear} with the dear"),
    };
    format!(
        "Growth {} a month; month 1 is today. Self-hosting costs no more than the API {}. With the migration ({}), its total so far is no more than the API's {}.",
        fmt::percent(growth),
        ends(
            cheaper_months(&t.windows.0, t.cheaper_for_good.0, shown),
            cheaper_months(&t.windows.1, t.cheaper_for_good.1, shown)
        ),
        fmt::money(migration),
        ends(paid(t.paid_back.0), paid(t.paid_back.1))
    )
}

/// The months self-hosting is no dearer, in words: each run that closes
/// (dearer again after it) and the month it stays cheaper from.
fn cheaper_months(runs: &[(u32, u32)], for_good: Option<u32>, shown: u32) -> String {
    const LISTED: usize = 6;
    let closed: Vec<String> = runs
        .iter()
        .filter(|(a, _)| Some(*a) != for_good)
        .map(|&(a, b)| match a == b {
            true => a.to_string(),
            false => format!("{a}–{b}"),
        })
        .collect();
    let mut listed = closed[..closed.len().min(LISTED)].join(", ");
    if closed.len() > LISTED {
        listed.push_str(&format!(" and {} more runs", closed.len() - LISTED));
    }
    let (word, after) = match closed.len() {
        1 if !listed.contains('–') => ("month", "dearer again after"),
        1 => ("months", "dearer again after"),
        _ => ("months", "dearer again after each"),
    };
    match (closed.is_empty(), for_good) {
        (true, None) => "in no month shown".into(),
        (true, Some(g)) => format!("from month {g} on"),
        (false, Some(g)) => format!("in {word} {listed} ({after}), and for good from month {g}"),
        (false, None) => format!(
            "in {word} {listed} ({after}), and not for good within the {shown} months shown"
        ),
    }
}

/// A point as JSON.
#[derive(Serialize)]
pub(super) struct PointOut {
    tokens_per_day: f64,
    replicas: u64,
    api_monthly: Ends<f64>,
    self_host_monthly: Ends<f64>,
}

/// A month as JSON.
#[derive(Serialize)]
pub(super) struct MonthOut {
    month: u32,
    tokens_per_day: f64,
    replicas: u64,
    api_monthly: Ends<f64>,
    self_host_monthly: Ends<f64>,
    api_cumulative: Ends<f64>,
    self_host_cumulative: Ends<f64>,
}

/// When a timeline finds self-hosting cheaper, as JSON: months counted
/// from 1 (today), `null` where none within the months shown; `low` with
/// the cheap figures, `high` with the dear.
#[derive(Serialize)]
pub(super) struct TimelineMonthsOut {
    /// The first month self-hosting costs no more than the API.
    first_cheaper_month: Ends<Option<u32>>,
    /// The month from which it costs no more in every month shown.
    cheaper_for_good_from_month: Ends<Option<u32>>,
    /// The first month its cumulative cost (migration included) is no
    /// more than the API's.
    payback_month: Ends<Option<u32>>,
    /// Each run of cheaper months, `[first, last]`.
    cheaper_windows: Ends<Vec<[u32; 2]>>,
}

pub(super) fn timeline_months_json(
    plan: &Plan,
    results: &Results,
    row: usize,
    extras: Extras,
) -> Option<TimelineMonthsOut> {
    let (months, migration) = extras.timeline?;
    let t = insight::timeline(plan, results, row, months, migration)?;
    let ends = |(low, high): (Option<u32>, Option<u32>)| Ends { low, high };
    let runs = |r: &[(u32, u32)]| r.iter().map(|&(a, b)| [a, b]).collect();
    Some(TimelineMonthsOut {
        first_cheaper_month: ends(t.cheaper_from),
        cheaper_for_good_from_month: ends(t.cheaper_for_good),
        payback_month: ends(t.paid_back),
        cheaper_windows: Ends {
            low: runs(&t.windows.0),
            high: runs(&t.windows.1),
        },
    })
}

/// The cash view as JSON: `months` (`month`, `servers`, `bought`,
/// `self_host`, `api`, `self_host_cumulative`, `api_cumulative`), the
/// purchase of one server, `breaks_even_month` (`null` where none within
/// the months shown), the servers' `residual` worth after the last month
/// and the cash `net_of_residual`.
#[derive(Serialize)]
pub(super) struct CashOut {
    purchase: Ends<f64>,
    breaks_even_month: Ends<Option<u32>>,
    residual: Ends<f64>,
    net_of_residual: Ends<f64>,
    months: Vec<CashMonthOut>,
}

#[derive(Serialize)]
struct CashMonthOut {
    month: u32,
    servers: u64,
    bought: u64,
    self_host: Ends<f64>,
    api: Ends<f64>,
    self_host_cumulative: Ends<f64>,
    api_cumulative: Ends<f64>,
}

pub(super) fn cash_json(
    plan: &Plan,
    results: &Results,
    row: usize,
    extras: Extras,
) -> Option<CashOut> {
    let (months, migration) = extras.timeline?;
    let c = crate::analysis::cash::cash(plan, results, row, months, migration)?;
    Some(CashOut {
        purchase: Ends::money(c.purchase),
        breaks_even_month: Ends {
            low: c.breaks_even.0,
            high: c.breaks_even.1,
        },
        residual: Ends::money(c.residual),
        net_of_residual: Ends::money(c.net_of_residual()),
        months: c
            .months
            .iter()
            .map(|m| CashMonthOut {
                month: m.month,
                servers: m.servers,
                bought: m.bought,
                self_host: Ends::money(m.self_host),
                api: Ends::money(m.api),
                self_host_cumulative: Ends::money(m.self_host_cumulative),
                api_cumulative: Ends::money(m.api_cumulative),
            })
            .collect(),
    })
}

/// A tornado bar as JSON.
#[derive(Serialize)]
pub(super) struct BarOut {
    input: String,
    low_difference: f64,
    high_difference: f64,
    swing: f64,
    flips: bool,
}

/// Scenario `row`'s tornado as JSON, if asked for (`[]` without a price).
pub(super) fn sensitivity_json(
    plan: &Plan,
    results: &Results,
    row: usize,
    extras: Extras,
) -> Option<Vec<BarOut>> {
    let swing = extras.sensitivity?;
    let t = crate::analysis::sensitivity::tornado(plan, results, row, swing);
    Some(t.map_or(Vec::new(), |t| {
        t.bars
            .into_iter()
            .map(|b| BarOut {
                swing: crate::text::figures::cents(b.width()),
                low_difference: crate::text::figures::cents(b.low),
                high_difference: crate::text::figures::cents(b.high),
                input: b.input.to_string(),
                flips: b.flips,
            })
            .collect()
    }))
}

/// Percentiles as JSON.
#[derive(Serialize)]
pub(super) struct PercentilesOut {
    p5: f64,
    p50: f64,
    p95: f64,
}

/// A Monte Carlo run as JSON.
#[derive(Serialize)]
pub(super) struct UncertaintyOut {
    /// The inputs drawn, by their keys (`cloud_monthly`, `overhead:NAME`).
    drawn: Vec<String>,
    p_self_host_cheaper: f64,
    api: PercentilesOut,
    self_host: PercentilesOut,
    /// `uniform` or `triangular`, with `mode` the most likely value's share
    /// of the way from each range's low end to its high.
    distribution: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<f64>,
}

/// Scenario `row`'s Monte Carlo run as JSON, if asked for (`null` inside
/// without a price).
pub(super) fn uncertainty_json(
    plan: &Plan,
    results: &Results,
    row: usize,
    extras: Extras,
) -> Option<Option<UncertaintyOut>> {
    let draws = extras.uncertainty?;
    let p = |x: crate::analysis::uncertainty::Percentiles| PercentilesOut {
        p5: crate::text::figures::cents(x.p5),
        p50: crate::text::figures::cents(x.p50),
        p95: crate::text::figures::cents(x.p95),
    };
    Some(
        crate::analysis::uncertainty::run(plan, results, row, draws).map(|u| UncertaintyOut {
            drawn: u.drawn.iter().map(|i| i.key().into_owned()).collect(),
            p_self_host_cheaper: u.p_self_host_cheaper,
            api: p(u.api),
            self_host: p(u.self_host),
            distribution: match draws.shape {
                Shape::Uniform => "uniform",
                Shape::Triangular(_) => "triangular",
            },
            mode: match draws.shape {
                Shape::Uniform => None,
                Shape::Triangular(m) => Some(m),
            },
        }),
    )
}

/// Scenario `row`'s sweep as JSON, if asked for (`[]` without a price).
pub(super) fn sweep_json(
    plan: &Plan,
    results: &Results,
    row: usize,
    extras: Extras,
) -> Option<Vec<PointOut>> {
    extras.sweep.then(|| {
        insight::sweep(plan, results, row)
            .into_iter()
            .map(|p| PointOut {
                tokens_per_day: p.tokens_per_day.round(),
                replicas: p.replicas.dear,
                api_monthly: Ends::money(p.api),
                self_host_monthly: Ends::money(p.self_host),
            })
            .collect()
    })
}

/// Scenario `row`'s timeline as JSON, if asked for (`[]` without a price).
pub(super) fn timeline_json(
    plan: &Plan,
    results: &Results,
    row: usize,
    extras: Extras,
) -> Option<Vec<MonthOut>> {
    let (months, migration) = extras.timeline?;
    let t = insight::timeline(plan, results, row, months, migration);
    Some(t.map_or(Vec::new(), |t| {
        t.months
            .into_iter()
            .map(|m| MonthOut {
                month: m.month,
                tokens_per_day: m.point.tokens_per_day.round(),
                replicas: m.point.replicas.dear,
                api_monthly: Ends::money(m.point.api),
                self_host_monthly: Ends::money(m.point.self_host),
                api_cumulative: Ends::money(m.api_cumulative),
                self_host_cumulative: Ends::money(m.self_host_cumulative),
            })
            .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::cheaper_months;

    #[test]
    fn each_window_that_closes_is_said_and_the_month_it_stays_cheaper_from() {
        let runs = [(1, 1), (6, 8), (11, 12), (14, 24)];
        assert_eq!(
            cheaper_months(&runs, Some(14), 24),
            "in months 1, 6–8, 11–12 (dearer again after each), and for good from month 14"
        );
        assert_eq!(
            cheaper_months(&[(1, 1), (20, 24)], Some(20), 24),
            "in month 1 (dearer again after), and for good from month 20"
        );
        assert_eq!(
            cheaper_months(&[(3, 5)], None, 24),
            "in months 3–5 (dearer again after), and not for good within the 24 months shown"
        );
        assert_eq!(cheaper_months(&[(1, 24)], Some(1), 24), "from month 1 on");
        assert_eq!(cheaper_months(&[], None, 24), "in no month shown");
    }
}
