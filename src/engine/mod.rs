//! The cost engine: pure functions from a plan to monthly totals, verdicts and
//! break-even volumes. No terminal, file or clock: the TUI, the reports and the
//! tests all call `evaluate`.

pub mod capacity;
mod curve;
pub mod day;
mod hybrid;
pub mod ledger;
mod overheads;
mod payback;
pub mod pricing;
mod rules;

pub use rules::{validate, validate_row, validate_settings, warnings};

pub use hybrid::{Cheapest, Hybrid};

pub use ledger::{Group, Item, Ledger, Line, Per};
pub use overheads::{OverheadSplit, paid as overhead_paid};
pub use payback::{Owning, Payback, owning, payback_vs_api, payback_vs_renting};

pub use curve::{BreakEven, BreakEvenRange, CostCurve, PerEnd};

use crate::base::hash::FastMap;
use crate::base::money::{Estimate, Range, whole_cents};
use crate::plan::{Deployment, GpuTier, Model, Plan, Scenario};
use pricing::{HOURS_PER_MONTH, serving_capacity};

/// Which of the two ranges is cheaper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The API's dearest figure is below self-hosting's cheapest.
    ApiCheaper,
    /// Self-hosting's dearest figure is below the API's cheapest.
    SelfHostCheaper,
    /// The ranges overlap: which end of the estimates holds decides.
    Depends,
    /// Self-hosting has no price: the tier's cost for the deployment is not
    /// given (see `ScenarioResult::missing`).
    NoPrice,
}

impl Verdict {
    /// A stable machine-readable name (used in JSON and CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::ApiCheaper => "api",
            Verdict::SelfHostCheaper => "self-host",
            Verdict::Depends => "depends",
            Verdict::NoPrice => "no-price",
        }
    }

    /// A short label for people, with a symbol so it reads without colour.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::ApiCheaper => "▲ API",
            Verdict::SelfHostCheaper => "▼ self-host",
            Verdict::Depends => "≈ depends",
            Verdict::NoPrice => "? no price",
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
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Self-host monthly cost at today's volume.
    pub self_host: Range,
    /// Which is cheaper.
    pub verdict: Verdict,
    /// Self-host cost over API cost.
    pub factor: Factor,
    /// Break-even volume at the low and high end of self-host cost: from
    /// it on, self-hosting is no dearer for good.
    pub break_even: BreakEvenRange,
    /// The first volume at which self-hosting is no dearer (at or before
    /// the break-even; a window of advantage can close again at a replica
    /// step).
    pub first_cheaper: BreakEvenRange,
    /// Months of growth until today's volume reaches each break-even.
    pub months: (MonthsToBreakEven, MonthsToBreakEven),
    /// The curves behind these figures, for charts.
    pub curve: CostCurve,
}

/// A price a figure needs that the plan does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissingPrice {
    /// The scenario's model has no GPU tier (an import that could not guess one).
    NoTier,
    /// The tier gives no cost for the deployment.
    Tier {
        /// The tier without the cost.
        tier: String,
        /// The deployment it has no cost for.
        deployment: Deployment,
    },
    /// The tier leaves its capacity to the estimate and none can be made
    /// for the scenario (no architecture, does not fit, limits unmet).
    Capacity {
        /// Why, in a sentence.
        why: String,
    },
    /// The model's API prices are not given (a new row): no API figure, and
    /// so no verdict, is computed from them, never a free API.
    Api {
        /// The model without prices.
        model: String,
    },
}

impl MissingPrice {
    /// True when it is the self-host side that lacks its cost.
    pub fn self_host(&self) -> bool {
        !matches!(self, MissingPrice::Api { .. })
    }

    /// The figures it leaves out, for a sentence.
    pub fn figures(&self) -> &'static str {
        match self.self_host() {
            true => "self-host figures",
            false => "API figures",
        }
    }
}

impl std::fmt::Display for MissingPrice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissingPrice::NoTier => f.write_str("no GPU tier assigned"),
            MissingPrice::Tier { tier, deployment } => {
                write!(f, "no {} price for tier {tier}", deployment.as_str())
            }
            MissingPrice::Capacity { why } => f.write_str(why),
            MissingPrice::Api { model } => write!(f, "no API price given for model {model}"),
        }
    }
}

