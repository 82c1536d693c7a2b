//! The JSON report: every figure as a number, under field names that README.md
//! documents and scripts may depend on. Money is rounded to the cent, volumes
//! to whole tokens; `null` means "never" (break-even) or "unbounded" (factor).

use crate::engine::{Comparison, Results};
use crate::plan::{Plan, SCHEMA};
use crate::text::figures::Ends;
use crate::text::format as fmt;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Report<'a> {
    plan: &'a str,
    schema: u32,
    /// The currency of every amount.
    currency: &'a str,
    estimate: &'static str,
    days_per_month: f64,
    deployment: &'static str,
    include_overheads: bool,
    overheads_monthly: Overheads,
    scenarios: Scenarios<'a>,
    models: Vec<ModelOut<'a>>,
}

/// The scenarios, each built as it is written: a report of 100,000 holds
/// one scenario's figures at a time, not all of them.
struct Scenarios<'a> {
    plan: &'a Plan,
    results: &'a Results,
    extras: super::Extras,
    estimates: std::cell::RefCell<crate::engine::capacity::Memo>,
}

impl Serialize for Scenarios<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.plan.scenarios.len()))?;
        for row in 0..self.plan.scenarios.len().min(self.results.scenarios.len()) {
            seq.serialize_element(&self.scenario(row))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Overheads {
    cloud: Ends<f64>,
    on_prem: Ends<f64>,
}

#[derive(Serialize)]
struct ScenarioOut<'a> {
    name: &'a str,
    tokens_per_day: u64,
    model: &'a str,
    tier: &'a str,
    deployment: &'static str,
    /// At the dear end where an estimated capacity's band differs; `null`
    /// where no capacity is known (see `missing_price`).
    replicas: Option<u64>,
    /// Where the tier leaves its capacity to the estimate: the replicas
    /// at the cheap (most capacity) and the dear end.
    #[serde(skip_serializing_if = "Option::is_none")]
    replicas_range: Option<Ends<u64>>,
    /// Where the tier leaves its capacity to the estimate: what a replica
    /// serves for this scenario, tokens a day (the band's ends).
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity_tokens_per_day: Option<Ends<f64>>,
    /// Where the tier leaves its capacity to the estimate: `estimated: …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity_is: Option<String>,
    /// With an estimated capacity and the scenario's own limits: the p99
    /// TTFT and TPOT reached, ms, at the band's fast and slow ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    ttft_p99_ms: Option<Ends<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tpot_p99_ms: Option<Ends<f64>>,
    // `null` while the model's prices are not given.
    api_monthly: Option<Ends<f64>>,
    overheads_monthly: Ends<f64>,
    /// The API path's own overheads (integration, platform fees).
    api_overheads_monthly: Ends<f64>,
    verdict: &'static str,
    /// "no on-prem price for tier X", or `null`; with one, both comparisons
    /// are `null`.
    missing_price: Option<String>,
    gpu_only: Option<ComparisonOut>,
    with_overheads: Option<ComparisonOut>,
    /// The assumed and stale figures the verdict rests on.
    caveats: Vec<CaveatOut>,
    /// Replicas for the base load and the API for the rest (scenarios with
    /// `peak_hours`), else `null`.
    hybrid: Option<HybridOut>,
    /// `api`, `self-host` or `hybrid`; `null` without a self-host price.
    cheapest: Option<&'static str>,
    /// A scenario with an hourly profile: its day hour by hour (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<DayOut>,
    /// With `--sweep`: both sides at 1M … 10B tokens a day.
    #[serde(skip_serializing_if = "Option::is_none")]
    sweep: Option<Vec<super::extras::PointOut>>,
    /// With `--timeline`: month by month.
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Vec<super::extras::MonthOut>>,
    /// With `--timeline`: when self-hosting is cheaper and pays back.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    timeline_months: Option<super::extras::TimelineMonthsOut>,
    /// With `--timeline`, for servers bought: the cash view.
    #[serde(skip_serializing_if = "Option::is_none")]
    cash: Option<super::extras::CashOut>,
    /// With `--sensitivity`: the tornado, widest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitivity: Option<Vec<super::extras::BarOut>>,
    /// With `--uncertainty`: the Monte Carlo run.
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<Option<super::extras::UncertaintyOut>>,
    /// Where the tier gives its GPU type and the model its architecture:
    /// what the capacity estimate says a replica serves (beside the tier's
    /// `tokens_per_day`, which sizes the replicas).
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity_estimate: Option<EstimateOut>,
}

