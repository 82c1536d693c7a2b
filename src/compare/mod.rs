//! Two plans side by side: which inputs changed, which figures moved and which
//! verdicts flipped. `compare` is pure (no files, no terminal), so the CLI's
//! `inferplan compare` and the TUI's Compare tab draw the same `PlanDiff`.
//!
//! Entities are matched by their key: GPU tiers by id; models, overheads and
//! scenarios by name. A renamed entity therefore reads as removed + added, and
//! `PlanDiff::hints` says so when the two look alike.
//!
//! # `inferplan compare --format json`
//!
//! Money is USD per month rounded to the cent, volumes are whole tokens per
//! day, `null` means "never" (break-even) or "no percentage" (the old figure
//! was zero or never). A range is `{"low": …, "high": …}`.
//!
//! - `old`, `new`: `{"file", "plan", "include_overheads", "saved_results"}`:
//!   the file as passed (or `null`), the plan's name, whether its verdicts
//!   count overheads, and the check of its saved results (`null` when there
//!   is no `<plan>.results.json`): `{"file", "status", "saved_by", "message",
//!   "moved": [{"figure", "saved", "now"}]}` with `status` one of `current`,
//!   `stale` (the inputs changed since), `engine-changed` (same inputs,
//!   different totals) or `unreadable`.
//! - `estimate`: the end of each range compared (`low`, `mid`, `high`, `range`).
//! - `changed`: false only when inputs and figures are all the same.
//! - `summary`: the one-line summary the table and Markdown forms print.
//! - `flipped`: `[{"scenario", "old_verdict", "new_verdict"}]`, verdicts
//!   `api`, `self-host` or `depends`, as each plan's `include_overheads` decides.
//! - `scenarios`: one per scenario in both plans, in the new plan's order:
//!   `name`, `changed`, `moved` (the figure keys below that moved),
//!   `verdict`, `deployment`, `tier` as `{"old", "new"}`, and `replicas`,
//!   `api_monthly`, `self_host_gpu_only_monthly`,
//!   `self_host_with_overheads_monthly`, `break_even_tokens_per_day` as
//!   `{"old", "new", "change", "change_pct"}` (`change` = new − old;
//!   `change_pct` in percent, 2 decimals; for ranges, each per end).
//!   The break-even is the one the verdict uses. `months_to_break_even` is
//!   `{"old", "new"}`, each `{"low", "high"}` months of growth (0 for now,
//!   `null` for never) or `null` without a price.
//! - `inputs`: `[{"kind", "name", "change", "field", "old", "new"}]`: `kind`
//!   is `settings`, `gpu_tier`, `model`, `overhead` or `scenario`; `change` is
//!   `added`, `removed` or `changed`; `field`, `old` and `new` are set for
//!   `changed` only, as numbers, ranges, booleans or strings (`null` where
//!   the value is inherited, e.g. a scenario without its own tier).
//! - `hints`: sentences, e.g. that a removed and an added model look like a rename.

mod inputs;
mod rises;
mod saved;

pub use saved::{MovedFigure, SavedCheck};

pub use rises::{Rise, rises};

pub use inputs::{Change, EntityKind, FieldValue, InputChange, RenameHint};

use crate::base::money::{Estimate, Range, whole_cents};
use crate::engine::{
    BreakEven, BreakEvenRange, Factor, MonthsToBreakEven, Results, ScenarioResult, Verdict,
    evaluate,
};
use crate::plan::{Deployment, Plan};
use crate::text::figures;

/// Everything that differs between two plans, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDiff {
    /// The plan compared against (usually the older one).
    pub old: Side,
    /// The plan compared.
    pub new: Side,
    /// The end of every range the figures were computed for.
    pub estimate: Estimate,
    /// Inputs added, removed and changed, by kind: settings, GPU tiers,
    /// models, overheads, scenarios.
    pub inputs: Vec<InputChange>,
    /// Removed + added pairs that look like renames.
    pub hints: Vec<RenameHint>,
    /// Every scenario present in both plans, in the new plan's order.
    pub scenarios: Vec<ScenarioDiff>,
}

/// One of the two plans, as the comparison names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The plan's name.
    pub plan: String,
    /// The file as the user named it; `None` for an unsaved or built-in plan.
    /// `compare` leaves it empty: the caller knows where the plan came from.
    pub file: Option<String>,
    /// Whether this plan's verdicts count overheads.
    pub include_overheads: bool,
    /// The check of the results saved beside the plan file, if there are any.
    /// `compare` leaves it empty (it reads no files); see `store::saved_results::check`.
    pub saved: Option<SavedNote>,
}

