//! The cost engine: pure functions from a plan to monthly totals, verdicts and
//! break-even volumes. No terminal, file or clock: the TUI, the reports and the
//! tests all call `evaluate`.

mod curve;

pub use curve::{BreakEven, BreakEvenRange, CostCurve};

use crate::money::{Estimate, Range};
use crate::plan::{Deployment, Model, Plan, Scenario};

/// Which of the two ranges is cheaper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The API's dearest figure is below self-hosting's cheapest.
    ApiCheaper,
    /// Self-hosting's dearest figure is below the API's cheapest.
    SelfHostCheaper,
    /// The ranges overlap: which end of the estimates holds decides.
    Depends,
}

impl Verdict {
    /// A stable machine-readable name (used in JSON and CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::ApiCheaper => "api",
            Verdict::SelfHostCheaper => "self-host",
            Verdict::Depends => "depends",
        }
    }

    /// A short label for people, with a symbol so it reads without colour.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::ApiCheaper => "▲ API",
            Verdict::SelfHostCheaper => "▼ self-host",
            Verdict::Depends => "≈ depends",
        }
    }
}

/// How many times the API's cost self-hosting costs, as a range.
/// `None` at an end means unbounded (the API costs nothing there).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor {
    /// Self-host low ÷ API high.
    pub low: Option<f64>,
    /// Self-host high ÷ API low.
    pub high: Option<f64>,
}

/// Whole months until a growing volume reaches break-even.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthsToBreakEven {
    /// Today's volume is already past break-even.
    Now,
    /// After this many months of growth.
    In(u32),
    /// No break-even, or no growth to reach it.
    Never,
}

/// API against one self-host total: the verdict, factor and break-even.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// Self-host monthly cost at today's volume.
    pub self_host: Range,
    /// Which is cheaper.
    pub verdict: Verdict,
    /// Self-host cost over API cost.
    pub factor: Factor,
    /// Break-even volume at the low and high end of self-host cost.
    pub break_even: BreakEvenRange,
    /// Months of growth until today's volume reaches each break-even.
    pub months: (MonthsToBreakEven, MonthsToBreakEven),
    /// The curves behind these figures, for charts.
    pub curve: CostCurve,
}

/// Every figure of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioResult {
    /// The deployment it was priced under.
    pub deployment: Deployment,
    /// The tier it runs on.
    pub tier: String,
    /// Replicas in all regions at today's volume.
    pub replicas: u64,
    /// API monthly cost at today's volume.
    pub api: Range,
    /// The overheads that apply to its deployment.
    pub overheads: Range,
    /// Against GPU cost alone (how the published verdicts are made).
    pub gpu_only: Comparison,
    /// Against GPU cost plus overheads.
    pub with_overheads: Comparison,
}

impl ScenarioResult {
    /// The comparison the plan's `include_overheads` switch selects.
    pub fn headline(&self, include_overheads: bool) -> &Comparison {
        if include_overheads {
            &self.with_overheads
        } else {
            &self.gpu_only
        }
    }
}

/// A model row: from what volume does self-hosting it pay?
#[derive(Debug, Clone, PartialEq)]
pub struct ModelResult {
    /// API price per million tokens at the plan's output share.
    pub blended_per_mtok: f64,
    /// One replica's monthly cost: the model's own figure, else its tier's.
    pub self_host: Range,
    /// Break-even against GPU cost alone.
    pub gpu_only: BreakEvenRange,
    /// Break-even against GPU cost plus the deployment's overheads.
    pub with_overheads: BreakEvenRange,
}

/// Everything the views and reports show, for one plan and one estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The estimate the figures were computed for.
    pub estimate: Estimate,
    /// One per scenario, in plan order.
    pub scenarios: Vec<ScenarioResult>,
    /// One per model, in plan order.
    pub models: Vec<ModelResult>,
    /// Sum of the overheads that apply to cloud.
    pub overheads_cloud: Range,
    /// Sum of the overheads that apply to on-prem.
    pub overheads_on_prem: Range,
}