/// The capacity estimate of a scenario's replica.
#[derive(Serialize)]
struct EstimateOut {
    model: String,
    gpu: String,
    gpus: u32,
    backend: &'static str,
    precision: &'static str,
    input_tokens_per_request: f64,
    output_tokens_per_request: f64,
    ttft_p99_limit_ms: f64,
    tpot_p99_limit_ms: f64,
    /// The scenario keys the estimate assumed a value for.
    assumed: Vec<&'static str>,
    fits: bool,
    max_concurrency: u32,
    /// `null` when it does not fit or the limits cannot be met.
    capacity_tokens_per_day: Option<Mid>,
    concurrency: Option<Mid>,
    ttft_p99_ms: Option<Mid>,
    tpot_p99_ms: Option<Mid>,
}

/// A figure at the band's ends and its middle.
#[derive(Serialize)]
struct Mid {
    low: f64,
    mid: f64,
    high: f64,
}

impl From<crate::engine::capacity::Estimated> for EstimateOut {
    fn from(e: crate::engine::capacity::Estimated) -> Self {
        let m = e.answer.memory;
        let sized = e.answer.sized.as_ref().and_then(|s| s.as_ref().ok());
        let ends = |f: fn(&crate::capacity::sizing::Sized) -> f64, fast_is_low: bool| {
            sized.map(|s| {
                let (fast, slow) = (f(&s.low), f(&s.high));
                let (low, high) = if fast_is_low {
                    (fast, slow)
                } else {
                    (slow, fast)
                };
                Mid {
                    low,
                    mid: f(&s.mid),
                    high,
                }
            })
        };
        EstimateOut {
            capacity_tokens_per_day: ends(|s| s.tokens_per_day.round(), false),
            concurrency: ends(|s| f64::from(s.concurrency), false),
            ttft_p99_ms: ends(|s| (s.ttft_p99_ms * 1000.0).round() / 1000.0, true),
            tpot_p99_ms: ends(|s| (s.tpot_p99_ms * 1000.0).round() / 1000.0, true),
            model: e.model,
            gpu: e.gpu,
            gpus: e.gpus,
            backend: e.backend.name(),
            precision: e.precision.name(),
            input_tokens_per_request: e.shape.0,
            output_tokens_per_request: e.shape.1,
            ttft_p99_limit_ms: e.limits.ttft_p99_ms,
            tpot_p99_limit_ms: e.limits.tpot_p99_ms,
            assumed: e.assumed,
            fits: m.fits && m.max_concurrency > 0,
            max_concurrency: m.max_concurrency,
        }
    }
}

#[derive(Serialize)]
struct HybridOut {
    replicas: Ends<u64>,
    monthly: Ends<f64>,
    api_overflow_tokens_per_day: Ends<f64>,
}

impl From<&crate::engine::Hybrid> for HybridOut {
    fn from(h: &crate::engine::Hybrid) -> Self {
        HybridOut {
            replicas: Ends {
                low: h.replicas.0,
                high: h.replicas.1,
            },
            monthly: Ends::money(h.monthly),
            api_overflow_tokens_per_day: Ends {
                low: h.overflow_tokens_per_day.0.round(),
                high: h.overflow_tokens_per_day.1.round(),
            },
        }
    }
}

#[derive(Serialize)]
struct CaveatOut {
    figure: String,
    field: String,
    source: String,
    as_of: Option<String>,
    stale: bool,
}

#[derive(Serialize)]
struct ComparisonOut {
    self_host_monthly: Ends<f64>,
    verdict: &'static str,
    factor: Ends<Option<f64>>,
    break_even_tokens_per_day: Ends<Option<f64>>,
    first_cheaper_tokens_per_day: Ends<Option<f64>>,
    months_to_break_even: Ends<Option<u32>>,
}

