//! Goal seek: the value of one input of a scenario at which the two sides
//! cost the same, solved exactly. Prices and a replica's cost enter the
//! totals linearly; volume has the engine's exact break-even; utilization,
//! peak and capacity only move the replica count, so the answer is where
//! the replicas the API's cost can pay for just suffice: on a replica step.

use super::input::ScenarioInput;
use crate::base::money::Range;
use crate::engine::{
    BreakEven, Comparison, Group, Per, PerEnd, Results, ScenarioResult, api_monthly, api_per_mtok,
};
use crate::plan::{Deployment, GpuTier, Model, Plan, Scenario};
use crate::text::format as fmt;

/// The answer: a value at each end of the self-host range (equal when the
/// inputs are points), or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The input solved for.
    pub input: ScenarioInput,
    /// At the cheap and the dear self-host figures; `None` at an end with
    /// no such value.
    pub value: (Option<f64>, Option<f64>),
    /// What the value means, or why there is none.
    pub reason: String,
}

impl Answer {
    /// For people: `0.67 (cheap self-host figures) … 1.33 (dear): why`,
    /// each value in its field's unit (`238.1M` tokens, `4,200` a month).
    pub fn text(&self) -> String {
        let n = |x: f64| self.shown(x);
        let value = match self.value {
            (Some(a), Some(b)) if a == b => n(a),
            (Some(a), Some(b)) => format!("{} (cheap self-host figures) … {} (dear)", n(a), n(b)),
            (Some(a), None) => format!("{} (cheap self-host figures; none with the dear)", n(a)),
            (None, Some(b)) => format!("{} (dear self-host figures; none with the cheap)", n(b)),
            (None, None) => "none".into(),
        };
        format!("{}: {value}: {}", self.input, self.reason)
    }

    /// For a list that says once which end is which: `0.67 … 1.33 — why`.
    pub fn brief(&self) -> String {
        let n = |x: f64| self.shown(x);
        let value = match self.value {
            (Some(a), Some(b)) if a == b => n(a),
            (Some(a), Some(b)) => format!("{} … {}", n(a), n(b)),
            (Some(a), None) => format!("{} … none", n(a)),
            (None, Some(b)) => format!("none … {}", n(b)),
            (None, None) => "none".into(),
        };
        format!("{}: {value} — {}", self.input, self.reason)
    }

    /// A value of the input in its unit.
    pub fn shown(&self, x: f64) -> String {
        self.input.shown(x)
    }

    /// For scripts: `{"field", "value", "reason"}`, the value a number, a
    /// `{"low", "high"}` pair where the ends differ, or `null`.
    pub fn json(&self) -> String {
        let value = match self.value {
            (Some(a), Some(b)) if a == b => serde_json::json!(a),
            (None, None) => serde_json::Value::Null,
            (a, b) => serde_json::json!({"low": a, "high": b}),
        };
        let doc =
            serde_json::json!({"field": self.input.key(), "value": value, "reason": self.reason});
        format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    }
}

/// Solves scenario `row` for `input`: the value at which self-hosting costs
/// what the API does, on the plan's verdict basis.
pub fn solve(
    plan: &Plan,
    results: &Results,
    row: usize,
    input: &ScenarioInput,
) -> Result<Answer, String> {
    let s = plan.scenarios.get(row).ok_or("no such scenario")?;
    let r = results.scenarios.get(row).ok_or("no such scenario")?;
    let head = r
        .headline(plan.settings.include_overheads)
        .map_err(|m| format!("{}: {m}; give it a price first", s.name))?;
    let model = r
        .model
        .and_then(|i| plan.models.get(i))
        .ok_or("the scenario's model is missing")?;
    let ends = [
        (
            head.self_host.low,
            head.curve.per_replica.low,
            head.curve.fixed.low,
        ),
        (
            head.self_host.high,
            head.curve.per_replica.high,
            head.curve.fixed.high,
        ),
    ];
    let api = r.ledger.api(plan.settings.include_overheads).low;
    Ok(match input {
        ScenarioInput::Overhead(name) => overhead(plan, r, head, name, api)?,
        ScenarioInput::OutputPrice | ScenarioInput::InputPrice => {
            price(plan, s, model, head, input)
        }
        ScenarioInput::Volume => volume(head),
        ScenarioInput::ApiDiscount => discount(plan, model, r.api.low, head),
        ScenarioInput::ReplicaCost(_) => replica_cost(r, head, input, api),
        ScenarioInput::Capacity | ScenarioInput::Utilization | ScenarioInput::PeakToAverage => {
            replica_step(plan, s, r, input, api, &ends)
        }
    })
}

