//! Which overheads a scenario pays, and how: once a month, per replica
//! (per GPU of it, for electricity), per region, or on the API path.

use super::ledger::{Group, Per};
use crate::base::money::{Estimate, Range};
use crate::plan::{AppliesTo, Deployment, GpuTier, Overhead, Plan, ScalesWith};

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

/// The overheads paid under one deployment, summed by what they scale
/// with, before a tier's GPUs and a scenario's regions are known: worked
/// out once per evaluation, not once per row.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Parts {
    once: Range,
    per_region: Range,
    per_replica: Range,
    per_gpu: Range,
    api: Range,
}

/// Which side pays an overhead under a deployment, and what its amount is
/// paid per (once, per region, per replica or per GPU); `None` when it is
/// not paid.
pub fn paid(o: &Overhead, deployment: Deployment) -> Option<(Group, Per)> {
    if o.applies_to == AppliesTo::Api {
        return Some((Group::ApiOverheads, Per::Once));
    }
    if !o.applies_to.includes(deployment) {
        return None;
    }
    let per = match o.scaling() {
        ScalesWith::Fixed => Per::Once,
        ScalesWith::Region => Per::Region,
        ScalesWith::Replica if o.per_gpu() => Per::Gpu,
        ScalesWith::Replica => Per::Replica,
    };
    Some((Group::Overheads, per))
}

impl Parts {
    /// The overheads of self-hosting under `deployment`, and of the API path.
    pub fn of(plan: &Plan, deployment: Deployment) -> Self {
        let horizon = plan.settings.horizon_months;
        let mut p = Parts::default();
        for o in &plan.overheads {
            let (Some(amount), Some((group, per))) = (
                super::pricing::overhead_amount(o, horizon),
                paid(o, deployment),
            ) else {
                continue;
            };
            let slot = match (group, per) {
                (Group::ApiOverheads, _) => &mut p.api,
                (_, Per::Region) => &mut p.per_region,
                (_, Per::Gpu) => &mut p.per_gpu,
                (_, Per::Replica) => &mut p.per_replica,
                _ => &mut p.once,
            };
            *slot = *slot + amount;
        }
        p
    }

    /// True when no overhead is paid per GPU, so a tier's GPUs change nothing.
    pub fn tier_independent(&self) -> bool {
        self.per_gpu == Range::default()
    }

    /// For a tier's replicas in `regions` regions. Summed first and picked
    /// after, as the published sums are.
    pub fn split(
        &self,
        plan: &Plan,
        tier: Option<&GpuTier>,
        regions: u32,
        estimate: Estimate,
    ) -> OverheadSplit {
        let fixed = self.once + self.per_region * f64::from(regions.max(1));
        // A tier's GPU count is read from its text: only when power needs it.
        let per_replica = match self.per_gpu == Range::default() {
            true => self.per_replica,
            false => {
                self.per_replica + self.per_gpu * f64::from(tier.map_or(1, GpuTier::gpu_count))
            }
        };
        OverheadSplit {
            fixed: super::with_contingency(plan, fixed.pick(estimate)),
            per_replica: super::with_contingency(plan, per_replica.pick(estimate)),
            api: self.api.pick(estimate),
        }
    }
}

/// The overheads self-hosting pays once a month under a deployment, in one
/// region (the Overheads tab's sums; per-replica ones are not in them).
pub fn fixed_sum(plan: &Plan, deployment: Deployment) -> Range {
    let p = Parts::of(plan, deployment);
    p.once + p.per_region
}
