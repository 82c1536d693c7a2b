//! One CSV row per scenario, raw numbers (money rounded to the cent), for
//! spreadsheets. Verdict, factor and break-even follow `include_overheads`.

use super::json::{cents, months_number};
use crate::engine::Results;
use crate::plan::Plan;

const HEADER: &str = "scenario,tokens_per_day,model,tier,deployment,replicas,api_low,api_high,\
self_host_gpu_low,self_host_gpu_high,self_host_with_overheads_low,self_host_with_overheads_high,\
verdict,factor_low,factor_high,break_even_low,break_even_high,months_to_break_even_low,months_to_break_even_high";

pub(super) fn render(plan: &Plan, results: &Results) -> String {
    let mut out = format!("{HEADER}\n");
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for (s, r) in plan.scenarios.iter().zip(&results.scenarios) {
        let head = r.headline(plan.settings.include_overheads);
        let cells = [
            quote(&s.name),
            s.tokens_per_day.to_string(),
            quote(&s.model),
            quote(&r.tier),
            r.deployment.to_string(),
            r.replicas.to_string(),
            cents(r.api.low).to_string(),
            cents(r.api.high).to_string(),
            cents(r.gpu_only.self_host.low).to_string(),
            cents(r.gpu_only.self_host.high).to_string(),
            cents(r.with_overheads.self_host.low).to_string(),
            cents(r.with_overheads.self_host.high).to_string(),
            head.verdict.as_str().to_string(),
            opt(head.factor.low.map(super::json::ratio)),
            opt(head.factor.high.map(super::json::ratio)),
            opt(head.break_even.low.volume().map(f64::round)),
            opt(head.break_even.high.volume().map(f64::round)),
            months_number(head.months.0).map_or(String::new(), |m| m.to_string()),
            months_number(head.months.1).map_or(String::new(), |m| m.to_string()),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a field when it holds a comma, quote or line break (RFC 4180).
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
