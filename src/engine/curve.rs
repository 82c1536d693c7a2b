//! Monthly cost as a function of volume: a line for the API, a step function
//! for self-hosting, and the exact volume where the steps fall under the line
//! for good.

use super::day::{self, DayBill};
use crate::base::money::Range;
use crate::plan::MAX_TOKENS_PER_DAY;
use std::sync::Arc;

/// Relative slack for comparisons that must treat float noise as equality,
/// e.g. a volume that lands exactly on a replica boundary.
const EPS: f64 = 1e-9;

/// The cost curves of one scenario (or one model row) at any volume.
#[derive(Debug, Clone, PartialEq)]
pub struct CostCurve {
    /// API dollars per month for each token per day (days × blended price / 1M).
    pub api_per_token_day: f64,
    /// One replica's monthly cost.
    pub per_replica: Range,
    /// Monthly costs paid whatever the volume (overheads, if counted).
    pub fixed: Range,
    /// Monthly costs of the API path whatever the volume (integration,
    /// platform fees: overheads that apply to the API, if counted).
    pub api_fixed: Range,
    /// Tokens per day one replica step absorbs: capacity × utilization ÷
    /// peak/average, at each end (an estimated capacity is a band).
    pub step_capacity: PerEnd<f64>,
    /// Regions, each holding a full set of replicas.
    pub regions: u32,
    /// Spare replicas per region.
    pub spares: u32,
    /// A busy-hour bill that follows the scenario's hourly profile: steps
    /// are then replica-hours a day, hour by hour, and each replica the
    /// schedule starts adds its scale-up lead. `None`: steps as above.
    pub day: Option<Arc<DayBill>>,
}

/// A figure at each end of the self-host cost range: `cheap` goes with its
/// low end, `dear` with its high end. A capacity's cheap end is the most a
/// replica serves (fewest replicas), its dear end the least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PerEnd<T> {
    /// With the low end of the costs.
    pub cheap: T,
    /// With the high end of the costs.
    pub dear: T,
}

impl<T: Copy + PartialEq> PerEnd<T> {
    /// The same figure at both ends.
    pub fn both(x: T) -> Self {
        Self { cheap: x, dear: x }
    }

    /// The figure, when both ends agree.
    pub fn single(self) -> Option<T> {
        (self.cheap == self.dear).then_some(self.cheap)
    }

    /// Each end through `f`.
    pub fn map<U>(self, f: impl Fn(T) -> U) -> PerEnd<U> {
        PerEnd {
            cheap: f(self.cheap),
            dear: f(self.dear),
        }
    }
}

/// Equal to a count when both ends are that count.
impl PartialEq<u64> for PerEnd<u64> {
    fn eq(&self, n: &u64) -> bool {
        self.cheap == *n && self.dear == *n
    }
}

/// Equal to a figure when both ends are that figure.
impl PartialEq<f64> for PerEnd<f64> {
    fn eq(&self, x: &f64) -> bool {
        self.cheap == *x && self.dear == *x
    }
}

impl PerEnd<u64> {
    /// A cost range for this many of something, end by end: the low cost
    /// for the cheap end's count, the high for the dear end's.
    pub fn times(self, unit: Range) -> Range {
        Range::new(unit.low * self.cheap as f64, unit.high * self.dear as f64)
    }
}

impl<T: Copy + PartialEq + std::fmt::Display> std::fmt::Display for PerEnd<T> {
    /// `3`, or `2–3` when the ends differ.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.single() {
            Some(x) => write!(f, "{x}"),
            None => write!(f, "{}–{}", self.cheap, self.dear),
        }
    }
}

/// Where self-hosting becomes, and stays, no dearer than the API.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakEven {
    /// From this many tokens per day on.
    At(f64),
    /// At no volume a plan may hold: the API's price per token is at or
    /// below one replica's cost per token at full capacity, or the volume
    /// lies beyond `MAX_TOKENS_PER_DAY`.
    Never,
}

impl BreakEven {
    /// The volume, if there is one.
    pub fn volume(self) -> Option<f64> {
        match self {
            BreakEven::At(v) => Some(v),
            BreakEven::Never => None,
        }
    }
}