impl Side {
    /// The file if known, else the plan's name in quotes.
    pub fn label(&self) -> String {
        self.file
            .clone()
            .unwrap_or_else(|| format!("\"{}\"", self.plan))
    }
}

/// The check of one plan's saved results, with the sidecar file it read.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedNote {
    /// The sidecar file as shown to the user.
    pub file: String,
    /// What the check found.
    pub check: SavedCheck,
}

/// The headline figures of one scenario in one plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioFigures {
    /// Where it is priced.
    pub deployment: Deployment,
    /// Replicas in all regions at today's volume.
    pub replicas: u64,
    /// API monthly cost; `None` while the model's prices are not given.
    pub api: Option<Range>,
    /// Self-host monthly cost, GPUs only; `None` without the tier's cost
    /// (so are the figures below, and without the API's prices too).
    pub self_host_gpu_only: Option<Range>,
    /// Self-host monthly cost with the overheads of its deployment.
    pub self_host_with_overheads: Option<Range>,
    /// The verdict, on the basis the plan's `include_overheads` selects.
    pub verdict: Verdict,
    /// Self-host over API cost, on the same basis.
    pub factor: Option<Factor>,
    /// The break-even on the same basis as the verdict.
    pub break_even: Option<BreakEvenRange>,
    /// Months of growth until today's volume reaches it, at each end.
    pub months: Option<(MonthsToBreakEven, MonthsToBreakEven)>,
}

impl ScenarioFigures {
    /// Self-host monthly cost with or without the overheads.
    pub fn self_host(&self, include_overheads: bool) -> Option<Range> {
        if include_overheads {
            self.self_host_with_overheads
        } else {
            self.self_host_gpu_only
        }
    }

    /// The figures of a result, the verdict on the basis the plan chose.
    pub fn of(result: &ScenarioResult, include_overheads: bool) -> Self {
        let head = result.headline(include_overheads).ok();
        let own = result.self_host_given();
        Self {
            deployment: result.deployment,
            replicas: result.replicas.dear,
            api: result.api_given().then_some(result.api),
            self_host_gpu_only: own.then_some(result.gpu_only.self_host),
            self_host_with_overheads: own.then_some(result.with_overheads.self_host),
            verdict: result.verdict(include_overheads),
            factor: head.map(|c| c.factor),
            break_even: head.map(|c| c.break_even),
            months: head.map(|c| c.months),
        }
    }
}

/// A figure of a scenario that a comparison can show as moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Cloud or on-prem.
    Deployment,
    /// The GPU tier.
    Tier,
    /// Replicas in all regions.
    Replicas,
    /// API monthly cost.
    Api,
    /// Self-host monthly cost, GPUs only.
    SelfHostGpuOnly,
    /// Self-host monthly cost with overheads.
    SelfHostWithOverheads,
    /// Break-even tokens per day.
    BreakEven,
    /// Months of growth to break-even.
    MonthsToBreakEven,
}

impl Figure {
    /// Every figure, in the order they are listed.
    pub const ALL: [Figure; 8] = [
        Figure::Deployment,
        Figure::Tier,
        Figure::Replicas,
        Figure::Api,
        Figure::SelfHostGpuOnly,
        Figure::SelfHostWithOverheads,
        Figure::BreakEven,
        Figure::MonthsToBreakEven,
    ];

    /// The label in tables, matching the report's column headings.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Deployment => "Deploy",
            Figure::Tier => "Tier",
            Figure::Replicas => "Replicas",
            Figure::Api => "API",
            Figure::SelfHostGpuOnly => "Self-host GPU",
            Figure::SelfHostWithOverheads => "+ overheads",
            Figure::BreakEven => "Break-even/day",
            Figure::MonthsToBreakEven => "Months to BE",
        }
    }

    /// The key in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Deployment => "deployment",
            Figure::Tier => "tier",
            Figure::Replicas => "replicas",
            Figure::Api => "api_monthly",
            Figure::SelfHostGpuOnly => "self_host_gpu_only_monthly",
            Figure::SelfHostWithOverheads => "self_host_with_overheads_monthly",
            Figure::BreakEven => "break_even_tokens_per_day",
            Figure::MonthsToBreakEven => "months_to_break_even",
        }
    }
}