/// A replica's monthly cost, from the ledger: the replicas' own lines enter
/// self-hosting's total `replicas × (1 + contingency)` times, so with `R`
/// the rest of that total, the cost that meets the API is `(A − R) / that`.
fn replica_cost(r: &ScenarioResult, head: &Comparison, input: &ScenarioInput, api: f64) -> Answer {
    let own = r.ledger.replicas_total();
    let steps = r
        .ledger
        .replica_steps()
        .map_or(r.replicas.map(|n| n as f64), |s| s.1);
    let weight = steps.map(|n| n * (1.0 + r.ledger.contingency(Group::Gpus)));
    let at = |total: f64, own: f64, weight: f64| {
        let x = (api - (total - own)) / weight;
        (x >= 0.0 && x.is_finite()).then_some(x)
    };
    let value = (
        at(head.self_host.low, own.low, weight.cheap),
        at(head.self_host.high, own.high, weight.dear),
    );
    let one = r.replicas == crate::engine::PerEnd::both(1);
    // The overheads are named only when they are in the total: the
    // verdicts count them.
    let rest = match head.self_host.high - own.high > 0.0 || head.self_host.low - own.low > 0.0 {
        true => " and the overheads the verdicts count",
        false => "",
    };
    let reason = match value {
        (None, None) => format!(
            "no cost is low enough: self-hosting's other costs alone cost more than the API's {}/mo",
            fmt::money(api)
        ),
        _ => format!(
            "a replica's monthly cost at which {} replica{}{rest} cost{} the API's {}/mo",
            r.replicas,
            if one { "" } else { "s" },
            if one && rest.is_empty() { "s" } else { "" },
            fmt::money(api)
        ),
    };
    Answer {
        input: input.clone(),
        value,
        reason,
    }
}

/// One self-host overhead's monthly figure: its ledger line enters
/// self-hosting's cost `count × (1 + contingency)` times (once, per region,
/// per replica), so the end that meets the API is `o + (A − S) / that`.
fn overhead(
    plan: &Plan,
    r: &ScenarioResult,
    head: &Comparison,
    name: &str,
    api: f64,
) -> Result<Answer, String> {
    let at = plan
        .overheads
        .iter()
        .position(|o| o.name == name)
        .ok_or_else(|| format!("no overhead named \"{name}\""))?;
    let none = |reason: &str| Answer {
        input: ScenarioInput::Overhead(name.to_string()),
        value: (None, None),
        reason: reason.into(),
    };
    if !plan.settings.include_overheads {
        return Ok(none("the verdicts leave the overheads out (O counts them)"));
    }
    let Some(line) = r
        .ledger
        .overhead(at)
        .filter(|l| l.group == Group::Overheads)
    else {
        return Ok(none("it is not a cost of self-hosting this scenario"));
    };
    if line.per == Per::Gpu {
        return Ok(none(
            "it is paid per GPU from its drivers: solve for the replica's cost instead",
        ));
    }
    let times = r.ledger.weight(line);
    let meet = |o: f64, own: f64, times: f64| {
        let x = o + (api - own) / times;
        (x >= 0.0 && x.is_finite()).then_some(x)
    };
    let value = (
        meet(line.unit.low, head.self_host.low, times.cheap),
        meet(line.unit.high, head.self_host.high, times.dear),
    );
    let reason = match value {
        (None, None) => {
            "no figure at or above 0: self-hosting costs more than the API even without it".into()
        }
        _ => format!(
            "its monthly figure at which self-hosting costs the API's {}/mo",
            fmt::money(api)
        ),
    };
    Ok(Answer {
        input: ScenarioInput::Overhead(name.to_string()),
        value,
        reason,
    })
}

