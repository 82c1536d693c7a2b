//! What a scenario's verdict rests on: each figure that feeds it, where it
//! comes from and how old it is, so reports and the explanation can list the
//! assumptions and stale figures behind a verdict. Pure: "today" comes in
//! through `Results::today`.

use crate::base::date::Date;
use crate::engine::Results;
use crate::plan::{Plan, Source};

/// One figure a scenario's verdict uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<'a> {
    /// Which figure, in words: `DeepSeek V4 Flash input price`.
    pub what: String,
    /// Its plan file field: `models[DeepSeek V4 Flash].input_per_mtok`.
    pub field: String,
    /// Where it comes from.
    pub source: &'a Source,
    /// The day it was true, if known.
    pub as_of: Option<Date>,
    /// Older than the plan's age limit on `Results::today`.
    pub stale: bool,
}

impl Figure<'_> {
    /// True when the verdict should not be taken without a look at it.
    pub fn needs_a_look(&self) -> bool {
        self.stale || self.source.is_assumed()
    }

    /// `DeepSeek V4 Flash input price (assumption)`, `… (imported: x, as of
    /// 2026-01-02, stale)`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} ({}", self.what, self.source);
        if let Some(d) = self.as_of {
            s.push_str(&format!(", as of {d}"));
        }
        if self.stale {
            s.push_str(", stale");
        }
        s.push(')');
        s
    }
}

/// Every figure scenario `row`'s verdict uses: the API prices it pays (the
/// input price only if some tokens are input), the model's choice of tier
/// (unless the scenario picks one), the tier's cost for its deployment and
/// its capacity.
pub fn figures<'a>(plan: &'a Plan, results: &Results, row: usize) -> Vec<Figure<'a>> {
    let (Some(s), Some(r)) = (plan.scenarios.get(row), results.scenarios.get(row)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |what: String, field: String, source: &'a Source, as_of: Option<Date>| {
        let stale = results.is_stale(plan, as_of);
        out.push(Figure {
            what,
            field,
            source,
            as_of,
            stale,
        });
    };
    if let Some(m) = plan.model(&s.model) {
        let share = plan.output_share_of(s);
        let name = &m.name;
        if share > 0.0 {
            let field = format!("models[{name}].output_per_mtok");
            push(
                format!("{name} output price"),
                field,
                &m.output_is,
                m.prices_as_of,
            );
        }
        if share < 1.0 {
            let field = format!("models[{name}].input_per_mtok");
            push(
                format!("{name} input price"),
                field,
                &m.input_is,
                m.prices_as_of,
            );
        }
        if s.tier.is_none() {
            let field = format!("models[{name}].tier");
            push(
                format!("{name} runs on tier {}", m.tier),
                field,
                &m.tier_is,
                None,
            );
        }
    }
    if let Some(t) = plan.tier(&r.tier) {
        let id = &t.id;
        if r.missing.is_none() {
            let key = match r.deployment {
                crate::plan::Deployment::Cloud => "cloud_monthly",
                crate::plan::Deployment::OnPrem => "on_prem_monthly",
            };
            let what = format!("tier {id} {} cost", r.deployment);
            push(
                what,
                format!("gpu_tiers[{id}].{key}"),
                &t.cost_is,
                t.cost_as_of,
            );
        }
        let field = format!("gpu_tiers[{id}].tokens_per_day");
        push(
            format!("tier {id} capacity"),
            field,
            &t.capacity_is,
            t.capacity_as_of,
        );
    }
    out
}

/// The figures of scenario `row` that are assumed or stale, in words; empty
/// when every figure has a source and is fresh.
pub fn caveats(plan: &Plan, results: &Results, row: usize) -> Vec<String> {
    figures(plan, results, row)
        .iter()
        .filter(|f| f.needs_a_look())
        .map(Figure::describe)
        .collect()
}

/// True when some dated figure of the plan is stale.
pub fn any_stale(plan: &Plan, results: &Results) -> bool {
    let models = plan.models.iter().map(|m| m.prices_as_of);
    let tiers = plan
        .gpu_tiers
        .iter()
        .flat_map(|t| [t.cost_as_of, t.capacity_as_of]);
    models.chain(tiers).any(|d| results.is_stale(plan, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;
    use crate::store::plan_file::default_plan;

    #[test]
    fn the_hobby_verdict_rests_on_an_assumed_capacity_only() {
        let plan = default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        // Every token is priced at the output price (published), so the
        // assumed input price does not count; tier 7-9b's capacity is assumed.
        assert_eq!(
            caveats(&plan, &results, 0),
            ["tier 7-9b capacity (assumption)"]
        );
    }

    #[test]
    fn a_dated_price_past_the_age_limit_is_stale() {
        let mut plan = default_plan();
        plan.models[0].prices_as_of = Date::parse("2026-01-01").ok();
        let mut results = evaluate(&plan, plan.settings.estimate);
        results.today = Date::parse("2026-11-27").ok();
        let all = caveats(&plan, &results, 0);
        assert_eq!(
            all[0],
            "DeepSeek V4 Flash output price (published, as of 2026-01-01, stale)"
        );
        plan.settings.stale_after_days = 400;
        assert_eq!(caveats(&plan, &results, 0).len(), 1);
    }
}