/// One scenario present in both plans: its figures before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioDiff {
    /// The scenario's name (the same in both plans).
    pub name: String,
    /// The tier in the old plan.
    pub old_tier: String,
    /// The tier in the new plan.
    pub new_tier: String,
    /// Figures in the old plan.
    pub old: ScenarioFigures,
    /// Figures in the new plan.
    pub new: ScenarioFigures,
}

impl ScenarioDiff {
    /// True when the verdict is not the same.
    pub fn flipped(&self) -> bool {
        self.old.verdict != self.new.verdict
    }

    /// True when the figure reads differently: money to the cent, volumes to
    /// the token, as the reports print them.
    pub fn moved(&self, figure: Figure) -> bool {
        let (o, n) = (&self.old, &self.new);
        match figure {
            Figure::Deployment => o.deployment != n.deployment,
            Figure::Tier => self.old_tier != self.new_tier,
            Figure::Replicas => o.replicas != n.replicas,
            Figure::Api => priced_moved(o.api, n.api, money_moved),
            Figure::SelfHostGpuOnly => {
                priced_moved(o.self_host_gpu_only, n.self_host_gpu_only, money_moved)
            }
            Figure::SelfHostWithOverheads => priced_moved(
                o.self_host_with_overheads,
                n.self_host_with_overheads,
                money_moved,
            ),
            Figure::BreakEven => priced_moved(o.break_even, n.break_even, |o, n| {
                volume_moved(o.low, n.low) || volume_moved(o.high, n.high)
            }),
            Figure::MonthsToBreakEven => priced_moved(o.months, n.months, |o, n| o != n),
        }
    }

    /// The figures that moved, in `Figure::ALL` order.
    pub fn moved_figures(&self) -> Vec<Figure> {
        Figure::ALL.into_iter().filter(|f| self.moved(*f)).collect()
    }

    /// True when the verdict flipped or any figure moved.
    pub fn changed(&self) -> bool {
        self.flipped() || Figure::ALL.into_iter().any(|f| self.moved(f))
    }
}

/// A figure that a missing price leaves out moved when it came or went, or
/// when both have it and it moved.
fn priced_moved<T: Copy>(old: Option<T>, new: Option<T>, moved: fn(T, T) -> bool) -> bool {
    match (old, new) {
        (Some(o), Some(n)) => moved(o, n),
        (None, None) => false,
        _ => true,
    }
}

fn money_moved(old: Range, new: Range) -> bool {
    whole_cents(old.low) != whole_cents(new.low) || whole_cents(old.high) != whole_cents(new.high)
}

fn volume_moved(old: BreakEven, new: BreakEven) -> bool {
    figures::volume(old) != figures::volume(new)
}

/// A change from one figure to another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delta {
    /// New − old.
    pub abs: f64,
    /// The change in percent of the old figure; `None` when it was zero.
    pub pct: Option<f64>,
}

/// The change from `old` to `new`, absolute and in percent.
pub fn delta(old: f64, new: f64) -> Delta {
    Delta {
        abs: new - old,
        pct: (old != 0.0).then(|| (new - old) / old * 100.0),
    }
}

/// The change of each end of a money range, between the figures as shown
/// (to the cent), so that old + change = new on the page.
pub fn range_delta(old: Range, new: Range) -> (Delta, Delta) {
    let cents = figures::cents;
    (
        delta(cents(old.low), cents(new.low)),
        delta(cents(old.high), cents(new.high)),
    )
}

/// The change of a break-even volume, between whole tokens as shown; `None`
/// when either side is "never".
pub fn break_even_delta(old: BreakEven, new: BreakEven) -> Option<Delta> {
    Some(delta(figures::volume(old)?, figures::volume(new)?))
}

impl PlanDiff {
    /// The scenarios whose verdict flipped, in the new plan's order.
    pub fn flipped(&self) -> Vec<&ScenarioDiff> {
        self.scenarios.iter().filter(|s| s.flipped()).collect()
    }

    /// The scenarios with a flipped verdict or a moved figure.
    pub fn moved(&self) -> Vec<&ScenarioDiff> {
        self.scenarios.iter().filter(|s| s.changed()).collect()
    }

    /// True when inputs and figures are all the same.
    pub fn is_unchanged(&self) -> bool {
        self.inputs.is_empty() && self.scenarios.iter().all(|s| !s.changed())
    }