/// Every figure of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioResult {
    /// The deployment it was priced under.
    pub deployment: Deployment,
    /// The tier it runs on.
    pub tier: String,
    /// Replicas in all regions at today's volume, at each end of the
    /// costs (they differ only where an estimated capacity's band does).
    pub replicas: PerEnd<u64>,
    /// Where the scenario's latency limits raised the replicas (the queue
    /// at today's peak): what the volume alone needs, in all regions.
    pub replicas_by_volume: Option<PerEnd<u64>>,
    /// What one replica serves for this scenario, tokens a day at full
    /// utilization: the tier's figure, or the estimate's band.
    pub capacity: Option<capacity::Capacity>,
    /// API monthly cost at today's volume.
    pub api: Range,
    /// The overheads self-hosting pays at today's volume: once a month,
    /// per region and per replica, contingency included.
    pub overheads: Range,
    /// The overheads of the API path (integration, platform fees).
    pub api_overheads: Range,
    /// What the spares and extra regions cost a month (GPUs) over a single
    /// set of replicas in one region.
    pub redundancy: Range,
    /// Replicas for the base load and the API for the rest, when the
    /// scenario gives its peak hours (and has a price).
    pub hybrid: Option<Hybrid>,
    /// The cheapest of the API, self-hosting and the hybrid, on the plan's
    /// verdict basis; `None` without a self-host price.
    pub cheapest: Option<Cheapest>,
    /// Against GPU cost alone (how the published verdicts are made).
    pub gpu_only: Comparison,
    /// Against GPU cost plus overheads.
    pub with_overheads: Comparison,
    /// The replica cost the comparisons lack, if the tier does not give it.
    /// Both comparisons then hold `Verdict::NoPrice` and no self-host
    /// figure is meaningful: read them through `headline`.
    pub missing: Option<MissingPrice>,
    /// Where the scenario's model is in the plan's models (`None` only for a
    /// reference a valid plan never holds), so views need not search for it.
    pub model: Option<usize>,
    /// Both sides' monthly cost at today's volume, line by line: `api`,
    /// `overheads`, `api_overheads` and each comparison's `self_host` are
    /// sums of its lines.
    pub ledger: Ledger,
}

impl ScenarioResult {
    /// The comparison the plan's `include_overheads` switch selects, or the
    /// price it lacks.
    pub fn headline(&self, include_overheads: bool) -> Result<&Comparison, &MissingPrice> {
        match &self.missing {
            Some(missing) => Err(missing),
            None if include_overheads => Ok(&self.with_overheads),
            None => Ok(&self.gpu_only),
        }
    }

    /// True unless the model's API prices are not given (then `api` is no
    /// figure to show).
    pub fn api_given(&self) -> bool {
        self.missing.as_ref().is_none_or(MissingPrice::self_host)
    }

    /// True unless the tier's cost (or any tier) is missing (then no
    /// self-host figure is one to show).
    pub fn self_host_given(&self) -> bool {
        !self.missing.as_ref().is_some_and(MissingPrice::self_host)
    }

    /// The verdict the plan's `include_overheads` switch selects.
    pub fn verdict(&self, include_overheads: bool) -> Verdict {
        self.headline(include_overheads)
            .map_or(Verdict::NoPrice, |c| c.verdict)
    }
}

/// A model row: from what volume does self-hosting it pay?
#[derive(Debug, Clone, PartialEq)]
pub struct ModelResult {
    /// API price per million tokens at the plan's output share; `None`
    /// while the model's prices are not given.
    pub blended_per_mtok: Option<f64>,
    /// One replica's monthly cost: the model's own figure, else its tier's;
    /// `None` when neither is given for the plan's deployment.
    pub self_host: Option<Range>,
    /// Break-even against GPU cost, plus the plan deployment's overheads when
    /// the plan's `include_overheads` switch is on; `None` without a cost.
    pub break_even: Option<BreakEvenRange>,
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
    /// The day dated figures are judged stale on: set by the program's edge
    /// (the planner, a report), which reads the clock; `None` (the engine's
    /// own) marks nothing stale.
    pub today: Option<crate::base::date::Date>,
}

impl Results {
    /// True when a figure dated `as_of` is older than the plan's age limit.
    pub fn is_stale(&self, plan: &Plan, as_of: Option<crate::base::date::Date>) -> bool {
        self.today.is_some_and(|today| {
            crate::plan::Freshness {
                today,
                stale_after_days: plan.settings.stale_after_days,
            }
            .is_stale(as_of)
        })
    }
}

