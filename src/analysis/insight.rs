//! What the totals do as the volume moves: a sweep of volumes (the whole
//! curve in one table) and a growth timeline (month by month, cumulative,
//! with a one-off migration). Pure, from the engine's own curves, so every
//! figure is the one the totals use.

use crate::base::money::Range;
use crate::engine::{Comparison, CostCurve, Results};
use crate::plan::Plan;

/// Both sides at one volume.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Tokens a day.
    pub tokens_per_day: f64,
    /// Replicas (billed steps) at that volume, at each end.
    pub replicas: crate::engine::PerEnd<u64>,
    /// The API's monthly cost (its fixed costs included when counted).
    pub api: Range,
    /// Self-hosting's monthly cost on the verdict's basis.
    pub self_host: Range,
}

/// The volumes of a sweep: 1, 3, 10, 30 … million tokens a day up to 10B.
pub const SWEEP: [f64; 9] = [1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10];

/// Both sides at `tokens_per_day` on a scenario's curves.
pub(crate) fn point(curve: &CostCurve, tokens_per_day: f64) -> Point {
    let usage = tokens_per_day * curve.api_per_token_day;
    Point {
        tokens_per_day,
        replicas: curve.replicas_at(tokens_per_day),
        api: Range::new(usage + curve.api_fixed.low, usage + curve.api_fixed.high),
        self_host: curve.self_host_at(tokens_per_day),
    }
}

/// The decades a cost chart spans, as base-10 exponents `(x, y)`: a decade
/// either side of today's volume, the break-evens and one replica, and
/// the costs the curves reach there. The planner's chart and the SVG
/// charts show the same span.
pub fn decades(comparison: &Comparison, volume: f64) -> ((f64, f64), (f64, f64)) {
    let curve = &comparison.curve;
    let anchors = [
        Some(volume),
        comparison.break_even.low.volume(),
        comparison.break_even.high.volume(),
        Some(curve.step_capacity.cheap),
        Some(curve.step_capacity.dear),
    ]
    .into_iter()
    .flatten()
    .filter(|v| v.is_finite() && *v >= 1.0);
    let lo = anchors.clone().fold(f64::INFINITY, f64::min).max(1.0);
    let hi = anchors.fold(1.0, f64::max);
    let x0 = (lo / 10.0).max(1.0).log10().floor();
    let x1 = (hi * 10.0).log10().ceil().min(x0 + 9.0).max(x0 + 1.0);
    // Both curves only rise with volume, so the ends of the x range bound y.
    let (first, last) = (10f64.powf(x0), 10f64.powf(x1));
    let log = |cost: f64| cost.max(COST_FLOOR).log10();
    let y = (
        log(curve.api_at(first).min(curve.self_host_at(first).low)),
        log(curve.api_at(last).max(curve.self_host_at(last).high)),
    );
    ((x0, x1), (y.0.floor(), y.1.ceil().max(y.0.floor() + 1.0)))
}

/// The smallest cost a log axis shows (it has no zero): one cent.
pub const COST_FLOOR: f64 = 0.01;

/// Scenario `row` at every volume of `SWEEP`; empty without a price.
pub fn sweep(plan: &Plan, results: &Results, row: usize) -> Vec<Point> {
    let Some(r) = results.scenarios.get(row) else {
        return Vec::new();
    };
    match r.headline(plan.settings.include_overheads) {
        Ok(head) => SWEEP.iter().map(|&v| point(&head.curve, v)).collect(),
        Err(_) => Vec::new(),
    }
}

/// One month of a growth timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Month {
    /// 1 for the first month.
    pub month: u32,
    /// Both sides at that month's volume.
    pub point: Point,
    /// The API's cost so far.
    pub api_cumulative: Range,
    /// Self-hosting's cost so far, the migration included.
    pub self_host_cumulative: Range,
}

/// A run of months, its first and its last.
pub type Run = (u32, u32);

/// A timeline and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Month by month.
    pub months: Vec<Month>,
    /// The first month self-hosting costs no more than the API that month,
    /// at the cheap and the dear end (a replica added later can make it
    /// dearer again).
    pub cheaper_from: (Option<u32>, Option<u32>),
    /// The month from which self-hosting costs no more than the API in every
    /// month shown, at each end.
    pub cheaper_for_good: (Option<u32>, Option<u32>),
    /// The first month self-hosting's cumulative cost (migration included)
    /// is no more than the API's, at each end.
    pub paid_back: (Option<u32>, Option<u32>),
    /// Each run of months in which self-hosting costs no more than the API,
    /// first and last month, at each end; the last one runs to the end of
    /// the months shown when it is cheaper for good.
    pub windows: (Vec<Run>, Vec<Run>),
}