/// Computes every figure of a plan, collapsing ranges as `estimate` says.
pub fn evaluate(plan: &Plan, estimate: Estimate) -> Results {
    let overheads_cloud = overhead_sum(plan, Deployment::Cloud);
    let overheads_on_prem = overhead_sum(plan, Deployment::OnPrem);
    let overheads_for = |d: Deployment| match d {
        Deployment::Cloud => overheads_cloud,
        Deployment::OnPrem => overheads_on_prem,
    };
    Results {
        estimate,
        scenarios: plan
            .scenarios
            .iter()
            .map(|s| {
                let d = plan.deployment_of(s);
                evaluate_scenario(plan, s, overheads_for(d).pick(estimate), estimate)
            })
            .collect(),
        models: plan
            .models
            .iter()
            .map(|m| {
                let oh = overheads_for(plan.settings.deployment).pick(estimate);
                evaluate_model(plan, m, oh, estimate)
            })
            .collect(),
        overheads_cloud,
        overheads_on_prem,
    }
}

/// The sum of the overheads paid under a deployment.
pub fn overhead_sum(plan: &Plan, deployment: Deployment) -> Range {
    plan.overheads
        .iter()
        .filter(|o| o.applies_to.includes(deployment))
        .map(|o| o.monthly)
        .sum()
}

/// API dollars per million tokens for a mix of output and input tokens.
pub fn blended_per_mtok(model: &Model, output_share: f64) -> f64 {
    output_share * model.output_per_mtok + (1.0 - output_share) * model.input_per_mtok
}

/// API monthly cost: tokens/day × days × blended price / 1M.
pub fn api_monthly(tokens_per_day: f64, days_per_month: f64, per_mtok: f64) -> f64 {
    tokens_per_day * days_per_month * per_mtok / 1_000_000.0
}

fn evaluate_scenario(
    plan: &Plan,
    scenario: &Scenario,
    overheads: Range,
    estimate: Estimate,
) -> ScenarioResult {
    let deployment = plan.deployment_of(scenario);
    let tier_id = plan.tier_id_of(scenario).unwrap_or_default().to_string();
    let tier = plan.tier(&tier_id);
    let days = plan.settings.days_per_month;
    let output_share = plan.output_share_of(scenario);
    // A valid plan resolves every reference; a free model and an idle tier keep
    // the engine total even if one slipped through.
    let per_mtok = plan
        .model(&scenario.model)
        .map_or(0.0, |m| blended_per_mtok(m, output_share));
    let gpu_curve = CostCurve {
        api_per_token_day: api_monthly(1.0, days, per_mtok),
        per_replica: tier.map_or(Range::default(), |t| t.monthly(deployment).pick(estimate)),
        fixed: Range::default(),
        step_capacity: tier.map_or(1.0, |t| t.tokens_per_day as f64) * scenario.target_utilization
            / scenario.peak_to_average,
        regions: scenario.regions.max(1),
        spares: scenario.spare_replicas,
    };
    let volume = scenario.tokens_per_day as f64;
    let api = Range::point(api_monthly(volume, days, per_mtok));
    let growth = scenario.monthly_growth;
    let full_curve = CostCurve {
        fixed: overheads,
        ..gpu_curve
    };
    ScenarioResult {
        deployment,
        tier: tier_id,
        replicas: gpu_curve.replicas_at(volume),
        api,
        overheads,
        gpu_only: compare(api, gpu_curve, volume, growth),
        with_overheads: compare(api, full_curve, volume, growth),
    }
}