/// A price solved from the API's cost, `A = V × days × q(p) / 1e6 + F`,
/// where the engine's price per million `q` is affine in each list price:
/// read at prices 0 and 1 it gives the rest and the weight exactly.
fn price(plan: &Plan, s: &Scenario, m: &Model, head: &Comparison, input: &ScenarioInput) -> Answer {
    let (v, days) = (s.tokens_per_day as f64, plan.settings.days_per_month);
    let api_fixed = head.curve.api_fixed.low;
    let q = |p: f64| {
        let mut m = m.clone();
        match input {
            ScenarioInput::OutputPrice => m.output_per_mtok = Some(p),
            _ => m.input_per_mtok = Some(p),
        }
        // A comparison exists, so both prices are given; NaN solves nothing.
        api_per_mtok(plan, s, &m).unwrap_or(f64::NAN)
    };
    let (rest, weight) = (q(0.0), q(1.0) - q(0.0));
    let per_dollar = api_monthly(v, days, 1.0);
    let at = |target: f64| {
        if weight * per_dollar <= 0.0 {
            return None;
        }
        let p = ((target - api_fixed) / per_dollar - rest) / weight;
        (p >= 0.0 && p.is_finite()).then_some(p)
    };
    let value = (at(head.self_host.low), at(head.self_host.high));
    let reason = match value {
        (None, None) if weight * per_dollar <= 0.0 => format!("{input} does not enter this scenario's API cost (no such tokens, or no volume)"),
        (None, None) => "no price at or above 0 makes them equal: the API costs more than self-hosting even at a price of 0".into(),
        _ => format!("USD per million tokens at which the API costs what self-hosting does ({}/mo)", fmt::money_range(head.self_host)),
    };
    Answer {
        input: input.clone(),
        value,
        reason,
    }
}

/// The discount on the model's API prices: the API's usage `U × (1 − d)`
/// plus its fixed costs `F` equals self-hosting's `S` at
/// `d = 1 − (S − F) / U`, within the discounts a plan takes (−1 … 1).
fn discount(plan: &Plan, m: &Model, api: f64, head: &Comparison) -> Answer {
    let now = plan.api_discount_of(m);
    let usage = (now < 1.0).then(|| api / (1.0 - now)).filter(|u| *u > 0.0);
    let fixed = head.curve.api_fixed.low;
    let at = |own: f64| {
        let d = 1.0 - (own - fixed) / usage?;
        (-1.0..=1.0).contains(&d).then_some(d)
    };
    let value = (at(head.self_host.low), at(head.self_host.high));
    let reason = match (value, usage) {
        (_, None) => "the API's usage costs nothing here (no volume, or already free): no discount changes it".into(),
        ((None, None), _) => "no discount from −1 (a 100 % markup) to 1 (free) makes the sides equal".into(),
        _ => "the share off the model's API prices (negative: a markup) at which the API costs what self-hosting does; more off favours the API".into(),
    };
    Answer {
        input: ScenarioInput::ApiDiscount,
        value,
        reason,
    }
}

/// The volume: the engine's exact break-even, from which self-hosting
/// stays no dearer.
fn volume(head: &Comparison) -> Answer {
    let v = |b: BreakEven| b.volume();
    let value = (v(head.break_even.low), v(head.break_even.high));
    let reason = match value {
        (None, None) => "no volume: every replica added costs more than the API charges for the tokens it serves".into(),
        _ => "tokens a day from which self-hosting costs no more than the API, for good".into(),
    };
    Answer {
        input: ScenarioInput::Volume,
        value,
        reason,
    }
}

