//! The rules a plan must keep. One function serves the file loader (which
//! points each problem at its line) and the TUI (which refuses an edit that
//! would break one).

use super::Plan;
use crate::money::Range;
use std::collections::HashSet;
use std::fmt;

/// One broken rule: the field that breaks it and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The table: `settings`, `gpu_tiers`, `models`, `overheads`, `scenarios`,
    /// or empty for top-level keys.
    pub table: &'static str,
    /// The element of an array of tables, from 0.
    pub index: Option<usize>,
    /// The key within the table.
    pub key: &'static str,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl Problem {
    /// The dotted path, e.g. `models[2].tier`.
    pub fn path(&self) -> String {
        let table = match self.index {
            Some(i) => format!("{}[{i}]", self.table),
            None => self.table.to_string(),
        };
        if table.is_empty() {
            self.key.to_string()
        } else {
            format!("{table}.{}", self.key)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message)
    }
}

/// Most tokens a day a plan may hold: far beyond any real service, small enough
/// that every total stays finite and exact to the cent.
pub const MAX_TOKENS_PER_DAY: u64 = 1_000_000_000_000_000;

/// Most dollars a plan may hold in one money figure, and most USD per million
/// tokens in one price: far beyond any real cost, small enough that every total
/// (at up to `MAX_TOKENS_PER_DAY`, 1,000 regions, 1,000 spares) stays finite.
const MAX_DOLLARS: f64 = 1e12;

/// Every broken rule of a plan, in file order; empty when the plan is valid.
pub fn validate(plan: &Plan) -> Vec<Problem> {
    check(plan, None)
}

/// The broken rules of one row (`table` as in `Problem::table`), including
/// its uniqueness and references. Cheap on plans with thousands of rows: the
/// TUI runs it on every committed edit.
pub fn validate_row(plan: &Plan, table: &'static str, index: usize) -> Vec<Problem> {
    check(plan, Some((table, index)))
}

/// Rows of `items` to check: all of them, or the one the scope names.
fn scoped<'a, T>(
    items: &'a [T],
    table: &'static str,
    scope: Option<(&'static str, usize)>,
) -> impl Iterator<Item = (usize, &'a T)> {
    let (from, to) = match scope {
        None => (0, items.len()),
        Some((t, i)) if t == table && i < items.len() => (i, i + 1),
        Some(_) => (0, 0),
    };
    items[from..to]
        .iter()
        .enumerate()
        .map(move |(k, item)| (from + k, item))
}