fn evaluate_model(plan: &Plan, model: &Model, overheads: Range, estimate: Estimate) -> ModelResult {
    let tier = plan.tier(&model.tier);
    let per_mtok = blended_per_mtok(model, plan.settings.output_share);
    let self_host = model
        .self_host_monthly
        .or_else(|| tier.map(|t| t.monthly(plan.settings.deployment)))
        .unwrap_or_default()
        .pick(estimate);
    let curve = CostCurve {
        api_per_token_day: api_monthly(1.0, plan.settings.days_per_month, per_mtok),
        per_replica: self_host,
        fixed: Range::default(),
        step_capacity: tier.map_or(1.0, |t| t.tokens_per_day as f64),
        regions: 1,
        spares: 0,
    };
    ModelResult {
        blended_per_mtok: per_mtok,
        self_host,
        gpu_only: curve.break_even(),
        with_overheads: CostCurve {
            fixed: overheads,
            ..curve
        }
        .break_even(),
    }
}

fn compare(api: Range, curve: CostCurve, volume: f64, growth: f64) -> Comparison {
    let self_host = curve.self_host_at(volume);
    let break_even = curve.break_even();
    Comparison {
        self_host,
        verdict: verdict(api, self_host),
        factor: factor(api, self_host),
        break_even,
        months: (
            months_to_reach(volume, break_even.low, growth),
            months_to_reach(volume, break_even.high, growth),
        ),
        curve,
    }
}

/// Compares ranges as they are displayed, to the cent, so a verdict never
/// contradicts the figures beside it.
pub fn verdict(api: Range, self_host: Range) -> Verdict {
    let cents = |x: f64| (x * 100.0).round();
    if cents(api.high) < cents(self_host.low) {
        Verdict::ApiCheaper
    } else if cents(self_host.high) < cents(api.low) {
        Verdict::SelfHostCheaper
    } else {
        Verdict::Depends
    }
}

/// `self.low / api.high … self.high / api.low`.
pub fn factor(api: Range, self_host: Range) -> Factor {
    let ratio = |num: f64, den: f64| (den > 0.0).then(|| num / den);
    Factor {
        low: ratio(self_host.low, api.high),
        high: ratio(self_host.high, api.low),
    }
}

/// Whole months of compound growth until `volume` reaches `break_even`.
pub fn months_to_reach(
    volume: f64,
    break_even: BreakEven,
    monthly_growth: f64,
) -> MonthsToBreakEven {
    let BreakEven::At(target) = break_even else {
        return MonthsToBreakEven::Never;
    };
    if volume >= target {
        return MonthsToBreakEven::Now;
    }
    if monthly_growth <= 0.0 || volume <= 0.0 {
        return MonthsToBreakEven::Never;
    }
    let months = ((target / volume).ln() / monthly_growth.ln_1p()).ceil();
    if months.is_finite() && months <= f64::from(u32::MAX) {
        MonthsToBreakEven::In(months as u32)
    } else {
        MonthsToBreakEven::Never
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_compares_ranges_end_to_end() {
        let api = Range::point(375.0);
        assert_eq!(
            verdict(api, Range::new(1000.0, 2000.0)),
            Verdict::ApiCheaper
        );
        assert_eq!(
            verdict(api, Range::new(100.0, 300.0)),
            Verdict::SelfHostCheaper
        );
        assert_eq!(verdict(api, Range::new(300.0, 400.0)), Verdict::Depends);
    }

    #[test]
    fn months_compound_until_the_target() {
        // 50M growing 10 % a month reaches 100M after ln 2 / ln 1.1 = 7.27 → 8 months.
        let m = months_to_reach(50e6, BreakEven::At(100e6), 0.10);
        assert_eq!(m, MonthsToBreakEven::In(8));
        assert_eq!(
            months_to_reach(50e6, BreakEven::At(10e6), 0.0),
            MonthsToBreakEven::Now
        );
        assert_eq!(
            months_to_reach(50e6, BreakEven::At(100e6), 0.0),
            MonthsToBreakEven::Never
        );
        assert_eq!(
            months_to_reach(50e6, BreakEven::Never, 0.5),
            MonthsToBreakEven::Never
        );
    }
}