/// Utilization, peak or capacity: they move only the replica count. The
/// API's cost pays for `floor((A − O) / P)` replicas; the value is where the
/// volume fits in just those, a replica step exactly.
fn replica_step(
    plan: &Plan,
    s: &Scenario,
    r: &ScenarioResult,
    input: &ScenarioInput,
    api: f64,
    ends: &[(f64, f64, f64); 2],
) -> Answer {
    let tier = plan.tier(&r.tier);
    // A replica's serving capacity at each end: the tier's figure, or the
    // estimate's band (its most with the cheap end).
    let capacity = match (tier, r.capacity) {
        (Some(t), Some(c)) if t.estimates_capacity() => {
            crate::engine::capacity_ends(c, plan.settings.estimate)
                .map(|c| c * crate::engine::pricing::serving_hours(t) / 24.0)
        }
        _ => PerEnd::both(tier.map_or(0.0, crate::engine::pricing::serving_capacity)),
    };
    let (spares, regions) = s.redundancy();
    let v = s.tokens_per_day as f64;
    let solve_end = |per_replica: f64, fixed: f64, capacity: f64| -> Option<f64> {
        if per_replica <= 0.0 || v <= 0.0 || capacity <= 0.0 {
            return None;
        }
        let affordable = ((api - fixed) / per_replica).floor();
        let steps = (affordable / f64::from(regions)).floor() - f64::from(spares);
        if steps < 1.0 {
            return None;
        }
        let (p, util) = (s.peak_to_average, s.target_utilization);
        let x = match input {
            ScenarioInput::Utilization => v * p / (capacity * steps),
            ScenarioInput::PeakToAverage => capacity * util * steps / v,
            _ => v * p / (util * steps),
        };
        let ok = match input {
            ScenarioInput::Utilization => x <= 1.0 + 1e-12,
            ScenarioInput::PeakToAverage => x >= 1.0 - 1e-12,
            _ => x > 0.0,
        };
        ok.then_some(x)
    };
    let value = (
        solve_end(ends[0].1, ends[0].2, capacity.cheap),
        solve_end(ends[1].1, ends[1].2, capacity.dear),
    );
    use ScenarioInput::{PeakToAverage, Utilization};
    let reason = match (value, input) {
        ((None, None), Utilization) => "no utilization: even at 100 % the replicas the volume needs cost more than the API".into(),
        ((None, None), PeakToAverage) => "no peak: even with flat traffic the replicas the volume needs cost more than the API".into(),
        ((None, None), _) => "no capacity: the API's cost does not pay for one replica".into(),
        (_, PeakToAverage) => "the highest peak over average at which self-hosting costs no more than the API (a replica step)".into(),
        (_, Utilization) => "the lowest utilization at which self-hosting costs no more than the API (a replica step)".into(),
        _ => "the least tokens a day a replica must serve for self-hosting to cost no more than the API (a replica step)".into(),
    };
    Answer {
        input: input.clone(),
        value,
        reason,
    }
}

/// The inputs of scenario `row` goal seek answers for: the fixed ones (a
/// replica's cost for the scenario's own deployment), then each overhead
/// self-hosting it pays, when the verdicts count them.
pub fn inputs(plan: &Plan, results: &Results, row: usize) -> Vec<ScenarioInput> {
    let Some(r) = results.scenarios.get(row) else {
        return Vec::new();
    };
    let mut out: Vec<ScenarioInput> = ScenarioInput::FIXED
        .into_iter()
        .filter(|i| match i {
            ScenarioInput::ReplicaCost(d) => *d == r.deployment,
            _ => true,
        })
        .collect();
    if plan.settings.include_overheads {
        let own = |at: usize| {
            r.ledger
                .overhead(at)
                .is_some_and(|l| l.group == Group::Overheads)
        };
        out.extend(
            plan.overheads
                .iter()
                .enumerate()
                .filter(|(at, _)| own(*at))
                .map(|(_, o)| ScenarioInput::Overhead(o.name.clone())),
        );
    }
    out
}

