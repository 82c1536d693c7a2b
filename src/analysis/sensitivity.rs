//! Which input moves the verdict most (a tornado): each input of a scenario
//! swung down and up by a share, the difference between the two sides
//! (self-hosting minus the API, middle of each range) worked out again by
//! the engine each time, the inputs ranked by how far they move it, and
//! those whose swing flips the verdict marked.

use super::input::ScenarioInput;
use crate::base::money::Range;
use crate::engine::{Results, Verdict, evaluate};
use crate::plan::{Deployment, Plan};

/// The swing unless told: 25 %.
pub const SWING: f64 = 0.25;

/// One input's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The input swung.
    pub input: ScenarioInput,
    /// Self-hosting minus the API with the input swung down.
    pub low: f64,
    /// … and up.
    pub high: f64,
    /// True when either swing changes the verdict.
    pub flips: bool,
}

impl Bar {
    /// How far the swing moves the difference.
    pub fn width(&self) -> f64 {
        (self.high - self.low).abs()
    }
}

/// A tornado: the difference as it stands, and the bars, widest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// Self-hosting minus the API as the plan stands.
    pub base: f64,
    /// Widest first; ties in the order inputs are listed.
    pub bars: Vec<Bar>,
}

impl Tornado {
    /// The lowest and highest difference a chart must show: every bar's
    /// ends, the base, and zero (where the verdict turns).
    pub fn extent(&self) -> (f64, f64) {
        let ends = self
            .bars
            .iter()
            .flat_map(|b| [b.low, b.high])
            .chain([0.0, self.base]);
        ends.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        })
    }
}

/// How far each input swings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Swing {
    /// Down and up by this share (0.25 is ±25 %).
    pub share: f64,
    /// Inputs given as ranges (a replica's cost, the overheads) swing to
    /// their own low and high ends instead; the others by `share`.
    pub range_ends: bool,
}

impl Swing {
    /// Every input by `share`.
    pub const fn by(share: f64) -> Self {
        Swing {
            share,
            range_ends: false,
        }
    }

    /// For people: `±25%`, or `ranges to their own ends, the rest ±25%`.
    pub fn describe(self) -> String {
        let share = crate::text::format::percent(self.share);
        if self.range_ends {
            format!("ranges to their own low and high ends, the rest ±{share}")
        } else {
            format!("±{share}")
        }
    }

    /// Where a range goes when swung down (`f` below 1) or up.
    fn range(self, r: Range, f: f64) -> Range {
        match (self.range_ends, f < 1.0) {
            (false, _) => r * f,
            (true, true) => Range::point(r.low),
            (true, false) => Range::point(r.high),
        }
    }
}

/// Scenario `row` with every input swung as `swing` says; `None` without
/// a price.
pub fn tornado(plan: &Plan, results: &Results, row: usize, swing: Swing) -> Option<Tornado> {
    let r = results.scenarios.get(row)?;
    r.headline(plan.settings.include_overheads).ok()?;
    let alone = alone(plan, row)?;
    let (base, verdict) = difference(&alone)?;
    let mut bars: Vec<Bar> = inputs(&alone)
        .into_iter()
        .filter_map(|input| {
            let at = |f: f64| {
                let mut p = alone.clone();
                swung(&mut p, &input, f, swing);
                difference(&p)
            };
            let (low, v_low) = at(1.0 - swing.share)?;
            let (high, v_high) = at(1.0 + swing.share)?;
            Some(Bar {
                input,
                low,
                high,
                flips: v_low != verdict || v_high != verdict,
            })
        })
        .collect();
    bars.sort_by(|a, b| b.width().total_cmp(&a.width()));
    Some(Tornado { base, bars })
}

/// The plan cut to scenario `row`, its model and its tier: swung and
/// evaluated hundreds of times, it must be small.
fn alone(plan: &Plan, row: usize) -> Option<Plan> {
    let s = plan.scenarios.get(row)?.clone();
    let model = plan.model(&s.model)?.clone();
    let tier = plan.tier(s.tier_id(Some(&model))?)?.clone();
    Some(Plan {
        scenarios: vec![s],
        models: vec![model],
        gpu_tiers: vec![tier],
        ..plan.clone_without_rows()
    })
}