/// Break-even at the low and at the high end of self-host cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakEvenRange {
    /// With the cheapest self-host figures (the earliest break-even).
    pub low: BreakEven,
    /// With the dearest self-host figures.
    pub high: BreakEven,
}

impl CostCurve {
    /// The API's monthly cost at a volume, its fixed costs at their dearest
    /// (what the cheap end of self-hosting is judged against).
    pub fn api_at(&self, tokens_per_day: f64) -> f64 {
        tokens_per_day * self.api_per_token_day + self.api_fixed.high
    }

    /// Replica steps (per region, before spares) needed for a volume at a
    /// step's capacity.
    fn steps_at(tokens_per_day: f64, capacity: f64) -> u64 {
        if tokens_per_day <= 0.0 {
            return 0;
        }
        ceil_with_slack(tokens_per_day / capacity)
    }

    /// Replicas in all regions for a volume, at each end: at least one per
    /// region.
    pub fn replicas_at(&self, tokens_per_day: f64) -> PerEnd<u64> {
        let Some(d) = &self.day else {
            return self
                .step_capacity
                .map(|c| self.replicas_with(tokens_per_day, c));
        };
        let at = |c: f64, floor: &[u64; day::HOURS]| {
            self.in_regions(day::total(&d.steps(tokens_per_day, c, floor)))
        };
        PerEnd {
            cheap: at(self.step_capacity.cheap, &d.floor.cheap),
            dear: at(self.step_capacity.dear, &d.floor.dear),
        }
    }

    /// Replicas in all regions for a volume at a step capacity of its own,
    /// by the volume alone (a schedule's floors for latency limits aside).
    pub fn replicas_with(&self, tokens_per_day: f64, capacity: f64) -> u64 {
        let steps = match &self.day {
            Some(d) => day::total(&day::hourly_steps(tokens_per_day, capacity, &d.shares)),
            None => Self::steps_at(tokens_per_day, capacity),
        };
        self.in_regions(steps)
    }

    /// Replicas in all regions for a volume at a capacity drawn within the
    /// band (Monte Carlo): a schedule's hours kept at least at floors for
    /// the latency limits drawn as far between the ends' as the capacity is.
    pub fn replicas_drawn(&self, tokens_per_day: f64, capacity: f64) -> u64 {
        let Some(d) = &self.day else {
            return self.replicas_with(tokens_per_day, capacity);
        };
        let (cheap, dear) = (self.step_capacity.cheap, self.step_capacity.dear);
        let t = match cheap != dear {
            true => ((capacity - cheap) / (dear - cheap)).clamp(0.0, 1.0),
            false => 1.0,
        };
        let floor: [u64; day::HOURS] = std::array::from_fn(|h| {
            let (lo, hi) = (d.floor.cheap[h] as f64, d.floor.dear[h] as f64);
            (lo + t * (hi - lo)).ceil() as u64
        });
        self.in_regions(day::total(&d.steps(tokens_per_day, capacity, &floor)))
    }

    /// Steps a region with its spares, at least one, in all regions.
    fn in_regions(&self, steps: u64) -> u64 {
        // Saturating: absurd but valid plans (1 token/day of capacity, a
        // trillion tokens, a thousand regions) must not overflow.
        let per_region = steps.saturating_add(u64::from(self.spares)).max(1);
        per_region.saturating_mul(u64::from(self.regions))
    }

    /// A schedule's replicas each hour in one region, at each end (`None`
    /// without a profile's busy-hour bill).
    pub fn hours_at(&self, tokens_per_day: f64) -> Option<PerEnd<[u64; day::HOURS]>> {
        let d = self.day.as_ref()?;
        let c = self.step_capacity;
        Some(PerEnd {
            cheap: d.steps(tokens_per_day, c.cheap, &d.floor.cheap),
            dear: d.steps(tokens_per_day, c.dear, &d.floor.dear),
        })
    }