/// Writes `value` into `input` of scenario `row`'s inputs, where the engine
/// reads it: the model's price or discount, the scenario's own inputs, the
/// tier's cost or capacity (which the tier's other scenarios share), or
/// the overhead's monthly figure.
pub fn set(
    plan: &mut Plan,
    results: &Results,
    row: usize,
    input: &ScenarioInput,
    value: f64,
) -> Result<(), String> {
    let r = results.scenarios.get(row).ok_or("no such scenario")?;
    let model = r.model.ok_or("the scenario has no model")?;
    let tier_at = plan.gpu_tiers.iter().position(|t| t.id == r.tier);
    match input {
        ScenarioInput::Overhead(name) => {
            let o = plan
                .overheads
                .iter_mut()
                .find(|o| o.name == *name)
                .ok_or("no such overhead")?;
            o.monthly = Some(Range::point(value));
            o.drivers = Default::default();
        }
        ScenarioInput::OutputPrice => plan.models[model].output_per_mtok = Some(value),
        ScenarioInput::InputPrice => plan.models[model].input_per_mtok = Some(value),
        ScenarioInput::ApiDiscount => plan.models[model].api_discount = Some(value),
        ScenarioInput::Volume => plan.scenarios[row].tokens_per_day = value.ceil() as u64,
        ScenarioInput::Utilization => plan.scenarios[row].target_utilization = value,
        ScenarioInput::PeakToAverage => plan.scenarios[row].peak_to_average = value,
        ScenarioInput::ReplicaCost(Deployment::Cloud) => {
            tier_mut(plan, tier_at)?.cloud_monthly = Some(Range::point(value))
        }
        ScenarioInput::ReplicaCost(Deployment::OnPrem) => {
            tier_mut(plan, tier_at)?.on_prem_monthly = Some(Range::point(value))
        }
        ScenarioInput::Capacity => {
            // Solved as serving capacity: tokens a day over the hours it serves.
            let t = tier_mut(plan, tier_at)?;
            t.tokens_per_day =
                (value * 24.0 / crate::engine::pricing::serving_hours(t)).ceil() as u64;
            t.tokens_per_second = None;
        }
    }
    Ok(())
}