/// Scenario `row` over `months` months of its growth, self-hosting paying
/// `migration` once at the start; `None` without a price.
pub fn timeline(
    plan: &Plan,
    results: &Results,
    row: usize,
    months: u32,
    migration: f64,
) -> Option<Timeline> {
    let s = plan.scenarios.get(row)?;
    let r = results.scenarios.get(row)?;
    let head = r.headline(plan.settings.include_overheads).ok()?;
    let mut api_sum = Range::default();
    let mut own_sum = Range::point(migration);
    let mut out = Timeline {
        months: Vec::new(),
        cheaper_from: (None, None),
        cheaper_for_good: (None, None),
        paid_back: (None, None),
        windows: (Vec::new(), Vec::new()),
    };
    for m in 1..=months {
        let volume = volume_in(s, m);
        let p = point(&head.curve, volume);
        api_sum = api_sum + p.api;
        own_sum = own_sum + p.self_host;
        // The cheap self-host end against the dearest API, and the reverse.
        first(&mut out.cheaper_from.0, m, p.self_host.low <= p.api.high);
        first(&mut out.cheaper_from.1, m, p.self_host.high <= p.api.low);
        // From here on for good, unless a later month is dearer again.
        let good = |slot: &mut Option<u32>, yes: bool| match yes {
            true => *slot = slot.or(Some(m)),
            false => *slot = None,
        };
        good(&mut out.cheaper_for_good.0, p.self_host.low <= p.api.high);
        good(&mut out.cheaper_for_good.1, p.self_host.high <= p.api.low);
        window(&mut out.windows.0, m, p.self_host.low <= p.api.high);
        window(&mut out.windows.1, m, p.self_host.high <= p.api.low);
        first(&mut out.paid_back.0, m, own_sum.low <= api_sum.high);
        first(&mut out.paid_back.1, m, own_sum.high <= api_sum.low);
        out.months.push(Month {
            month: m,
            point: p,
            api_cumulative: api_sum,
            self_host_cumulative: own_sum,
        });
    }
    Some(out)
}

/// A scenario's tokens a day in month `m` of its growth (month 1 is today).
pub(crate) fn volume_in(s: &crate::plan::Scenario, m: u32) -> f64 {
    s.tokens_per_day as f64 * (1.0 + s.monthly_growth).powi(m as i32 - 1)
}

/// Month `m` kept in `slot` when it is the first that `yes` holds for.
pub(crate) fn first(slot: &mut Option<u32>, m: u32, yes: bool) {
    if yes && slot.is_none() {
        *slot = Some(m);
    }
}

