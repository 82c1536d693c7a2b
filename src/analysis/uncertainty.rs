//! How sure the verdict is: every range a scenario's figures rest on (a
//! replica's cost, the overheads counted) read as a distribution (uniform,
//! or triangular with its most likely value where the user puts it), a
//! seeded Monte Carlo run, and per scenario the chance self-hosting is
//! cheaper with each side's 5th, 50th and 95th percentile. The same seed
//! gives the same figures.

use super::input::ScenarioInput;
use crate::base::money::Range;
use crate::engine::{CostCurve, Group, Item, Per, PerEnd, Results, ScenarioResult};
use crate::plan::{Deployment, Plan};

/// Draws unless told.
pub const DRAWS: u32 = 10_000;
/// The seed unless told.
pub const SEED: u64 = 42;

/// How a range is read.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Shape {
    /// Every value between the ends equally likely.
    #[default]
    Uniform,
    /// Most likely at this share of the way from the low end to the high
    /// (0.5: the middle), falling to nothing at the ends.
    Triangular(f64),
}

impl Shape {
    /// For people: `uniform`, `triangular, most likely 50% of the way up`.
    pub fn describe(self) -> String {
        match self {
            Shape::Uniform => "uniform".into(),
            Shape::Triangular(m) => format!(
                "triangular, most likely {} of the way from low to high",
                crate::text::format::percent(m)
            ),
        }
    }
}

/// A run: how many draws, from which seed, each range read how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draws {
    /// Draws.
    pub count: u32,
    /// The same seed gives the same figures.
    pub seed: u64,
    /// How each range is read.
    pub shape: Shape,
}

impl Default for Draws {
    fn default() -> Self {
        Draws {
            count: DRAWS,
            seed: SEED,
            shape: Shape::Uniform,
        }
    }
}

/// A side's spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentiles {
    /// 5th.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th.
    pub p95: f64,
}

/// One scenario's run.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertainty {
    /// The inputs drawn: the replica's cost and each overhead counted.
    pub drawn: Vec<ScenarioInput>,
    /// The share of draws in which self-hosting costs less than the API.
    pub p_self_host_cheaper: f64,
    /// The API's monthly cost.
    pub api: Percentiles,
    /// Self-hosting's monthly cost, on the verdict's basis.
    pub self_host: Percentiles,
}

/// SplitMix64: small, fast, and the same numbers on every platform.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A draw from a range read as `shape`, by the inverse of its
    /// distribution function (one uniform number per draw).
    fn within(&mut self, r: Range, shape: Shape) -> f64 {
        let (u, width) = (self.next_f64(), r.high - r.low);
        match shape {
            Shape::Uniform => r.low + width * u,
            Shape::Triangular(m) if u < m => r.low + (u * width * width * m).sqrt(),
            Shape::Triangular(m) => r.high - ((1.0 - u) * width * width * (1.0 - m)).sqrt(),
        }
    }
}

/// True when the plan gives any range a most likely figure.
pub fn gives_modes(plan: &Plan) -> bool {
    plan.overheads.iter().any(|o| o.most_likely.is_some())
        || plan.gpu_tiers.iter().any(|t| {
            t.pricing.cloud_most_likely.is_some() || t.pricing.on_prem_most_likely.is_some()
        })
}