    /// Replicas the day's schedule starts, in all regions, at each end:
    /// none without a profile's busy-hour bill.
    pub fn starts_at(&self, tokens_per_day: f64) -> PerEnd<u64> {
        let regions = u64::from(self.regions);
        match self.hours_at(tokens_per_day) {
            Some(h) => h.map(|h| day::starts(&h).saturating_mul(regions)),
            None => PerEnd::both(0),
        }
    }

    /// What the starts cost a month at a volume (nothing without a profile).
    fn starts_cost(&self, tokens_per_day: f64) -> Range {
        match &self.day {
            Some(d) => self.starts_at(tokens_per_day).times(d.start),
            None => Range::default(),
        }
    }

    /// Self-hosting's fixed costs less the API path's, paired so the cheap
    /// end of self-hosting meets the dearest API (and the reverse): the
    /// break-even formulas below hold with `O` read as this.
    fn net_fixed(&self) -> Range {
        Range::new(
            self.fixed.low - self.api_fixed.high,
            self.fixed.high - self.api_fixed.low,
        )
    }

    /// Self-host monthly cost at a volume.
    pub fn self_host_at(&self, tokens_per_day: f64) -> Range {
        self.replicas_at(tokens_per_day).times(self.per_replica)
            + self.starts_cost(tokens_per_day)
            + self.fixed
    }

    /// The exact break-even volume at both ends of the self-host range.
    pub fn break_even(&self) -> BreakEvenRange {
        if let Some(d) = &self.day {
            return self.scan_day(d).1;
        }
        BreakEvenRange {
            low: self.break_even_at(
                self.per_replica.low,
                self.net_fixed().low,
                self.step_capacity.cheap,
            ),
            high: self.break_even_at(
                self.per_replica.high,
                self.net_fixed().high,
                self.step_capacity.dear,
            ),
        }
    }

    /// The first volume at which self-hosting is no dearer, at both ends of
    /// the self-host range. It can come before the break-even: late in a
    /// replica step self-hosting may win, then lose again when the next
    /// replica is added.
    pub fn first_cheaper(&self) -> BreakEvenRange {
        if let Some(d) = &self.day {
            return self.scan_day(d).0;
        }
        BreakEvenRange {
            low: self.first_cheaper_at(
                self.per_replica.low,
                self.net_fixed().low,
                self.step_capacity.cheap,
            ),
            high: self.first_cheaper_at(
                self.per_replica.high,
                self.net_fixed().high,
                self.step_capacity.dear,
            ),
        }
    }

    /// Smallest `t` with `self_host(t) <= api(t)`. On step `n` the API
    /// reaches `S_n` by the step's end iff `S_n <= a·n·c`, i.e.
    /// `n(rP − ac) + rsP + O <= 0`; the first such `n` decides, at `S_n / a`.
    fn first_cheaper_at(&self, per_replica: f64, fixed: f64, c: f64) -> BreakEven {
        let a = self.api_per_token_day;
        let r = f64::from(self.regions);
        let s = f64::from(self.spares);
        let step_cost = |n: f64| r * (n + s).max(1.0) * per_replica + fixed;
        if step_cost(1.0) <= 0.0 {
            return BreakEven::At(0.0);
        }
        let gain = a * c - r * per_replica;
        if a <= 0.0 || gain <= 0.0 {
            return BreakEven::Never;
        }
        // Self-hosting still dearer at the end of step n (within noise).
        let ahead = |n: f64| {
            let level = 8.0 * f64::EPSILON * step_cost(n).max(a * n * c);
            n.mul_add(r * per_replica - a * c, r * s * per_replica + fixed) > level
        };
        let guess = ((r * s * per_replica + fixed) / gain).ceil();
        let n = if !ahead(1.0) {
            1.0
        } else if !guess.is_finite() || guess >= 4.0e15 {
            guess
        } else {
            last_behind(guess.max(1.0), ahead) + 1.0
        };
        let volume = (step_cost(n) / a).max((n - 1.0) * c);
        if volume.is_finite() && volume <= MAX_TOKENS_PER_DAY as f64 {
            BreakEven::At(volume)
        } else {
            BreakEven::Never
        }
    }