    /// One line for people: "1 verdict flipped · 5 figures moved in 3
    /// scenarios · 2 inputs changed", or "No changes: …".
    pub fn summary(&self) -> String {
        if self.is_unchanged() {
            return "No changes: the two plans have the same inputs and give the same figures."
                .to_string();
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let flips = self.flipped().len();
        let moved = self.moved();
        let figures: usize = moved.iter().map(|s| s.moved_figures().len()).sum();
        let mut parts = Vec::new();
        parts.push(match flips {
            0 => "no verdict flipped".to_string(),
            n => plural(n, "verdict flipped", "verdicts flipped"),
        });
        parts.push(match figures {
            0 => "no figure moved".to_string(),
            n => format!(
                "{} in {}",
                plural(n, "figure moved", "figures moved"),
                plural(moved.len(), "scenario", "scenarios")
            ),
        });
        parts.push(match self.inputs.len() {
            0 => "no input changed".to_string(),
            n => plural(n, "input changed", "inputs changed"),
        });
        let mut line = parts.join(" · ");
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + &line[1..];
        }
        line
    }
}

/// Compares two plans at one estimate: inputs by entity, figures by scenario.
pub fn compare(old: &Plan, new: &Plan, estimate: Estimate) -> PlanDiff {
    // The two evaluations are independent: one each on two cores.
    let (old_results, new_results) = std::thread::scope(|s| {
        let old_results = s.spawn(|| evaluate(old, estimate));
        let new_results = evaluate(new, estimate);
        (old_results.join(), new_results)
    });
    let old_results = old_results.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    compare_results(old, &old_results, new, &new_results)
}

/// `compare` with both plans' results already computed (for the same
/// estimate): the TUI keeps them current and re-diffs on every keystroke.
pub fn compare_results(
    old: &Plan,
    old_results: &Results,
    new: &Plan,
    new_results: &Results,
) -> PlanDiff {
    let estimate = new_results.estimate;
    let old_inc = old.settings.include_overheads;
    let new_inc = new.settings.include_overheads;
    // By name through a map: plans hold thousands of scenarios. Reversed so
    // that, as with a search from the front, the first of duplicates wins.
    let in_old: crate::base::hash::FastMap<&str, usize> = old
        .scenarios
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let scenarios = new
        .scenarios
        .iter()
        .zip(&new_results.scenarios)
        .filter_map(|(ns, nr)| {
            let i = *in_old.get(ns.name.as_str())?;
            let or = old_results.scenarios.get(i)?;
            Some(ScenarioDiff {
                name: ns.name.clone(),
                old_tier: or.tier.clone(),
                new_tier: nr.tier.clone(),
                old: ScenarioFigures::of(or, old_inc),
                new: ScenarioFigures::of(nr, new_inc),
            })
        })
        .collect();
    let (inputs, hints) = inputs::diff(old, new);
    let side = |p: &Plan| Side {
        plan: p.name.clone(),
        file: None,
        include_overheads: p.settings.include_overheads,
        saved: None,
    };
    PlanDiff {
        old: side(old),
        new: side(new),
        estimate,
        inputs,
        hints,
        scenarios,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::plan_file::default_plan;

    #[test]
    fn a_plan_against_itself_changes_nothing() {
        let p = default_plan();
        let d = compare(&p, &p, Estimate::Range);
        assert!(d.is_unchanged());
        assert!(d.summary().starts_with("No changes"));
        assert_eq!(d.scenarios.len(), p.scenarios.len());
    }

    #[test]
    fn a_dearer_api_flips_scenario_b_to_self_host() {
        let old = default_plan();
        let mut new = old.clone();
        new.models[0].output_per_mtok = Some(1.5);
        new.models[0].input_per_mtok = Some(1.5);
        let d = compare(&old, &new, Estimate::Range);
        let b = d
            .scenarios
            .iter()
            .find(|s| s.name.starts_with("B:"))
            .unwrap();
        assert!(b.flipped());
        assert_eq!(b.new.verdict, Verdict::SelfHostCheaper);
        assert_eq!(b.new.api, Some(Range::point(2250.0)));
        let (old, new) = (b.old.api.unwrap(), b.new.api.unwrap());
        assert_eq!(delta(old.low, new.low).pct, Some(500.0));
        assert_eq!(d.inputs.len(), 2);
    }

    #[test]
    fn percentages_need_a_nonzero_start() {
        assert_eq!(delta(0.0, 5.0).pct, None);
        assert_eq!(delta(200.0, 100.0).pct, Some(-50.0));
        assert_eq!(break_even_delta(BreakEven::Never, BreakEven::At(1.0)), None);
    }
}