/// Computes every figure of a plan, collapsing ranges as `estimate` says.
pub fn evaluate(plan: &Plan, estimate: Estimate) -> Results {
    let mut results = Results {
        estimate,
        scenarios: Vec::new(),
        models: Vec::new(),
        overheads_cloud: Range::default(),
        overheads_on_prem: Range::default(),
        today: None,
    };
    evaluate_into(plan, estimate, &mut results);
    // Evaluated once (a report): no buffer serves a next evaluation, so
    // the ledgers keep only the lines they hold.
    for r in &mut results.scenarios {
        r.ledger.lines.shrink_to_fit();
    }
    results
}

/// `evaluate`, reusing the buffers of earlier results: the TUI recomputes on
/// every keystroke, and plans with thousands of rows would otherwise allocate
/// (and page-fault) a fresh few hundred kilobytes each time.
pub fn evaluate_into(plan: &Plan, estimate: Estimate, out: &mut Results) {
    let index = Index::new(plan, estimate);
    let overheads_cloud = overhead_sum(plan, Deployment::Cloud);
    let overheads_on_prem = overhead_sum(plan, Deployment::OnPrem);
    out.estimate = estimate;
    out.overheads_cloud = overheads_cloud;
    out.overheads_on_prem = overheads_on_prem;
    // Each result's ledger buffer serves its successor.
    out.scenarios.truncate(plan.scenarios.len());
    // Exactly: a doubling growth would hold both buffers at its peak.
    out.scenarios
        .reserve_exact(plan.scenarios.len() - out.scenarios.len());
    for (i, s) in plan.scenarios.iter().enumerate() {
        let buffer = out
            .scenarios
            .get_mut(i)
            .map(|r| std::mem::take(&mut r.ledger.lines))
            .unwrap_or_default();
        let r = evaluate_scenario(plan, &index, s, estimate, buffer);
        match out.scenarios.get_mut(i) {
            Some(slot) => *slot = r,
            None => out.scenarios.push(r),
        }
    }
    out.models.clear();
    out.models.extend(
        plan.models
            .iter()
            .map(|m| evaluate_model(plan, &index, m, estimate)),
    );
}

/// The part of a plan an edit touched, so `refresh` recomputes only the
/// figures that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touched {
    /// Anything that can move every figure: settings, tiers, overheads, rows
    /// added or removed.
    Everything,
    /// One scenario's inputs.
    Scenario(usize),
    /// One model's inputs (its own row and the scenarios that price it).
    Model(usize),
}

/// Brings results up to date after a change that touched only `touched`.
/// `out` must hold the results of the plan as it was before that change; a
/// scenario edit then costs one scenario, not the thousands of model rows.
pub fn refresh(plan: &Plan, estimate: Estimate, out: &mut Results, touched: Touched) {
    let same_shape = out.estimate == estimate
        && out.scenarios.len() == plan.scenarios.len()
        && out.models.len() == plan.models.len();
    let index = Index::linear(plan);
    match touched {
        Touched::Scenario(i) if same_shape && i < plan.scenarios.len() => {
            let buffer = std::mem::take(&mut out.scenarios[i].ledger.lines);
            out.scenarios[i] =
                evaluate_scenario(plan, &index, &plan.scenarios[i], estimate, buffer);
        }
        Touched::Model(i) if same_shape && i < plan.models.len() => {
            let model = &plan.models[i];
            out.models[i] = evaluate_model(plan, &index, model, estimate);
            for (j, s) in plan.scenarios.iter().enumerate() {
                if s.model == model.name {
                    let buffer = std::mem::take(&mut out.scenarios[j].ledger.lines);
                    out.scenarios[j] = evaluate_scenario(plan, &index, s, estimate, buffer);
                }
            }
        }
        _ => evaluate_into(plan, estimate, out),
    }
}

/// The overheads self-hosting pays once a month under a deployment (in
/// one region; per-replica ones aside).
pub fn overhead_sum(plan: &Plan, deployment: Deployment) -> Range {
    overheads::fixed_sum(plan, deployment)
}

/// API dollars per million tokens for a mix of output and input tokens;
/// `None` while the model's prices are not given.
pub fn blended_per_mtok(model: &Model, output_share: f64) -> Option<f64> {
    let (output, input) = model.api_prices()?;
    Some(output_share * output + (1.0 - output_share) * input)
}

