//! Sizing by latency limits: a replica runs at the largest concurrency whose
//! TPOT meets its limit; requests arrive at a peak rate and wait for a free
//! request slot among all replicas' (M/M/c, `queue`), so the p99 TTFT is the
//! estimated TTFT plus the p99 wait; replicas rise until both limits hold.

use super::estimate::{Coefficients, Figures, Request, Setup, estimate, memory};
use super::queue::wait_quantile;

/// p99 limits a scenario states.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Time to first token, ms.
    pub ttft_p99_ms: f64,
    /// Time per output token, ms.
    pub tpot_p99_ms: f64,
}

/// What meeting the limits takes at one end of the estimate's band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sized {
    /// Requests one replica serves at once.
    pub concurrency: u32,
    /// Replicas for the arrival rate; 1 without one.
    pub replicas: u64,
    /// The p99 TTFT reached: the estimate plus the p99 wait, ms.
    pub ttft_p99_ms: f64,
    /// The p99 TPOT reached, ms.
    pub tpot_p99_ms: f64,
    /// The p99 wait for a request slot, ms.
    pub wait_p99_ms: f64,
    /// Input and output tokens a day one replica serves at that concurrency.
    pub tokens_per_day: f64,
}

/// Why the limits cannot be met on this hardware.
#[derive(Debug, Clone, PartialEq)]
pub enum Unmet {
    /// The weights alone do not fit.
    DoesNotFit,
    /// Even one request at a time is slower than the limit.
    TooSlow {
        /// TPOT of a single request, ms.
        tpot_ms: f64,
        /// TTFT of a single request, ms.
        ttft_ms: f64,
    },
    /// The rate needs more than a million replicas.
    TooMany,
}

impl std::fmt::Display for Unmet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unmet::DoesNotFit => f.write_str("the weights do not fit in the replica's memory"),
            Unmet::TooSlow { tpot_ms, ttft_ms } => write!(
                f,
                "even one request at a time takes {tpot_ms:.1} ms a token and {ttft_ms:.0} ms to its first"
            ),
            Unmet::TooMany => f.write_str("the rate needs more than a million replicas"),
        }
    }
}

/// The estimate's figures scaled to one end of its band.
fn scaled(f: &Figures, ttft: f64, tpot: f64) -> (f64, f64) {
    (f.ttft_ms * ttft, f.tpot_ms * tpot)
}

/// Meets `limits` with the estimate's TTFT and TPOT times `end` (1 for the
/// mid estimate, a band's ends for its range) for `rate` requests a second
/// at the peak (none: one replica at the most requests that meet them).
pub fn size(
    setup: &Setup,
    shape: (f64, f64),
    limits: Limits,
    rate: Option<f64>,
    coef: &Coefficients,
    end: (f64, f64),
) -> Result<Sized, Unmet> {
    let (isl, osl) = shape;
    let most = memory(setup, &Request::new(isl, osl, 1)).max_concurrency;
    if most == 0 {
        return Err(Unmet::DoesNotFit);
    }
    let at = |c: u32| {
        let f = estimate(setup, &Request::new(isl, osl, c), coef);
        let (ttft, tpot) = scaled(&f, end.0, end.1);
        (
            ttft,
            tpot,
            f.tokens_per_day * per_day_scale(&f, ttft, tpot, osl),
        )
    };
    // Both latencies grow with the requests a replica serves at once: the
    // most that meet both limits is found by bisection, and with a rate the
    // replicas are weighed at a spread of counts up to it (fewer requests a
    // replica wait less but serve less), so sizing stays a few dozen
    // estimates however large the memory.
    let meets = |c: u32| {
        let (ttft, tpot, _) = at(c);
        tpot <= limits.tpot_p99_ms && ttft <= limits.ttft_p99_ms
    };
    if !meets(1) {
        let f = estimate(setup, &Request::new(isl, osl, 1), coef);
        let (ttft_ms, tpot_ms) = scaled(&f, end.0, end.1);
        return Err(Unmet::TooSlow { tpot_ms, ttft_ms });
    }
    let (mut ok, mut bad) = (1, most + 1);
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        match meets(mid) {
            true => ok = mid,
            false => bad = mid,
        }
    }
    let mut best: Option<Sized> = None;
    for c in candidates(ok) {
        let (ttft, tpot, tokens_per_day) = at(c);
        let service_s = (ttft + (osl - 1.0) * tpot) / 1000.0;
        let Some((replicas, wait_s)) = replicas_for(rate, c, service_s, limits.ttft_p99_ms - ttft)
        else {
            continue;
        };
        let here = Sized {
            concurrency: c,
            replicas,
            ttft_p99_ms: ttft + wait_s * 1000.0,
            tpot_p99_ms: tpot,
            wait_p99_ms: wait_s * 1000.0,
            tokens_per_day,
        };
        // Fewest replicas; among those the most requests a replica (it
        // serves more of any growth).
        if best.is_none_or(|b| here.replicas <= b.replicas) {
            best = Some(here);
        }
    }
    best.ok_or(Unmet::TooMany)
}

