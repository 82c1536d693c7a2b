//! The hybrid: K self-hosted replicas serve the base load and the API takes
//! what they cannot. Traffic has a shape: a day's volume `V`, peak/average
//! `p` and `h` peak hours, so the peak runs at `p × V / 24` an hour for `h`
//! hours and the rest of the volume is spread over the other `24 − h`. K
//! replicas serve up to `K × capacity × utilization / 24` an hour; what
//! exceeds it in either period goes to the API. The best K is found
//! exactly: the API's share falls in straight lines between two kinks
//! (where K replicas cover the off-peak rate, and the peak rate), so the
//! cheapest K is 0, 1, or a whole number next to a kink. A scenario with
//! an hourly profile has 24 levels instead of two (each hour at its own
//! rate, and its overflow at that hour's API price), and a kink at each.

use super::curve::PerEnd;
use super::day::{HOURS, Shares};
use crate::base::money::Range;

/// The hybrid at its best K, at each end of the self-host range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hybrid {
    /// Replicas self-hosted, at the low and the high end.
    pub replicas: (u64, u64),
    /// What it costs a month, replicas and overflow together.
    pub monthly: Range,
    /// The replicas' part (with self-hosting's overheads when counted).
    pub self_host: Range,
    /// The API's part for the overflow (with its overheads when counted).
    pub api: Range,
    /// Tokens a day the replicas cannot serve, at the low and the high end.
    pub overflow_tokens_per_day: (f64, f64),
}

/// Which of the three costs least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cheapest {
    /// All API.
    Api,
    /// All self-hosted.
    SelfHost,
    /// Replicas for the base load, the API for the rest.
    Hybrid,
}

impl Cheapest {
    /// A stable machine-readable name (JSON, CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Cheapest::Api => "api",
            Cheapest::SelfHost => "self-host",
            Cheapest::Hybrid => "hybrid",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Cheapest::Api => "API",
            Cheapest::SelfHost => "self-host",
            Cheapest::Hybrid => "hybrid",
        }
    }
}

/// What the hybrid is made of, per month and per day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inputs {
    /// Tokens a day.
    pub volume: f64,
    /// Peak over average rate.
    pub peak_to_average: f64,
    /// Hours a day at the peak rate.
    pub peak_hours: f64,
    /// Tokens an hour one replica serves at the planned utilization, at
    /// each end of the costs.
    pub replica_per_hour: PerEnd<f64>,
    /// One replica a month, GPUs (and per-replica overheads when counted).
    pub per_replica: Range,
    /// Self-hosting's fixed overheads a month, paid with any replica at all.
    pub fixed: Range,
    /// API dollars a month per token a day.
    pub api_per_token_day: f64,
    /// The API path's overheads a month, paid with any overflow at all.
    pub api_fixed: Range,
    /// The day by the hour, when the scenario gives its profile: each
    /// hour's share of the tokens, and its API price over the day's mean
    /// (1 without an off-peak window). It stands for the two levels.
    pub profile: Option<(Shares, Shares)>,
}

/// A K at one end: (k, overflow a day, own cost, API cost).
type Pick = (u64, f64, f64, f64);

/// A part of the day at one rate: its hours, tokens an hour, and the
/// API's price then over the day's mean.
#[derive(Debug, Clone, Copy, Default)]
struct Level {
    hours: f64,
    rate: f64,
    price: f64,
}

impl Inputs {
    /// The day's levels: the peak and the rest of the day, or each hour
    /// of the profile.
    fn levels(&self) -> ([Level; HOURS], usize) {
        let mut out = [Level::default(); HOURS];
        let v = self.volume;
        if let Some((shares, prices)) = &self.profile {
            for h in 0..HOURS {
                out[h] = Level {
                    hours: 1.0,
                    rate: v * shares[h],
                    price: prices[h],
                };
            }
            return (out, HOURS);
        }
        let (p, h) = (self.peak_to_average, self.peak_hours);
        let peak = p * v / 24.0;
        let rest = if h < 24.0 {
            (v - peak * h).max(0.0) / (24.0 - h)
        } else {
            0.0
        };
        out[0] = Level {
            hours: h,
            rate: peak,
            price: 1.0,
        };
        out[1] = Level {
            hours: 24.0 - h,
            rate: rest,
            price: 1.0,
        };
        (out, 2)
    }

    /// Tokens a day `k` replicas leave to the API.
    #[cfg(test)]
    pub fn overflow(&self, k: u64) -> f64 {
        let (levels, n) = self.levels();
        self.overflow_at(k, &levels[..n], self.replica_per_hour.dear)
            .0
    }

    /// Tokens a day `k` replicas leave to the API, and the same weighed
    /// by each hour's price (what the API bills, in tokens at its mean price).
    fn overflow_at(&self, k: u64, levels: &[Level], per_hour: f64) -> (f64, f64) {
        let served = k as f64 * per_hour;
        let (mut left, mut billed) = (0.0, 0.0);
        for l in levels {
            let over = l.hours * (l.rate - served).max(0.0);
            left += over;
            billed += over * l.price;
        }
        // Float noise where K replicas just cover a rate is not traffic.
        if left <= 1e-9 * self.volume {
            (0.0, 0.0)
        } else {
            (left, billed)
        }
    }

