//! The JSON report: every figure as a number, under field names that README.md
//! documents and scripts may depend on. Money is rounded to the cent, volumes
//! to whole tokens; `null` means "never" (break-even) or "unbounded" (factor).

use crate::engine::{BreakEvenRange, Comparison, MonthsToBreakEven, Results};
use crate::money::Range;
use crate::plan::{Plan, SCHEMA};
use serde::Serialize;

/// Dollars rounded to the cent.
pub(super) fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A factor rounded to four decimals.
pub(super) fn ratio(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Months as a number: 0 for now, `None` for never.
pub(super) fn months_number(m: MonthsToBreakEven) -> Option<u32> {
    match m {
        MonthsToBreakEven::Now => Some(0),
        MonthsToBreakEven::In(n) => Some(n),
        MonthsToBreakEven::Never => None,
    }
}

#[derive(Serialize)]
struct Money {
    low: f64,
    high: f64,
}

impl From<Range> for Money {
    fn from(r: Range) -> Self {
        Money {
            low: cents(r.low),
            high: cents(r.high),
        }
    }
}

#[derive(Serialize)]
struct Ends<T> {
    low: Option<T>,
    high: Option<T>,
}

impl From<BreakEvenRange> for Ends<f64> {
    fn from(b: BreakEvenRange) -> Self {
        Ends {
            low: b.low.volume().map(f64::round),
            high: b.high.volume().map(f64::round),
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    plan: &'a str,
    schema: u32,
    estimate: &'static str,
    days_per_month: f64,
    deployment: &'static str,
    include_overheads: bool,
    overheads_monthly: Overheads,
    scenarios: Vec<ScenarioOut<'a>>,
    models: Vec<ModelOut<'a>>,
}

#[derive(Serialize)]
struct Overheads {
    cloud: Money,
    on_prem: Money,
}

#[derive(Serialize)]
struct ScenarioOut<'a> {
    name: &'a str,
    tokens_per_day: u64,
    model: &'a str,
    tier: &'a str,
    deployment: &'static str,
    replicas: u64,
    api_monthly: Money,
    overheads_monthly: Money,
    verdict: &'static str,
    gpu_only: ComparisonOut,
    with_overheads: ComparisonOut,
}

#[derive(Serialize)]
struct ComparisonOut {
    self_host_monthly: Money,
    verdict: &'static str,
    factor: Ends<f64>,
    break_even_tokens_per_day: Ends<f64>,
    months_to_break_even: Ends<u32>,
}

impl From<&Comparison> for ComparisonOut {
    fn from(c: &Comparison) -> Self {
        ComparisonOut {
            self_host_monthly: c.self_host.into(),
            verdict: c.verdict.as_str(),
            factor: Ends {
                low: c.factor.low.map(ratio),
                high: c.factor.high.map(ratio),
            },
            break_even_tokens_per_day: c.break_even.into(),
            months_to_break_even: Ends {
                low: months_number(c.months.0),
                high: months_number(c.months.1),
            },
        }
    }
}

#[derive(Serialize)]
struct ModelOut<'a> {
    name: &'a str,
    input_per_mtok: f64,
    output_per_mtok: f64,
    input_is: &'static str,
    tier: &'a str,
    self_host_monthly: Money,
    break_even_tokens_per_day: Ends<f64>,
}

pub(super) fn render(plan: &Plan, results: &Results) -> String {
    let s = &plan.settings;
    let report = Report {
        plan: &plan.name,
        schema: SCHEMA,
        estimate: results.estimate.as_str(),
        days_per_month: s.days_per_month,
        deployment: s.deployment.as_str(),
        include_overheads: s.include_overheads,
        overheads_monthly: Overheads {
            cloud: results.overheads_cloud.pick(results.estimate).into(),
            on_prem: results.overheads_on_prem.pick(results.estimate).into(),
        },
        scenarios: plan
            .scenarios
            .iter()
            .zip(&results.scenarios)
            .map(|(sc, r)| ScenarioOut {
                name: &sc.name,
                tokens_per_day: sc.tokens_per_day,
                model: &sc.model,
                tier: &r.tier,
                deployment: r.deployment.as_str(),
                replicas: r.replicas,
                api_monthly: r.api.into(),
                overheads_monthly: r.overheads.into(),
                verdict: r.headline(s.include_overheads).verdict.as_str(),
                gpu_only: (&r.gpu_only).into(),
                with_overheads: (&r.with_overheads).into(),
            })
            .collect(),
        models: plan
            .models
            .iter()
            .zip(&results.models)
            .map(|(m, r)| ModelOut {
                name: &m.name,
                input_per_mtok: m.input_per_mtok,
                output_per_mtok: m.output_per_mtok,
                input_is: m.input_is.as_str(),
                tier: &m.tier,
                self_host_monthly: r.self_host.into(),
                break_even_tokens_per_day: r.break_even.into(),
            })
            .collect(),
    };
    let mut out =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
