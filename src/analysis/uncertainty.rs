//! How sure the verdict is: every range a scenario's figures rest on (a
//! replica's cost, the overheads counted) read as a distribution (uniform,
//! or triangular with its most likely value where the user puts it), a
//! seeded Monte Carlo run, and per scenario the chance self-hosting is
//! cheaper with each side's 5th, 50th and 95th percentile. The same seed
//! gives the same figures.

use crate::base::money::Range;
use crate::engine::{Per, Results};
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertainty {
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
    let head = r.headline(plan.settings.include_overheads).ok()?;
    let c = head.curve;
    let volume = plan.scenarios.get(row)?.tokens_per_day as f64;
    let steps = c.replicas_at(volume) as f64;
    let usage = volume * c.api_per_token_day;
    let terms = Terms::of(plan, row, steps)
        .filter(|t| t.add_up(c.per_replica * steps + c.fixed, c.api_fixed))
        .unwrap_or_else(|| Terms::sums(steps, c.per_replica, c.fixed, c.api_fixed));
    // Seeded per scenario, so one scenario's figures do not depend on the
    // scenarios before it.
    let mut rng = Rng(seed ^ (row as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let draws = count.max(1) as usize;
    let (mut api, mut own) = (Vec::with_capacity(draws), Vec::with_capacity(draws));
    let mut cheaper = 0usize;
    for _ in 0..draws {
        let mut draw = |terms: &[Term]| -> f64 {
            terms
                .iter()
                .map(|t| t.times * rng.within(t.range, t.shape.unwrap_or(shape)))
                .sum()
        };
        let s = draw(&terms.own);
        let a = usage + draw(&terms.api);
        cheaper += usize::from(s < a);
        api.push(a);
        own.push(s);
    }
    Some(Uncertainty {
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
    times: f64,
    shape: Option<Shape>,
}

impl Term {
    fn new(range: Range, times: f64) -> Self {
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

/// Each side's cost as independent ranges, each counted some times: a
/// replica's cost once per replica, every overhead on its own (per
/// replica, per region or once), the contingency included.
struct Terms {
    own: Vec<Term>,
    api: Vec<Term>,
}

impl Terms {
    /// The sums the engine's curve holds, when the parts cannot be told.
    fn sums(steps: f64, per_replica: Range, fixed: Range, api: Range) -> Self {
        Terms {
            own: vec![Term::new(per_replica, steps), Term::new(fixed, 1.0)],
            api: vec![Term::new(api, 1.0)],
        }
    }

    /// The parts of scenario `row`'s costs, or `None` without a tier.
    fn of(plan: &Plan, row: usize, steps: f64) -> Option<Self> {
        let s = plan.scenarios.get(row)?;
        let tier = plan.tier(s.tier_id(plan.model(&s.model))?)?;
        let deployment = plan.deployment_of(s);
        let estimate = plan.settings.estimate;
        let more = 1.0 + plan.settings.contingency;
        let regions = s.redundancy().1;
        let mut terms = Terms {
            own: vec![
                Term::new(
                    crate::engine::pricing::replica_monthly(tier, deployment)?.pick(estimate),
                    steps * more,
                )
                .around(match deployment {
                    Deployment::Cloud => tier.pricing.cloud_most_likely,
                    Deployment::OnPrem => tier.pricing.on_prem_most_likely,
                }),
            ],
            api: Vec::new(),
        };
        if !plan.settings.include_overheads {
            return Some(terms);
        }
        for o in &plan.overheads {
            let Some(amount) =
                crate::engine::pricing::overhead_amount(o, plan.settings.horizon_months)
            else {
                continue;
            };
            let Some(per) = Per::of(o, deployment) else {
                continue;
            };
            let amount = amount.pick(estimate);
            if per == Per::Api {
                terms.api.push(Term::new(amount, 1.0).around(o.most_likely));
                continue;
            }
            let times = per.times(regions, steps, tier.gpu_count());
            terms
                .own
                .push(Term::new(amount, times * more).around(o.most_likely));
        }
        Some(terms)
    }

    /// True when the parts add up to the engine's totals at both ends, so
    /// drawing them apart changes the spread and nothing else. Billing by
    /// busy hours, packing and hybrids cost otherwise: the sums are drawn.
    fn add_up(&self, own: Range, api: Range) -> bool {
        let total = |terms: &[Term]| {
            terms
                .iter()
                .fold(Range::default(), |sum, t| sum + t.range * t.times)
        };
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
        let (o, a) = (total(&self.own), total(&self.api));
        near(o.low, own.low)
            && near(o.high, own.high)
            && near(a.low, api.low)
            && near(a.high, api.high)
    }
}

fn percentiles(values: &mut [f64]) -> Percentiles {
    values.sort_unstable_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    Percentiles {
        p5: at(0.05),
        p50: at(0.5),
        p95: at(0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;

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
        assert_eq!(run(&plan, &results, 3, Draws::default()), Some(u));
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
    fn the_parts_add_up_to_the_engines_totals_on_the_built_in_plan() {
        // Otherwise the run quietly falls back to drawing the sums.
        let mut plan = crate::store::plan_file::default_plan();
        for counted in [false, true] {
            plan.settings.include_overheads = counted;
            let results = evaluate(&plan, plan.settings.estimate);
            for (row, s) in plan.scenarios.iter().enumerate() {
                let head = results.scenarios[row].headline(counted).unwrap();
                let c = head.curve;
                let steps = c.replicas_at(s.tokens_per_day as f64) as f64;
                let terms = Terms::of(&plan, row, steps).unwrap();
                assert!(
                    terms.add_up(c.per_replica * steps + c.fixed, c.api_fixed),
                    "{}",
                    s.name
                );
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