fn check(plan: &Plan, scope: Option<(&'static str, usize)>) -> Vec<Problem> {
    let mut out = Checker::default();
    let whole = scope.is_none();
    if whole && plan.name.trim().is_empty() {
        out.push("name", "must not be empty".into());
    }

    out.table = "settings";
    let s = &plan.settings;
    if whole {
        if !(s.days_per_month.is_finite() && s.days_per_month > 0.0 && s.days_per_month <= 31.0) {
            out.push(
                "days_per_month",
                format!(
                    "{} is not a number of days in a month; expected a number above 0 and at most 31",
                    s.days_per_month
                ),
            );
        }
        out.share("output_share", s.output_share);
    }

    // Names seen so far (whole plan) or the other rows' names (one row).
    let tier_ids = Names::new(whole, plan.gpu_tiers.iter().map(|t| t.id.as_str()));
    let model_names = Names::new(whole, plan.models.iter().map(|m| m.name.as_str()));

    out.table = "gpu_tiers";
    let mut seen = Names::empty(whole);
    for (i, t) in scoped(&plan.gpu_tiers, "gpu_tiers", scope) {
        out.index = Some(i);
        out.name(
            "id",
            &t.id,
            &mut seen,
            i,
            plan.gpu_tiers.iter().map(|t| t.id.as_str()),
            "GPU tier id",
        );
        out.range("cloud_monthly", t.cloud_monthly);
        out.range("on_prem_monthly", t.on_prem_monthly);
        if t.tokens_per_day == 0 || t.tokens_per_day > MAX_TOKENS_PER_DAY {
            out.push(
                "tokens_per_day",
                format!("a replica's capacity must be above 0 and at most {MAX_TOKENS_PER_DAY} tokens/day"),
            );
        }
    }

    out.table = "models";
    let mut seen = Names::empty(whole);
    for (i, m) in scoped(&plan.models, "models", scope) {
        out.index = Some(i);
        out.name(
            "name",
            &m.name,
            &mut seen,
            i,
            plan.models.iter().map(|m| m.name.as_str()),
            "model name",
        );
        // Output first: a file may omit the input price, which then equals the
        // output price, and the problem is the output price's.
        out.price("output_per_mtok", m.output_per_mtok);
        out.price("input_per_mtok", m.input_per_mtok);
        if !tier_ids.contains(&m.tier, || plan.tier(&m.tier).is_some()) {
            out.dangling(
                "tier",
                &m.tier,
                "GPU tier",
                plan.gpu_tiers.iter().map(|t| t.id.as_str()),
            );
        }
        if let Some(r) = m.self_host_monthly {
            out.range("self_host_monthly", r);
        }
    }

    out.table = "overheads";
    let mut seen = Names::empty(whole);
    for (i, o) in scoped(&plan.overheads, "overheads", scope) {
        out.index = Some(i);
        out.name(
            "name",
            &o.name,
            &mut seen,
            i,
            plan.overheads.iter().map(|o| o.name.as_str()),
            "overhead name",
        );
        out.range("monthly", o.monthly);
    }

    out.table = "scenarios";
    let mut seen = Names::empty(whole);
    for (i, sc) in scoped(&plan.scenarios, "scenarios", scope) {
        out.index = Some(i);
        out.name(
            "name",
            &sc.name,
            &mut seen,
            i,
            plan.scenarios.iter().map(|s| s.name.as_str()),
            "scenario name",
        );
        if sc.tokens_per_day > MAX_TOKENS_PER_DAY {
            out.push(
                "tokens_per_day",
                format!("at most {MAX_TOKENS_PER_DAY} tokens/day"),
            );
        }
        if !model_names.contains(&sc.model, || plan.model(&sc.model).is_some()) {
            out.dangling(
                "model",
                &sc.model,
                "model",
                plan.models.iter().map(|m| m.name.as_str()),
            );
        }
        if let Some(tier) = &sc.tier
            && !tier_ids.contains(tier, || plan.tier(tier).is_some())
        {
            out.dangling(
                "tier",
                tier,
                "GPU tier",
                plan.gpu_tiers.iter().map(|t| t.id.as_str()),
            );
        }
        if let Some(share) = sc.output_share {
            out.share("output_share", share);
        }
        if !(sc.peak_to_average.is_finite() && (1.0..=1000.0).contains(&sc.peak_to_average)) {
            out.push(
                "peak_to_average",
                format!(
                    "{} is not a peak-to-average ratio; expected a number from 1 to 1000",
                    sc.peak_to_average
                ),
            );
        }
        if !(sc.target_utilization.is_finite()
            && sc.target_utilization > 0.0
            && sc.target_utilization <= 1.0)
        {
            out.push(
                "target_utilization",
                format!(
                    "{} is not a utilization; expected a fraction above 0 and at most 1 (0.6 is 60 %)",
                    sc.target_utilization
                ),
            );
        }
        if sc.regions == 0 || sc.regions > 1000 {
            out.push("regions", "expected a whole number from 1 to 1000".into());
        }
        if sc.spare_replicas > 1000 {
            out.push(
                "spare_replicas",
                "expected a whole number from 0 to 1000".into(),
            );
        }
        if !(sc.monthly_growth.is_finite() && (0.0..=10.0).contains(&sc.monthly_growth)) {
            out.push(
                "monthly_growth",
                format!(
                    "{} is not a growth rate; expected a fraction from 0 to 10 (0.1 is 10 % a month)",
                    sc.monthly_growth
                ),
            );
        }
    }
    out.problems
}

/// A set of names when checking a whole plan; when checking one row, lookups
/// fall back to a linear scan, which is cheaper than hashing thousands of names.
struct Names<'a>(Option<HashSet<&'a str>>);