/// Month `m` added to the runs of cheaper months: it extends the run that
/// ended the month before, or starts one.
fn window(runs: &mut Vec<Run>, m: u32, cheaper: bool) {
    if !cheaper {
        return;
    }
    match runs.last_mut() {
        Some((_, last)) if *last + 1 == m => *last = m,
        _ => runs.push((m, m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;

    #[test]
    fn a_three_month_timeline_worked_by_hand() {
        // Scenario B of the built-in plan at 100 % growth a month: 50M,
        // 100M, 200M tokens a day. The API: 375, 750, 1,500 (0.25 $/M × 30
        // days); one 27-32b replica serves 50M: 1, 2, 4 replicas at
        // 1,000–2,000 each: 1,000–2,000, 2,000–4,000, 4,000–8,000.
        let mut plan = crate::store::plan_file::default_plan();
        plan.scenarios[1].monthly_growth = 1.0;
        let results = evaluate(&plan, plan.settings.estimate);
        let t = timeline(&plan, &results, 1, 3, 5_000.0).unwrap();
        let api: Vec<f64> = t.months.iter().map(|m| m.point.api.low).collect();
        assert_eq!(api, [375.0, 750.0, 1_500.0]);
        let replicas: Vec<u64> = t.months.iter().map(|m| m.point.replicas.dear).collect();
        assert_eq!(replicas, [1, 2, 4]);
        // Cumulative: API 375, 1,125, 2,625; self-hosting 5,000 + 1,000,
        // + 2,000, + 4,000 = 12,000 at the cheap end.
        assert_eq!(t.months[2].api_cumulative, Range::point(2_625.0));
        assert_eq!(t.months[2].self_host_cumulative.low, 12_000.0);
        // Self-hosting never gets cheaper: a replica a month (1,000) costs
        // more than the 50M a day it serves at the API (375).
        assert_eq!((t.cheaper_from, t.paid_back), ((None, None), (None, None)));
        assert_eq!(t.cheaper_for_good, (None, None));
    }

    #[test]
    fn a_timeline_crosses_over_and_pays_back() {
        // Scenario "C: enterprise, Qwen3-32B, on-prem": the API 4,200, one
        // replica 2,000–4,000: cheaper from month 1 at the cheap end. A
        // migration of 6,000 is won back at 2,200 a month in month 3
        // (6,000 + 3 × 2,000 = 12,000 ≤ 3 × 4,200 = 12,600).
        let plan = crate::store::plan_file::default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        let t = timeline(&plan, &results, 5, 6, 6_000.0).unwrap();
        assert_eq!(t.cheaper_from.0, Some(1));
        assert_eq!(t.cheaper_for_good.0, Some(1));
        assert_eq!(t.paid_back.0, Some(3));
        assert_eq!(t.months[1].self_host_cumulative.low, 10_000.0);
    }

    #[test]
    fn cheaper_for_a_few_months_is_not_cheaper_for_good() {
        // Scenario B with a replica at 300 (50M a day each; the API 7.50 a
        // million-a-day-month) growing 10 % a month. Month 1's 50M on one
        // replica (300 ≤ 375) is cheaper; month 2's 55M needs two (600 >
        // 412.50). n replicas win from 40M × n to 50M × n, and for good from
        // 200M (5 × 300 ≤ 4 × 375): month 13's 156.9M on four is dearer
        // (1,200 > 1,176.9), month 14's 172.6M cheaper (1,200 ≤ 1,294.6),
        // and every month after it.
        let mut plan = crate::store::plan_file::default_plan();
        let tier = plan.scenarios[1].tier.clone().unwrap();
        let at = plan.gpu_tiers.iter().position(|t| t.id == tier).unwrap();
        plan.gpu_tiers[at].cloud_monthly = Some(Range::point(300.0));
        plan.scenarios[1].monthly_growth = 0.1;
        let results = evaluate(&plan, plan.settings.estimate);
        let t = timeline(&plan, &results, 1, 24, 0.0).unwrap();
        assert_eq!(t.cheaper_from.0, Some(1));
        let dearer =
            |m: usize| t.months[m - 1].point.self_host.low > t.months[m - 1].point.api.high;
        assert!(dearer(2) && dearer(13) && !dearer(14));
        assert_eq!(t.cheaper_for_good, (Some(14), Some(14)));
        // The runs of cheaper months, by hand (volume in M, replicas, 300 ×
        // replicas against 7.50 × volume): 1 (50, 1: 300 ≤ 375); 6–8 (80.5,
        // 2: 600 ≤ 603.9 … 97.4: 730.8); 11–12 (129.7, 3: 900 ≤ 972.7;
        // 142.7: 1,069.9); 14 on (172.6, 4: 1,200 ≤ 1,294.6).
        assert_eq!(t.windows.0, [(1, 1), (6, 8), (11, 12), (14, 24)]);
        let by_hand: Vec<u32> = (1..=24u32)
            .filter(|&m| {
                let v = 50e6 * 1.1f64.powi(m as i32 - 1);
                300.0 * (v / 50e6).ceil() <= 7.5 * v / 1e6
            })
            .collect();
        let listed: Vec<u32> = t.windows.0.iter().flat_map(|&(a, b)| a..=b).collect();
        assert_eq!(listed, by_hand);
        // With a 1,000 migration the totals cross in month 20: 1,000 plus
        // the replicas so far, 21,400, against the API's 21,478.12 (month
        // 19: 19,300 against 19,184.66, still dearer).
        let t = timeline(&plan, &results, 1, 24, 1_000.0).unwrap();
        assert_eq!(t.paid_back, (Some(20), Some(20)));
        let m = |n: usize| &t.months[n - 1];
        assert_eq!(m(20).self_host_cumulative.low, 21_400.0);
        assert!((m(20).api_cumulative.low - 21_478.12).abs() < 0.01);
        assert!(m(19).self_host_cumulative.low > m(19).api_cumulative.high);
    }

    #[test]
    fn a_sweep_shows_the_whole_curve() {
        let plan = crate::store::plan_file::default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        let s = sweep(&plan, &results, 1);
        assert_eq!(s.len(), SWEEP.len());
        // 1B tokens a day on 50M replicas: 20 of them; the API 7,500.
        let b = s.iter().find(|p| p.tokens_per_day == 1e9).unwrap();
        assert_eq!((b.replicas.dear, b.api.low), (20, 7_500.0));
        assert_eq!(b.self_host, Range::new(20_000.0, 40_000.0));
    }
}
