//! The hybrid: K self-hosted replicas serve the base load and the API takes
//! what they cannot. Traffic has a shape: a day's volume `V`, peak/average
//! `p` and `h` peak hours, so the peak runs at `p × V / 24` an hour for `h`
//! hours and the rest of the volume is spread over the other `24 − h`. K
//! replicas serve up to `K × capacity × utilization / 24` an hour; what
//! exceeds it in either period goes to the API. The best K is found
//! exactly: the API's share falls in straight lines between two kinks
//! (where K replicas cover the off-peak rate, and the peak rate), so the
//! cheapest K is 0, 1, or a whole number next to a kink.

use crate::money::Range;

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
    /// Tokens an hour one replica serves at the planned utilization.
    pub replica_per_hour: f64,
    /// One replica a month, GPUs (and per-replica overheads when counted).
    pub per_replica: Range,
    /// Self-hosting's fixed overheads a month, paid with any replica at all.
    pub fixed: Range,
    /// API dollars a month per token a day.
    pub api_per_token_day: f64,
    /// The API path's overheads a month, paid with any overflow at all.
    pub api_fixed: Range,
}

impl Inputs {
    /// The rates an hour: at the peak, and for the rest of the day.
    fn rates(&self) -> (f64, f64) {
        let (v, p, h) = (self.volume, self.peak_to_average, self.peak_hours);
        let peak = p * v / 24.0;
        let rest = if h < 24.0 {
            (v - peak * h).max(0.0) / (24.0 - h)
        } else {
            0.0
        };
        (peak, rest)
    }

    /// Tokens a day `k` replicas leave to the API.
    pub fn overflow(&self, k: u64) -> f64 {
        let (peak, rest) = self.rates();
        let served = k as f64 * self.replica_per_hour;
        let h = self.peak_hours;
        let left = h * (peak - served).max(0.0) + (24.0 - h) * (rest - served).max(0.0);
        // Float noise where K replicas just cover a rate is not traffic.
        if left <= 1e-9 * self.volume {
            0.0
        } else {
            left
        }
    }

    /// The month with `k` replicas at one end (`end` picks low or high).
    fn cost(&self, k: u64, end: fn(Range) -> f64) -> (f64, f64) {
        let own = match k {
            0 => 0.0,
            _ => k as f64 * end(self.per_replica) + end(self.fixed),
        };
        let overflow = self.overflow(k);
        let api = match overflow > 0.0 {
            true => overflow * self.api_per_token_day + end(self.api_fixed),
            false => 0.0,
        };
        (own, api)
    }

    /// The K worth trying: 0, 1, and the whole numbers next to each kink.
    fn candidates(&self) -> Vec<u64> {
        let mut out = vec![0, 1];
        if self.replica_per_hour > 0.0 {
            let (peak, rest) = self.rates();
            for kink in [rest / self.replica_per_hour, peak / self.replica_per_hour] {
                // Past u64 a count saturates; that many replicas is never cheapest but for free ones.
                if kink.is_finite() {
                    out.push(kink.floor() as u64);
                    out.push(kink.ceil() as u64);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The cheapest K at one end, and its costs.
    fn best(&self, end: fn(Range) -> f64) -> (u64, f64, f64) {
        self.candidates()
            .into_iter()
            .map(|k| {
                let (own, api) = self.cost(k, end);
                (k, own, api)
            })
            .min_by(|a, b| (a.1 + a.2).total_cmp(&(b.1 + b.2)).then(a.0.cmp(&b.0)))
            .unwrap_or((0, 0.0, 0.0))
    }

    /// The hybrid at its best K at each end.
    pub fn solve(&self) -> Hybrid {
        let (k_low, own_low, api_low) = self.best(|r| r.low);
        let (k_high, own_high, api_high) = self.best(|r| r.high);
        Hybrid {
            replicas: (k_low, k_high),
            monthly: Range::new(own_low + api_low, own_high + api_high),
            self_host: Range::new(own_low, own_high),
            api: Range::new(api_low, api_high),
            overflow_tokens_per_day: (self.overflow(k_low), self.overflow(k_high)),
        }
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
            replica_per_hour: 1_000_000.0,
            per_replica: Range::point(per_replica),
            fixed: Range::default(),
            api_per_token_day: 30.0 / 1e6,
            api_fixed: Range::default(),
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