impl<'a> Names<'a> {
    fn new(whole: bool, names: impl Iterator<Item = &'a str>) -> Self {
        Names(whole.then(|| names.collect()))
    }

    fn empty(whole: bool) -> Self {
        Names(whole.then(HashSet::new))
    }

    fn contains(&self, name: &str, scan: impl FnOnce() -> bool) -> bool {
        match &self.0 {
            Some(set) => set.contains(name),
            None => scan(),
        }
    }
}

/// Checks a money range: finite, not negative, not above `MAX_DOLLARS`, low <= high.
pub fn range_problem(r: Range) -> Option<String> {
    if !(r.low.is_finite() && r.high.is_finite()) {
        Some("must be a finite amount of dollars, not NaN or infinity".into())
    } else if r.low < 0.0 || r.high < 0.0 {
        Some(format!(
            "{} – {} is negative; expected dollars of 0 or more",
            r.low, r.high
        ))
    } else if r.low > MAX_DOLLARS || r.high > MAX_DOLLARS {
        // Scientific notation: 1e308 written out is 309 digits.
        Some(format!(
            "{:e} – {:e} is too large; expected dollars of at most {MAX_DOLLARS:e}",
            r.low, r.high
        ))
    } else if r.low > r.high {
        Some(format!(
            "low end {} is above high end {}; expected [low, high] with low <= high",
            r.low, r.high
        ))
    } else {
        None
    }
}

#[derive(Default)]
struct Checker {
    table: &'static str,
    index: Option<usize>,
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, key: &'static str, message: String) {
        self.problems.push(Problem {
            table: self.table,
            index: self.index,
            key,
            message,
        });
    }

    fn range(&mut self, key: &'static str, r: Range) {
        if let Some(m) = range_problem(r) {
            self.push(key, m);
        }
    }

    fn price(&mut self, key: &'static str, price: f64) {
        if !(price.is_finite() && (0.0..=MAX_DOLLARS).contains(&price)) {
            self.push(
                key,
                format!(
                    "{price} is not a price; expected USD per million tokens, from 0 to {MAX_DOLLARS}"
                ),
            );
        }
    }

    fn share(&mut self, key: &'static str, share: f64) {
        if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
            self.push(key, format!("{share} is not a share; expected a fraction from 0 to 1 (0.25 is 25 % output tokens)"));
        }
    }

    fn name<'a>(
        &mut self,
        key: &'static str,
        name: &'a str,
        seen: &mut Names<'a>,
        index: usize,
        all: impl Iterator<Item = &'a str>,
        what: &str,
    ) {
        let duplicate = match &mut seen.0 {
            Some(set) => !set.insert(name),
            None => all
                .enumerate()
                .any(|(j, other)| j != index && other == name),
        };
        if name.trim().is_empty() {
            self.push(key, format!("the {what} must not be empty"));
        } else if duplicate {
            self.push(
                key,
                format!("duplicate {what} \"{name}\"; each must be unique"),
            );
        }
    }

    fn dangling<'a>(
        &mut self,
        key: &'static str,
        name: &str,
        what: &str,
        all: impl Iterator<Item = &'a str>,
    ) {
        const SHOWN: usize = 8;
        let list: Vec<&str> = all.collect();
        let hint = match list.len() {
            0 => format!("the plan has no {what}s"),
            n if n <= SHOWN => format!("expected one of: {}", list.join(", ")),
            n => format!(
                "expected one of: {}, … ({} more)",
                list[..SHOWN].join(", "),
                n - SHOWN
            ),
        };
        self.push(key, format!("unknown {what} \"{name}\"; {hint}"));
    }
}