    /// Smallest volume from which `self_host(t) <= api(t)` for every larger `t`.
    ///
    /// On step `n` (volumes in `((n-1)c, nc]`) self-host costs
    /// `S_n = R(n+s)P + O`, a constant, and the API `a·t` catches up at `S_n / a`.
    /// Step `n` holds a volume where the API is still cheaper iff
    /// `S_n > a(n-1)c`, i.e. `n(ac - RP) < RsP + O + ac`. When `ac <= RP` that
    /// holds for every `n`: never. Otherwise the last such step is the largest
    /// `n` below `(RsP + O + ac) / (ac - RP)`, and the break-even is `S_n / a`.
    fn break_even_at(&self, per_replica: f64, fixed: f64, c: f64) -> BreakEven {
        let a = self.api_per_token_day;
        let r = f64::from(self.regions);
        let s = f64::from(self.spares);
        let step_cost = |n: f64| r * (n + s).max(1.0) * per_replica + fixed;
        let gain = a * c - r * per_replica;
        if step_cost(1.0) <= 0.0 {
            // No dearer from the start (free self-hosting, or the API path's
            // own fixed costs); for good only if the API grows at least as
            // fast as the replicas do.
            return if gain >= 0.0 {
                BreakEven::At(0.0)
            } else {
                BreakEven::Never
            };
        }
        if a <= 0.0 || gain <= EPS * (a * c).max(r * per_replica) {
            return BreakEven::Never;
        }
        // How far self-hosting is above the API at the start of step n:
        // n(rP − ac) + (rsP + O + ac), with one rounding for the product.
        // Its error is a few ulps of the costs involved; within that it
        // counts as level (the API has caught up).
        let lead = |n: f64| {
            let level = 8.0 * f64::EPSILON * step_cost(n).max(a * n * c);
            n.mul_add(r * per_replica - a * c, r * s * per_replica + fixed + a * c) > level
        };
        let guess = ((r * s * per_replica + fixed + a * c) / gain).ceil() - 1.0;
        // Past 2^52 steps ±1 no longer changes an f64; a valid plan's steps
        // are at least a token a day, so that is past any volume it holds.
        let n = if !guess.is_finite() || guess >= 4.0e15 {
            guess.max(1.0)
        } else {
            last_behind(guess.max(1.0), lead)
        };
        let volume = step_cost(n) / a;
        if volume.is_finite() && volume <= MAX_TOKENS_PER_DAY as f64 {
            BreakEven::At(volume)
        } else {
            BreakEven::Never
        }
    }
}

/// Pieces of a day's bill a scan looks at before it settles for the bound.
const MOST_PIECES: u32 = 200_000;

impl CostCurve {
    /// First-cheaper and break-even of a busy-hour bill that follows a
    /// profile, at both ends.
    fn scan_day(&self, d: &DayBill) -> (BreakEvenRange, BreakEvenRange) {
        let net = self.net_fixed();
        let c = self.step_capacity;
        let low = self.scan_end(
            d,
            (self.per_replica.low, net.low, d.start.low),
            c.cheap,
            &d.floor.cheap,
        );
        let high = self.scan_end(
            d,
            (self.per_replica.high, net.high, d.start.high),
            c.dear,
            &d.floor.dear,
        );
        (
            BreakEvenRange {
                low: low.0,
                high: high.0,
            },
            BreakEvenRange {
                low: low.1,
                high: high.1,
            },
        )
    }

