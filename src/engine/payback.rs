//! When buying hardware pays back: against renting the same tier, and
//! against paying the API for a scenario's volume. Both weigh the purchase
//! against a monthly saving after what owning still costs to run.

use super::ledger::{Group, Item};
use super::{MonthsToBreakEven, ScenarioResult, pricing};
use crate::base::money::Range;
use crate::plan::{Deployment, GpuTier, Plan};

/// The month buying a tier's hardware pays back against renting the same
/// tier: the purchase over what renting costs a month beyond owning's
/// upkeep, at the low and the high end (cheap purchase against dear rent,
/// and the reverse). `None` without a purchase or a cloud cost.
pub fn payback_vs_renting(tier: &GpuTier) -> Option<(MonthsToBreakEven, MonthsToBreakEven)> {
    let purchase = tier.pricing.purchase?;
    let rent = pricing::replica_monthly(tier, Deployment::Cloud)?;
    let upkeep = pricing::owned(tier).map(|o| o.upkeep).unwrap_or_default();
    Some((
        payback(purchase.low, rent.high - upkeep.low),
        payback(purchase.high, rent.low - upkeep.high),
    ))
}

/// Buying a scenario's replicas against paying the API for its volume.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Payback {
    /// The month the purchase is repaid, with the cheap and the dear figures.
    pub months: (MonthsToBreakEven, MonthsToBreakEven),
    /// What buying all the replicas costs.
    pub purchase: Range,
    /// What self-hosting still costs a month once they are bought: the
    /// upkeep, and the overheads when the verdicts count them (the
    /// contingency on both); the write-off and capital are the purchase's.
    pub running: Range,
    /// The API's monthly cost on the same basis.
    pub api: Range,
    /// Whether the overheads are counted, on both sides.
    pub with_overheads: bool,
}

/// What buying one of a scenario's replicas replaces: its purchase, and the
/// part of its monthly cost the purchase stands for (the write-off and the
/// capital, or a monthly figure the tier gives less the upkeep), with the
/// contingency on it. What is left of self-hosting's monthly cost when
/// this is taken off is what owning still costs to run. `None` unless the
/// scenario runs on-prem on a tier that gives a purchase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Owning {
    /// One replica's hardware.
    pub purchase: Range,
    /// The monthly part of one replica's cost the purchase stands for.
    pub monthly: Range,
}

/// See [`Owning`].
pub fn owning(plan: &Plan, r: &ScenarioResult) -> Option<Owning> {
    if r.deployment != Deployment::OnPrem || r.missing.is_some() {
        return None;
    }
    let tier = plan.tier(&r.tier)?;
    let purchase = tier.pricing.purchase?;
    let ledger = &r.ledger;
    let mut monthly = Range::default();
    for l in ledger.replica_cost() {
        match l.item {
            Item::Upkeep => {}
            Item::Owned => {
                let upkeep = pricing::owned(tier).map_or(Range::default(), |o| o.upkeep);
                monthly = monthly + Range::new(l.unit.low - upkeep.low, l.unit.high - upkeep.high);
            }
            _ => monthly = monthly + l.unit,
        }
    }
    Some(Owning {
        purchase,
        monthly: monthly * (1.0 + ledger.contingency(Group::Gpus)),
    })
}

/// The month buying a scenario's replicas pays back against the API: the
/// purchase over the API's monthly cost less what owning still costs to
/// run, both on the plan's verdict basis, from the ledger. `None` unless the
/// scenario runs on-prem on a tier that gives a purchase.
pub fn payback_vs_api(plan: &Plan, r: &ScenarioResult) -> Option<Payback> {
    let o = owning(plan, r)?;
    let purchase = r.replicas.times(o.purchase);
    let with_overheads = plan.settings.include_overheads;
    let ledger = &r.ledger;
    let owned = r.replicas.times(o.monthly);
    let total = ledger.self_host(with_overheads);
    let running = Range::new(total.low - owned.low, total.high - owned.high);
    let api = ledger.api(with_overheads);
    Some(Payback {
        months: (
            payback(purchase.low, api.high - running.low),
            payback(purchase.high, api.low - running.high),
        ),
        purchase,
        running,
        api,
        with_overheads,
    })
}

/// Whole months until savings of `saving` a month repay `cost`.
pub(super) fn payback(cost: f64, saving: f64) -> MonthsToBreakEven {
    if saving <= 0.0 {
        MonthsToBreakEven::Never
    } else if cost <= 0.0 {
        MonthsToBreakEven::Now
    } else {
        let m = (cost / saving).ceil();
        if m > f64::from(u32::MAX) {
            MonthsToBreakEven::Never
        } else {
            MonthsToBreakEven::In(m as u32)
        }
    }
}