/// Self-hosting minus the API (middles of the ranges) and the verdict.
fn difference(plan: &Plan) -> Option<(f64, Verdict)> {
    let results = evaluate(plan, plan.settings.estimate);
    let r = results.scenarios.first()?;
    let head = r.headline(plan.settings.include_overheads).ok()?;
    let api = r.ledger.api(plan.settings.include_overheads);
    let mid = |x: crate::base::money::Range| (x.low + x.high) / 2.0;
    Some((mid(head.self_host) - mid(api), head.verdict))
}

/// The inputs of a one-scenario plan a tornado swings: the prices (the
/// input price only where input tokens are priced), the volume, the
/// replica's cost and capacity, utilization and peak, and each overhead
/// when the verdicts count them.
fn inputs(plan: &Plan) -> Vec<ScenarioInput> {
    let s = &plan.scenarios[0];
    let mut out = vec![ScenarioInput::OutputPrice];
    if plan.output_share_of(s) < 1.0 {
        out.push(ScenarioInput::InputPrice);
    }
    out.extend([
        ScenarioInput::Volume,
        ScenarioInput::ReplicaCost(plan.deployment_of(s)),
        ScenarioInput::Capacity,
        ScenarioInput::Utilization,
        ScenarioInput::PeakToAverage,
    ]);
    if plan.settings.include_overheads {
        out.extend(
            plan.overheads
                .iter()
                .map(|o| ScenarioInput::Overhead(o.name.clone())),
        );
    }
    out
}