/// The API's price per million tokens for a scenario's token mix: output
/// at the output price; input partly from the prompt cache (at the cached
/// price, else the input price); a batch share at the batch discount; then
/// the model's discount (else the plan's). With none of these set it is
/// exactly `blended_per_mtok` (×1.0 and +0.0 leave a float as it is).
/// `None` while the model's prices are not given.
pub fn api_per_mtok(plan: &Plan, scenario: &Scenario, model: &Model) -> Option<f64> {
    let (output, input_price) = model.api_prices()?;
    let out = plan.output_share_of(scenario);
    let cached = scenario.cached_input_share;
    let p_cached = model.cached_input_per_mtok.unwrap_or(input_price);
    let input = (1.0 - cached) * input_price + cached * p_cached;
    let mix = out * output + (1.0 - out) * input;
    Some(
        mix * (1.0 - scenario.batch_share * model.batch_discount)
            * (1.0 - off_peak_discount(scenario, model))
            * (1.0 - plan.api_discount_of(model)),
    )
}

/// What a model's off-peak window takes off a scenario's API bill, as a
/// share: its discount on the tokens the profile puts in the window (an
/// even day without a profile). 0 without a window.
pub fn off_peak_discount(scenario: &Scenario, model: &Model) -> f64 {
    model.off_peak.map_or(0.0, |o| {
        o.discount * o.share_of(day::shares(scenario).as_ref())
    })
}

/// What self-hosting costs with the plan's contingency added.
pub fn with_contingency(plan: &Plan, cost: Range) -> Range {
    cost * (1.0 + plan.settings.contingency)
}

/// API monthly cost: tokens/day × days × blended price / 1M.
pub fn api_monthly(tokens_per_day: f64, days_per_month: f64, per_mtok: f64) -> f64 {
    tokens_per_day * days_per_month * per_mtok / 1_000_000.0
}

fn evaluate_scenario(
    plan: &Plan,
    index: &Index,
    scenario: &Scenario,
    estimate: Estimate,
    lines: Vec<Line>,
) -> ScenarioResult {
    let deployment = plan.deployment_of(scenario);
    let model_at = index.model(plan, &scenario.model);
    let model = model_at.map(|i| &plan.models[i]);
    let tier_id = scenario.tier_id(model).unwrap_or_default();
    let tier = index.tier(plan, tier_id);
    let tier_id = tier_id.to_string();
    let days = plan.settings.days_per_month;
    // A valid plan resolves every reference; a free model and an idle tier keep
    // the engine total even if one slipped through.
    let per_mtok = model.and_then(|m| api_per_mtok(plan, scenario, m));
    let cost = tier.and_then(|t| pricing::replica_monthly(t, deployment));
    let (capacity, no_capacity) = capacity_of(index, tier, model, scenario);
    let missing = missing_price(tier, cost, &tier_id, deployment)
        .or(no_capacity)
        .or_else(|| missing_api_price(model, per_mtok));
    let per_mtok = per_mtok.unwrap_or(0.0);
    let (spares, regions) = scenario.redundancy();
    let step = billing_step(plan, scenario, tier, deployment, capacity, estimate);
    let inputs = ledger::Inputs {
        plan,
        scenario,
        model,
        tier,
        deployment,
        priced: cost.is_some(),
        step: step.shape,
        regions,
        estimate,
    };
    let draft = ledger::Draft::of(&inputs, lines);
    let volume = scenario.tokens_per_day as f64;
    let (step, by_volume) = held_to_limits(step, tier, model, scenario, estimate);
    let (gpu_curve, full_curve) = curves(
        &draft,
        api_monthly(1.0, days, per_mtok),
        &step,
        (spares, regions),
    );
    let replicas = gpu_curve.replicas_at(volume);
    let replicas_by_volume = by_volume.map(|c| c.map(|c| gpu_curve.replicas_with(volume, c)));
    let ledger = draft.count(replicas, gpu_curve.starts_at(volume));
    let api = ledger.api(false);
    // No verdict from a price nobody gave.
    let priced = missing.is_none();
    let growth = scenario.monthly_growth;
    let at = |api, self_host, curve| compare(api, self_host, curve, volume, growth, priced);
    let redundancy = redundancy_cost(&gpu_curve, volume);
    let head = match plan.settings.include_overheads {
        true => (ledger.api(true), ledger.self_host(true), full_curve.clone()),
        false => (api, ledger.self_host(false), gpu_curve.clone()),
    };
    let gpu_only = at(api, ledger.self_host(false), gpu_curve);
    let with_overheads = at(ledger.api(true), ledger.self_host(true), full_curve);
    let (hybrid, cheapest) = alternatives(scenario, model, priced.then_some(!step.elastic), head);
    ScenarioResult {
        deployment,
        tier: tier_id,
        replicas,
        replicas_by_volume,
        capacity,
        api,
        overheads: ledger.total(Group::Overheads),
        api_overheads: ledger.total(Group::ApiOverheads),
        redundancy,
        hybrid,
        cheapest,
        gpu_only,
        with_overheads,
        missing,
        model: model_at,
        ledger,
    }
}