/// Scenario `row`, drawn as `draws` says; `None` without a price.
pub fn run(plan: &Plan, results: &Results, row: usize, draws: Draws) -> Option<Uncertainty> {
    let Draws { count, seed, shape } = draws;
    let r = results.scenarios.get(row)?;
    r.headline(plan.settings.include_overheads).ok()?;
    let terms = Terms::of(plan, r, plan.scenarios.get(row)?.tokens_per_day as f64);
    // Prices are single figures: the API's usage is the same in every draw.
    let usage = r.ledger.total(Group::ApiUsage).low;
    // Seeded per scenario, so one scenario's figures do not depend on the
    // scenarios before it.
    let mut rng = Rng(seed ^ (row as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let draws = count.max(1) as usize;
    let (mut api, mut own) = (Vec::with_capacity(draws), Vec::with_capacity(draws));
    let mut cheaper = 0usize;
    for _ in 0..draws {
        let times = terms.times(&mut rng);
        let mut draw = |terms: &[Term]| -> f64 {
            terms
                .iter()
                .map(|t| times(t) * rng.within(t.range, t.shape.unwrap_or(shape)))
                .sum()
        };
        let s = draw(&terms.own);
        let a = usage + draw(&terms.api);
        cheaper += usize::from(s < a);
        api.push(a);
        own.push(s);
    }
    Some(Uncertainty {
        drawn: terms.drawn,
        p_self_host_cheaper: cheaper as f64 / draws as f64,
        api: percentiles(&mut api),
        self_host: percentiles(&mut own),
    })
}

/// One range of a side's cost, counted `times`, read as `shape` when the
/// plan gives it a most likely figure.
#[derive(Debug, Clone, Copy)]
struct Term {
    range: Range,
    /// At each end: an estimated capacity's band counts fewer replicas at
    /// the cheap end.
    times: PerEnd<f64>,
    shape: Option<Shape>,
}

impl Term {
    fn new(range: Range, times: PerEnd<f64>) -> Self {
        Term {
            range,
            times,
            shape: None,
        }
    }

    /// Triangular around `most_likely`, where it lies within the range.
    fn around(self, most_likely: Option<f64>) -> Self {
        let Range { low, high } = self.range;
        let shape = most_likely
            .filter(|m| high > low && (low..=high).contains(m))
            .map(|m| Shape::Triangular((m - low) / (high - low)));
        Term { shape, ..self }
    }
}

/// Each side's cost as independent ranges, from the scenario's ledger: the
/// replica's cost once per replica (its parts, one price's, drawn together),
/// every overhead counted on its own, each with its group's contingency.
struct Terms {
    own: Vec<Term>,
    api: Vec<Term>,
    /// What the terms are, in order.
    drawn: Vec<ScenarioInput>,
    /// Where the capacity is an estimate's band: the curve and volume that
    /// count the replicas at a capacity drawn within it.
    band: Option<(CostCurve, f64)>,
}

impl Terms {
    /// How many times each term counts in one draw: its count, or, on a
    /// capacity band, the replicas at a capacity drawn uniformly within it
    /// (the dear end's count scaled by the replicas drawn).
    fn times(&self, rng: &mut Rng) -> impl Fn(&Term) -> f64 + use<> {
        let scale = self.band.as_ref().map(|(curve, volume)| {
            let volume = *volume;
            let c = curve.step_capacity;
            let at = c.dear + rng.next_f64() * (c.cheap - c.dear);
            curve.replicas_drawn(volume, at) as f64 / curve.replicas_at(volume).dear as f64
        });
        move |t: &Term| match (t.times.single(), scale) {
            (Some(x), _) => x,
            (None, Some(k)) => t.times.dear * k,
            (None, None) => t.times.dear,
        }
    }
}

impl Terms {
    /// The terms of a scenario's costs on the plan's verdict basis.
    fn of(plan: &Plan, r: &ScenarioResult, volume: f64) -> Self {
        let ledger = &r.ledger;
        let counted = plan.settings.include_overheads;
        let head = r.headline(counted).ok();
        let mut terms = Terms {
            own: Vec::new(),
            api: Vec::new(),
            drawn: Vec::new(),
            band: head
                .filter(|_| r.replicas.single().is_none())
                .map(|c| (c.curve.clone(), volume)),
        };
        let replica = ledger.replica_steps();
        if let Some((range, count)) = replica {
            terms.drawn.push(ScenarioInput::ReplicaCost(r.deployment));
            let with = 1.0 + ledger.contingency(Group::Gpus);
            terms.own.push(Term {
                shape: replica_mode(plan, r),
                ..Term::new(range, count.map(|c| c * with))
            });
        }
        for l in ledger
            .lines
            .iter()
            .filter(|l| counted && l.per != Per::Share)
        {
            let Item::Overhead(at) = l.item else { continue };
            let Some(o) = plan.overheads.get(at) else {
                continue;
            };
            let most_likely = o.most_likely;
            terms.drawn.push(ScenarioInput::Overhead(o.name.clone()));
            let term = Term::new(l.unit, ledger.weight(l)).around(most_likely);
            match l.group {
                Group::ApiOverheads => terms.api.push(term),
                _ => terms.own.push(term),
            }
        }
        terms
    }
}

/// The shape of a replica's cost where the tier gives its most likely
/// figure: the share of the way up its range, which a step of several
/// replicas or of busy hours keeps.
fn replica_mode(plan: &Plan, r: &ScenarioResult) -> Option<Shape> {
    let tier = plan.tier(&r.tier)?;
    let most_likely = match r.deployment {
        Deployment::Cloud => tier.pricing.cloud_most_likely,
        Deployment::OnPrem => tier.pricing.on_prem_most_likely,
    }?;
    let range =
        crate::engine::pricing::replica_monthly(tier, r.deployment)?.pick(plan.settings.estimate);
    Term::new(range, PerEnd::both(1.0))
        .around(Some(most_likely))
        .shape
}

/// The 5th, 50th and 95th percentiles (the draws at those ranks, as a sort
/// would place them), found by selection: the median first, then each tail
/// within its own side. A sort of every draw was most of a run's time.
fn percentiles(values: &mut [f64]) -> Percentiles {
    let rank = |q: f64| ((values.len() - 1) as f64 * q).round() as usize;
    let (i5, i50, i95) = (rank(0.05), rank(0.5), rank(0.95));
    let (below, median, above) = values.select_nth_unstable_by(i50, f64::total_cmp);
    let p50 = *median;
    let p5 = match i5 < i50 {
        true => *below.select_nth_unstable_by(i5, f64::total_cmp).1,
        false => p50,
    };
    let p95 = match i95 > i50 {
        true => {
            *above
                .select_nth_unstable_by(i95 - i50 - 1, f64::total_cmp)
                .1
        }
        false => p50,
    };
    Percentiles { p5, p50, p95 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;

    #[test]
    fn percentiles_by_selection_are_the_sorted_ranks() {
        let mut rng = Rng(7);
        for n in [1, 2, 3, 19, 20, 21, 100, 1_001] {
            let values: Vec<f64> = (0..n).map(|_| (rng.next_f64() * 10.0).floor()).collect();
            let mut sorted = values.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            let at = |q: f64| sorted[((n - 1) as f64 * q).round() as usize];
            let p = percentiles(&mut values.clone());
            assert_eq!((p.p5, p.p50, p.p95), (at(0.05), at(0.5), at(0.95)), "{n}");
        }
    }

    #[test]
    fn two_uniform_ranges_give_the_probability_in_closed_form() {
        // "C: enterprise, DeepSeek V4 Flash, on-prem", GPU only: one replica
        // uniform on 2,000–4,000 against the API's 3,750: self-hosting is
        // cheaper with probability (3,750 − 2,000) / 2,000 = 0.875. With
        // 10,000 draws the standard error is sqrt(0.875 × 0.125 / 10,000) =
        // 0.0033: within 0.01 (three of them) for this seed.
        let plan = crate::store::plan_file::default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        let u = run(&plan, &results, 3, Draws::default()).unwrap();
        assert!((u.p_self_host_cheaper - 0.875).abs() < 0.01, "{u:?}");
        assert_eq!(u.api.p50, 3_750.0);
        // A uniform's median is the middle of its range, within draw noise.
        assert!((u.self_host.p50 - 3_000.0).abs() < 50.0, "{u:?}");
        // The same seed, the same figures; another seed, others.
        assert_eq!(run(&plan, &results, 3, Draws::default()), Some(u.clone()));
        let other = Draws {
            seed: 7,
            ..Draws::default()
        };
        assert_ne!(run(&plan, &results, 3, other), Some(u));
    }

    #[test]
    fn each_overhead_is_drawn_on_its_own() {
        // Scenario B with the overheads counted: the API 375; the replica
        // set to 100 exactly; two overheads of 0–500 each and no others.
        // Self-hosting is cheaper when their sum S < 275; the sum of two
        // independent uniforms on 0–500 has P(S < 275) = 275² / (2 × 500²)
        // = 0.15125 (one uniform over their summed range, 0–1,000, would
        // give 0.275). Standard error 0.0036: within 0.012.
        let mut plan = crate::store::plan_file::default_plan();
        plan.settings.include_overheads = true;
        let mut o = plan.overheads[0].clone();
        o.monthly = Some(Range::new(0.0, 500.0));
        o.drivers = Default::default();
        let mut other = o.clone();
        other.name = format!("{} (2)", o.name);
        plan.overheads = vec![o, other];
        let tier = plan.scenarios[1].tier.clone().unwrap();
        let at = plan.gpu_tiers.iter().position(|t| t.id == tier).unwrap();
        plan.gpu_tiers[at].cloud_monthly = Some(Range::point(100.0));
        let results = evaluate(&plan, plan.settings.estimate);
        let u = run(&plan, &results, 1, Draws::default()).unwrap();
        assert!((u.p_self_host_cheaper - 0.15125).abs() < 0.012, "{u:?}");
        // The median of the sum is its middle: 100 + 500.
        assert!((u.self_host.p50 - 600.0).abs() < 15.0, "{u:?}");
        // Most likely at 0 both: each triangular on 0–500 with its mode at
        // 0, P(X < x) = 1 − (1 − x/500)². Self-hosting is cheaper when
        // X1 + X2 < 275: checked against the run's own closed form for one
        // overhead first (the other set to 0 … 0).
        let mut one = plan.clone();
        one.overheads[0].most_likely = Some(0.0);
        one.overheads[1].monthly = Some(Range::point(0.0));
        let results = evaluate(&one, one.settings.estimate);
        let u = run(&one, &results, 1, Draws::default()).unwrap();
        // P(X1 < 275) = 1 − (225/500)² = 0.7975 (uniform: 0.55).
        assert!((u.p_self_host_cheaper - 0.7975).abs() < 0.012, "{u:?}");
    }

    #[test]
    fn the_terms_drawn_add_up_to_the_ledgers_totals() {
        // The terms are the ledger's lines: at both ends of every range they
        // sum to each side's total, so drawing them changes the spread only.
        let cents = crate::base::money::whole_cents;
        let mut plan = crate::store::plan_file::default_plan();
        plan.settings.contingency = 0.1;
        for counted in [false, true] {
            plan.settings.include_overheads = counted;
            let results = evaluate(&plan, plan.settings.estimate);
            for r in results.scenarios.iter().filter(|r| r.missing.is_none()) {
                let terms = Terms::of(&plan, r, 0.0);
                let total = |terms: &[Term]| {
                    terms.iter().fold(Range::default(), |sum, t| {
                        sum + Range::new(t.range.low * t.times.cheap, t.range.high * t.times.dear)
                    })
                };
                let (own, api) = (total(&terms.own), total(&terms.api));
                let want = r.ledger.self_host(counted);
                assert_eq!(cents(own.low), cents(want.low), "{}", r.tier);
                assert_eq!(cents(own.high), cents(want.high), "{}", r.tier);
                let want = r.ledger.api(counted).high - r.ledger.total(Group::ApiUsage).high;
                assert_eq!(cents(api.high), cents(want));
            }
        }
    }

    #[test]
    fn a_most_likely_cost_in_the_plan_makes_that_range_triangular() {
        // The on-prem DeepSeek scenario with the tier's on-prem cost most
        // likely at 2,400 (a fifth of the way up 2,000–4,000): 1 − 250² /
        // (2,000 × 1,600) = 0.98047, with no --triangular; it survives a
        // save and a load.
        let mut plan = crate::store::plan_file::default_plan();
        let tier = plan.scenarios[3].tier.clone().unwrap();
        let at = plan.gpu_tiers.iter().position(|t| t.id == tier).unwrap();
        plan.gpu_tiers[at].pricing.on_prem_most_likely = Some(2_400.0);
        let text = crate::store::plan_file::to_toml(&plan);
        let plan = crate::store::plan_file::from_toml(&text, "plan.toml").unwrap();
        assert_eq!(
            plan.gpu_tiers[at].pricing.on_prem_most_likely,
            Some(2_400.0)
        );
        let results = evaluate(&plan, plan.settings.estimate);
        let u = run(&plan, &results, 3, Draws::default()).unwrap();
        assert!((u.p_self_host_cheaper - 0.98047).abs() < 0.006, "{u:?}");
        // Outside its range, the rules say so.
        let mut bad = plan.clone();
        bad.gpu_tiers[at].pricing.on_prem_most_likely = Some(5_000.0);
        let problems = crate::engine::validate(&bad);
        assert!(
            problems
                .iter()
                .any(|p| p.to_string().contains("on_prem_most_likely")),
            "{problems:?}"
        );
        bad.overheads[0].most_likely = Some(5_000.0);
        let problems = crate::engine::validate(&bad);
        let said = problems
            .iter()
            .map(|p| p.to_string())
            .find(|p| p.contains("overheads[0].most_likely"));
        assert!(
            said.is_some_and(|p| p.contains("5000 is not within the overhead's range")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_triangular_range_gives_its_closed_form_probability_too() {
        // The same scenario, the replica triangular on 2,000–4,000 with its
        // mode in the middle (3,000): P(X < 3,750) = 1 − (4,000 − 3,750)² /
        // ((4,000 − 2,000) × (4,000 − 3,000)) = 1 − 62,500 / 2,000,000 =
        // 0.96875; standard error sqrt(0.969 × 0.031 / 10,000) = 0.0017, so
        // within 0.006. With the mode at the low end (0 %): 1 − 250² /
        // 2,000² = 0.984375; at the high end (100 %): 1,750² / 2,000² =
        // 0.765625.
        let plan = crate::store::plan_file::default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        for (mode, p) in [(0.5, 0.96875), (0.0, 0.984375), (1.0, 0.765625)] {
            let draws = Draws {
                shape: Shape::Triangular(mode),
                ..Draws::default()
            };
            let u = run(&plan, &results, 3, draws).unwrap();
            assert!(
                (u.p_self_host_cheaper - p).abs() < 0.006,
                "mode {mode}: {u:?}"
            );
        }
        // The median of a symmetric triangle is its middle.
        let draws = Draws {
            shape: Shape::Triangular(0.5),
            ..Draws::default()
        };
        let u = run(&plan, &results, 3, draws).unwrap();
        assert!((u.self_host.p50 - 3_000.0).abs() < 30.0, "{u:?}");
    }
}
