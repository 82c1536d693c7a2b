//! A day's shape, priced hour by hour. A scenario with an hourly profile
//! runs each hour at its own rate: the busiest hour at the scenario's peak
//! (or at what the profile itself says, if that is higher), every other
//! hour at its share of the busiest. Replicas kept always on are billed at
//! the busiest hour's count; a scale-to-zero tier bills the replica-hours
//! the schedule uses, plus a scale-up lead for every replica it starts. An
//! API with an off-peak window bills each hour's tokens at that hour's price.

use super::ScenarioResult;
use super::curve::{PerEnd, ceil_with_slack};
use crate::base::money::Range;
use crate::plan::{OffPeak, Plan, Scenario};

/// Hours in the day a profile covers.
pub const HOURS: usize = 24;

/// A day's share of tokens by hour (UTC), summing to 1.
pub type Shares = [f64; HOURS];

/// The scenario's profile as 24 shares, when it gives one.
pub fn shares(scenario: &Scenario) -> Option<Shares> {
    let p = scenario.hourly_profile.as_deref()?;
    let mut out = [0.0; HOURS];
    for (o, &x) in out.iter_mut().zip(p) {
        *o = x.max(0.0);
    }
    let sum: f64 = out.iter().sum();
    // A valid plan's profile sums to 1; normalized so float noise in it
    // never bills a token twice.
    (p.len() == HOURS && sum > 0.0).then(|| out.map(|x| x / sum))
}

/// The busiest hour's share.
fn busiest(shares: &Shares) -> f64 {
    shares.iter().copied().fold(0.0, f64::max)
}

/// Peak over average the replicas are sized for: the scenario's, or the
/// profile's busiest hour over the mean hour when that is higher (an hour
/// at 8 % of the day runs at 1.92× the mean, whatever was typed).
pub fn peak_factor(scenario: &Scenario) -> f64 {
    match shares(scenario) {
        Some(s) => scenario.peak_to_average.max(HOURS as f64 * busiest(&s)),
        None => scenario.peak_to_average,
    }
}

/// Each hour's rate over the busiest hour's: 1 at the busiest.
pub fn over_busiest(shares: &Shares) -> Shares {
    let top = busiest(shares);
    shares.map(|s| if top > 0.0 { s / top } else { 0.0 })
}

/// Replicas each hour needs (one region, no spares) for `volume` tokens a
/// day when a replica absorbs `capacity` of it at the rate `weights` scale
/// (an hour's share of the day for busy hours; its rate over the busiest
/// hour's for replicas kept on at the peak).
pub fn hourly_steps(volume: f64, capacity: f64, weights: &Shares) -> [u64; HOURS] {
    weights.map(|w| match volume * w > 0.0 {
        true => ceil_with_slack(volume * w / capacity),
        false => 0,
    })
}

/// Replicas started over a day that repeats: each rise from one hour to
/// the next starts that many (the day wraps from hour 23 to hour 0).
pub fn starts(steps: &[u64; HOURS]) -> u64 {
    (0..HOURS)
        .map(|h| steps[h].saturating_sub(steps[(h + HOURS - 1) % HOURS]))
        .sum()
}

/// How far a profile rises over a day that repeats: the sum of its hourly
/// rises (the replicas a large volume starts a day, per replica of the
/// whole day's capacity).
pub fn rise(shares: &Shares) -> f64 {
    (0..HOURS)
        .map(|h| (shares[h] - shares[(h + HOURS - 1) % HOURS]).max(0.0))
        .sum()
}

/// A busy-hour bill that follows the profile: what each hour's replicas
/// and each start cost (a scale-to-zero tier with an hourly profile).
#[derive(Debug, Clone, PartialEq)]
pub struct DayBill {
    /// Each hour's share of the day's tokens.
    pub shares: Shares,
    /// What one replica started every day costs a month: the scale-up
    /// lead billed before it serves, contingency included.
    pub start: Range,
    /// Replicas each hour needs at least (one region) for the scenario's
    /// latency limits at that hour's rate today, at each end; 0 for none.
    pub floor: PerEnd<[u64; HOURS]>,
}

impl DayBill {
    /// Replicas each hour (one region) for a volume: its tokens over what
    /// a replica-hour serves, at least its floor.
    pub fn steps(&self, volume: f64, capacity: f64, floor: &[u64; HOURS]) -> [u64; HOURS] {
        let mut steps = hourly_steps(volume, capacity, &self.shares);
        for (n, f) in steps.iter_mut().zip(floor) {
            *n = (*n).max(*f);
        }
        steps
    }
}

/// The replicas of a day's hours together.
pub fn total(steps: &[u64; HOURS]) -> u64 {
    steps.iter().fold(0u64, |sum, &n| sum.saturating_add(n))
}

impl OffPeak {
    /// How much of hour `h` (from h:00 to h+1:00) lies in the window.
    pub fn covers(&self, h: usize) -> f64 {
        let overlap = |a: f64, b: f64| (b.min(h as f64 + 1.0) - a.max(h as f64)).max(0.0);
        match self.from <= self.to {
            true => overlap(self.from, self.to),
            false => overlap(self.from, 24.0) + overlap(0.0, self.to),
        }
    }