/// The step held to the scenario's own latency limits at today's volume,
/// and its capacity by volume alone where they lowered it. The queue counts
/// replicas: only a step of one (not an instance of several, nor busy
/// hours a day) is held to it, and a schedule by the hour each hour.
fn held_to_limits(
    mut step: Step,
    tier: Option<&GpuTier>,
    model: Option<&Model>,
    scenario: &Scenario,
    estimate: Estimate,
) -> (Step, Option<PerEnd<f64>>) {
    if let (Some(shares), Some(t)) = (step.day, tier) {
        return held_by_the_hour(step, shares, t, model, scenario, estimate);
    }
    let need = tier
        .filter(|_| step.shape.per == Per::Replica)
        .and_then(|t| capacity::held_to_limits(t, model, scenario, estimate));
    let Some(need) = need else {
        return (step, None);
    };
    let by_volume = step.capacity;
    step.capacity = held(by_volume, scenario.tokens_per_day as f64, need);
    let lowered = step.capacity != by_volume;
    (step, lowered.then_some(by_volume))
}

/// A schedule hour by hour held to the latency limits: each hour needs at
/// least what the queue at that hour's rate asks (its floor); where no hour
/// asks more than its tokens need, nothing changes.
fn held_by_the_hour(
    mut step: Step,
    shares: day::Shares,
    tier: &GpuTier,
    model: Option<&Model>,
    scenario: &Scenario,
    estimate: Estimate,
) -> (Step, Option<PerEnd<f64>>) {
    let volume = scenario.tokens_per_day as f64;
    let mut floor = PerEnd::both([0u64; day::HOURS]);
    for (h, share) in shares.iter().enumerate().filter(|(_, s)| **s > 0.0) {
        let rate = volume * share * day::HOURS as f64;
        let Some(need) = capacity::held_to_limits_at(tier, model, scenario, estimate, rate) else {
            return (step, None);
        };
        floor.cheap[h] = need.cheap;
        floor.dear[h] = need.dear;
    }
    let raises = |c: f64, floor: &[u64; day::HOURS]| {
        let steps = day::hourly_steps(volume, c, &shares);
        steps.iter().zip(floor).any(|(n, f)| f > n)
    };
    let c = step.capacity;
    if !(raises(c.cheap, &floor.cheap) || raises(c.dear, &floor.dear)) {
        return (step, None);
    }
    step.floor = Some(floor);
    (step, Some(c))
}

/// A step's capacity at each end, lowered where the latency limits need
/// more replicas a region at today's volume than it gives: to the volume
/// over those replicas, so the count at today's volume is theirs (and the
/// curve's other volumes scale from it).
fn held(capacity: PerEnd<f64>, volume: f64, need: PerEnd<u64>) -> PerEnd<f64> {
    let at = |c: f64, n: u64| match n as f64 > (volume / c).ceil() && volume > 0.0 {
        true => volume / n as f64,
        false => c,
    };
    PerEnd {
        cheap: at(capacity.cheap, need.cheap),
        dear: at(capacity.dear, need.dear),
    }
}

/// What one replica of the tier serves for the scenario, or why nothing is
/// known of it (the estimate could not be made).
fn capacity_of(
    index: &Index,
    tier: Option<&GpuTier>,
    model: Option<&Model>,
    scenario: &Scenario,
) -> (Option<capacity::Capacity>, Option<MissingPrice>) {
    match tier.map(|t| index.capacities.capacity(t, model, scenario)) {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(why)) => (None, Some(MissingPrice::Capacity { why })),
        None => (None, None),
    }
}

/// The hybrid (when the scenario gives its peak hours or its hourly
/// profile, and its bill does not already follow the volume) and the
/// cheapest of the three, against the verdict's API side, self-host side
/// and curve; none of either without a price (`hybrid_allowed` is `None`).
fn alternatives(
    scenario: &Scenario,
    model: Option<&Model>,
    hybrid_allowed: Option<bool>,
    (api, self_host, curve): (Range, Range, CostCurve),
) -> (Option<Hybrid>, Option<Cheapest>) {
    // No alternatives without both prices.
    let Some(hybrid_allowed) = hybrid_allowed else {
        return (None, None);
    };
    let shaped = scenario.peak_hours.is_some() || scenario.hourly_profile.is_some();
    let hybrid = (hybrid_allowed && shaped).then(|| hybrid_of(scenario, model, &curve).solve());
    let cheapest = hybrid::cheapest(api, self_host, hybrid.as_ref());
    (hybrid, Some(cheapest))
}