    /// The day's cost is constant between the volumes where an hour needs
    /// one more replica (k × capacity ÷ the hour's share): on each such
    /// piece self-hosting is dearer just past its start iff its cost is
    /// above the API's there. Past the volume where even the most the
    /// steps can cost (every hour rounded up, every hour a start) falls
    /// under the API, it stays under: the pieces up to it decide both
    /// figures. A margin so thin that more than `MOST_PIECES` lie before
    /// that volume gives it as the break-even (from there on self-hosting
    /// is surely no dearer).
    fn scan_end(
        &self,
        d: &DayBill,
        (p, fixed, start): (f64, f64, f64),
        c: f64,
        floor: &[u64; day::HOURS],
    ) -> (BreakEven, BreakEven) {
        let a = self.api_per_token_day;
        let r = f64::from(self.regions);
        let s = f64::from(self.spares);
        if !(c > 0.0 && c.is_finite()) {
            return (BreakEven::Never, BreakEven::Never);
        }
        let cost = |v: f64| {
            let steps = d.steps(v, c, floor);
            let n = day::total(&steps) as f64;
            r * ((n + s).max(1.0) * p + day::starts(&steps) as f64 * start) + fixed
        };
        // Per token a day, what the steps cost far out.
        let slope = r * (p + start * day::rise(&d.shares)) / c;
        let grows = a > slope * (1.0 + EPS);
        // Each hour rounds up once and may start as many as its floor.
        let hours = day::HOURS as f64 + day::total(floor) as f64;
        let most = r * (p * (hours + s) + hours * start) + fixed.max(0.0);
        let bound = match grows {
            true => most / (a - slope),
            false => f64::INFINITY,
        };
        let limit = MAX_TOKENS_PER_DAY as f64;
        let at = |v: f64| match v.is_finite() && v <= limit {
            true => BreakEven::At(v.max(0.0)),
            false => BreakEven::Never,
        };
        // Each hour's next volume where it needs another replica.
        let mut k = [1.0f64; day::HOURS];
        let next = |h: usize, k: f64| match d.shares[h] > 0.0 {
            true => k * c / d.shares[h],
            false => f64::INFINITY,
        };
        let (mut from, mut first, mut behind) = (0.0f64, None, None);
        for _ in 0..MOST_PIECES {
            let to = (0..day::HOURS)
                .map(|h| next(h, k[h]))
                .fold(f64::INFINITY, f64::min);
            let g = cost(if to.is_finite() {
                (from + to) / 2.0
            } else {
                from + c
            });
            let level = 8.0 * f64::EPSILON * g.abs().max(a * from);
            if g - a * from > level {
                behind = Some((g, to));
            }
            if first.is_none() && g <= a * to + level {
                first = Some((g / a).max(from));
            }
            if !to.is_finite() || to > bound.min(limit) {
                let break_even = match (grows, behind) {
                    (false, _) => BreakEven::Never,
                    (true, None) => BreakEven::At(0.0),
                    (true, Some((g, to))) => at((g / a).min(to)),
                };
                return (first.map_or(BreakEven::Never, at), break_even);
            }
            for (h, k) in k.iter_mut().enumerate() {
                if next(h, *k) <= to {
                    *k += 1.0;
                }
            }
            from = to;
        }
        let break_even = match grows {
            true => at(bound),
            false => BreakEven::Never,
        };
        (first.map_or(BreakEven::Never, at), break_even)
    }
}