    /// Hours a day in the window.
    pub fn hours(&self) -> f64 {
        (0..HOURS).map(|h| self.covers(h)).sum()
    }

    /// The share of a day's tokens billed off-peak: by the profile, or
    /// spread evenly over the day without one.
    pub fn share_of(&self, shares: Option<&Shares>) -> f64 {
        match shares {
            Some(s) => (0..HOURS).map(|h| s[h] * self.covers(h)).sum(),
            None => self.hours() / HOURS as f64,
        }
    }

    /// The API's price in hour `h` over its price without the window.
    pub fn price_at(&self, h: usize) -> f64 {
        1.0 - self.discount * self.covers(h)
    }
}

/// Each hour's API price over the day's mean price for the traffic the
/// profile gives (1 everywhere without a window).
pub fn price_weights(off_peak: Option<&OffPeak>, shares: &Shares) -> Shares {
    let Some(o) = off_peak.filter(|o| o.discount != 0.0) else {
        return [1.0; HOURS];
    };
    let mean = 1.0 - o.discount * o.share_of(Some(shares));
    std::array::from_fn(|h| {
        if mean > 0.0 {
            o.price_at(h) / mean
        } else {
            0.0
        }
    })
}

/// A scenario's day as its bill counts it, hour by hour (UTC).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Replicas each hour needs in all regions (spares included), at each
    /// end of the costs (billing steps: instances where a tier packs them).
    pub replicas: [PerEnd<u64>; HOURS],
    /// What the bill counts: the busiest hour's replicas, kept on all day;
    /// or, autoscaled, the replica-hours the day uses.
    pub billed: PerEnd<u64>,
    /// Replicas the schedule starts a day (autoscaled; 0 kept on).
    pub starts: PerEnd<u64>,
    /// True when the tier bills the busy hours (scale-to-zero).
    pub autoscaled: bool,
    /// False for a scenario without an hourly profile: an even day.
    pub profiled: bool,
    /// Tokens each hour.
    pub tokens: [f64; HOURS],
    /// What the API bills a month for each hour's tokens (every day of the
    /// month at that hour), its off-peak window applied; `None` without
    /// API prices.
    pub api: Option<[f64; HOURS]>,
}

/// A scenario's day from its figures: by its hourly profile, or an even
/// day for replicas kept on without one. `None` without a self-host price,
/// or for a busy-hour bill without a profile (it counts the day's busy
/// hours as a whole, not hour by hour).
pub fn schedule(plan: &Plan, scenario: &Scenario, r: &ScenarioResult) -> Option<Schedule> {
    if !r.self_host_given() {
        return None;
    }
    let curve = &r.gpu_only.curve;
    let autoscaled = curve.day.is_some();
    let elastic = r.ledger.lines.iter().any(|l| l.per == super::Per::BusyHour);
    let profiled = scenario.hourly_profile.is_some();
    let shares = match shares(scenario) {
        Some(s) => s,
        None if !elastic => [1.0 / HOURS as f64; HOURS],
        None => return None,
    };
    let volume = scenario.tokens_per_day as f64;
    let weights = match autoscaled {
        true => shares,
        false => over_busiest(&shares),
    };
    let (regions, spares) = (u64::from(curve.regions), u64::from(curve.spares));
    let hours = curve.hours_at(volume).unwrap_or_else(|| {
        curve
            .step_capacity
            .map(|c| hourly_steps(volume, c, &weights))
    });
    let replicas =
        std::array::from_fn(|h| hours.map(|n| n[h].saturating_add(spares).saturating_mul(regions)));
    let model = r.model.and_then(|i| plan.models.get(i));
    let off_peak = model.and_then(|m| m.off_peak);
    let prices = price_weights(off_peak.as_ref(), &shares);
    let api = r
        .api_given()
        .then(|| std::array::from_fn(|h| r.api.high * shares[h] * prices[h]));
    Some(Schedule {
        replicas,
        billed: r.replicas,
        starts: curve.starts_at(volume),
        autoscaled,
        profiled,
        tokens: shares.map(|s| volume * s),
        api,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_past_midnight_covers_its_hours_and_parts_of_hours() {
        // DeepSeek's 16:30–00:30 UTC: half of hour 16, hours 17–23, half of 0.
        let o = OffPeak {
            discount: 0.5,
            from: 16.5,
            to: 0.5,
        };
        assert_eq!(o.covers(16), 0.5);
        assert_eq!(o.covers(20), 1.0);
        assert_eq!(o.covers(0), 0.5);
        assert_eq!(o.covers(1), 0.0);
        assert_eq!(o.hours(), 8.0);
        assert_eq!(o.share_of(None), 8.0 / 24.0);
    }

    #[test]
    fn starts_count_every_rise_of_a_day_that_wraps() {
        let mut steps = [1; HOURS];
        steps[9] = 3;
        steps[10] = 2;
        steps[23] = 2;
        // 1→3 at 9, 1→2 at 23; 23→0 falls.
        assert_eq!(starts(&steps), 3);
    }
}