/// The cost curves of a scenario without and with the overheads, from its
/// ledger's lines per unit: a step's cost, what is paid whatever the
/// volume, the API's price per token a day.
fn curves(
    draft: &ledger::Draft,
    api_per_token_day: f64,
    step: &Step,
    (spares, regions): (u32, u32),
) -> (CostCurve, CostCurve) {
    let day = step.day.map(|shares| {
        std::sync::Arc::new(day::DayBill {
            shares,
            start: draft.per_start(),
            floor: step.floor.unwrap_or(PerEnd::both([0; day::HOURS])),
        })
    });
    let gpu = CostCurve {
        api_per_token_day,
        per_replica: draft.per_step(Group::Gpus),
        fixed: Range::default(),
        api_fixed: Range::default(),
        step_capacity: step.capacity,
        regions,
        spares: if step.elastic { 0 } else { spares },
        day,
    };
    let full = CostCurve {
        per_replica: gpu.per_replica + draft.per_step(Group::Overheads),
        fixed: draft.fixed(Group::Overheads),
        api_fixed: draft.fixed(Group::ApiOverheads),
        ..gpu.clone()
    };
    (gpu, full)
}

/// What one step of self-hosting is: a replica a month, a whole instance
/// of several, or under scale-to-zero one replica-hour every day.
struct Step {
    /// What a step is paid per, and its cost over a replica's.
    shape: ledger::StepShape,
    /// Tokens a day a step serves at the scenario's utilization and peak,
    /// at each end.
    capacity: PerEnd<f64>,
    /// Billed by the busy hour (scale-to-zero): no spares kept running, and
    /// no hybrid (the bill already follows the volume).
    elastic: bool,
    /// Busy hours counted hour by hour: the scenario's profile, on a
    /// scale-to-zero tier.
    day: Option<day::Shares>,
    /// Replicas each of its hours needs at least for the latency limits.
    floor: Option<PerEnd<[u64; day::HOURS]>>,
}

/// A capacity at each end of the costs as the estimate collapses ranges:
/// the cheap end with the most a replica serves, the dear end the least.
pub fn capacity_ends(c: capacity::Capacity, estimate: Estimate) -> PerEnd<f64> {
    match estimate {
        Estimate::Range => PerEnd {
            cheap: c.most,
            dear: c.least,
        },
        Estimate::Low => PerEnd::both(c.most),
        Estimate::Mid => PerEnd::both(c.mid),
        Estimate::High => PerEnd::both(c.least),
    }
}

fn billing_step(
    plan: &Plan,
    scenario: &Scenario,
    tier: Option<&GpuTier>,
    deployment: Deployment,
    capacity: Option<capacity::Capacity>,
    estimate: Estimate,
) -> Step {
    let util = scenario.target_utilization;
    // A day's capacity; no tier (or none estimated) sizes nothing real.
    let day = capacity_ends(capacity.unwrap_or(capacity::Capacity::given(1.0)), estimate);
    let hours = tier.map_or(24.0, pricing::serving_hours);
    let replica = Step {
        shape: ledger::StepShape {
            per: Per::Replica,
            factor: 1.0,
            replicas: 1.0,
            lead: 0.0,
        },
        capacity: day.map(|c| c * (hours / 24.0) * util / day::peak_factor(scenario)),
        elastic: false,
        day: None,
        floor: None,
    };
    // Only GPU hours bill by the hour: a monthly figure or a purchase stands.
    let Some(t) = tier.filter(|t| deployment == Deployment::Cloud && t.cloud_monthly.is_none())
    else {
        return replica;
    };
    if pricing::gpu_hours_monthly(t).is_none() {
        return replica;
    }
    let p = &t.pricing;
    if p.billing == crate::plan::Billing::ScaleToZero {
        // A replica-hour every day of the month; busy hours follow the
        // volume, peaks or not (more replicas run at once). A replica kept
        // for it runs that share of a day, buffer included.
        // With a profile, hour by hour: each replica the schedule starts
        // bills its scale-up lead as well.
        let days = plan.settings.days_per_month * (1.0 + p.scale_buffer);
        let hours = day::shares(scenario);
        return Step {
            shape: ledger::StepShape {
                per: Per::BusyHour,
                factor: days / HOURS_PER_MONTH,
                replicas: (1.0 + p.scale_buffer) / 24.0,
                lead: hours.map_or(0.0, |_| p.scale_up_minutes / 60.0),
            },
            capacity: day.map(|c| c / 24.0 * util),
            elastic: true,
            day: hours,
            floor: None,
        };
    }
    let k = p.replicas_per_instance.unwrap_or(1).max(1);
    if k == 1 {
        return replica;
    }
    Step {
        shape: ledger::StepShape {
            per: Per::Instance(k),
            factor: f64::from(k),
            replicas: f64::from(k),
            lead: 0.0,
        },
        capacity: replica.capacity.map(|c| c * f64::from(k)),
        ..replica
    }
}