/// A one-scenario plan with `input` scaled by `f` (or, for a range, sent to
/// one of its ends as `swing` says), kept within what the plan allows.
fn swung(p: &mut Plan, input: &ScenarioInput, f: f64, swing: Swing) {
    let horizon = p.settings.horizon_months;
    match input {
        ScenarioInput::OutputPrice => {
            p.models[0].output_per_mtok = p.models[0].output_per_mtok.map(|x| x * f)
        }
        ScenarioInput::InputPrice => {
            p.models[0].input_per_mtok = p.models[0].input_per_mtok.map(|x| x * f)
        }
        ScenarioInput::ApiDiscount => {
            let d = p.models[0].api_discount.unwrap_or(p.settings.api_discount);
            p.models[0].api_discount = Some((d * f).clamp(-1.0, 1.0));
        }
        ScenarioInput::Volume => {
            let s = &mut p.scenarios[0];
            s.tokens_per_day = (s.tokens_per_day as f64 * f).round() as u64;
        }
        ScenarioInput::Utilization => {
            let s = &mut p.scenarios[0];
            s.target_utilization =
                (s.target_utilization * f).clamp(crate::plan::MIN_UTILIZATION, 1.0);
        }
        ScenarioInput::PeakToAverage => {
            let s = &mut p.scenarios[0];
            s.peak_to_average = (s.peak_to_average * f).clamp(1.0, 1000.0);
        }
        ScenarioInput::ReplicaCost(d) => {
            let t = &mut p.gpu_tiers[0];
            let cost = crate::engine::pricing::replica_monthly(t, *d).map(|c| swing.range(c, f));
            match d {
                Deployment::Cloud => t.cloud_monthly = cost,
                Deployment::OnPrem => t.on_prem_monthly = cost,
            }
        }
        ScenarioInput::Capacity => {
            // An estimated capacity swings from its own figure, or to its
            // band's ends as a range does; either way it is typed then.
            let band = crate::engine::capacity::capacity(
                &p.gpu_tiers[0],
                p.models.first(),
                &p.scenarios[0],
            );
            let t = &mut p.gpu_tiers[0];
            let c = match band {
                Ok(c) if t.estimates_capacity() => match (swing.range_ends, f < 1.0) {
                    (true, true) => c.least,
                    (true, false) => c.most,
                    (false, _) => c.mid * f,
                },
                _ => t.tokens_per_day as f64 * f,
            };
            t.tokens_per_day = (c.round() as u64).max(crate::plan::MIN_CAPACITY);
            t.tokens_per_second = None;
        }
        ScenarioInput::Overhead(name) => {
            if let Some(o) = p.overheads.iter_mut().find(|o| o.name == *name) {
                o.monthly =
                    crate::engine::pricing::overhead_amount(o, horizon).map(|m| swing.range(m, f));
                o.drivers = Default::default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tornado_ranks_inputs_by_how_far_they_move_the_difference() {
        // Scenario B: the API 375, one replica 1,000–2,000 (middle 1,500):
        // self-hosting costs 1,125 more. Swung by 25 %:
        // - capacity 37.5M, utilization 75 % or peak 1.25 need 2 replicas:
        //   3,000 − 375 = 2,625; the other way changes nothing: 1,500 wide;
        // - the volume: 62.5M needs 2 replicas (3,000 − 468.75) and 37.5M
        //   one (1,500 − 281.25): 2,531.25 − 1,218.75 = 1,312.5 wide;
        // - a replica's cost: 1,125 … 1,875 against 375: 750 wide;
        // - the output price: the API 281.25 … 468.75: 187.5 wide.
        let plan = crate::store::plan_file::default_plan();
        let results = crate::engine::evaluate(&plan, plan.settings.estimate);
        let t = tornado(&plan, &results, 1, Swing::by(SWING)).unwrap();
        assert_eq!(t.base, 1_125.0);
        let widths: Vec<(String, f64)> = t
            .bars
            .iter()
            .map(|b| (b.input.to_string(), b.width()))
            .collect();
        let want = [
            ("capacity", 1_500.0),
            ("target_utilization", 1_500.0),
            ("peak_to_average", 1_500.0),
            ("tokens_per_day", 1_312.5),
            ("cloud_monthly", 750.0),
            ("output_per_mtok", 187.5),
        ];
        assert_eq!(widths, want.map(|(k, w)| (k.to_string(), w)));
        assert!(t.bars.iter().all(|b| !b.flips));
    }

    #[test]
    fn a_swing_that_flips_the_verdict_is_marked() {
        // "C: enterprise, DeepSeek V4 Flash, on-prem": the API 3,750 against
        // 2,000–4,000: it depends. A replica 25 % cheaper (1,500–3,000) is
        // below the API at both ends: the verdict flips to self-hosting.
        let plan = crate::store::plan_file::default_plan();
        let results = crate::engine::evaluate(&plan, plan.settings.estimate);
        let t = tornado(&plan, &results, 3, Swing::by(SWING)).unwrap();
        let cost = t
            .bars
            .iter()
            .find(|b| b.input.key() == "on_prem_monthly")
            .unwrap();
        assert!(cost.flips);
    }

    #[test]
    fn ranges_can_swing_to_their_own_ends() {
        // Scenario B again, ranges to their ends: a replica at 1,000 or at
        // 2,000 (points) against the API's 375: 625 … 1,625, 1,000 wide,
        // where ±25 % gave 750; the inputs that are not ranges still swing
        // ±25 %, so the output price keeps its 187.5.
        let plan = crate::store::plan_file::default_plan();
        let results = crate::engine::evaluate(&plan, plan.settings.estimate);
        let swing = Swing {
            share: SWING,
            range_ends: true,
        };
        let t = tornado(&plan, &results, 1, swing).unwrap();
        let bar = |key: &str| {
            t.bars
                .iter()
                .find(|b| b.input.key() == key)
                .unwrap()
                .clone()
        };
        let cost = bar("cloud_monthly");
        assert_eq!((cost.low, cost.high), (625.0, 1_625.0));
        assert_eq!(bar("output_per_mtok").width(), 187.5);
        // With the overheads counted, each overhead swings to its own ends
        // too: DevOps 500–3,000 (middle 1,750) moves the difference by 2,500.
        let mut with = plan.clone();
        with.settings.include_overheads = true;
        let results = crate::engine::evaluate(&with, with.settings.estimate);
        let t = tornado(&with, &results, 1, swing).unwrap();
        let devops = t
            .bars
            .iter()
            .find(|b| b.input.key().starts_with("overhead:DevOps"))
            .unwrap();
        assert_eq!(devops.width(), 2_500.0);
    }
}