/// Counts of requests at once to weigh, rising to `most`: every one up to
/// 16, then about 6 % apart.
fn candidates(most: u32) -> Vec<u32> {
    let mut out: Vec<u32> = (1..=most.min(16)).collect();
    let mut c = 16.0f64;
    while (c as u32) < most {
        c *= 1.06;
        out.push((c as u32).min(most));
    }
    out.dedup();
    out
}

/// The mid estimate's tokens a day rescaled to a band end's latencies.
fn per_day_scale(f: &Figures, ttft: f64, tpot: f64, osl: f64) -> f64 {
    let mid = f.ttft_ms + (osl - 1.0) * f.tpot_ms;
    mid / (ttft + (osl - 1.0) * tpot)
}

/// The fewest replicas of `slots` request slots each whose p99 wait stays
/// within `budget_ms`, and that wait in seconds; `None` when no count does
/// within a million replicas.
fn replicas_for(
    rate: Option<f64>,
    slots: u32,
    service_s: f64,
    budget_ms: f64,
) -> Option<(u64, f64)> {
    let Some(rate) = rate else {
        return Some((1, 0.0));
    };
    let wait = |r: u64| wait_quantile(r * u64::from(slots), rate, service_s, 0.99);
    let fits = |r: u64| wait(r) * 1000.0 <= budget_ms;
    // The least count that keeps up, then doubling and halving to the least
    // that meets the budget (the wait only falls as replicas are added).
    let mut low = ((rate * service_s / f64::from(slots)).floor() as u64).max(1);
    if fits(low) {
        return Some((low, wait(low)));
    }
    let mut high = low * 2;
    while !fits(high) {
        if high > 1_000_000 {
            return None;
        }
        (low, high) = (high, high * 2);
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        match fits(mid) {
            true => high = mid,
            false => low = mid,
        }
    }
    Some((high, wait(high)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::estimate::{
        Backend, FITTED, KvPrecision, Precision, TPOT_BAND, TTFT_BAND,
    };
    use crate::capacity::tables::tables;

    fn qwen_on_two_a100s() -> Setup<'static> {
        let t = tables();
        let (arch, gpu) = (
            &t.model("Qwen3-32B").unwrap().row,
            &t.gpu("A100 80GB SXM").unwrap().row,
        );
        Setup::tp(
            arch,
            gpu,
            2,
            Backend::Vllm,
            Precision::Bf16,
            KvPrecision::Bf16,
        )
    }

    /// The slow end of vLLM's band.
    fn slow() -> (f64, f64) {
        (TTFT_BAND[0].high, TPOT_BAND[0].high)
    }

    #[test]
    fn a_tighter_limit_never_lowers_the_replicas() {
        let s = qwen_on_two_a100s();
        let mut last = 0;
        for tpot in [200.0, 120.0, 90.0, 70.0, 60.0, 50.0] {
            let limits = Limits {
                ttft_p99_ms: 3000.0,
                tpot_p99_ms: tpot,
            };
            let Ok(sized) = size(&s, (1000.0, 200.0), limits, Some(20.0), &FITTED, slow()) else {
                break;
            };
            assert!(
                sized.replicas >= last,
                "{tpot}: {} < {last}",
                sized.replicas
            );
            assert!(sized.tpot_p99_ms <= tpot && sized.ttft_p99_ms <= 3000.0);
            last = sized.replicas;
        }
        assert!(last > 1);
    }

    #[test]
    fn limits_nothing_meets_are_said() {
        let s = qwen_on_two_a100s();
        let limits = Limits {
            ttft_p99_ms: 5000.0,
            tpot_p99_ms: 1.0,
        };
        let e = size(&s, (1000.0, 200.0), limits, None, &FITTED, slow()).unwrap_err();
        assert!(matches!(e, Unmet::TooSlow { .. }), "{e:?}");
        assert!(
            e.to_string()
                .starts_with("even one request at a time takes")
        );
    }

    #[test]
    fn without_a_rate_one_replica_runs_at_the_most_requests_the_limit_allows() {
        let s = qwen_on_two_a100s();
        let limits = Limits {
            ttft_p99_ms: 10_000.0,
            tpot_p99_ms: 80.0,
        };
        let sized = size(&s, (1000.0, 200.0), limits, None, &FITTED, slow()).unwrap();
        assert_eq!((sized.replicas, sized.wait_p99_ms), (1, 0.0));
        let next = estimate(
            &s,
            &Request::new(1000.0, 200.0, sized.concurrency + 1),
            &FITTED,
        );
        assert!(
            next.tpot_ms * TPOT_BAND[0].high > 80.0,
            "one more request breaks the limit"
        );
    }
}