/// What spares and extra regions cost at a volume over one set of
/// replicas in one region.
fn redundancy_cost(curve: &CostCurve, volume: f64) -> Range {
    let bare = CostCurve {
        regions: 1,
        spares: 0,
        ..curve.clone()
    };
    let (here, without) = (curve.self_host_at(volume), bare.self_host_at(volume));
    Range::new(here.low - without.low, here.high - without.high)
}

/// The price a scenario's self-hosting lacks: a tier's cost for the
/// deployment, or any tier at all (a model imported without one).
fn missing_price(
    tier: Option<&GpuTier>,
    cost: Option<Range>,
    tier_id: &str,
    deployment: Deployment,
) -> Option<MissingPrice> {
    match (tier, cost) {
        (Some(_), None) => Some(MissingPrice::Tier {
            tier: tier_id.to_string(),
            deployment,
        }),
        (None, _) if tier_id.is_empty() => Some(MissingPrice::NoTier),
        _ => None,
    }
}

/// The API price a scenario lacks: its model's, not given yet.
fn missing_api_price(model: Option<&Model>, per_mtok: Option<f64>) -> Option<MissingPrice> {
    let model = model.filter(|_| per_mtok.is_none())?;
    Some(MissingPrice::Api {
        model: model.name.clone(),
    })
}

/// The hybrid's inputs from a scenario and the curve it is judged on (with
/// or without overheads, as the verdicts are): its profile's hours where it
/// gives one, else its peak hours.
fn hybrid_of(scenario: &Scenario, model: Option<&Model>, curve: &CostCurve) -> hybrid::Inputs {
    let shares = day::shares(scenario);
    let off_peak = model.and_then(|m| m.off_peak);
    let peak = day::peak_factor(scenario);
    hybrid::Inputs {
        volume: scenario.tokens_per_day as f64,
        peak_to_average: scenario.peak_to_average,
        peak_hours: scenario.peak_hours.unwrap_or(0.0),
        profile: shares.map(|s| (s, day::price_weights(off_peak.as_ref(), &s))),
        // A step serves capacity × utilization / peak a day, so an hour of
        // it, peak or not, capacity × utilization / 24 (× replicas an instance).
        replica_per_hour: curve.step_capacity.map(|c| c * peak / 24.0),
        per_replica: curve.per_replica,
        fixed: curve.fixed,
        api_per_token_day: curve.api_per_token_day,
        api_fixed: curve.api_fixed,
    }
}

fn evaluate_model(plan: &Plan, index: &Index, model: &Model, estimate: Estimate) -> ModelResult {
    let tier = index.tier(plan, &model.tier);
    // A model row has no profile: its off-peak window over an even day.
    let off_peak = model
        .off_peak
        .map_or(0.0, |o| o.discount * o.share_of(None));
    let per_mtok = blended_per_mtok(model, plan.settings.output_share)
        .map(|p| p * (1.0 - off_peak) * (1.0 - plan.api_discount_of(model)));
    let self_host = model
        .self_host_monthly
        .or_else(|| tier.and_then(|t| pricing::replica_monthly(t, plan.settings.deployment)))
        .map(|r| with_contingency(plan, r.pick(estimate)));
    let oh = match (plan.settings.include_overheads, index.model_overheads) {
        (false, _) => OverheadSplit::default(),
        (true, Some(same_for_all)) => same_for_all,
        (true, None) => index
            .parts(plan.settings.deployment)
            .split(plan, tier, 1, estimate),
    };
    // An estimated tier's capacity for the model at the assumed request
    // shape and limits (a model row has no scenario's); none: no figure.
    let capacity = match tier {
        Some(t) if t.estimates_capacity() => index
            .capacities
            .capacity(t, Some(model), &Scenario::new("", 0, &model.name))
            .ok()
            .map(|c| capacity_ends(c, estimate).map(|c| c * (pricing::serving_hours(t) / 24.0))),
        t => Some(PerEnd::both(t.map_or(1.0, serving_capacity))),
    };
    let break_even =
        self_host
            .zip(per_mtok)
            .zip(capacity)
            .map(|((per_replica, per_mtok), step_capacity)| {
                CostCurve {
                    api_per_token_day: api_monthly(1.0, plan.settings.days_per_month, per_mtok),
                    per_replica: per_replica + oh.per_replica,
                    fixed: oh.fixed,
                    api_fixed: oh.api,
                    step_capacity,
                    regions: 1,
                    spares: 0,
                    day: None,
                }
                .break_even()
            });
    ModelResult {
        blended_per_mtok: per_mtok,
        self_host,
        break_even,
    }
}

