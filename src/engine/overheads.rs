//! Which overheads a scenario pays, and how: once a month, per replica
//! (per GPU of it, for electricity), per region, or on the API path.

use crate::money::{Estimate, Range};
use crate::plan::{AppliesTo, Deployment, GpuTier, Plan, ScalesWith};

/// A scenario's overheads by what they scale with, the estimate picked and
/// the contingency added to self-hosting's.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct OverheadSplit {
    /// Self-hosting's a month whatever the replicas (per-region ones × regions).
    pub fixed: Range,
    /// Self-hosting's per replica a month.
    pub per_replica: Range,
    /// The API path's a month.
    pub api: Range,
}

/// The overheads of self-hosting under `deployment` on `tier` in `regions`
/// regions, and of the API path.
pub fn split(
    plan: &Plan,
    deployment: Deployment,
    tier: Option<&GpuTier>,
    regions: u32,
    estimate: Estimate,
) -> OverheadSplit {
    let horizon = plan.settings.horizon_months;
    let gpus = f64::from(tier.map_or(1, GpuTier::gpu_count));
    // Summed first and picked after, as the published sums are.
    let (mut fixed, mut per_replica, mut api) =
        (Range::default(), Range::default(), Range::default());
    for o in &plan.overheads {
        let Some(amount) = o.amount(horizon) else {
            continue;
        };
        if o.applies_to == AppliesTo::Api {
            api = api + amount;
            continue;
        }
        if !o.applies_to.includes(deployment) {
            continue;
        }
        match o.scaling() {
            ScalesWith::Fixed => fixed = fixed + amount,
            ScalesWith::Region => fixed = fixed + amount * f64::from(regions.max(1)),
            ScalesWith::Replica if o.per_gpu() => per_replica = per_replica + amount * gpus,
            ScalesWith::Replica => per_replica = per_replica + amount,
        }
    }
    OverheadSplit {
        fixed: super::with_contingency(plan, fixed.pick(estimate)),
        per_replica: super::with_contingency(plan, per_replica.pick(estimate)),
        api: api.pick(estimate),
    }
}

/// The overheads self-hosting pays once a month under a deployment, in one
/// region (the Overheads tab's sums; per-replica ones are not in them).
pub fn fixed_sum(plan: &Plan, deployment: Deployment) -> Range {
    plan.overheads
        .iter()
        .filter(|o| o.applies_to.includes(deployment) && o.scaling() != ScalesWith::Replica)
        .filter_map(|o| o.amount(plan.settings.horizon_months))
        .sum()
}
