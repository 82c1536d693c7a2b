//! Measured capacity: the JSON `vllm bench serve --save-result` writes, one
//! run per file (or several, one per line, with `--append-result`). Of
//! several runs the one with the highest total token throughput whose p99
//! end-to-end latency meets the user's limit sets the tier's capacity:
//! tokens/day = total token throughput × 86,400.

use super::summary::Summary;
use super::{Input, Options, Outcome, names};
use crate::base::date::Date;
use crate::plan::{Measured, Plan, Source};
use crate::text::format as fmt;
use serde::Deserialize;

/// One benchmark run, the fields inferplan keeps.
#[derive(Debug, Clone, Deserialize)]
struct Run {
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    model_id: Option<String>,
    #[serde(default)]
    max_concurrency: Option<u32>,
    #[serde(default)]
    completed: Option<f64>,
    #[serde(default)]
    total_input_tokens: Option<f64>,
    #[serde(default)]
    total_output_tokens: Option<f64>,
    total_token_throughput: f64,
    #[serde(default)]
    p99_ttft_ms: Option<f64>,
    #[serde(default)]
    p99_tpot_ms: Option<f64>,
    #[serde(default)]
    p99_e2el_ms: Option<f64>,
}

/// A run and the file it came from.
struct Found<'a> {
    run: Run,
    file: &'a str,
}

fn runs(input: &Input) -> Result<Vec<Run>, String> {
    let stream = serde_json::Deserializer::from_str(&input.text).into_iter::<Run>();
    let runs = stream.collect::<Result<Vec<_>, _>>().map_err(|e| {
        format!(
            "{}: not a `vllm bench serve --save-result` file (it needs total_token_throughput): {e}",
            input.name
        )
    })?;
    if runs.is_empty() {
        return Err(format!("{}: holds no benchmark run", input.name));
    }
    Ok(runs)
}

/// `20261120-102040` → 2026-11-20.
fn run_date(text: &str) -> Option<Date> {
    let d = text.get(..8)?;
    Date::parse(&format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8])).ok()
}

pub(super) fn import(inputs: &[Input], plan: &Plan, o: &Options) -> Result<Outcome, String> {
    let mut found = Vec::new();
    for input in inputs {
        found.extend(runs(input)?.into_iter().map(|run| Found {
            run,
            file: input.name.as_str(),
        }));
    }
    let mut summary = Summary {
        sources: inputs
            .iter()
            .map(|i| {
                format!(
                    "vllm-bench {}",
                    crate::text::format::file_name(std::path::Path::new(&i.name))
                )
            })
            .collect(),
        ..Summary::default()
    };
    summary.method.push(match o.p99_e2el_ms {
        Some(limit) => format!(
            "the run with the highest total token throughput whose p99 end-to-end latency is at most {} ms; tokens/day = tokens/s × 86,400",
            fmt::trim_decimals(limit, 1)
        ),
        None => "the run with the highest total token throughput (no latency limit given: --p99-e2el-ms); tokens/day = tokens/s × 86,400".into(),
    });
    for f in &found {
        summary
            .method
            .push(format!("run {}: {}", f.file, describe(&f.run)));
    }
    let best = best(&found, o)?;
    let tier_id = tier_of(plan, o, &best.run)?;
    let mut plan = plan.clone();
    let tier = plan
        .gpu_tiers
        .iter_mut()
        .find(|t| t.id == tier_id)
        .ok_or_else(|| format!("no GPU tier {tier_id} in the plan"))?;
    measure(tier, best, o, &mut summary);
    Ok(Outcome { plan, summary })
}

/// The run with the highest throughput that meets the latency limit.
fn best<'a, 'f>(found: &'a [Found<'f>], o: &Options) -> Result<&'a Found<'f>, String> {
    let meets = |r: &Run| match o.p99_e2el_ms {
        None => true,
        Some(limit) => r.p99_e2el_ms.is_some_and(|p| p <= limit),
    };
    found
        .iter()
        .filter(|f| meets(&f.run) && f.run.total_token_throughput > 0.0)
        .max_by(|a, b| a.run.total_token_throughput.total_cmp(&b.run.total_token_throughput))
        .ok_or_else(|| match o.p99_e2el_ms {
            Some(limit) => format!(
                "no run meets the p99 end-to-end limit of {} ms (runs without p99_e2el_ms cannot be judged: benchmark with --percentile-metrics ttft,tpot,itl,e2el)",
                fmt::trim_decimals(limit, 1)
            ),
            None => "no run has a positive total_token_throughput".into(),
        })
}

/// Sets the tier's capacity from the run, keeping what it measured beside it.
fn measure(tier: &mut crate::plan::GpuTier, best: &Found, o: &Options, summary: &mut Summary) {
    let r = &best.run;
    let tokens_per_day = crate::plan::tokens_per_day_at(r.total_token_throughput);
    let per_request = |total: Option<f64>| Some(total? / r.completed.filter(|c| *c > 0.0)?);
    let measured = Measured {
        tokens_per_second: r.total_token_throughput,
        max_concurrency: r.max_concurrency,
        p99_ttft_ms: r.p99_ttft_ms,
        p99_tpot_ms: r.p99_tpot_ms,
        p99_e2el_ms: r.p99_e2el_ms,
        input_tokens: per_request(r.total_input_tokens),
        output_tokens: per_request(r.total_output_tokens),
    };
    let source = Source::Measured(crate::text::format::file_name(std::path::Path::new(
        best.file,
    )));
    let as_of = r.date.as_deref().and_then(run_date).or(Some(o.as_of));
    if tier.tokens_per_day == tokens_per_day
        && tier.capacity_is == source
        && tier.measured.as_ref() == Some(&measured)
    {
        summary.unchanged += 1;
    } else {
        summary.changed.push(format!(
            "tier {}: capacity {} → {}/day ({}: {})",
            tier.id,
            fmt::tokens(tier.tokens_per_day as f64),
            fmt::tokens(tokens_per_day as f64),
            source,
            describe(r)
        ));
    }
    tier.tokens_per_day = tokens_per_day;
    tier.tokens_per_second = Some(r.total_token_throughput);
    if o.p99_e2el_ms.is_some() {
        tier.p99_limit_ms = o.p99_e2el_ms;
    }
    tier.capacity_is = source;
    tier.capacity_as_of = as_of;
    tier.measured = Some(measured);
}

/// `c32, 40,815.9 tok/s, p99 e2el 470.6 ms`.
fn describe(r: &Run) -> String {
    let mut s = String::new();
    if let Some(c) = r.max_concurrency {
        s.push_str(&format!("c{c}, "));
    }
    s.push_str(&format!(
        "{} tok/s",
        fmt::trim_decimals(r.total_token_throughput, 1)
    ));
    match r.p99_e2el_ms {
        Some(ms) => s.push_str(&format!(", p99 e2el {} ms", fmt::trim_decimals(ms, 1))),
        None => s.push_str(", no p99 e2el"),
    }
    s
}

/// The tier asked for, else the tier of the plan's model the run served.
fn tier_of(plan: &Plan, o: &Options, run: &Run) -> Result<String, String> {
    if let Some(t) = &o.tier {
        return Ok(t.clone());
    }
    let model = run.model_id.as_deref().unwrap_or("");
    let key = names::key(model);
    plan.models
        .iter()
        .find(|m| names::key(&m.name) == key && !m.tier.is_empty())
        .map(|m| m.tier.clone())
        .ok_or_else(|| {
            format!(
                "the run served {model}, which is not a model of the plan with a tier: say which tier it measures with --tier ID"
            )
        })
}