/// The last step `n >= 1` at whose start self-hosting still leads (the API
/// is behind), given a guess near it: the lead only shrinks as `n` grows, so
/// a bracket around the guess and a bisection find it whatever float noise
/// did to the guess.
fn last_behind(guess: f64, lead: impl Fn(f64) -> bool) -> f64 {
    if !lead(1.0) {
        return 1.0;
    }
    // Bracket it: the lead holds at `low` and not at `high`.
    let mut high = guess.max(1.0);
    let mut low;
    let mut step = 1.0;
    if lead(high) {
        loop {
            low = high;
            high = low + step;
            if !lead(high) || high >= 4.0e15 {
                break;
            }
            step *= 2.0;
        }
    } else {
        loop {
            let below = (high - step).max(1.0);
            if lead(below) {
                low = below;
                break;
            }
            high = below;
            step *= 2.0;
        }
    }
    while high - low > 1.0 {
        let mid = (low + (high - low) / 2.0).floor();
        if lead(mid) {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// `ceil(x)`, except that a value within float noise above an integer counts as
/// that integer: 30M tokens on 50M × 60 % of capacity is one replica, not
/// two; one token more is two.
/// Negative values count as 0; values past `u64::MAX` saturate.
pub(super) fn ceil_with_slack(x: f64) -> u64 {
    // `as` truncates natively; `f64::floor` is a libm call on baseline x86-64,
    // and this runs for every row on every keystroke.
    if x <= 0.0 {
        return 0;
    }
    let floor = x as u64;
    // Any volume at all needs a first step; above it, noise rounds down. The
    // noise of capacity × utilization ÷ peak is a few ulps; one token over
    // a step is at least 1e-15 of the volume (volumes are at most 1e15), so
    // a slack of 4 ulps keeps every boundary exact.
    if floor >= 1 && x - floor as f64 <= 4.0 * f64::EPSILON * x {
        floor
    } else {
        floor.saturating_add(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(a: f64, per_replica: Range, capacity: f64) -> CostCurve {
        CostCurve {
            api_per_token_day: a,
            per_replica,
            fixed: Range::default(),
            api_fixed: Range::default(),
            step_capacity: PerEnd::both(capacity),
            regions: 1,
            spares: 0,
            day: None,
        }
    }

    #[test]
    fn replicas_step_at_capacity_boundaries() {
        let c = curve(1e-6, Range::point(100.0), 50e6);
        assert_eq!(c.replicas_at(0.0).dear, 1);
        assert_eq!(c.replicas_at(50e6).dear, 1);
        assert_eq!(c.replicas_at(50e6 + 1.0).dear, 2);
        assert_eq!(c.replicas_at(100e6).dear, 2);
    }

    #[test]
    fn step_capacity_from_utilization_lands_on_the_boundary() {
        // 0.6 is not exact in binary; 30M on 50M × 0.6 is still one replica.
        let c = curve(1e-6, Range::point(100.0), 50e6 * 0.6);
        assert_eq!(c.replicas_at(30e6).dear, 1);
        assert_eq!(c.replicas_at(30e6 + 1.0).dear, 2);
        // One token over a replica's capacity needs a second replica.
        let c = curve(1e-6, Range::point(100.0), 1_314_000_000.0);
        assert_eq!(c.replicas_at(1_314_000_000.0).dear, 1);
        assert_eq!(c.replicas_at(1_314_000_001.0).dear, 2);
        let c = curve(1e-6, Range::point(100.0), 1e15 - 1.0);
        assert_eq!(c.replicas_at(1e15).dear, 2);
    }

    #[test]
    fn self_hosting_can_win_early_in_a_window_before_the_break_even() {
        // a = 10, c = 100, one replica 800: step n costs 800n, the API 1000
        // per 100 tokens. Step 1 is cheaper from 800 / 10 = 80 to its end at
        // 100; step 2 costs 1,600 against 1,000 at its start: dearer again.
        // Steps stay behind at their start while 800n > 1000(n − 1), n < 5:
        // the break-even is S_4 / a = 3,200 / 10 = 320.
        let c = curve(10.0, Range::point(800.0), 100.0);
        assert_eq!(c.first_cheaper().low, BreakEven::At(80.0));
        assert_eq!(c.break_even().low, BreakEven::At(320.0));
        assert!(c.self_host_at(90.0).low <= c.api_at(90.0));
        assert!(c.self_host_at(150.0).low > c.api_at(150.0));
        // With nothing to win per step there is no first either.
        let never = curve(1e-5, Range::point(800.0), 100.0);
        assert_eq!(never.first_cheaper().low, BreakEven::Never);
    }

    #[test]
    fn break_even_is_where_the_last_step_meets_the_line() {
        // a = 1e-5 $/month per token/day, capacity 100, replica 800:
        // a·c = 0.001 < 800 → never.
        assert_eq!(
            curve(1e-5, Range::point(800.0), 100.0).break_even().low,
            BreakEven::Never
        );
        // a = 10, c = 100, P = 800: a·c = 1000 > 800. Step n is behind iff
        // 800n > 1000(n-1) ⇔ n < 5. Last behind step 4: S_4 = 3,200 → 320/day.
        let be = curve(10.0, Range::point(800.0), 100.0).break_even();
        assert_eq!(be.low, BreakEven::At(320.0));
        let c = curve(10.0, Range::point(800.0), 100.0);
        for t in [320.0, 350.0, 400.0, 401.0, 1000.0, 1e6] {
            assert!(c.self_host_at(t).low <= c.api_at(t) + 1e-9, "t = {t}");
        }
        assert!(c.self_host_at(319.0).low > c.api_at(319.0));
    }
}
