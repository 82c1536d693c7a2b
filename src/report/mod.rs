//! Headless reports of a plan: an aligned text table, Markdown for pull
//! requests, CSV for spreadsheets and JSON for scripts.

mod csv;
mod json;
mod table;

pub use table::Table;

use crate::engine::Results;
use crate::format as fmt;
use crate::money::Estimate;
use crate::plan::Plan;

/// The shape of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// GitHub-flavoured Markdown tables.
    Markdown,
    /// One row per scenario, raw numbers.
    Csv,
    /// Every figure as numbers; field names are documented in README.md.
    Json,
}

/// A plan's report in a format; `results` must come from `evaluate(plan, …)`.
pub fn render(plan: &Plan, results: &Results, format: Format) -> String {
    match format {
        Format::Table => text(plan, results),
        Format::Markdown => markdown(plan, results),
        Format::Csv => csv::render(plan, results),
        Format::Json => json::render(plan, results),
    }
}

/// One line that says how the figures were computed.
pub fn settings_line(plan: &Plan, estimate: Estimate) -> String {
    let s = &plan.settings;
    format!(
        "USD per month, {}-day months · estimate: {} · deployment: {} (unless a scenario says) · verdicts: {}",
        fmt::trim_decimals(s.days_per_month, 2),
        estimate,
        s.deployment,
        if s.include_overheads {
            "with overheads"
        } else {
            "GPU only"
        },
    )
}

/// The scenarios table: every figure of the dashboard.
pub fn scenario_table(plan: &Plan, results: &Results) -> Table {
    let mut t = Table::new(&[
        ("Scenario", false),
        ("Tokens/day", true),
        ("Model", false),
        ("Tier", false),
        ("Deploy", false),
        ("Replicas", true),
        ("API", true),
        ("Self-host GPU", true),
        ("+ overheads", true),
        ("Verdict", false),
        ("Factor", true),
        ("Break-even/day", true),
        ("Months to BE", true),
    ]);
    for (s, r) in plan.scenarios.iter().zip(&results.scenarios) {
        let head = r.headline(plan.settings.include_overheads);
        t.push(vec![
            s.name.clone(),
            fmt::tokens(s.tokens_per_day as f64),
            s.model.clone(),
            r.tier.clone(),
            r.deployment.to_string(),
            r.replicas.to_string(),
            fmt::money_range(r.api),
            fmt::money_range(r.gpu_only.self_host),
            fmt::money_range(r.with_overheads.self_host),
            head.verdict.label().to_string(),
            fmt::factor(head.factor),
            fmt::break_even_range(head.break_even),
            fmt::months_range(head.months),
        ]);
    }
    t
}

/// The models table: prices, self-host cost and each model's own break-even.
pub fn model_table(plan: &Plan, results: &Results) -> Table {
    let mut t = Table::new(&[
        ("Model", false),
        ("Input $/M", true),
        ("Output $/M", true),
        ("Tier", false),
        ("Self-host/replica", true),
        ("Break-even/day", true),
    ]);
    for (m, r) in plan.models.iter().zip(&results.models) {
        let mark = |basis: crate::plan::Basis| {
            if basis == crate::plan::Basis::Assumption {
                "*"
            } else {
                ""
            }
        };
        t.push(vec![
            m.name.clone(),
            format!("{}{}", fmt::price(m.input_per_mtok), mark(m.input_is)),
            fmt::price(m.output_per_mtok),
            m.tier.clone(),
            fmt::money_range(r.self_host),
            fmt::break_even_range(r.break_even),
        ]);
    }
    t
}

/// The overhead sums per deployment, as the estimate shows them.
pub fn overhead_line(results: &Results) -> String {
    format!(
        "Overheads: cloud {} · on-prem {}",
        fmt::money_range(results.overheads_cloud.pick(results.estimate)),
        fmt::money_range(results.overheads_on_prem.pick(results.estimate)),
    )
}

const ASSUMPTION_NOTE: &str =
    "Input prices marked * are assumptions: the source published only output prices.";

fn text(plan: &Plan, results: &Results) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}\n{}\n\n",
        plan.name,
        settings_line(plan, results.estimate)
    ));
    out.push_str("Scenarios\n");
    out.push_str(&scenario_table(plan, results).to_text());
    out.push_str("\nModels\n");
    out.push_str(&model_table(plan, results).to_text());
    out.push_str(&format!(
        "{ASSUMPTION_NOTE}\n\n{}\n",
        overhead_line(results)
    ));
    out
}

fn markdown(plan: &Plan, results: &Results) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "## {}\n\n{}\n\n",
        plan.name,
        settings_line(plan, results.estimate)
    ));
    out.push_str("### Scenarios\n\n");
    out.push_str(&scenario_table(plan, results).to_markdown());
    out.push_str("\n### Models\n\n");
    out.push_str(&model_table(plan, results).to_markdown());
    out.push_str(&format!(
        "\n{ASSUMPTION_NOTE}\n\n{}\n",
        overhead_line(results)
    ));
    out
}