fn tier_mut(plan: &mut Plan, at: Option<usize>) -> Result<&mut GpuTier, String> {
    let i = at.ok_or("the scenario has no GPU tier")?;
    Ok(&mut plan.gpu_tiers[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate;

    fn solved(row: usize, field: &str) -> Answer {
        let field = ScenarioInput::parse(field).unwrap();
        let plan = crate::store::plan_file::default_plan();
        let results = evaluate(&plan, plan.settings.estimate);
        solve(&plan, &results, row, &field).unwrap()
    }

    #[test]
    fn prices_and_a_replicas_cost_solve_linearly() {
        // Scenario B: 50M a day × 30 = 1,500M tokens a month, all output.
        // Self-hosting 1,000–2,000: the output price that costs as much is
        // 1,000 / 1,500 = 0.6667 … 2,000 / 1,500 = 1.3333 $/M.
        let a = solved(1, "output_per_mtok");
        let (low, high) = (a.value.0.unwrap(), a.value.1.unwrap());
        assert!(
            (low - 2.0 / 3.0).abs() < 1e-12 && (high - 4.0 / 3.0).abs() < 1e-12,
            "{a:?}"
        );
        // The input price does not enter: every token is priced as output.
        assert_eq!(solved(1, "input_per_mtok").value, (None, None));
        // One replica against the API's 375: it would have to cost 375.
        assert_eq!(solved(1, "cloud_monthly").value, (Some(375.0), Some(375.0)));
    }

    #[test]
    fn an_overhead_solves_linearly_when_counted() {
        // "C: enterprise, DeepSeek V4 Flash, on-prem" with the overheads
        // counted: the API 3,750; one replica 2,000–4,000 plus overheads
        // 900–4,900 (load balancer 50–200, monitoring 50–200, DevOps
        // 500–3,000, updates 100–500, electricity 200–1,000): 2,900–8,900.
        // DevOps at the cheap end: 500 + (3,750 − 2,900) = 1,350; at the
        // dear end 3,000 + (3,750 − 8,900) = −2,150: none.
        let mut plan = crate::store::plan_file::default_plan();
        plan.settings.include_overheads = true;
        let results = evaluate(&plan, plan.settings.estimate);
        let devops = ScenarioInput::Overhead("DevOps engineer time".into());
        let a = solve(&plan, &results, 3, &devops).unwrap();
        assert_eq!(a.value, (Some(1_350.0), None));
        assert_eq!(
            a.text(),
            "overhead:DevOps engineer time: 1,350 (cheap self-host figures; none with the dear): its monthly figure at which self-hosting costs the API's 3,750/mo"
        );
        // Left out of the verdicts, or unknown: said.
        plan.settings.include_overheads = false;
        let results = evaluate(&plan, plan.settings.estimate);
        let off = solve(&plan, &results, 3, &devops).unwrap();
        assert_eq!(off.value, (None, None));
        assert!(
            solve(&plan, &results, 3, &ScenarioInput::Overhead("Lunch".into()))
                .unwrap_err()
                .contains("no overhead named")
        );
    }

    #[test]
    fn the_discount_solves_linearly_within_markup_and_free() {
        // "C: enterprise, Qwen3-32B, cloud": the API 4,200 undiscounted,
        // self-hosting 4,000–8,000. At the cheap end the API must cost
        // 4,000: d = 1 − 4,000 / 4,200 = 0.047619 (4.76 % off); at the dear
        // end 8,000: d = 1 − 8,000 / 4,200 = −0.904762 (a 90.5 % markup).
        let a = solved(4, "api_discount");
        let (low, high) = (a.value.0.unwrap(), a.value.1.unwrap());
        assert!((low - (1.0 - 4_000.0 / 4_200.0)).abs() < 1e-12, "{a:?}");
        assert!((high - (1.0 - 8_000.0 / 4_200.0)).abs() < 1e-12, "{a:?}");
        // Scenario A: one replica at 400–800 against the API's 7.50 would
        // need a markup past 100 % (d = 1 − 400 / 7.5 = −52.3): none.
        let none = solved(0, "api_discount");
        assert_eq!(none.value, (None, None));
        assert!(none.reason.starts_with("no discount from −1"), "{none:?}");
        // Set, the sides meet at the cheap end.
        let mut plan = crate::store::plan_file::default_plan();
        let at = plan
            .models
            .iter()
            .position(|m| m.name == "Qwen3-32B")
            .unwrap();
        plan.models[at].api_discount = Some(low);
        let r = evaluate(&plan, plan.settings.estimate);
        assert!((r.scenarios[4].api.low - 4_000.0).abs() < 1e-9);
    }

    #[test]
    fn utilization_lands_on_a_replica_step() {
        // "C: enterprise, Qwen3-32B, on-prem": the API 4,200, a replica
        // 2,000–4,000 serving 500M, the volume 500M. The API pays for
        // floor(4,200 / 2,000) = 2 replicas at the cheap end: 500M in 2
        // replicas needs 50 % utilization, exactly 2 steps (4,000 ≤ 4,200).
        // At the dear end it pays for 1: 100 %.
        let a = solved(5, "target_utilization");
        assert_eq!(a.value, (Some(0.5), Some(1.0)));
        let mut plan = crate::store::plan_file::default_plan();
        plan.scenarios[5].target_utilization = 0.5;
        let r = evaluate(&plan, plan.settings.estimate);
        assert_eq!(r.scenarios[5].replicas.dear, 2);
        assert_eq!(r.scenarios[5].gpu_only.self_host.low, 4_000.0);
    }

    #[test]
    fn no_such_value_says_why() {
        // Scenario A: the API's 7.50 does not pay for a 400 replica.
        let a = solved(0, "target_utilization");
        assert_eq!(a.value, (None, None));
        assert_eq!(
            a.reason,
            "no utilization: even at 100 % the replicas the volume needs cost more than the API"
        );
        assert!(ScenarioInput::parse("colour").is_err());
    }
}