    /// The month with `k` replicas leaving `billed` tokens a day (at the
    /// API's mean price), at one end.
    fn cost(
        &self,
        k: u64,
        billed: f64,
        per_replica: f64,
        fixed: f64,
        api_fixed: f64,
    ) -> (f64, f64) {
        let own = match k {
            0 => 0.0,
            _ => k as f64 * per_replica + fixed,
        };
        let api = match billed > 0.0 {
            true => billed * self.api_per_token_day + api_fixed,
            false => 0.0,
        };
        (own, api)
    }

    /// The K worth trying: 0, 1, and the whole numbers next to each kink
    /// (past u64 a count saturates; that many replicas never wins but free).
    fn candidates(levels: &[Level], per_hour: f64) -> impl Iterator<Item = u64> + '_ {
        let kinks = levels.iter().flat_map(move |l| {
            let kink = l.rate / per_hour;
            let ok = per_hour > 0.0 && kink.is_finite();
            let (lo, hi) = if ok {
                (kink.floor() as u64, kink.ceil() as u64)
            } else {
                (0, 0)
            };
            [lo, hi]
        });
        [0, 1].into_iter().chain(kinks)
    }

    /// The hybrid at its best K at each end: each candidate's overflow is
    /// worked out once, then priced at both ends. Where a replica serves
    /// more at the cheap end than at the dear end (an estimated capacity),
    /// each end is solved at its own capacity.
    pub fn solve(&self) -> Hybrid {
        let r = self.replica_per_hour;
        let (low, high) = match r.single() {
            Some(per_hour) => self.best(per_hour),
            None => (self.best(r.cheap).0, self.best(r.dear).1),
        };
        Hybrid {
            replicas: (low.0, high.0),
            monthly: Range::new(low.2 + low.3, high.2 + high.3),
            self_host: Range::new(low.2, high.2),
            api: Range::new(low.3, high.3),
            overflow_tokens_per_day: (low.1, high.1),
        }
    }

    /// The best K at the low and the high end, a replica serving
    /// `per_hour` tokens an hour.
    fn best(&self, per_hour: f64) -> (Pick, Pick) {
        let (levels, n) = self.levels();
        let levels = &levels[..n];
        let mut low = (0, 0.0, 0.0, f64::INFINITY);
        let mut high = low;
        for k in Self::candidates(levels, per_hour) {
            let (overflow, billed) = self.overflow_at(k, levels, per_hour);
            let (p, f, a) = (self.per_replica, self.fixed, self.api_fixed);
            let (own_l, api_l) = self.cost(k, billed, p.low, f.low, a.low);
            let (own_h, api_h) = self.cost(k, billed, p.high, f.high, a.high);
            // Cheaper, or as cheap with fewer replicas.
            let better = |best: &(u64, f64, f64, f64), total: f64| {
                total < best.2 + best.3 || (total == best.2 + best.3 && k < best.0)
            };
            if better(&low, own_l + api_l) {
                low = (k, overflow, own_l, api_l);
            }
            if better(&high, own_h + api_h) {
                high = (k, overflow, own_h, api_h);
            }
        }
        (low, high)
    }
}

/// The cheapest of the API, self-hosting and the hybrid (if evaluated), by
/// the middle of each range; a hybrid no cheaper than a pure option by a
/// cent is that option.
pub fn cheapest(api: Range, self_host: Range, hybrid: Option<&Hybrid>) -> Cheapest {
    let mid = |r: Range| (r.low + r.high) / 2.0;
    let pure = if mid(self_host) < mid(api) {
        (Cheapest::SelfHost, mid(self_host))
    } else {
        (Cheapest::Api, mid(api))
    };
    match hybrid {
        Some(h) if mid(h.monthly) < pure.1 - 0.005 => Cheapest::Hybrid,
        _ => pure.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(volume: f64, per_replica: f64) -> Inputs {
        Inputs {
            volume,
            peak_to_average: 3.0,
            peak_hours: 4.0,
            replica_per_hour: PerEnd::both(1_000_000.0),
            per_replica: Range::point(per_replica),
            fixed: Range::default(),
            api_per_token_day: 30.0 / 1e6,
            api_fixed: Range::default(),
            profile: None,
        }
    }

    #[test]
    fn overflow_follows_the_traffic_shape() {
        // 24M a day, peak ×3 for 4 h: 3M an hour at the peak (12M in 4 h),
        // the other 12M over 20 h: 0.6M an hour. One replica (1M an hour)
        // leaves 4 × 2M = 8M at the peak and nothing off-peak.
        let i = inputs(24e6, 1.0);
        assert_eq!(i.overflow(0), 24e6);
        assert_eq!(i.overflow(1), 8e6);
        assert_eq!(i.overflow(3), 0.0);
    }
}