/// Name lookups for one evaluation: plans hold thousands of models, and a
/// linear search per scenario would dominate the recompute.
struct Index<'a> {
    models: FastMap<&'a str, usize>,
    tiers: FastMap<&'a str, usize>,
    /// Estimated capacities asked so far.
    capacities: capacity::CapacityMemo,
    /// The overheads by what they scale with, cloud then on-prem.
    overheads: [overheads::Parts; 2],
    /// The model rows' overheads when no tier changes them (nothing paid
    /// per GPU): worked out once, not once a row.
    model_overheads: Option<OverheadSplit>,
}

impl<'a> Index<'a> {
    /// No maps: lookups scan the plan, which is cheaper for a few of them.
    fn linear(plan: &Plan) -> Self {
        Self {
            models: FastMap::default(),
            tiers: FastMap::default(),
            capacities: capacity::CapacityMemo::default(),
            overheads: Self::overheads(plan),
            model_overheads: None,
        }
    }

    fn overheads(plan: &Plan) -> [overheads::Parts; 2] {
        [
            overheads::Parts::of(plan, Deployment::Cloud),
            overheads::Parts::of(plan, Deployment::OnPrem),
        ]
    }

    /// The overheads paid under a deployment.
    fn parts(&self, deployment: Deployment) -> &overheads::Parts {
        match deployment {
            Deployment::Cloud => &self.overheads[0],
            Deployment::OnPrem => &self.overheads[1],
        }
    }

    fn new(plan: &'a Plan, estimate: Estimate) -> Self {
        // Only scenarios look models up; a linear scan beats hashing for a few.
        let needs_index = plan.scenarios.len() > 4 && plan.models.len() > 16;
        let mut models = FastMap::default();
        if needs_index {
            models.reserve(plan.models.len());
            // Reversed so that, as with `Plan::model`, the first of duplicates wins.
            for (i, m) in plan.models.iter().enumerate().rev() {
                models.insert(m.name.as_str(), i);
            }
        }
        let mut tiers = FastMap::default();
        if plan.gpu_tiers.len() > 16 {
            for (i, t) in plan.gpu_tiers.iter().enumerate().rev() {
                tiers.insert(t.id.as_str(), i);
            }
        }
        let overheads = Self::overheads(plan);
        let model_parts = &overheads[match plan.settings.deployment {
            Deployment::Cloud => 0,
            Deployment::OnPrem => 1,
        }];
        let model_overheads = model_parts
            .tier_independent()
            .then(|| model_parts.split(plan, None, 1, estimate));
        Self {
            models,
            tiers,
            capacities: capacity::CapacityMemo::default(),
            overheads,
            model_overheads,
        }
    }

    /// Where the model of that name is in the plan (the first of duplicates).
    fn model(&self, plan: &Plan, name: &str) -> Option<usize> {
        if self.models.is_empty() {
            plan.models.iter().position(|m| m.name == name)
        } else {
            self.models.get(name).copied()
        }
    }

    fn tier<'p>(&self, plan: &'p Plan, id: &str) -> Option<&'p GpuTier> {
        if self.tiers.is_empty() {
            plan.tier(id)
        } else {
            self.tiers.get(id).map(|&i| &plan.gpu_tiers[i])
        }
    }
}

/// API against self-hosting at today's volume (each side the sum of its
/// ledger lines), and the break-evens of the curve behind them.
fn compare(
    api: Range,
    self_host: Range,
    curve: CostCurve,
    volume: f64,
    growth: f64,
    priced: bool,
) -> Comparison {
    let break_even = curve.break_even();
    Comparison {
        self_host,
        verdict: match priced {
            true => verdict(api, self_host),
            false => Verdict::NoPrice,
        },
        factor: factor(api, self_host),
        break_even,
        first_cheaper: curve.first_cheaper(),
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
    let cents = whole_cents;
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