impl From<&Comparison> for ComparisonOut {
    fn from(c: &Comparison) -> Self {
        ComparisonOut {
            self_host_monthly: Ends::money(c.self_host),
            verdict: c.verdict.as_str(),
            factor: Ends::factor(c.factor),
            break_even_tokens_per_day: Ends::break_even(c.break_even),
            first_cheaper_tokens_per_day: Ends::break_even(c.first_cheaper),
            months_to_break_even: Ends::months(c.months),
        }
    }
}

#[derive(Serialize)]
struct ModelOut<'a> {
    name: &'a str,
    input_per_mtok: Option<f64>,
    output_per_mtok: Option<f64>,
    input_is: String,
    output_is: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prices_as_of: Option<String>,
    tier: &'a str,
    self_host_monthly: Option<Ends<f64>>,
    break_even_tokens_per_day: Option<Ends<Option<f64>>>,
}

fn caveats(plan: &Plan, results: &Results, row: usize) -> Vec<CaveatOut> {
    crate::analysis::provenance::figures(plan, results, row)
        .into_iter()
        .filter(|f| f.needs_a_look())
        .map(|f| CaveatOut {
            source: f.source.to_string(),
            as_of: f.as_of.map(|d| d.to_string()),
            stale: f.stale,
            figure: f.what,
            field: f.field,
        })
        .collect()
}

