//! What one replica and one overhead cost a month, from the plan's inputs:
//! a figure the plan gives, GPU hours, a purchase written off, an overhead's
//! drivers. Every cost formula of the model is here; the ledger, the
//! columns, the explanation and the rules read them from here.

use crate::base::money::Range;
use crate::plan::{AMORTIZATION_MONTHS, Billing, Deployment, GpuTier, Overhead, Rate};

/// Hours in a month of GPU billing: 8,760 a year / 12.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Weeks in a month of staff hours: 52 / 12, as the published lump sums use.
pub const WEEKS_PER_MONTH: f64 = 4.33;

/// The monthly cost of one replica for a deployment: as given, else from
/// its GPU hours (cloud) or its purchase (on-prem); `None` when the plan
/// gives neither.
pub fn replica_monthly(tier: &GpuTier, deployment: Deployment) -> Option<Range> {
    match deployment {
        Deployment::Cloud => tier.cloud_monthly.or_else(|| gpu_hours_monthly(tier)),
        Deployment::OnPrem => tier.on_prem_monthly.or_else(|| owned_monthly(tier)),
    }
}

/// Hours a month a replica is billed: 730, or the active window's share.
pub fn billed_hours(tier: &GpuTier) -> f64 {
    match tier.pricing.billing {
        Billing::AlwaysOn => HOURS_PER_MONTH,
        Billing::ActiveHours => HOURS_PER_MONTH * tier.pricing.active_hours.unwrap_or(24.0) / 24.0,
        // A replica busy all month; scenarios bill only the busy hours.
        Billing::ScaleToZero => HOURS_PER_MONTH,
    }
}

/// Hours a day the replica serves: all 24, or its active window.
pub fn serving_hours(tier: &GpuTier) -> f64 {
    match tier.pricing.billing {
        Billing::AlwaysOn | Billing::ScaleToZero => 24.0,
        Billing::ActiveHours => tier.pricing.active_hours.unwrap_or(24.0),
    }
}

/// Tokens a day one replica of a tier serves: its capacity, for the hours
/// a day it runs (all 24 unless billed for an active window).
pub fn serving_capacity(tier: &GpuTier) -> f64 {
    tier.tokens_per_day as f64 * (serving_hours(tier) / 24.0)
}

/// The price per GPU hour a cloud tier pays and the share added for spot
/// interruptions; `None` without the price its rate needs.
pub fn hourly_rate(tier: &GpuTier) -> Option<(Range, f64)> {
    let p = &tier.pricing;
    match p.rate {
        Rate::OnDemand => Some((p.cloud_gpu_hour?, 0.0)),
        Rate::Spot => Some((p.spot_gpu_hour?, p.spot_allowance)),
    }
}

/// The cloud cost from GPU hours: price per GPU hour × GPUs × hours
/// billed, plus the spot allowance on spot.
pub fn gpu_hours_monthly(tier: &GpuTier) -> Option<Range> {
    let (hourly, extra) = hourly_rate(tier)?;
    Some(hourly * (f64::from(tier.gpu_count()) * billed_hours(tier) * (1.0 + extra)))
}

/// A purchased replica's monthly cost in its parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Owned {
    /// Purchase less residual, over the amortization months.
    pub write_off: Range,
    /// Upkeep (maintenance, support; power aside): a share of the purchase a year.
    pub upkeep: Range,
    /// The cost of the capital tied up, on the average of purchase and residual.
    pub capital: Range,
}

impl Owned {
    /// The three together: what owning a replica costs a month.
    pub fn total(&self) -> Range {
        self.write_off + self.upkeep + self.capital
    }
}

/// The months a purchase is written off over.
fn amortization(tier: &GpuTier) -> f64 {
    f64::from(
        tier.pricing
            .amortization_months
            .unwrap_or(AMORTIZATION_MONTHS)
            .max(1),
    )
}

/// What one of a tier's bought replicas is worth after `age` months:
/// written down in a straight line from its purchase to the residual over
/// the amortization months, and the residual after that. `None` without a
/// purchase.
pub fn worth_after(tier: &GpuTier, age: u32) -> Option<Range> {
    let purchase = tier.pricing.purchase?;
    let residual = tier.pricing.residual.unwrap_or_default();
    let worn = (f64::from(age) / amortization(tier)).min(1.0);
    let worth = |purchase: f64, end: f64| purchase - (purchase - end) * worn;
    Some(Range::new(
        worth(purchase.low, residual.low),
        worth(purchase.high, residual.high),
    ))
}

/// The on-prem cost from a purchase, in its parts; `None` without one.
pub fn owned(tier: &GpuTier) -> Option<Owned> {
    let p = &tier.pricing;
    let purchase = p.purchase?;
    let residual = p.residual.unwrap_or_default();
    let months = amortization(tier);
    let write_off = Range::new(purchase.low - residual.low, purchase.high - residual.high);
    let capital = Range::new(
        (purchase.low + residual.low) / 2.0,
        (purchase.high + residual.high) / 2.0,
    );
    Some(Owned {
        write_off: write_off * (1.0 / months),
        upkeep: purchase * (p.upkeep_per_year / 12.0),
        capital: capital * (p.cost_of_capital / 12.0),
    })
}

/// The on-prem cost from a purchase: write-off, upkeep and capital.
pub fn owned_monthly(tier: &GpuTier) -> Option<Range> {
    owned(tier).map(|o| o.total())
}

/// The amount an overhead costs a month, per what it scales with (per GPU
/// a month for electricity), from its figure or its drivers: staff hours ×
/// rate × 4.33 weeks, watts × PUE × 730 h × price per kWh, full-time staff
/// × their loaded cost, or a one-off over the plan's horizon. `None` when
/// neither is complete (the rules refuse that).
pub fn overhead_amount(o: &Overhead, horizon_months: u32) -> Option<Range> {
    if let Some(m) = o.monthly {
        return Some(m);
    }
    let d = &o.drivers;
    if let (Some(h), Some(rate)) = (d.hours_per_week, d.hourly_rate) {
        return Some(Range::new(h.low * rate.low, h.high * rate.high) * WEEKS_PER_MONTH);
    }
    if let (Some(w), Some(kwh)) = (d.watts_per_gpu, d.price_per_kwh) {
        return Some(kwh * (w * d.pue.unwrap_or(1.0) * HOURS_PER_MONTH / 1000.0));
    }
    if let (Some(n), Some(each)) = (d.fte, d.fte_monthly) {
        return Some(each * n);
    }
    d.one_off
        .map(|c| c * (1.0 / f64::from(horizon_months.max(1))))
}