/// The report as text.
pub(super) fn render(plan: &Plan, results: &Results, extras: super::Extras) -> String {
    let mut out = Vec::new();
    match write(plan, results, extras, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// The report written to `out` as it is produced.
pub(super) fn write(
    plan: &Plan,
    results: &Results,
    extras: super::Extras,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let s = &plan.settings;
    let report = Report {
        plan: &plan.name,
        schema: SCHEMA,
        currency: &s.currency,
        estimate: results.estimate.as_str(),
        days_per_month: s.days_per_month,
        deployment: s.deployment.as_str(),
        include_overheads: s.include_overheads,
        overheads_monthly: Overheads {
            cloud: Ends::money(results.overheads_cloud.pick(results.estimate)),
            on_prem: Ends::money(results.overheads_on_prem.pick(results.estimate)),
        },
        scenarios: Scenarios {
            plan,
            results,
            extras,
            estimates: Default::default(),
        },
        models: plan
            .models
            .iter()
            .zip(&results.models)
            .map(|(m, r)| ModelOut {
                name: &m.name,
                input_per_mtok: m.input_per_mtok,
                output_per_mtok: m.output_per_mtok,
                input_is: m.input_is.to_string(),
                output_is: m.output_is.to_string(),
                prices_as_of: m.prices_as_of.map(|d| d.to_string()),
                tier: &m.tier,
                self_host_monthly: r.self_host.map(Ends::money),
                break_even_tokens_per_day: r.break_even.map(Ends::break_even),
            })
            .collect(),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

impl<'a> Scenarios<'a> {
    /// One scenario's figures as the report writes them.
    fn scenario(&self, row: usize) -> ScenarioOut<'a> {
        let (plan, results, extras) = (self.plan, self.results, self.extras);
        let s = &plan.settings;
        let (sc, r) = (&plan.scenarios[row], &results.scenarios[row]);
        let estimate = self.estimates.borrow_mut().estimated(plan, sc);
        let sized_by = plan
            .tier(&r.tier)
            .filter(|t| t.estimates_capacity())
            .and(estimate.as_ref());
        let limits_given = sc.requests.ttft_p99_ms.is_some() || sc.requests.tpot_p99_ms.is_some();
        let capacity_is = sized_by.map(capacity_is);
        let sized = sized_by.is_some();
        // The estimate written out once, its reached latencies read from it.
        let capacity_estimate = estimate.map(EstimateOut::from);
        let reached = |key: fn(&EstimateOut) -> &Option<Mid>| {
            let out = capacity_estimate
                .as_ref()
                .filter(|_| sized && limits_given)?;
            key(out).as_ref().map(|m| Ends {
                low: m.low,
                high: m.high,
            })
        };
        ScenarioOut {
            name: &sc.name,
            tokens_per_day: sc.tokens_per_day,
            model: &sc.model,
            tier: &r.tier,
            deployment: r.deployment.as_str(),
            replicas: match r.missing {
                Some(crate::engine::MissingPrice::Capacity { .. }) => None,
                _ => Some(r.replicas.dear),
            },
            replicas_range: sized.then_some(Ends {
                low: r.replicas.cheap,
                high: r.replicas.dear,
            }),
            capacity_tokens_per_day: r.capacity.filter(|_| sized).map(|c| Ends {
                low: c.least.round(),
                high: c.most.round(),
            }),
            capacity_is,
            ttft_p99_ms: reached(|e| &e.ttft_p99_ms),
            tpot_p99_ms: reached(|e| &e.tpot_p99_ms),
            api_monthly: r.api_given().then(|| Ends::money(r.api)),
            overheads_monthly: Ends::money(r.overheads),
            api_overheads_monthly: Ends::money(r.api_overheads),
            verdict: r.verdict(s.include_overheads).as_str(),
            missing_price: r.missing.as_ref().map(ToString::to_string),
            gpu_only: r.missing.is_none().then(|| (&r.gpu_only).into()),
            with_overheads: r.missing.is_none().then(|| (&r.with_overheads).into()),
            caveats: caveats(plan, results, row),
            hybrid: r.hybrid.as_ref().map(HybridOut::from),
            cheapest: r.cheapest.map(crate::engine::Cheapest::as_str),
            day: crate::engine::day::schedule(plan, sc, r)
                .filter(|d| d.profiled)
                .map(DayOut::from),
            sweep: super::extras::sweep_json(plan, results, row, extras),
            timeline: super::extras::timeline_json(plan, results, row, extras),
            timeline_months: super::extras::timeline_months_json(plan, results, row, extras),
            cash: super::extras::cash_json(plan, results, row, extras),
            sensitivity: super::extras::sensitivity_json(plan, results, row, extras),
            uncertainty: super::extras::uncertainty_json(plan, results, row, extras),
            capacity_estimate,
        }
    }
}

/// A day by the hour: the replicas each needs (the dear end; all regions,
/// spares included), what the bill counts and starts, and what the API
/// bills a month for each hour's tokens.
#[derive(Serialize)]
struct DayOut {
    replicas_by_hour: [u64; crate::engine::day::HOURS],
    /// `kept-on` (billed at the busiest hour's count) or `autoscaled`
    /// (billed by the replica-hour).
    billing: &'static str,
    /// Replicas kept on, or replica-hours a day autoscaled (the report's
    /// `replicas`).
    billed: u64,
    replicas_started_a_day: u64,
    tokens_by_hour: [f64; crate::engine::day::HOURS],
    api_monthly_by_hour: Option<[f64; crate::engine::day::HOURS]>,
}

impl From<crate::engine::day::Schedule> for DayOut {
    fn from(d: crate::engine::day::Schedule) -> Self {
        DayOut {
            replicas_by_hour: d.replicas.map(|n| n.dear),
            billing: if d.autoscaled {
                "autoscaled"
            } else {
                "kept-on"
            },
            billed: d.billed.dear,
            replicas_started_a_day: d.starts.dear,
            tokens_by_hour: d.tokens.map(f64::round),
            api_monthly_by_hour: d.api.map(|a| a.map(|x| (x * 100.0).round() / 100.0)),
        }
    }
}

/// Where an estimated capacity comes from, in a phrase: what the
/// estimate was made for and its band.
fn capacity_is(e: &crate::engine::capacity::Estimated) -> String {
    let band = match e.tokens_per_day() {
        Some((least, mid, most)) => format!(
            ", {}–{}/day (mid {})",
            fmt::tokens(least),
            fmt::tokens(most),
            fmt::tokens(mid)
        ),
        None => String::new(),
    };
    format!(
        "estimated: {} on {}× {}, {} {}, p99 TPOT ≤ {} ms{band}",
        e.model,
        e.gpus,
        e.gpu,
        e.backend.name(),
        e.precision.name(),
        e.limits.tpot_p99_ms
    )
}
